"""PostgreSQL stopped while the model is writing a reply: the user gets the answer, its charge waits in the
spend journal, and once the server is back the ledger has it exactly once, however often the journal is
drained and whatever a restart finds there again; the audit passes and says what still waits."""

import asyncio
import contextlib
import json
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from adapters.journal.files import FileSpendJournal
from application.model_io import Prompt, ReplyDone, TextDelta
from domain.usage import ModelUsage
from tests.entrypoints.cli_runner import run_gptbot
from tests.support.postgres import PostgresCluster, PostgresUnavailable, start_cluster
from tests.support.scripted_model import ScriptedChatModel
from tests.support.telegram_harness import SUBSCRIBER, RunningBot, StartBot
from tests.support.telegram_updates import message

pytestmark = pytest.mark.postgres


@pytest.fixture
def own_cluster() -> Iterator[PostgresCluster]:
    """A cluster of this test's own: the session's cluster serves other tests and must stay up."""
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        with contextlib.suppress(PostgresUnavailable):
            cluster.stop()


class HeldModel(ScriptedChatModel):
    """Writes the first half of its reply, then waits until the test lets it finish."""

    def __init__(self) -> None:
        super().__init__()
        self.holding = False
        self.started = asyncio.Event()
        self.finish = asyncio.Event()

    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        if not self.holding:
            async for item in super().stream_reply(prompt):
                yield item
            return
        self.prompts.append(prompt)
        yield TextDelta("Kept while ")
        self.started.set()
        await self.finish.wait()
        yield TextDelta("the database was away.")
        yield ReplyDone(
            "Kept while the database was away.", ModelUsage(prompt.model, input_tokens=30, output_tokens=7)
        )


async def request_ids(bot: RunningBot) -> list[str]:
    return [r.request_id for r in await bot.usage_records(SUBSCRIBER.user_id)]


def audit(tmp_path: Path, url: str, journal: Path) -> tuple[int, dict[str, object], str]:
    as_json = run_gptbot(
        ["audit", "replay", "--json"], b"", tmp_path, DATABASE_URL=url, SPEND_JOURNAL_DIR=str(journal)
    )
    table = run_gptbot(["audit", "replay"], b"", tmp_path, DATABASE_URL=url, SPEND_JOURNAL_DIR=str(journal))
    assert as_json.returncode == table.returncode, table.stdout + table.stderr
    return as_json.returncode, json.loads(as_json.stdout), table.stdout.decode()


async def test_a_reply_finished_while_postgres_is_down_is_delivered_and_charged_once_it_is_back(
    own_cluster: PostgresCluster, start_bot: StartBot, tmp_path: Path
) -> None:
    url, folder, copies = own_cluster.create_database(), tmp_path / "journal", tmp_path / "copies"
    settings = {"database_url": url, "spend_journal_dir": folder, "spend_journal_retry_seconds": 0.2}
    model = HeldModel()
    bot = await start_bot(model=model, **settings)
    await bot.send(message(SUBSCRIBER, "before the outage"))
    await bot.texts_in(SUBSCRIBER.user_id, 1)

    model.holding = True
    await bot.send(message(SUBSCRIBER, "answer me through the outage"))
    await model.started.wait()
    await asyncio.to_thread(own_cluster.pause)
    model.finish.set()

    assert (await bot.texts_in(SUBSCRIBER.user_id, 2))[-1] == "Kept while the database was away."
    journal = FileSpendJournal(folder)
    await bot.telegram.wait_until(lambda: journal.waiting() == 1)
    shutil.copytree(folder, copies)  # the journal as a process killed before its drain settled would leave it

    await asyncio.to_thread(own_cluster.resume)
    await bot.telegram.wait_until(lambda: journal.waiting() == 0)
    assert (await bot.container.spend().drain()).written == 0
    charged = await request_ids(bot)
    assert len(charged) == 2 and len(set(charged)) == 2
    conversation = await bot.container.chat().history(SUBSCRIBER.user_id)
    assert [t.text for t in conversation][-1] == "Kept while the database was away."
    await bot.stopped()

    for path in copies.iterdir():
        shutil.copy(path, folder / path.name)
    code, report, table = await asyncio.to_thread(audit, tmp_path, url, folder)
    assert code == 0 and report["ok"] is True and report["journal_waiting"] == 1
    assert "1 usage records wait in the spend journal" in table

    again = await start_bot(model=HeldModel(), **settings)
    await again.telegram.wait_until(lambda: journal.waiting() == 0)  # drained at start-up
    assert await request_ids(again) == charged
