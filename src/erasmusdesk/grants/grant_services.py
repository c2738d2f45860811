"""Grant agreements: issue one with a frozen breakdown, settle it on the actual dates, pay it.

The one road for every change of a grant agreement or its payments: views and the admin call
these functions, never ``save()``. Each function checks its rule, writes inside one
transaction and leaves an audit entry (``erasmusdesk.grant_agreement.*``).

Rules: ../shared/reference/erasmus-rules.md sections 1 and 2 (amounts, via
grants/services.py), section 1 on pre-financing (80 % on arrival, the balance after the final
report: upv.es KA171, Tübingen 80/20) and on the final amount, recalculated from the dates of
the certificate of attendance.
"""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.grants.budget import budget_warning
from erasmusdesk.grants.explain import explain
from erasmusdesk.grants.models import GrantAgreement, Payment, PaymentKind
from erasmusdesk.grants.services import (
    GrantEstimate,
    Place,
    estimate_grant,
    money,
    place_of_city,
    place_of_institution,
)
from erasmusdesk.institutions.models import Institution

REFERENCE_PREFIX = "GA"
_REFERENCE_ATTEMPTS = 5


# --- issuing ------------------------------------------------------------------------------


def issue_grant_agreement(
    *,
    participant_name: str,
    participant_language: str,
    host_institution: Institution,
    activity: str,
    call_year: int,
    start: date,
    end: date,
    green: bool = False,
    travel_days: int = 0,
    fewer_opportunities: bool = False,
    call=None,
    participant: AbstractBaseUser | None = None,
    departure_city: str = "",
    departure_reason: str = "",
    prefinancing_percent: int = 80,
    confirm_over_budget: bool = False,
    by: AbstractBaseUser | None,
) -> GrantAgreement:
    """Issue a grant agreement whose breakdown is frozen at today's rate table.

    The journey starts at the home institution, or at ``departure_city`` ("City, CC") when
    the participant leaves from elsewhere, which needs a reason. The estimate is explained in
    the participant's language (its explanations are printed on the agreement; refusals stay
    in the coordinator's language) and stored as JSON: later edits of the rate table do not
    change it. When the call's budget for the activity would be exceeded, the coordinator
    must confirm (``confirm_over_budget``).
    Raises DomainError naming the field; nothing is saved then.
    """
    participant_name = participant_name.strip()
    if not participant_name:
        raise DomainError(_("Write the participant's name."), field="participant_name")
    _check_percent(prefinancing_percent)
    home = _home_institution()
    origin = _origin(home, departure_city.strip(), departure_reason.strip())
    destination = place_of_institution(host_institution, field="host_institution")
    estimate = estimate_grant(
        year=call_year,
        activity=activity,
        origin=origin,
        destination=destination,
        start=start,
        end=end,
        green=green,
        travel_days=travel_days,
        fewer_opportunities=fewer_opportunities,
    )
    breakdown = freeze_breakdown(estimate, language=participant_language)
    total = estimate.breakdown.total
    fields = {
        "call": call,
        "participant": participant,
        "participant_name": participant_name,
        "participant_language": participant_language,
        "home_institution": home,
        "host_institution": host_institution,
        "departure_city": departure_city.strip(),
        "departure_reason": departure_reason.strip(),
        "activity": activity,
        "call_year": call_year,
        "start": start,
        "end": end,
        "green_travel": green,
        "travel_days": travel_days,
        "fewer_opportunities": fewer_opportunities,
        "rate_table_name": estimate.table.name,
        "breakdown": breakdown,
        "total": total,
        "prefinancing_percent": prefinancing_percent,
        "issued_by": by if getattr(by, "is_authenticated", False) else None,
    }
    with transaction.atomic():
        _check_budget(call, activity, total, confirm_over_budget)
        agreement = _create_with_reference(call_year, fields)
        audit.record(
            "erasmusdesk.grant_agreement.issued",
            agreement,
            by=by,
            reference=agreement.reference,
            total=money(agreement.total),
            rate_table=agreement.rate_table_name,
        )
    return agreement


def freeze_breakdown(estimate: GrantEstimate, *, language: str) -> dict:
    """The estimate as JSON, explained in ``language``: every line and the figures.

    Amounts are strings with two decimals ("4250.00"), or None for lines without an amount
    (duration, country group, distance).
    """
    with translation.override(language):
        lines = explain(estimate.breakdown)
    result = estimate.breakdown
    return {
        "lines": [
            {
                "key": line.key,
                "label": line.label,
                "amount": money(line.amount),
                "rule": line.rule,
                "numbers": line.numbers,
                "source": line.source,
            }
            for line in lines
        ],
        "origin": estimate.origin.name,
        "destination": estimate.destination.name,
        "days": result.days,
        "months": result.months,
        "extra_days": result.extra_days,
        "group": result.group,
        "distance_km": estimate.whole_km,
        "band": _band(result.band),
        "monthly_rate": money(result.monthly_rate),
        "daily_rate": money(result.daily_rate),
        "total": money(result.total),
        "rate_table_name": estimate.table.name,
        "rate_table_source": estimate.table.source,
        "language": language,
    }


def next_reference(call_year: int) -> str:
    """The next free reference of the call year: "GA-2026-0001", "GA-2026-0002", ...

    Call it inside a transaction: the last agreement of the year is locked (select_for_update)
    so that two coordinators issuing at once wait for each other; the unique constraint and
    a retry cover the first agreement of a year, when there is nothing to lock yet.
    """
    prefix = f"{REFERENCE_PREFIX}-{call_year}-"
    last = (
        GrantAgreement.objects.select_for_update()
        .filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _create_with_reference(call_year: int, fields: dict) -> GrantAgreement:
    for attempt in range(_REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                return GrantAgreement.objects.create(reference=next_reference(call_year), **fields)
        except IntegrityError:
            if attempt == _REFERENCE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _home_institution() -> Institution:
    home = Institution.objects.filter(is_home=True).first()
    if home is None:
        raise DomainError(_("The home institution is not set up yet."))
    return home


def _origin(home: Institution, departure_city: str, departure_reason: str) -> Place:
    """Rule: the journey starts at the home institution unless the participant leaves from
    another city for a reason the office accepts (reference section 2, distance band)."""
    if not departure_city:
        return place_of_institution(home, field="home_institution")
    if not departure_reason:
        raise DomainError(
            _("Give the reason why the participant leaves from another city."),
            field="departure_reason",
        )
    return place_of_city(departure_city, field="departure_city")


def _check_percent(percent: int) -> None:
    if not 0 <= percent <= 100:
        raise DomainError(
            _("The pre-financing must be between 0 and 100 %."), field="prefinancing_percent"
        )


def _check_budget(call, activity: str, amount: Decimal, confirmed: bool) -> None:
    """Rule: a commitment above the call's awarded budget for the activity needs the
    coordinator's explicit confirmation (grants/budget.py says when)."""
    warning = budget_warning(call, activity, amount)
    if warning and not confirmed:
        raise DomainError(warning, field="confirm_over_budget")


def _band(band) -> dict | None:
    if band is None:
        return None
    return {
        "min_km": band.min_km,
        "max_km": band.max_km,
        "standard": money(band.standard),
        "green": money(band.green),
    }


# --- the final amount ---------------------------------------------------------------------


def record_actual_dates(
    agreement: GrantAgreement,
    *,
    actual_start: date,
    actual_end: date,
    by: AbstractBaseUser | None,
) -> GrantAgreement:
    """Recalculate the grant on the dates of the certificate of attendance.

    Same call year (so the same rate table), places and options as the agreement; only the
    dates change. Stores ``final_breakdown`` and ``final_total``; the difference to what was
    paid is ``agreement.outstanding`` (negative: to recover). Rule: reference section 1, the
    final grant follows the actual period of mobility. Raises DomainError naming the field.
    """
    origin = _origin(
        agreement.home_institution, agreement.departure_city, agreement.departure_reason
    )
    destination = place_of_institution(agreement.host_institution, field="host_institution")
    try:
        estimate = estimate_grant(
            year=agreement.call_year,
            activity=agreement.activity,
            origin=origin,
            destination=destination,
            start=actual_start,
            end=actual_end,
            green=agreement.green_travel,
            travel_days=agreement.travel_days,
            fewer_opportunities=agreement.fewer_opportunities,
        )
    except DomainError as error:
        raise DomainError(error.message, field=_ACTUAL_FIELDS.get(error.field)) from error
    final = freeze_breakdown(estimate, language=agreement.participant_language)
    with transaction.atomic():
        agreement = GrantAgreement.objects.select_for_update().get(pk=agreement.pk)
        agreement.actual_start = actual_start
        agreement.actual_end = actual_end
        agreement.final_breakdown = final
        agreement.final_total = estimate.breakdown.total
        agreement.save(
            update_fields=["actual_start", "actual_end", "final_breakdown", "final_total"]
        )
        audit.record(
            "erasmusdesk.grant_agreement.actual_dates_recorded",
            agreement,
            by=by,
            actual_start=actual_start.isoformat(),
            actual_end=actual_end.isoformat(),
            final_total=money(agreement.final_total),
            total=money(agreement.total),
        )
    return agreement


_ACTUAL_FIELDS = {"end": "actual_end", "start": "actual_start"}


# --- payments -----------------------------------------------------------------------------


def record_payment(
    agreement: GrantAgreement,
    *,
    kind: str,
    amount: Decimal,
    paid_on: date,
    note: str = "",
    override_reason: str = "",
    by: AbstractBaseUser | None,
) -> Payment:
    """Record money paid to the participant, or recovered from them.

    Rules: the amount is more than 0; a payment made is not dated in the future; a payment
    beyond what is due (the final grant, else the frozen one, less what was paid) is refused
    unless the coordinator confirms it with a reason (``override_reason``, kept in the note
    and the audit log); a recovery cannot exceed what has been paid so far (one cannot
    recover money never paid). The agreement is locked while checking, so that two payments
    recorded at once cannot together exceed it.
    """
    if kind not in PaymentKind.values:
        raise DomainError(_("Choose the kind of payment."), field="kind")
    if amount is None or amount <= 0:
        raise DomainError(_("The amount must be more than 0."), field="amount")
    if paid_on is not None and paid_on > clock.localdate():
        raise DomainError(_("A payment made cannot be dated in the future."), field="paid_on")
    override_reason = override_reason.strip()
    with transaction.atomic():
        locked = GrantAgreement.objects.select_for_update().get(pk=agreement.pk)
        paid = locked.paid
        due = (locked.final_total if locked.final_total is not None else locked.total) - paid
        if kind != PaymentKind.RECOVERY and amount > due and not override_reason:
            raise DomainError(
                _(
                    "Only %(due)s EUR is due: to pay more, confirm it with the reason in "
                    "the override field."
                )
                % {"due": money(max(due, Decimal(0)))},
                field="override_reason",
            )
        if override_reason and amount > due:
            confirmed = _("paid beyond what is due: %(reason)s") % {"reason": override_reason}
            note = f"{note.strip()} [{confirmed}]".strip()
        if kind == PaymentKind.RECOVERY and amount > paid:
            raise DomainError(
                _("A recovery cannot exceed what has been paid (%(paid)s EUR).")
                % {"paid": money(paid)},
                field="amount",
            )
        payment = Payment.objects.create(
            agreement=locked,
            kind=kind,
            amount=amount,
            paid_on=paid_on,
            note=note.strip(),
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
        )
        audit.record(
            "erasmusdesk.grant_payment.recorded",
            payment,
            by=by,
            reference=locked.reference,
            kind=kind,
            amount=money(amount),
            paid_on=paid_on.isoformat(),
            override_reason=override_reason,
        )
    return payment


def payment_schedule(agreement: GrantAgreement) -> list[dict]:
    """The two instalments: pre-financing (total x percent / 100, to the cent) on arrival,
    the balance after the final report (80/20 by default: upv.es KA171, Tübingen)."""
    return [
        {
            "kind": PaymentKind.PREFINANCING.value,
            "label": _("Pre-financing (%(percent)s %%), on arrival")
            % {"percent": agreement.prefinancing_percent},
            "amount": agreement.prefinancing,
        },
        {
            "kind": PaymentKind.BALANCE.value,
            "label": _("Balance, after the final report"),
            "amount": agreement.balance,
        },
    ]
