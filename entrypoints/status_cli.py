"""`gptbot status`: the settings in effect (redacted), the versions, and one line per dependency: up, down,
or not configured. Exits 1 when something configured is down."""

import asyncio
import platform
import sys
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

import typer

from entrypoints.analytics_cli import JSON_OPTION

if TYPE_CHECKING:
    from entrypoints.container import Container
    from entrypoints.settings import Settings

CHECK_SECONDS = 10.0
"""Each check's bound; PostgreSQL's own connection wait (5 s) ends first."""
DISTRIBUTIONS = ("gptbot", "aiogram", "openai", "eventsourcing", "sqlalchemy", "redis")
UP, DOWN, UNUSED = "up", "down", "not configured"


@dataclass(frozen=True)
class Check:
    name: str
    state: str
    detail: str


Probe = Callable[[], Awaitable[str]]


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in DISTRIBUTIONS:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


async def _checked(name: str, probe: Probe | None) -> Check:
    if probe is None:
        return Check(name, UNUSED, "")
    try:
        return Check(name, UP, await asyncio.wait_for(probe(), CHECK_SECONDS))
    except TimeoutError:
        return Check(name, DOWN, f"no answer within {CHECK_SECONDS:g} s")
    except Exception as error:
        return Check(name, DOWN, (str(error) or type(error).__name__).splitlines()[0])


class Probes:
    """What `gptbot status` asks each dependency; each answers one line, or raises."""

    def __init__(self, settings: "Settings", container: "Container") -> None:
        self.settings, self.container = settings, container
        self.opened: list[Any] = []

    async def store(self) -> str:
        from adapters.sql.database_url import redact
        from application.admin.status import StoreProbe

        store = await asyncio.to_thread(self.container.store)
        self.opened.append(store)
        await StoreProbe(store).check()  # a read: status changes nothing anyone reads (ADR 35)
        return f"{redact(self.settings.database_url)} answers a read"

    async def projection(self) -> str:
        views = await asyncio.to_thread(self.container.views)
        head = await asyncio.to_thread(self.container.event_log().last_position)
        position = await asyncio.to_thread(views.position)
        return f"views at position {position:,} of {head:,} (lag {max(0, head - position):,})"

    async def redis(self) -> str:
        from adapters.redis.health import RedisHealthProbe

        redis = self.container.redis()
        assert redis is not None  # asked only when Redis is configured
        try:
            await RedisHealthProbe(redis).check()
        finally:
            await redis.aclose()
        return "answers PING"

    async def telegram(self) -> str:
        from adapters.telegram.bot import create_bot

        assert self.settings.telegram_bot_token is not None
        bot = create_bot(self.settings.telegram_bot_token.get_secret_value(), self.settings.telegram_api_base)
        try:
            me = await bot.get_me()
            hook = await bot.get_webhook_info()
        finally:
            await bot.session.close()
        delivery = f"webhook {hook.url}" if hook.url else "no webhook (polling)"
        line = f"@{me.username} (id {me.id}); {delivery}; {hook.pending_update_count} updates pending"
        return line + (f"; last webhook error: {hook.last_error_message}" if hook.last_error_message else "")

    async def model(self) -> str:
        from openai import AsyncOpenAI

        assert self.settings.openai_api_key is not None
        client = AsyncOpenAI(
            api_key=self.settings.openai_api_key.get_secret_value(),
            base_url=self.settings.openai_base_url,
            timeout=CHECK_SECONDS,
            max_retries=0,
        )
        try:
            model = await client.models.retrieve(self.settings.openai_model)
        finally:
            await client.close()
        return f"{model.id} at {client.base_url}"


async def run_checks(settings: "Settings", container: "Container") -> list[Check]:
    probes = Probes(settings, container)
    store = await _checked("store", probes.store)
    projection = await _checked("projection", probes.projection if store.state == UP else None)
    if store.state != UP:
        projection = Check("projection", DOWN, "the store is down")
    redis = probes.redis if settings.effective_redis_url() else None
    telegram = probes.telegram if settings.telegram_bot_token else None
    model = probes.model if settings.openai_api_key else None
    # One after the other: a check that imports its client (aiogram, the openai SDK) holds the loop for
    # a second, which would time out a check running beside it, Redis's first of all.
    rest = [
        await _checked(name, probe)
        for name, probe in (("redis", redis), ("telegram", telegram), ("model", model))
    ]
    checks = [store, projection, *rest]
    for opened in probes.opened:
        opened.close()
    return checks


def audit_line(settings: "Settings") -> dict[str, Any]:
    from entrypoints.audit_verdict import last_verdict

    verdict = last_verdict(settings)
    if verdict is None:
        return {"state": "never run"}
    state = "ok" if verdict.ok else "failed"
    return {"state": state, **asdict(verdict)}


def status(as_json: bool = JSON_OPTION) -> None:
    """Settings in effect (secrets redacted), versions, and whether the store, Redis, Telegram and the model
    answer; the projection's lag and the last audit's verdict. Exits 1 when something configured is down."""
    from entrypoints.bootstrap import start
    from entrypoints.redaction import scrub, secret_values, shown_settings
    from entrypoints.settings import load_settings

    settings = load_settings()
    container = start(settings)
    checks = asyncio.run(run_checks(settings, container))
    down = [c.name for c in checks if c.state == DOWN]
    report = {
        "ok": not down,
        "settings": shown_settings(settings),
        "versions": versions(),
        "checks": [asdict(c) for c in checks],
        "audit": audit_line(settings),
    }
    text = _as_json(report) if as_json else _as_text(report)
    sys.stdout.write(scrub(text, secret_values(settings)))
    if down:
        raise typer.Exit(1)


def _as_json(report: dict[str, Any]) -> str:
    import json

    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _as_text(report: dict[str, Any]) -> str:
    lines = ["settings:"]
    lines += [f"  {name}={value}" for name, value in report["settings"].items()]
    lines.append("versions: " + ", ".join(f"{name} {v}" for name, v in report["versions"].items()))
    for check in report["checks"]:
        lines.append(f"{check['name']:<11} {check['state']:<15} {check['detail']}".rstrip())
    audit = report["audit"]
    verdict = audit["state"]
    if verdict != "never run":
        verdict += f" at {audit['at']}: {audit['breaks']} chain breaks, {audit['mismatches']} totals differ"
    lines.append(f"{'audit':<11} {verdict}")
    return "\n".join(lines) + "\n"
