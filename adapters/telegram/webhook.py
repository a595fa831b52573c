"""The webhook endpoint: aiogram's request handler behind the secret token (a wrong one gets 401)."""

from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web


def webhook_path(webhook_url: str) -> str:
    return urlsplit(webhook_url).path or "/"


def webhook_app(dispatcher: Dispatcher, bot: Bot, path: str, secret: str) -> web.Application:
    app = web.Application()
    SimpleRequestHandler(dispatcher, bot, secret_token=secret).register(app, path=path)
    return app
