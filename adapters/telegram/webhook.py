"""The webhook endpoint: aiogram's request handler behind the secret token (a wrong one gets 401).

While the bot is stopping, deliveries get 503, so Telegram delivers them again, to the next process.
"""

from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

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
        return await super().handle(request)


def webhook_app(intake: WebhookIntake, path: str) -> web.Application:
    app = web.Application()
    intake.register(app, path=path)
    return app
