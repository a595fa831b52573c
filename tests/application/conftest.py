"""The application core on each store in turn: fake, POPO, SQLite and PostgreSQL."""

import pytest

from application.ports import Aggregates
from tests.application.wiring import Bot, BotFactory, build_bot


@pytest.fixture
def make_bot(aggregates: Aggregates) -> BotFactory:
    """Builds the core on the test's store; keyword arguments as for build_bot."""

    def make(**options: object) -> Bot:
        return build_bot(aggregates, **options)  # type: ignore[arg-type]

    return make


@pytest.fixture
def bot(make_bot: BotFactory) -> Bot:
    return make_bot()
