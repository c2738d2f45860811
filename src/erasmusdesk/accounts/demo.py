"""Demo accounts for local use: a student with a complete profile, three evaluators and a
partner contact, all with confirmed e-mail addresses. Idempotent: running it again changes
nothing (an account that exists is left as it is)."""

from datetime import date
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction

from erasmusdesk.accounts.models import GradeScale, LanguageTest
from erasmusdesk.accounts.roles import Role, assign_role
from erasmusdesk.accounts.services import get_profile, save_profile

DEMO_PASSWORD = "erasmus-demo-2026"
DEMO_DOMAIN = "demo.erasmusdesk.kz"
# The staff account of core/demo.py: the office's coordinator.
OFFICE_USERNAME = "office"

STUDENT_EMAIL = f"student@{DEMO_DOMAIN}"
STUDENT_PROFILE = {
    "given_names": "Aigerim",
    "family_name": "Nurlanova",
    "date_of_birth": date(2004, 3, 12),
    "citizenship": "KZ",
    "category": "bachelor",
    "faculty": "Faculty of Information Technology",
    "programme": "Information Systems",
    "year_of_study": 3,
    "grade_average": Decimal("3.45"),
    "grade_scale": GradeScale.FOUR,
    "phone": "+7 701 000 00 00",
}
STUDENT_CERTIFICATES = [
    {
        "test": LanguageTest.IELTS_ACADEMIC,
        "other_name": "",
        "score": "6.5",
        "taken_on": date(2025, 5, 17),
        "cefr_level": "B2",
    }
]

ACCOUNTS = [
    (STUDENT_EMAIL, Role.APPLICANT, "Aigerim", "Nurlanova"),
    (f"evaluator1@{DEMO_DOMAIN}", Role.EVALUATOR, "Dana", "Evaluator"),
    (f"evaluator2@{DEMO_DOMAIN}", Role.EVALUATOR, "Marat", "Evaluator"),
    (f"evaluator3@{DEMO_DOMAIN}", Role.EVALUATOR, "Saule", "Evaluator"),
    (f"partner@{DEMO_DOMAIN}", Role.PARTNER_CONTACT, "Anna", "Partner"),
    (f"teacher@{DEMO_DOMAIN}", Role.APPLICANT, "Gulnar", "Teacher"),
]


def _account(email: str, role: Role, first_name: str, last_name: str):
    """The account of ``email``, created with a confirmed address and its role when missing;
    returns (user, created)."""
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    user = user_model.objects.create_user(
        email, email=email, password=DEMO_PASSWORD, first_name=first_name, last_name=last_name
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    assign_role(user, role)
    return user, True


@transaction.atomic
def load_demo_accounts() -> int:
    """Create the demo accounts that are missing (password DEMO_PASSWORD) and the student's
    complete profile; give the staff account of core/demo.py, when it exists, the coordinator
    role and a confirmed address. Returns how many accounts were created."""
    created = 0
    for email, role, first_name, last_name in ACCOUNTS:
        user, was_created = _account(email, role, first_name, last_name)
        created += was_created
        if email == STUDENT_EMAIL and get_profile(user) is None:
            save_profile(user, STUDENT_PROFILE, STUDENT_CERTIFICATES, by=user)
    office = get_user_model().objects.filter(username=OFFICE_USERNAME).first()
    if office is not None:
        if not office.groups.filter(name=Role.COORDINATOR).exists():
            assign_role(office, Role.COORDINATOR)
        # So that the office can also sign in on the site's own page with its address.
        if office.email and not EmailAddress.objects.filter(user=office).exists():
            EmailAddress.objects.create(
                user=office, email=office.email, verified=True, primary=True
            )
    return created
