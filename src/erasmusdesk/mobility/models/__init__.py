"""The mobility's data, named after the Erasmus Without Paper elements they mirror."""

from erasmusdesk.mobility.models.checklist import (
    DepartureChecklist,
    DepartureStep,
    DepartureTick,
)
from erasmusdesk.mobility.models.courses import HostCourse
from erasmusdesk.mobility.models.learning import (
    Component,
    ComponentStatus,
    LearningAgreement,
    LearningAgreementStatus,
    ReasonCode,
    Signature,
    SignerParty,
    Table,
)
from erasmusdesk.mobility.models.mobility import (
    ACTIVITY_OF_PLACE,
    STATE_CHOICES,
    STATE_LABELS,
    ActivityAttributes,
    ActivityType,
    GrantPayer,
    HostContact,
    Mobility,
    MobilityGrant,
    MobilityStateChange,
)
from erasmusdesk.mobility.models.records import (
    AttendanceCertificate,
    CertificateStatus,
    GradingTable,
    GradingTableRow,
    Recognition,
    RecognitionDecision,
    RecognizedComponent,
    Transcript,
    TranscriptResult,
)
from erasmusdesk.mobility.models.rules import MobilityRules
from erasmusdesk.mobility.models.stay import StayChange, StayChangeKind, StayChangeStatus

__all__ = [
    "ACTIVITY_OF_PLACE",
    "STATE_CHOICES",
    "STATE_LABELS",
    "ActivityAttributes",
    "ActivityType",
    "AttendanceCertificate",
    "CertificateStatus",
    "Component",
    "DepartureChecklist",
    "DepartureStep",
    "DepartureTick",
    "ComponentStatus",
    "GradingTable",
    "GradingTableRow",
    "GrantPayer",
    "HostContact",
    "HostCourse",
    "StayChange",
    "StayChangeKind",
    "StayChangeStatus",
    "LearningAgreement",
    "LearningAgreementStatus",
    "Mobility",
    "MobilityGrant",
    "MobilityRules",
    "MobilityStateChange",
    "ReasonCode",
    "Recognition",
    "RecognitionDecision",
    "RecognizedComponent",
    "Signature",
    "SignerParty",
    "Table",
    "Transcript",
    "TranscriptResult",
]
