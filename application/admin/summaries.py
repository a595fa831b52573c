"""The daily and weekly summaries sent to admins, each once per period across workers and restarts."""

from datetime import date, timedelta

from application.admin.alerts import AlertClaims
from application.admin.reports import AdminReports
from application.admin.texts import describe_summary
from application.messages import text
from application.ports import Clock, Notifier


class ScheduledSummaries:
    def __init__(self, reports: AdminReports, claims: AlertClaims, notifier: Notifier, clock: Clock) -> None:
        self.reports, self.claims, self.notifier, self.clock = reports, claims, notifier, clock

    async def send_daily(self, day: date) -> bool:
        """Send the summary of one UTC day; False when it had already been sent."""
        return await self._send("daily", day, day, text("summary_daily_title", day=day.isoformat()))

    async def send_weekly(self, last_day: date) -> bool:
        """Send the summary of the seven UTC days ending with `last_day`."""
        since = last_day - timedelta(days=6)
        title = text("summary_weekly_title", since=since.isoformat(), until=last_day.isoformat())
        return await self._send("weekly", since, last_day, title)

    async def _send(self, kind: str, since: date, until: date, title: str) -> bool:
        summary = await self.reports.period(since, until)
        now = self.clock.now()
        period = f"{since.isoformat()}..{until.isoformat()}"
        month = until.strftime("%Y-%m")
        if not await self.claims.claim(month, lambda ledger: ledger.record_summary(kind, period, now)):
            return False
        await self.notifier.notify_admins(describe_summary(title, summary))
        return True
