"""Public pages: home, the opportunity list and detail, and the contact page."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from erasmusdesk.calls.services import current_call
from erasmusdesk.catalogue.charts import bar_chart
from erasmusdesk.catalogue.facts import euros, summary_facts
from erasmusdesk.catalogue.forms import EnquiryForm
from erasmusdesk.catalogue.models import Opportunity
from erasmusdesk.catalogue.services import catalogue_version, home_office, receive_enquiry
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.pagecache import cached_page


def _cards():
    """Top-level published opportunities with their published children, in two queries."""
    children = (
        Opportunity.objects.published()
        .order_by("position", "slug")
        .prefetch_related("call_year_figures")
    )
    return (
        Opportunity.objects.published()
        .top_level()
        .prefetch_related(
            "call_year_figures",
            Prefetch("children", queryset=children, to_attr="published_children"),
        )
    )


@cached_page(catalogue_version)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogue/home.html", {"opportunities": _cards()})


@cached_page(catalogue_version)
def opportunity_list(request: HttpRequest) -> HttpResponse:
    cards = [(opp, summary_facts(opp)) for opp in _cards()]
    return render(request, "catalogue/opportunity_list.html", {"cards": cards})


def opportunity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    opportunity = get_object_or_404(
        Opportunity.objects.published().select_related("parent"), slug=slug
    )
    children = list(opportunity.children.published().prefetch_related("call_year_figures"))
    chart = None
    if len([child for child in children if child.max_grant_eur]) > 1:
        chart = bar_chart(
            [(child.title, child.max_grant_eur) for child in children if child.max_grant_eur],
            value_text=euros,
        )
    return render(
        request,
        "catalogue/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "facts": summary_facts(opportunity),
            "sections": _sections(opportunity),
            "children": [(child, summary_facts(child)) for child in children],
            "chart": chart,
            "office": home_office(),
            "form": EnquiryForm(initial={"opportunity": opportunity.pk}),
            "call": current_call(opportunity),
        },
    )


def _sections(opportunity: Opportunity) -> list[tuple[str, str, str]]:
    """(anchor, heading, text) of the sections that have text, in the page's order."""
    headings = {
        "what_it_is": _("What it is"),
        "duration": _("Duration"),
        "financial_support": _("Financial support"),
        "academic_result": _("Academic result"),
        "who_can_apply": _("Who can apply"),
        "how_to_apply": _("How to apply"),
        "documents": _("Documents"),
    }
    return [
        (name.replace("_", "-"), headings[name], getattr(opportunity, name))
        for name in Opportunity.SECTIONS
        if getattr(opportunity, name).strip()
    ]


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    """The international office's contact block and the enquiry form (PRG on success)."""
    if request.method == "POST":
        form = EnquiryForm(request.POST)
        if form.is_valid():
            try:
                receive_enquiry(
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    message=form.cleaned_data["message"],
                    opportunity=form.cleaned_data["opportunity"],
                    language=get_language(),
                    ip_address=request.META.get("REMOTE_ADDR") or "0.0.0.0",
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("Thank you. Your question has reached the international office.")
                )
                return redirect("catalogue:contact")
        status = 400
    else:
        form = EnquiryForm(initial={"opportunity": request.GET.get("about")})
        status = 200
    return render(
        request, "catalogue/contact.html", {"form": form, "office": home_office()}, status=status
    )
