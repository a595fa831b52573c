"""Chatting: send a message and get a reply, reset, history."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace

from application.billing.usage import Recorded, UsageService
from application.chat.charges import CallCharges, attachment_tokens
from application.chat.context import ContextSettings, build_prompt, prompt_tokens
from application.chat.conversations import Conversations, failure_reason
from application.chat.export import ExportFile, ExportFormat, export_conversation
from application.chat.memory import LongMemory, MemorySettings
from application.chat.preferences import PreferencesService
from application.chat.spend_journal import SpendJournalService
from application.errors import EmptyMessage, MessageTooLong, StoreUnavailable
from application.model_io import (
    Attachment,
    FailureKind,
    ImageRequest,
    ModelFailure,
    Prompt,
    ReplyDone,
    Source,
    TextDelta,
)
from application.ports import (
    Aggregates,
    ChatModel,
    Clock,
    ConversationLock,
    Metrics,
    NoMetrics,
    Preview,
    TokenCounter,
)
from application.retry import retry_on_conflict
from application.unit_of_work import UnitOfWork
from domain.conversation import Conversation, OnRestart, Role, Turn
from domain.usage import ModelUsage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reply:
    text: str
    usage: ModelUsage | None
    cost_micros: int
    repeated: bool = False
    sources: tuple[Source, ...] = ()
    """The web pages the reply cites, when the model searched the web for it."""


@dataclass(frozen=True)
class ImageReply:
    data: bytes
    mime_type: str
    usage: ModelUsage | None
    cost_micros: int
    repeated: bool = False


def image_request_note(description: str) -> str:
    """A picture request as the conversation holds it."""
    return f"[image request] {description}"


class ChatService:
    def __init__(
        self,
        store: Aggregates,
        model: ChatModel,
        usage: UsageService,
        lock: ConversationLock,
        clock: Clock,
        counter: TokenCounter,
        context: ContextSettings,
        max_message_chars: int,
        preferences: PreferencesService | None = None,
        image_model: str | None = None,
        journal: SpendJournalService | None = None,
        metrics: Metrics | None = None,
        memory: MemorySettings | None = None,
    ) -> None:
        self.metrics = metrics or NoMetrics()
        self.store, self.model, self.usage, self.lock = store, model, usage, lock
        self.charges = CallCharges(usage, clock, counter, journal)
        self.clock, self.counter, self.context = clock, counter, context
        self.max_message_chars = max_message_chars
        self.preferences = preferences
        self.image_model = image_model or context.model
        self.conversations = Conversations(clock)
        self.memory = None
        if memory is not None:
            self.memory = LongMemory(memory, model, usage, self.charges, clock, counter, self.conversations)

    async def send_message(
        self, chat_id: int, user_id: int, text: str, request_id: str, preview: Preview | None = None
    ) -> Reply:
        """Add the user's message, stream the model's reply, record its usage, keep the reply."""
        return await self._converse(chat_id, user_id, text, request_id, preview, None)

    async def send_attachment(
        self,
        chat_id: int,
        user_id: int,
        attachment: Attachment,
        text: str,
        request_id: str,
        preview: Preview | None = None,
    ) -> Reply:
        """Like send_message, with a checked photo or document given to the model with this turn."""
        return await self._converse(chat_id, user_id, text, request_id, preview, attachment)

    async def _converse(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        request_id: str,
        preview: Preview | None,
        attachment: Attachment | None,
    ) -> Reply:
        text = self._validate(text)
        async with self.lock.hold(f"conversation:{chat_id}"):
            unit = UnitOfWork(self.store)
            conversation = await self.conversations.active(unit, chat_id)
            if conversation is not None and (earlier := conversation.reply_to(request_id)):
                return Reply(earlier.text, None, 0, repeated=True)
            history = list(conversation.turns) if conversation else []
            pending = not (conversation and conversation.awaits_reply_to(request_id))
            if pending:
                history.append(Turn(Role.USER, text, self.clock.now(), request_id))
            context = await self.context_for(user_id)
            summary = conversation.summary if conversation else None
            prompt = build_prompt(context, history, self.counter, user_id, summary)
            estimate = prompt_tokens(prompt, self.counter)
            if attachment is not None:
                prompt = replace(prompt, attachments=(attachment,))
                estimate += attachment_tokens(attachment, self.counter)
            # A reply that may search the web is allowed for at least one search call's price.
            searches = int(prompt.web_search)
            await self.usage.ensure_within_budget(
                user_id, prompt.model, estimate, unit=unit, web_searches=searches
            )
            if pending:
                on_restart = OnRestart.ANSWER if attachment is None else OnRestart.TELL
                await self._keep_message(unit, chat_id, text, request_id, user_id, on_restart)
            async with self._failure_recorded(unit, chat_id, request_id):
                if self.memory is not None and conversation is not None:
                    # After the message is kept: a stop during the summary leaves it for the next start.
                    # Either prompt fits the context, so the budget checked above holds for the reply.
                    recalled = await self.memory.recall(
                        unit, conversation, history, context, user_id, request_id
                    )
                    if recalled is not summary:
                        fresh = build_prompt(context, history, self.counter, user_id, recalled)
                        prompt = replace(fresh, attachments=prompt.attachments)
                done = await self._run_model(prompt, user_id, request_id, preview)
            recorded = await self._keep_reply(unit, chat_id, user_id, request_id, done.text, done.usage)
            self.metrics.reply_made()
            return Reply(done.text, done.usage, recorded.cost_micros, sources=done.sources)

    async def _keep_message(
        self,
        unit: UnitOfWork,
        chat_id: int,
        text: str,
        request_id: str,
        user_id: int | None = None,
        on_restart: OnRestart = OnRestart.TELL,
    ) -> None:
        """The user's message, saved before the model is called."""

        async def keep() -> None:
            await self.conversations.add_user_message(unit, chat_id, text, request_id, user_id, on_restart)
            await unit.commit()

        await retry_on_conflict(keep)

    async def _keep_reply(
        self, unit: UnitOfWork, chat_id: int, user_id: int, request_id: str, text: str, usage: ModelUsage
    ) -> Recorded:
        """The call's usage record and the reply it paid for, saved in one transaction; into the spend
        journal when the store cannot take them, or when the bot stops before it has (ADR 30)."""

        async def keep() -> Recorded:
            recorded = await self.usage.add_record(unit, user_id, request_id, usage)
            await self.conversations.add_reply(unit, chat_id, text, usage.model, request_id)
            await unit.commit()
            return recorded

        try:
            async with self.usage.recording(user_id):
                return await retry_on_conflict(keep)
        except (StoreUnavailable, asyncio.CancelledError) as stopped:
            if not self.charges.can_keep_aside:
                raise
            recorded = await self.charges.keep_aside(user_id, request_id, usage, chat_id, text)
            if isinstance(stopped, asyncio.CancelledError):
                raise
            return recorded

    async def keep_message(self, chat_id: int, text: str, request_id: str) -> None:
        """Store the user's message without calling the model (the bot is paused); the model sees it
        with the next message. A redelivered update is stored once."""
        text = self._validate(text)
        async with self.lock.hold(f"conversation:{chat_id}"):
            unit = UnitOfWork(self.store)
            conversation = await self.conversations.active(unit, chat_id)
            if conversation is not None and any(t.request_id == request_id for t in conversation.turns):
                return
            await self._keep_message(unit, chat_id, text, request_id, on_restart=OnRestart.NOTHING)

    async def keep_image_request(self, chat_id: int, description: str, request_id: str) -> None:
        """Store a request for a picture without drawing it (the bot is paused), as generate_image
        stores the request of a picture it draws."""
        await self.keep_message(chat_id, image_request_note(self._validate(description)), request_id)

    async def record_failure(self, chat_id: int, request_id: str, reason: str) -> None:
        """Note that the request's stored message will get no reply (its user was told why), so it is
        not answered after a restart; nothing when it has a reply or a recorded failure."""
        async with self.lock.hold(f"conversation:{chat_id}"):
            await self._record_failure(UnitOfWork(self.store), chat_id, request_id, reason)

    async def _record_failure(self, unit: UnitOfWork, chat_id: int, request_id: str, reason: str) -> None:
        async def record() -> None:
            await self.conversations.record_failure(unit, chat_id, request_id, reason)
            await unit.commit()

        await retry_on_conflict(record)

    @asynccontextmanager
    async def _failure_recorded(self, unit: UnitOfWork, chat_id: int, request_id: str) -> AsyncIterator[None]:
        """A call that fails leaves the stored message with its failure recorded, then fails as it did."""
        try:
            yield
        except Exception as error:
            try:
                await self._record_failure(unit, chat_id, request_id, failure_reason(error))
            except Exception as recording:  # the store may be what failed: the call's error is the news
                log.warning("could not record that request %s failed: %s", request_id, recording)
            raise

    async def context_for(self, user_id: int) -> ContextSettings:
        """The user's chosen model and mode when choices are configured, else the defaults."""
        if self.preferences is None:
            return self.context
        return await self.preferences.context_for(user_id)

    async def generate_image(
        self, chat_id: int, user_id: int, description: str, request_id: str
    ) -> ImageReply:
        """Draw an image from the description, record its price, and note it in the conversation."""
        description = self._validate(description)
        async with self.lock.hold(f"conversation:{chat_id}"):
            unit = UnitOfWork(self.store)
            conversation = await self.conversations.active(unit, chat_id)
            if conversation is not None and conversation.reply_to(request_id) is not None:
                return ImageReply(b"", "", None, 0, repeated=True)
            await self.usage.ensure_within_budget(user_id, self.image_model, 0, images=1, unit=unit)
            if not (conversation and conversation.awaits_reply_to(request_id)):
                await self._keep_message(unit, chat_id, image_request_note(description), request_id)
            async with self._failure_recorded(unit, chat_id, request_id):
                try:
                    image = await self.model.generate_image(ImageRequest(description, user_id, request_id))
                except ModelFailure as failure:
                    await self.charges.billed_failure(user_id, request_id, failure)
                    raise
            note = f"[image generated] {image.revised_prompt or description}"
            recorded = await self._keep_reply(unit, chat_id, user_id, request_id, note, image.usage)
            return ImageReply(image.data, image.mime_type, image.usage, recorded.cost_micros)

    async def reset(self, chat_id: int) -> None:
        """Archive the active conversation; the next message starts a new one."""
        async with self.lock.hold(f"conversation:{chat_id}"):
            unit = UnitOfWork(self.store)

            async def start() -> None:
                await self.conversations.start_new(unit, chat_id)
                await unit.commit()

            await retry_on_conflict(start)

    async def history(self, chat_id: int, limit: int = 10) -> list[Turn]:
        conversation = await self.active_conversation(chat_id)
        return conversation.turns[-limit:] if conversation else []

    async def export(self, chat_id: int, fmt: ExportFormat, lang: str | None = None) -> ExportFile:
        """The active conversation as a text or Markdown file, headed in the user's language;
        NothingToExport when it is empty."""
        return export_conversation(await self.active_conversation(chat_id), fmt, lang)

    async def active_conversation(self, chat_id: int) -> Conversation | None:
        return await self.conversations.active(UnitOfWork(self.store), chat_id)

    def _validate(self, text: str) -> str:
        stripped = text.strip()
        if not stripped:
            raise EmptyMessage()
        if len(stripped) > self.max_message_chars:
            raise MessageTooLong(len(stripped), self.max_message_chars)
        return stripped

    async def _run_model(
        self, prompt: Prompt, user_id: int, request_id: str, preview: Preview | None
    ) -> ReplyDone:
        done: ReplyDone | None = None
        pieces: list[str] = []
        try:
            async for item in self.model.stream_reply(replace(prompt, request_id=request_id)):
                if isinstance(item, TextDelta):
                    pieces.append(item.text)
                    if preview is not None:
                        await preview.push(item.text)
                else:
                    done = item
        except ModelFailure as failure:
            await self.charges.billed_failure(user_id, request_id, failure)
            raise
        except asyncio.CancelledError:  # the bot is stopping (ADR 23): what was produced is billed
            if pieces and done is None:
                await self.charges.cut_short(prompt, user_id, request_id, "".join(pieces))
            raise
        finally:
            if preview is not None:
                preview.model_done()
        if done is None:
            raise ModelFailure(FailureKind.INTERRUPTED, "the reply ended before it was finished")
        return done
