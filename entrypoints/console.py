"""The console chat: the same use cases as the Telegram bot, on stdin and stdout."""

import asyncio
import os
import sys
from pathlib import Path
from typing import BinaryIO, TextIO
from uuid import uuid4

from application.billing.usage import UsageService
from application.chat.export import ExportFormat
from application.chat.replies import describe_failure, describe_history, describe_usage
from application.chat.service import ChatService
from application.messages import language_of, text


class ConsoleChat:
    def __init__(
        self,
        chat: ChatService,
        usage: UsageService,
        user_id: int,
        export_dir: Path,
        stdout: TextIO,
        lang: str | None = None,
    ) -> None:
        self.chat, self.usage, self.user_id = chat, usage, user_id
        self.export_dir, self.out = export_dir, stdout
        self.lang = language_of(lang if lang is not None else os.environ.get("LANG"))

    async def run(self, stdin: BinaryIO, model_name: str) -> None:
        self.say(text("console_welcome", self.lang, model=model_name))
        while True:
            raw = await asyncio.to_thread(stdin.readline)
            if not raw:
                return
            line = raw.decode("utf-8", errors="replace")
            if "\ufffd" in line and "\ufffd".encode() not in raw:
                self.say(text("invalid_input_encoding", self.lang))
            await self.handle(line.rstrip("\r\n"))

    async def handle(self, line: str) -> None:
        try:
            if line.strip().startswith("/"):
                await self.command(line.strip())
            else:
                await self.message(line)
        except Exception as error:
            described = describe_failure(error, self.lang)
            if described is None:
                raise
            self.say(described)

    async def message(self, line: str) -> None:
        printed = PrintedPreview(self.out)
        try:
            reply = await self.chat.send_message(
                self.user_id, self.user_id, line, f"console-{uuid4()}", printed
            )
        finally:
            if printed.streamed:
                self.say("")
        if reply.repeated:
            self.say(reply.text)

    async def command(self, line: str) -> None:
        name, _, argument = line.partition(" ")
        if name == "/reset":
            await self.chat.reset(self.user_id)
            self.say(text("reset_done", self.lang))
        elif name == "/history":
            self.say(describe_history(await self.chat.history(self.user_id), self.lang))
        elif name == "/export":
            fmt = ExportFormat.TEXT if argument.strip() == "txt" else ExportFormat.MARKDOWN
            export = await self.chat.export(self.user_id, fmt, self.lang)
            self.export_dir.mkdir(parents=True, exist_ok=True)
            path = self.export_dir / export.filename
            path.write_text(export.content, encoding="utf-8")
            self.say(text("export_saved", self.lang, path=path))
        elif name == "/usage":
            self.say(describe_usage(await self.usage.summary(self.user_id), self.lang))
        elif name in ("/help", "/start"):
            self.say(text("console_help", self.lang))
        else:
            self.say(text("unknown_command", self.lang, command=name))

    def say(self, line: str) -> None:
        self.out.write(line + "\n")
        self.out.flush()


def stdin_bytes() -> BinaryIO:
    return sys.stdin.buffer


class PrintedPreview:
    """The reply printed as the model writes it."""

    def __init__(self, out: TextIO) -> None:
        self.out, self.streamed = out, False

    async def push(self, delta: str) -> None:
        self.streamed = True
        self.out.write(delta)
        self.out.flush()

    def model_done(self) -> None:
        return None
