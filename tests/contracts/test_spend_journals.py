"""The spend journal's contract on the fake and on the files, and what only the files must survive."""

import asyncio
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from adapters.journal.files import FileSpendJournal
from adapters.journal.lines import encode
from application.ports import SpendJournal
from tests.contracts.spend_journal_contract import MakeJournal, SpendJournalContract, entry
from tests.fakes.spend_journal import FakeSpendJournal

ROOT = Path(__file__).resolve().parents[2]


class TestFakeSpendJournal(SpendJournalContract):
    @pytest.fixture
    def make_journal(self) -> MakeJournal:
        journal = FakeSpendJournal()
        return lambda: journal


class TestFileSpendJournal(SpendJournalContract):
    @pytest.fixture
    def make_journal(self, tmp_path: Path) -> MakeJournal:
        def make() -> SpendJournal:
            return FileSpendJournal(tmp_path / "journal")

        return make


async def test_a_torn_last_line_is_skipped_and_the_entries_before_it_are_drained(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    folder.mkdir()
    whole = encode(entry(1)) + encode(entry(2))
    (folder / "spend-1-dead.jsonl").write_bytes(whole + encode(entry(3))[:-9])

    journal = FileSpendJournal(folder)
    [batch] = await journal.claim()
    await journal.settle(batch)

    assert batch.entries == (entry(1), entry(2))
    assert list(folder.iterdir()) == []


async def test_a_line_that_is_not_an_entry_is_skipped_without_stopping_the_drain(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    folder.mkdir()
    (folder / "spend-1-dead.jsonl").write_bytes(
        b'{"v": 1, "user_id": "x"}\n' + b"\xff\xfe\n" + encode(entry(2))
    )

    [batch] = await FileSpendJournal(folder).claim()

    assert batch.entries == (entry(2),)


async def test_a_file_whose_writer_lives_is_left_to_it(tmp_path: Path) -> None:
    writer, other = FileSpendJournal(tmp_path / "journal"), FileSpendJournal(tmp_path / "journal")
    await writer.append(entry(1))

    assert await other.claim() == []
    assert other.waiting() == 1


async def test_entries_are_kept_readable_by_their_owner_only(tmp_path: Path) -> None:
    journal = FileSpendJournal(tmp_path / "journal")
    await journal.append(entry(1))

    [path] = (tmp_path / "journal").glob("spend-*.jsonl")
    assert path.stat().st_mode & 0o077 == 0
    assert (tmp_path / "journal").stat().st_mode & 0o077 == 0


WRITER = textwrap.dedent(
    """
    import asyncio, sys, time
    from pathlib import Path
    from adapters.journal.files import FileSpendJournal
    from tests.contracts.spend_journal_contract import entry

    async def main() -> None:
        journal = FileSpendJournal(Path(sys.argv[1]))
        for n in range(5):
            await journal.append(entry(n))
        print("kept", flush=True)
        time.sleep(600)

    asyncio.run(main())
    """
)


def test_the_file_of_a_process_killed_with_kill_9_is_taken_over_whole(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(folder)], cwd=ROOT, stdout=subprocess.PIPE)
    try:
        assert writer.stdout is not None and writer.stdout.readline() == b"kept\n"
        journal = FileSpendJournal(folder)
        assert asyncio.run(journal.claim()) == []  # alive: its file is its own
        writer.send_signal(signal.SIGKILL)
        writer.wait()

        [batch] = asyncio.run(journal.claim())
        asyncio.run(journal.release(batch))
    finally:
        writer.kill()
        writer.wait()

    assert batch.entries == tuple(entry(n) for n in range(5))
