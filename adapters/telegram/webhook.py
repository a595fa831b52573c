"""The webhook endpoint: aiogram's request handler behind the secret token (a wrong one gets 401).

A body that is not an update gets 400, with one line in the log that never quotes it. While the bot is
stopping, deliveries get 503, so Telegram delivers them again, to the next process.
"""

import logging
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import ValidationError

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_path(webhook_url: str) -> str:
    return urlsplit(webhook_url).path or "/"


class WebhookIntake(SimpleRequestHandler):
    def __init__(self, dispatcher: Dispatcher, bot: Bot, secret: str) -> None:
        super().__init__(dispatcher, bot, secret_token=secret)
        self.taking = True

    def stop_taking(self) -> None:
        self.taking = False

    async def handle(self, request: web.Request) -> web.Response:
        if not self.verify_secret(request.headers.get(SECRET_HEADER, ""), self.bot):
            return web.Response(text="Unauthorized", status=401)
        if not self.taking:
            return web.Response(text="Stopping: deliver this update again later", status=503)
        refusal = await self.refusal(request)
        if refusal is not None:
            log.warning("webhook body refused: %s", refusal)
            return web.Response(text=f"Bad Request: {refusal}", status=400)
        return await super().handle(request)

    async def refusal(self, request: web.Request) -> str | None:
        """Why the body cannot be an update (read as aiogram's handler reads it), or None."""
        try:
            body = await request.json(loads=self.bot.session.json_loads)
        except (ValueError, LookupError, RecursionError):  # undecodable text, unknown charset, not JSON
            return "not JSON"
        try:
            Update.model_validate(body, context={"bot": self.bot})
        except ValidationError as error:
            return f"not an update ({error.error_count()} errors)"
        return None


def webhook_app(intake: WebhookIntake, path: str) -> web.Application:
    app = web.Application()
    intake.register(app, path=path)
    return app
