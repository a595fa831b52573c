"""What reaches the bot that Telegram would never send it: a webhook body that is not JSON, or not an
update, gets 400 with one quiet line in the log; an update of a kind the bot did not ask for is
ignored before anything reads the store or calls the Bot API, through the webhook and polling alike."""

import logging

import aiohttp
import pytest

from domain.access import AccessLedger
from tests.support.telegram_harness import SUBSCRIBER, RunningBot, StartBot
from tests.support.telegram_updates import message
from tests.telegram.webhook_bodies import SECRET_WORDS, STRANGER_IN_BODIES, channel_post, encoded, reaction

BAD_BODIES = [
    pytest.param(b"{not json", id="not JSON"),
    pytest.param(b"\xff\xfe\x00garbage", id="not text"),
    pytest.param(encoded([SECRET_WORDS], ascii_only=True), id="a list"),
    pytest.param(
        encoded({"update_id": "seven", "message": {"text": SECRET_WORDS}}, ascii_only=True),
        id="not an update",
    ),
]


async def post(bot: RunningBot, body: bytes, content_type: str = "application/json") -> int:
    hook = bot.telegram.webhook
    headers = {"X-Telegram-Bot-Api-Secret-Token": hook["secret_token"], "Content-Type": content_type}
    async with (
        aiohttp.ClientSession() as session,
        session.post(hook["url"], data=body, headers=headers) as sent,
    ):
        return sent.status


def quiet(caplog: pytest.LogCaptureFixture) -> None:
    """At most one WARNING line per refused body, with no traceback and nothing of the body in it."""
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert SECRET_WORDS not in caplog.text


@pytest.mark.parametrize("body", BAD_BODIES)
async def test_a_body_that_is_not_an_update_gets_400_and_one_quiet_line(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture, body: bytes
) -> None:
    bot = await start_bot(webhook=True)
    calls = len(bot.telegram.calls)
    caplog.set_level(logging.INFO)

    assert await post(bot, body) == 400

    quiet(caplog)
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    assert len(bot.telegram.calls) == calls
    await bot.send(message(SUBSCRIBER, "still here"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["echo: still here"]


@pytest.mark.parametrize("webhook", [pytest.param(False, id="polling"), pytest.param(True, id="webhook")])
async def test_an_update_of_a_kind_not_asked_for_is_ignored(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture, webhook: bool
) -> None:
    bot = await start_bot(webhook=webhook)
    caplog.set_level(logging.INFO)

    await bot.send(
        reaction(STRANGER_IN_BODIES, 1),
        channel_post(2),
        {"update_id": 3, "a_kind_from_the_future": {"text": SECRET_WORDS}},
    )
    await bot.send(message(SUBSCRIBER, "after them"))  # answered once everything before it is handled
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["echo: after them"]

    assert [c.params["user_id"] for c in bot.telegram.calls_of("getChatMember")] == [str(SUBSCRIBER.user_id)]
    assert await bot.store.get(AccessLedger.create_id(STRANGER_IN_BODIES.user_id), AccessLedger) is None
    quiet(caplog)
