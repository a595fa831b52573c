"""Notifier over Telegram: the text goes to each admin's private chat; an admin the bot cannot reach
(one who never started it, or blocked it) is skipped and logged, and the others still get it."""

import logging
from collections.abc import Collection

from aiogram.exceptions import TelegramAPIError

from adapters.telegram.messenger import AiogramMessenger

log = logging.getLogger(__name__)


class AiogramNotifier:
    def __init__(self, messenger: AiogramMessenger, admin_ids: Collection[int]) -> None:
        self.messenger, self.admin_ids = messenger, sorted(admin_ids)

    async def notify_admins(self, text: str) -> None:
        for admin_id in self.admin_ids:
            try:
                await self.messenger.send_plain(admin_id, text)
            except TelegramAPIError as error:
                log.warning("admin %s could not be notified: %s", admin_id, error)
