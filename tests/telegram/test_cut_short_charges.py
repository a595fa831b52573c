"""A reply still being written when the shutdown grace ends is cut short, and what the model had produced
by then is charged: kept in the spend journal as the task is cancelled, in the ledger once the bot has
stopped."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

from application.messages import text
from application.model_io import Prompt, ReplyDone, TextDelta
from domain.usage import UsageLedger
from entrypoints.container import Container
from tests.support.scripted_model import ScriptedChatModel
from tests.support.telegram_harness import SUBSCRIBER, StartBot
from tests.support.telegram_updates import message


class EndlessModel(ScriptedChatModel):
    """Writes the first words of its reply, then never finishes."""

    def __init__(self) -> None:
        super().__init__()
        self.started = asyncio.Event()

    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        self.prompts.append(prompt)
        yield TextDelta("Once upon a time, in a land far away, ")
        self.started.set()
        await asyncio.Event().wait()


async def test_a_reply_cut_short_at_the_grace_is_charged_for_what_it_produced(
    start_bot: StartBot, tmp_path: Path
) -> None:
    model = EndlessModel()
    bot = await start_bot(model=model, shutdown_grace_seconds=0.2, spend_journal_dir=tmp_path / "journal")
    await bot.send(message(SUBSCRIBER, "tell me a very long story"))
    await model.started.wait()

    await bot.stopped()

    assert bot.finished(SUBSCRIBER.user_id) == [text("restarted_unanswered", SUBSCRIBER.language)]
    after = Container(settings=bot.container.settings())
    try:
        ledger = await after.usage().ledger_for(SUBSCRIBER.user_id, after.clock().now())
        assert after.spend_journal().waiting() == 0
    finally:
        after.store().close()
    assert isinstance(ledger, UsageLedger)
    [record] = ledger.records
    assert ":cut:" in record.request_id and record.usage.output_tokens > 0 and record.usage.estimated
