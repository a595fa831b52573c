"""The webhook server: registered with its secret, answering updates, refusing a wrong secret with 401."""

import asyncio
from asyncio.subprocess import PIPE
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from entrypoints.cli import app
from entrypoints.settings import ConfigurationError
from tests.entrypoints.cli_runner import GPTBOT, clean_env
from tests.support.fake_telegram import FakeTelegram
from tests.support.telegram_harness import SUBSCRIBER, TOKEN, StartBot
from tests.support.telegram_updates import message


async def test_webhook_is_registered_with_its_secret_and_answers(start_bot: StartBot) -> None:
    bot = await start_bot(webhook=True)
    [registered] = bot.telegram.calls_of("setWebhook")
    assert registered.params["url"].endswith("/telegram/hook")
    assert registered.params["secret_token"] == "s3cret-webhook-token"
    await bot.send(message(SUBSCRIBER, "via webhook"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["echo: via webhook"]
    assert not bot.telegram.calls_of("getUpdates")


@pytest.mark.parametrize("secret", ["wrong-secret", ""])
async def test_webhook_call_with_a_wrong_secret_gets_401_and_changes_nothing(
    start_bot: StartBot, secret: str
) -> None:
    bot = await start_bot(webhook=True)
    update = message(SUBSCRIBER, "sneaky")
    assert await bot.telegram.deliver_webhook(update, secret=secret) == 401
    # The same update with the right secret is still new: the refused call left no trace.
    assert await bot.telegram.deliver_webhook(update) == 200
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["echo: sneaky"]
    assert len(bot.model.prompts) == 1
    assert len(await bot.usage_records(SUBSCRIBER.user_id)) == 1


async def gptbot(telegram: FakeTelegram, cwd: Path, *args: str, **env: str) -> tuple[int, str, str]:
    """Runs the real `gptbot` console script against the fake server, as an operator would."""
    settings = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": telegram.url,
        "WEBHOOK_URL": "https://bot.example.org/telegram/hook",
        "WEBHOOK_SECRET": "s3cret-webhook-token",
    }
    settings.update(env)
    process = await asyncio.create_subprocess_exec(
        str(GPTBOT), *args, cwd=cwd, env=clean_env(**settings), stdout=PIPE, stderr=PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, out.decode(), err.decode()


def invoke(telegram: FakeTelegram, *args: str, **env: str) -> Result:
    """Runs `gptbot …` in this process (the console script's startup is slow; one test runs it for real)."""
    settings = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": telegram.url,
        "WEBHOOK_URL": "https://bot.example.org/telegram/hook",
        "WEBHOOK_SECRET": "s3cret-webhook-token",
    }
    settings.update(env)
    return CliRunner().invoke(app, list(args), env=settings)


async def test_gptbot_webhook_set_points_telegram_at_the_webhook(
    telegram: FakeTelegram, tmp_path: Path
) -> None:
    code, out, _ = await gptbot(telegram, tmp_path, "webhook", "set")
    assert code == 0 and "webhook set to https://bot.example.org/telegram/hook" in out
    assert telegram.webhook == {
        "url": "https://bot.example.org/telegram/hook",
        "secret_token": "s3cret-webhook-token",
    }
    [registered] = telegram.calls_of("setWebhook")
    assert registered.params["allowed_updates"] == ["message", "edited_message", "callback_query"]


async def test_webhook_info_shows_the_url_and_delete_removes_it(
    telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    telegram.webhook = {
        "url": "https://bot.example.org/telegram/hook",
        "secret_token": "s3cret-webhook-token",
    }
    shown = await asyncio.to_thread(invoke, telegram, "webhook", "info")
    assert shown.exit_code == 0 and "url: https://bot.example.org/telegram/hook" in shown.output
    assert "s3cret-webhook-token" not in shown.output
    deleted = await asyncio.to_thread(invoke, telegram, "webhook", "delete")
    assert deleted.exit_code == 0 and telegram.webhook == {}


async def test_webhook_set_without_a_secret_is_a_configuration_error(
    telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    result = await asyncio.to_thread(invoke, telegram, "webhook", "set", WEBHOOK_SECRET="")
    assert isinstance(result.exception, ConfigurationError) and "WEBHOOK_SECRET" in str(result.exception)
    assert not telegram.calls_of("setWebhook")
