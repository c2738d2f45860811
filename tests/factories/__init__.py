"""The one family of test builders: valid objects with every value visible, and dates taken
from the clock (frozen by the test where the day matters), so that the suite passes on any
day. Submodules build the rest: ``applications``, ``selection``, ``samples`` (files),
``personal_data``, ``backup_data``."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from erasmusdesk.calls.deadlines import cycle_accepting_on, end_of_day
from erasmusdesk.calls.models import Call, DocumentType, RequiredDocument
from erasmusdesk.catalogue.models import Opportunity, OpportunityKind
from erasmusdesk.core import clock
from erasmusdesk.institutions.models import Agreement, Contact, Institution, MobilityCondition
from erasmusdesk.institutions.services import save_agreement

DAY = timedelta(days=1)


def partner(
    name: str = "Uniwersytet Testowy",
    *,
    country: str = "PL",
    city: str = "Warsaw",
    erasmus_code: str | None = None,
    latitude: str = "52.229770",
    longitude: str = "21.011780",
    **fields,
) -> Institution:
    """A partner institution with its coordinates typed in (no gazetteer look-up)."""
    institution = Institution(
        name=name,
        name_en=name,
        country=country,
        city=city,
        city_en=city,
        latitude=Decimal(latitude),
        longitude=Decimal(longitude),
        erasmus_code=erasmus_code,
        **fields,
    )
    institution.full_clean()
    institution.save()
    return institution


def contact(institution: Institution, **fields) -> Contact:
    values = {
        "name": "Anna Muster",
        "role": "Erasmus coordinator",
        "email": "anna.muster@univie.example",
        "phone": "+43 1 4277 0000",
    }
    values.update(fields)
    return Contact.objects.create(institution=institution, **values)


def condition(**fields) -> MobilityCondition:
    """A valid outgoing student condition (MobilityCondition.clean), unless told otherwise."""
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


def staff_condition(**fields) -> MobilityCondition:
    values = {
        "mobility_type": "staff_teaching",
        "eqf_levels": "",
        "total_months_per_year": None,
        "total_days_per_year": 5,
    }
    values.update(fields)
    return condition(**values)


def agreement(
    institution: Institution,
    *,
    first: int | None = None,
    last: int | None = None,
    status: str = "signed",
    conditions: list | None = None,
    **fields,
) -> Agreement:
    """An agreement saved through the service (validated); signed ones carry both dates. By
    default it runs from two academic years before the current one to three after it."""
    first = clock.academic_year() - 2 if first is None else first
    last = clock.academic_year() + 3 if last is None else last
    signed = status in ("signed", "terminated")
    item = Agreement(
        partner=institution,
        first_academic_year=first,
        last_academic_year=last,
        status=status,
        home_signed_on=date(first, 3, 1) if signed else None,
        partner_signed_on=date(first, 3, 2) if signed else None,
        terminated_on=date(first + 1, 1, 31) if status == "terminated" else None,
        **fields,
    )
    return save_agreement(item, conditions if conditions is not None else [condition()])


def opportunity(slug: str = "icm-test", title: str = "Credit mobility") -> Opportunity:
    return Opportunity.objects.get_or_create(
        slug=slug,
        defaults={
            "kind": OpportunityKind.CREDIT_MOBILITY,
            "title": title,
            "title_en": title,
            "summary": "Summary",
            "what_it_is": "What it is",
        },
    )[0]


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An instant in the institution's time zone."""
    return datetime(year, month, day, hour, minute, tzinfo=timezone.get_default_timezone())


def _opening(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(0, 0), tzinfo=timezone.get_default_timezone())


def _closing(value: date | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return end_of_day(value, timezone.get_default_timezone())


_SEED = object()


def call(
    *,
    slug: str = "icm-test",
    opens: date | datetime | None = None,
    deadline: date | datetime | None = None,
    late: date | datetime | None | object = _SEED,
    year: int | None = None,
    agreements: list | None = None,
    categories: str = "bachelor,master,doctoral,teacher,staff",
    **fields,
) -> Call:
    """A valid call (Call.clean). Dates are days (a deadline ends at midnight, local time)
    or instants; by default those of the seed's cycle that accepts applications today
    (calls.deadlines.cycle_accepting_on), so the call is open or in its late round."""
    cycle = cycle_accepting_on(clock.localdate())
    item = Call(
        slug=slug,
        opportunity=fields.pop("opportunity", None) or opportunity(),
        academic_year=cycle.academic_year if year is None else year,
        title=fields.pop("title", f"Call {slug}"),
        opens_at=_opening(cycle.opens if opens is None else opens),
        deadline=_closing(cycle.deadline if deadline is None else deadline),
        late_deadline=_closing(cycle.late_deadline if late is _SEED else late),
        eligible_categories=categories,
        **fields,
    )
    item.title_en = item.title
    item.full_clean()
    item.save()
    if agreements:
        item.agreements.set(agreements)
    return item


def require(call: Call, category: str, code: str, **fields) -> RequiredDocument:
    """A document the call requires of ``category``."""
    return RequiredDocument.objects.create(
        call=call, category=category, document_type=DocumentType.objects.get(code=code), **fields
    )
