"""User-facing text from gettext catalogs (locales/<language>/LC_MESSAGES/messages.po, kept with Babel),
looked up by symbolic message id; a language is a catalog and nothing else (ADR 45)."""

from datetime import timedelta
from gettext import GNUTranslations
from pathlib import Path

LOCALES = Path(__file__).parent / "locales"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"

# A number shown with its noun: the noun is its own plural entry (ngettext), so that one message can hold
# several counts ("24 запроса, 882 токена"), which one ngettext call cannot choose forms for.
COUNTED: dict[str, dict[str, str]] = {
    "message_too_long": {"length": "n_characters"},
    "budget_daily_tokens": {"limit": "n_tokens"},
    "budget_monthly_tokens": {"limit": "n_tokens"},
    "usage_today": {"tokens": "n_tokens"},
    "usage_month": {"tokens": "n_tokens"},
    "limit_day_tokens": {"amount": "n_tokens"},
    "limit_month_tokens": {"amount": "n_tokens"},
    "status_today": {"requests": "n_requests", "tokens": "n_tokens"},
    "status_lag": {"lag": "n_events"},
    "summary_top_line": {"requests": "n_requests", "tokens": "n_tokens"},
    "alert_model_errors": {"count": "n_failed_calls"},
}
# The parts /status checks, named in the reader's language when the catalog has `component_<name>`
NAMED_COMPONENT = ("status_health_ok", "status_health_failed", "status_health_unused")


def _load() -> dict[str, GNUTranslations]:
    catalogs = {}
    for mo in sorted(LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")):
        with mo.open("rb") as fp:
            catalogs[mo.parent.parent.name] = GNUTranslations(fp)
    return catalogs


CATALOGS = _load()
LANGUAGES = tuple(CATALOGS)


def language_of(code: str | None) -> str:
    """A language code (e.g. 'ru', 'ru-RU', 'en_GB.UTF-8') to a language we have a catalog of; English otherwise."""
    base = (code or "").replace("_", "-").split("-")[0].split(".")[0].lower()
    return base if base in CATALOGS else DEFAULT_LANGUAGE


def text(key: str, lang: str | None = None, **params: object) -> str:
    """The message `key` in the language, its fields filled; KeyError for an id no catalog has."""
    template = optional_text(key, lang)
    if template is None:
        raise KeyError(key)
    if not params:
        return template
    language = language_of(lang)
    for field, noun in COUNTED.get(key, {}).items():
        count = params.get(field)
        if not isinstance(count, int):
            raise TypeError(f"{key}: {field} is a count, {count!r} is not a number")
        params[field] = counted(noun, count, language)
    if key in NAMED_COMPONENT and isinstance(component := params.get("name"), str):
        params["name"] = optional_text(f"component_{component}", language) or component
    return template.format(**params)


def optional_text(key: str, lang: str | None = None) -> str | None:
    """The unfilled message `key`, from English when the language lacks it; None when no catalog has it."""
    for language in dict.fromkeys((language_of(lang), DEFAULT_LANGUAGE)):
        found = CATALOGS[language].gettext(key)
        if found != key:  # gettext answers an id it does not know with the id itself
            return found
    return None


def counted(noun: str, count: int, lang: str | None = None) -> str:
    """`count` with the noun in the plural form the language uses for it: "21 токен", "2 токена"."""
    return CATALOGS[language_of(lang)].ngettext(noun, noun, count).format(count=count)


def duration(span: timedelta, lang: str | None = None) -> str:
    """A span in days, hours and minutes with the language's units: "1d 2h 5m", "1 д 2 ч 5 мин"."""
    minutes = int(span.total_seconds()) // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return text("uptime_days", lang, days=days, hours=hours, minutes=minutes)
    return text("uptime_hours", lang, hours=hours, minutes=minutes)
