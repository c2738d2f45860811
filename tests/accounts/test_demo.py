"""The demo accounts: confirmed, signed in with the demo password, created once."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from erasmusdesk.accounts.demo import DEMO_PASSWORD, load_demo_accounts
from erasmusdesk.accounts.roles import Role, has_role
from erasmusdesk.accounts.services import missing_profile_fields


def test_demo_accounts_are_created_once(db):
    assert load_demo_accounts() == 6
    assert load_demo_accounts() == 0
    assert get_user_model().objects.filter(email__endswith="@demo.erasmusdesk.kz").count() == 6


def test_demo_accounts_have_confirmed_addresses_and_roles(db):
    load_demo_accounts()
    users = get_user_model().objects.filter(email__endswith="@demo.erasmusdesk.kz")

    for user in users:
        address = EmailAddress.objects.get(user=user)
        assert (address.email, address.verified, address.primary) == (user.email, True, True)
    by_email = {user.email: user for user in users}
    assert has_role(by_email["student@demo.erasmusdesk.kz"], Role.APPLICANT)
    for number in (1, 2, 3):
        assert has_role(by_email[f"evaluator{number}@demo.erasmusdesk.kz"], Role.EVALUATOR)
    assert has_role(by_email["partner@demo.erasmusdesk.kz"], Role.PARTNER_CONTACT)


def test_the_demo_student_has_a_complete_profile(db):
    load_demo_accounts()
    student = get_user_model().objects.get(email="student@demo.erasmusdesk.kz")

    profile = student.profile
    assert missing_profile_fields(student) == []
    assert (profile.category, profile.faculty, profile.year_of_study) == (
        "bachelor",
        "Faculty of Information Technology",
        3,
    )
    assert (str(profile.grade_average), profile.grade_scale) == ("3.45", "4.0")
    certificate = profile.certificates.get()
    assert (certificate.test, certificate.score) == ("ielts_academic", "6.5")


def test_the_demo_student_signs_in_with_the_demo_password(client, db):
    load_demo_accounts()

    response = client.post(
        "/en/account/login/",
        {"login": "student@demo.erasmusdesk.kz", "password": DEMO_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/en/applications/"
    assert response.context["user"].email == "student@demo.erasmusdesk.kz"


def test_the_office_account_of_the_demo_becomes_coordinator(demo):
    load_demo_accounts()

    office = get_user_model().objects.get(username="office")
    assert has_role(office, Role.COORDINATOR)


def test_the_office_account_signs_in_on_the_site_too(client, demo):
    load_demo_accounts()
    office = get_user_model().objects.get(username="office")

    response = client.post("/en/account/login/", {"login": office.email, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert response.wsgi_request.user == office
