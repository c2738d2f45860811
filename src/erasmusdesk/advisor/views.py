"""The public page "which opportunity fits me"."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from erasmusdesk.advisor.forms import AdvisorForm
from erasmusdesk.advisor.services import advise


@require_GET
def advisor(request: HttpRequest) -> HttpResponse:
    """The questions and, once answered, every opportunity marked fitting or not."""
    form = AdvisorForm(request.GET or None)
    advice = advise(form.visitor()) if form.is_bound and form.is_valid() else None
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "advisor/advisor.html", {"form": form, "advice": advice}, status=status)
