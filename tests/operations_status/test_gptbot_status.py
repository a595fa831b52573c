"""`gptbot status`: one line per dependency, exit 1 naming what is down, and never a secret printed."""

import asyncio
import json
from asyncio.subprocess import PIPE
from pathlib import Path

from tests.entrypoints.cli_runner import GPTBOT, clean_env, run_gptbot
from tests.support.fake_openai import Behaviour, FakeOpenAI
from tests.support.fake_telegram import FakeTelegram
from tests.support.redis_server import RedisServer, free_port
from tests.support.telegram_harness import TOKEN

API_KEY = "sk-status-RecognisableOpenAIKey"
WEBHOOK_SECRET = "webhook-RecognisableSecret"
USER_KEY = "log-user-RecognisableKey"
DB_PASSWORD = "pg-RecognisablePassword"
SECRETS = (TOKEN, API_KEY, WEBHOOK_SECRET, USER_KEY, DB_PASSWORD)
GUARD_SECONDS = 90.0


def with_password(url: str) -> str:
    """The test server trusts local connections, so a password in the URL is accepted and never used."""
    return url.replace("postgresql://postgres@", f"postgresql://postgres:{DB_PASSWORD}@", 1)


async def gptbot_status(cwd: Path, *args: str, **env: str) -> tuple[int, str, str]:
    """Runs the console script while this loop keeps serving the fake Bot API."""
    done = await asyncio.create_subprocess_exec(
        str(GPTBOT), "status", *args, cwd=cwd, env=clean_env(**env), stdout=PIPE, stderr=PIPE
    )
    out, err = await asyncio.wait_for(done.communicate(), GUARD_SECONDS)
    assert done.returncode is not None
    return done.returncode, out.decode(), err.decode()


def states(report: dict[str, object]) -> dict[str, str]:
    checks = report["checks"]
    assert isinstance(checks, list)
    return {check["name"]: check["state"] for check in checks}


async def test_everything_up_exits_0_with_each_check_settings_and_versions(
    tmp_path: Path, postgres_url: str, redis_url: str, telegram: FakeTelegram, fake_openai: FakeOpenAI
) -> None:
    code, out, err = await gptbot_status(
        tmp_path,
        "--json",
        DATABASE_URL=with_password(postgres_url),
        REDIS_URL=redis_url,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE=telegram.url,
        WEBHOOK_SECRET=WEBHOOK_SECRET,
        OPENAI_API_KEY=API_KEY,
        OPENAI_BASE_URL=fake_openai.base_url,
        LOG_USER_KEY=USER_KEY,
        LOG_LEVEL="DEBUG",
    )

    assert code == 0, out + err
    report = json.loads(out)
    assert report["ok"] is True
    assert states(report) == {
        "store": "up",
        "projection": "up",
        "redis": "up",
        "telegram": "up",
        "model": "up",
    }
    assert report["audit"] == {"state": "never run"}
    assert set(report["versions"]) >= {"gptbot", "python", "aiogram", "openai", "eventsourcing", "sqlalchemy"}
    shown = report["settings"]
    assert shown["TELEGRAM_BOT_TOKEN"] == shown["OPENAI_API_KEY"] == shown["LOG_USER_KEY"] == "***"
    assert shown["DATABASE_URL"].startswith("postgresql://postgres:***@127.0.0.1:")
    assert shown["REDIS_URL"] == redis_url
    assert [r.path for r in fake_openai.requests] == ["/v1/models/gpt-5-mini"]
    assert {c.method for c in telegram.calls_of("getMe", "getWebhookInfo")} == {"getMe", "getWebhookInfo"}
    for secret in SECRETS:
        assert secret not in out and secret not in err


async def test_redis_stopped_exits_1_naming_redis(
    tmp_path: Path, redis_url: str, redis_server: RedisServer
) -> None:
    redis_server.stop()

    code, out, err = await gptbot_status(
        tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}", REDIS_URL=redis_url
    )

    assert code == 1, out + err
    lines = {line.split()[0]: line for line in out.splitlines() if not line.startswith(" ")}
    assert lines["redis"].split()[1] == "down"
    assert lines["store"].split()[1] == "up"
    assert "Traceback" not in err


async def test_store_unreachable_exits_1_naming_the_store(tmp_path: Path) -> None:
    nowhere = f"postgresql://postgres:{DB_PASSWORD}@127.0.0.1:{free_port()}/gptbot"

    code, out, err = await gptbot_status(tmp_path, "--json", DATABASE_URL=nowhere)

    assert code == 1, out + err
    report = json.loads(out)
    assert report["ok"] is False
    assert states(report) == {
        "store": "down",
        "projection": "down",
        "redis": "not configured",
        "telegram": "not configured",
        "model": "not configured",
    }
    assert DB_PASSWORD not in out and DB_PASSWORD not in err


async def test_model_endpoint_refusing_the_key_exits_1_naming_the_model(
    tmp_path: Path, fake_openai: FakeOpenAI
) -> None:
    fake_openai.then(Behaviour(status=401, error_code="invalid_api_key"))

    code, out, err = await gptbot_status(
        tmp_path,
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        OPENAI_API_KEY=API_KEY,
        OPENAI_BASE_URL=fake_openai.base_url,
    )

    assert code == 1, out + err
    [model] = [line for line in out.splitlines() if line.startswith("model ")]
    assert model.split()[1] == "down"
    assert API_KEY not in out and API_KEY not in err


def test_status_shows_the_verdict_of_the_last_audit(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'bot.db'}"
    audited = run_gptbot(["audit", "replay", "--json"], b"", tmp_path, DATABASE_URL=database)
    assert audited.returncode == 0, audited.stderr.decode()

    shown = run_gptbot(["status", "--json"], b"", tmp_path, DATABASE_URL=database)

    assert shown.returncode == 0, shown.stderr.decode()
    audit = json.loads(shown.stdout)["audit"]
    assert audit["state"] == "ok"
    assert audit["breaks"] == audit["mismatches"] == 0
