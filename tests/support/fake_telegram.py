"""A fake Telegram Bot API server on 127.0.0.1: records every call, serves getUpdates and files,
answers 429 on cue, validates HTML like Telegram, and delivers updates to a webhook."""

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from tests.support.telegram_html import EntityError, caption_text, message_text
from tests.support.telegram_objects import bot_message, bot_user, channel_info, chat_member

JSON_FIELDS = (
    "reply_parameters",
    "reply_markup",
    "allowed_updates",
    "commands",
    "scope",
    "link_preview_options",
)
WAIT_GUARD_SECONDS = 15.0


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> int | None:
        value = str(self.params.get("chat_id", ""))
        return int(value) if value.lstrip("-").isdigit() else None


class FakeTelegram:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.members: dict[int, str] = {}
        self.chat_titles: dict[str, str] = {}  # getChat's answers, by the chat_id asked for
        self.files: dict[str, bytes] = {}
        self.webhook: dict[str, Any] = {}
        self.updates: list[dict[str, Any]] = []
        self.failures: dict[str, list[dict[str, Any]]] = {}
        self.texts: dict[tuple[int, int], str] = {}
        self._message_ids = itertools.count(5000)
        self._new_update = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def close(self) -> None:
        self._closing = True
        self._new_update.set()
        if self._runner is not None:
            await self._runner.cleanup()

    # What a test arranges.
    def push_update(self, *updates: dict[str, Any]) -> None:
        self.updates.extend(updates)
        self._new_update.set()

    def fail_next(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        answer = {
            "ok": False,
            "error_code": 429,
            "description": f"Too Many Requests: retry after {retry_after}",
            "parameters": {"retry_after": retry_after},
        }
        self.failures.setdefault(method, []).extend([answer] * times)

    def refuse_next(self, method: str, description: str, code: int = 400) -> None:
        self.failures.setdefault(method, []).append(
            {"ok": False, "error_code": code, "description": description}
        )

    def add_file(self, file_id: str, content: bytes) -> None:
        self.files[file_id] = content

    async def deliver_webhook(self, update: dict[str, Any], secret: str | None = None) -> int:
        """POSTs the update to the registered webhook with its secret (or the one given); the HTTP status."""
        token = self.webhook.get("secret_token", "") if secret is None else secret
        headers = {"X-Telegram-Bot-Api-Secret-Token": token} if token else {}
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.webhook["url"], json=update, headers=headers) as response,
        ):
            return response.status

    # What a test reads.
    def calls_of(self, *methods: str, chat_id: int | None = None) -> list[Call]:
        return [c for c in self.calls if c.method in methods and (chat_id is None or c.chat_id == chat_id)]

    def sent_texts(self, chat_id: int) -> list[str]:
        """The visible text of every message the bot sent to the chat, in order (final edits included)."""
        return [
            text for (chat, _), text in sorted(self.texts.items(), key=lambda kv: kv[0][1]) if chat == chat_id
        ]

    async def wait_until(self, condition: Callable[[], bool], guard: float = WAIT_GUARD_SECONDS) -> None:
        deadline = time.monotonic() + guard
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"condition not met; calls: {[c.method for c in self.calls]}")
            await asyncio.sleep(0.01)

    # The server.
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params, files = await _read_params(request)
        self.calls.append(Call(method, params, files))
        queued = self.failures.get(method)
        if queued:
            answer = queued.pop(0)
            return web.json_response(answer, status=answer["error_code"])
        try:
            result = await self._answer(method, params, files)
        except (EntityError, ValueError) as refused:
            description = str(refused)
            if isinstance(refused, EntityError):
                description = f"Bad Request: can't parse entities: {refused}"
            return web.json_response({"ok": False, "error_code": 400, "description": description}, status=400)
        return web.json_response({"ok": True, "result": result})

    async def _answer(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat_id = Call(method, params).chat_id or 0
        if method == "getMe":
            return bot_user()
        if method == "getUpdates":
            return await self._get_updates(params)
        if method == "sendMessage":
            shown = message_text(params["text"], params.get("parse_mode"))
            message_id = next(self._message_ids)
            self.texts[(chat_id, message_id)] = shown
            return bot_message(message_id, chat_id, text=shown)
        if method == "editMessageText":
            shown = message_text(params["text"], params.get("parse_mode"))
            key = (chat_id, int(params["message_id"]))
            if self.texts.get(key) == shown:
                raise ValueError("Bad Request: message is not modified")
            self.texts[key] = shown
            return bot_message(key[1], chat_id, text=shown)
        if method == "sendMessageDraft":
            message_text(params.get("text") or "…", params.get("parse_mode"))
            return True
        if method == "sendVoice":
            message_id = next(self._message_ids)
            self.texts[(chat_id, message_id)] = f"[sendVoice] {len(files.get('voice', b''))} bytes"
            return bot_message(message_id, chat_id)
        if method in ("sendDocument", "sendPhoto"):
            shown = caption_text(params.get("caption", ""), params.get("parse_mode"))
            message_id = next(self._message_ids)
            self.texts[(chat_id, message_id)] = f"[{method}] {shown}"
            return bot_message(message_id, chat_id)
        if method == "getChatMember":
            user_id = int(params["user_id"])
            return chat_member(user_id, self.members.get(user_id, "left"))
        if method == "getChat":
            asked = str(params["chat_id"])
            if asked not in self.chat_titles:
                raise ValueError("Bad Request: chat not found")
            return channel_info(asked, self.chat_titles[asked])
        if method == "getFile":
            file_id = params["file_id"]
            if file_id not in self.files:
                raise ValueError("Bad Request: invalid file_id")
            return {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "file_size": len(self.files[file_id]),
                "file_path": f"documents/{file_id}",
            }
        if method == "setWebhook":
            self.webhook = {"url": params["url"], "secret_token": params.get("secret_token", "")}
            return True
        if method == "deleteWebhook":
            self.webhook = {}
            return True
        if method == "getWebhookInfo":
            return {
                "url": self.webhook.get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": len(self.updates),
            }
        if method in (
            "sendChatAction",
            "answerCallbackQuery",
            "setMyCommands",
            "deleteMyCommands",
            "close",
            "logOut",
        ):
            return True
        raise ValueError(f"Not Found: method {method} is not served by the fake server")

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        # Updates leave the queue once returned, so a test can deliver the same update twice on purpose.
        timeout = min(float(params.get("timeout", 0)), 5.0)
        if not self.updates and timeout and not self._closing:
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), timeout)
        batch, self.updates = self.updates[:100], self.updates[100:]
        return batch

    async def _file(self, request: web.Request) -> web.Response:
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id])


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
    params: dict[str, Any] = {}
    files: dict[str, bytes] = {}
    if request.content_type == "application/json":
        params = await request.json()
    else:
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                files[key] = value.file.read()
            else:
                params[key] = json.loads(value) if key in JSON_FIELDS else value
    for key, value in list(
        params.items()
    ):  # aiogram uploads as attach://<field>; file it under the parameter
        if isinstance(value, str) and value.startswith("attach://") and value[9:] in files:
            files[key] = files.pop(value[9:])
    return params, files
