"""Admin commands, for admins in a private chat only: for everyone else (and in groups) the router's
filter fails and the update falls through to what any unknown command gets, so nothing reveals them."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import Message

from adapters.telegram.addressing import is_private
from adapters.telegram.services import TelegramServices
from application.admin.pause import PauseService
from application.admin.reports import AdminReports
from application.admin.service import AdminService
from application.admin.status import StatusService
from application.admin.texts import (
    describe_budget,
    describe_outcome,
    describe_status,
    describe_summary,
    describe_user,
)
from application.dashboard.login import LoginLinks, link_url
from application.messages import text
from domain.access import AccessDecision, AccessReason

ADMIN_COMMANDS = (
    "status",
    "daily",
    "weekly",
    "budget",
    "user",
    "allow",
    "ban",
    "unban",
    "pause",
    "resume",
    "dashboard",
)


@dataclass(frozen=True)
class AdminTools:
    admin: AdminService
    reports: AdminReports
    status: StatusService
    pause: PauseService
    login_links: LoginLinks
    dashboard_url: str


class AdminOnly(Filter):
    """Passes admins (configured or promoted, as the access gate decided) in private chats."""

    async def __call__(self, message: Message, access_decision: AccessDecision | None = None) -> bool:
        return (
            is_private(message)
            and access_decision is not None
            and access_decision.reason is AccessReason.ADMIN
        )


def admin_router() -> Router:
    router = Router(name="admin")
    router.message.filter(AdminOnly())

    @router.message(Command("help"))
    async def help_(message: Message, services: TelegramServices, lang: str) -> None:
        await services.replies.tell(message, text("telegram_help", lang) + "\n\n" + text("admin_help", lang))

    @router.message(Command("status"))
    async def status(
        message: Message, services: TelegramServices, admin_tools: AdminTools, lang: str
    ) -> None:
        await answer(message, services, lang, lambda: _status(admin_tools, lang))

    @router.message(Command("daily"))
    async def daily(message: Message, services: TelegramServices, admin_tools: AdminTools, lang: str) -> None:
        async def work() -> str:
            summary = await admin_tools.reports.last_days(1)
            title = text("summary_today_title", lang, day=summary.until.isoformat())
            return describe_summary(title, summary, lang)

        await answer(message, services, lang, work)

    @router.message(Command("weekly"))
    async def weekly(
        message: Message, services: TelegramServices, admin_tools: AdminTools, lang: str
    ) -> None:
        async def work() -> str:
            summary = await admin_tools.reports.last_days(7)
            title = text(
                "summary_weekly_title", lang, since=summary.since.isoformat(), until=summary.until.isoformat()
            )
            return describe_summary(title, summary, lang)

        await answer(message, services, lang, work)

    @router.message(Command("budget"))
    async def budget(
        message: Message, services: TelegramServices, admin_tools: AdminTools, lang: str
    ) -> None:
        await answer(message, services, lang, lambda: _budget(admin_tools, lang))

    @router.message(Command("user"))
    async def user(
        message: Message,
        command: CommandObject,
        services: TelegramServices,
        admin_tools: AdminTools,
        lang: str,
    ) -> None:
        async def work(user_id: int, _: str) -> str:
            report = await admin_tools.admin.report(user_id)
            return describe_user(report, lang) if report else text("user_unknown", lang, user_id=user_id)

        await about_user(message, command, services, lang, work)

    @router.message(Command("allow", "ban", "unban"))
    async def manage(
        message: Message,
        command: CommandObject,
        services: TelegramServices,
        admin_tools: AdminTools,
        lang: str,
    ) -> None:
        admin_id = _sender(message)
        action = command.command.lower()

        async def work(user_id: int, reason: str) -> str:
            if action == "allow":
                outcome = await admin_tools.admin.allow(admin_id, user_id)
            elif action == "ban":
                outcome = await admin_tools.admin.ban(admin_id, user_id, reason)
            else:
                outcome = await admin_tools.admin.unban(admin_id, user_id)
            return describe_outcome(action, outcome, await admin_tools.admin.label(user_id), lang)

        await about_user(message, command, services, lang, work)

    @router.message(Command("pause"))
    async def pause(message: Message, services: TelegramServices, admin_tools: AdminTools, lang: str) -> None:
        async def work() -> str:
            paused = await admin_tools.pause.pause(_sender(message))
            return text("admin_paused" if paused else "admin_already_paused", lang)

        await answer(message, services, lang, work)

    @router.message(Command("resume"))
    async def resume(
        message: Message, services: TelegramServices, admin_tools: AdminTools, lang: str
    ) -> None:
        async def work() -> str:
            resumed = await admin_tools.pause.resume(_sender(message))
            return text("admin_resumed" if resumed else "admin_not_paused", lang)

        await answer(message, services, lang, work)

    @router.message(Command("dashboard"))
    async def dashboard(
        message: Message, services: TelegramServices, admin_tools: AdminTools, lang: str
    ) -> None:
        async def work() -> str:
            token = admin_tools.login_links.mint(_sender(message))
            return text("admin_dashboard_link", lang, url=link_url(admin_tools.dashboard_url, token))

        await answer(message, services, lang, work)

    return router


async def answer(
    message: Message, services: TelegramServices, lang: str, work: Callable[[], Awaitable[str]]
) -> None:
    try:
        words = await work()
    except Exception as error:
        words = services.replies.explain(error, lang)
    await services.replies.tell(message, words)


async def about_user(
    message: Message,
    command: CommandObject,
    services: TelegramServices,
    lang: str,
    work: Callable[[int, str], Awaitable[str]],
) -> None:
    """Commands that take a user id (and, for /ban, an optional reason)."""
    target, _, rest = (command.args or "").strip().partition(" ")
    if not (target.isascii() and target.isdigit()) or len(target) > 20:
        usage = text("admin_needs_user_id", lang, command=f"/{command.command}")
        await services.replies.tell(message, usage)
        return
    await answer(message, services, lang, lambda: work(int(target), rest.strip()))


async def _status(tools: AdminTools, lang: str) -> str:
    return describe_status(await tools.status.report(), lang)


async def _budget(tools: AdminTools, lang: str) -> str:
    return describe_budget(await tools.reports.budget(), lang)


def _sender(message: Message) -> int:
    return message.from_user.id if message.from_user else message.chat.id
