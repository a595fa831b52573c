"""The application core wired to fakes around a given store, as the tests drive it."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from adapters.memory.cache import InMemoryCache
from adapters.memory.lock import InMemoryConversationLock
from application.access.service import AccessService
from application.billing.usage import UsageService
from application.chat.context import ContextSettings
from application.chat.memory import MemorySettings
from application.chat.service import ChatService
from application.chat.tokens import ApproximateTokenCounter
from application.ports import Aggregates
from domain.access import AccessPolicy
from domain.budget import Limits
from domain.pricing import ModelPrice, PriceTable
from tests.fakes.chat_model import FakeChatModel
from tests.fakes.clock import FakeClock
from tests.fakes.membership import FakeChannelMembership
from tests.fakes.preview import CollectingPreview

MODEL = "fake-model"
SYSTEM_PROMPT = "Be brief."
# Two micro-dollars per input token and eight per output token keep expected costs easy to read.
PRICES = PriceTable({MODEL: ModelPrice(input_micros_per_mtok=2_000_000, output_micros_per_mtok=8_000_000)})
NOON = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@dataclass
class FakeMonotonic:
    """A monotonic clock for the cache that moves only when told to."""

    seconds: float = 1_000.0

    def __call__(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


@dataclass
class Bot:
    store: Aggregates
    clock: FakeClock
    model: FakeChatModel
    monotonic: FakeMonotonic
    cache: InMemoryCache
    membership: FakeChannelMembership
    chat: ChatService
    usage: UsageService
    access: AccessService
    preview: CollectingPreview = field(default_factory=CollectingPreview)


def build_bot(
    store: Aggregates,
    *,
    limits: Limits | None = None,
    policy: AccessPolicy | None = None,
    max_context_tokens: int = 10_000,
    max_message_chars: int = 4_000,
    start: datetime = NOON,
    memory: MemorySettings | None = None,
) -> Bot:
    clock, model, monotonic = FakeClock(start), FakeChatModel(MODEL), FakeMonotonic()
    cache, membership = InMemoryCache(monotonic), FakeChannelMembership()
    usage = UsageService(store, clock, PRICES, limits or Limits())
    access = AccessService(store, clock, policy or AccessPolicy(), membership, cache)
    context = ContextSettings(MODEL, SYSTEM_PROMPT, max_context_tokens)
    chat = ChatService(
        store,
        model,
        usage,
        InMemoryConversationLock(),
        clock,
        ApproximateTokenCounter(),
        context,
        max_message_chars,
        memory=memory,
    )
    return Bot(store, clock, model, monotonic, cache, membership, chat, usage, access)


BotFactory = Callable[..., Bot]
