"""User-facing text, one module per language; the user's language picks the module."""

from application.messages import en, ru

CATALOGUES: dict[str, dict[str, str]] = {"en": en.MESSAGES, "ru": ru.MESSAGES}


def language_of(code: str | None) -> str:
    """Telegram's language_code (e.g. 'ru', 'ru-RU', 'en-GB') to a catalogue we have; English otherwise."""
    base = (code or "").replace("_", "-").split("-")[0].split(".")[0].lower()
    return base if base in CATALOGUES else "en"


def text(key: str, lang: str | None = None, **params: object) -> str:
    template = CATALOGUES[language_of(lang)].get(key) or en.MESSAGES[key]
    return template.format(**params) if params else template
