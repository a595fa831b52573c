"""The Telegram side of the composition root: aiogram's Bot, the flows, the dispatcher.

Only `gptbot run` with a token needs it, and aiogram takes seconds to import, so it lives apart from
the core container (which the console chat and the operator's commands use): built over a core
container, it gives the core its channel membership checks and its admin notifier.
"""

from datetime import timedelta

from aiogram import Bot
from dependency_injector import containers, providers

from adapters.telegram.bot import create_bot
from adapters.telegram.channel import ChannelLink
from adapters.telegram.dispatcher import build_dispatcher
from adapters.telegram.files import FileFlow
from adapters.telegram.handlers.admin import AdminTools
from adapters.telegram.images import ImageFlow
from adapters.telegram.membership import AiogramChannelMembership
from adapters.telegram.messenger import AiogramMessenger
from adapters.telegram.notifier import AiogramNotifier
from adapters.telegram.recovery import AiogramChatSender
from adapters.telegram.replying import ReplyFlow
from adapters.telegram.send_limits import SendLimits, TelegramRates
from adapters.telegram.services import TelegramServices
from adapters.telegram.speech import SpokenReplies
from adapters.telegram.voice import VoiceFlow
from application.access.flood import FloodControl
from application.access.notices import RefusalNotices
from application.chat.recovery import Recovery
from application.ports import ChannelMembership, SendSlots, WindowCounter
from entrypoints.container import Container
from entrypoints.settings import Settings


def telegram_bot(settings: Settings, slots: SendSlots) -> Bot:
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    bot = create_bot(
        settings.telegram_bot_token.get_secret_value(),
        settings.telegram_api_base,
        settings.telegram_retry_max_wait_seconds,
    )
    # Inside the 429 retries, so that each attempt waits for its slot too (ADR 0027).
    bot.session.middleware(SendLimits(slots, telegram_rates(settings)))
    return bot


def telegram_rates(settings: Settings) -> TelegramRates:
    return TelegramRates(
        settings.telegram_sends_per_second,
        settings.telegram_private_chat_sends_per_second,
        settings.telegram_private_chat_burst,
        settings.telegram_group_sends_per_minute,
    )


def flood_control(settings: Settings, counter: WindowCounter) -> FloodControl:
    """FLOOD_MESSAGES_PER_MINUTE per user, the configured admins exempt (ADR 0026)."""
    return FloodControl(counter, settings.flood_messages_per_minute, settings.admin_ids)


def channel_membership(settings: Settings, bot: Bot) -> ChannelMembership | None:
    """Live getChatMember checks when CHANNEL_ID is set."""
    return AiogramChannelMembership(bot, settings.channel_id) if settings.channel_id else None


def recovery_window(settings: Settings) -> timedelta:
    return timedelta(minutes=settings.recover_minutes)


def channel_link(settings: Settings, bot: Bot) -> ChannelLink:
    return ChannelLink(bot, settings.channel_id, settings.channel_link)


class TelegramContainer(containers.DeclarativeContainer):
    core = providers.DependenciesContainer()
    settings = providers.Dependency(instance_of=Settings)

    bot = providers.Singleton(telegram_bot, settings, core.send_slots)
    membership = providers.Singleton(channel_membership, settings, bot)
    messenger = providers.Singleton(AiogramMessenger, bot)
    notifier = providers.Singleton(AiogramNotifier, messenger, settings.provided.admin_ids)
    replies = providers.Singleton(ReplyFlow, messenger)
    files = providers.Singleton(FileFlow, bot, replies, core.attachments, core.attachment_limits)
    channel = providers.Singleton(channel_link, settings, bot)
    images = providers.Singleton(ImageFlow, core.chat, messenger, replies)
    spoken = providers.Singleton(SpokenReplies, messenger, core.speech, core.preferences)
    voice = providers.Singleton(VoiceFlow, bot, replies, core.voice, core.chat, spoken)
    services = providers.Singleton(
        TelegramServices,
        core.chat,
        core.usage,
        core.subscription,
        messenger,
        replies,
        files,
        channel,
        images,
        voice,
        spoken,
    )
    admin_tools = providers.Singleton(
        AdminTools,
        core.admin,
        core.admin_reports,
        core.admin_status,
        core.pause,
        core.login_links,
        providers.Factory(lambda s: s.dashboard_url(), settings),
    )
    recovery = providers.Singleton(
        Recovery,
        core.chat,
        core.store,
        core.recent_messages,
        core.lock,
        providers.Singleton(AiogramChatSender, messenger),
        core.clock,
        providers.Factory(recovery_window, settings),
    )
    flood = providers.Singleton(flood_control, settings, core.window_counter)
    notices = providers.Singleton(RefusalNotices, core.window_counter)
    dispatcher = providers.Singleton(
        build_dispatcher,
        services,
        core.access,
        core.update_guard,
        admin_tools,
        core.preferences,
        core.pause,
        flood=flood,
        notices=notices,
        metrics=core.metrics,
    )


def telegram_over(core: Container) -> TelegramContainer:
    """The Telegram side of this core; the core's membership checks and admin notices go through it."""
    telegram = TelegramContainer(core=core, settings=core.settings)
    core.membership.override(telegram.membership)
    core.notifier.override(telegram.notifier)
    return telegram
