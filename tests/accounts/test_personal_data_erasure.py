"""Erasing an applicant's personal data after the retention period of their calls: the rule,
what goes, what stays for statistics, the refusals, and the erase_expired command."""

import io
from datetime import date, timedelta

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import translation
from django.utils.formats import date_format

from erasmusdesk.accounts.erasure import (
    check_erasable,
    erase_personal_data,
    expired_applicants,
    retention_ends_on,
)
from erasmusdesk.accounts.models import ApplicantProfile, LanguageCertificate
from erasmusdesk.applications.models import Application, Document, Preference, StateChange
from erasmusdesk.catalogue.models import Enquiry
from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.grants.models import GrantAgreement, Payment
from tests.factories import applications as builders
from tests.factories import personal_data as pdb

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(db):
    """The current call (its retention runs for years) and one ten years old."""
    current = builders.call_with_places(year=clock.localdate().year)
    return {"current": current, "old": pdb.old_call(current)}


@pytest.fixture
def asel(people, calls):
    """Applicant A with everything, all of it about the old call."""
    user = people["owner"]
    held = pdb.full_applicant(user, calls["old"])
    return {"user": user, **held}


# The rule ------------------------------------------------------------------------------------


def test_retention_runs_24_months_after_the_academic_year_ends_by_default():
    assert retention_ends_on(2026, 24) == date(2029, 8, 31)


def test_retention_of_half_a_year_ends_on_the_last_day_of_february():
    assert retention_ends_on(2026, 6) == date(2028, 2, 29)
    assert retention_ends_on(2027, 6) == date(2029, 2, 28)


def test_a_new_call_keeps_data_24_months(calls):
    assert calls["current"].retention_months == 24


def test_data_is_kept_on_the_last_day_of_retention_and_erasable_the_day_after(people, calls):
    call = calls["old"]
    user = people["owner"]
    builders.application(user, call, state="submitted")
    last_day = retention_ends_on(call.academic_year, call.retention_months)

    with pytest.raises(DomainError):
        check_erasable(user, today=last_day)
    assert list(expired_applicants(today=last_day)) == []

    check_erasable(user, today=last_day + timedelta(days=1))
    assert list(expired_applicants(today=last_day + timedelta(days=1))) == [user]


def test_a_longer_retention_set_on_the_call_holds_the_data(people, calls):
    call = calls["old"]
    call.retention_months = 240
    call.save()
    builders.application(people["owner"], call, state="submitted")

    assert list(expired_applicants()) == []
    with pytest.raises(DomainError):
        check_erasable(people["owner"])


def test_one_application_to_a_call_within_retention_holds_everything(people, calls):
    user = people["owner"]
    builders.application(user, calls["old"], state="submitted")
    builders.application(user, calls["current"], state="draft")

    assert list(expired_applicants()) == []
    with pytest.raises(DomainError) as refusal:
        erase_personal_data(user, by=people["coordinator"])

    last_day = retention_ends_on(calls["current"].academic_year, 24)
    assert str(refusal.value.message) == (
        f"This applicant's personal data must be kept until {date_format(last_day)}: the "
        f"retention period of “{calls['current'].title}” runs until then."
    )
    assert Application.objects.filter(applicant=user, motivation="").count() == 0


def test_a_grant_agreement_of_a_call_within_retention_holds_the_data(asel, calls):
    GrantAgreement.objects.filter(pk=asel["agreement"].pk).update(call=calls["current"])

    assert list(expired_applicants()) == []


def test_refusal_is_in_the_language_of_the_request(people, calls):
    """The message comes from the catalogue of the active language, with the date written
    the Russian way."""
    builders.application(people["owner"], calls["current"], state="submitted")
    last_day = retention_ends_on(calls["current"].academic_year, 24)

    with translation.override("ru"):
        with pytest.raises(DomainError) as refusal:
            check_erasable(people["owner"])
        expected = translation.gettext(
            "This applicant's personal data must be kept until %(date)s: the retention "
            "period of “%(call)s” runs until then."
        ) % {"date": date_format(last_day), "call": calls["current"].title}

    assert str(refusal.value.message) == expected
    assert f"31 августа {last_day.year}" in expected


@pytest.mark.parametrize("role", ["coordinator", "evaluator", "partner_contact"])
def test_office_evaluator_and_partner_accounts_are_not_erased(people, calls, role):
    builders.application(people[role], calls["old"], state="submitted")

    assert list(expired_applicants()) == []
    with pytest.raises(DomainError) as refusal:
        erase_personal_data(people[role], by=None)
    assert "only applicants' personal data is erased here" in str(refusal.value.message)


def test_nobody_erases_their_own_account(people, calls):
    builders.application(people["owner"], calls["old"], state="submitted")

    with pytest.raises(DomainError) as refusal:
        erase_personal_data(people["owner"], by=people["owner"])

    assert str(refusal.value.message) == "You cannot erase your own account."


# What goes and what stays ------------------------------------------------------------------


def test_erasure_removes_every_personal_value(asel, people):
    user = asel["user"]
    application = asel["application"]
    stored = list(Document.objects.filter(application=application).values_list("file", flat=True))
    assert all(default_storage.exists(name) for name in stored)

    result = erase_personal_data(user, by=people["coordinator"])

    user.refresh_from_db()
    assert (result.applications, result.documents, result.grant_agreements) == (1, 5, 1)
    assert user.username.startswith("erased-")
    assert user.email == f"{user.username}@erased.invalid"
    assert (user.first_name, user.last_name, user.is_active) == ("", "", False)
    assert not user.has_usable_password()
    assert not user.groups.exists()
    assert not ApplicantProfile.objects.filter(user=user).exists()
    assert not LanguageCertificate.objects.exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Document.objects.filter(application=application).exists()
    assert [name for name in stored if default_storage.exists(name)] == []
    application.refresh_from_db()
    assert (application.motivation, application.office_note) == ("", "")
    assert set(
        StateChange.objects.filter(application=application).values_list("reason", flat=True)
    ) == {""}
    agreement = GrantAgreement.objects.get(pk=asel["agreement"].pk)
    assert agreement.participant_name == user.username
    assert (agreement.departure_city, agreement.departure_reason) == ("", "")
    assert list(Payment.objects.values_list("note", flat=True)) == [""]
    assert not Enquiry.objects.exists()
    assert not AccessLog.objects.exists()
    assert not AccessFailureLog.objects.exists()
    reviewed = AuditEntry.objects.get(action="erasmusdesk.document.reviewed")
    assert reviewed.data == {"document": reviewed.data["document"], "review": "rejected"}


def test_erasure_keeps_the_statistics(asel, people, calls):
    application = asel["application"]
    preferences = list(
        Preference.objects.filter(application=application).values_list("position", "place")
    )

    erase_personal_data(asel["user"], by=people["coordinator"])

    kept = Application.objects.get(pk=application.pk)
    assert (kept.reference, kept.call, kept.category, kept.state) == (
        application.reference,
        calls["old"],
        "bachelor",
        "submitted",
    )
    assert (kept.subject_area, kept.period, kept.round) == ("0311", "autumn", "normal")
    assert kept.submitted_at == application.submitted_at
    assert kept.created == application.created
    assert list(Preference.objects.filter(application=kept).values_list("position", "place")) == (
        preferences
    )
    assert list(
        StateChange.objects.filter(application=kept).values_list("from_state", "to_state")
    ) == [
        ("draft", "submitted"),
        ("submitted", "returned"),
    ]
    agreement = GrantAgreement.objects.get(pk=asel["agreement"].pk)
    assert (str(agreement.total), agreement.start, agreement.activity) == (
        "4610.00",
        asel["agreement"].start,
        "study",
    )
    assert str(Payment.objects.get().amount) == "3688.00"


def test_erasure_is_in_the_audit_log_and_leaves_the_others_alone(asel, people, calls):
    other = people["other_applicant"]
    theirs = builders.application(other, calls["old"], state="submitted")
    builders.applicant_profile(other)

    erase_personal_data(asel["user"], by=people["coordinator"])

    entry = AuditEntry.objects.get(action="erasmusdesk.personal_data.erased")
    assert (entry.actor, entry.object_id) == (people["coordinator"], str(asel["user"].pk))
    assert entry.data == {"applications": 1, "documents": 5, "grant_agreements": 1}
    other.refresh_from_db()
    assert (other.email, other.is_active) == ("applicant_b@example.org", True)
    assert ApplicantProfile.objects.filter(user=other).exists()
    assert Document.objects.filter(application=theirs).count() == 5
    assert Application.objects.get(pk=theirs.pk).motivation == "M" * 400


def test_an_erased_applicant_cannot_be_erased_again_nor_sign_in(asel, people, client):
    email = asel["user"].email
    erase_personal_data(asel["user"], by=people["coordinator"])

    with pytest.raises(DomainError) as refusal:
        erase_personal_data(asel["user"], by=people["coordinator"])

    assert str(refusal.value.message) == "This applicant's personal data is already erased."
    response = client.post(
        "/en/account/login/", {"login": email, "password": "a-long-test-password-42"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# The command -----------------------------------------------------------------------------------


def test_erase_expired_dry_run_lists_and_changes_nothing(asel, people, calls):
    builders.application(people["other_applicant"], calls["current"], state="submitted")
    out = io.StringIO()

    call_command("erase_expired", "--dry-run", stdout=out)

    assert f"would erase: account {asel['user'].pk} (applicant_a@example.org)" in out.getvalue()
    assert "Would erase the personal data of 1 applicant(s)." in out.getvalue()
    assert get_user_model().objects.get(pk=asel["user"].pk).email == "applicant_a@example.org"


def test_erase_expired_erases_every_expired_applicant_and_only_them(asel, people, calls):
    builders.application(people["other_applicant"], calls["current"], state="submitted")
    out = io.StringIO()

    call_command("erase_expired", stdout=out)

    assert "Erased the personal data of 1 applicant(s)." in out.getvalue()
    assert get_user_model().objects.get(pk=asel["user"].pk).email.endswith("@erased.invalid")
    assert get_user_model().objects.get(pk=people["other_applicant"].pk).email == (
        "applicant_b@example.org"
    )
    entry = AuditEntry.objects.get(action="erasmusdesk.personal_data.erased")
    assert entry.actor is None
    assert list(expired_applicants()) == []
