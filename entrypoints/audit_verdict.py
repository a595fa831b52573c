"""The verdict of the last `gptbot audit replay`, kept in a small file beside the data for `gptbot status`."""

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from adapters.sql.database_url import sqlite_path
from entrypoints.settings import Settings

FILE_NAME = "last-audit.json"


@dataclass(frozen=True)
class AuditVerdict:
    at: str
    ok: bool
    breaks: int
    mismatches: int


def verdict_file(settings: Settings) -> Path:
    """Beside the SQLite file; else ./data (with PostgreSQL, the host the audit ran on keeps it)."""
    database = sqlite_path(settings.database_url)
    return (database.parent if database is not None else Path("data")) / FILE_NAME


def record_verdict(settings: Settings, verdict: AuditVerdict) -> None:
    path = verdict_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    written = path.with_suffix(".tmp")
    written.write_text(json.dumps(asdict(verdict)), encoding="utf-8")
    written.replace(path)  # a reader sees the old verdict or the new one, never half of one


def last_verdict(settings: Settings) -> AuditVerdict | None:
    try:
        raw = json.loads(verdict_file(settings).read_text(encoding="utf-8"))
        return AuditVerdict(str(raw["at"]), bool(raw["ok"]), int(raw["breaks"]), int(raw["mismatches"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def verdict_now(at: datetime, ok: bool, breaks: int, mismatches: int) -> AuditVerdict:
    return AuditVerdict(at.isoformat(timespec="seconds"), ok, breaks, mismatches)
