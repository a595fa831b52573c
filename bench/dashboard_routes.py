"""Every page, fragment and API call of the dashboard the benchmark asks for, with the ranges and
queries an admin would use: the last 7, 30 and 90 days, each sort, searches, deep pages."""

from datetime import date, timedelta
from urllib.parse import urlencode

from application.dashboard.model import UserSort

RANGES = (7, 30, 90)


def days(end: date, length: int) -> dict[str, str]:
    return {"from": (end - timedelta(days=length - 1)).isoformat(), "to": end.isoformat()}


def address(path: str, **query: str | int) -> str:
    return f"{path}?{urlencode(query)}" if query else path


def routes(end: date, heaviest: int, typical: int, older: int | None) -> list[str]:
    """The addresses to time; `older` is a timeline position for the heaviest user's second page."""
    month = days(end, 30)
    chosen: list[str] = []
    for length in RANGES:
        r = days(end, length)
        chosen += [address("/", **r), address("/api/v1/overview", **r)]
        chosen += [address("/users", ranged="true", **r), address("/api/v1/users", ranged="true", **r)]
        chosen += [address(f"/users/{heaviest}", **r), address(f"/api/v1/users/{heaviest}", **r)]
    chosen += [
        address("/fragments/overview", **month),
        address("/api/v1/overview/days.csv", **days(end, 90)),
        address("/api/v1/overview/models.csv", **days(end, 90)),
        "/users",
        address("/users", page=150),
        address("/users", per_page=200, page=10),
        address("/users", q="grace"),
        address("/users", q="user77"),
        address("/users", q="0000123"),
        address("/users", q="nobody-at-all"),
        address("/users", sort="name", order="asc", ranged="true", **month),
    ]
    chosen += [address("/api/v1/users", sort=sort.value) for sort in UserSort]
    chosen += [
        address("/api/v1/users", sort="spend", order="asc", page=199),
        address("/api/v1/users", q="tester12", sort="last_seen"),
        "/api/v1/users.csv",
        address("/api/v1/users.csv", ranged="true", **days(end, 90)),
        address(f"/users/{typical}", **month),
        address(f"/api/v1/users/{typical}", **days(end, 90)),
        address(f"/fragments/users/{heaviest}/timeline", **month),
        address(f"/api/v1/users/{heaviest}/days.csv", **days(end, 90)),
        address(f"/api/v1/users/{heaviest}/timeline.csv", **month),
        "/audit",
        address("/audit", page=100),
        "/api/v1/audit",
        address("/api/v1/audit/ledgers.csv", page=3),
        "/health",
        "/api/v1/health",
        "/api/v1/openapi.json",
    ]
    if older is not None:
        chosen += [
            address(f"/users/{heaviest}", before=older, **month),
            address(f"/api/v1/users/{heaviest}", before=older, **month),
        ]
    return chosen
