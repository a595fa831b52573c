"""Access control on every update: allowed users go on, denied ones get the channel link and nothing
else (once per membership period for a message; see application/access/notices.py); /subscribe and the
'I have joined' button stay open to everyone."""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.exceptions import TelegramAPIError
from aiogram.types import TelegramObject, Update, User

from adapters.telegram.addressing import is_private
from adapters.telegram.channel import CHECK_SUBSCRIPTION, ChannelLink, Describe
from adapters.telegram.messenger import AiogramMessenger
from adapters.telegram.middlewares.context import chosen_language
from application.access.notices import RefusalNotices
from application.access.service import AccessService
from application.access.subscription import describe_denial
from application.chat.preferences import PreferencesService
from application.errors import StoreUnavailable
from application.messages import text
from application.ports import Metrics, NoMetrics
from domain.access import AccessDecision, AccessReason

log = logging.getLogger(__name__)


def asks_about_subscription(update: Update) -> bool:
    if update.callback_query is not None:
        return update.callback_query.data == CHECK_SUBSCRIPTION
    words = (update.message.text or "") if update.message else ""
    command = words.split(maxsplit=1)[0].split("@")[0] if words.startswith("/") else ""
    return command == "/subscribe"


class AccessGate(BaseMiddleware):
    def __init__(
        self,
        access: AccessService,
        messenger: AiogramMessenger,
        channel: ChannelLink,
        notices: RefusalNotices | None = None,
        metrics: Metrics | None = None,
        preferences: PreferencesService | None = None,
    ) -> None:
        self.access, self.messenger, self.channel = access, messenger, channel
        self.notices, self.metrics = notices, metrics or NoMetrics()
        self.preferences = preferences

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if not isinstance(event, Update) or user is None or user.is_bot:
            return None
        if asks_about_subscription(event):
            return await handler(event, data)
        lang: str = data["lang"]
        try:
            decision = await self.access.decide(user.id, name=user.full_name, username=user.username)
        except (StoreUnavailable, TelegramAPIError) as error:
            log.warning("an access check failed: %s", error)  # the log context names the update and its user
            key = "store_unavailable" if isinstance(error, StoreUnavailable) else "access_check_failed"
            if key == "access_check_failed":  # the store is up: the user's own language
                lang = await self._language(user, lang)
            await self._tell(event, lambda _: text(key, lang), lang, with_buttons=False)
            return None
        if decision.allowed:
            data["access_decision"] = decision  # later middlewares and filters tell admins apart by it
            return await handler(event, data)
        self.metrics.access_refused(decision.reason.value)
        # A button press is always answered (its spinner waits for it); a message only when due.
        if await self._already_told(event, user.id, decision):
            log.info("a user was refused (%s) within the period: not told again", decision.reason)
            return None
        lang = await self._language(user, lang)
        await self._tell(
            event, lambda channel: describe_denial(decision, channel, lang), lang, self._offers_join(decision)
        )
        return None

    async def _language(self, user: User, app_language: str) -> str:
        """The language chosen with /language, read only for a refusal that is sent: strangers cause no
        store read for the updates they are not told about."""
        if self.preferences is None:
            return app_language
        return await chosen_language(self.preferences, user, app_language)

    async def _already_told(self, update: Update, user_id: int, decision: AccessDecision) -> bool:
        if update.callback_query is not None or self.notices is None:
            return False
        return not await self.notices.should_tell(user_id, decision)

    @staticmethod
    def _offers_join(decision: AccessDecision) -> bool:
        return decision.reason is AccessReason.NOT_SUBSCRIBED

    async def _tell(self, update: Update, describe: Describe, lang: str, with_buttons: bool) -> None:
        """The sentence `describe` writes around the channel's name: in an alert for a button press,
        else as a message naming the channel by its title, linked."""
        if update.callback_query is not None:
            words = await self.channel.plain(describe)
            await self.messenger.answer_callback(update.callback_query.id, words, alert=True)
            return
        message = update.message or update.edited_message
        if message is None:
            return
        reply_to = None if is_private(message) else message.message_id
        buttons = self.channel.buttons(lang) if with_buttons else None
        words = await self.channel.html(describe)
        await self.messenger.send_html(message.chat.id, words, reply_to, buttons, link_previews=False)
