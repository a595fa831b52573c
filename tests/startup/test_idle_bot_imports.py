"""What the bot imports only once it needs it: the commands over the store start without aiogram, and the
PDF and DOCX readers wait for the first document."""

from pathlib import Path

import pytest

from tests.startup.loaded import packages_after

READER = (
    "from entrypoints.model_wiring import build_document_reader\n"
    "from entrypoints.settings import load_settings\n"
    "reader = build_document_reader(load_settings())"
)


def test_the_commands_over_the_store_start_without_aiogram(tmp_path: Path) -> None:
    loaded = packages_after("from entrypoints.bootstrap import start\nstart()", tmp_path)
    assert {"entrypoints", "sqlalchemy"} <= loaded
    assert "aiogram" not in loaded


@pytest.mark.parametrize("package", ["pypdf", "docx"])
def test_the_document_reader_imports_no_document_library_before_a_document(
    tmp_path: Path, package: str
) -> None:
    loaded = packages_after(READER, tmp_path)
    assert "adapters" in loaded
    assert package not in loaded


def test_the_document_reader_imports_the_pdf_library_with_the_first_pdf(tmp_path: Path) -> None:
    loaded = packages_after(
        f"{READER}\n"
        "from application.model_io import AttachmentRefused, DocumentKind, Upload\n"
        "try:\n"
        "    reader.read(Upload('a.pdf', b'%PDF-1.4 not really'), DocumentKind.PDF)\n"
        "except AttachmentRefused:\n"
        "    pass",
        tmp_path,
    )
    assert "pypdf" in loaded


def bot_wired(**env: str) -> str:
    """`gptbot run`'s wiring, from the settings to the dispatcher and its companions, without serving."""
    return (
        f"import os\nos.environ.update({env!r})\n"
        "import entrypoints.cli, entrypoints.telegram_runner\n"
        "from entrypoints.bootstrap import start\n"
        "from entrypoints.telegram_container import telegram_over\n"
        "core = start()\n"
        "telegram = telegram_over(core)\n"
        "telegram.dispatcher(), telegram.recovery(), core.spend(), core.admin_routine()\n"
        "core.projection_worker(), core.login_links(), core.admin_status()"
    )


BOT = {"TELEGRAM_BOT_TOKEN": "123456:not-a-real-token", "DATABASE_URL": "sqlite:///bot.db"}


def test_the_bot_without_redis_configured_imports_no_redis(tmp_path: Path) -> None:
    loaded = packages_after(bot_wired(**BOT), tmp_path)
    assert {"aiogram", "adapters"} <= loaded
    assert "redis" not in loaded


def test_the_bot_with_redis_configured_imports_redis(tmp_path: Path) -> None:
    loaded = packages_after(bot_wired(**BOT, REDIS_URL="redis://127.0.0.1:1/0"), tmp_path)
    assert "redis" in loaded
