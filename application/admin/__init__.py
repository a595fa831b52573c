"""What admins get: commands over users and budgets, status, reports and scheduled summaries, alerts,
and the pause switch."""

from application.admin.alerts import AlertClaims, BudgetAlerts
from application.admin.model_errors import ModelErrorAlerts, ModelErrorWindow, WatchedChatModel
from application.admin.pause import PauseService
from application.admin.reports import AdminReports
from application.admin.schedule import AdminRoutine
from application.admin.service import AdminService
from application.admin.status import StatusService, StoreProbe
from application.admin.summaries import ScheduledSummaries

__all__ = [
    "AdminReports",
    "AdminRoutine",
    "AdminService",
    "AlertClaims",
    "BudgetAlerts",
    "ModelErrorAlerts",
    "ModelErrorWindow",
    "PauseService",
    "ScheduledSummaries",
    "StatusService",
    "StoreProbe",
    "WatchedChatModel",
]
