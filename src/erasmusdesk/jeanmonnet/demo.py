"""Demo Jean Monnet proposals of the demo teacher (accounts/demo.py): a Module with the office
for review, and a Chair draft that still breaks two rules. Idempotent: only when the teacher
has none. The Commission's deadline follows the day the demo is loaded."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from erasmusdesk.accounts.demo import DEMO_DOMAIN
from erasmusdesk.core import clock
from erasmusdesk.jeanmonnet import services
from erasmusdesk.jeanmonnet.models import Proposal

TEACHER_EMAIL = f"teacher@{DEMO_DOMAIN}"


def _draft(**fields) -> services.Draft:
    year = clock.local_year()
    values = {
        "title": "EU energy law for Caspian engineers",
        "action": "module",
        "call_year": 2026 if year <= 2026 else 2025,
        "holder_position": "lecturer",
        "duration_months": 36,
        "requested_eur": Decimal("35000.00"),
        "work_plan": "Three academic years of a 40-hour course, a summer school and a textbook.",
        "commission_deadline": clock.localdate() + timedelta(days=75),
        "internal_days_before": 14,
        "documents_ready": ("declaration_on_honour", "cvs"),
        "team": (("Gulnar Teacher", "holder"),),
        "teaching": tuple((year_, "EU energy law", 40) for year_ in (1, 2, 3)),
        "partners": (),
    }
    values.update(fields)
    return services.Draft(**values)


def load_demo_proposals() -> int:
    teacher = get_user_model().objects.filter(email__iexact=TEACHER_EMAIL).first()
    if teacher is None or Proposal.objects.filter(owner=teacher).exists():
        return 0
    module = services.create_proposal(_draft(), by=teacher)
    services.submit_for_review(module, by=teacher)
    services.create_proposal(
        _draft(
            title="A Jean Monnet Chair in EU external relations",
            action="chair",
            call_year=2025,
            holder_position="professor",
            requested_eur=Decimal("55000.00"),
            teaching=(
                (1, "EU external relations", 80),
                (2, "EU external relations", 90),
                (3, "EU external relations", 90),
            ),
        ),
        by=teacher,
    )
    return 2
