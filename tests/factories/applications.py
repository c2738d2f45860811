"""Builders of applications for tests: a call with places and document rules, and
applications in any state with stored documents (no randomness except the files' bytes)."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from erasmusdesk.applications.models import (
    Application,
    Document,
    Preference,
    Round,
    StateChange,
)
from erasmusdesk.calls.models import DocumentType, RequiredDocument
from erasmusdesk.core import clock
from tests import factories

# document code -> (count, allowed types)
RULES = {
    "application_form": (1, "pdf"),
    "transcript": (1, "pdf"),
    "recommendation_letter": (2, "pdf"),
    "passport_copy": (1, "pdf,jpg,png"),
}
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def call_with_places(slug: str = "icm-test-2026", **fields):
    """An open call (1 Oct 2026 - 15 Jan 2027, late round to 1 May 2027) offering two
    partners' student places in ISCED 0311 (economics) and the documents of RULES for every
    category."""
    first = factories.agreement(
        factories.partner("Uniwersytet Testowy", erasmus_code="PL WARSZAW01")
    )
    second = factories.agreement(
        factories.partner(
            "Universidade de Teste", country="PT", city="Lisbon", erasmus_code="P LISBOA01"
        )
    )
    call = factories.call(slug=slug, agreements=[first, second], **fields)
    for category in call.category_list:
        for code, (count, types) in RULES.items():
            RequiredDocument.objects.create(
                call=call,
                category=category,
                document_type=DocumentType.objects.get(code=code),
                count=count,
                allowed_types=types,
                max_size_mb=5,
            )
    return call


def places(call):
    from erasmusdesk.calls.services import call_places

    return call_places(call)


def add_document(
    application, code: str, slot: int = 1, data: bytes = MINIMAL_PDF, name: str | None = None
) -> Document:
    stored = default_storage.save(
        f"applications/test/{application.pk}-{code}-{slot}.pdf", ContentFile(data)
    )
    return Document.objects.create(
        application=application,
        document_type=DocumentType.objects.get(code=code),
        slot=slot,
        file=stored,
        display_name=name or f"{code}-{slot}.pdf",
        kind="pdf",
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=application.applicant,
    )


def application(
    user,
    call,
    *,
    state: str = "draft",
    category: str = "bachelor",
    documents: bool = True,
    **fields,
) -> Application:
    """An application of ``user`` to ``call`` with its form filled, the first two places
    chosen and (with ``documents``) every required file, put directly in ``state`` (with a
    state-change row) — for the office's pages and access tests, not for the applicant's
    rules, which the service tests go through."""
    values = {
        "subject_area": "0311",
        "period": "autumn",
        "motivation": "M" * 400,
    }
    values.update(fields)
    item = Application.objects.create(applicant=user, call=call, category=category, **values)
    item.reference = f"A{call.academic_year % 100:02d}-{item.pk:05d}"
    item.save(update_fields=["reference"])
    for position, place in enumerate(places(call)[:2], start=1):
        Preference.objects.create(application=item, position=position, place=place)
    if documents:
        for code, (count, _types) in RULES.items():
            for slot in range(1, count + 1):
                add_document(item, code, slot)
    if state != "draft":
        now = clock.now()
        item.state = state
        item.round = Round.NORMAL
        item.submitted_at = now
        item.save()
        StateChange.objects.create(application=item, from_state="draft", to_state=state, at=now)
    return item


def complete_profile(user, category: str = "bachelor"):
    """A profile complete enough to apply (a bachelor student in year 3 by default)."""
    from datetime import date
    from decimal import Decimal

    from erasmusdesk.accounts.models import ApplicantProfile

    return ApplicantProfile.objects.update_or_create(
        user=user,
        defaults={
            "given_names": "Aigerim",
            "family_name": "Nurlanova",
            "date_of_birth": date(2004, 5, 17),
            "citizenship": "KZ",
            "category": category,
            "faculty": "Faculty of Economics",
            "programme": "Economics",
            "year_of_study": 3,
            "grade_average": Decimal("3.45"),
            "grade_scale": "4.0",
        },
    )[0]


# The office's pages (tests/applications/test_office_*.py, test_exports.py) ---------------


def applicant_profile(user, **fields):
    """A complete student profile of ``user`` (Latin names as in a passport)."""
    from datetime import date
    from decimal import Decimal

    from erasmusdesk.accounts.models import ApplicantProfile

    values = {
        "given_names": "Asel",
        "family_name": "Kurmangazykyzy",
        "date_of_birth": date(2004, 5, 17),
        "citizenship": "KZ",
        "category": "bachelor",
        "faculty": "Faculty of Economics",
        "programme": "Economics (BSc)",
        "year_of_study": 2,
        "grade_average": Decimal("3.67"),
        "grade_scale": "4.0",
    }
    values.update(fields)
    return ApplicantProfile.objects.create(user=user, **values)


def office_permissions() -> None:
    """Give the coordinators' group every permission of the applications app (as
    accounts.roles.sync_role_permissions does after migrate)."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name="coordinators")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="applications"))


def office_viewer(username: str = "office_viewer"):
    """A staff account that may view applications but not change them."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password="a-long-test-password-42", is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="applications", codename="view_application")
    )
    return user


def add_image(application, code: str = "passport_copy", slot: int = 1, name: str = "passport.png"):
    """A small real PNG stored as the document ``code`` (replacing the one in that slot)."""
    import io

    from PIL import Image

    Document.objects.filter(application=application, document_type__code=code, slot=slot).delete()
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 51, 153)).save(buffer, "PNG")
    data = buffer.getvalue()
    stored = default_storage.save(
        f"applications/test/{application.pk}-{code}-{slot}.png", ContentFile(data)
    )
    return Document.objects.create(
        application=application,
        document_type=DocumentType.objects.get(code=code),
        slot=slot,
        file=stored,
        display_name=name,
        kind="png",
        content_type="image/png",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=application.applicant,
    )


def another_call(call, slug: str = "icm-other-2026", **fields):
    """A second call offering the same agreements and asking for the same documents."""
    other = factories.call(slug=slug, agreements=list(call.agreements.all()), **fields)
    for rule in call.required_documents.all():
        RequiredDocument.objects.create(
            call=other,
            category=rule.category,
            document_type=rule.document_type,
            count=rule.count,
            allowed_types=rule.allowed_types,
            max_size_mb=rule.max_size_mb,
        )
    return other
