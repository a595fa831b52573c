from datetime import UTC, datetime

from domain.errors import NaiveTimestamp


def require_utc(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise NaiveTimestamp()
    return at.astimezone(UTC)


def month_of(at: datetime) -> str:
    return require_utc(at).strftime("%Y-%m")
