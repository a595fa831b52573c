"""Voice replies (/voice on): after a text reply was sent, its words, without their markup, spoken by
the speech model and sent as a voice message; a reply that cannot be spoken is told in a sentence, the
text having come already (ADR 54)."""

import logging

from aiogram.types import Message

from adapters.telegram.addressing import is_private
from adapters.telegram.messenger import AiogramMessenger
from adapters.telegram.render import plain_text_fallback, to_telegram_html
from application.chat.preferences import PreferencesService
from application.chat.service import Reply
from application.chat.speech import SpeechProblem, SpeechRefused, SpeechService
from application.errors import BudgetExceeded
from application.messages import text

log = logging.getLogger(__name__)


def spoken_text(markdown: str) -> str:
    """The reply's words as a reader sees them, without Markdown or HTML markup."""
    return plain_text_fallback(to_telegram_html(markdown)).strip()


class SpokenReplies:
    def __init__(
        self, messenger: AiogramMessenger, speech: SpeechService | None, preferences: PreferencesService
    ) -> None:
        self.messenger, self.speech, self.preferences = messenger, speech, preferences

    async def follow(self, message: Message, reply: Reply | None, request_id: str, lang: str) -> None:
        """The reply spoken too, for a user who chose /voice on."""
        if reply is None or self.speech is None or message.from_user is None:
            return
        user_id = message.from_user.id
        try:
            if not await self.preferences.voice_for(user_id):
                return
        except Exception as error:
            log.warning("whether to speak the reply could not be read: %s", type(error).__name__)
            return
        chat_id = message.chat.id
        reply_to = None if is_private(message) else message.message_id
        try:
            async with self.messenger.showing(chat_id, action="record_voice"):
                speech = await self.speech.speak(user_id, request_id, spoken_text(reply.text))
            await self.messenger.send_voice(chat_id, speech.audio, reply_to)
        except SpeechRefused as refused:
            if refused.problem is SpeechProblem.TOO_LONG:
                await self.messenger.send_plain(chat_id, text("speech_too_long", lang), reply_to)
        except BudgetExceeded:
            await self.messenger.send_plain(chat_id, text("speech_over_budget", lang), reply_to)
        except Exception as error:  # a model failure, or Telegram refusing the voice
            log.warning("a reply could not be spoken: %s", type(error).__name__)
            await self.messenger.send_plain(chat_id, text("speech_failed", lang), reply_to)
