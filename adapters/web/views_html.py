"""What the templates are given besides the page's data: its charts, and formatting filters."""

from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlencode

from adapters.web.charts import Chart, Series, stacked_bars
from application.dashboard.model import DayRange, DayTotal
from application.views import ModelDay
from domain.money import format_usd

MODELS_SHOWN = 6
"""Models drawn by name in the chart; the rest are added up as "other"."""


def usd(micros: int) -> str:
    return format_usd(micros)  # "$1.234567": the sign is format_usd's own


def usd_axis(micros: float) -> str:
    """An axis label in dollars: as few decimals as the scale needs ($0.025, $1.5, $20)."""
    dollars = micros / 1_000_000
    if dollars == 0:
        return "$0"
    text = f"{dollars:.6f}".rstrip("0").rstrip(".")
    return "$" + text


def number(value: int | float) -> str:
    return f"{value:,}".replace(",", " ")


def when(at: datetime | None) -> str:
    return "" if at is None else at.strftime("%Y-%m-%d %H:%M UTC")


KIND_LABELS = {
    "conversation_started": "conversation started",
    "conversation_archived": "conversation reset",
    "registered": "first seen by the bot",
    "subscription_checked": "channel membership checked",
    "granted": "allowed by an admin",
    "revoked": "allowance revoked",
    "banned": "banned",
    "unbanned": "unbanned",
    "promoted_to_admin": "made an admin",
    "budget_set": "budget set",
}
PREFIX_LABELS = {"usage:": "charge: ", "failed:": "no reply: "}


def kind_label(kind: str) -> str:
    """A timeline kind as an operator reads it."""
    if kind in KIND_LABELS:
        return KIND_LABELS[kind]
    for prefix, label in PREFIX_LABELS.items():
        if kind.startswith(prefix):
            return label + kind.removeprefix(prefix).replace("_", " ")
    return kind.replace("_", " ")


def spend_chart(days: Sequence[DayTotal]) -> Chart:
    spent = Series("spend", [d.counts.cost_micros for d in days])
    return stacked_bars("Spend per day", "USD", [d.day for d in days], [spent], usd_axis)


def token_chart(days: Sequence[DayTotal]) -> Chart:
    series = [
        Series("input", [d.counts.input_tokens - d.counts.cached_tokens for d in days]),
        Series("cached input", [d.counts.cached_tokens for d in days]),
        Series("output", [d.counts.output_tokens for d in days]),
    ]
    return stacked_bars("Tokens per day", "tokens", [d.day for d in days], series, _short)


def model_chart(range_: DayRange, rows: Sequence[ModelDay]) -> Chart:
    days = range_.days()
    spend: dict[str, float] = {}
    for row in rows:
        spend[row.model] = spend.get(row.model, 0) + row.counts.cost_micros
    named = sorted(spend, key=lambda m: (-spend[m], m))[:MODELS_SHOWN]
    index = {day: i for i, day in enumerate(days)}
    values = {name: [0.0] * len(days) for name in [*named, "other"]}
    for row in rows:
        values[row.model if row.model in named else "other"][index[row.day]] += row.counts.cost_micros
    series = [Series(name, v) for name, v in values.items() if any(v)]
    return stacked_bars("Spend per day by model", "USD", days, series, usd_axis)


def _short(value: float) -> str:
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def query_string(**params: object) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})
