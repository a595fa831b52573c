"""Admin reports as the sentences an admin reads, in the admin's language."""

from datetime import datetime

from application.admin.reports import BudgetReport, PeriodSummary, Spender
from application.admin.service import Outcome, UserReport
from application.admin.status import StatusReport
from application.chat.replies import describe_usage
from application.messages import duration, text
from application.naming import user_label
from domain.money import format_usd


def stamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M")


def describe_status(report: StatusReport, lang: str | None = None) -> str:
    lines = [
        text("status_title", lang),
        text("status_uptime", lang, uptime=duration(report.uptime, lang), since=stamp(report.started_at)),
    ]
    if report.users is None or report.today is None:
        lines.append(text("status_numbers_unknown", lang))
    else:
        lines.append(text("status_users", lang, users=report.users, active=report.active_today))
        counts = report.today
        lines.append(
            text(
                "status_today",
                lang,
                requests=counts.requests,
                tokens=counts.tokens,
                cost=format_usd(counts.cost_micros),
            )
        )
        lines += describe_estimated(counts.estimated_requests, counts.estimated_cost_micros, lang)
    lag = report.lag
    lines.append(text("status_lag", lang, lag=lag) if lag is not None else text("status_lag_unknown", lang))
    for health in report.health:
        if health.ok is None:
            lines.append(text("status_health_unused", lang, name=health.name))
        elif health.ok:
            lines.append(text("status_health_ok", lang, name=health.name))
        else:
            lines.append(text("status_health_failed", lang, name=health.name, error=health.error))
    pause = report.pause
    if pause is not None and pause.paused:
        since = stamp(pause.changed_at) if pause.changed_at else "?"
        lines.append(text("status_paused", lang, since=since, by=pause.changed_by))
    elif pause is not None:
        lines.append(text("status_running", lang))
    return "\n".join(lines)


def describe_spenders(top: tuple[Spender, ...], lang: str | None = None) -> list[str]:
    if not top:
        return []
    lines = [text("summary_top_header", lang)]
    lines += [
        text(
            "summary_top_line",
            lang,
            user=user_label(s.user_id, s.name, s.username),
            cost=format_usd(s.counts.cost_micros),
            requests=s.counts.requests,
            tokens=s.counts.tokens,
        )
        for s in top
    ]
    return lines


def describe_estimated(requests: int, cost_micros: int, lang: str | None = None) -> list[str]:
    """The part of the spending the bot estimated itself, when there is one."""
    if not requests and not cost_micros:
        return []
    return [text("spend_estimated", lang, requests=requests, cost=format_usd(cost_micros))]


def describe_summary(title: str, summary: PeriodSummary, lang: str | None = None) -> str:
    if summary.active_users == 0:
        return "\n".join([title, text("summary_nothing", lang)])
    counts = summary.counts
    lines = [
        title,
        text(
            "summary_totals",
            lang,
            users=summary.active_users,
            requests=counts.requests,
            messages=counts.messages,
            input=counts.input_tokens,
            output=counts.output_tokens,
            images=counts.images,
            cost=format_usd(counts.cost_micros),
        ),
        *describe_estimated(counts.estimated_requests, counts.estimated_cost_micros, lang),
    ]
    return "\n".join(lines + describe_spenders(summary.top, lang))


def describe_budget(report: BudgetReport, lang: str | None = None) -> str:
    lines = [text("budget_title", lang, month=report.month_start.strftime("%Y-%m"))]
    if report.cap_micros:
        lines.append(
            text(
                "budget_capped",
                lang,
                spent=format_usd(report.spent_micros),
                cap=format_usd(report.cap_micros),
                percent=report.percent,
            )
        )
    else:
        lines.append(text("budget_uncapped", lang, spent=format_usd(report.spent_micros)))
    lines += describe_estimated(report.estimated_requests, report.estimated_micros, lang)
    return "\n".join(lines + describe_spenders(report.top, lang))


def describe_user(report: UserReport, lang: str | None = None) -> str:
    standing = report.standing
    if standing.configured_admin or standing.promoted_admin:
        access = text("user_access_admin", lang)
    elif standing.banned:
        access = text("user_access_banned", lang, reason=standing.ban_reason or "—")
    elif standing.granted:
        access = text("user_access_granted", lang)
    else:
        status = standing.last_status.value if standing.last_status else "—"
        access = text("user_access_by_channel", lang, status=status)
    who = user_label(standing.user_id, standing.name, standing.username)
    lines = [
        text("user_title", lang, user=who, since=stamp(standing.registered_at)),
        access,
        describe_usage(report.usage, lang),
    ]
    return "\n".join(lines)


OUTCOME_KEYS = {
    ("allow", Outcome.DONE): "admin_allowed",
    ("allow", Outcome.ALREADY): "admin_already_allowed",
    ("ban", Outcome.DONE): "admin_banned",
    ("ban", Outcome.ALREADY): "admin_already_banned",
    ("ban", Outcome.CONFIGURED_ADMIN): "admin_cannot_ban_admin",
    ("unban", Outcome.DONE): "admin_unbanned",
    ("unban", Outcome.ALREADY): "admin_not_banned",
}


def describe_outcome(action: str, outcome: Outcome, user: str, lang: str | None = None) -> str:
    """What an admin's /allow, /ban or /unban did, naming the user as `AdminService.label` does."""
    return text(OUTCOME_KEYS[(action, outcome)], lang, user=user)
