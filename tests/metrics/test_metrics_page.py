"""The bot's /metrics read directly, with prometheus-client's own parser."""

from prometheus_client.parser import text_string_to_metric_families

from tests.metrics.health_pages import get_text
from tests.support.redis_server import free_port
from tests.support.telegram_harness import SUBSCRIBER, StartBot
from tests.support.telegram_updates import message


def samples(page: str) -> dict[str, float]:
    return {
        sample.name + str(sorted(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(page)
        for sample in family.samples
    }


async def test_calls_to_a_redis_that_does_not_answer_are_counted_as_fallbacks(start_bot: StartBot) -> None:
    port = free_port()
    nobody_listens = free_port()
    bot = await start_bot(health_port=port, redis_url=f"redis://127.0.0.1:{nobody_listens}/0")
    await bot.send(message(SUBSCRIBER, "still there?"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["echo: still there?"]

    counted = samples(await get_text(port, "/metrics"))
    assert counted["gptbot_redis_fallbacks_total[]"] > 0
    assert counted["gptbot_replies_total[]"] == 1
    assert counted["gptbot_spend_journal_waiting[]"] == 0
