"""Everything a handler may call, handed to aiogram as one object so handlers never build anything."""

from dataclasses import dataclass

from adapters.telegram.channel import ChannelLink
from adapters.telegram.files import FileFlow
from adapters.telegram.images import ImageFlow
from adapters.telegram.messenger import AiogramMessenger
from adapters.telegram.replying import ReplyFlow
from adapters.telegram.speech import SpokenReplies
from adapters.telegram.voice import VoiceFlow
from application.access.subscription import SubscriptionService
from application.billing.usage import UsageService
from application.chat.service import ChatService


@dataclass(frozen=True)
class TelegramServices:
    chat: ChatService
    usage: UsageService
    subscription: SubscriptionService
    messenger: AiogramMessenger
    replies: ReplyFlow
    files: FileFlow
    channel: ChannelLink
    images: ImageFlow
    voice: VoiceFlow
    speech: SpokenReplies | None = None
