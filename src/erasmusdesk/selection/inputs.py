"""What the ranking and the allocation of a call are computed from, read from the database in
a constant number of queries (whatever the number of applications): the criteria, the
applications with their profiles, certificates and preferences, the evaluators' scores and the
corrections of upheld appeals, the partners' rules and the places.

Computed criteria (rules shown with each criterion; ``defaults.CRITERIA``):
- grade: maximum points x the grade average / the highest grade of its scale
  (``scales.normalise_grade`` with the office's grade scales);
- language: maximum points x the CEFR rank of the applicant's best certificate / 6 (A1 = 1 to
  C2 = 6; ``scales.certificate_cefr`` with the office's certificate scales; a certificate of
  another test counts with the level printed on it);
- year of study: maximum points x the year of study / 6.
Missing data (no grade average, no certificate) gives 0 points, and a flag on the ranking.
Evaluators' criteria: the mean of the members' scores (``ranking.aggregate``), flagged when
they disagree by more than the call's allowed spread; a correction of an upheld appeal
replaces the mean (or the computed points).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from erasmusdesk.accounts.models import LanguageCertificate, LanguageTest
from erasmusdesk.applications.models import Application, Preference
from erasmusdesk.applications.states import State
from erasmusdesk.calls.services import call_places
from erasmusdesk.institutions.models import MobilityCondition
from erasmusdesk.selection import ranking, scales
from erasmusdesk.selection.models import (
    CertificateScale,
    Correction,
    Criterion,
    CriterionSource,
    GradeScale,
    PartnerRule,
    Score,
    Selection,
)

# The applications a selection ranks: eligible ones, and those with a published result.
LIVE_STATES = (State.ELIGIBLE, State.SELECTED, State.RESERVE, State.NOT_SELECTED, State.OFFERED)
_SIX = Decimal(6)


@dataclass
class Inputs:
    """Everything ``outcomes.compute`` needs, keyed by application reference."""

    selection: Selection
    criteria: list[Criterion]
    rules: tuple[ranking.Criterion, ...]
    tie_rules: tuple[ranking.TieRule, ...]
    applications: dict[str, Application]
    entries: dict[str, ranking.Entry]
    preferences: dict[str, tuple[int, ...]]
    places: dict[int, int]
    place_objects: dict[int, MobilityCondition]
    partner_rules: dict[int, ranking.PartnerRule]
    base_places: dict[int, int] = field(default_factory=dict)
    flags: dict[str, list[str]] = field(default_factory=dict)
    missing: dict[str, list[str]] = field(default_factory=dict)
    spreads: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    @property
    def rankable(self) -> list[ranking.Entry]:
        return [entry for ref, entry in self.entries.items() if ref not in self.missing]


def live_applications(selection: Selection):
    return Application.objects.filter(call_id=selection.call_id, state__in=LIVE_STATES)


def _certificate_scales() -> dict[str, list[CertificateScale]]:
    """The office's certificate scales per profile test, oldest in force first (a scale for
    tests taken on any day counts as the oldest)."""
    by_test: dict[str, list[CertificateScale]] = defaultdict(list)
    scales_ = CertificateScale.objects.prefetch_related("thresholds").exclude(profile_test="")
    for scale in sorted(scales_, key=lambda row: (row.taken_from or date.min, row.code)):
        scale.rule = scale.to_rule(list(scale.thresholds.all()))
        by_test[scale.profile_test].append(scale)
    return by_test


def certificate_level(
    certificate: LanguageCertificate, by_test: dict[str, list[CertificateScale]]
) -> scales.CefrLevel | None:
    """The CEFR level a certificate shows: its score on the newest scale of its test in force
    on the day it was taken whose range holds the score; for another test (or a score no
    scale reads), the level printed on it."""
    score = certificate.numeric_score
    if score is not None and certificate.test != LanguageTest.OTHER:
        for scale in reversed(by_test.get(certificate.test, [])):
            if scale.applies_to(certificate.taken_on, score):
                return scales.certificate_cefr(scale.code, score, {scale.code: scale.rule})
    if certificate.cefr_level:
        return scales.cefr_level(certificate.cefr_level)
    return None


def best_level(certificates, by_test) -> scales.CefrLevel | None:
    levels = [certificate_level(certificate, by_test) for certificate in certificates]
    known = [level for level in levels if level is not None]
    return max(known) if known else None


def load_inputs(selection: Selection, *, places: dict[int, int] | None = None) -> Inputs:
    """The inputs of ``selection`` as stored now; ``places`` replaces the places of some of
    them (place id -> number: the coordinator's "what if"). About a dozen queries."""
    criteria = list(Criterion.objects.filter(selection=selection))
    rules = tuple(criterion.to_rule() for criterion in criteria)
    tie_rules = selection.tie_rule_list({criterion.code for criterion in criteria})
    grade_scales = {
        scale.profile_scale: scale.to_rule()
        for scale in GradeScale.objects.exclude(profile_scale__isnull=True)
    }
    by_test = _certificate_scales()

    offered = {place.pk: place for place in call_places(selection.call)}
    live = live_applications(selection)
    applications = list(live.select_related("applicant__profile").order_by("reference"))
    # Certificates and preferences as plain rows: thousands of them, no model per row needed.
    certificates: dict[int, list[LanguageCertificate]] = defaultdict(list)
    for user_id, test, score, taken_on, printed in (
        LanguageCertificate.objects.filter(profile__user__applications__in=live)
        .order_by("pk")
        .values_list("profile__user_id", "test", "score", "taken_on", "cefr_level")
    ):
        certificates[user_id].append(
            LanguageCertificate(test=test, score=score, taken_on=taken_on, cefr_level=printed)
        )
    chosen: dict[int, list[int]] = defaultdict(list)
    for application_id, place_id in (
        Preference.objects.filter(application__in=live)
        .order_by("application_id", "position")
        .values_list("application_id", "place_id")
    ):
        chosen[application_id].append(place_id)
    elsewhere = {pk for places_ in chosen.values() for pk in places_} - set(offered)
    others = MobilityCondition.objects.filter(pk__in=elsewhere).select_related("agreement__partner")
    scored: dict[int, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    # A member who applied to the call competes with those they scored: their points do not count.
    for application_id, criterion_id, points in (
        Score.objects.filter(assignment__selection=selection, assignment__conflict=False)
        .exclude(assignment__evaluator__applications__call_id=selection.call_id)
        .values_list("assignment__application_id", "criterion_id", "points")
    ):
        scored[application_id][criterion_id].append(points)
    corrections = {
        (application_id, criterion_id): points
        for application_id, criterion_id, points in Correction.objects.filter(
            selection=selection
        ).values_list("application_id", "criterion_id", "points")
    }

    inputs = Inputs(
        selection=selection,
        criteria=criteria,
        rules=rules,
        tie_rules=tie_rules,
        applications={},
        entries={},
        preferences={},
        places={},
        place_objects={**offered, **{place.pk: place for place in others}},
        partner_rules={},
    )
    for application in applications:
        _add(
            inputs,
            application,
            certificates.get(application.applicant_id, []),
            tuple(chosen.get(application.pk, ())),
            grade_scales,
            by_test,
            scored,
            corrections,
        )

    inputs.places = {pk: place.mobilities_per_year for pk, place in inputs.place_objects.items()}
    for pk in inputs.place_objects:
        if pk not in offered:  # chosen, but no longer offered by the call
            inputs.places[pk] = 0
    inputs.base_places = dict(inputs.places)
    for pk, number in (places or {}).items():
        if pk in inputs.places:
            inputs.places[pk] = number
    own = {
        rule.agreement_id: rule.to_rule(rules)
        for rule in PartnerRule.objects.filter(selection=selection)
    }
    inputs.partner_rules = {
        pk: own[place.agreement_id]
        for pk, place in inputs.place_objects.items()
        if place.agreement_id in own
    }
    return inputs


def _add(
    inputs, application, certificates, chosen, grade_scales, by_test, scored, corrections
) -> None:
    reference = application.reference
    profile = getattr(application.applicant, "profile", None)
    flags: list[str] = []
    grade = None
    if profile is not None and profile.grade_average is not None:
        scale = grade_scales.get(profile.grade_scale)
        if scale is not None:
            try:
                grade = scales.normalise_grade(
                    profile.grade_average, scale.code, {scale.code: scale}
                )
            except ValueError:
                flags.append("grade_outside_scale")
    level = best_level(certificates, by_test)
    year = profile.year_of_study if profile is not None else None

    points: dict[str, Decimal] = {}
    missing: list[str] = []
    spreads: dict[str, Decimal] = {}
    for criterion in inputs.criteria:
        correction = corrections.get((application.pk, criterion.pk))
        if correction is not None:
            points[criterion.code] = correction
            flags.append(f"corrected:{criterion.code}")
            continue
        if criterion.source == CriterionSource.GRADE:
            if grade is None:
                flags.append("no_grade")
            points[criterion.code] = criterion.max_points * (grade or 0)
        elif criterion.source == CriterionSource.LANGUAGE:
            if level is None:
                flags.append("no_language")
            points[criterion.code] = criterion.max_points * scales.cefr_rank(level) / _SIX
        elif criterion.source == CriterionSource.YEAR:
            if year is None:
                flags.append("no_year")
            points[criterion.code] = criterion.max_points * min(year or 0, 6) / _SIX
        else:
            given = scored.get(application.pk, {}).get(criterion.pk, [])
            if not given:
                missing.append(criterion.code)
                continue
            combined = ranking.aggregate(given, max_spread=inputs.selection.max_spread)
            points[criterion.code] = combined.mean
            spreads[criterion.code] = combined.spread
            if combined.disagreement:
                flags.append(f"disagreement:{criterion.code}")

    inputs.applications[reference] = application
    inputs.entries[reference] = ranking.Entry(
        reference=reference,
        scores=points,
        grade_normalised=grade,
        cefr=level,
        submitted_at=application.submitted_at,
        year_of_study=year,
        subject_area=application.subject_area or None,
    )
    inputs.preferences[reference] = chosen
    if flags:
        inputs.flags[reference] = flags
    if missing:
        inputs.missing[reference] = missing
    if spreads:
        inputs.spreads[reference] = spreads


def inputs_from_run(run) -> Inputs:
    """The inputs a published run was computed from, read back from its snapshot
    (``publishing.snapshot``): computing them again gives the published results (a run is
    reproducible whatever changed since). Three queries."""
    from datetime import datetime
    from types import SimpleNamespace

    data = run.inputs
    criteria = list(Criterion.objects.filter(selection_id=run.selection_id))
    names = {criterion.code: criterion for criterion in criteria}
    rules = tuple(
        ranking.Criterion(code, Decimal(weight), Decimal(maximum))
        for code, _source, weight, maximum in data["criteria"]
    )
    shown = [
        names.get(code) or Criterion(code=code, name=code, source=source, weight=Decimal(weight))
        for code, source, weight, _maximum in data["criteria"]
    ]
    settings = SimpleNamespace(
        min_total=Decimal(data["min_total"]),
        max_spread=Decimal(data["max_spread"]),
        call_id=run.selection.call_id,
        pk=run.selection_id,
    )
    places = {int(pk): number for pk, number in data["places"].items()}
    partner_rules = {}
    for pk, rule in data["partner_rules"].items():
        requirement = ranking.Requirement(
            min_cefr=scales.cefr_level(rule["min_cefr"]) if rule["min_cefr"] else None,
            subject_areas=tuple(rule["subject_areas"]),
        )
        own = ranking.with_weights(rules, rule["weights"]) if rule["weights"] else None
        partner_rules[int(pk)] = ranking.PartnerRule(requirement=requirement, criteria=own)
    applications = {
        application.reference: application
        for application in Application.objects.filter(
            call_id=run.selection.call_id, reference__in=list(data["entries"])
        ).select_related("applicant__profile")
    }
    inputs = Inputs(
        selection=settings,
        criteria=shown,
        rules=rules,
        tie_rules=tuple(ranking.TieRule(name, way) for name, way in data["tie_rules"]),
        applications=applications,
        entries={},
        preferences={},
        places=places,
        place_objects={
            place.pk: place
            for place in MobilityCondition.objects.filter(pk__in=list(places)).select_related(
                "agreement__partner"
            )
        },
        partner_rules=partner_rules,
    )
    for reference, entry in data["entries"].items():
        inputs.entries[reference] = ranking.Entry(
            reference=reference,
            scores={code: Decimal(points) for code, points in entry["scores"].items()},
            grade_normalised=Decimal(entry["grade"]) if entry["grade"] is not None else None,
            cefr=scales.cefr_level(entry["cefr"]) if entry["cefr"] else None,
            submitted_at=(
                datetime.fromisoformat(entry["submitted_at"]) if entry["submitted_at"] else None
            ),
            year_of_study=entry["year"],
            subject_area=entry["subject_area"],
        )
        inputs.preferences[reference] = tuple(entry["preferences"])
        if entry.get("flags"):
            inputs.flags[reference] = [flag for flag in entry["flags"] if flag != "below_minimum"]
    return inputs
