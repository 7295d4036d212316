"""Models of the studios app, one module per subject."""

from .application import Application, ApplicationUserObjectPermission
from .assessment import (
    Assessment,
    AssessmentReminder,
    AssessmentResult,
    AssessmentRound,
    AssessmentScore,
)
from .campaign import Campaign, Quota, ScoringDimension
from .change import LEAD_FIELDS, StudioChange
from .criteria import CriteriaSet, Criterion
from .expert import (
    ExpertAssignment,
    ExpertProfile,
    ExpertScore,
    Meeting,
    MeetingDecision,
    SiteVisit,
    SiteVisitFile,
)
from .history import TransitionLog
from .notice import Objection, Publicity
from .package import NominationPackage
from .review import CriterionVerdict, Decision, Review, VerdictChoice
from .studio import (
    Education,
    Evidence,
    EvidenceFile,
    Gender,
    Honour,
    Naming,
    NamingLevel,
    NamingTier,
    PoliticalStatus,
    SkillLevel,
    Studio,
    StudioGroupObjectPermission,
    StudioType,
    StudioUserObjectPermission,
    Topic,
)

__all__ = [
    "Application",
    "ApplicationUserObjectPermission",
    "Assessment",
    "AssessmentReminder",
    "AssessmentResult",
    "AssessmentRound",
    "AssessmentScore",
    "Campaign",
    "CriteriaSet",
    "Criterion",
    "CriterionVerdict",
    "Decision",
    "Education",
    "Evidence",
    "EvidenceFile",
    "ExpertAssignment",
    "ExpertProfile",
    "ExpertScore",
    "Gender",
    "Honour",
    "Meeting",
    "MeetingDecision",
    "SiteVisit",
    "SiteVisitFile",
    "Naming",
    "NamingLevel",
    "NamingTier",
    "NominationPackage",
    "Objection",
    "PoliticalStatus",
    "Publicity",
    "Quota",
    "Review",
    "ScoringDimension",
    "SkillLevel",
    "Studio",
    "StudioChange",
    "LEAD_FIELDS",
    "StudioGroupObjectPermission",
    "StudioType",
    "StudioUserObjectPermission",
    "Topic",
    "TransitionLog",
    "VerdictChoice",
]
