"""Answers as JSON, for the dashboard's API and the CLI's `--json`: dataclasses as objects, dates in ISO
form, money in USD too."""

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from application.views import TimelineEntry, UsageCounts
from domain.money import format_usd


def jsonable(value: Any) -> Any:
    if isinstance(value, UsageCounts):
        return {
            **value.as_dict(),
            "tokens": value.tokens,
            "cost_usd": format_usd(value.cost_micros),
            "estimated_cost_usd": format_usd(value.estimated_cost_micros),
        }
    if isinstance(value, TimelineEntry):
        return {name: jsonable(item) for name, item in value._asdict().items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value
