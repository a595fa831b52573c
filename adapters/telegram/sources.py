"""The pages a reply cites, listed under it as links (ADR 53): escaped, each once, a short list, and
rendered with the reply before it is split, so every piece stays valid HTML with its links whole."""

from collections.abc import Sequence
from urllib.parse import urlsplit

from adapters.telegram import markup
from adapters.telegram.render import to_telegram_html
from adapters.telegram.split import split_html
from application.messages import text
from application.model_io import Source

MAX_SOURCES = 5
MAX_TITLE_CHARS = 80


def reply_chunks(markdown: str, sources: Sequence[Source], lang: str) -> list[str]:
    """The reply as Telegram HTML messages, its sources listed after its text (none under no text)."""
    rendered = to_telegram_html(markdown)
    listed = sources_html(sources, lang)
    if rendered and listed:
        rendered = f"{rendered}\n\n{listed}"
    return [chunk for chunk in split_html(rendered) if chunk.strip()]


def sources_html(sources: Sequence[Source], lang: str) -> str:
    """A numbered list of the first few web links, titled; empty when there is none."""
    shown: dict[str, Source] = {}
    for source in sources:
        if is_web_link(source.url) and source.url not in shown:
            shown[source.url] = source
    if not shown:
        return ""
    lines = [f"<b>{markup.text(text('sources_heading', lang))}</b>"]
    for number, source in enumerate(list(shown.values())[:MAX_SOURCES], start=1):
        lines.append(
            f'{number}. <a href="{markup.attribute(source.url)}">{markup.text(title_of(source))}</a>'
        )
    return "\n".join(lines)


def is_web_link(url: str) -> bool:
    parts = urlsplit(url)
    return (
        parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in url)
    )


def title_of(source: Source) -> str:
    """The page's title, shortened; its host when it has none."""
    title = " ".join(source.title.split()) or urlsplit(source.url).hostname or source.url
    return title if len(title) <= MAX_TITLE_CHARS else title[: MAX_TITLE_CHARS - 1].rstrip() + "…"
