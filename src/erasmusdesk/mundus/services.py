"""Erasmus Mundus: the rule checks of the directory's programmes, the scholarship estimate,
the office's directory (entered and imported) and the students' applications with their
outcomes. Every write is a function here, in a transaction with one audit entry."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from erasmusdesk.core import audit
from erasmusdesk.core.errors import DomainError
from erasmusdesk.mundus import rules as pure
from erasmusdesk.mundus.explain import FIELD_LABELS, LINE_LABELS, line_sentence, problem_sentence
from erasmusdesk.mundus.models import (
    ConsortiumMember,
    ConsortiumRule,
    DegreeType,
    JointMaster,
    MundusApplication,
    Outcome,
    ScholarshipRate,
)

PROGRAMME_SAVED = "erasmusdesk.mundus.programme.saved"
PROGRAMMES_IMPORTED = "erasmusdesk.mundus.programmes.imported"
APPLICATION_RECORDED = "erasmusdesk.mundus.application.recorded"
OUTCOME_RECORDED = "erasmusdesk.mundus.application.outcome_recorded"


@dataclass(frozen=True)
class ExplainedProblem:
    field: str
    field_label: str
    rule: str
    detail: str


@dataclass(frozen=True)
class ExplainedLine:
    key: str
    label: str
    amount: Decimal | None
    explanation: str


@dataclass(frozen=True)
class ScholarshipEstimate:
    months: int
    monthly: Decimal
    total: Decimal
    lines: list[ExplainedLine]
    source: str
    confirmed: bool = True


def _consortium_rules(year: int) -> pure.ConsortiumRules | None:
    return pure.consortium_rules_for([row.to_rules() for row in ConsortiumRule.objects.all()], year)


def check_values(*, ects, duration_months, members, call_year) -> tuple:
    rules = _consortium_rules(call_year)
    problems = pure.check_programme(
        ects=ects,
        duration_months=duration_months,
        members=members,
        call_year=call_year,
        rules=rules,
    )
    return rules, [
        ExplainedProblem(p.field, str(FIELD_LABELS[p.field]), p.rule, problem_sentence(p))
        for p in problems
    ]


def programme_problems(programme: JointMaster):
    """The rules of the programme's call year and every rule it breaks, explained."""
    return check_values(
        ects=programme.ects,
        duration_months=programme.duration_months,
        members=programme.member_values(),
        call_year=programme.call_year,
    )


def estimate_scholarship(
    *, ects: int, call_year: int, residence: str = pure.PARTNER, distance_km: int | None = None
) -> ScholarshipEstimate:
    """The scholarship of a programme of ``ects`` credits in the ``call_year`` rules, every
    line explained (rules.estimate_scholarship: 2021-2027 a monthly amount; 2014-2020 the
    lines by ``residence`` and, for travel, ``distance_km``); refused (naming the field)
    for other ECTS or a year without a rate. ``confirmed`` is false while the rate's
    figures come from secondary sources."""
    rates = [row.to_rate() for row in ScholarshipRate.objects.all()]
    rate = pure.rate_for(rates, call_year)
    if rate is None:
        raise DomainError(
            _(
                "There is no scholarship rate for the %(year)s call: the international office "
                "has not entered one."
            )
            % {"year": call_year},
            field="call_year",
        )
    rules = _consortium_rules(call_year)
    months_by_ects = rules.months_by_ects if rules else {60: 12, 90: 18, 120: 24}
    try:
        result = pure.estimate_scholarship(
            ects, rate, months_by_ects, residence=residence, distance_km=distance_km
        )
    except pure.UnknownEcts:
        raise DomainError(
            _("A Joint Master has %(allowed)s ECTS, not %(ects)s.")
            % {"allowed": ", ".join(str(e) for e in months_by_ects), "ects": ects},
            field="ects",
        ) from None
    return ScholarshipEstimate(
        months=result.months,
        monthly=result.monthly,
        total=result.total,
        lines=[
            ExplainedLine(line.key, str(LINE_LABELS[line.key]), line.amount, line_sentence(line))
            for line in result.lines
        ],
        source=rate.source,
        confirmed=rate.is_confirmed,
    )


@transaction.atomic
def save_programme(programme: JointMaster, members: list[tuple[str, str, bool]] | None, *, by):
    """Save a programme of the directory (and replace its members when given)."""
    programme.full_clean()
    programme.save()
    if members is not None:
        programme.members.all().delete()
        ConsortiumMember.objects.bulk_create(
            ConsortiumMember(
                programme=programme, name=name, country=country.upper(), is_coordinator=coordinator
            )
            for name, country, coordinator in members
        )
    audit.record(PROGRAMME_SAVED, programme, by=by)
    return programme


@transaction.atomic
def save_members(programme: JointMaster, formset, *, by) -> None:
    """The back office's edit of a programme's consortium (its inline formset)."""
    formset.save()
    audit.record(PROGRAMME_SAVED, programme, by=by, members=programme.members.count())


IMPORT_COLUMNS = (
    "name",
    "acronym",
    "ects",
    "duration_months",
    "degree_type",
    "call_year",
    "applications_open",
    "applications_close",
    "website",
    "members",
)


@transaction.atomic
def import_programmes(text: str, *, by) -> list[JointMaster]:
    """Import programmes from CSV with the columns IMPORT_COLUMNS; ``members`` is
    "Name (CC); Name (CC)", the first being the coordinator. All rows or none: the first bad
    row is refused with its line number."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in IMPORT_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise DomainError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    saved = []
    for number, row in enumerate(reader, start=2):
        try:
            members = []
            for index, item in enumerate(
                filter(None, (m.strip() for m in row["members"].split(";")))
            ):
                name, _sep, country = item.rpartition("(")
                if not name or not country.endswith(")"):
                    raise ValueError(item)
                members.append((name.strip(), country[:-1].strip(), index == 0))
            programme = JointMaster(
                name=row["name"].strip(),
                acronym=row["acronym"].strip(),
                ects=int(row["ects"]),
                duration_months=int(row["duration_months"]),
                degree_type=DegreeType(row["degree_type"].strip()),
                call_year=int(row["call_year"]),
                applications_open=row["applications_open"] or None,
                applications_close=row["applications_close"] or None,
                website=row["website"].strip(),
            )
            saved.append(save_programme(programme, members, by=by))
        except (ValueError, KeyError) as error:
            raise DomainError(
                _("Line %(line)s: %(error)s") % {"line": number, "error": error}
            ) from None
        except Exception as error:  # a model validation error names its fields
            if hasattr(error, "message_dict"):
                raise DomainError(
                    _("Line %(line)s: %(error)s") % {"line": number, "error": error.message_dict}
                ) from None
            raise
    audit.record(PROGRAMMES_IMPORTED, None, by=by, count=len(saved))
    return saved


@transaction.atomic
def record_application(*, programme: JointMaster, intake_year: int, by) -> MundusApplication:
    """A student records that they applied to ``programme`` for ``intake_year``."""
    if MundusApplication.objects.filter(
        student=by, programme=programme, intake_year=intake_year
    ).exists():
        raise DomainError(
            _("You have already recorded this programme for that year."), field="programme"
        )
    application = MundusApplication.objects.create(
        student=by, programme=programme, intake_year=intake_year
    )
    audit.record(APPLICATION_RECORDED, application, by=by)
    return application


@transaction.atomic
def record_outcome(application: MundusApplication, outcome: str, *, by) -> MundusApplication:
    """The office (or the student, for a withdrawal) records the outcome."""
    outcome = Outcome(outcome)
    previous = application.outcome
    application.outcome = outcome
    application.save(update_fields=["outcome"])
    audit.record(OUTCOME_RECORDED, application, by=by, previous=previous, outcome=str(outcome))
    return application


def outcome_counts() -> list[dict]:
    """Applications per intake year and outcome: [{"year", "counts": {outcome: n}, "total"}]."""
    rows = (
        MundusApplication.objects.values("intake_year", "outcome")
        .annotate(n=Count("pk"))
        .order_by("-intake_year")
    )
    years: dict[int, dict] = {}
    for row in rows:
        entry = years.setdefault(row["intake_year"], {"year": row["intake_year"], "counts": {}})
        entry["counts"][row["outcome"]] = row["n"]
    result = []
    for entry in years.values():
        entry["cells"] = [entry["counts"].get(value, 0) for value in Outcome.values]
        entry["total"] = sum(entry["cells"])
        result.append(entry)
    return result


RULE_ROW_SAVED = "erasmusdesk.mundus.rule.saved"


@transaction.atomic
def save_rule_row(row, *, by):
    """The office's edit of a consortium rule or a scholarship rate."""
    row.full_clean()
    row.save()
    audit.record(RULE_ROW_SAVED, row, by=by)
    return row
