"""PostgreSQL stopped while the bot runs: the next message is told the database is unavailable, and
once the server is back the bot answers again, without a restart."""

import asyncio
import contextlib
from collections.abc import Iterator

import pytest

from application.messages import text
from tests.support.postgres import PostgresCluster, PostgresUnavailable, start_cluster
from tests.support.telegram_harness import SUBSCRIBER, StartBot
from tests.support.telegram_updates import message

pytestmark = pytest.mark.postgres


@pytest.fixture
def own_cluster() -> Iterator[PostgresCluster]:
    """A cluster of this test's own: the session's cluster serves other tests and must stay up."""
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        with contextlib.suppress(PostgresUnavailable):
            cluster.stop()


async def test_the_bot_says_so_while_postgres_is_down_and_recovers_without_a_restart(
    own_cluster: PostgresCluster, start_bot: StartBot
) -> None:
    bot = await start_bot(database_url=own_cluster.create_database())
    bot.model.will_reply("before the outage")
    await bot.send(message(SUBSCRIBER, "one"))
    assert (await bot.texts_in(SUBSCRIBER.user_id, 1))[-1] == "before the outage"

    await asyncio.to_thread(own_cluster.pause)
    await bot.send(message(SUBSCRIBER, "two"))
    told = await bot.texts_in(SUBSCRIBER.user_id, 2)
    assert told[-1] == text("store_unavailable", SUBSCRIBER.language)

    await asyncio.to_thread(own_cluster.resume)
    bot.model.will_reply("after the outage")
    await bot.send(message(SUBSCRIBER, "three"))
    assert (await bot.texts_in(SUBSCRIBER.user_id, 3))[-1] == "after the outage"
    assert len(bot.model.prompts) == 2
