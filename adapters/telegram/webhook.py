"""The webhook endpoint: aiogram's request handler behind the secret token (a wrong one gets 401).

A body that is not an update gets 400, with one line in the log that never quotes it. A delivery the bot
cannot take gets 503, so Telegram delivers it again later (ADR 0029): while the bot is stopping, while
`room` updates are already in hand, and while the database is known to be down. An update taken is
answered 200 at once and handled in the background, as aiogram's handler does.
"""

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import ValidationError

from adapters.telegram.health_watch import HealthWatch

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_ROOM = 300
RETRY_AFTER = {"Retry-After": "1"}


def webhook_path(webhook_url: str) -> str:
    return urlsplit(webhook_url).path or "/"


class Refused(Exception):
    """The body cannot be an update; the reason never quotes it."""


class WebhookIntake(SimpleRequestHandler):
    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        secret: str,
        room: int = DEFAULT_ROOM,
        store: HealthWatch | None = None,
    ) -> None:
        super().__init__(dispatcher, bot, secret_token=secret)
        self.taking = True
        self.room, self.store = room, store
        self.in_hand: set[asyncio.Task[Any]] = set()
        self.not_begun: set[asyncio.Task[Any]] = set()
        self.all_begun = asyncio.Event()
        self.all_begun.set()
        self.full = False

    def stop_taking(self) -> None:
        self.taking = False

    async def handed_over(self) -> None:
        """Returns once every update taken has begun, and so is among the dispatcher's updates in hand
        (`InFlight`), for a stopping bot to drain: none answered 200 is left out."""
        await self.all_begun.wait()

    async def handle(self, request: web.Request) -> web.Response:
        if not self.verify_secret(request.headers.get(SECRET_HEADER, ""), self.bot):
            return web.Response(text="Unauthorized", status=401)
        if not self.taking:
            return web.Response(text="Stopping: deliver this update again later", status=503)
        try:
            update = await self.update_of(request)
        except Refused as refusal:
            log.warning("webhook body refused: %s", refusal)
            return web.Response(text=f"Bad Request: {refusal}", status=400)
        if self._is_full():
            return web.Response(text="Busy: deliver this update again later", status=503, headers=RETRY_AFTER)
        if self.store is not None and self.store.known_down():
            return web.Response(
                text="Database unavailable: deliver this update again later", status=503, headers=RETRY_AFTER
            )
        task = asyncio.create_task(self._feed(update))
        self.in_hand.add(task)
        self.not_begun.add(task)
        self.all_begun.clear()
        task.add_done_callback(self.in_hand.discard)
        task.add_done_callback(self._begun)  # a task cancelled before it began
        return web.json_response({}, dumps=self.bot.session.json_dumps)

    async def update_of(self, request: web.Request) -> Update:
        """The body as an update (read as aiogram's handler reads it), or Refused."""
        try:
            body = await request.json(loads=self.bot.session.json_loads)
        except (ValueError, LookupError, RecursionError):  # undecodable text, unknown charset, not JSON
            raise Refused("not JSON") from None
        try:
            return Update.model_validate(body, context={"bot": self.bot})
        except ValidationError as error:
            raise Refused(f"not an update ({error.error_count()} errors)") from None

    def _begun(self, task: "asyncio.Task[Any]") -> None:
        self.not_begun.discard(task)
        if not self.not_begun:
            self.all_begun.set()

    def _is_full(self) -> bool:
        full = len(self.in_hand) >= self.room
        if full != self.full:
            if full:
                log.warning("%d updates in hand: deliveries are refused until one finishes", self.room)
            else:
                log.info("room again for deliveries")
            self.full = full
        return full

    async def _feed(self, update: Update) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._begun(task)
        # What aiogram's handler does in the background: a method returned by a handler is called.
        try:
            result = await self.dispatcher.feed_update(self.bot, update, **self.data)
            if isinstance(result, TelegramMethod):
                await self.dispatcher.silent_call_request(bot=self.bot, result=result)
        except Exception:  # nobody awaits this task: the failure is logged here, as aiogram's handler does
            log.exception("update %s could not be handled", update.update_id)


def webhook_app(intake: WebhookIntake, path: str) -> web.Application:
    app = web.Application()
    intake.register(app, path=path)
    return app
