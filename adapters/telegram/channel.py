"""The gating channel as users see it: a name in texts, and a link for the 'Join' button."""

from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from application.messages import text

CHECK_SUBSCRIPTION = "subscription:check"


@dataclass(frozen=True)
class ChannelLink:
    name: str
    url: str | None = None

    @classmethod
    def of(cls, channel_id: str | None, channel_link: str | None) -> "ChannelLink":
        url = channel_link or (
            f"https://t.me/{channel_id[1:]}" if channel_id and channel_id.startswith("@") else None
        )
        return cls(url or channel_id or "", url)

    def buttons(self, lang: str) -> InlineKeyboardMarkup:
        row = [
            InlineKeyboardButton(
                text=text("button_check_subscription", lang), callback_data=CHECK_SUBSCRIPTION
            )
        ]
        if self.url:
            row.insert(0, InlineKeyboardButton(text=text("button_join_channel", lang), url=self.url))
        return InlineKeyboardMarkup(inline_keyboard=[row])
