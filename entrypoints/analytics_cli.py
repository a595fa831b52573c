"""`gptbot analytics`: usage from the projected views, as tables for people, CSV or JSON for scripts."""

import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from adapters.json_shapes import jsonable
from application.views import DailyUsage, UsageCounts
from entrypoints.analytics_output import FORMAT_OPTION, JSON_ALIAS, Format, chosen, print_report
from entrypoints.analytics_sheets import daily_sheet, info_sheets, user_sheets, users_sheet

if TYPE_CHECKING:  # the store behind the service is imported by the commands that use it
    from application.analytics import AnalyticsService

analytics_app = typer.Typer(
    help="Usage analytics from the projected views; without a command, the summary of everything.",
    invoke_without_command=True,
)


JSON_OPTION = typer.Option(False, "--json", help="Print JSON instead of tables.")
"""For the operator's commands without --format (audit, status)."""
to_json = jsonable
"""A report as JSON: the shapes the dashboard's API gives too."""


def print_json(value: Any) -> None:
    typer.echo(json.dumps(to_json(value), ensure_ascii=False, indent=2))


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


@analytics_app.callback()
def everything(
    context: typer.Context, form: Format | None = FORMAT_OPTION, as_json: bool = JSON_ALIAS
) -> None:
    """The summary of everything: the store, every user's totals and today's usage."""
    if context.invoked_subcommand is not None:
        return
    chosen_form = chosen(form, as_json)
    service = open_analytics()
    summary, rows = service.info(), service.users()
    today = service.today()
    usage = service.daily(today)
    people = service.people({row.user_id for row in rows})
    sheets = [*info_sheets(summary), users_sheet(rows, people), daily_sheet(today, usage, people)]
    report = {
        "info": {"lag": summary.lag, **jsonable(summary)},
        "users": rows,
        "today": {"date": today, "users": usage, "total": _total(usage)},
    }
    print_report(chosen_form, sheets, report)


@analytics_app.command()
def users(form: Format | None = FORMAT_OPTION, as_json: bool = JSON_ALIAS) -> None:
    """Every user's all-time totals, the biggest spender first."""
    chosen_form = chosen(form, as_json)
    service = open_analytics()
    rows = service.users()
    people = service.people({row.user_id for row in rows})
    print_report(chosen_form, [users_sheet(rows, people)], rows)


@analytics_app.command()
def daily(
    day: str | None = typer.Option(None, "--date", help="A UTC day, YYYY-MM-DD; today by default."),
    form: Format | None = FORMAT_OPTION,
    as_json: bool = JSON_ALIAS,
) -> None:
    """Each user's usage on one UTC day."""
    chosen_form, asked = chosen(form, as_json), parse_day(day, "--date")
    service = open_analytics()
    chosen_day = asked or service.today()
    rows = service.daily(chosen_day)
    people = service.people({row.user_id for row in rows})
    report = {"date": chosen_day, "users": rows, "total": _total(rows)}
    print_report(chosen_form, [daily_sheet(chosen_day, rows, people)], report)


@analytics_app.command()
def user(
    user_id: int = typer.Argument(..., help="The Telegram user id."),
    days: int = typer.Option(7, "--days", min=1, max=3660, help="How many days back to show."),
    form: Format | None = FORMAT_OPTION,
    as_json: bool = JSON_ALIAS,
) -> None:
    """One user's totals, recent days and newest timeline entries."""
    chosen_form = chosen(form, as_json)
    service = open_analytics()
    report = service.user(user_id, days)
    person = service.people([user_id]).get(user_id)
    print_report(chosen_form, user_sheets(report, person), report)


@analytics_app.command()
def info(form: Format | None = FORMAT_OPTION, as_json: bool = JSON_ALIAS) -> None:
    """Events stored, users, dates covered, database size and how far the views trail the events."""
    chosen_form = chosen(form, as_json)
    summary = open_analytics().info()
    print_report(chosen_form, info_sheets(summary), {**jsonable(summary), "lag": summary.lag})


def _total(rows: Sequence[DailyUsage]) -> UsageCounts:
    return sum((row.counts for row in rows), UsageCounts())
