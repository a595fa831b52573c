"""What `gptbot status` shows of the settings: secrets by type and by name, and no password in a URL."""

from pydantic import SecretStr

from entrypoints.redaction import scrub, secret_values, shown_settings
from entrypoints.settings import Settings

REDIS_PASSWORD = "redis-RecognisablePassword"
DB_PASSWORD = "db-RecognisablePassword"


def test_url_passwords_and_secrets_are_shown_as_stars_and_counts_of_tokens_are_not() -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        redis_url=f"redis://default:{REDIS_PASSWORD}@cache.internal:6380/2",
        database_url=f"postgresql://bot:{DB_PASSWORD}@db.internal/gptbot",
        openai_api_key=SecretStr("sk-anything-at-all"),
        context_max_tokens=9000,
    )

    shown = shown_settings(settings)

    assert shown["REDIS_URL"] == "redis://default:***@cache.internal:6380/2"
    assert shown["DATABASE_URL"] == "postgresql://bot:***@db.internal/gptbot"
    assert shown["OPENAI_API_KEY"] == "***" and shown["TELEGRAM_BOT_TOKEN"] == ""
    assert shown["CONTEXT_MAX_TOKENS"] == "9000"
    said = scrub(f"cannot reach {REDIS_PASSWORD} or {DB_PASSWORD}", secret_values(settings))
    assert REDIS_PASSWORD not in said and DB_PASSWORD not in said
