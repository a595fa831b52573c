"""Exporting the active conversation as plain text or Markdown."""

import pytest

from application.chat.export import ExportFormat
from application.errors import NothingToExport
from tests.application.wiring import Bot

CHAT, USER = 100, 42


async def test_export_as_text_lists_every_turn_in_order(bot: Bot) -> None:
    bot.model.will_reply("Hi there.")
    await bot.chat.send_message(CHAT, USER, "hello", "r1")

    exported = await bot.chat.export(CHAT, ExportFormat.TEXT)

    assert exported.filename == "conversation-20261121-120000.txt"
    assert exported.content.splitlines() == [
        "Conversation started 2026-11-21 12:00 UTC",
        "",
        "[2026-11-21 12:00] You:",
        "hello",
        "",
        "[2026-11-21 12:00] Assistant:",
        "Hi there.",
    ]


async def test_export_as_markdown_gives_each_turn_a_heading(bot: Bot) -> None:
    bot.model.will_reply("Use **bold**.")
    await bot.chat.send_message(CHAT, USER, "how do I emphasise?", "r1")

    exported = await bot.chat.export(CHAT, ExportFormat.MARKDOWN)

    assert exported.filename == "conversation-20261121-120000.md"
    assert exported.content.splitlines() == [
        "# Conversation of 2026-11-21 12:00 UTC",
        "",
        "## You · 2026-11-21 12:00",
        "",
        "how do I emphasise?",
        "",
        "## Assistant · 2026-11-21 12:00",
        "",
        "Use **bold**.",
    ]


@pytest.mark.parametrize("fmt", list(ExportFormat))
async def test_a_chat_without_messages_has_nothing_to_export(bot: Bot, fmt: ExportFormat) -> None:
    with pytest.raises(NothingToExport):
        await bot.chat.export(CHAT, fmt)


async def test_after_reset_there_is_nothing_to_export(bot: Bot) -> None:
    await bot.chat.send_message(CHAT, USER, "hello", "r1")
    await bot.chat.reset(CHAT)

    with pytest.raises(NothingToExport):
        await bot.chat.export(CHAT, ExportFormat.TEXT)


async def test_a_russian_export_is_headed_in_russian(bot: Bot) -> None:
    bot.model.will_reply("Привет.")
    await bot.chat.send_message(CHAT, USER, "здравствуй", "r1")

    markdown = await bot.chat.export(CHAT, ExportFormat.MARKDOWN, "ru")
    plain = await bot.chat.export(CHAT, ExportFormat.TEXT, "ru")

    assert markdown.content.splitlines() == [
        "# Диалог от 2026-11-21 12:00 UTC",
        "",
        "## Вы · 2026-11-21 12:00",
        "",
        "здравствуй",
        "",
        "## Ассистент · 2026-11-21 12:00",
        "",
        "Привет.",
    ]
    assert plain.content.splitlines() == [
        "Диалог начат 2026-11-21 12:00 UTC",
        "",
        "[2026-11-21 12:00] Вы:",
        "здравствуй",
        "",
        "[2026-11-21 12:00] Ассистент:",
        "Привет.",
    ]
