"""The dashboard benchmark's SQLite store, built once per size and kept between runs.

Writing a million events and projecting them takes minutes, so the finished file is kept under the
system's temporary folder, keyed by its size, the generator's version and the views' migrations: when
those change, the events of an earlier store of the same size are kept and only the views are made
again, by the projection, from an empty schema. Each run still runs the projection over it first.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from adapters.sql.views.migrate import VERSION_TABLE
from adapters.sql.views.tables import metadata
from bench.dashboard_data import FIRST_USER, Plan, write_store
from bench.runner_env import gptbot_command, minimal_env

VERSION = 1
"""Of the generator: a change to what it writes makes a new cache folder."""
CACHE = Path(tempfile.gettempdir()) / "gptbot-bench-dashboard"
MIGRATIONS = Path(__file__).resolve().parent.parent / "adapters" / "sql" / "views" / "migrations" / "versions"


@dataclass(frozen=True)
class Store:
    path: Path
    end: date
    """The last day with usage."""
    heaviest: int
    """The user with the most usage records."""
    typical: int
    """A user with the median number of records."""
    events: int
    built_seconds: float | None
    """None when the store came from the cache."""

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"


def settings(store: Store) -> dict[str, str]:
    return {
        "DATABASE_URL": store.url,
        "ANALYTICS_STORE_CONTENT": "true",
        "ADMIN_IDS": str(FIRST_USER),
    }


def prepared(users: int, events: int) -> Store:
    """The cached store of this size (built now when missing), its views caught up with its log."""
    size = f"v{VERSION}-{users}-users-{events}-events"
    folder = CACHE / f"{size}-views-{_views_schema()}"
    meta = folder / "store.json"
    built = None
    if not meta.exists():
        earlier = sorted(CACHE.glob(f"{size}-views-*/store.json"))
        plan = Plan(users, events, datetime.now(UTC).date())
        built = _views_again(earlier[-1].parent, folder) if earlier else _build(folder, plan)
    facts = json.loads(meta.read_text())
    store = Store(
        folder / "bot.db",
        date.fromisoformat(facts["end"]),
        facts["heaviest"],
        facts["typical"],
        facts["events"],
        built,
    )
    project(store)
    return store


def project(store: Store) -> None:
    """`gptbot project --once`: the real projection, as an operator would run it."""
    with open(store.path.parent / "project.log", "wb") as log:
        subprocess.run(
            gptbot_command("project", "--once"),
            env=minimal_env(settings(store)),
            cwd=store.path.parent,
            stdout=log,
            stderr=log,
            check=True,
        )


def _views_schema() -> str:
    digest = hashlib.sha256()
    for migration in sorted(MIGRATIONS.glob("*.py")):
        digest.update(migration.read_bytes())
    return digest.hexdigest()[:12]


def _views_again(earlier: Path, folder: Path) -> float:
    """The earlier store's events, its views dropped and projected again under today's migrations."""
    started = time.perf_counter()
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(earlier, partial)
    connection = sqlite3.connect(partial / "bot.db")
    try:
        for name in [*metadata.tables, VERSION_TABLE]:
            connection.execute(f'DROP TABLE IF EXISTS "{name}"')
        connection.commit()
    finally:
        connection.close()
    facts = json.loads((partial / "store.json").read_text())
    project(Store(partial / "bot.db", date.fromisoformat(facts["end"]), 0, 0, facts["events"], None))
    shutil.rmtree(earlier)
    os.rename(partial, folder)
    return time.perf_counter() - started


def _build(folder: Path, plan: Plan) -> float:
    started = time.perf_counter()
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    written = write_store(f"sqlite:///{partial / 'bot.db'}", plan)
    counts = plan.records()
    ranked = sorted(range(plan.users), key=lambda n: counts[n])
    facts = {
        "end": plan.end.isoformat(),
        "heaviest": FIRST_USER + ranked[-1],
        "typical": FIRST_USER + ranked[len(ranked) // 2],
        "events": written,
    }
    (partial / "store.json").write_text(json.dumps(facts))
    provisional = Store(partial / "bot.db", plan.end, 0, 0, written, None)
    project(provisional)
    shutil.rmtree(folder, ignore_errors=True)
    os.rename(partial, folder)
    return time.perf_counter() - started
