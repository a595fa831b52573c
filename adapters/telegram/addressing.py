"""Group chats: the bot answers a message only when it is mentioned, replied to, or given a command."""

import re

from aiogram.enums import ChatType
from aiogram.types import Message, User

GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)


def is_private(message: Message) -> bool:
    return message.chat.type == ChatType.PRIVATE


def is_addressed(message: Message, me: User) -> bool:
    if message.chat.type == ChatType.PRIVATE:
        return True
    if message.chat.type not in GROUPS:
        return False
    words = message.text or message.caption or ""
    if words.startswith("/"):
        command = words.split(maxsplit=1)[0]
        _, _, target = command.partition("@")
        return not target or target.lower() == (me.username or "").lower()
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == me.id:
        return True
    return mentions(message, me)


def mentions(message: Message, me: User) -> bool:
    words = message.text or message.caption or ""
    handle = f"@{me.username}".lower() if me.username else None
    for entity in message.entities or message.caption_entities or []:
        if entity.type == "text_mention" and entity.user is not None and entity.user.id == me.id:
            return True
        if entity.type == "mention" and handle and entity.extract_from(words).lower() == handle:
            return True
    return False


def without_mention(words: str, me: User) -> str:
    """The user's words with the bot's @handle taken out."""
    if not me.username:
        return words
    return re.sub(re.escape(f"@{me.username}"), "", words, flags=re.IGNORECASE).strip()
