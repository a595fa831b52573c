"""Telegram's HTML parse mode, as strict as the real server: unknown tags, stray '<' or '&' and
unbalanced tags are refused; the visible text is measured in UTF-16 units, as Telegram counts it."""

import html
import re

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "a", "code", "pre", "blockquote", "tg-emoji",
}  # fmt: skip
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:=(?:\"[^\"]*\"|'[^']*'))?)*)\s*>")
ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")
MAX_MESSAGE_UNITS = 4096
MAX_CAPTION_UNITS = 1024


class EntityError(ValueError):
    """The text Telegram would refuse with 'Bad Request: can't parse entities: ...'."""


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_text(markup: str) -> str:
    """The text a user sees for an HTML message, or EntityError where Telegram would refuse it."""
    out: list[str] = []
    open_tags: list[str] = []
    pos = 0
    while pos < len(markup):
        char = markup[pos]
        if char == "<":
            tag = TAG.match(markup, pos)
            if tag is None:
                raise EntityError(f"Unsupported start tag at byte offset {pos}")
            _check_tag(tag, open_tags, pos)
            pos = tag.end()
        elif char == "&":
            entity = ENTITY.match(markup, pos)
            if entity is None:
                raise EntityError(f"Character entity expected at byte offset {pos}")
            out.append(html.unescape(entity.group(0)))
            pos = entity.end()
        elif char == ">":
            raise EntityError(f"Unexpected '>' at byte offset {pos}")
        else:
            out.append(char)
            pos += 1
    if open_tags:
        raise EntityError(f'Can\'t find end tag corresponding to start tag "{open_tags[-1]}"')
    return "".join(out)


def _check_tag(tag: re.Match[str], open_tags: list[str], pos: int) -> None:
    closing, name = tag.group(1) == "/", tag.group(2).lower()
    if name not in ALLOWED_TAGS:
        raise EntityError(f'Unsupported start tag "{name}" at byte offset {pos}')
    if closing:
        if not open_tags or open_tags[-1] != name:
            raise EntityError(
                f'Unmatched end tag at byte offset {pos}, expected "</{open_tags[-1] if open_tags else ""}>"'
            )
        open_tags.pop()
        return
    if open_tags and open_tags[-1] == "code":
        raise EntityError(f'Tag "{name}" is not allowed inside "code" at byte offset {pos}')
    if open_tags and open_tags[-1] == "pre" and name != "code":
        raise EntityError(f'Tag "{name}" is not allowed inside "pre" at byte offset {pos}')
    if name == "a" and "href=" not in tag.group(3):
        raise EntityError(f'Tag "a" needs an href at byte offset {pos}')
    open_tags.append(name)


def message_text(text: str, parse_mode: str | None) -> str:
    """What Telegram would store for sendMessage/editMessageText, or EntityError/ValueError."""
    shown = visible_text(text) if (parse_mode or "").upper() == "HTML" else text
    if not shown.strip():
        raise ValueError("Bad Request: message text is empty")
    if utf16_length(shown) > MAX_MESSAGE_UNITS:
        raise ValueError("Bad Request: message is too long")
    return shown


def caption_text(caption: str, parse_mode: str | None) -> str:
    """What Telegram would show as a photo's or document's caption, or EntityError/ValueError."""
    shown = visible_text(caption) if (parse_mode or "").upper() == "HTML" else caption
    if utf16_length(shown) > MAX_CAPTION_UNITS:
        raise ValueError("Bad Request: message caption is too long")
    return shown
