"""Models of the studios app, one module per subject."""

from .criteria import CriteriaSet, Criterion
from .history import TransitionLog
from .studio import (
    Evidence,
    EvidenceFile,
    Honour,
    Naming,
    NamingLevel,
    SkillLevel,
    Studio,
    StudioGroupObjectPermission,
    StudioType,
    StudioUserObjectPermission,
    Topic,
)

__all__ = [
    "CriteriaSet",
    "Criterion",
    "Evidence",
    "EvidenceFile",
    "Honour",
    "Naming",
    "NamingLevel",
    "SkillLevel",
    "Studio",
    "StudioGroupObjectPermission",
    "StudioType",
    "StudioUserObjectPermission",
    "Topic",
    "TransitionLog",
]
