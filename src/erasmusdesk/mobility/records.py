"""After the mobility: the host's Transcript of Records, the grading tables, and the home
institution's recognition of the credits (services).

Rules: the host's contact enters the transcript, or the office keys in the host's PDF
(EWP ToRs v3 / ELMO 2.1.1: per component the ECTS credits, the grade, passed or not, and the
host's grading scale; the host's grade distribution table where given). The home
coordinator maps every Table B component of the approved learning agreement to its results,
with credits and a converted grade: by the grading tables (``grade_conversion``, ECTS Users'
Guide 2015) where both institutions have one for the field and cycle, else by hand with a
reason. The decision is full, partial (with reasons) or refused (with reasons).
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.institutions.models import Institution
from erasmusdesk.mobility import audit_actions, grade_conversion, learning
from erasmusdesk.mobility.models import (
    ComponentStatus,
    GradingTable,
    GradingTableRow,
    Mobility,
    Recognition,
    RecognitionDecision,
    RecognizedComponent,
    Table,
    Transcript,
    TranscriptResult,
)
from erasmusdesk.mobility.services import change_stage
from erasmusdesk.mobility.services import lock as lock_mobility
from erasmusdesk.mobility.states import MobilityState, Party

TRANSCRIPT_STAGES = (MobilityState.DEPARTED, MobilityState.TRANSCRIPT_RECEIVED)
YES = {"yes", "y", "1", "passed", "true", "да", "иә"}
NO = {"no", "n", "0", "failed", "false", "нет", "жоқ"}


@dataclass(frozen=True)
class ResultLine:
    los_code: str
    title: str
    credits: Decimal
    grade: str
    passed: bool


def parse_results(text: str) -> list[ResultLine]:
    """The results typed one per line: ``code; title; ECTS; grade; passed (yes/no)``.
    Raises DomainError naming the first bad line and its rule."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        if len(parts) != 5:
            raise DomainError(
                _("Line %(line)d: give code; title; ECTS; grade; passed (yes or no).")
                % {"line": number},
                field="results",
            )
        code, title, credits, grade, passed = parts
        try:
            value = Decimal(credits.replace(",", "."))
        except InvalidOperation:
            value = None
        if value is None or not (Decimal(0) < value <= learning.MAX_CREDITS):
            raise DomainError(
                _("Line %(line)d: ECTS credits are a number above 0 and at most 60.")
                % {"line": number},
                field="results",
            )
        if not title or not grade:
            raise DomainError(
                _("Line %(line)d: the title and the grade are needed.") % {"line": number},
                field="results",
            )
        if passed.lower() not in YES | NO:
            raise DomainError(
                _("Line %(line)d: passed is yes or no.") % {"line": number}, field="results"
            )
        found.append(ResultLine(code, title, value, grade, passed.lower() in YES))
    if not found:
        raise DomainError(_("Give at least one result."), field="results")
    return found


def parse_shares(text: str) -> list[tuple[str, Decimal]]:
    """A grading table typed one grade per line, best first: ``grade; percentage``; the
    percentages add up to 100 (within 0.5)."""
    shares = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        try:
            if len(parts) != 2 or not parts[0]:
                raise InvalidOperation
            shares.append((parts[0], Decimal(parts[1].replace(",", ".").rstrip("%").strip())))
        except InvalidOperation:
            raise DomainError(
                _("Line %(line)d: give grade; percentage (e.g. 5; 12.5).") % {"line": number},
                field="grading_table",
            ) from None
    if len({grade for grade, _p in shares}) != len(shares):
        raise DomainError(_("A grade appears twice in the table."), field="grading_table")
    try:
        grade_conversion.bands(shares)
    except grade_conversion.TableError:
        total = sum((p for _g, p in shares), Decimal(0))
        raise DomainError(
            _("The percentages add up to %(total)s: they must add up to 100.") % {"total": total},
            field="grading_table",
        ) from None
    return shares


@transaction.atomic
def save_grading_table(
    institution: Institution,
    *,
    isced_f_code: str,
    eqf_level: str,
    grading_scheme: str,
    years: str,
    shares: list[tuple[str, Decimal]],
    source: str = "",
    by,
) -> GradingTable:
    """A grading table created or replaced (its rows all at once)."""
    grade_conversion.bands(shares)
    table, _created = GradingTable.objects.update_or_create(
        institution=institution,
        isced_f_code=isced_f_code,
        eqf_level=eqf_level,
        defaults={"grading_scheme": grading_scheme, "years": years, "source": source},
    )
    table.rows.all().delete()
    GradingTableRow.objects.bulk_create(
        GradingTableRow(table=table, position=index, grade=grade, percentage=share)
        for index, (grade, share) in enumerate(shares, start=1)
    )
    audit.record(audit_actions.GRADING_TABLE_SAVED, table, by=by, grades=len(shares))
    return table


def table_for(institution_id: int, isced_f_code: str, eqf_level: str) -> GradingTable | None:
    return (
        GradingTable.objects.filter(
            institution_id=institution_id, isced_f_code=isced_f_code, eqf_level=eqf_level
        )
        .prefetch_related("rows")
        .first()
    )


def shares_of(table: GradingTable | None) -> list[tuple[str, Decimal]] | None:
    if table is None:
        return None
    return [(row.grade, row.percentage) for row in table.rows.all()]


@transaction.atomic
def enter_transcript(
    mobility: Mobility,
    *,
    issue_date,
    grading_scheme: str,
    results: list[ResultLine],
    pdf=None,
    by,
    party: Party,
    by_name: str = "",
) -> Transcript:
    """The host's transcript entered (or corrected before the recognition); the mobility
    moves to "transcript received". Refused before the departure, after the recognition,
    and with an issue date in the future. ``by_name`` names a host contact without an
    account (the signed link)."""
    mobility = lock_mobility(mobility)
    if mobility.state not in TRANSCRIPT_STAGES:
        raise DomainError(
            _("The transcript is entered after the departure and before the recognition.")
        )
    if issue_date > clock.localdate():
        raise DomainError(_("The issue date cannot be in the future."), field="issue_date")
    if not grading_scheme.strip():
        raise DomainError(_("Give the host's grading scale."), field="grading_scheme")
    transcript, _created = Transcript.objects.update_or_create(
        mobility=mobility,
        defaults={
            "issue_date": issue_date,
            "grading_scheme": grading_scheme.strip(),
            "entered_by": by if getattr(by, "is_authenticated", False) else None,
            "entered_at": clock.now(),
        },
    )
    if pdf is not None:
        transcript.pdf.save(f"transcript-{mobility.omobility_id}.pdf", pdf, save=True)
    transcript.results.all().delete()
    TranscriptResult.objects.bulk_create(
        TranscriptResult(
            transcript=transcript,
            los_code=line.los_code,
            title=line.title,
            credits=line.credits,
            grade=line.grade,
            passed=line.passed,
        )
        for line in results
    )
    audit.record(
        audit_actions.TRANSCRIPT_ENTERED, transcript, by=by, results=len(results), by_name=by_name
    )
    if mobility.state == MobilityState.DEPARTED:
        change_stage(
            mobility, MobilityState.TRANSCRIPT_RECEIVED, by=by, party=party, by_name=by_name
        )
    return transcript


@dataclass(frozen=True)
class Explained:
    """A converted grade and why, in words."""

    host_grade: str
    home_grade: str
    method: str  # "table" or "manual"
    explanation: str


def explain_conversion(results: list[TranscriptResult], host, home) -> Explained | None:
    """The home grade of ``results`` by the grading tables ``host`` and ``home`` (lists of
    (grade, percentage)), explained in words; None when a table is missing or a grade is
    not in the host's table (the conversion is then made by hand)."""
    if not results or host is None or home is None:
        return None
    try:
        if len(results) == 1:
            found = grade_conversion.convert(results[0].grade, host, home)
            text = _(
                "At the host, %(grade)s is given to %(share)s of passing students, from "
                "%(low)s to %(high)s of the ranking. At home, %(home)s covers %(hlow)s to "
                "%(hhigh)s: it overlaps the host's band most (%(overlap)s points)."
            ) % {
                "grade": found.host.grade,
                "share": grade_conversion.percent(found.host.width),
                "low": grade_conversion.percent(found.host.low),
                "high": grade_conversion.percent(found.host.high),
                "home": found.home.grade,
                "hlow": grade_conversion.percent(found.home.low),
                "hhigh": grade_conversion.percent(found.home.high),
                "overlap": found.overlap.quantize(Decimal("0.01")),
            }
            return Explained(found.host.grade, found.home.grade, "table", text)
        combined = grade_conversion.convert_many(
            [(r.grade, r.credits) for r in results], host, home
        )
        text = _(
            "The host results %(grades)s, weighted by their credits, sit at %(position)s of "
            "the host's ranking (the middle of each grade's band). At home, %(home)s covers "
            "%(hlow)s to %(hhigh)s, which holds that position."
        ) % {
            "grades": ", ".join(f"{r.grade} ({r.credits} ECTS)" for r in results),
            "position": grade_conversion.percent(combined.position),
            "home": combined.home.grade,
            "hlow": grade_conversion.percent(combined.home.low),
            "hhigh": grade_conversion.percent(combined.home.high),
        }
        return Explained(", ".join(r.grade for r in results), combined.home.grade, "table", text)
    except grade_conversion.TableError:
        return None


@dataclass
class Item:
    """One Table B component as the coordinator recognises it."""

    component: object
    results: list
    credits: Decimal
    manual_grade: str = ""
    manual_reason: str = ""


def conversion_tables(mobility: Mobility):
    """(host table, home table) for the mobility's field and cycle, either None."""
    host = table_for(
        mobility.receiving_hei_id, mobility.isced_f_code, mobility.eqf_level_studied_at_departure
    )
    home = table_for(
        mobility.sending_hei_id, mobility.isced_f_code, mobility.eqf_level_studied_at_departure
    )
    return host, home


@transaction.atomic
def recognise(
    mobility: Mobility, *, decision: str, reasons: str = "", items: list[Item], by
) -> Recognition:
    """The recognition decision: every Table B component of the approved learning agreement
    with its results, credits and converted grade (by the tables, or by hand with a
    reason). Partial and refused decisions need their reasons. The mobility moves to
    "credits recognised"."""
    mobility = lock_mobility(mobility)
    if mobility.state != MobilityState.TRANSCRIPT_RECEIVED:
        raise DomainError(_("The credits are recognised once the transcript is received."))
    if decision not in RecognitionDecision.values:
        raise DomainError(_("Choose the decision."), field="decision")
    if decision != RecognitionDecision.FULL and not reasons.strip():
        raise DomainError(
            _("A partial or refused recognition needs its reasons: the participant reads them."),
            field="reasons",
        )
    agreement = learning.approved(mobility)
    expected = (
        set(
            agreement.components.filter(table=Table.B)
            .exclude(status=ComponentStatus.DELETED)
            .values_list("pk", flat=True)
        )
        if agreement
        else set()
    )
    given = {item.component.pk for item in items}
    if decision != RecognitionDecision.REFUSED and given != expected:
        raise DomainError(_("Recognise every component of Table B (or refuse with reasons)."))
    host, home = (shares_of(t) for t in conversion_tables(mobility))
    transcript_ids = set(mobility.transcript.results.values_list("pk", flat=True))
    rows = []
    for item in items:
        title = item.component.title
        if any(result.pk not in transcript_ids for result in item.results):
            raise DomainError(_("A result is not of this transcript."))
        if item.credits is None or item.credits < 0:
            raise DomainError(
                _("%(component)s: the credits recognised cannot be negative.")
                % {"component": title},
                field="credits",
            )
        explained = explain_conversion(item.results, host, home)
        if explained is None:
            if not item.manual_grade.strip() or not item.manual_reason.strip():
                raise DomainError(
                    _(
                        "%(component)s: no grading table converts these grades; give the home "
                        "grade and why."
                    )
                    % {"component": title},
                    field="manual_grade",
                )
            explained = Explained(
                ", ".join(r.grade for r in item.results),
                item.manual_grade.strip(),
                "manual",
                item.manual_reason.strip(),
            )
        rows.append((item, explained))
    Recognition.objects.filter(mobility=mobility).delete()
    recognition = Recognition.objects.create(
        mobility=mobility,
        decision=decision,
        reasons=reasons.strip(),
        decided_by=by if getattr(by, "is_authenticated", False) else None,
        decided_at=clock.now(),
    )
    for item, explained in rows:
        recognised = RecognizedComponent.objects.create(
            recognition=recognition,
            component=item.component,
            credits=item.credits,
            host_grade=explained.host_grade,
            converted_grade=explained.home_grade,
            method=explained.method,
            explanation=explained.explanation,
            manual_reason=item.manual_reason.strip() if explained.method == "manual" else "",
        )
        recognised.results.set(item.results)
    audit.record(audit_actions.RECOGNISED, recognition, by=by, decision=decision)
    change_stage(mobility, MobilityState.RECOGNISED, by=by, party=Party.OFFICE, reason=reasons)
    return recognition
