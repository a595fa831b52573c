"""The model's Markdown as the HTML subset Telegram accepts; anything else the model writes, raw HTML
included, shows as literal text."""

import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from adapters.telegram import markup
from adapters.telegram.render_inline import InlineRenderer, plain_text

MAX_NESTING = 50
_parser = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "typographer": False, "maxNesting": MAX_NESTING}
).enable(["table", "strikethrough"])
LANGUAGE = re.compile(r"[A-Za-z0-9_+#.-]{1,32}")
RULE = "———"


def to_telegram_html(markdown: str) -> str:
    tokens = _parser.parse(markdown)
    if any(token.level >= MAX_NESTING - 1 for token in tokens):
        # markdown-it drops whatever lies deeper than its nesting limit; plain text loses nothing.
        return markup.text(markdown).strip()
    tree = SyntaxTreeNode(tokens)
    return markup.without_empty_elements(_blocks(tree.children, in_quote=False, tight=False)).strip()


def plain_text_fallback(html: str) -> str:
    """The visible text of rendered HTML, to send without formatting when Telegram refuses the HTML."""
    reader = _TextReader()
    reader.feed(html)
    reader.close()
    return "".join(reader.parts)


class _TextReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _blocks(nodes: list[SyntaxTreeNode], in_quote: bool, tight: bool) -> str:
    rendered = (_block(node, in_quote) for node in nodes)
    return ("\n" if tight else "\n\n").join(part for part in rendered if part)


def _block(node: SyntaxTreeNode, in_quote: bool) -> str:
    kind = node.type
    if kind == "paragraph":
        return InlineRenderer().render(_inline_children(node))
    if kind == "heading":
        return f"<b>{InlineRenderer(open_tags=('b',)).render(_inline_children(node))}</b>"
    if kind in ("bullet_list", "ordered_list"):
        return _list(node, in_quote)
    if kind == "blockquote":
        inner = _blocks(node.children, in_quote=True, tight=False)
        # Telegram does not nest quotes: an inner quote joins the outer one.
        return inner if in_quote or not inner else f"<blockquote>{inner}</blockquote>"
    if kind in ("fence", "code_block"):
        return _code_block(node.content, _language(node.info), in_quote)
    if kind == "table":
        return _code_block(_table_text(node), "", in_quote)
    if kind == "hr":
        return RULE
    if kind == "inline":
        return InlineRenderer().render(node.children)
    return markup.text(node.content) + _blocks(node.children, in_quote, tight=False)


def _inline_children(node: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    return [grandchild for child in node.children for grandchild in child.children]


def _list(node: SyntaxTreeNode, in_quote: bool) -> str:
    ordered = node.type == "ordered_list"
    start = int(str(node.attrs.get("start", 1))) if ordered else 1
    tight = any(p.hidden for item in node.children for p in item.children if p.type == "paragraph")
    lines = []
    for number, item in enumerate(node.children, start=start):
        marker = f"{number}. " if ordered else "• "
        body = _blocks(item.children, in_quote, tight=tight)
        lines.append(marker + re.sub(r"\n(?=[^\n])", "\n" + " " * len(marker), body))
    return ("\n" if tight else "\n\n").join(lines)


def _code_block(code: str, language: str, in_quote: bool) -> str:
    code = code.rstrip("\n")
    if not code.strip():
        return ""
    if in_quote:  # Telegram does not put a pre block inside a quote
        return f"<code>{markup.text(code)}</code>"
    if language:
        return f'<pre><code class="language-{markup.attribute(language)}">{markup.text(code)}</code></pre>'
    return f"<pre>{markup.text(code)}</pre>"


def _language(info: str) -> str:
    words = info.split()
    found = LANGUAGE.fullmatch(words[0]) if words else None
    return found.group(0) if found else ""


def _table_text(table: SyntaxTreeNode) -> str:
    rows = [
        [plain_text(cell.children[0].children if cell.children else []).strip() for cell in row.children]
        for section in table.children
        for row in section.children
    ]
    columns = max((len(row) for row in rows), default=0)
    rows = [row + [""] * (columns - len(row)) for row in rows]
    widths = [max(len(row[c]) for row in rows) for c in range(columns)]
    lines = [
        " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    if len(lines) > 1:
        lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)
