"""A strict checker for the HTML we send to Telegram: only Telegram's tags and attributes, properly
nested the way Telegram allows, text fully escaped. Returns the visible text, as Telegram shows it."""

import re
from html import unescape
from html.parser import HTMLParser

FORMATTING = {"b", "strong", "i", "em", "u", "s", "tg-spoiler"}
ALLOWED = FORMATTING | {"code", "pre", "a", "blockquote"}
ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")
LINK = re.compile(r"(?i)(https?|tg)://")
LANGUAGE_CLASS = re.compile(r"language-[A-Za-z0-9_+#.-]+")


class InvalidTelegramHtml(ValueError):
    pass


def check(markup: str) -> str:
    for ampersand in re.finditer("&", markup):
        if not ENTITY.match(markup, ampersand.start()):
            raise InvalidTelegramHtml(
                f"bare '&' at {ampersand.start()}: {markup[ampersand.start() :][:12]!r}"
            )
    checker = _Checker()
    checker.feed(markup)
    checker.close()
    if checker.stack:
        raise InvalidTelegramHtml(f"unclosed tags {checker.stack}")
    return "".join(checker.text)


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        if tag not in ALLOWED or not raw.startswith(f"<{tag}"):
            raise InvalidTelegramHtml(f"tag not allowed: {raw!r}")
        parent = self.stack[-1] if self.stack else None
        if parent in ("code", "pre") and not (parent == "pre" and tag == "code"):
            raise InvalidTelegramHtml(f"<{tag}> inside <{parent}>")
        if tag in ("pre", "blockquote") and self.stack:
            raise InvalidTelegramHtml(f"<{tag}> must not be nested, found inside {self.stack}")
        if tag == "code" and parent != "pre" and set(self.stack) - {"blockquote"}:
            raise InvalidTelegramHtml(f"<code> inside {self.stack}")
        if tag == "a" and set(self.stack) - FORMATTING - {"blockquote"}:
            raise InvalidTelegramHtml(f"<a> inside {self.stack}")
        self._check_attributes(tag, dict(attrs), parent)
        self.stack.append(tag)

    def _check_attributes(self, tag: str, attrs: dict[str, str | None], parent: str | None) -> None:
        if tag == "a":
            if set(attrs) != {"href"} or not LINK.match(attrs["href"] or ""):
                raise InvalidTelegramHtml(f"bad link attributes {attrs}")
        elif tag == "code" and parent == "pre" and attrs:
            if set(attrs) != {"class"} or not LANGUAGE_CLASS.fullmatch(attrs["class"] or ""):
                raise InvalidTelegramHtml(f"bad code class {attrs}")
        elif attrs:
            raise InvalidTelegramHtml(f"<{tag}> takes no attributes, got {attrs}")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise InvalidTelegramHtml(f"</{tag}> does not close {self.stack}")
        self.stack.pop()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise InvalidTelegramHtml(f"self-closing <{tag}/>")

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            raise InvalidTelegramHtml(f"unescaped markup in text: {data!r}")
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        self.text.append(unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.text.append(unescape(f"&#{name};"))

    def handle_comment(self, data: str) -> None:
        raise InvalidTelegramHtml(f"comment {data!r}")

    def handle_decl(self, decl: str) -> None:
        raise InvalidTelegramHtml(f"declaration {decl!r}")

    def handle_pi(self, data: str) -> None:
        raise InvalidTelegramHtml(f"processing instruction {data!r}")

    def unknown_decl(self, data: str) -> None:
        raise InvalidTelegramHtml(f"declaration {data!r}")
