"""The bot's operating state, shared by every worker: whether it is paused, and which admin alerts and
summaries have gone out (each once per period, however many workers run and however often they restart)."""

from datetime import datetime, timedelta
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.clock import require_utc
from domain.copying import CopiesCollectionsOnly

_NAMESPACE = UUID("3b7e2f0a-8c41-4d5e-9a6b-2f1c0d9e7a54")


def pause_switch_id() -> UUID:
    return uuid5(_NAMESPACE, "pause-switch")


def alert_ledger_id_of(month: str) -> UUID:
    return uuid5(_NAMESPACE, f"alerts:{month}")


class PauseSwitch(CopiesCollectionsOnly, Aggregate):
    """Paused means non-admins are not answered by the model; their messages are kept."""

    @staticmethod
    def create_id() -> UUID:
        return pause_switch_id()

    @event("Opened")
    def __init__(self) -> None:
        self.paused = False
        self.changed_by: int | None = None
        self.changed_at: datetime | None = None

    def pause(self, by: int, at: datetime) -> bool:
        """True when this paused the bot; pausing a paused bot records nothing."""
        if self.paused:
            return False
        self._paused(by, require_utc(at))
        return True

    @event("Paused")
    def _paused(self, by: int, at: datetime) -> None:
        self.paused, self.changed_by, self.changed_at = True, by, at

    def resume(self, by: int, at: datetime) -> bool:
        if not self.paused:
            return False
        self._resumed(by, require_utc(at))
        return True

    @event("Resumed")
    def _resumed(self, by: int, at: datetime) -> None:
        self.paused, self.changed_by, self.changed_at = False, by, at


class AlertLedger(CopiesCollectionsOnly, Aggregate):
    """The admin alerts and summaries of one UTC month; one stream per month keeps streams short."""

    @staticmethod
    def create_id(month: str) -> UUID:
        return alert_ledger_id_of(month)

    @event("Opened")
    def __init__(self, month: str) -> None:
        self.month = month
        self.budget_thresholds: list[int] = []
        self.summaries: list[str] = []
        self.last_model_error_alert: datetime | None = None

    def record_budget_alert(self, threshold: int, spent_micros: int, cap_micros: int, at: datetime) -> bool:
        """True when this threshold had not been alerted this month yet."""
        if threshold in self.budget_thresholds:
            return False
        self._budget_alert_sent(threshold, spent_micros, cap_micros, require_utc(at))
        return True

    @event("BudgetAlertSent")
    def _budget_alert_sent(self, threshold: int, spent_micros: int, cap_micros: int, at: datetime) -> None:
        self.budget_thresholds.append(threshold)

    def record_summary(self, kind: str, period: str, at: datetime) -> bool:
        """True when the summary of this kind for this period had not been sent yet."""
        key = f"{kind}:{period}"
        if key in self.summaries:
            return False
        self._summary_sent(kind, period, require_utc(at))
        return True

    @event("SummarySent")
    def _summary_sent(self, kind: str, period: str, at: datetime) -> None:
        self.summaries.append(f"{kind}:{period}")

    def record_model_error_alert(self, failures: int, window: timedelta, at: datetime) -> bool:
        """True unless an alert already went out within the window before `at`."""
        at = require_utc(at)
        last = self.last_model_error_alert
        if last is not None and at - last < window:
            return False
        self._model_error_alert_sent(failures, int(window.total_seconds()), at)
        return True

    @event("ModelErrorAlertSent")
    def _model_error_alert_sent(self, failures: int, window_seconds: int, at: datetime) -> None:
        self.last_model_error_alert = at
