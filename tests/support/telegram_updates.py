"""Updates as Telegram delivers them, for the fake Bot API server to hand to the bot."""

import itertools
import time
from dataclasses import dataclass
from typing import Any

from tests.support.telegram_objects import BOT_ID, BOT_USERNAME, chat_of

_update_ids = itertools.count(100_000)
_message_ids = itertools.count(1)


@dataclass(frozen=True)
class Person:
    user_id: int
    language: str = "en"

    def as_user(self) -> dict[str, Any]:
        return {
            "id": self.user_id,
            "is_bot": False,
            "first_name": f"User{self.user_id}",
            "language_code": self.language,
        }


def next_update_id() -> int:
    return next(_update_ids)


def message(
    sender: Person,
    text: str | None = None,
    chat_id: int | None = None,
    update_id: int | None = None,
    kind: str = "message",
    **fields: Any,
) -> dict[str, Any]:
    """A message update; in a group (negative chat_id) pass reply_to_bot or a mention in the text."""
    body: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat_of(chat_id if chat_id is not None else sender.user_id),
        "from": sender.as_user(),
        **fields,
    }
    if text is not None:
        body["text"] = text
        if text.startswith("/"):
            command = text.split(" ", 1)[0]
            body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        elif f"@{BOT_USERNAME}" in text:
            at = text.index(f"@{BOT_USERNAME}")
            body["entities"] = [{"type": "mention", "offset": at, "length": len(BOT_USERNAME) + 1}]
    if kind == "edited_message":
        body["edit_date"] = int(time.time())
    return {"update_id": update_id if update_id is not None else next_update_id(), kind: body}


def reply_to_bot(chat_id: int) -> dict[str, Any]:
    bot = {"id": BOT_ID, "is_bot": True, "first_name": "GPT Bot", "username": BOT_USERNAME}
    return {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat_of(chat_id),
        "from": bot,
        "text": "earlier",
    }


def photo(sender: Person, file_id: str, size: int, caption: str | None = None) -> dict[str, Any]:
    sizes = [
        {"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": 640, "height": 480, "file_size": size}
    ]
    extra: dict[str, Any] = {"photo": sizes}
    if caption is not None:
        extra["caption"] = caption
    return message(sender, **extra)


def document(
    sender: Person, file_id: str, filename: str, mime_type: str, size: int, caption: str | None = None
) -> dict[str, Any]:
    doc = {
        "file_id": file_id,
        "file_unique_id": f"u-{file_id}",
        "file_name": filename,
        "mime_type": mime_type,
        "file_size": size,
    }
    extra: dict[str, Any] = {"document": doc}
    if caption is not None:
        extra["caption"] = caption
    return message(sender, **extra)


def callback(sender: Person, data: str, chat_id: int | None = None) -> dict[str, Any]:
    origin = reply_to_bot(chat_id if chat_id is not None else sender.user_id)
    query = {
        "id": f"cb{next(_message_ids)}",
        "from": sender.as_user(),
        "chat_instance": "ci",
        "data": data,
        "message": origin,
    }
    return {"update_id": next_update_id(), "callback_query": query}
