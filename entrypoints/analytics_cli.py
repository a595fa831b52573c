"""`gptbot analytics`: usage from the projected views, as rich tables or `--json` for scripts."""

import json
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from adapters.json_shapes import jsonable
from application.views import DailyUsage, UsageCounts, UserTotals
from domain.money import format_usd

if TYPE_CHECKING:  # rich, and the store behind the service, are imported by the commands that use them
    from rich.table import Table

    from application.analytics import AnalyticsInfo, AnalyticsService, UserReport

analytics_app = typer.Typer(help="Usage analytics from the projected views.", no_args_is_help=True)

JSON_OPTION = typer.Option(False, "--json", help="Print JSON instead of tables.")
COUNT_COLUMNS = ("requests", "input", "output", "cached", "images", "docs", "messages", "cost", "estimated")
"""The last column is the part of the requests and cost the bot estimated (no usage reported)."""


def open_analytics() -> "AnalyticsService":
    from entrypoints.bootstrap import start

    container = start()
    container.store()  # opened first, so a bad DATABASE_URL is reported as the event store's problem
    service: AnalyticsService = container.analytics()
    return service


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"expected a date like 2026-11-21, got {value!r}", param_hint=option
        ) from None


to_json = jsonable
"""A report as JSON: the shapes the dashboard's API gives too."""


def print_json(value: Any) -> None:
    typer.echo(json.dumps(to_json(value), ensure_ascii=False, indent=2))


def count_cells(counts: UsageCounts) -> list[str]:
    c = counts
    numbers = (
        c.requests,
        c.input_tokens,
        c.output_tokens,
        c.cached_tokens,
        c.images,
        c.documents,
        c.messages,
    )
    return [*(f"{n:,}" for n in numbers), format_usd(c.cost_micros), estimated_cell(c)]


def estimated_cell(counts: UsageCounts) -> str:
    """Of the requests and their cost, what the bot estimated: "N, $X", or "-" for none."""
    if not counts.estimated_requests:
        return "-"
    return f"{counts.estimated_requests:,}, {format_usd(counts.estimated_cost_micros)}"


def counts_table(title: str, first: str) -> "Table":
    from rich.table import Table

    table = Table(title=title)
    table.add_column(first)
    for name in COUNT_COLUMNS:
        table.add_column(name, justify="right")
    return table


@analytics_app.command()
def users(as_json: bool = JSON_OPTION) -> None:
    """Every user's all-time totals, the biggest spender first."""
    rows = open_analytics().users()
    if as_json:
        print_json(rows)
        return
    table = counts_table("Users", "user")
    table.add_column("last seen")
    for row in rows:
        table.add_row(str(row.user_id), *count_cells(row.counts), f"{row.last_seen:%Y-%m-%d %H:%M}")
    _print(table, rows)


@analytics_app.command()
def daily(
    day: str | None = typer.Option(None, "--date", help="A UTC day, YYYY-MM-DD; today by default."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Each user's usage on one UTC day."""
    service = open_analytics()
    chosen = parse_day(day, "--date") or service.today()
    rows = service.daily(chosen)
    total = sum((row.counts for row in rows), UsageCounts())
    if as_json:
        print_json({"date": chosen, "users": rows, "total": total})
        return
    table = counts_table(f"Usage on {chosen}", "user")
    for row in rows:
        table.add_row(str(row.user_id), *count_cells(row.counts))
    if rows:
        table.add_section()
        table.add_row("total", *count_cells(total))
    _print(table, rows)


@analytics_app.command()
def user(
    user_id: int = typer.Argument(..., help="The Telegram user id."),
    days: int = typer.Option(7, "--days", min=1, max=3660, help="How many days back to show."),
    as_json: bool = JSON_OPTION,
) -> None:
    """One user's totals, recent days and newest timeline entries."""
    report = open_analytics().user(user_id, days)
    if as_json:
        print_json(report)
        return
    _print_user(report)


@analytics_app.command()
def info(as_json: bool = JSON_OPTION) -> None:
    """Events stored, users, dates covered, database size and how far the views trail the events."""
    summary = open_analytics().info()
    if as_json:
        print_json({**to_json(summary), "lag": summary.lag})
        return
    _print_info(summary)


def _print(table: "Table", rows: list[DailyUsage] | list[UserTotals]) -> None:
    from rich.console import Console

    console = Console()
    console.print(table if rows else f"[dim]{table.title}: nothing recorded[/dim]")


def _print_user(report: "UserReport") -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if report.totals is None:
        console.print(f"User {report.user_id}: nothing recorded")
        return
    totals = counts_table(f"User {report.user_id}", "")
    totals.add_row("all time", *count_cells(report.totals.counts))
    for row in report.days:
        totals.add_row(str(row.day), *count_cells(row.counts))
    console.print(totals)
    timeline = Table(title="Timeline (newest last)")
    for name in ("at", "event", "text"):
        timeline.add_column(name)
    for entry in report.timeline:
        timeline.add_row(f"{entry.at:%Y-%m-%d %H:%M:%S}", entry.kind, entry.text or "")
    console.print(timeline)


def estimated_part(counts: UsageCounts) -> str:
    return f"{counts.estimated_requests:,} requests, {format_usd(counts.estimated_cost_micros)}"


def _print_info(summary: "AnalyticsInfo") -> None:
    from rich.console import Console
    from rich.table import Table

    stats = summary.stats
    span = f"{summary.first_day} to {summary.last_day}" if summary.first_day else "no usage yet"
    size = f"{summary.size_bytes / 1_048_576:.1f} MiB" if summary.size_bytes is not None else "unknown"
    table = Table(title="Analytics", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    rows = [
        ("events stored", f"{summary.events:,}"),
        ("users", f"{stats.users:,}"),
        (
            "active today / 7 days / 30 days",
            f"{stats.active_today} / {stats.active_7_days} / {stats.active_30_days}",
        ),
        ("messages", f"{stats.totals.messages:,}"),
        ("images / documents", f"{stats.totals.images:,} / {stats.totals.documents:,}"),
        ("cost", format_usd(stats.totals.cost_micros)),
        ("of which estimated", estimated_part(stats.totals)),
        ("usage dates", span),
        ("database size", size),
        ("projection lag", f"{summary.lag:,} events (views at {summary.position:,} of {summary.head:,})"),
    ]
    for what, value in rows:
        table.add_row(what, value)
    console = Console()
    console.print(table)
    if stats.by_model:
        models = counts_table("Cost by model", "model")
        for model in stats.by_model:
            models.add_row(model.model, *count_cells(model.counts))
        console.print(models)
