"""Configuration from the environment and `.env`; names follow the original bot where they apply."""

import os
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from application.admin.schedule import WEEKDAYS, SummarySchedule
from domain.budget import Limits
from domain.money import usd_to_micros

SWITCHED_OFF = ("off", "none", "")
DEFAULT_DASHBOARD_PORT = 8081
IdList = Annotated[frozenset[int], NoDecode]
NameList = Annotated[tuple[str, ...], NoDecode]

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
    openai_image_model: str = "gpt-image-2"
    openai_image_size: str = "1024x1024"
    openai_image_quality: str = "medium"
    openai_image_detail: Literal["auto", "low", "high", "original"] = "auto"
    llm_api: Literal["responses", "chat_completions"] = "responses"
    web_search: bool = False
    openai_timeout_seconds: float = Field(default=60.0, gt=0)
    openai_max_retries: int = Field(default=2, ge=0, le=10)
    openai_image_timeout_seconds: float = Field(default=120.0, gt=0)
    openai_pdf_as_file: bool = True
    openai_transcribe_model: str = "gpt-4o-mini-transcribe"
    max_audio_seconds: int = Field(default=600, ge=1)
    openai_speech_model: str = "gpt-4o-mini-tts"
    openai_speech_voice: str = "alloy"
    allowed_models: NameList = ()
    prices_file: Path | None = None
    modes_file: Path | None = None
    max_image_bytes: int = Field(default=20 * 1024 * 1024, ge=1)
    max_document_bytes: int = Field(default=15 * 1024 * 1024, ge=1)
    max_document_chars: int = Field(default=200_000, ge=1000)
    channel_id: str | None = None
    channel_link: str | None = None
    telegram_api_base: str | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    health_host: str = "127.0.0.1"
    health_port: int | None = Field(default=None, ge=1, le=65535)
    dashboard_secret: SecretStr | None = None
    dashboard_host: str = "127.0.0.1"
    dashboard_port: int | None = Field(default=None, ge=1, le=65535)
    dashboard_public_url: str | None = None
    ready_max_projection_lag: int = Field(default=10_000, ge=0)
    telegram_retry_max_wait_seconds: float = Field(default=30.0, gt=0)
    shutdown_grace_seconds: float = Field(default=20.0, ge=0)
    max_updates_in_hand: int = Field(default=300, ge=1)
    recover_minutes: int = Field(default=10, ge=0)
    flood_messages_per_minute: int = Field(default=20, ge=0)
    telegram_sends_per_second: float = Field(default=30.0, ge=0)
    telegram_private_chat_sends_per_second: float = Field(default=1.0, ge=0)
    telegram_private_chat_burst: int = Field(default=3, ge=1)
    telegram_group_sends_per_minute: float = Field(default=20.0, ge=0)
    redis_url: str | None = None
    redis_host: str | None = None
    redis_port: int = Field(default=6379, ge=1, le=65535)
    redis_db: int = Field(default=0, ge=0)
    database_url: str = "sqlite:///./data/gptbot.db"
    db_upgrade_on_start: bool = True
    admin_ids: IdList = frozenset()
    allowed_user_ids: IdList = frozenset()
    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    context_max_tokens: int = Field(default=8000, ge=256)
    summary_model: str | None = None
    summary_max_tokens: int = Field(default=500, ge=16)
    max_message_chars: int = Field(default=16000, ge=1)
    budget_daily_usd: Decimal | None = None
    budget_monthly_usd: Decimal | None = None
    budget_daily_tokens: int | None = Field(default=None, ge=0)
    budget_monthly_tokens: int | None = Field(default=None, ge=0)
    budget_global_monthly_usd: Decimal | None = None
    budget_admins_exempt: bool = False
    analytics_store_content: bool = False
    analytics_pseudonymous: bool = False
    projection_poll_seconds: float = Field(default=1.0, gt=0)
    daily_summary_time: str = "09:00"
    weekly_summary_day: str = "monday"
    model_error_alert_threshold: int = Field(default=5, ge=1)
    model_error_alert_window_minutes: int = Field(default=10, ge=1)
    alert_check_seconds: float = Field(default=60.0, gt=0)
    console_user_id: int = 0
    export_dir: str = "./data/exports"
    spend_journal_dir: Path | None = None
    spend_journal_retry_seconds: float = Field(default=5.0, gt=0)
    log_level: str = "WARNING"
    log_format: Literal["text", "json"] = "text"
    log_file: Path | None = None
    log_file_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    log_file_backups: int = Field(default=5, ge=0)
    log_libraries_debug: bool = False
    log_user_key: SecretStr | None = None

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

    @field_validator("allowed_models", mode="before")
    @classmethod
    def _split_names(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(p for p in value.replace(";", ",").replace(" ", ",").split(",") if p)
        return value

    @field_validator("budget_daily_usd", "budget_monthly_usd", mode="before")
    @classmethod
    def _blank_is_unlimited(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("budget_global_monthly_usd", mode="before")
    @classmethod
    def _blank_is_no_cap(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("telegram_bot_token", "openai_api_key", "dashboard_secret", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """A blank token or key (an empty line in .env, an empty secret file) is one not given."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("expected DEBUG, INFO, WARNING or ERROR")
        return value.upper()

    @field_validator("daily_summary_time")
    @classmethod
    def _summary_time(cls, value: str) -> str:
        value = value.strip().lower()
        if value in SWITCHED_OFF:
            return "off"
        try:
            datetime.strptime(value, "%H:%M")
        except ValueError:
            raise ValueError('expected a UTC time as HH:MM, e.g. 09:00, or "off"') from None
        return value

    @field_validator("weekly_summary_day")
    @classmethod
    def _summary_day(cls, value: str) -> str:
        value = value.strip().lower()
        if value in SWITCHED_OFF:
            return "off"
        if value not in WEEKDAYS:
            raise ValueError(f'expected one of {", ".join(WEEKDAYS)}, or "off"')
        return value

    def memory_model(self) -> str | None:
        """The model long memory summarises with: SUMMARY_MODEL, else OPENAI_MODEL; None when "off"."""
        model = (self.summary_model or self.openai_model).strip()
        return None if model.lower() in SWITCHED_OFF else model

    def summary_schedule(self) -> SummarySchedule:
        """When admins get summaries; "off" switches one off (the weekly one goes at the daily time)."""
        at = None
        if self.daily_summary_time != "off":
            at = datetime.strptime(self.daily_summary_time, "%H:%M").time()
        day = None if self.weekly_summary_day == "off" else WEEKDAYS.index(self.weekly_summary_day)
        return SummarySchedule(at, day)

    def budget_limits(self) -> Limits:
        def micros(usd: Decimal | None) -> int | None:
            return None if usd is None else usd_to_micros(usd)

        return Limits(
            micros(self.budget_daily_usd),
            micros(self.budget_monthly_usd),
            self.budget_daily_tokens,
            self.budget_monthly_tokens,
        )

    def global_monthly_micros(self) -> int | None:
        usd = self.budget_global_monthly_usd
        return None if usd is None else usd_to_micros(usd)

    def dashboard_url(self) -> str:
        """Where admins open the dashboard: DASHBOARD_PUBLIC_URL, else its own host and port."""
        if self.dashboard_public_url:
            return self.dashboard_public_url.rstrip("/")
        return f"http://{self.dashboard_host}:{self.dashboard_port or DEFAULT_DASHBOARD_PORT}"

    def effective_redis_url(self) -> str | None:
        if self.redis_url:
            return self.redis_url
        if self.redis_host:
            return f"redis://{self.redis_host}:{self.redis_port}/{self.redis_db}"
        return None


class ConfigurationError(Exception):
    """One line that says which setting is wrong and why."""


class StartupFailure(Exception):
    """A service the process needs refused it at start; one line says which and why."""


def secrets_dir() -> Path | None:
    """SECRETS_DIR, read from the environment before the settings: a folder of files named after
    settings (Docker secrets, /run/secrets); the environment and `.env` win over its files."""
    value = os.environ.get("SECRETS_DIR", "")
    if not value:
        return None
    if not Path(value).is_dir():
        raise ConfigurationError(f"SECRETS_DIR: {value} is not a directory")
    return Path(value)


def load_settings() -> Settings:
    folder = secrets_dir()
    try:
        return Settings(_secrets_dir=folder)  # type: ignore[call-arg]  # pydantic-settings init option
    except ValidationError as error:
        problems = []
        for issue in error.errors():
            name = ".".join(str(p) for p in issue["loc"]).upper() or "settings"
            problems.append(f"{name}: {issue['msg']}")
        raise ConfigurationError("invalid configuration: " + "; ".join(problems)) from None
    except (InvalidOperation, UnicodeDecodeError, OSError) as error:
        raise ConfigurationError(f"cannot read configuration: {error}") from None
