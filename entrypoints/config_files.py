"""The price table and the /mode presets as read from their TOML files, checked field by field; a bad
file stops the start with one line naming the file and the field."""

import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from pydantic_core import ErrorDetails

from application.chat.preferences import Mode
from domain.money import usd_to_micros
from domain.pricing import ModelPrice
from entrypoints.settings import ConfigurationError

Usd = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
PRICE = 'expected a price in dollars, e.g. "0.25"'
# pydantic's words where TOML has its own
IN_TOML_TERMS = {"dict_type": "expected a table", "decimal_type": PRICE, "decimal_parsing": PRICE}


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ModelPriceEntry(_Table):
    input_per_mtok: Usd = Decimal(0)
    cached_input_per_mtok: Usd = Decimal(0)
    output_per_mtok: Usd = Decimal(0)
    per_image: dict[str, dict[str, Usd]] = {}
    audio_input_per_mtok: Usd = Decimal(0)
    audio_per_minute: Usd = Decimal(0)
    audio_estimate_per_minute: Usd = Decimal(0)
    web_search_per_call: Usd = Decimal(0)
    per_million_characters: Usd = Decimal(0)

    def price(self) -> ModelPrice:
        return ModelPrice(
            input_micros_per_mtok=usd_to_micros(self.input_per_mtok),
            cached_input_micros_per_mtok=usd_to_micros(self.cached_input_per_mtok),
            output_micros_per_mtok=usd_to_micros(self.output_per_mtok),
            image_micros_by_variant={
                (size, quality): usd_to_micros(usd)
                for size, qualities in self.per_image.items()
                for quality, usd in qualities.items()
            },
            audio_input_micros_per_mtok=usd_to_micros(self.audio_input_per_mtok),
            audio_micros_per_minute=usd_to_micros(self.audio_per_minute),
            audio_estimate_micros_per_minute=usd_to_micros(self.audio_estimate_per_minute),
            web_search_micros=usd_to_micros(self.web_search_per_call),
            character_micros_per_million=usd_to_micros(self.per_million_characters),
        )


class PricesFile(_Table):
    models: dict[str, ModelPriceEntry]

    def prices(self) -> dict[str, ModelPrice]:
        return {name: entry.price() for name, entry in self.models.items()}


class ModeEntry(_Table):
    title: Text | None = None
    prompt: Text


class ModesFile(_Table):
    modes: dict[str, ModeEntry]

    def presets(self) -> dict[str, Mode]:
        return {name: Mode(name, entry.title or name, entry.prompt) for name, entry in self.modes.items()}


def read_prices(path: Path) -> dict[str, ModelPrice]:
    return _read(path, PricesFile, "prices").prices()


def read_modes(path: Path) -> dict[str, Mode]:
    return _read(path, ModesFile, "modes").presets()


File = TypeVar("File", bound=_Table)


def _read(path: Path, layout: type[File], what: str) -> File:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigurationError(f"cannot read {what} from {path}: {error}") from None
    try:
        return layout.model_validate(document)
    except ValidationError as error:
        problems = "; ".join(_problem(issue) for issue in error.errors())
        raise ConfigurationError(f"invalid {what} in {path}: {problems}") from None


def _problem(issue: ErrorDetails) -> str:
    where = ".".join(_key(str(part)) for part in issue["loc"]) or "the file"
    if issue["type"] == "extra_forbidden":
        return f"{where}: unknown key"
    message = IN_TOML_TERMS.get(issue["type"], issue["msg"])
    if isinstance(issue["input"], str | int | float):
        message += f" (got {issue['input']!r})"
    return f"{where}: {message}"


def _key(part: str) -> str:
    """A key as TOML writes it: bare when it can be, quoted otherwise ("gpt-5.2")."""
    return part if BARE_KEY.fullmatch(part) else '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'
