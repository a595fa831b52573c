"""Where a chain of migrations stands, read without Alembic: a start that finds the event tables and the
views at their heads imports none of Alembic's machinery (ADR 43)."""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, inspect, text


@dataclass(frozen=True)
class Chain:
    versions: Path
    version_table: str

    @property
    def head(self) -> str:
        """The newest revision. Migrations are named `v<revision>_<what>.py`, revisions numbered in
        order; tests/adapters/test_schema_revisions.py holds this to Alembic's own head."""
        return max(path.name[1:].split("_", 1)[0] for path in self.versions.glob("v*_*.py"))

    def revision(self, connection: Connection) -> str | None:
        """The revision the database is at, as Alembic's version table records it; None before the first."""
        if not inspect(connection).has_table(self.version_table):
            return None
        found = connection.execute(text(f"SELECT version_num FROM {self.version_table}")).scalar()
        return None if found is None else str(found)

    def current(self, connection: Connection) -> bool:
        return self.revision(connection) == self.head
