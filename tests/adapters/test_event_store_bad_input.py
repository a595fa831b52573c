"""A database that cannot be used is refused at start with one clear line, and never shows a password."""

import socket
from pathlib import Path

import pytest

from adapters.sql.database_url import InvalidDatabaseUrl
from adapters.sql.event_store import EventStoreAggregates
from application.errors import StoreUnavailable

PASSWORD = "s3cret-Pa55word"


def refusal(database_url: str) -> str:
    with pytest.raises((StoreUnavailable, InvalidDatabaseUrl)) as refused:
        EventStoreAggregates.from_database_url(database_url)
    message = str(refused.value)
    assert "\n" not in message, message
    assert PASSWORD not in message, message
    return message


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "gptbot.db"
    junk.write_bytes(bytes(range(256)) * 64)

    message = refusal(f"sqlite:///{junk}")

    assert message == f"{junk} exists but is not an SQLite database"
    assert junk.read_bytes() == bytes(range(256)) * 64


def test_a_damaged_database_file_is_refused(tmp_path: Path) -> None:
    damaged = tmp_path / "gptbot.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4080)

    message = refusal(f"sqlite:///{damaged}")

    assert message.startswith(f"cannot open the event store at sqlite:///{damaged}: ")
    assert "not a database" in message


def test_a_directory_in_place_of_the_database_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "gptbot.db"
    folder.mkdir()

    assert refusal(f"sqlite:///{folder}") == f"the database path {folder} is a directory, not a file"


def test_a_database_path_under_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")

    message = refusal(f"sqlite:///{blocker}/gptbot.db")

    assert message.startswith(f"cannot create the folder for {blocker}/gptbot.db")


def test_postgresql_on_a_closed_port_is_reported_without_the_password() -> None:
    port = closed_port()

    message = refusal(f"postgresql://gptbot:{PASSWORD}@127.0.0.1:{port}/gptbot")

    assert message.startswith(
        f"cannot open the event store at postgresql://gptbot:***@127.0.0.1:{port}/gptbot: "
    )
    assert "refused" in message.lower()


@pytest.mark.parametrize(
    "database_url",
    [f"mysql://gptbot:{PASSWORD}@127.0.0.1/gptbot", f"redis://:{PASSWORD}@127.0.0.1:6379/0"],
)
def test_an_unknown_scheme_is_refused_without_the_password(database_url: str) -> None:
    scheme = database_url.split(":", 1)[0]

    assert refusal(database_url) == f"DATABASE_URL must be sqlite:/// or postgresql://, not {scheme}://"


@pytest.mark.parametrize(
    "database_url",
    ["", "gptbot.db", f"postgresql://gptbot:{PASSWORD}@127.0.0.1:port/gptbot", f"://gptbot:{PASSWORD}@"],
)
def test_a_value_that_is_not_a_url_is_refused_without_echoing_it(database_url: str) -> None:
    message = refusal(database_url)

    assert message.startswith("DATABASE_URL is not a database URL")
