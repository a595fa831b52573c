"""`gptbot run` with a Telegram token: the real console script polls, answers, and stops cleanly on SIGTERM."""

import asyncio
import signal
from asyncio.subprocess import PIPE
from pathlib import Path

from tests.entrypoints.cli_runner import GPTBOT, clean_env, run_gptbot
from tests.support.fake_telegram import FakeTelegram
from tests.support.redis_server import free_port
from tests.support.telegram_harness import SUBSCRIBER, TOKEN
from tests.support.telegram_updates import message

STARTUP_GUARD_SECONDS = 60.0


async def test_gptbot_run_polls_answers_and_stops_on_sigterm(telegram: FakeTelegram, tmp_path: Path) -> None:
    env = clean_env(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE=telegram.url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        LOG_LEVEL="INFO",
    )
    bot = await asyncio.create_subprocess_exec(
        str(GPTBOT), "run", cwd=tmp_path, env=env, stdout=PIPE, stderr=PIPE
    )
    try:
        await telegram.wait_until(lambda: bool(telegram.calls_of("getUpdates")), STARTUP_GUARD_SECONDS)
        telegram.push_update(message(SUBSCRIBER, "hello from the terminal"))
        await telegram.wait_until(lambda: bool(telegram.sent_texts(SUBSCRIBER.user_id)))
        [reply] = telegram.sent_texts(SUBSCRIBER.user_id)
        assert "You said: hello from the terminal" in reply  # the offline model answers without an API key
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(bot.communicate(), STARTUP_GUARD_SECONDS)
    assert bot.returncode == 0, err.decode()
    assert TOKEN not in err.decode()  # the token never reaches the logs


def test_gptbot_run_with_telegram_unreachable_ends_with_one_line(tmp_path: Path) -> None:
    done = run_gptbot(
        ["run"],
        b"",
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE=f"http://127.0.0.1:{free_port()}",
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
    )

    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "Traceback" not in err
    assert err.splitlines()[-1].startswith("gptbot: cannot start the Telegram bot:")
    assert TOKEN not in err
