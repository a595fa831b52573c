"""The real `gptbot run` with DASHBOARD_PORT: an admin asks the bot for a link and opens the dashboard
it serves beside itself, which shows the message just answered; SIGTERM stops both."""

import asyncio
import re
import signal
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.support.fake_openai import FakeOpenAI
from tests.support.fake_telegram import FakeTelegram
from tests.support.gptbot_process import GUARD_SECONDS
from tests.support.postgres import free_port
from tests.support.telegram_harness import SUBSCRIBER
from tests.support.telegram_updates import message
from tests.telegram.test_gptbot_run_recovery import ANSWER, bot_env, bots, model

__all__ = ["model"]
LINK = re.compile(r"http://127\.0\.0\.1:\d+/login\?token=[\w.-]+")


async def projected(browser: aiohttp.ClientSession) -> dict[str, Any]:
    """The overview once the projection beside the bot has caught up with the message."""
    for _ in range(int(GUARD_SECONDS / 0.2)):
        async with browser.get("/api/v1/overview") as answer:
            overview: dict[str, Any] = await answer.json()
        if overview["stats"]["users"]:
            return overview
        await asyncio.sleep(0.2)
    raise AssertionError("the views never showed the message")


async def test_an_admin_opens_the_dashboard_the_bot_serves_beside_itself(
    telegram: FakeTelegram, model: FakeOpenAI, tmp_path: Path
) -> None:
    port = free_port()
    env = bot_env(
        telegram,
        model,
        f"sqlite:///{tmp_path / 'bot.db'}",
        ADMIN_IDS=str(SUBSCRIBER.user_id),
        DASHBOARD_PORT=str(port),
    )
    async with bots(env, tmp_path) as [bot]:
        await telegram.wait_until(lambda: bool(telegram.calls_of("getUpdates")), GUARD_SECONDS)
        telegram.push_update(message(SUBSCRIBER, "hello there"))
        await telegram.wait_until(lambda: ANSWER in telegram.sent_texts(SUBSCRIBER.user_id), GUARD_SECONDS)
        telegram.push_update(message(SUBSCRIBER, "/dashboard"))
        await telegram.wait_until(
            lambda: any(LINK.search(t) for t in telegram.sent_texts(SUBSCRIBER.user_id)), GUARD_SECONDS
        )
        [link] = [m.group(0) for t in telegram.sent_texts(SUBSCRIBER.user_id) if (m := LINK.search(t))]
        assert link.startswith(f"http://127.0.0.1:{port}/login?token=")

        base = f"http://127.0.0.1:{port}"
        # A cookie jar that keeps cookies of an address given as an IP, as a browser does.
        async with aiohttp.ClientSession(base, cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
            async with browser.get("/api/v1/overview") as unsigned:
                assert unsigned.status == 401
            async with browser.get(link.removeprefix(base)) as signed_in:  # then the redirect to /
                assert signed_in.status == 200 and "Overview" in await signed_in.text()
            overview = await projected(browser)
            async with browser.get("/api/v1/users") as answer:
                users = await answer.json()

        assert bot.process.returncode is None
        assert await bot.stop(signal.SIGTERM) == 0, bot.log

    assert overview["stats"]["users"] == 1 and overview["stats"]["totals"]["requests"] >= 1
    assert [row["totals"]["user_id"] for row in users["rows"]] == [SUBSCRIBER.user_id]
    assert "token=" not in bot.log  # the link is in no log line
    with pytest.raises(aiohttp.ClientConnectionError):  # the dashboard stopped with the bot
        async with aiohttp.ClientSession() as late, late.get(f"http://127.0.0.1:{port}/login"):
            pass
