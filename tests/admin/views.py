"""Analytics views in memory, filled with the daily usage a test needs."""

from datetime import UTC, date, datetime

from application.projection.model import ViewChanges
from application.views import Seen, UsageCounts
from tests.fakes.views import FakeAnalyticsViews


def spend(views: FakeAnalyticsViews, user_id: int, day: date, cost_micros: int, requests: int = 1) -> None:
    """Adds one user's usage on one day, as the projection would."""
    counts = UsageCounts(requests=requests, input_tokens=10 * requests, cost_micros=cost_micros)
    at = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
    position = views.position()
    views.apply(
        ViewChanges(
            after=position,
            position=position + 1,
            daily={(user_id, day): counts},
            users={user_id: counts},
            seen={user_id: Seen(at, at)},
        )
    )
