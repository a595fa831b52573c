"""Thousands of bodies Telegram would never send, posted to the running webhook: never a 500, nothing
stored, no Bot API call, nothing of them in the log; the bot answers as before afterwards."""

import asyncio
import logging

import aiohttp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.telegram_harness import SUBSCRIBER, StartBot
from tests.support.telegram_updates import message
from tests.telegram.webhook_bodies import (
    CONTENT_TYPES,
    SECRET_WORDS,
    mistyped_updates,
    not_asked_for_with_any_payload,
    random_json,
    updates_not_asked_for,
)

EXAMPLES = 3000
POST_GUARD_SECONDS = 30.0

bodies = st.one_of(
    st.tuples(st.just("bytes"), st.binary(max_size=300)),
    st.tuples(st.just("json"), random_json()),
    st.tuples(st.just("mistyped"), mistyped_updates()),
    st.tuples(st.just("not asked for"), updates_not_asked_for()),
    st.tuples(st.just("any payload"), not_asked_for_with_any_payload()),
)
EXPECTED = {"mistyped": {400}, "not asked for": {200}}


async def test_no_body_makes_the_webhook_fail_store_or_call_telegram(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await start_bot(webhook=True)
    caplog.set_level(logging.INFO)
    loop = asyncio.get_running_loop()
    calls, position = len(bot.telegram.calls), bot.container.event_log().last_position()
    url, secret = bot.telegram.webhook["url"], bot.telegram.webhook["secret_token"]

    async with aiohttp.ClientSession() as session:

        async def post(body: bytes, content_type: str) -> int:
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret, "Content-Type": content_type}
            async with session.post(url, data=body, headers=headers) as answer:
                return answer.status

        @settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck))
        @given(kind_and_body=bodies, content_type=st.sampled_from(CONTENT_TYPES))
        def delivered(kind_and_body: tuple[str, bytes], content_type: str) -> None:
            kind, body = kind_and_body
            if kind in EXPECTED:
                content_type = "application/json"
            status = asyncio.run_coroutine_threadsafe(post(body, content_type), loop).result(
                POST_GUARD_SECONDS
            )
            assert status in EXPECTED.get(kind, {200, 400}), (kind, body)
            assert len(bot.telegram.calls) == calls, (kind, body)

        await asyncio.to_thread(delivered)  # the examples are drawn in a thread; the bot runs on this loop

    assert len(bot.telegram.calls) == calls
    assert bot.container.event_log().last_position() == position
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert SECRET_WORDS not in caplog.text
    await bot.send(message(SUBSCRIBER, "still answering"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["echo: still answering"]
