"""Reports as CSV, for the dashboard's downloads and `gptbot analytics --format csv`: one form of a row's
counters, and text a spreadsheet will not run."""

import csv
import io
from collections.abc import Collection, Sequence

from application.views import UsageCounts
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

CsvTable = tuple[Sequence[str], list[list[object]]]
"""A header row and the rows under it."""


def count_cells(c: UsageCounts) -> list[object]:
    return counter_cells(tuple(c.as_dict().values()))


_REQUESTS, _INPUT, _OUTPUT, _CACHED, _IMAGES, _DOCS, _COST, _MESSAGES, _ESTIMATED, _ESTIMATED_COST = range(10)
"""Where each of UsageCounts' fields is in a tuple of them."""


def counter_cells(c: tuple[int, ...]) -> list[object]:
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


def csv_text(table: CsvTable, line_end: str = "\r\n", words: Collection[str] | None = None) -> str:
    """The table as CSV, its lines ended as RFC 4180 has them unless asked otherwise. `words` names the
    columns of text from outside (people's names, their messages) that a spreadsheet must not run; by
    default every column of text is treated so."""
    headers, rows = table
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow(headers)
    # Only text can start a formula; a column's cells are all of one type (each table makes them so).
    texts = [
        i
        for i, cell in enumerate(rows[0] if rows else ())
        if isinstance(cell, str) and (words is None or headers[i] in words)
    ]
    for row in rows:
        for i in texts:
            row[i] = _safe(row[i])
    writer.writerows(rows)
    return out.getvalue()


def _safe(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell
