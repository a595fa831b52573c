"""What the tests of the container files and the systemd units share: where they are, how long the
bot drains by default, and durations as Compose and systemd write them."""

import re
from pathlib import Path

from entrypoints.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
NOTICE_SECONDS = 5.0  # after the grace, the notices to the users of unfinished replies (ADR 23)
DEFAULT_GRACE_SECONDS = float(Settings.model_fields["shutdown_grace_seconds"].default)

COMPOSE_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001, "us": 0.000001}
SYSTEMD_UNITS = {
    "h": 3600.0, "hr": 3600.0, "hour": 3600.0, "hours": 3600.0,
    "m": 60.0, "min": 60.0, "minute": 60.0, "minutes": 60.0,
    "s": 1.0, "sec": 1.0, "second": 1.0, "seconds": 1.0, "": 1.0,
    "ms": 0.001, "msec": 0.001,
}  # fmt: skip
PART = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([a-z]*)")


def seconds(duration: str, units: dict[str, float]) -> float:
    """`1m30s` (Compose) or `1min 30s`, `90` (systemd) in seconds; anything else is an error."""
    total, at = 0.0, 0
    for part in PART.finditer(duration):
        if part.start() != at or part.group(2) not in units:
            break
        total, at = total + float(part.group(1)) * units[part.group(2)], part.end()
    if at == 0 or duration[at:].strip():
        raise ValueError(f"not a duration: {duration!r}")
    return total
