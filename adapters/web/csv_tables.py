"""Every table of the dashboard as CSV: a header row, then one row per line of the table."""

import csv
import io
from collections.abc import Iterable, Sequence

from fastapi.responses import Response

from application.dashboard.model import DayTotal, UserLine
from application.views import LedgerHead, ModelDay, TimelineEntry, UsageCounts
from domain.money import format_usd

COUNT_HEADERS = (
    "requests",
    "input_tokens",
    "output_tokens",
    "cached_tokens",
    "images",
    "documents",
    "messages",
    "cost_usd",
    "estimated_requests",
    "estimated_cost_usd",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell a spreadsheet would run as a formula (names are the users' own words): written with a quote first."""


def count_cells(c: UsageCounts) -> list[object]:
    return _counter_cells(tuple(c.as_dict().values()))


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
)


def user_rows(lines: Iterable[tuple[UserLine, tuple[str, ...]]]) -> tuple[Sequence[str], list[list[object]]]:
    return USER_HEADERS, [
        [
            line.user_id,
            line.name or "",
            line.username or "",
            " ".join(status),
            line.first_seen.isoformat(),
            line.last_seen.isoformat(),
            *_counter_cells(line.counts),
            format_usd(line.month_micros),
        ]
        for line, status in lines
    ]


_REQUESTS, _INPUT, _OUTPUT, _CACHED, _IMAGES, _DOCS, _COST, _MESSAGES, _ESTIMATED, _ESTIMATED_COST = range(10)
"""Where each of UsageCounts' fields is in a tuple of them."""


def _counter_cells(c: tuple[int, ...]) -> list[object]:
    """The cells of `count_cells`, from the counters as a tuple."""
    return [
        c[_REQUESTS],
        c[_INPUT],
        c[_OUTPUT],
        c[_CACHED],
        c[_IMAGES],
        c[_DOCS],
        c[_MESSAGES],
        format_usd(c[_COST]),
        c[_ESTIMATED],
        format_usd(c[_ESTIMATED_COST]),
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


def csv_response(name: str, table: tuple[Sequence[str], list[list[object]]]) -> Response:
    headers, rows = table
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    # Only text can start a formula; a column's cells are all of one type (each table makes them so).
    texts = [i for i, cell in enumerate(rows[0]) if isinstance(cell, str)] if rows else []
    for row in rows:
        for i in texts:
            row[i] = _safe(row[i])
    writer.writerows(rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _safe(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell
