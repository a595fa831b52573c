"""`gptbot audit`: replay the usage ledgers against the views, or rebuild the views from the events."""

import time
from typing import TYPE_CHECKING

import typer

from domain.money import format_usd
from entrypoints.analytics_cli import JSON_OPTION, parse_day, print_json, to_json
from entrypoints.garbage_collection import tune_garbage_collection

if TYPE_CHECKING:  # rich, the audit and the store are imported by the commands that use them
    from rich.progress import Progress

    from application.audit import AuditReport, UsageAudit
    from application.projection.catch_up import Projector
    from entrypoints.container import Container

audit_app = typer.Typer(help="Audits of the usage ledgers, and rebuilds of the views.", no_args_is_help=True)


def _progress() -> "Progress":
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    return Progress(*columns, console=Console(stderr=True), transient=True)


def _container() -> "Container":
    from entrypoints.bootstrap import start

    container = start()
    container.store()  # opened first, so a bad DATABASE_URL is reported as the event store's problem
    return container


@audit_app.command()
def replay(
    user: int | None = typer.Option(None, "--user", help="Only this user's ledgers."),
    since: str | None = typer.Option(None, "--from", help="First UTC day, YYYY-MM-DD."),
    until: str | None = typer.Option(None, "--to", help="Last UTC day, YYYY-MM-DD."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Rebuild usage totals from the events, compare them with the views, verify every digest chain.

    Exits 1 when a chain is broken or a total differs.
    """
    from application.audit import AuditScope
    from entrypoints.audit_verdict import record_verdict, verdict_now

    scope = AuditScope(user, parse_day(since, "--from"), parse_day(until, "--to"))
    if scope.since and scope.until and scope.since > scope.until:
        raise typer.BadParameter("--from is after --to", param_hint="--from")
    container = _container()
    audit: UsageAudit = container.audit()
    tune_garbage_collection()  # as the bot does: what start-up built stays out of the collector's passes
    started = time.perf_counter()
    with _progress() as progress:
        report = audit.replay(scope, _LedgersBar(progress))
    elapsed = time.perf_counter() - started
    report.journal_waiting = container.spend_journal().waiting()
    verdict = verdict_now(container.clock().now(), report.ok, len(report.breaks), len(report.mismatches))
    record_verdict(container.settings(), verdict)  # for `gptbot status`
    if as_json:
        print_json({**_as_dict(report), "ok": report.ok, "seconds": round(elapsed, 3)})
    else:
        _print_report(report, elapsed)
    if not report.ok:
        raise typer.Exit(1)


class _LedgersBar:
    def __init__(self, progress: "Progress") -> None:
        self.progress, self.task = progress, progress.add_task("replaying usage ledgers", total=None)

    def found(self, total: int) -> None:
        self.progress.update(self.task, total=total)

    def replayed(self, done: int) -> None:
        self.progress.advance(self.task, done)


@audit_app.command()
def rebuild() -> None:
    """Empty the analytics views and project every event again from position 0."""
    projector: Projector = _container().projector()
    with _progress() as progress:
        task = progress.add_task("rebuilding the views", total=None)
        count = projector.rebuild(
            lambda position, head: progress.update(task, completed=position, total=head)
        )
    lag = projector.lag()
    typer.echo(
        f"rebuilt the views from {count:,} events; they are at position {lag.position:,} of {lag.head:,}"
    )


def _as_dict(report: "AuditReport") -> dict[str, object]:
    value: dict[str, object] = to_json(report)
    return value


TOTALS_COLUMNS = {
    "requests": "requests",
    "input_tokens": "input",
    "output_tokens": "output",
    "cached_tokens": "cached",
    "images": "images",
    "documents": "docs",
    "cost_micros": "cost",
    "estimated_requests": "estimated",
    "estimated_cost_micros": "estimated cost",
}
"""The totals table's column for each usage field."""
MONEY_FIELDS = frozenset(("cost_micros", "estimated_cost_micros"))


def _total_cell(name: str, value: int) -> str:
    return format_usd(value) if name in MONEY_FIELDS else f"{value:,}"


def _estimated_part(report: "AuditReport") -> str:
    """The part of the totals the bot estimated, where the provider reported no usage."""
    ours, theirs = report.from_events, report.in_views
    return (
        f"Of which estimated by the bot: {ours.estimated_requests:,} requests, "
        f"{format_usd(ours.estimated_cost_micros)} from events; "
        f"{theirs.estimated_requests:,} requests, {format_usd(theirs.estimated_cost_micros)} in views."
    )


def _print_report(report: "AuditReport", elapsed: float) -> None:
    from rich.console import Console
    from rich.table import Table

    from application.audit import USAGE_FIELDS

    console = Console()
    rate = report.events_read / elapsed if elapsed > 0 else 0.0
    console.print(
        f"Read {report.events_read:,} usage events in {elapsed:.1f} s ({rate:,.0f}/s): "
        f"{report.ledgers:,} ledgers, {report.records:,} records in scope; views at position {report.views_position:,}."
    )
    if report.not_yet_projected:
        console.print(f"{report.not_yet_projected:,} newer records are verified but not yet in the views.")
    totals = Table(title="Totals in scope")
    totals.add_column("")
    for name in USAGE_FIELDS:
        totals.add_column(TOTALS_COLUMNS[name], justify="right")
    for label, counts in (("from events", report.from_events), ("in views", report.in_views)):
        totals.add_row(label, *(_total_cell(name, getattr(counts, name)) for name in USAGE_FIELDS))
    console.print(totals)
    console.print(_estimated_part(report))
    if report.breaks:
        breaks = Table(title="Broken digest chains", title_style="bold red")
        for name in ("user", "month", "record", "request id", "problem"):
            breaks.add_column(name)
        for b in report.breaks:
            user = "?" if b.user_id is None else str(b.user_id)
            breaks.add_row(user, b.period, f"#{b.record + 1}", b.request_id, b.problem)
        console.print(breaks)
    if report.mismatches:
        mismatches = Table(title="Totals that differ from the views", title_style="bold red")
        for name in ("user", "day", "field", "from events", "in views"):
            mismatches.add_column(name)
        for m in report.mismatches:
            mismatches.add_row(str(m.user_id), str(m.day), m.field, f"{m.from_events:,}", f"{m.in_views:,}")
        console.print(mismatches)
    if report.journal_waiting:
        console.print(
            f"{report.journal_waiting:,} usage records wait in the spend journal: they are not in the ledger yet, "
            "so this audit does not cover them; the bot writes them in once the store takes writes again."
        )
    verdict = "[bold green]OK[/]: every chain verifies and every total matches the views"
    if not report.ok:
        verdict = (
            f"[bold red]FAILED[/]: {len(report.breaks)} chain breaks, {len(report.mismatches)} totals differ"
        )
    console.print(verdict)
