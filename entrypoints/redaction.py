"""What may be shown of the settings: every secret replaced by ***, and passwords cut out of URLs."""

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from pydantic import SecretStr

from entrypoints.settings import Settings

SECRET_WORDS = frozenset(("token", "key", "secret", "password", "passwd"))
"""A setting with one of these words in its name is a secret, whatever its type (CONTEXT_MAX_TOKENS is not:
"tokens" there counts them)."""
SHOWN_AS = "***"


def is_secret(name: str, value: object) -> bool:
    return isinstance(value, SecretStr) or bool(SECRET_WORDS & set(name.lower().split("_")))


def url_password(value: str) -> str | None:
    if "://" not in value:
        return None
    try:
        return urlsplit(value).password
    except ValueError:
        return None


def without_password(value: str) -> str:
    password = url_password(value)
    if not password:
        return value
    parts = urlsplit(value)
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}:{SHOWN_AS}@{host}"))


def secret_values(settings: Settings) -> list[str]:
    """Every value that must never be printed: secrets, and the passwords inside URLs."""
    found = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str) and value:
            if is_secret(name, getattr(settings, name)):
                found.append(value)
            elif password := url_password(value):
                found.append(password)
    return found


def shown_value(name: str, value: object) -> str:
    if is_secret(name, value):
        return SHOWN_AS if value else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, frozenset | tuple):
        return ",".join(str(item) for item in sorted(value, key=str))
    if isinstance(value, Path):
        return str(value)
    return without_password(str(value))


def shown_settings(settings: Settings) -> dict[str, str]:
    """Each setting by its environment name, as in effect, redacted."""
    return {name.upper(): shown_value(name, getattr(settings, name)) for name in type(settings).model_fields}


def scrub(text: str, secrets: list[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, SHOWN_AS)
    return text
