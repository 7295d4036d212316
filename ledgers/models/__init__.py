"""Models of the ledgers app, one module per subject."""

from .alliance import Alliance
from .export import Export
from .grants import FundGrant, GrantBatch, GrantSource
from .ledger import Achievement, AchievementProof, Activity, ActivityPhoto, FundEntry, Member, Training
from .report import ApiCall, ApiToken, YearlyReport
from .rollup import LedgerSummary, StudioYear

__all__ = [
    "Achievement",
    "Alliance",
    "ApiCall",
    "ApiToken",
    "AchievementProof",
    "Activity",
    "ActivityPhoto",
    "Export",
    "FundEntry",
    "FundGrant",
    "GrantBatch",
    "GrantSource",
    "LedgerSummary",
    "Member",
    "StudioYear",
    "Training",
    "YearlyReport",
]
