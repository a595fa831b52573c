"""Per-user choices of model (/model, from an allowed list), mode (/mode, system-prompt presets) and
language (/language, one of the shipped catalogs), and whether replies are spoken too (/voice)."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from application.chat.context import ContextSettings
from application.errors import ApplicationError
from application.messages import LANGUAGES
from application.ports import Aggregates, Clock
from application.retry import retry_on_conflict
from domain.preferences import Preferences, preferences_id_of

DEFAULT_MODE = "default"


@dataclass(frozen=True)
class Mode:
    name: str
    title: str
    prompt: str


class WebSearch(StrEnum):
    """Whether the deployment offers web search: off (WEB_SEARCH=off), asked for but the model server
    has no such tool (Chat Completions), or on."""

    OFF = "off"
    UNSUPPORTED = "unsupported"
    ON = "on"


@dataclass(frozen=True)
class Choices:
    model: str
    mode: Mode
    web_search: bool = False
    """The user turned web search on, and the deployment offers it."""


class WebSearchUnavailable(ApplicationError):
    """/search on a deployment that does not offer it; `web_search` says why."""

    def __init__(self, web_search: WebSearch) -> None:
        super().__init__(f"web search is {web_search.value} on this deployment")
        self.web_search = web_search


class UnknownChoice(ApplicationError):
    """A model or mode that is not on offer; `options` lists what is."""

    def __init__(self, what: str, value: str, options: tuple[str, ...]) -> None:
        super().__init__(f"unknown {what} {value!r}; choose one of: {', '.join(options)}")
        self.what, self.value, self.options = what, value, options


class PreferencesService:
    def __init__(
        self,
        store: Aggregates,
        clock: Clock,
        default: ContextSettings,
        allowed_models: tuple[str, ...],
        modes: dict[str, Mode],
        languages: tuple[str, ...] = LANGUAGES,
        web_search: WebSearch = WebSearch.OFF,
    ) -> None:
        self.store, self.clock, self.default = store, clock, default
        self.web_search = web_search
        self.allowed_models = tuple(dict.fromkeys((default.model, *allowed_models)))
        self.modes, self.languages = modes, languages

    async def choices_for(self, user_id: int) -> Choices:
        """The user's model and mode; a choice no longer on offer falls back to the default."""
        preferences = await self.store.get(preferences_id_of(user_id), Preferences)
        model = preferences.model if preferences else None
        mode = preferences.mode if preferences else None
        return Choices(
            model if model in self.allowed_models else self.default.model,
            self._mode(mode) if mode in self.modes else self._mode(DEFAULT_MODE),
            self.web_search is WebSearch.ON and preferences is not None and preferences.web_search,
        )

    async def context_for(self, user_id: int) -> ContextSettings:
        """The context settings a call for this user should use."""
        choices = await self.choices_for(user_id)
        return replace(
            self.default,
            model=choices.model,
            system_prompt=choices.mode.prompt,
            web_search=choices.web_search,
        )

    async def web_search_for(self, user_id: int) -> bool:
        """Whether the user turned web search on; raises WebSearchUnavailable where the deployment
        does not offer it."""
        self._offers_web_search()
        return (await self.choices_for(user_id)).web_search

    async def choose_web_search(self, user_id: int, on: bool) -> bool:
        """Remember whether the model may search the web for the user; raises WebSearchUnavailable
        where the deployment does not offer it."""
        self._offers_web_search()
        await self._change(user_id, lambda p: p.choose_web_search(on, self.clock.now()))
        return on

    def _offers_web_search(self) -> None:
        if self.web_search is not WebSearch.ON:
            raise WebSearchUnavailable(self.web_search)

    async def choose_model(self, user_id: int, model: str) -> Choices:
        """Remember the user's model; raises UnknownChoice unless it is on the allowed list."""
        if model not in self.allowed_models:
            raise UnknownChoice("model", model, self.allowed_models)
        await self._change(user_id, lambda p: p.choose_model(model, self.clock.now()))
        return await self.choices_for(user_id)

    async def choose_mode(self, user_id: int, mode: str) -> Choices:
        """Remember the user's mode; raises UnknownChoice unless it is a configured preset."""
        if mode not in self.modes:
            raise UnknownChoice("mode", mode, tuple(self.modes))
        await self._change(user_id, lambda p: p.choose_mode(mode, self.clock.now()))
        return await self.choices_for(user_id)

    async def language_for(self, user_id: int) -> str | None:
        """The language the user chose with /language, while it is one we speak; None before a choice."""
        preferences = await self.store.get(preferences_id_of(user_id), Preferences)
        language = preferences.language if preferences else None
        return language if language in self.languages else None

    async def choose_language(self, user_id: int, language: str) -> str:
        """Remember the user's language; raises UnknownChoice unless a catalog of it is shipped."""
        if language not in self.languages:
            raise UnknownChoice("language", language, self.languages)
        await self._change(user_id, lambda p: p.choose_language(language, self.clock.now()))
        return language

    async def voice_for(self, user_id: int) -> bool:
        """Whether the user asked for replies spoken as well (/voice on); off until they do."""
        preferences = await self.store.get(preferences_id_of(user_id), Preferences)
        return preferences.voice if preferences else False

    async def choose_voice(self, user_id: int, on: bool) -> bool:
        """Remember whether the user's replies are also spoken."""
        await self._change(user_id, lambda p: p.choose_voice(on, self.clock.now()))
        return on

    def _mode(self, name: str | None) -> Mode:
        if name is not None and name in self.modes:
            return self.modes[name]
        return Mode(DEFAULT_MODE, "Assistant", self.default.system_prompt)

    async def _change(self, user_id: int, change: Callable[[Preferences], None]) -> None:
        async def attempt() -> None:
            preferences = await self.store.get(preferences_id_of(user_id), Preferences)
            preferences = preferences or Preferences(user_id=user_id)
            change(preferences)
            await self.store.save(preferences)

        await retry_on_conflict(attempt)
