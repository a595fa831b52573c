"""Bot API objects as the fake server returns them: users, chats, messages, chat members."""

import time
from typing import Any

BOT_ID = 7000001
BOT_USERNAME = "gptbot_test_bot"


def bot_user() -> dict[str, Any]:
    return {"id": BOT_ID, "is_bot": True, "first_name": "GPT Bot", "username": BOT_USERNAME}


def chat_of(chat_id: int) -> dict[str, Any]:
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "User"}
    return {"id": chat_id, "type": "supergroup", "title": "Group"}


def channel_info(asked: str, title: str) -> dict[str, Any]:
    """getChat's ChatFullInfo for a channel, asked for by @username or by id."""
    gifts = (
        "unlimited_gifts",
        "limited_gifts",
        "unique_gifts",
        "premium_subscription",
        "gifts_from_channels",
    )
    return {
        "id": int(asked) if asked.lstrip("-").isdigit() else -1001234567890,
        "type": "channel",
        "title": title,
        **({"username": asked[1:]} if asked.startswith("@") else {}),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": dict.fromkeys(gifts, False),
    }


def bot_message(message_id: int, chat_id: int, **fields: Any) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": chat_of(chat_id),
        "from": bot_user(),
        **fields,
    }


ADMIN_RIGHTS = [
    "can_be_edited",
    "is_anonymous",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_send_welcome_messages",
]
RESTRICTED_RIGHTS = [
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_react_to_messages",
    "can_edit_tag",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
]


def chat_member(user_id: int, status: str) -> dict[str, Any]:
    member: dict[str, Any] = {
        "status": status,
        "user": {"id": user_id, "is_bot": False, "first_name": "User"},
    }
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(dict.fromkeys(ADMIN_RIGHTS, False))
    elif status == "restricted":
        member.update(dict.fromkeys(RESTRICTED_RIGHTS, False), is_member=True, until_date=0)
    elif status == "kicked":
        member["until_date"] = 0
    return member
