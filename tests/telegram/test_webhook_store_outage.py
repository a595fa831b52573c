"""The database stops while the bot serves a webhook: at most one delivery is taken and told to try again,
the rest are refused with 503 until the database answers, and their redelivery is then answered."""

import asyncio
import contextlib
from collections.abc import Iterator

import psycopg
import pytest

from application.messages import text
from tests.support.postgres import PostgresCluster, PostgresUnavailable, start_cluster
from tests.support.telegram_harness import SUBSCRIBER, StartBot
from tests.support.telegram_updates import message
from tests.telegram.test_backpressure import REDELIVERY_PAUSE_SECONDS, redelivered_until_taken
from tests.telegram.test_update_guard_restarts import deliver_to

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


async def test_deliveries_while_the_database_is_down_are_refused_and_answered_once_it_is_back(
    own_cluster: PostgresCluster, start_bot: StartBot
) -> None:
    bot = await start_bot(webhook=True, database_url=own_cluster.create_database())
    await bot.send(message(SUBSCRIBER, "before"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["echo: before"]

    await asyncio.to_thread(own_cluster.pause)
    during = message(SUBSCRIBER, "during")
    # Telegram delivers it again until it is refused: taken before the probe noticed, it is handled once.
    statuses = [await deliver_to(bot, during)]
    while statuses[-1] == 200:
        await asyncio.sleep(REDELIVERY_PAUSE_SECONDS)
        statuses.append(await deliver_to(bot, during))
    taken = 200 in statuses
    told = (await bot.texts_in(SUBSCRIBER.user_id, 1 + taken))[1:]
    assert told == [text("store_unavailable", SUBSCRIBER.language)] * taken

    refused = message(SUBSCRIBER, "refused while down")
    assert await deliver_to(bot, refused) == 503
    await asyncio.to_thread(own_cluster.resume)
    await redelivered_until_taken(bot, refused)
    texts = await bot.texts_in(SUBSCRIBER.user_id, 2 + taken)
    assert texts == ["echo: before", *told, "echo: refused while down"]
    assert [p.turns[-1].text for p in bot.model.prompts] == ["before", "refused while down"]


REFUSE_WRITES = """
CREATE FUNCTION refuse_writes() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the disk is full'; END $$ LANGUAGE plpgsql;
CREATE TRIGGER refuse_writes BEFORE INSERT ON gptbot_events FOR EACH STATEMENT EXECUTE FUNCTION refuse_writes();
"""
ALLOW_WRITES = "DROP TRIGGER refuse_writes ON gptbot_events; DROP FUNCTION refuse_writes();"


def run_sql(database_url: str, sql: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(sql.encode())


async def test_a_message_that_cannot_be_stored_gets_one_try_again_and_no_model_call(
    start_bot: StartBot, postgres_url: str
) -> None:
    bot = await start_bot(webhook=True, database_url=postgres_url)
    await bot.send(message(SUBSCRIBER, "before"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["echo: before"]

    await asyncio.to_thread(run_sql, postgres_url, REFUSE_WRITES)
    await bot.send(message(SUBSCRIBER, "while writes fail"))
    assert (await bot.texts_in(SUBSCRIBER.user_id, 2))[-1] == text("store_unavailable", SUBSCRIBER.language)

    await asyncio.to_thread(run_sql, postgres_url, ALLOW_WRITES)
    await bot.send(message(SUBSCRIBER, "sent again"))
    texts = await bot.texts_in(SUBSCRIBER.user_id, 3)
    assert texts == ["echo: before", text("store_unavailable", SUBSCRIBER.language), "echo: sent again"]
    assert [p.turns[-1].text for p in bot.model.prompts] == ["before", "sent again"]
    assert len(await bot.usage_records(SUBSCRIBER.user_id)) == 2
