"""Builders of Jean Monnet proposals: a Module that meets every rule of its call, changed
by keyword; dates from the clock."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from erasmusdesk.core import clock
from erasmusdesk.jeanmonnet import services
from erasmusdesk.jeanmonnet.models import Proposal, ProposalState
from erasmusdesk.jeanmonnet.rules import Action, HolderPosition, Partner, ProposalFacts
from tests.factories.samples import pdf_bytes


def module_facts(**changes) -> ProposalFacts:
    """The facts of a 2025 Module that meets every rule: 3 x 40 hours, 36 months, 35,000 EUR."""
    values = {
        "action": Action.MODULE,
        "call_year": 2025,
        "hours_per_year": (40, 40, 40),
        "duration_months": 36,
        "requested_eur": Decimal("35000"),
        "partners": (),
        "holder_position": HolderPosition.LECTURER,
    }
    values.update(changes)
    return ProposalFacts(**values)


def draft(**changes) -> services.Draft:
    """A Module draft of the 2025 call that meets every rule, the documents ready."""
    values = {
        "title": "EU energy law for Caspian engineers",
        "action": "module",
        "call_year": 2025,
        "holder_position": "lecturer",
        "duration_months": 36,
        "requested_eur": Decimal("35000.00"),
        "work_plan": "Three years of teaching, a summer school and a textbook.",
        "commission_deadline": clock.localdate() + timedelta(days=60),
        "internal_days_before": 14,
        "documents_ready": ("declaration_on_honour", "cvs"),
        "team": (("Aigerim Sadykova", "holder"),),
        "teaching": (
            (1, "EU energy law", 40),
            (2, "EU energy law", 40),
            (3, "EU energy law", 40),
        ),
        "partners": (),
    }
    values.update(changes)
    return services.Draft(**values)


def pdf_upload(name: str = "CV Sadykova.pdf") -> SimpleUploadedFile:
    """A small real PDF as a browser would upload it."""
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def proposal(
    owner, *, state: str = ProposalState.DRAFT, documents: tuple[str, ...] = (), **changes
) -> Proposal:
    """A proposal of ``owner`` built through the services, with a PDF attached for each
    code of ``documents`` while it is a draft, then put in ``state``."""
    created = services.create_proposal(draft(**changes), by=owner)
    for code in documents:
        services.attach_document(created, code, pdf_upload(f"{code}.pdf"), by=owner)
    if state != ProposalState.DRAFT:
        Proposal.objects.filter(pk=created.pk).update(state=state)
        created.refresh_from_db()
    return created


__all__ = ["Partner", "module_facts", "draft", "pdf_upload", "proposal"]
