"""Every table of the dashboard as CSV: a header row, then one row per line of the table."""

from collections.abc import Collection, Iterable, Sequence

from fastapi.responses import Response

from adapters.csv_shapes import COUNT_HEADERS, CsvTable, count_cells, counter_cells, csv_text
from application.dashboard.model import DayTotal, ExportedUser
from application.views import LedgerHead, ModelDay, TimelineEntry
from domain.money import format_usd


def day_rows(days: Iterable[DayTotal]) -> tuple[Sequence[str], list[list[object]]]:
    return ("day", *COUNT_HEADERS), [[d.day.isoformat(), *count_cells(d.counts)] for d in days]


def model_rows(days: Iterable[ModelDay]) -> tuple[Sequence[str], list[list[object]]]:
    return ("day", "model", *COUNT_HEADERS), [
        [d.day.isoformat(), d.model, *count_cells(d.counts)] for d in days
    ]


USER_HEADERS = (
    "user_id",
    "name",
    "username",
    "status",
    "first_seen",
    "last_seen",
    *COUNT_HEADERS,
    "month_usd",
    "month_budget_usd",
)
USER_WORDS = ("name", "username")
"""The users table's columns of people's own words; the others are the bot's numbers, dates and words."""


def user_rows(lines: Iterable[ExportedUser]) -> tuple[Sequence[str], list[list[object]]]:
    return USER_HEADERS, [
        [
            line.user_id,
            line.name or "",
            line.username or "",
            " ".join(status),
            line.first_seen.isoformat(),
            line.last_seen.isoformat(),
            *counter_cells(line.counts),
            format_usd(line.month_micros),
            "" if cap is None else format_usd(cap),
        ]
        for line, status, cap in lines
    ]


def timeline_rows(entries: Iterable[TimelineEntry]) -> tuple[Sequence[str], list[list[object]]]:
    return ("position", "at", "kind", "text", "cost_usd"), [
        [
            e.position,
            e.at.isoformat(),
            e.kind,
            e.text or "",
            "" if e.cost_micros is None else format_usd(e.cost_micros),
        ]
        for e in entries
    ]


def ledger_rows(heads: Iterable[LedgerHead]) -> tuple[Sequence[str], list[list[object]]]:
    return ("ledger", "user_id", "period", "records", "head_digest", "last_at"), [
        [
            h.stream_id,
            h.user_id,
            h.period,
            h.records,
            h.head_digest,
            h.last_at.isoformat() if h.last_at else "",
        ]
        for h in heads
    ]


def csv_response(name: str, table: CsvTable, words: Collection[str] | None = None) -> Response:
    """The table as a CSV download; `words` as csv_text takes them."""
    return Response(
        csv_text(table, words=words),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
