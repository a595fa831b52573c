"""The one secret the dashboard's login links and sessions are signed with, and where it comes from."""

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from adapters.sql.database_url import sqlite_path
from entrypoints.settings import ConfigurationError, Settings

FILE_NAME = "dashboard-secret"
BOT_TOKEN_LABEL = b"gptbot dashboard secret"


def dashboard_secret(settings: Settings) -> bytes:
    """DASHBOARD_SECRET; else derived from the bot token; else random, kept in a file beside the data."""
    if settings.dashboard_secret is not None:
        return settings.dashboard_secret.get_secret_value().encode("utf-8")
    if settings.telegram_bot_token is not None:
        token = settings.telegram_bot_token.get_secret_value().encode("utf-8")
        return hmac.new(token, BOT_TOKEN_LABEL, hashlib.sha256).digest()
    return kept_secret(secret_file(settings))


def secret_file(settings: Settings) -> Path:
    """Beside the SQLite file; else ./data (as the audit's verdict)."""
    database = sqlite_path(settings.database_url)
    return (database.parent if database is not None else Path("data")) / FILE_NAME


def kept_secret(path: Path) -> bytes:
    """The secret in the file, made (readable by its owner only) the first time."""
    if not path.exists():
        create_once(path, secrets.token_hex(32))
    try:
        kept = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigurationError(f"cannot read the dashboard's secret in {path}: {error}") from None
    if not kept:
        raise ConfigurationError(f"{path} is empty: delete it to make a new dashboard secret")
    return kept.encode("ascii")


def create_once(path: Path, secret: str) -> None:
    # Written whole under another name, then linked into place: two processes starting together agree on
    # one secret (the second link fails), and no reader ever sees the file half written.
    path.parent.mkdir(parents=True, exist_ok=True)
    written = path.with_name(f".{FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(written, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secret + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.link(written, path)
    except FileExistsError:
        pass
    finally:
        written.unlink(missing_ok=True)
