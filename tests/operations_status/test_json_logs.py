"""LOG_FORMAT=json: one JSON object a line, naming the update, its request and a pseudonym of its user;
never a secret, never what the user wrote, even at LOG_LEVEL=DEBUG."""

import asyncio
import json
import signal
from asyncio.subprocess import PIPE
from pathlib import Path

from tests.entrypoints.cli_runner import GPTBOT, clean_env
from tests.support.fake_telegram import FakeTelegram
from tests.support.telegram_harness import SUBSCRIBER, TOKEN
from tests.support.telegram_updates import message

GUARD_SECONDS = 60.0
SAID = "my very private words about the weather"
LATER = "another private sentence entirely"


async def test_json_logs_at_debug_name_the_update_and_never_show_secrets_or_message_text(
    telegram: FakeTelegram, tmp_path: Path
) -> None:
    env = clean_env(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE=telegram.url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        LOG_LEVEL="DEBUG",
        LOG_FORMAT="json",
    )
    bot = await asyncio.create_subprocess_exec(
        str(GPTBOT), "run", cwd=tmp_path, env=env, stdout=PIPE, stderr=PIPE
    )
    update = message(SUBSCRIBER, SAID)
    try:
        await telegram.wait_until(lambda: bool(telegram.calls_of("getUpdates")), GUARD_SECONDS)
        telegram.push_update(update, update)  # the second is recognised, and says so in the log
        telegram.push_update(message(SUBSCRIBER, LATER))
        await telegram.wait_until(lambda: len(telegram.sent_texts(SUBSCRIBER.user_id)) >= 2, GUARD_SECONDS)
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(bot.communicate(), GUARD_SECONDS)
    output = err.decode()

    assert bot.returncode == 0, output
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert lines and all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    assert TOKEN not in output and SAID not in output and LATER not in output
    about = [line for line in lines if line.get("update_id") == update["update_id"]]
    assert any("already handled" in line["message"] for line in about), about
    for line in about:
        assert line["request_id"] == f"telegram:{update['update_id']}"
        assert line["user"] != str(SUBSCRIBER.user_id)
        assert str(SUBSCRIBER.user_id) not in json.dumps(line)
