"""/voice on|off: whether the user's replies are also spoken as voice messages; /voice alone tells which
(ADR 54)."""

from aiogram import Router

from adapters.telegram.handlers.on_off import Switch, on_off_router
from adapters.telegram.services import TelegramServices
from application.chat.preferences import PreferencesService
from application.messages import text


def voice_replies_router() -> Router:
    return on_off_router(
        Switch(
            "voice",
            "voice_replies_usage",
            "voice_replies_on",
            "voice_replies_off",
            PreferencesService.voice_for,
            PreferencesService.choose_voice,
            unoffered=_without_speech,
        )
    )


def _without_speech(services: TelegramServices, lang: str) -> str | None:
    if services.speech is None or services.speech.speech is None:
        return text("voice_replies_unavailable", lang)
    return None
