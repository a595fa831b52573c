"""A conversation as a file the user can keep: plain text or Markdown."""

from dataclasses import dataclass
from enum import StrEnum

from application.errors import NothingToExport
from application.messages import text
from domain.conversation import Conversation, Role


class ExportFormat(StrEnum):
    TEXT = "txt"
    MARKDOWN = "md"


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: str


SPEAKERS = {Role.USER: "speaker_user", Role.ASSISTANT: "speaker_assistant"}


def export_conversation(
    conversation: Conversation | None, fmt: ExportFormat, lang: str | None = None
) -> ExportFile:
    if conversation is None or not conversation.turns:
        raise NothingToExport()
    stamp = conversation.started_at.strftime("%Y%m%d-%H%M%S")
    filename = f"conversation-{stamp}.{fmt.value}"
    if fmt is ExportFormat.MARKDOWN:
        return ExportFile(filename, _markdown(conversation, lang))
    return ExportFile(filename, _text(conversation, lang))


def _text(conversation: Conversation, lang: str | None) -> str:
    speakers = {role: text(key, lang) for role, key in SPEAKERS.items()}
    lines = [text("export_text_title", lang, started=f"{conversation.started_at:%Y-%m-%d %H:%M}"), ""]
    for turn in conversation.turns:
        lines += [f"[{turn.at:%Y-%m-%d %H:%M}] {speakers[turn.role]}:", turn.text, ""]
    return "\n".join(lines)


def _markdown(conversation: Conversation, lang: str | None) -> str:
    speakers = {role: text(key, lang) for role, key in SPEAKERS.items()}
    title = text("export_markdown_title", lang, started=f"{conversation.started_at:%Y-%m-%d %H:%M}")
    lines = [f"# {title}", ""]
    for turn in conversation.turns:
        lines += [f"## {speakers[turn.role]} · {turn.at:%Y-%m-%d %H:%M}", "", turn.text, ""]
    return "\n".join(lines)
