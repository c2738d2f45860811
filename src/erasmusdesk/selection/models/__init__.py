"""The selection's data: tables, per-call settings and criteria, committee, results."""

from erasmusdesk.selection.models.committee import Assignment, Member, Score
from erasmusdesk.selection.models.results import (
    Appeal,
    AppealStatus,
    Correction,
    Outcome,
    Result,
    Run,
)
from erasmusdesk.selection.models.selection import (
    Criterion,
    CriterionSource,
    PartnerRule,
    Selection,
    TieField,
)
from erasmusdesk.selection.models.tables import CefrThreshold, CertificateScale, GradeScale

__all__ = [
    "Appeal",
    "AppealStatus",
    "Assignment",
    "CefrThreshold",
    "CertificateScale",
    "Correction",
    "Criterion",
    "CriterionSource",
    "GradeScale",
    "Member",
    "Outcome",
    "PartnerRule",
    "Result",
    "Run",
    "Score",
    "Selection",
    "TieField",
]
