import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.entrypoints.cli_runner import REPO, clean_env, run_gptbot


def test_console_answers_then_shows_history_and_usage_and_exits_on_eof(tmp_path: Path) -> None:
    done = run_gptbot(["run"], b"hello\n/history\n/usage\n", tmp_path)

    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert "No language model is configured" in out
    assert "You: hello" in out
    assert "Today: " in out and "This month: " in out
    assert (tmp_path / "data" / "gptbot.db").exists()


def test_make_run_is_the_console_chat_when_no_token_is_configured(tmp_path: Path) -> None:
    if shutil.which("make") is None:
        pytest.fail("make is required: the Quick start runs `make run`")
    done = subprocess.run(
        ["make", "-s", "run"],
        input=b"hello\n/history\n/usage\n",
        cwd=REPO,
        env=clean_env(DATABASE_URL=f"sqlite:///{tmp_path}/gptbot.db"),
        capture_output=True,
        timeout=120,
    )

    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert "You said: hello" in out and "You: hello" in out and "Today: " in out


def test_conversation_survives_a_restart(tmp_path: Path) -> None:
    run_gptbot(["chat"], b"remember the word apricot\n", tmp_path)
    done = run_gptbot(["chat"], b"/history\n", tmp_path)

    assert "You: remember the word apricot" in done.stdout.decode()


def test_reset_then_history_is_empty(tmp_path: Path) -> None:
    done = run_gptbot(["chat"], b"first\n/reset\n/history\n", tmp_path)

    out = done.stdout.decode()
    assert "Started a new conversation" in out
    assert "This conversation is empty." in out


def test_export_writes_markdown_and_text_files(tmp_path: Path) -> None:
    done = run_gptbot(["chat"], b"hello there\n/export\n/export txt\n", tmp_path)

    files = sorted((tmp_path / "data" / "exports").iterdir())
    assert done.returncode == 0
    assert [f.suffix for f in files] == [".md", ".txt"]
    assert "hello there" in files[0].read_text() and files[0].read_text().startswith("# Conversation")
    assert "You:" in files[1].read_text()


def test_export_of_an_empty_conversation_says_so(tmp_path: Path) -> None:
    done = run_gptbot(["chat"], b"/export\n", tmp_path)

    assert "There is nothing to export yet." in done.stdout.decode()
    assert not (tmp_path / "data" / "exports").exists()


def test_russian_locale_gets_russian_texts(tmp_path: Path) -> None:
    done = run_gptbot(["chat"], b"/usage\n", tmp_path, LANG="ru_RU.UTF-8")

    assert "Сегодня: 0 токенов" in done.stdout.decode()


def test_unknown_command_is_named(tmp_path: Path) -> None:
    done = run_gptbot(["chat"], b"/frobnicate\n", tmp_path)

    assert "Unknown command /frobnicate" in done.stdout.decode()


def test_budget_refuses_before_the_model_is_called(tmp_path: Path) -> None:
    done = run_gptbot(["chat"], b"hello\n/history\n", tmp_path, BUDGET_DAILY_TOKENS="5")

    out = done.stdout.decode()
    assert "daily limit of 5 tokens" in out
    assert "You said" not in out
    assert "This conversation is empty." in out


KEEP_SPEND = """
import asyncio, sys
from datetime import UTC, datetime
from pathlib import Path
from adapters.journal.files import FileSpendJournal
from application.spend_entries import SpendEntry
from domain.usage import ModelUsage

usage = ModelUsage("offline-echo", input_tokens=1200, output_tokens=34)
entry = SpendEntry(0, "console:kept-while-the-store-was-out", usage, 0, datetime.now(UTC))
asyncio.run(FileSpendJournal(Path(sys.argv[1])).append(entry))
"""


def test_the_console_writes_spend_an_earlier_run_kept_in_the_journal_into_the_ledger(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    subprocess.run([sys.executable, "-c", KEEP_SPEND, str(journal)], cwd=REPO, check=True, timeout=60)
    assert list(journal.iterdir())

    done = run_gptbot(["chat"], b"/usage\n", tmp_path, SPEND_JOURNAL_DIR=str(journal))

    assert done.returncode == 0, done.stderr.decode()
    assert "Today: 1234 tokens" in done.stdout.decode()
    assert not [path for path in journal.iterdir() if path.stat().st_size]
