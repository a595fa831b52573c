"""What a model call costs when it does not end as a reply kept with its charge: a failed call the
provider billed anyway, a stream cut short by a stopping bot (ADR 9, ADR 23) and a transcription
(ADR 50), each recorded under an id of its own; and any charge, with its reply, while the store cannot
take it (the spend journal, ADR 30)."""

from uuid import uuid4

from application.billing.usage import Recorded, UsageService
from application.chat.context import prompt_tokens
from application.chat.spend_journal import SpendJournalService
from application.errors import StoreUnavailable
from application.model_io import Attachment, DocumentInput, ModelFailure, Prompt
from application.ports import Clock, TokenCounter
from application.spend_entries import SpendEntry
from domain.usage import ModelUsage, UsageKind

IMAGE_INPUT_TOKENS_ESTIMATE = 1500
"""A deliberately high guess for the budget check; the ledger records the provider's own count."""


def attachment_tokens(attachment: Attachment, counter: TokenCounter) -> int:
    if isinstance(attachment, DocumentInput):
        return counter.count(attachment.text)
    return IMAGE_INPUT_TOKENS_ESTIMATE


class CallCharges:
    def __init__(
        self, usage: UsageService, clock: Clock, counter: TokenCounter, journal: SpendJournalService | None
    ) -> None:
        self.usage, self.clock, self.counter, self.journal = usage, clock, counter, journal

    @property
    def can_keep_aside(self) -> bool:
        return self.journal is not None

    async def keep_aside(
        self, user_id: int, request_id: str, usage: ModelUsage, chat_id: int, reply: str
    ) -> Recorded:
        """The call's charge and its reply, in the spend journal until the store takes them."""
        assert self.journal is not None
        cost = self.usage.price_of(usage)
        await self.journal.keep(
            SpendEntry(user_id, request_id, usage, cost, self.clock.now(), chat_id, reply)
        )
        return Recorded(cost, is_new=True)

    async def keep_charge_aside(self, user_id: int, request_id: str, usage: ModelUsage) -> None:
        """A call's charge without a reply, in the spend journal until the store takes it."""
        await self._journal(user_id, request_id, usage)

    async def record(self, user_id: int, request_id: str, usage: ModelUsage) -> int:
        """A call's charge on its own (a transcription), in the ledger, or in the spend journal when the
        store cannot take it; what it cost."""
        try:
            return (await self.usage.record(user_id, request_id, usage)).cost_micros
        except StoreUnavailable:
            if self.journal is None:
                raise
            return await self._journal(user_id, request_id, usage)

    async def billed_failure(self, user_id: int, request_id: str, failure: ModelFailure) -> None:
        """A failed call the provider billed anyway; into the spend journal when the store cannot take it."""
        if failure.billed is None:
            return
        billed_id = f"{request_id}:failed:{uuid4().hex}"
        try:
            await self.usage.record(user_id, billed_id, failure.billed)
        except StoreUnavailable:
            if self.journal is None:
                raise
            await self._journal(user_id, billed_id, failure.billed)

    async def cut_short(self, prompt: Prompt, user_id: int, request_id: str, produced: str) -> None:
        """A stream cancelled by a stopping bot, billed from our estimate; into the spend journal where
        there is one: it is local and quick, and the store may not answer before the process exits."""
        estimate = prompt_tokens(prompt, self.counter) + sum(
            attachment_tokens(attachment, self.counter) for attachment in prompt.attachments
        )
        kind = prompt.kind or UsageKind.CHAT
        if prompt.kind is None and prompt.attachments:
            kind = (
                UsageKind.DOCUMENT if isinstance(prompt.attachments[0], DocumentInput) else UsageKind.VISION
            )
        output = self.counter.count(produced)
        usage = ModelUsage(prompt.model, kind, input_tokens=estimate, output_tokens=output, estimated=True)
        cut_id = f"{request_id}:cut:{uuid4().hex}"
        if self.journal is None:
            await self.usage.record(user_id, cut_id, usage)
        else:
            await self._journal(user_id, cut_id, usage)

    async def _journal(self, user_id: int, request_id: str, usage: ModelUsage) -> int:
        assert self.journal is not None
        cost = self.usage.price_of(usage)
        await self.journal.keep(SpendEntry(user_id, request_id, usage, cost, self.clock.now()))
        return cost
