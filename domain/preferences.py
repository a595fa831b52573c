"""One user's standing choices: which allowed model answers them, which mode (system prompt) it uses and
which language the bot speaks with them, and whether its replies are also spoken (/voice)."""

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.clock import require_utc
from domain.copying import CopiesCollectionsOnly

_NAMESPACE = UUID("0d2b6a54-93c1-4f0e-8a8e-5c7b1e2d9f30")


def preferences_id_of(user_id: int) -> UUID:
    return uuid5(_NAMESPACE, f"preferences:{user_id}")


class Preferences(CopiesCollectionsOnly, Aggregate):
    @staticmethod
    def create_id(user_id: int) -> UUID:
        return preferences_id_of(user_id)

    @event("Opened")
    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        self.model: str | None = None
        self.mode: str | None = None
        self.language: str | None = None
        self.web_search = False
        self.voice = False

    def choose_model(self, model: str, at: datetime) -> None:
        if model != self.model:
            self._model_chosen(model, require_utc(at))

    @event("ModelChosen")
    def _model_chosen(self, model: str, at: datetime) -> None:
        self.model = model

    def choose_mode(self, mode: str, at: datetime) -> None:
        if mode != self.mode:
            self._mode_chosen(mode, require_utc(at))

    @event("ModeChosen")
    def _mode_chosen(self, mode: str, at: datetime) -> None:
        self.mode = mode

    def choose_language(self, language: str, at: datetime) -> None:
        if language != self.language:
            self._language_chosen(language, require_utc(at))

    @event("LanguageChosen")
    def _language_chosen(self, language: str, at: datetime) -> None:
        self.language = language

    def choose_voice(self, on: bool, at: datetime) -> None:
        if on != self.voice:
            self._voice_chosen(on, require_utc(at))

    @event("VoiceChosen")
    def _voice_chosen(self, on: bool, at: datetime) -> None:
        self.voice = on

    def choose_web_search(self, on: bool, at: datetime) -> None:
        if on != self.web_search:
            self._web_search_chosen(on, require_utc(at))

    @event("WebSearchChosen")
    def _web_search_chosen(self, on: bool, at: datetime) -> None:
        self.web_search = on
