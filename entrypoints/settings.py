"""Configuration from the environment and `.env`; names follow the original bot where they apply."""

from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from domain.budget import Limits
from domain.money import usd_to_micros

IdList = Annotated[frozenset[int], NoDecode]

DEFAULT_SYSTEM_PROMPT = (
    "You are a helpful assistant in a Telegram chat. Answer clearly and concisely, "
    "in the language the user writes in."
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-5-mini"
    channel_id: str | None = None
    redis_url: str | None = None
    redis_host: str | None = None
    redis_port: int = Field(default=6379, ge=1, le=65535)
    redis_db: int = Field(default=0, ge=0)
    database_url: str = "sqlite:///./data/gptbot.db"
    admin_ids: IdList = frozenset()
    allowed_user_ids: IdList = frozenset()
    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    context_max_tokens: int = Field(default=8000, ge=256)
    max_message_chars: int = Field(default=16000, ge=1)
    budget_daily_usd: Decimal | None = None
    budget_monthly_usd: Decimal | None = None
    budget_daily_tokens: int | None = Field(default=None, ge=0)
    budget_monthly_tokens: int | None = Field(default=None, ge=0)
    console_user_id: int = 0
    export_dir: str = "./data/exports"
    log_level: str = "WARNING"

    @field_validator("admin_ids", "allowed_user_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError("expected Telegram user ids separated by commas, e.g. 123,456") from None
        return value

    @field_validator("budget_daily_usd", "budget_monthly_usd", mode="before")
    @classmethod
    def _blank_is_unlimited(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("expected DEBUG, INFO, WARNING or ERROR")
        return value.upper()

    def budget_limits(self) -> Limits:
        def micros(usd: Decimal | None) -> int | None:
            return None if usd is None else usd_to_micros(usd)

        return Limits(
            micros(self.budget_daily_usd),
            micros(self.budget_monthly_usd),
            self.budget_daily_tokens,
            self.budget_monthly_tokens,
        )

    def effective_redis_url(self) -> str | None:
        if self.redis_url:
            return self.redis_url
        if self.redis_host:
            return f"redis://{self.redis_host}:{self.redis_port}/{self.redis_db}"
        return None


class ConfigurationError(Exception):
    """One line that says which setting is wrong and why."""


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        problems = []
        for issue in error.errors():
            name = ".".join(str(p) for p in issue["loc"]).upper() or "settings"
            problems.append(f"{name}: {issue['msg']}")
        raise ConfigurationError("invalid configuration: " + "; ".join(problems)) from None
    except (InvalidOperation, UnicodeDecodeError, OSError) as error:
        raise ConfigurationError(f"cannot read configuration: {error}") from None
