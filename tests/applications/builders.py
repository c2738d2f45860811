"""Builders of applications for tests: a call with places and document rules, and
applications in any state with stored documents (no randomness except the files' bytes)."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from erasmusdesk.applications.models import (
    Application,
    Document,
    Preference,
    Round,
    StateChange,
)
from erasmusdesk.calls.models import DocumentType, RequiredDocument
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
        now = timezone.now()
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
