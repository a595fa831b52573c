"""Long memory: the turns that no longer fit the context are summarised by the model, in a call of its
own, into a summary the context starts from (ADR 51). Each summary rolls the one before it forward."""

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from uuid import uuid4

from application.billing.usage import UsageService
from application.chat.charges import CallCharges
from application.chat.context import ContextSettings, instructions_with, newest_that_fit, prompt_tokens
from application.chat.conversations import Conversations
from application.errors import BudgetExceeded, StoreUnavailable
from application.model_io import FailureKind, ModelFailure, Prompt, PromptTurn, ReplyDone, TextDelta
from application.ports import ChatModel, Clock, TokenCounter
from application.retry import retry_on_conflict
from application.unit_of_work import UnitOfWork
from domain.conversation import Conversation, Role, Summary, Turn
from domain.usage import ModelUsage, UsageKind

log = logging.getLogger(__name__)

SUMMARY_INSTRUCTIONS = (
    "You keep the memory of a conversation between a user and an assistant. Merge the previous summary, "
    "if there is one, and the turns that follow it into one concise summary: who the user is, what they "
    "asked for, facts, decisions, names and numbers worth keeping, and what is still open. Write it in "
    "the language of the conversation, as notes for the assistant. Reply with the summary only."
)
SPEAKERS = {Role.USER: "User", Role.ASSISTANT: "Assistant"}


@dataclass(frozen=True)
class MemorySettings:
    model: str
    max_output_tokens: int
    """The summary's bound; the context keeps this much room for it."""


@dataclass(frozen=True)
class Overflow:
    """The turns a new summary adds to the one before it: it covers `history[:covers]`."""

    covers: int
    turns: tuple[Turn, ...]


def overflow(
    context: ContextSettings,
    history: Sequence[Turn],
    summary: Summary | None,
    reserve: int,
    counter: TokenCounter,
) -> Overflow | None:
    """None while the turns after the summary fit beside it. Otherwise the new summary covers all but
    the newest turns that fit half the room left beside `reserve` tokens of summary, so the next one is
    due only once as many turns again have come."""
    start = summary.covers if summary else 0
    recent = history[start:]
    instructions = instructions_with(context.system_prompt, summary.text if summary else None)
    beside_summary = context.max_context_tokens - counter.count(instructions)
    if newest_that_fit(recent, beside_summary, counter) == len(recent):
        return None
    note = counter.count(instructions_with(context.system_prompt, ""))
    room = context.max_context_tokens - note - reserve
    covers = len(history) - newest_that_fit(recent, room // 2, counter)
    if covers <= start:
        return None
    return Overflow(covers, tuple(history[start:covers]))


def transcript(summary: Summary | None, turns: Sequence[Turn]) -> str:
    lines = [f"Previous summary:\n{summary.text}\n"] if summary else []
    lines.append("Conversation:")
    lines.extend(f"{SPEAKERS[turn.role]}: {turn.text}" for turn in turns)
    return "\n".join(lines)


class LongMemory:
    def __init__(
        self,
        settings: MemorySettings,
        model: ChatModel,
        usage: UsageService,
        charges: CallCharges,
        clock: Clock,
        counter: TokenCounter,
        conversations: Conversations,
    ) -> None:
        self.settings, self.model, self.usage, self.charges = settings, model, usage, charges
        self.clock, self.counter, self.conversations = clock, counter, conversations

    async def recall(
        self,
        unit: UnitOfWork,
        conversation: Conversation,
        history: Sequence[Turn],
        context: ContextSettings,
        user_id: int,
        request_id: str,
    ) -> Summary | None:
        """The summary the context starts from: a new one, kept in the conversation with its charge, when
        turns no longer fit; the one before it when they fit or when summarising fails."""
        earlier = conversation.summary
        due = overflow(context, history, earlier, self.settings.max_output_tokens, self.counter)
        if due is None:
            return earlier
        prompt = self._prompt(context, earlier, due, user_id, request_id)
        summary_id = f"{request_id}:summary:{uuid4().hex}"
        try:
            await self.usage.ensure_within_budget(
                user_id, prompt.model, prompt_tokens(prompt, self.counter), unit=unit
            )
            done = await self._run(prompt, user_id, summary_id)
        except (ModelFailure, BudgetExceeded) as failure:
            reason = failure.kind.value if isinstance(failure, ModelFailure) else failure.exceeded.value
            log.warning(
                "could not summarise the older turns for %s (%s): they are left out", request_id, reason
            )
            return earlier
        summary = Summary(done.text.strip(), due.covers, self.clock.now(), prompt.model)
        if not summary.text:
            log.warning("the summary for %s came back empty: the older turns are left out", request_id)
        kept = await self._keep(unit, conversation.chat_id, user_id, summary_id, summary, done.usage)
        return summary if kept else earlier

    def _prompt(
        self, context: ContextSettings, earlier: Summary | None, due: Overflow, user_id: int, request_id: str
    ) -> Prompt:
        """The previous summary and the newest of the overflowing turns that fit the context's budget: all
        of them, but for a conversation that was long before long memory came; older ones are left out."""
        fitting = newest_that_fit(due.turns, context.max_context_tokens, self.counter)
        turns = due.turns[len(due.turns) - fitting :]
        return Prompt(
            self.settings.model,
            SUMMARY_INSTRUCTIONS,
            (PromptTurn(Role.USER, transcript(earlier, turns)),),
            user_id,
            request_id=request_id,
            max_output_tokens=self.settings.max_output_tokens,
            kind=UsageKind.SUMMARY,
        )

    async def _run(self, prompt: Prompt, user_id: int, summary_id: str) -> ReplyDone:
        pieces: list[str] = []
        try:
            async for item in self.model.stream_reply(prompt):
                if isinstance(item, TextDelta):
                    pieces.append(item.text)
                else:
                    return ReplyDone(item.text, replace(item.usage, kind=UsageKind.SUMMARY))
        except ModelFailure as failure:
            if failure.billed is not None:
                failure.billed = replace(failure.billed, kind=UsageKind.SUMMARY)
            await self.charges.billed_failure(user_id, summary_id, failure)
            raise
        except asyncio.CancelledError:  # the bot is stopping (ADR 23): what was produced is billed
            if pieces:
                await self.charges.cut_short(prompt, user_id, summary_id, "".join(pieces))
            raise
        raise ModelFailure(FailureKind.INTERRUPTED, "the summary ended before it was finished")

    async def _keep(
        self,
        unit: UnitOfWork,
        chat_id: int,
        user_id: int,
        summary_id: str,
        summary: Summary,
        usage: ModelUsage,
    ) -> bool:
        """The summary and its charge in one transaction; the charge alone into the spend journal when
        the store cannot take them (the summary is made again next time). False when it is not kept."""

        async def keep() -> bool:
            await self.usage.add_record(unit, user_id, summary_id, usage)
            kept = summary.text != "" and await self.conversations.summarise(unit, chat_id, summary)
            await unit.commit()
            return kept

        try:
            async with self.usage.recording(user_id):
                return await retry_on_conflict(keep)
        except StoreUnavailable:
            if not self.charges.can_keep_aside:
                raise
            await self.charges.keep_charge_aside(user_id, summary_id, usage)
            return False
