"""A throwaway PostgreSQL cluster for the tests that need one, started on first use.

The cluster lives in a temporary folder, listens on a free 127.0.0.1 port and on a Unix socket in
that folder, trusts every local connection and trades durability for speed. Every test gets a
database of its own. PostgreSQL refuses to run as root, so under root the server runs as the
`postgres` system user.
"""

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

SERVER_USER = "postgres"
SUPERUSER = "postgres"
START_SECONDS = 60
INITDB_OPTIONS = ("-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "full_page_writes": "off",
    "synchronous_commit": "off",
    "max_connections": "300",
    "shared_buffers": "32MB",
    "log_min_messages": "warning",
}


class PostgresUnavailable(Exception):
    pass


def find_binaries() -> tuple[Path, Path]:
    """initdb and pg_ctl from PATH, else from the newest /usr/lib/postgresql/*/bin."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return Path(initdb), Path(pg_ctl)
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_of, reverse=True):
        if Path(folder, "initdb").is_file() and Path(folder, "pg_ctl").is_file():
            return Path(folder, "initdb"), Path(folder, "pg_ctl")
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) were found neither on PATH nor in "
        "/usr/lib/postgresql/*/bin; install them with scripts/ensure-test-services.sh"
    )


def _version_of(folder: str) -> int:
    name = Path(folder).parent.name
    return int(name) if name.isdigit() else 0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _run_as_server_user() -> list[str]:
    """The command prefix that drops root to the server user; empty when not root."""
    if os.geteuid() != 0:
        return []
    if shutil.which("runuser"):
        return ["runuser", "-u", SERVER_USER, "--"]
    if shutil.which("setpriv"):
        return ["setpriv", f"--reuid={SERVER_USER}", f"--regid={SERVER_USER}", "--init-groups", "--"]
    raise PostgresUnavailable("running as root, and neither runuser nor setpriv is available")


@dataclass
class PostgresCluster:
    root: Path
    port: int
    pg_ctl: Path
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database, returned as a postgresql:// URL."""
        name = f"test_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drops a database made by create_database, closing any connection still open to it."""
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            self.pg_ctl_run("-m", "immediate", "-w", "stop")
        finally:
            _remove(self.root)

    def pause(self) -> None:
        """Stops the server as an outage would: connections cut, nothing answers on the port."""
        self.pg_ctl_run("-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Starts the stopped server again on the same port, with the same data."""
        self.pg_ctl_run(
            "-l", str(self.log_file), "-w", "-t", str(START_SECONDS), "-o", f"-p {self.port}", "start"
        )

    def pg_ctl_run(self, *args: str) -> None:
        _run([*_run_as_server_user(), str(self.pg_ctl), "-D", str(self.data_dir), *args], self.root)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"


def start_cluster() -> PostgresCluster:
    initdb, pg_ctl = find_binaries()
    as_server = _run_as_server_user()
    root = Path(tempfile.mkdtemp(prefix="gptbot-pg-"))
    try:
        (root / "socket").mkdir()
        if as_server:
            account = pwd.getpwnam(SERVER_USER)
            for path in (root, root / "socket"):
                os.chown(path, account.pw_uid, account.pw_gid)
        data = root / "data"
        _run([*as_server, str(initdb), "-D", str(data), *INITDB_OPTIONS], root)
        settings = {**SETTINGS, "unix_socket_directories": f"'{root / 'socket'}'"}
        with (data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        return _start_on_a_free_port(root, pg_ctl)
    except BaseException:
        _remove(root)
        raise


def _start_on_a_free_port(root: Path, pg_ctl: Path) -> PostgresCluster:
    # Another process may take the probed port before the server binds it: try a few.
    last_error: PostgresUnavailable | None = None
    for _ in range(3):
        cluster = PostgresCluster(root, free_port(), pg_ctl)
        try:
            options = f"-p {cluster.port}"
            cluster.pg_ctl_run(
                "-l", str(cluster.log_file), "-w", "-t", str(START_SECONDS), "-o", options, "start"
            )
            return cluster
        except PostgresUnavailable as error:
            last_error = PostgresUnavailable(f"{error}\n{cluster.log_tail()}")
    assert last_error is not None
    raise last_error


def _remove(root: Path) -> None:
    # Server processes may still be exiting after an immediate stop; try again before giving up.
    for _ in range(5):
        shutil.rmtree(root, ignore_errors=True)
        if not root.exists():
            return
        time.sleep(0.2)


def _run(command: list[str], cwd: Path) -> None:
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PostgresUnavailable(f"{Path(command[0]).name} failed: {error}") from error
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip()
        raise PostgresUnavailable(f"{' '.join(command)} exited with {done.returncode}: {output}")


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """The session's PostgreSQL cluster; started only when a test asks for it."""
    try:
        cluster = start_cluster()
    except PostgresUnavailable as error:
        pytest.fail(f"cannot start the test PostgreSQL server: {error}", pytrace=False)
    try:
        yield cluster
    finally:
        with contextlib.suppress(PostgresUnavailable):
            cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster) -> Iterator[str]:
    """postgresql://postgres@127.0.0.1:PORT/NAME of an empty database made for this test."""
    url = postgres_cluster.create_database()
    yield url
    # Dropping keeps the cluster small; a database left behind only costs disk until the session ends.
    with contextlib.suppress(psycopg.Error):
        postgres_cluster.drop_database(url)
