"""Domain functions for institutions and agreements."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from erasmusdesk.core import audit
from erasmusdesk.core.errors import DomainError
from erasmusdesk.institutions.models import (
    Agreement,
    AgreementStatus,
    Direction,
    Institution,
    MobilityCondition,
)


def levels_overlap(first: MobilityCondition, second: MobilityCondition) -> bool:
    """Both have no level (staff), or they share at least one EQF level."""
    a, b = set(first.eqf_level_list), set(second.eqf_level_list)
    return (not a and not b) or bool(a & b)


def _same_kind(first: MobilityCondition, second: MobilityCondition) -> bool:
    return (
        first.direction == second.direction
        and first.mobility_type == second.mobility_type
        and first.isced_code == second.isced_code
        and levels_overlap(first, second)
    )


def overlapping_conditions(
    agreement: Agreement, conditions: Iterable[MobilityCondition]
) -> list[tuple[MobilityCondition, MobilityCondition | None]]:
    """The conditions that duplicate another one, each with what it duplicates.

    Rule (our own, after EWP IIA v7 where an agreement's conditions are per direction, type,
    subject area and level): two conditions for the same partner with the same direction,
    mobility type and subject area, sharing an EQF level, must not cover the same academic
    year, within one agreement or across the partner's agreements (terminated ones aside).
    The second element is None when the duplicate is within ``conditions`` themselves.
    """
    conditions = list(conditions)
    found: list[tuple[MobilityCondition, MobilityCondition | None]] = []
    for index, condition in enumerate(conditions):
        if any(_same_kind(condition, earlier) for earlier in conditions[:index]):
            found.append((condition, None))
    others = (
        MobilityCondition.objects.filter(
            agreement__partner_id=agreement.partner_id,
            agreement__first_academic_year__lte=agreement.last_academic_year,
            agreement__last_academic_year__gte=agreement.first_academic_year,
        )
        .exclude(agreement__status=AgreementStatus.TERMINATED)
        .select_related("agreement")
    )
    if agreement.pk:
        others = others.exclude(agreement_id=agreement.pk)
    others = list(others)
    for condition in conditions:
        for other in others:
            if _same_kind(condition, other):
                found.append((condition, other))
                break
    return found


def overlap_message(condition: MobilityCondition, other: MobilityCondition | None) -> str:
    """A translated sentence naming the duplicated condition."""
    params = {
        "type": condition.get_mobility_type_display(),
        "code": condition.isced_code,
        "direction": condition.get_direction_display(),
    }
    if other is None:
        return (
            _(
                "The condition %(type)s, %(code)s, %(direction)s appears twice for the same "
                "EQF level."
            )
            % params
        )
    return _(
        "The partner already has the condition %(type)s, %(code)s, %(direction)s for an "
        "overlapping EQF level in the agreement %(agreement)s."
    ) % {**params, "agreement": other.agreement}


@transaction.atomic
def save_agreement(
    agreement: Agreement,
    conditions: list[MobilityCondition],
    *,
    removed: Iterable[MobilityCondition] = (),
    by=None,
    **details,
) -> Agreement:
    """Validate and save an agreement with its conditions (and delete ``removed`` ones), all
    or nothing, and audit it ("erasmusdesk.agreement.created" or ".changed", as an import
    does; ``details`` are added to the entry, e.g. the changed fields). The back office's
    edits come through here too.

    Raises ValidationError (per field) or DomainError (duplicate condition); then nothing
    is saved.
    """
    agreement.full_clean()
    for condition in conditions:
        condition.agreement = agreement
        condition.full_clean(exclude=["agreement"])
    duplicates = overlapping_conditions(agreement, conditions)
    if duplicates:
        raise DomainError(overlap_message(*duplicates[0]), field="conditions")
    created = agreement.pk is None
    agreement.save()
    removed = [condition for condition in removed if condition.pk]
    MobilityCondition.objects.filter(
        agreement=agreement, pk__in=[condition.pk for condition in removed]
    ).delete()
    for condition in conditions:
        condition.agreement = agreement
        condition.save()
    audit.record(
        "erasmusdesk.agreement.created" if created else "erasmusdesk.agreement.changed",
        agreement,
        by=by,
        conditions=len(conditions),
        **({"conditions_removed": len(removed)} if removed else {}),
        **details,
    )
    return agreement


@transaction.atomic
def terminate_agreement(agreement: Agreement, *, on: date, by=None) -> Agreement:
    """Mark a signed agreement terminated on a date; its places leave future calls."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != AgreementStatus.SIGNED:
        raise DomainError(_("Only a signed agreement can be terminated."), field="status")
    agreement.status = AgreementStatus.TERMINATED
    agreement.terminated_on = on
    agreement.save(update_fields=["status", "terminated_on", "updated"])
    audit.record("erasmusdesk.agreement.terminated", agreement, by=by, on=on.isoformat())
    return agreement


def partners_with_places(
    *, country: str = "", isced_prefix: str = "", eqf_level: str = "", academic_year: int | None
) -> QuerySet:
    """Partner institutions with a signed agreement having outgoing conditions that match.

    Filters: country (ISO alpha-2), subject area (a broad two-digit field or a full code:
    prefix match on the ISCED-F code), EQF level; the agreement must cover the academic year
    when one is given.
    """
    condition = Q(
        agreements__status=AgreementStatus.SIGNED,
        agreements__conditions__direction=Direction.OUTGOING,
    )
    if academic_year is not None:
        condition &= Q(
            agreements__first_academic_year__lte=academic_year,
            agreements__last_academic_year__gte=academic_year,
        )
    if isced_prefix:
        condition &= Q(agreements__conditions__isced_code__startswith=isced_prefix)
    if eqf_level:
        condition &= Q(agreements__conditions__eqf_levels__contains=eqf_level)
    partners = Institution.objects.partners().filter(condition)
    if country:
        partners = partners.filter(country=country)
    return partners.distinct().order_by("name")
