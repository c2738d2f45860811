"""Importing rows: each row a cooperation condition, validated and saved on its own."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.core import audit
from erasmusdesk.institutions.agreement_import.cells import _CellError, read_cells
from erasmusdesk.institutions.agreement_import.reading import (
    AGREEMENT_CELLS,
    COLUMNS,
    CONDITION_CELLS,
    DUPLICATE_LABEL,
    KIND_COLUMNS,
    PARTNER_COLUMNS,
)
from erasmusdesk.institutions.codes import normalise_erasmus_code
from erasmusdesk.institutions.models import (
    Agreement,
    AgreementStatus,
    Institution,
    MobilityCondition,
)
from erasmusdesk.institutions.models.import_job import RowStatus
from erasmusdesk.institutions.services import levels_overlap, overlap_message


def _add_model_errors(
    error: ValidationError, errors: dict[str, list[str]], columns: dict[str, str]
) -> None:
    """Merge a model's validation errors into the row's, keyed by column; a column whose cell
    was unreadable keeps only that reason."""
    unreadable = set(errors)
    for name, messages in error.message_dict.items():
        column = "" if name == NON_FIELD_ERRORS else columns.get(name, name)
        if column not in unreadable:
            errors.setdefault(column, []).extend(messages)


def _kind(condition: MobilityCondition) -> tuple[str, str, str]:
    return (condition.direction, condition.mobility_type, condition.isced_code)


def _years_overlap(first: Agreement, second: Agreement) -> bool:
    return (
        first.first_academic_year <= second.last_academic_year
        and second.first_academic_year <= first.last_academic_year
    )


AgreementKey = tuple[int, int, bool]


def _key(first: int, last: int, status: str) -> AgreementKey:
    """An agreement's years, and whether it is terminated."""
    return (first, last, status == AgreementStatus.TERMINATED)


@dataclass
class _PartnerState:
    """A partner's agreements by key (the first of each key), their conditions by kind, and
    ``rows``: the file row of each condition this job imported."""

    agreements: dict[AgreementKey, Agreement]
    conditions: dict[tuple[str, str, str], list[MobilityCondition]]
    rows: dict[int, int] = field(default_factory=dict)


class RowImporter:
    """Validates and saves rows one by one, caching partners and their existing conditions.

    The caches make a row cost no query but its own writes; they are filled per partner on
    the partner's first row and extended with each accepted row.
    """

    def __init__(self, *, by=None, job_id: int | None = None):
        self.by = by
        self.job_id = job_id
        self._institutions: dict[tuple[str, str], Institution | None] = {}
        self._partners: dict[int, _PartnerState] = {}
        self._changed: set[int] = set()

    def import_row(self, number: int, values: dict[str, str]) -> dict[str, Any]:
        """Validate one row and save it if valid; the report entry of the row."""
        errors: dict[str, list[str]] = {}
        partner, partner_column = self._partner(values, errors)
        fields = read_cells(values, errors)
        agreement = self._agreement(partner, partner_column, fields, errors)
        condition = self._condition(fields, errors)
        if partner is not None and not KIND_COLUMNS & set(errors):
            self._check_duplicate(partner, agreement, condition, errors)
        entry = {
            "row": number,
            "partner": partner.name if partner else _partner_text(values),
        }
        if errors:
            return {**entry, "status": RowStatus.REJECTED.value, "messages": _messages(errors)}
        self._save(partner, agreement, condition, number)
        return {**entry, "status": RowStatus.ACCEPTED.value, "messages": []}

    # -- the partner

    def _partner(
        self, values: dict[str, str], errors: dict[str, list[str]]
    ) -> tuple[Institution | None, str]:
        """The institution the row names by Erasmus code or EWP id (both must agree)."""
        found: list[Institution] = []
        for column in PARTNER_COLUMNS:
            text = values.get(column, "")
            if not text:
                continue
            try:
                found.append(self._institution(column, text))
            except _CellError as error:
                errors.setdefault(column, []).append(str(error))
        given = [column for column in PARTNER_COLUMNS if values.get(column)]
        if not given:
            errors.setdefault(PARTNER_COLUMNS[0], []).append(
                _("Give the partner's Erasmus code or its EWP id.")
            )
        elif len(found) == 2 and found[0].pk != found[1].pk:
            errors.setdefault(PARTNER_COLUMNS[1], []).append(
                _("The Erasmus code and the EWP id name two different institutions.")
            )
        partner = found[0] if found and len(found) == len(given) else None
        return partner, given[0] if given else PARTNER_COLUMNS[0]

    def _institution(self, column: str, text: str) -> Institution:
        key = (column, text)
        if key not in self._institutions:
            self._institutions[key] = _find_institution(column, text)
        institution = self._institutions[key]
        if institution is None:
            if column == "partner_erasmus_code":
                message = _("No institution has the Erasmus code %(code)s.")
            else:
                message = _("No institution has the EWP id %(code)s.")
            raise _CellError(message % {"code": text})
        return institution

    def _state(self, partner: Institution) -> _PartnerState:
        """The partner's agreements and conditions, read once per import."""
        if partner.pk not in self._partners:
            agreements: dict[AgreementKey, Agreement] = {}
            by_pk: dict[int, Agreement] = {}
            for agreement in Agreement.objects.filter(partner=partner).order_by("pk"):
                agreement.partner = partner
                by_pk[agreement.pk] = agreement
                agreements.setdefault(_agreement_key(agreement), agreement)
            conditions: dict[tuple[str, str, str], list[MobilityCondition]] = defaultdict(list)
            for condition in MobilityCondition.objects.filter(agreement_id__in=list(by_pk)):
                condition.agreement = by_pk[condition.agreement_id]
                conditions[_kind(condition)].append(condition)
            self._partners[partner.pk] = _PartnerState(agreements, conditions)
        return self._partners[partner.pk]

    # -- the agreement and the condition

    def _agreement(
        self,
        partner: Institution | None,
        partner_column: str,
        fields: dict[str, Any],
        errors: dict[str, list[str]],
    ) -> Agreement:
        """The partner's agreement with the row's years (a terminated one only for a row whose
        status is terminated), or a new one validated by the model's rules."""
        years = (fields.get("first_academic_year"), fields.get("last_academic_year"))
        if partner is not None and None not in years:
            key = _key(*years, fields.get("status", ""))
            existing = self._state(partner).agreements.get(key)
            if existing is not None:
                _check_agreement_cells(existing, fields, errors)
                return existing
        agreement = Agreement(
            partner=partner,
            first_academic_year=years[0],
            last_academic_year=years[1],
            status=fields.get("status", AgreementStatus.DRAFT),
            home_signed_on=fields.get("home_signed_on"),
            partner_signed_on=fields.get("partner_signed_on"),
            terminated_on=fields.get("terminated_on"),
        )
        try:
            # The partner was looked up above; clean() still refuses the home institution.
            agreement.full_clean(exclude={"partner", *errors})
        except ValidationError as error:
            _add_model_errors(error, errors, {"partner": partner_column})
        return agreement

    def _condition(self, fields: dict[str, Any], errors: dict[str, list[str]]) -> MobilityCondition:
        """The row's condition, validated by the model's rules."""
        condition = MobilityCondition(
            **{name: fields[name] for name in CONDITION_CELLS if name in fields}
        )
        try:
            condition.full_clean(exclude={"agreement", *errors})
        except ValidationError as error:
            _add_model_errors(error, errors, {})
        return condition

    def _check_duplicate(
        self,
        partner: Institution,
        agreement: Agreement,
        condition: MobilityCondition,
        errors: dict[str, list[str]],
    ) -> None:
        """The rule of services.overlapping_conditions, against the partner's cached
        conditions: no second condition of the same kind and level in the same agreement, nor
        in another agreement of overlapping years that is not terminated."""
        state = self._state(partner)
        for other in state.conditions.get(_kind(condition), []):
            if agreement.pk is None or other.agreement.pk != agreement.pk:
                if other.agreement.status == AgreementStatus.TERMINATED:
                    continue
                if not _years_overlap(agreement, other.agreement):
                    continue
            if not levels_overlap(condition, other):
                continue
            if other.pk in state.rows:
                message = _(
                    "The condition %(type)s, %(code)s, %(direction)s duplicates row %(row)s of "
                    "this file for an overlapping EQF level and academic year."
                ) % {
                    "type": condition.get_mobility_type_display(),
                    "code": condition.isced_code,
                    "direction": condition.get_direction_display(),
                    "row": state.rows[other.pk],
                }
            else:
                message = overlap_message(condition, other)
            errors.setdefault(DUPLICATE_LABEL, []).append(message)
            return

    def _save(
        self,
        partner: Institution,
        agreement: Agreement,
        condition: MobilityCondition,
        number: int,
    ) -> None:
        """Save the row in its own savepoint, with an audit entry per agreement and import."""
        with transaction.atomic():
            if agreement.pk is None:
                agreement.save()
                audit.record(
                    "erasmusdesk.agreement.created",
                    agreement,
                    by=self.by,
                    agreement_import=self.job_id,
                )
            elif agreement.pk not in self._changed:
                agreement.save(update_fields=["updated"])
                audit.record(
                    "erasmusdesk.agreement.changed",
                    agreement,
                    by=self.by,
                    agreement_import=self.job_id,
                )
            condition.agreement = agreement
            condition.save()
        self._changed.add(agreement.pk)
        state = self._state(partner)
        state.agreements.setdefault(_agreement_key(agreement), agreement)
        state.conditions[_kind(condition)].append(condition)
        state.rows[condition.pk] = number


def _agreement_key(agreement: Agreement) -> AgreementKey:
    return _key(agreement.first_academic_year, agreement.last_academic_year, agreement.status)


def _find_institution(column: str, text: str) -> Institution | None:
    """The institution with that Erasmus code or EWP id; _CellError if the code is malformed."""
    if column == "partner_erasmus_code":
        code = normalise_erasmus_code(text)
        if code is None:
            raise _CellError(
                _("%(code)s is not an Erasmus code (e.g. PL WARSZAW01).") % {"code": text}
            )
        return Institution.objects.filter(erasmus_code=code).first()
    return Institution.objects.filter(ewp_hei_id=text.strip().lower()).first()


def _check_agreement_cells(
    agreement: Agreement, fields: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    """A row of an existing agreement leaves its cells empty or repeats the agreement's values."""
    for column in AGREEMENT_CELLS:
        if column not in fields or fields[column] == getattr(agreement, column):
            continue
        current = getattr(agreement, column)
        if column == "status":
            current = agreement.get_status_display()
        errors.setdefault(column, []).append(
            _(
                "The agreement %(agreement)s has %(value)s here: leave the cell empty or repeat "
                "that value."
            )
            % {"agreement": agreement, "value": current or _("nothing")}
        )


def _partner_text(values: dict[str, str]) -> str:
    return next((values[column] for column in PARTNER_COLUMNS if values.get(column)), "")


def _messages(errors: dict[str, list[str]]) -> list[str]:
    """ "column: reason" for every reason, in the order of the columns."""
    order = {column: index for index, column in enumerate(COLUMNS)}
    result = []
    for column in sorted(errors, key=lambda name: order.get(name, len(order))):
        for message in errors[column]:
            result.append(f"{column}: {message}" if column else str(message))
    return result


# The job ----------------------------------------------------------------------------------
