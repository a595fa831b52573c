"""The analytics projection: logged events into increments of the views (`changes`), applied with the
tracking position in one transaction (`analytics`), batch by batch from the log (`catch_up`) or as a
subscription delivers them (`follow`).

Only what the ports and the views' adapters share is exported here: `catch_up` and `follow` use the
ports, which use this model.
"""

from application.projection.changes import by_model
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
    logged,
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
    "by_model",
    "logged",
]
