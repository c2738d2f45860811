"""Profiles edited in the back office go through the profile service: its validation and
the same audit entry as the applicant's own page."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from erasmusdesk.accounts.models import ApplicantProfile
from erasmusdesk.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _profile_form(user, **overrides) -> dict:
    data = {
        "user": str(user.pk),
        "given_names": "Aruzhan",
        "family_name": "Sadykova",
        "date_of_birth": "2004-03-12",
        "citizenship": "KZ",
        "category": "bachelor",
        "faculty": "Economics",
        "programme": "Finance",
        "year_of_study": "3",
        "grade_average": "3.50",
        "grade_scale": "4.0",
        "phone": "",
        "certificates-TOTAL_FORMS": "1",
        "certificates-INITIAL_FORMS": "0",
        "certificates-MIN_NUM_FORMS": "0",
        "certificates-MAX_NUM_FORMS": "3",
        "certificates-0-test": "ielts_academic",
        "certificates-0-other_name": "",
        "certificates-0-score": "6.5",
        "certificates-0-taken_on": "2026-05-01",
        "certificates-0-cefr_level": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def admin_client(client):
    root = get_user_model().objects.create_superuser(
        "root", email="root@example.org", password="a-long-test-password-42"
    )
    client.force_login(root)
    client.root = root
    return client


def test_a_profile_added_and_changed_in_the_back_office_is_audited_like_the_applicants_own(
    admin_client, people
):
    owner = people["owner"]
    response = admin_client.post("/en/admin/accounts/applicantprofile/add/", _profile_form(owner))
    assert response.status_code == 302
    profile = ApplicantProfile.objects.get(user=owner)
    assert profile.certificates.get().score == "6.5"
    created = AuditEntry.objects.get(action="erasmusdesk.profile.created")
    assert (created.object_id, created.actor) == (str(profile.pk), admin_client.root)
    assert created.data["certificates"] == 1

    certificate = profile.certificates.get()
    response = admin_client.post(
        f"/en/admin/accounts/applicantprofile/{profile.pk}/change/",
        _profile_form(
            owner,
            faculty="Law",
            **{
                "certificates-INITIAL_FORMS": "1",
                "certificates-0-id": str(certificate.pk),
                "certificates-0-profile": str(profile.pk),
            },
        ),
    )
    assert response.status_code == 302
    changed = AuditEntry.objects.get(action="erasmusdesk.profile.changed")
    assert changed.data["fields"] == ["faculty"]
    profile.refresh_from_db()
    assert profile.faculty == "Law"
    assert profile.date_of_birth == date(2004, 3, 12)


def test_a_profile_edit_in_the_users_page_goes_through_the_service(admin_client, people):
    owner = people["owner"]
    ApplicantProfile.objects.create(user=owner, given_names="Old", family_name="Name")
    page = admin_client.get(f"/en/admin/accounts/user/{owner.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("password", "groups", "user_permissions")
    }
    data.update(
        {
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-12-01",
            "date_joined_1": "10:00:00",
            "profile-TOTAL_FORMS": "1",
            "profile-INITIAL_FORMS": "1",
            "profile-MIN_NUM_FORMS": "0",
            "profile-MAX_NUM_FORMS": "1",
            "profile-0-user": str(owner.pk),
            "profile-0-id": str(owner.profile.pk),
            "profile-0-given_names": "New",
            "profile-0-family_name": "Name",
        }
    )
    response = admin_client.post(f"/en/admin/accounts/user/{owner.pk}/change/", data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="erasmusdesk.profile.changed")
    assert entry.data["fields"] == ["given_names"]
    assert ApplicantProfile.objects.get(user=owner).given_names == "New"
