"""How `gptbot analytics` prints its reports: rich tables for a terminal, CSV for files and pipes (or when
asked), JSON when asked. A table never cuts a number: names wrap or shorten first, and a table whose
numbers cannot fit the terminal is printed wider than it."""

import json
import sys
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer

from adapters.csv_shapes import CsvTable, csv_text
from adapters.json_shapes import jsonable

if TYPE_CHECKING:
    from rich.table import Table


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


FORMAT_OPTION = typer.Option(
    None, "--format", help="table, csv or json; a table on a terminal, CSV when printing to a file or pipe."
)
JSON_ALIAS = typer.Option(False, "--json", help="The same as --format json.")


def chosen(given: Format | None, as_json: bool) -> Format:
    if as_json and given not in (None, Format.JSON):
        raise typer.BadParameter(f"--json asks for JSON, --format for {given}", param_hint="--json")
    if as_json:
        return Format.JSON
    if given is not None:
        return given
    return Format.TABLE if sys.stdout.isatty() else Format.CSV


class Fit(StrEnum):
    NAME = "name"
    """Text that wraps, then shortens, to make room."""
    NUMBER = "number"
    """Never wrapped nor cut."""
    WORDS = "words"
    """Wraps between its words (a date and its time, a count and its cost), never inside one."""


@dataclass(frozen=True)
class Column:
    header: str
    fit: Fit = Fit.NUMBER


@dataclass
class Sheet:
    """One table of a report, as people read it and as CSV."""

    title: str
    columns: tuple[Column, ...]
    csv_headers: tuple[str, ...]
    rows: list[list[str]] = field(default_factory=list)
    csv_rows: list[list[object]] = field(default_factory=list)
    total: list[str] | None = None
    """A last row set apart in the table (CSV has the data rows only)."""
    show_header: bool = True

    def add(self, cells: list[str], csv_cells: list[object]) -> None:
        self.rows.append(cells)
        self.csv_rows.append(csv_cells)

    def csv(self) -> CsvTable:
        return self.csv_headers, self.csv_rows


def print_report(form: Format, sheets: list[Sheet], as_json: Any) -> None:
    """The sheets as tables or CSV (one block each, a blank line between), or the report as JSON."""
    if form is Format.JSON:
        typer.echo(json.dumps(jsonable(as_json), ensure_ascii=False, indent=2))
    elif form is Format.CSV:
        sys.stdout.write("\n".join(csv_text(sheet.csv(), "\n") for sheet in sheets))
    else:
        _print_tables(sheets)


def _print_tables(sheets: list[Sheet]) -> None:
    from rich.console import Console

    console = Console()
    for sheet in sheets:
        if not sheet.rows:
            console.print(f"[dim]{sheet.title}: nothing recorded[/dim]")
            continue
        widths = column_widths(sheet, console.width)
        needed = sum(widths) + len(widths) - 1
        wide = console if needed <= console.width else Console(width=needed)
        wide.print(rich_table(sheet, widths))


def column_widths(sheet: Sheet, width: int) -> list[int]:
    """Each column's width within `width` (one space between columns): numbers whole, names wrapped or
    shortened to make room first, then the columns of words wrapped between words; wider than `width`
    only when even that does not fit."""
    cells = [*sheet.rows, *([sheet.total] if sheet.total else [])]
    natural, least = [], []
    for n, column in enumerate(sheet.columns):
        texts = [column.header, *(row[n] for row in cells)]
        natural.append(_longest(texts))
        if column.fit is Fit.NAME:  # never narrower than what it starts with: a user's id, say
            least.append(_longest([text.split(" ", 1)[0] for text in texts]))
        elif column.fit is Fit.WORDS:
            least.append(_longest([word for text in texts for word in text.split()]))
        else:
            least.append(natural[-1])
    widths = list(natural)
    excess = sum(widths) + len(widths) - 1 - width
    for fit in (Fit.NAME, Fit.WORDS):
        for n, column in enumerate(sheet.columns):
            if excess > 0 and column.fit is fit:
                cut = min(excess, widths[n] - least[n])
                widths[n] -= cut
                excess -= cut
    return widths


def rich_table(sheet: Sheet, widths: list[int]) -> "Table":
    from rich import box
    from rich.table import Table

    table = Table(
        title=sheet.title,
        show_header=sheet.show_header,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 0),
    )
    for column, width in zip(sheet.columns, widths, strict=True):
        if column.fit is Fit.NAME:
            table.add_column(column.header, width=width, overflow="ellipsis")
        elif column.fit is Fit.WORDS:
            table.add_column(column.header, width=width, justify="right", overflow="fold")
        else:
            table.add_column(column.header, width=width, justify="right", no_wrap=True)
    for row in sheet.rows:
        table.add_row(*row)
    if sheet.total is not None:
        table.add_section()
        table.add_row(*sheet.total)
    return table


def _longest(texts: list[str]) -> int:
    return max((len(text) for text in texts), default=1)
