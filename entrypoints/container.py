"""The composition root: every adapter and service is built here and nowhere else."""

import logging
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from dependency_injector import containers, providers

from adapters.journal.files import FileSpendJournal
from adapters.memory.cache import InMemoryCache
from adapters.memory.lock import InMemoryConversationLock
from adapters.memory.redeemed_tokens import InMemoryRedeemedTokens
from adapters.memory.send_slots import InMemorySendSlots
from adapters.memory.window_counter import InMemoryWindowCounter
from adapters.metrics.aggregates import MeteredAggregates
from adapters.metrics.chat_model import MeteredChatModel
from adapters.metrics.prometheus import PrometheusMetrics
from adapters.offline.chat_model import OFFLINE_MODEL
from adapters.sql.database_url import sqlite_path
from adapters.sql.event_log import EventStoreLog
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.ledger_events import IN_MEMORY, ApplicationOpener, RecorderUsageLedgerEvents
from adapters.sql.recent_messages import RecorderRecentMessages
from adapters.sql.update_guard import SqlUpdateGuard
from adapters.sql.views.store import SqlAnalyticsViews
from adapters.system_clock import SystemClock
from application.access.service import AccessService
from application.access.subscription import SubscriptionService
from application.admin.alerts import AlertClaims, BudgetAlerts
from application.admin.model_errors import ModelErrorAlerts, ModelErrorWindow, WatchedChatModel
from application.admin.pause import PauseService
from application.admin.reports import AdminReports
from application.admin.schedule import AdminRoutine
from application.admin.service import AdminService
from application.admin.status import StatusService, StoreProbe
from application.admin.summaries import ScheduledSummaries
from application.analytics import AnalyticsService
from application.audit import UsageAudit
from application.billing.budgets import BudgetExemptions, GlobalBudget
from application.billing.usage import UsageService
from application.chat.attachments import AttachmentService
from application.chat.charges import CallCharges
from application.chat.context import ContextSettings
from application.chat.conversations import Conversations
from application.chat.memory import MemorySettings
from application.chat.preferences import PreferencesService
from application.chat.service import ChatService
from application.chat.spend_journal import SpendJournalService
from application.chat.tokens import ApproximateTokenCounter
from application.dashboard.login import LoginLinks, Sessions
from application.dashboard.ports import RedeemedTokens
from application.ports import (
    Aggregates,
    Cache,
    ChannelMembership,
    Clock,
    ConversationLock,
    HealthProbe,
    Metrics,
    Notifier,
    SendSlots,
    UpdateGuard,
    WindowCounter,
)
from application.projection.catch_up import Projector
from domain.access import AccessPolicy
from entrypoints.dashboard_secret import dashboard_secret as read_dashboard_secret
from entrypoints.model_wiring import attachment_limits as limits_of_attachments
from entrypoints.model_wiring import (
    build_chat_model,
    build_document_reader,
    build_price_table,
    build_transcriber,
    build_voice,
    load_modes,
    watched_transcriber,
    web_search_of,
)
from entrypoints.projection_worker import ProjectionWorker
from entrypoints.settings import Settings
from entrypoints.speech_wiring import build_speaker, build_speech, watched_speaker

if TYPE_CHECKING:  # redis-py is imported only when Redis is configured (ADR 48)
    from redis.asyncio import Redis

    from adapters.redis.outage import OutageLog


def access_policy(settings: Settings) -> AccessPolicy:
    return AccessPolicy(settings.admin_ids, settings.allowed_user_ids, bool(settings.channel_id))


def context_settings(settings: Settings) -> ContextSettings:
    model = settings.openai_model if settings.openai_api_key else OFFLINE_MODEL
    return ContextSettings(model, settings.system_prompt, settings.context_max_tokens)


def memory_settings(settings: Settings) -> MemorySettings | None:
    """Long memory (ADR 51) with SUMMARY_MODEL, else OPENAI_MODEL; none offline or with SUMMARY_MODEL=off."""
    model = settings.memory_model()
    if not settings.openai_api_key or model is None:
        return None
    return MemorySettings(model, settings.summary_max_tokens)


def redis_connection(settings: Settings) -> "Redis | None":
    """The shared Redis when REDIS_URL or REDIS_HOST is set; None means the embedded in-memory adapters."""
    url = settings.effective_redis_url()
    if not url:
        return None
    from adapters.redis.client import redis_client

    return redis_client(url)


def redis_outage(redis: "Redis | None", metrics: Metrics) -> "OutageLog | None":
    """Shared by the Redis adapters of one connection, so an outage is logged once, not once each."""
    if redis is None:
        return None
    from adapters.redis.outage import OutageLog

    return OutageLog(logging.getLogger("adapters.redis"), metrics=metrics)


def shared_cache(redis: "Redis | None", outage: "OutageLog | None") -> Cache:
    if redis is None or outage is None:
        return InMemoryCache()
    from adapters.redis.cache import RedisCache

    return RedisCache(redis, outage=outage)


def conversation_lock(redis: "Redis | None", outage: "OutageLog | None") -> ConversationLock:
    if redis is None or outage is None:
        return InMemoryConversationLock()
    from adapters.redis.lock import RedisConversationLock

    return RedisConversationLock(redis, outage=outage)


def window_counter_for(redis: "Redis | None", outage: "OutageLog | None") -> WindowCounter:
    """Flood control's and the refusals' counts, shared by every worker through Redis (ADR 0026)."""
    if redis is None or outage is None:
        return InMemoryWindowCounter()
    from adapters.redis.window_counter import RedisWindowCounter

    return RedisWindowCounter(redis, outage=outage)


def send_slots_for(redis: "Redis | None", outage: "OutageLog | None") -> SendSlots:
    """The outbound limiter's slots, shared by every worker through Redis (ADR 0027)."""
    if redis is None or outage is None:
        return InMemorySendSlots()
    from adapters.redis.send_slots import RedisSendSlots

    return RedisSendSlots(redis, outage=outage)


def redeemed_tokens_for(redis: "Redis | None", outage: "OutageLog | None") -> RedeemedTokens:
    """The dashboard's used login links, refused on every worker through Redis."""
    if redis is None or outage is None:
        return InMemoryRedeemedTokens()
    from adapters.redis.redeemed_tokens import RedisRedeemedTokens

    return RedisRedeemedTokens(redis, outage=outage)


def update_guard_for(
    redis: "Redis | None", outage: "OutageLog | None", views: SqlAnalyticsViews, clock: Clock
) -> UpdateGuard:
    """Redis when there is one; otherwise the views' database, so a restart or another worker on the same
    database still recognises an update taken (ADR 0028)."""
    if redis is None or outage is None:
        return SqlUpdateGuard.beside(views, clock)
    from adapters.redis.update_guard import RedisUpdateGuard

    return RedisUpdateGuard(redis, outage=outage)


def redis_probe(redis: "Redis | None") -> HealthProbe | None:
    if redis is None:
        return None
    from adapters.redis.health import RedisHealthProbe

    return RedisHealthProbe(redis)


def health_probes(store: Aggregates, redis: "Redis | None") -> list[HealthProbe]:
    probe = redis_probe(redis)
    return [StoreProbe(store)] if probe is None else [StoreProbe(store), probe]


def unused_dependencies(redis: "Redis | None") -> list[str]:
    return ["Redis"] if redis is None else []


def audit_opener(store: EventStoreAggregates) -> ApplicationOpener | None:
    """Opens the store again in the audit's worker processes; None for a store kept in memory."""
    kept_in_memory = store.app.env.get("PERSISTENCE_MODULE", "") in IN_MEMORY
    return None if kept_in_memory else ApplicationOpener.of(store.app)


def model_error_window(settings: Settings, clock: Clock) -> ModelErrorWindow:
    return ModelErrorWindow(clock, timedelta(minutes=settings.model_error_alert_window_minutes))


def spend_journal_folder(settings: Settings) -> Path:
    """SPEND_JOURNAL_DIR; else `spend-journal` beside the embedded SQLite file; else ./data/spend-journal."""
    if settings.spend_journal_dir is not None:
        return settings.spend_journal_dir
    database = sqlite_path(settings.database_url)
    return (database.parent if database is not None else Path("data")) / "spend-journal"


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    clock = providers.Singleton(SystemClock)
    counter = providers.Singleton(ApproximateTokenCounter)
    metrics = providers.Singleton(PrometheusMetrics)  # /metrics (ADR 0036)
    store = providers.Singleton(EventStoreAggregates.from_database_url, settings.provided.database_url)
    metered_store = providers.Singleton(MeteredAggregates, store, metrics)  # the chat path's store calls
    redis = providers.Singleton(redis_connection, settings)
    outage = providers.Singleton(redis_outage, redis, metrics)
    cache = providers.Singleton(shared_cache, redis, outage)
    lock = providers.Singleton(conversation_lock, redis, outage)
    window_counter = providers.Singleton(window_counter_for, redis, outage)
    send_slots = providers.Singleton(send_slots_for, redis, outage)
    # The Telegram side gives these when the bot runs on Telegram (entrypoints/telegram_container.py):
    # without it nobody's channel membership is checked, and there are no admins to notify.
    membership: providers.Provider[ChannelMembership | None] = providers.Object(None)
    notifier: providers.Dependency[Notifier] = providers.Dependency()
    chat_model = providers.Singleton(build_chat_model, settings, counter)
    model_errors = providers.Singleton(model_error_window, settings, clock)
    watched_model = providers.Singleton(
        WatchedChatModel, chat_model, model_errors, settings.provided.openai_image_model
    )
    prices = providers.Singleton(build_price_table, settings)
    metered_model = providers.Singleton(MeteredChatModel, watched_model, metrics, prices)

    views = providers.Singleton(SqlAnalyticsViews.open, settings.provided.database_url)
    update_guard = providers.Singleton(update_guard_for, redis, outage, views, clock)
    global_budget = providers.Singleton(
        GlobalBudget, views, providers.Factory(lambda s: s.global_monthly_micros(), settings)
    )
    budget_exemptions = providers.Factory(
        BudgetExemptions, settings.provided.budget_admins_exempt, settings.provided.admin_ids
    )
    usage = providers.Singleton(
        UsageService,
        metered_store,
        clock,
        prices,
        providers.Factory(lambda s: s.budget_limits(), settings),
        global_budget,
        budget_exemptions,
        metrics=metrics,
    )
    access = providers.Singleton(
        AccessService, metered_store, clock, providers.Factory(access_policy, settings), membership, cache
    )
    preferences = providers.Singleton(
        PreferencesService,
        store,
        clock,
        providers.Factory(context_settings, settings),
        settings.provided.allowed_models,
        providers.Singleton(load_modes, settings),
        web_search=providers.Singleton(web_search_of, settings),
    )
    spend_journal = providers.Singleton(FileSpendJournal, providers.Factory(spend_journal_folder, settings))
    spend = providers.Singleton(
        SpendJournalService,
        spend_journal,
        store,
        usage,
        providers.Factory(Conversations, clock),
        settings.provided.spend_journal_retry_seconds,
    )
    chat = providers.Singleton(
        ChatService,
        metered_store,
        metered_model,
        usage,
        lock,
        clock,
        counter,
        providers.Factory(context_settings, settings),
        settings.provided.max_message_chars,
        preferences=preferences,
        image_model=settings.provided.openai_image_model,
        journal=spend,
        metrics=metrics,
        memory=providers.Factory(memory_settings, settings),
    )
    subscription = providers.Singleton(SubscriptionService, access)
    document_reader = providers.Singleton(build_document_reader, settings)
    attachment_limits = providers.Factory(limits_of_attachments, settings)
    attachments = providers.Singleton(AttachmentService, chat, document_reader, attachment_limits)
    transcriber = providers.Singleton(
        watched_transcriber,
        providers.Singleton(build_transcriber, settings),
        model_errors,
        metrics,
        prices,
        settings,
    )
    charges = providers.Singleton(CallCharges, usage, clock, counter, spend)
    voice = providers.Singleton(build_voice, transcriber, usage, charges, settings)
    speaker = providers.Singleton(
        watched_speaker,
        providers.Singleton(build_speaker, settings, prices),
        model_errors,
        metrics,
        prices,
        settings,
    )
    speech = providers.Singleton(build_speech, speaker, usage, charges, prices, settings)

    pause = providers.Singleton(PauseService, store, clock)
    admin = providers.Singleton(
        AdminService,
        store,
        clock,
        providers.Factory(access_policy, settings),
        usage,
        pseudonymous=settings.provided.analytics_pseudonymous,
    )
    admin_reports = providers.Singleton(
        AdminReports,
        views,
        clock,
        providers.Factory(lambda s: s.global_monthly_micros(), settings),
        pseudonymous=settings.provided.analytics_pseudonymous,
    )
    alert_claims = providers.Singleton(AlertClaims, store)
    budget_alerts = providers.Singleton(
        BudgetAlerts,
        views,
        clock,
        providers.Factory(lambda s: s.global_monthly_micros(), settings),
        alert_claims,
        notifier,
    )
    model_error_alerts = providers.Singleton(
        ModelErrorAlerts,
        model_errors,
        settings.provided.model_error_alert_threshold,
        alert_claims,
        notifier,
        clock,
    )
    summaries = providers.Singleton(ScheduledSummaries, admin_reports, alert_claims, notifier, clock)
    admin_routine = providers.Singleton(
        AdminRoutine,
        clock,
        providers.Factory(lambda s: s.summary_schedule(), settings),
        summaries,
        providers.List(budget_alerts, model_error_alerts),
        settings.provided.alert_check_seconds,
    )

    # The dashboard's way in: login links the bot's /dashboard gives, sessions the web side sets.
    dashboard_secret = providers.Singleton(read_dashboard_secret, settings)
    redeemed_tokens = providers.Singleton(redeemed_tokens_for, redis, outage)
    login_links = providers.Singleton(LoginLinks, dashboard_secret, clock, redeemed_tokens)
    sessions = providers.Singleton(Sessions, dashboard_secret, clock)

    event_log = providers.Singleton(EventStoreLog, store.provided.app)
    projector = providers.Singleton(Projector, event_log, views, settings.provided.analytics_store_content)
    projection_worker = providers.Singleton(
        ProjectionWorker, projector, settings.provided.projection_poll_seconds
    )
    analytics = providers.Singleton(
        AnalyticsService, views, event_log, clock, pseudonymous=settings.provided.analytics_pseudonymous
    )
    ledger_events = providers.Singleton(RecorderUsageLedgerEvents, store.provided.app)
    recent_messages = providers.Singleton(RecorderRecentMessages, store.provided.app)
    audit = providers.Singleton(UsageAudit, ledger_events, views, providers.Factory(audit_opener, store))
    admin_status = providers.Singleton(
        StatusService,
        clock,
        views,
        event_log,
        providers.Factory(health_probes, store, redis),
        providers.Factory(unused_dependencies, redis),
        pause,
    )
