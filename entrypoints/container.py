"""The composition root: every adapter and service is built here and nowhere else."""

from dependency_injector import containers, providers

from adapters.memory.cache import InMemoryCache
from adapters.memory.lock import InMemoryConversationLock
from adapters.offline.chat_model import OFFLINE_MODEL, OfflineChatModel
from adapters.sql.event_store import EventStoreAggregates
from adapters.system_clock import SystemClock
from application.access import AccessService
from application.chat import ChatService
from application.context import ContextSettings
from application.ports import ChannelMembership
from application.tokens import ApproximateTokenCounter
from application.usage import UsageService
from domain.access import AccessPolicy
from domain.pricing import PriceTable
from entrypoints.settings import Settings


def access_policy(settings: Settings) -> AccessPolicy:
    return AccessPolicy(settings.admin_ids, settings.allowed_user_ids, bool(settings.channel_id))


def context_settings(settings: Settings) -> ContextSettings:
    model = settings.openai_model if settings.openai_api_key else OFFLINE_MODEL
    return ContextSettings(model, settings.system_prompt, settings.context_max_tokens)


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    clock = providers.Singleton(SystemClock)
    counter = providers.Singleton(ApproximateTokenCounter)
    store = providers.Singleton(EventStoreAggregates.from_database_url, settings.provided.database_url)
    cache = providers.Singleton(InMemoryCache)
    lock = providers.Singleton(InMemoryConversationLock)
    membership: providers.Provider[ChannelMembership | None] = providers.Object(None)
    chat_model = providers.Singleton(OfflineChatModel, counter)
    prices = providers.Object(PriceTable())

    usage = providers.Singleton(
        UsageService, store, clock, prices, providers.Factory(lambda s: s.budget_limits(), settings)
    )
    access = providers.Singleton(
        AccessService, store, clock, providers.Factory(access_policy, settings), membership, cache
    )
    chat = providers.Singleton(
        ChatService,
        store,
        chat_model,
        usage,
        lock,
        clock,
        counter,
        providers.Factory(context_settings, settings),
        settings.provided.max_message_chars,
    )
