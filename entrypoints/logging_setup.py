"""Logging to stderr or a rotating file, as text or one JSON object a line, with every configured secret
replaced by *** before a record is written, and the libraries' chatter kept at WARNING."""

import hashlib
import hmac
import json
import logging
import os
import sys
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler

from pydantic import SecretStr

from adapters.telegram.update_context import request_in_hand, update_in_hand, user_in_hand
from entrypoints.settings import Settings

LIBRARIES = (
    "aiogram.event",
    "aiogram.middlewares",
    "aiogram.scene",
    "aiogram.utils",
    "aiohttp",
    "aiosqlite",
    "alembic",
    "asyncio",
    "eventsourcing",
    "httpcore",
    "httpx",
    "hpack",
    "markdown_it",
    "multipart",
    "openai",
    "PIL",
    "psycopg",
    "pypdf",
    "redis",
    "sqlalchemy",
    "urllib3",
)
"""Loggers whose DEBUG and INFO records say nothing an operator acts on (some carry request bodies, and
so message text); they stay at WARNING unless LOG_LIBRARIES_DEBUG asks for everything."""


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if len(s) >= 6]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = message
        for secret in self.secrets:
            redacted = redacted.replace(secret, "***")
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def secrets_of(settings: Settings) -> list[str]:
    values = [getattr(settings, name) for name in type(settings).model_fields]
    return [v.get_secret_value() for v in values if isinstance(v, SecretStr)]


class Pseudonyms:
    """A user's keyed hash: the same user reads the same in every line, the Telegram id never appears."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    @classmethod
    def of(cls, settings: Settings) -> "Pseudonyms":
        """LOG_USER_KEY; else the bot token; else a key of this process (pseudonyms change at restart)."""
        secret = settings.log_user_key or settings.telegram_bot_token
        return cls(secret.get_secret_value().encode() if secret else os.urandom(32))

    def __call__(self, user_id: int) -> str:
        return hmac.new(self.key, str(user_id).encode(), hashlib.sha256).hexdigest()[:16]


class JsonLines(logging.Formatter):
    def __init__(self, pseudonyms: Pseudonyms, redact: RedactSecrets) -> None:
        super().__init__()
        self.pseudonyms, self.redact = pseudonyms, redact

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        update_id, user_id = update_in_hand.get(), user_in_hand.get()
        if update_id is not None:
            line |= {"update_id": update_id, "request_id": request_in_hand()}
        if user_id is not None:
            line["user"] = self.pseudonyms(user_id)
        if record.exc_info:
            line["exception"] = self._redacted(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)

    def _redacted(self, text: str) -> str:
        for secret in self.redact.secrets:
            text = text.replace(secret, "***")
        return text


def log_handler(settings: Settings) -> logging.Handler:
    handler: logging.Handler = logging.StreamHandler(sys.stderr)
    if settings.log_file is not None:
        settings.log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            settings.log_file,
            maxBytes=settings.log_file_max_bytes,
            backupCount=settings.log_file_backups,
            encoding="utf-8",
        )
    redact = RedactSecrets(secrets_of(settings))
    if settings.log_format == "json":
        handler.setFormatter(JsonLines(Pseudonyms.of(settings), redact))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(redact)
    return handler


def configure_logging(settings: Settings) -> None:
    root = logging.getLogger()
    for old in root.handlers:
        if isinstance(old, RotatingFileHandler):  # a file an earlier configuration opened
            old.close()
    root.handlers[:] = [log_handler(settings)]
    root.setLevel(settings.log_level)
    quiet = logging.NOTSET if settings.log_libraries_debug else max(logging.WARNING, root.level)
    for name in LIBRARIES:
        logging.getLogger(name).setLevel(quiet)
