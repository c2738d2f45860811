"""The applicant's profile page (the sign-up, sign-in and password pages are allauth's views
with our templates and forms)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from erasmusdesk.accounts.forms import CertificateFormSet, ProfileForm
from erasmusdesk.accounts.models import ApplicantProfile
from erasmusdesk.accounts.services import (
    CERTIFICATE_FIELDS,
    get_profile,
    missing_profile_fields,
    save_profile,
)
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import add_domain_error


def _certificates(formset) -> list[dict]:
    """The certificates to keep: every row that is filled in or already saved, except those
    marked for removal."""
    kept = []
    for form in formset.forms:
        if form.cleaned_data.get("DELETE"):
            continue
        saved = form.instance.pk is not None
        if not saved and not form.has_changed():
            continue
        values = {name: form.cleaned_data.get(name) for name in CERTIFICATE_FIELDS}
        if saved:
            values["id"] = form.instance.pk
        kept.append(values)
    return kept


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own profile: view and change it, with up to three language
    certificates, on one page that works without JavaScript (PRG on success)."""
    instance = get_profile(request.user) or ApplicantProfile(user=request.user)
    status = 200
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=instance)
        formset = CertificateFormSet(request.POST, instance=instance, prefix="certificates")
        form_valid, formset_valid = form.is_valid(), formset.is_valid()
        if form_valid and formset_valid:
            fields = {name: form.cleaned_data.get(name) for name in form.Meta.fields}
            try:
                save_profile(request.user, fields, _certificates(formset), by=request.user)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("accounts:profile")
        # Unsaved edits must not leak into the page's "missing" list.
        instance = get_profile(request.user) or ApplicantProfile(user=request.user)
        status = 400
    else:
        form = ProfileForm(instance=instance)
        formset = CertificateFormSet(instance=instance, prefix="certificates")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "formset": formset,
            "missing": missing_profile_fields(request.user),
            "is_new": instance.pk is None,
        },
        status=status,
    )
