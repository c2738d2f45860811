"""The learning agreement's pages: the participant drafts, signs and proposes changes; the
receiving institution's contact and the sending office each approve or comment. Thin: they
read, call a service (``learning``) and redirect (PRG)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from erasmusdesk.core.access import office_required
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import add_domain_error
from erasmusdesk.mobility import learning
from erasmusdesk.mobility.access import (
    CHANGE_PERMISSION,
    RELATED,
    VIEW_PERMISSION,
    HostPages,
    host_contact_of,
    host_mobility,
    linked_mobility,
    own_mobility,
)
from erasmusdesk.mobility.credits import diff, totals
from erasmusdesk.mobility.forms import (
    ComponentForm,
    CourseForm,
    DeleteComponentForm,
    DetailsForm,
    SignForm,
)
from erasmusdesk.mobility.models import (
    Component,
    LearningAgreementStatus,
    Mobility,
    MobilityRules,
    SignerParty,
    Table,
)
from erasmusdesk.mobility.states import MobilityState


def context(mobility: Mobility, agreement=None) -> dict:
    """What every learning agreement page shows: the version's tables with their totals
    and flags, its signatures, every version, and what it changes in the approved one."""
    agreement = agreement or learning.current(mobility)
    rules = MobilityRules.current()
    data = {"mobility": mobility, "agreement": agreement, "rules": rules, "tables": []}
    if agreement is None:
        return data
    components = list(agreement.components.all())
    found = totals(components, per_term=rules.ects_per_term, tolerance=rules.ects_tolerance)
    data["tables"] = [
        (value, label, [c for c in components if c.table == value], found.by_table.get(value, 0))
        for value, label in Table.choices
    ]
    data["totals"] = found
    data["signatures"] = list(agreement.signatures.all())
    data["digest"] = learning.content_digest(agreement)
    data["versions"] = list(mobility.learning_agreements.order_by("number"))
    base = (
        mobility.learning_agreements.filter(
            number__lt=agreement.number,
            status__in=[LearningAgreementStatus.APPROVED, LearningAgreementStatus.SUPERSEDED],
        )
        .order_by("-number")
        .first()
    )
    if base is not None:
        data["base"] = base
        data["changes"] = diff(list(base.components.all()), components)
    return data


# The participant ----------------------------------------------------------------------------


def _participant_page(
    request, mobility, *, form=None, details_form=None, course_form=None, status=200
):
    data = context(mobility)
    agreement = data["agreement"]
    editable = agreement is not None and agreement.status == LearningAgreementStatus.DRAFT
    with_details = mobility.activity_type != "student-studies"
    if editable and with_details and details_form is None:
        details_form = DetailsForm(
            instance=agreement,
            staff=mobility.is_staff_mobility,
            teaching=mobility.activity_type == "staff-teaching",
        )
    data["details_form"] = details_form if editable and with_details else None
    data.update(
        {
            "editable": editable,
            "form": form or (ComponentForm(change=agreement.is_change) if editable else None),
            "delete_form": DeleteComponentForm() if editable and agreement.is_change else None,
            "course_form": _course_form(mobility, agreement, course_form) if editable else None,
            "can_start": agreement is None and mobility.state == MobilityState.ACCEPTED,
            "can_change": agreement is not None
            and agreement.status == LearningAgreementStatus.APPROVED
            and mobility.state in learning.CHANGING,
            "can_withdraw": agreement is not None
            and agreement.is_change
            and agreement.status
            in (LearningAgreementStatus.DRAFT, LearningAgreementStatus.PROPOSED),
        }
    )
    return render(request, "mobility/learning_agreement.html", data, status=status)


@login_required
def participant(request: HttpRequest, omobility_id) -> HttpResponse:
    return _participant_page(request, own_mobility(request.user, omobility_id))


def _back(mobility):
    return redirect("mobility:la", omobility_id=mobility.omobility_id)


def _act(request, mobility, action, success):
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return _back(mobility)


def _pdf(mobility) -> HttpResponse:
    from django.utils import translation

    from erasmusdesk.mobility.agreement_pdf import learning_agreement_pdf

    agreement = learning.current(mobility)
    if agreement is None:
        raise Http404
    response = HttpResponse(
        learning_agreement_pdf(agreement, translation.get_language()),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="learning-agreement-{mobility.omobility_id}-v{agreement.number}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def participant_pdf(request: HttpRequest, omobility_id) -> HttpResponse:
    return _pdf(own_mobility(request.user, omobility_id))


@login_required
def host_pdf(request: HttpRequest, omobility_id) -> HttpResponse:
    return _pdf(host_mobility(request.user, omobility_id))


@office_required(VIEW_PERMISSION)
def office_pdf(request: HttpRequest, omobility_id) -> HttpResponse:
    return _pdf(get_object_or_404(Mobility, omobility_id=omobility_id))


@login_required
@require_POST
def start(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = own_mobility(request.user, omobility_id)
    return _act(
        request,
        mobility,
        lambda: learning.start_learning_agreement(mobility, by=request.user),
        _("Your learning agreement is started: add its components."),
    )


@login_required
@require_POST
def add(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = own_mobility(request.user, omobility_id)
    agreement = learning.current(mobility)
    form = ComponentForm(request.POST, change=bool(agreement and agreement.is_change))
    if agreement is not None and form.is_valid():
        try:
            learning.add_component(agreement, **form.cleaned_data, by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The component is added."))
            return _back(mobility)
    return _participant_page(request, mobility, form=form, status=400)


def _course_form(mobility, agreement, form=None):
    """The host's course list to pick from, where the office has one for the institution."""
    if form is not None:
        return form
    courses = learning.course_list(mobility)
    return CourseForm(courses=courses, change=agreement.is_change) if courses.exists() else None


@login_required
@require_POST
def add_course(request: HttpRequest, omobility_id) -> HttpResponse:
    """The participant adds a course of the host's course list to table A."""
    mobility = own_mobility(request.user, omobility_id)
    agreement = learning.current(mobility)
    if agreement is None:  # nothing to add to yet (a POST without a started agreement)
        raise Http404
    form = CourseForm(
        request.POST, courses=learning.course_list(mobility), change=agreement.is_change
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            learning.add_course(
                agreement,
                course=data["course"],
                term_id=data["term_id"],
                reason_code=data.get("reason_code", ""),
                reason_text=data.get("reason_text", ""),
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The course is added to table A."))
            return _back(mobility)
    return _participant_page(request, mobility, course_form=form, status=400)


@login_required
@require_POST
def details(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = own_mobility(request.user, omobility_id)
    agreement = learning.current(mobility)
    form = DetailsForm(
        request.POST,
        staff=mobility.is_staff_mobility,
        teaching=mobility.activity_type == "staff-teaching",
    )
    if agreement is not None and form.is_valid():
        try:
            learning.save_details(agreement, form.cleaned_data, by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The details are saved."))
            return _back(mobility)
    return _participant_page(request, mobility, details_form=form, status=400)


@login_required
@require_POST
def remove(request: HttpRequest, omobility_id, component_id: int) -> HttpResponse:
    mobility = own_mobility(request.user, omobility_id)
    component = get_object_or_404(Component, pk=component_id, learning_agreement__mobility=mobility)
    form = DeleteComponentForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    return _act(
        request,
        mobility,
        lambda: learning.remove_component(
            component,
            reason_code=data.get("reason_code", ""),
            reason_text=data.get("reason_text", ""),
            by=request.user,
        ),
        _("The component is taken out."),
    )


@login_required
@require_POST
def submit(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = own_mobility(request.user, omobility_id)
    agreement = learning.current(mobility)
    if agreement is None:  # nothing to act on yet (a POST without a started agreement)
        raise Http404
    return _act(
        request,
        mobility,
        lambda: learning.submit(agreement, by=request.user, digest=request.POST.get("digest", "")),
        _("You signed the learning agreement; the two institutions approve it next."),
    )


@login_required
@require_POST
def propose(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = own_mobility(request.user, omobility_id)
    return _act(
        request,
        mobility,
        lambda: learning.propose_change(mobility, by=request.user),
        _("A change proposal is open: insert or delete components, then sign it."),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = own_mobility(request.user, omobility_id)
    agreement = learning.current(mobility)
    if agreement is None:  # nothing to act on yet (a POST without a started agreement)
        raise Http404
    return _act(
        request,
        mobility,
        lambda: learning.withdraw_proposal(agreement, by=request.user),
        _("The change proposal is withdrawn; the approved version stays."),
    )


# The institutions ---------------------------------------------------------------------------


def _sign_page(request, mobility, party, *, form, action, back, pdf_url, status=200):
    data = context(mobility)
    agreement = data["agreement"]
    waiting = agreement is not None and agreement.status == LearningAgreementStatus.PROPOSED
    signed = waiting and agreement.signatures.filter(party=party, sha256=data["digest"]).exists()
    data.update(
        {
            "sign_form": form if waiting and not signed else None,
            "party": party,
            "action": action,
            "back": back,
            "pdf_url": pdf_url,
        }
    )
    if data["sign_form"] is not None and not data["sign_form"].is_bound:
        data["sign_form"].initial["digest"] = data["digest"]
    return render(request, "mobility/learning_agreement_sign.html", data, status=status)


def _sign_form(data=None, *, initial, fixed_email: bool) -> SignForm:
    form = SignForm(data, initial=initial)
    if fixed_email:
        # The link was sent to this address: the signature carries it, whatever is posted.
        form.fields["signer_email"].disabled = True
    return form


def _sign(request, mobility, party, *, by, initial, action, back, pdf_url, fixed_email=False):
    agreement = learning.current(mobility)
    pages = {"action": action, "back": back, "pdf_url": pdf_url}
    if request.method == "POST":
        form = _sign_form(request.POST, initial=initial, fixed_email=fixed_email)
        if agreement is not None and form.is_valid():
            data = form.cleaned_data
            try:
                learning.sign(
                    agreement,
                    party=party,
                    approve=data["decision"] == "approve",
                    comment=data["comment"],
                    signer_name=data["signer_name"],
                    signer_position=data["signer_position"],
                    signer_email=data["signer_email"],
                    by=by,
                    digest=data["digest"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Your decision on the learning agreement is recorded."))
                return redirect(action)
        return _sign_page(request, mobility, party, form=form, status=400, **pages)
    form = _sign_form(initial=initial, fixed_email=fixed_email)
    return _sign_page(request, mobility, party, form=form, **pages)


@login_required
@require_http_methods(["GET", "POST"])
def host_sign(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = host_mobility(request.user, omobility_id)
    contact = host_contact_of(request.user)
    user = request.user
    pages = HostPages.of(mobility)
    return _sign(
        request,
        mobility,
        SignerParty.RECEIVING,
        by=user,
        initial={
            "signer_name": user.get_full_name() or user.get_username(),
            "signer_position": contact.position,
            "signer_email": user.email,
        },
        action=pages.learning_agreement,
        back=pages.detail,
        pdf_url=pages.learning_agreement_pdf,
    )


@require_http_methods(["GET", "POST"])
def link_sign(request: HttpRequest, token: str) -> HttpResponse:
    """The receiving institution's signature through the signed link: the contact on file
    it was sent to signs with that e-mail, and the name and position they give."""
    mobility, email = linked_mobility(token)
    pages = HostPages.of(mobility, token)
    on_file = mobility.receiving_hei.contacts.filter(email__iexact=email).first()
    return _sign(
        request,
        mobility,
        SignerParty.RECEIVING,
        by=None,
        initial={
            "signer_name": on_file.name if on_file else "",
            "signer_position": on_file.role if on_file else "",
            "signer_email": email,
        },
        action=pages.learning_agreement,
        back=pages.detail,
        pdf_url=pages.learning_agreement_pdf,
        fixed_email=True,
    )


def link_pdf(request: HttpRequest, token: str) -> HttpResponse:
    mobility, _email = linked_mobility(token)
    return _pdf(mobility)


@office_required(CHANGE_PERMISSION)
@require_http_methods(["GET", "POST"])
def office_sign(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = get_object_or_404(
        Mobility.objects.select_related(*RELATED), omobility_id=omobility_id
    )
    user = request.user
    return _sign(
        request,
        mobility,
        SignerParty.SENDING,
        by=user,
        initial={
            "signer_name": user.get_full_name() or user.get_username(),
            "signer_position": _("Erasmus+ coordinator"),
            "signer_email": user.email,
        },
        action=reverse("mobility_office:la", args=[mobility.omobility_id]),
        back=reverse("mobility_office:detail", args=[mobility.omobility_id]),
        pdf_url=reverse("mobility_office:la_pdf", args=[mobility.omobility_id]),
    )
