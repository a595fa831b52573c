"""The reports of `gptbot analytics` as sheets: what each table shows, and the same as CSV."""

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from adapters.csv_shapes import COUNT_HEADERS, count_cells
from application.naming import person_label
from application.views import DailyUsage, ModelTotals, Person, UsageCounts, UserTotals
from domain.money import format_usd
from entrypoints.analytics_output import Column, Fit, Sheet

if TYPE_CHECKING:  # the service's modules are imported by the commands that use them
    from application.analytics import AnalyticsInfo, UserReport

COUNT_COLUMNS = (
    Column("reqs"),
    Column("input"),
    Column("output"),
    Column("cached"),
    Column("imgs"),
    Column("docs"),
    Column("msgs"),
    Column("cost"),
    Column("est.", Fit.WORDS),
)
"""Short headers, so that the numbers of a user's row fit 80 columns whole. The last is the part of the
requests and cost the bot estimated (no usage reported)."""
NAME_HEADERS = ("user_id", "name", "username")


def count_texts(counts: UsageCounts) -> list[str]:
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
    return [*(f"{n:,}" for n in numbers), format_usd(c.cost_micros), estimated_text(c)]


def estimated_text(counts: UsageCounts) -> str:
    """Of the requests and their cost, what the bot estimated: "N, $X", or "-" for none."""
    if not counts.estimated_requests:
        return "-"
    return f"{counts.estimated_requests:,}, {format_usd(counts.estimated_cost_micros)}"


def estimated_part(counts: UsageCounts) -> str:
    return f"{counts.estimated_requests:,} requests, {format_usd(counts.estimated_cost_micros)}"


def name_cells(user_id: int, people: Mapping[int, Person]) -> list[object]:
    person = people.get(user_id)
    return [user_id, (person and person.name) or "", (person and person.username) or ""]


def users_sheet(rows: list[UserTotals], people: Mapping[int, Person]) -> Sheet:
    sheet = Sheet(
        "Users",
        (Column("user", Fit.NAME), *COUNT_COLUMNS, Column("last seen", Fit.WORDS)),
        (*NAME_HEADERS, *COUNT_HEADERS, "first_seen", "last_seen"),
    )
    for row in rows:
        sheet.add(
            [
                person_label(row.user_id, people.get(row.user_id)),
                *count_texts(row.counts),
                f"{row.last_seen:%Y-%m-%d %H:%M}",
            ],
            [
                *name_cells(row.user_id, people),
                *count_cells(row.counts),
                row.first_seen.isoformat(),
                row.last_seen.isoformat(),
            ],
        )
    return sheet


def daily_sheet(day: date, rows: list[DailyUsage], people: Mapping[int, Person]) -> Sheet:
    sheet = Sheet(
        f"Usage on {day}",
        (Column("user", Fit.NAME), *COUNT_COLUMNS),
        ("day", *NAME_HEADERS, *COUNT_HEADERS),
    )
    for row in rows:
        sheet.add(
            [person_label(row.user_id, people.get(row.user_id)), *count_texts(row.counts)],
            [row.day.isoformat(), *name_cells(row.user_id, people), *count_cells(row.counts)],
        )
    if rows:
        sheet.total = ["total", *count_texts(sum((row.counts for row in rows), UsageCounts()))]
    return sheet


def user_sheets(report: "UserReport", person: Person | None) -> list[Sheet]:
    totals = Sheet(
        f"User {person_label(report.user_id, person)}",
        (Column("", Fit.WORDS), *COUNT_COLUMNS),
        ("day", *COUNT_HEADERS),
    )
    if report.totals is None:
        return [totals]
    totals.add(["all time", *count_texts(report.totals.counts)], ["all", *count_cells(report.totals.counts)])
    for row in report.days:
        totals.add([str(row.day), *count_texts(row.counts)], [row.day.isoformat(), *count_cells(row.counts)])
    timeline = Sheet(
        "Timeline (newest last)",
        (Column("at", Fit.WORDS), Column("event", Fit.NAME), Column("text", Fit.NAME)),
        ("at", "kind", "text", "cost_usd"),
    )
    for e in report.timeline:
        cost = "" if e.cost_micros is None else format_usd(e.cost_micros)
        timeline.add(
            [f"{e.at:%Y-%m-%d %H:%M:%S}", e.kind, e.text or ""],
            [e.at.isoformat(), e.kind, e.text or "", cost],
        )
    return [totals, timeline]


def info_sheets(summary: "AnalyticsInfo") -> list[Sheet]:
    stats = summary.stats
    span = f"{summary.first_day} to {summary.last_day}" if summary.first_day else "no usage yet"
    size = f"{summary.size_bytes / 1_048_576:.1f} MiB" if summary.size_bytes is not None else "unknown"
    lag = f"{summary.lag:,} events (views at {summary.position:,} of {summary.head:,})"
    facts = Sheet(
        "Analytics",
        (Column("what", Fit.NAME), Column("value", Fit.WORDS)),
        ("what", "value"),
        show_header=False,
    )
    totals = stats.totals
    active = f"{stats.active_today} / {stats.active_7_days} / {stats.active_30_days}"
    for what, value in [
        ("events stored", f"{summary.events:,}"),
        ("users", f"{stats.users:,}"),
        ("active today / 7 days / 30 days", active),
        ("messages", f"{totals.messages:,}"),
        ("images / documents", f"{totals.images:,} / {totals.documents:,}"),
        ("cost", format_usd(totals.cost_micros)),
        ("of which estimated", estimated_part(totals)),
        ("usage dates", span),
        ("database size", size),
        ("projection lag", lag),
    ]:
        facts.add([what, value], [what, value])
    return [facts, *([models_sheet(list(stats.by_model))] if stats.by_model else [])]


def models_sheet(models: list[ModelTotals]) -> Sheet:
    sheet = Sheet("Cost by model", (Column("model", Fit.NAME), *COUNT_COLUMNS), ("model", *COUNT_HEADERS))
    for model in models:
        sheet.add([model.model, *count_texts(model.counts)], [model.model, *count_cells(model.counts)])
    return sheet
