"""The aiogram Dispatcher: middlewares in the order they must run, then the routers."""

from aiogram import Dispatcher

from adapters.telegram.handlers.chat import chat_router
from adapters.telegram.handlers.commands import commands_router
from adapters.telegram.handlers.files import files_router
from adapters.telegram.handlers.subscription import subscription_router
from adapters.telegram.middlewares.access import AccessGate
from adapters.telegram.middlewares.context import AddressedOnly, UserLanguage
from adapters.telegram.middlewares.once import OncePerUpdate
from adapters.telegram.services import TelegramServices
from adapters.telegram.updates import ALLOWED_UPDATES
from application.access import AccessService
from application.ports import UpdateGuard

__all__ = ["ALLOWED_UPDATES", "build_dispatcher"]


def build_dispatcher(services: TelegramServices, access: AccessService, guard: UpdateGuard) -> Dispatcher:
    # No FSM: no handler keeps dialogue state, and aiogram's FSM middleware would read its storage
    # on every update, tying every answer to the storage backend being up.
    dispatcher = Dispatcher(disable_fsm=True, services=services)
    dispatcher.update.outer_middleware(OncePerUpdate(guard))
    dispatcher.update.outer_middleware(UserLanguage())
    dispatcher.update.outer_middleware(AddressedOnly())
    dispatcher.update.outer_middleware(AccessGate(access, services.messenger, services.channel))
    dispatcher.include_routers(subscription_router(), chat_router(), commands_router(), files_router())
    return dispatcher
