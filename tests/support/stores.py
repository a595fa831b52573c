"""Every implementation of the Aggregates port, so one test runs against each of them."""

from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import pytest

from adapters.sql.event_store import EventStoreAggregates
from application.ports import Aggregates
from tests.fakes.aggregates import FakeAggregates


class StoreKind(StrEnum):
    FAKE = "fake"
    POPO = "popo"
    SQLITE = "sqlite"
    POSTGRES = "postgres"


STORE_PARAMS = [
    pytest.param(StoreKind.FAKE, id="fake"),
    pytest.param(StoreKind.POPO, id="popo"),
    pytest.param(StoreKind.SQLITE, id="sqlite"),
    pytest.param(StoreKind.POSTGRES, id="postgres", marks=pytest.mark.postgres),
]

DURABLE_STORE_PARAMS = [
    pytest.param(StoreKind.SQLITE, id="sqlite"),
    pytest.param(StoreKind.POSTGRES, id="postgres", marks=pytest.mark.postgres),
]


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'gptbot.db'}"


def database_url(kind: StoreKind, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database of this kind; PostgreSQL starts only when first asked for."""
    if kind is StoreKind.SQLITE:
        return sqlite_url(tmp_path)
    if kind is StoreKind.POSTGRES:
        url: str = request.getfixturevalue("postgres_url")
        return url
    raise ValueError(f"{kind} has no database URL")


def open_store(kind: StoreKind, request: pytest.FixtureRequest, tmp_path: Path) -> Aggregates:
    if kind is StoreKind.FAKE:
        return FakeAggregates()
    if kind is StoreKind.POPO:
        return EventStoreAggregates.in_memory()
    return EventStoreAggregates.from_database_url(database_url(kind, request, tmp_path))


def close_store(store: Aggregates) -> None:
    if isinstance(store, EventStoreAggregates):
        store.close()


@pytest.fixture(params=STORE_PARAMS)
def store_kind(request: pytest.FixtureRequest) -> StoreKind:
    kind: StoreKind = request.param
    return kind


@pytest.fixture
def aggregates(store_kind: StoreKind, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Aggregates]:
    """An empty store of each kind in turn: fake, POPO, SQLite file, PostgreSQL database."""
    store = open_store(store_kind, request, tmp_path)
    try:
        yield store
    finally:
        close_store(store)


@pytest.fixture(params=DURABLE_STORE_PARAMS)
def durable_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty SQLite file, then of an empty PostgreSQL database."""
    return database_url(request.param, request, tmp_path)
