"""The projection's model now lives in `application.projection`; this name stays for the modules that
still import it from here."""

from application.projection.model import (
    DailyUsage,
    GlobalStats,
    LoggedEvent,
    ModelTotals,
    ProjectionConflict,
    Seen,
    StreamKind,
    StreamOwner,
    TimelineEntry,
    UsageCounts,
    UserTotals,
    ViewChanges,
)

__all__ = [
    "DailyUsage",
    "GlobalStats",
    "LoggedEvent",
    "ModelTotals",
    "ProjectionConflict",
    "Seen",
    "StreamKind",
    "StreamOwner",
    "TimelineEntry",
    "UsageCounts",
    "UserTotals",
    "ViewChanges",
]
