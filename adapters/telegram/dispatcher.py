"""The aiogram Dispatcher: middlewares in the order they must run, then the routers."""

from aiogram import Dispatcher

from adapters.telegram.chat_actions import FirstChatAction
from adapters.telegram.handlers.admin import AdminTools, admin_router
from adapters.telegram.handlers.chat import chat_router
from adapters.telegram.handlers.commands import commands_router
from adapters.telegram.handlers.files import files_router
from adapters.telegram.handlers.language import language_router
from adapters.telegram.handlers.preferences import preferences_router
from adapters.telegram.handlers.search import search_router
from adapters.telegram.handlers.subscription import subscription_router
from adapters.telegram.handlers.voice_replies import voice_replies_router
from adapters.telegram.middlewares.access import AccessGate
from adapters.telegram.middlewares.asked_for import AskedForOnly
from adapters.telegram.middlewares.context import AddressedOnly, ChosenLanguage, UserLanguage, catalogs
from adapters.telegram.middlewares.counted import CountedUpdates
from adapters.telegram.middlewares.flood import FloodGate
from adapters.telegram.middlewares.in_flight import InFlight
from adapters.telegram.middlewares.log_context import LogContext
from adapters.telegram.middlewares.once import OncePerUpdate
from adapters.telegram.middlewares.pause import PausedGate
from adapters.telegram.services import TelegramServices
from adapters.telegram.updates import ALLOWED_UPDATES
from application.access.flood import FloodControl
from application.access.notices import RefusalNotices
from application.access.service import AccessService
from application.admin.pause import PauseService
from application.chat.preferences import PreferencesService
from application.ports import Metrics, NoMetrics, UpdateGuard

__all__ = ["ALLOWED_UPDATES", "build_dispatcher"]


def build_dispatcher(
    services: TelegramServices,
    access: AccessService,
    guard: UpdateGuard,
    admin: AdminTools | None = None,
    preferences: PreferencesService | None = None,
    pause: PauseService | None = None,
    flood: FloodControl | None = None,
    notices: RefusalNotices | None = None,
    metrics: Metrics | None = None,
) -> Dispatcher:
    """Admin commands, /model and /mode, the pause, flood control and the once-a-period refusals exist
    only when their services are given; the updates in hand are `dispatcher["in_flight"]`, for a
    stopping bot to drain."""
    in_flight = InFlight(services.messenger)
    # No FSM: no handler keeps dialogue state, and aiogram's FSM middleware would read its storage
    # on every update, tying every answer to the storage backend being up.
    dispatcher = Dispatcher(
        disable_fsm=True, services=services, admin_tools=admin, preferences=preferences, in_flight=in_flight
    )
    metrics = metrics or NoMetrics()
    dispatcher.update.outer_middleware(LogContext())  # first: every record written for an update names it
    dispatcher.update.outer_middleware(CountedUpdates(metrics))  # before every gate: refusals are counted
    dispatcher.update.outer_middleware(AskedForOnly(ALLOWED_UPDATES))
    dispatcher.update.outer_middleware(in_flight)
    dispatcher.update.outer_middleware(OncePerUpdate(guard))
    i18n = catalogs()
    dispatcher.update.outer_middleware(UserLanguage(i18n))
    dispatcher.update.outer_middleware(AddressedOnly())
    # After the guard (a redelivery is not counted twice), before any store read but its one warning
    if flood is not None:
        dispatcher.update.outer_middleware(FloodGate(flood, services.messenger, preferences))
    dispatcher.update.outer_middleware(
        AccessGate(access, services.messenger, services.channel, notices, metrics, preferences)
    )
    if preferences is not None:  # a store read, so past the gates that keep strangers and floods out
        dispatcher.update.outer_middleware(ChosenLanguage(i18n, preferences))
    if pause is not None:
        dispatcher.update.outer_middleware(PausedGate(pause, services.chat, services.messenger))
    dispatcher.update.outer_middleware(FirstChatAction())  # last: what reaches it is answered
    dispatcher.include_router(subscription_router())
    if admin is not None:
        dispatcher.include_router(admin_router())  # before the catch-all for unknown commands
    if preferences is not None:
        dispatcher.include_router(preferences_router())
        dispatcher.include_router(language_router())
        dispatcher.include_router(search_router())
        dispatcher.include_router(voice_replies_router())
    dispatcher.include_routers(chat_router(), commands_router(), files_router())
    return dispatcher
