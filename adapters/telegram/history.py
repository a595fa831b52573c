"""/history as the chat showed it: the assistant's Markdown rendered as its replies are, the user's words
as they were written, split into messages Telegram accepts."""

from adapters.telegram import markup
from adapters.telegram.render import to_telegram_html
from adapters.telegram.split import split_html
from application.chat.replies import history_header
from application.messages import text
from domain.conversation import Role, Turn

SPEAKERS = {Role.USER: "speaker_user", Role.ASSISTANT: "speaker_assistant"}


def history_chunks(turns: list[Turn], lang: str) -> list[str]:
    if not turns:
        return split_html(markup.text(text("history_empty", lang)))
    parts = [markup.text(history_header(len(turns), lang))]
    parts += [f"<b>{markup.text(text(SPEAKERS[turn.role], lang))}:</b> {_shown(turn)}" for turn in turns]
    return split_html("\n\n".join(parts))


def _shown(turn: Turn) -> str:
    return to_telegram_html(turn.text) if turn.role is Role.ASSISTANT else markup.text(turn.text)
