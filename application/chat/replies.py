"""Use-case results and failures as the sentences a user reads, in the user's language."""

from application.billing.usage import UsageSummary
from application.errors import BudgetExceeded, EmptyMessage, MessageTooLong, NothingToExport, StoreUnavailable
from application.messages import counted, text
from application.model_io import ModelFailure
from domain.budget import Exceeded
from domain.conversation import Role, Turn
from domain.money import format_usd

COST_LIMITS = (Exceeded.DAILY_COST, Exceeded.MONTHLY_COST)


def describe_failure(error: Exception, lang: str | None = None) -> str | None:
    """The message for a failure a user can act on; None for anything unexpected."""
    if isinstance(error, EmptyMessage):
        return text("empty_message", lang)
    if isinstance(error, MessageTooLong):
        return text("message_too_long", lang, length=error.length, limit=error.limit)
    if isinstance(error, BudgetExceeded):
        limit = format_usd(error.limit) if error.exceeded in COST_LIMITS else error.limit
        return text(f"budget_{error.exceeded.value}", lang, limit=limit)
    if isinstance(error, ModelFailure):
        return text(f"model_{error.kind.value}", lang)
    if isinstance(error, StoreUnavailable):
        return text("store_unavailable", lang)
    if isinstance(error, NothingToExport):
        return text("export_empty", lang)
    return None


def describe_usage(summary: UsageSummary, lang: str | None = None) -> str:
    lines = [
        text("usage_today", lang, tokens=summary.today.tokens, cost=format_usd(summary.today.cost_micros)),
        text("usage_month", lang, tokens=summary.month.tokens, cost=format_usd(summary.month.cost_micros)),
    ]
    if summary.month.estimated_requests:
        estimated = format_usd(summary.month.estimated_cost_micros)
        lines.append(text("spend_estimated", lang, cost=estimated, requests=summary.month.estimated_requests))
    left = [
        text(key, lang, amount=amount)
        for key, amount in (
            ("limit_day_cost", _usd(summary.daily_micros_left)),
            ("limit_month_cost", _usd(summary.monthly_micros_left)),
            ("limit_day_tokens", summary.daily_tokens_left),
            ("limit_month_tokens", summary.monthly_tokens_left),
        )
        if amount is not None
    ]
    lines.append(
        text("usage_budget_left", lang, left=", ".join(left)) if left else text("usage_no_limits", lang)
    )
    return "\n".join(lines)


def history_header(count: int, lang: str | None = None) -> str:
    """The heading of /history; exactly one message has a sentence of its own, since the plural form
    Russian uses for 1 is also the one for 21."""
    return text("history_header_one", lang) if count == 1 else counted("history_header", count, lang)


def describe_history(turns: list[Turn], lang: str | None = None) -> str:
    if not turns:
        return text("history_empty", lang)
    speakers = {Role.USER: text("speaker_user", lang), Role.ASSISTANT: text("speaker_assistant", lang)}
    lines = [history_header(len(turns), lang)]
    lines += [f"{speakers[t.role]}: {t.text}" for t in turns]
    return "\n\n".join(lines)


def _usd(micros: int | None) -> str | None:
    return None if micros is None else format_usd(micros)
