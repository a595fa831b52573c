"""The analytics projection: logged events into increments of the views (`changes`), applied with the
tracking position in one transaction (`analytics`), batch by batch from the log (`catch_up`) or as a
subscription delivers them (`follow`).

Only the model and `by_model` are exported here: `catch_up` and `follow` use the projection's ports
(`ports`), which use the model. The views' rows themselves are in application.views.
"""

from application.projection.changes import by_model
from application.projection.model import (
    LoggedEvent,
    ProjectionConflict,
    StreamKind,
    StreamOwner,
    ViewChanges,
    logged,
)

__all__ = [
    "LoggedEvent",
    "ProjectionConflict",
    "StreamKind",
    "StreamOwner",
    "ViewChanges",
    "by_model",
    "logged",
]
