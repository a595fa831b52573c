"""A conversation as a file the user can keep: plain text or Markdown."""

from dataclasses import dataclass
from enum import StrEnum

from application.errors import NothingToExport
from domain.conversation import Conversation, Role


class ExportFormat(StrEnum):
    TEXT = "txt"
    MARKDOWN = "md"


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: str


SPEAKERS = {Role.USER: "You", Role.ASSISTANT: "Assistant"}


def export_conversation(conversation: Conversation | None, fmt: ExportFormat) -> ExportFile:
    if conversation is None or not conversation.turns:
        raise NothingToExport()
    stamp = conversation.started_at.strftime("%Y%m%d-%H%M%S")
    filename = f"conversation-{stamp}.{fmt.value}"
    if fmt is ExportFormat.MARKDOWN:
        return ExportFile(filename, _markdown(conversation))
    return ExportFile(filename, _text(conversation))


def _text(conversation: Conversation) -> str:
    lines = [f"Conversation started {conversation.started_at:%Y-%m-%d %H:%M} UTC", ""]
    for turn in conversation.turns:
        lines += [f"[{turn.at:%Y-%m-%d %H:%M}] {SPEAKERS[turn.role]}:", turn.text, ""]
    return "\n".join(lines)


def _markdown(conversation: Conversation) -> str:
    lines = [f"# Conversation of {conversation.started_at:%Y-%m-%d %H:%M} UTC", ""]
    for turn in conversation.turns:
        lines += [f"## {SPEAKERS[turn.role]} · {turn.at:%Y-%m-%d %H:%M}", "", turn.text, ""]
    return "\n".join(lines)
