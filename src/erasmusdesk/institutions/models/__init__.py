"""Institutions, their contacts and units, and inter-institutional agreements."""

from erasmusdesk.institutions.models.agreement import (
    Agreement,
    AgreementStatus,
    CefrLevel,
    Direction,
    EqfLevel,
    MobilityCondition,
    MobilityType,
)
from erasmusdesk.institutions.models.import_job import AgreementImport
from erasmusdesk.institutions.models.institution import (
    Contact,
    Institution,
    InternationalOffice,
    OrganisationalUnit,
)

__all__ = [
    "Agreement",
    "AgreementImport",
    "AgreementStatus",
    "CefrLevel",
    "Contact",
    "Direction",
    "EqfLevel",
    "Institution",
    "InternationalOffice",
    "MobilityCondition",
    "MobilityType",
    "OrganisationalUnit",
]
