"""Small builders of valid objects for tests (no randomness: every value is visible)."""

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone

from erasmusdesk.calls.deadlines import end_of_day
from erasmusdesk.calls.models import Call
from erasmusdesk.catalogue.models import Opportunity, OpportunityKind
from erasmusdesk.institutions.models import Agreement, Institution, MobilityCondition
from erasmusdesk.institutions.services import save_agreement


def partner(
    name: str = "Uniwersytet Testowy",
    *,
    country: str = "PL",
    city: str = "Warsaw",
    erasmus_code: str | None = None,
) -> Institution:
    institution = Institution(
        name=name,
        name_en=name,
        country=country,
        city=city,
        city_en=city,
        latitude=Decimal("52.229770"),
        longitude=Decimal("21.011780"),
        erasmus_code=erasmus_code,
    )
    institution.full_clean()
    institution.save()
    return institution


def condition(**fields) -> MobilityCondition:
    values = {
        "direction": "outgoing",
        "mobility_type": "student_studies",
        "isced_code": "0311",
        "eqf_levels": "6,7",
        "mobilities_per_year": 2,
        "total_months_per_year": Decimal("10"),
        "language": "en",
        "cefr_level": "B2",
    }
    values.update(fields)
    return MobilityCondition(**values)


def agreement(
    institution: Institution,
    *,
    first: int = 2024,
    last: int = 2028,
    status: str = "signed",
    conditions: list | None = None,
) -> Agreement:
    signed = status != "draft"
    item = Agreement(
        partner=institution,
        first_academic_year=first,
        last_academic_year=last,
        status=status,
        home_signed_on=date(first, 3, 1) if signed else None,
        partner_signed_on=date(first, 3, 2) if signed else None,
        terminated_on=date(first + 1, 1, 1) if status == "terminated" else None,
    )
    return save_agreement(item, conditions if conditions is not None else [condition()])


def opportunity(slug: str = "icm-test") -> Opportunity:
    return Opportunity.objects.get_or_create(
        slug=slug,
        defaults={
            "kind": OpportunityKind.CREDIT_MOBILITY,
            "title": "Credit mobility",
            "title_en": "Credit mobility",
            "summary": "S",
            "what_it_is": "W",
        },
    )[0]


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=timezone.get_default_timezone())


def call(
    *,
    slug: str = "icm-test-2026",
    opens: date = date(2026, 10, 1),
    deadline: date = date(2027, 1, 15),
    late: date | None = date(2027, 5, 1),
    year: int = 2026,
    agreements: list | None = None,
    categories: str = "bachelor,master,doctoral,teacher,staff",
    **fields,
) -> Call:
    zone = timezone.get_default_timezone()
    item = Call(
        slug=slug,
        opportunity=fields.pop("opportunity", None) or opportunity(),
        academic_year=year,
        title=fields.pop("title", f"Call {slug}"),
        opens_at=datetime.combine(opens, time(0, 0), tzinfo=zone),
        deadline=end_of_day(deadline, zone),
        late_deadline=end_of_day(late, zone) if late else None,
        eligible_categories=categories,
        **fields,
    )
    item.title_en = item.title
    item.full_clean()
    item.save()
    if agreements:
        item.agreements.set(agreements)
    return item
