"""Small pieces of Telegram's HTML: escaping, allowed link schemes, empty elements."""

import re
from html import escape

LINK_SCHEME = re.compile(r"(?i)(https?|tg)://")
EMPTY_ELEMENT = re.compile(r"<(b|i|u|s|code|pre|a|blockquote|tg-spoiler)(?:\s[^>]*)?></\1>")


def text(raw: str) -> str:
    return escape(raw, quote=False)


def attribute(raw: str) -> str:
    return escape(raw, quote=True)


def is_allowed_link(href: str | None) -> bool:
    return href is not None and LINK_SCHEME.match(href) is not None


def without_empty_elements(markup: str) -> str:
    """Drops elements that wrap nothing, innermost first, e.g. <pre><code class="x"></code></pre>."""
    while True:
        cleaned = EMPTY_ELEMENT.sub("", markup)
        if cleaned == markup:
            return cleaned
        markup = cleaned
