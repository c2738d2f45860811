"""The advisor: every published opportunity of the catalogue assessed for a visitor, with the
reasons in words and the calls (not closed) the visitor may apply to.

Where a call exists, the call's own eligibility decides: an opportunity whose calls still to
come or open are all for other categories of applicant does not fit, and says which call is
for whom. Reads only; nothing is stored.
"""

from dataclasses import dataclass

from erasmusdesk.advisor import fit
from erasmusdesk.advisor.explain import ACTIVITY_LABELS, REASON_CALL_EXCLUDES, sentence
from erasmusdesk.advisor.models import FitRule
from erasmusdesk.calls.models import ApplicantCategory, Call
from erasmusdesk.catalogue.models import Opportunity


@dataclass(frozen=True)
class PathAdvice:
    activity: str
    activity_label: str
    fits: bool
    reasons: list[str]


@dataclass(frozen=True)
class Advice:
    opportunity: Opportunity
    fits: bool
    paths: list[PathAdvice]
    calls: list[Call]
    reasons: list[str]  # every path's reasons, for the API
    sources: list[str]

    @property
    def slug(self) -> str:
        return self.opportunity.slug


def category_of(visitor: fit.Visitor) -> str | None:
    """The call's applicant category of the visitor (calls.models.ApplicantCategory)."""
    if visitor.role == fit.Role.STUDENT:
        return str(visitor.level) if visitor.level else None
    return (
        ApplicantCategory.TEACHER if visitor.role == fit.Role.TEACHER else ApplicantCategory.STAFF
    )


def advise(visitor: fit.Visitor) -> list[Advice]:
    """Every published opportunity (catalogue order) assessed for ``visitor``."""
    opportunities = list(Opportunity.objects.published().select_related("parent"))
    rule_rows = list(FitRule.objects.all())
    rules = [row.to_rule() for row in rule_rows]
    sources = {row.slug: [] for row in rule_rows}
    for row in rule_rows:
        sources[row.slug].append(row.source)
    assessments = fit.assess(visitor, [o.slug for o in opportunities], rules)
    calls_by_opportunity: dict[int, list[Call]] = {}
    for call in Call.objects.published().not_closed().select_related("opportunity"):
        calls_by_opportunity.setdefault(call.opportunity_id, []).append(call)
    category = category_of(visitor)
    advice = []
    for opportunity, assessment in zip(opportunities, assessments, strict=True):
        paths = [
            PathAdvice(
                activity=path.activity,
                activity_label=str(ACTIVITY_LABELS.get(path.activity, path.activity)),
                fits=path.fits,
                reasons=[sentence(reason) for reason in path.reasons],
            )
            for path in assessment.paths
        ]
        fits = assessment.fits
        calls = calls_by_opportunity.get(opportunity.pk, [])
        open_to_me = [c for c in calls if category and category in c.category_list]
        extra = []
        if fits and calls and category and not open_to_me:
            fits = False
            for call in calls:
                categories = ", ".join(
                    str(ApplicantCategory(code).label) for code in call.category_list
                )
                extra.append(
                    sentence(
                        fit.Reason(
                            REASON_CALL_EXCLUDES,
                            False,
                            {"call": call.title, "categories": categories},
                        )
                    )
                )
        if extra:
            paths.append(PathAdvice("", "", False, extra))
        advice.append(
            Advice(
                opportunity=opportunity,
                fits=fits,
                paths=paths,
                calls=open_to_me if fits else [],
                reasons=[
                    f"{path.activity_label}: {reason}" if path.activity_label else reason
                    for path in paths
                    for reason in path.reasons
                ],
                sources=sources.get(opportunity.slug, []),
            )
        )
    return advice


RULE_SAVED = "erasmusdesk.advisor.rule.saved"


def save_fit_rule(rule: FitRule, *, by) -> FitRule:
    """The office's edit of an advisor rule (the back office calls it)."""
    from django.db import transaction

    from erasmusdesk.core import audit

    with transaction.atomic():
        rule.full_clean()
        rule.save()
        audit.record(RULE_SAVED, rule, by=by)
    return rule
