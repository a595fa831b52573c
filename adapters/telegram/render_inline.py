"""Inline Markdown (emphasis, code, links) as Telegram HTML, respecting Telegram's nesting rules:
code never sits inside bold/italic/strike or a link, and a link never sits inside a link."""

from markdown_it.tree import SyntaxTreeNode

from adapters.telegram import markup

FORMATTING = {"strong": "b", "em": "i", "s": "s"}


class InlineRenderer:
    def __init__(self, open_tags: tuple[str, ...] = ()) -> None:
        self.out: list[str] = []
        self.open: list[str] = list(open_tags)
        self.in_link = False

    def render(self, nodes: list[SyntaxTreeNode]) -> str:
        for node in nodes:
            self._node(node)
        return "".join(self.out)

    def _node(self, node: SyntaxTreeNode) -> None:
        kind = node.type
        if kind in ("softbreak", "hardbreak"):
            self.out.append("\n")
        elif kind in FORMATTING:
            self._formatted(FORMATTING[kind], node.children)
        elif kind == "code_inline":
            self._code(node.content)
        elif kind == "link":
            self._link(_attr(node, "href"), node.children)
        elif kind == "image":
            self._link(_attr(node, "src"), node.children)
        else:  # text, and anything unforeseen, shows literally
            self.out.append(markup.text(node.content))
            for child in node.children:
                self._node(child)

    def _formatted(self, tag: str, children: list[SyntaxTreeNode]) -> None:
        if tag in self.open:
            for child in children:
                self._node(child)
            return
        self.out.append(f"<{tag}>")
        self.open.append(tag)
        for child in children:
            self._node(child)
        self.open.pop()
        self.out.append(f"</{tag}>")

    def _code(self, content: str) -> None:
        if self.in_link:
            self.out.append(markup.text(content))
            return
        closes = "".join(f"</{tag}>" for tag in reversed(self.open))
        opens = "".join(f"<{tag}>" for tag in self.open)
        self.out.append(f"{closes}<code>{markup.text(content)}</code>{opens}")

    def _link(self, href: str | None, children: list[SyntaxTreeNode]) -> None:
        if self.in_link or href is None or not markup.is_allowed_link(href):
            for child in children:
                self._node(child)
            return
        self.out.append(f'<a href="{markup.attribute(href)}">')
        self.in_link = True
        before = len(self.out)
        for child in children:
            self._node(child)
        if not plain_text(children).strip():
            del self.out[before:]
            self.out.append(markup.text(href))
        self.in_link = False
        self.out.append("</a>")


def _attr(node: SyntaxTreeNode, name: str) -> str | None:
    value = node.attrs.get(name)
    return None if value is None else str(value)


def plain_text(nodes: list[SyntaxTreeNode]) -> str:
    """The words of inline Markdown without any formatting, for places where tags are not allowed."""
    parts: list[str] = []
    for node in nodes:
        if node.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif node.type in ("text", "code_inline", "text_special", "html_inline"):
            parts.append(node.content)
        else:
            parts.append(plain_text(node.children))
    return "".join(parts)
