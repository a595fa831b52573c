"""Rendered HTML cut into messages Telegram accepts: at most `limit` UTF-16 units of visible text each,
every piece valid HTML on its own (tags open at a cut are closed there and opened again after it)."""

import html
import re
from dataclasses import dataclass

from adapters.telegram.markup import without_empty_elements

TELEGRAM_MESSAGE_LIMIT = 4096
TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>|&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);|.", re.DOTALL)
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")
PARAGRAPH, LINE, SPACE = 0, 1, 2


@dataclass(frozen=True)
class Tag:
    raw: str
    name: str
    closing: bool


@dataclass(frozen=True)
class Char:
    raw: str
    shown: str

    @property
    def units(self) -> int:
        return utf16_length(self.shown)


Atom = Tag | Char


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_html(markup: str, limit: int = TELEGRAM_MESSAGE_LIMIT) -> list[str]:
    if limit < 2:
        raise ValueError("limit must be at least 2 (one character may take two UTF-16 units)")
    if utf16_length(markup) <= limit:  # its visible text is no longer than the markup: one message
        return _kept(markup + "".join(f"</{tag.name}>" for tag in reversed(_open_at_end(markup))))
    return split_atoms(markup, limit)


def split_atoms(markup: str, limit: int) -> list[str]:
    """The general case: every character weighed, cuts at paragraphs, lines, spaces, or anywhere."""
    atoms = _atoms(markup)
    stacks = _open_tags_before_each(atoms)
    chunks: list[str] = []
    start = 0
    while start < len(atoms):
        cut_start, cut_end = _next_cut(atoms, start, limit)
        body = "".join(tag.raw for tag in stacks[start])
        body += "".join(atom.raw for atom in atoms[start:cut_start])
        body += "".join(f"</{tag.name}>" for tag in reversed(stacks[cut_start]))
        chunks += _kept(body)
        start = cut_end
    return chunks


def _kept(body: str) -> list[str]:
    """The chunk without empty elements, or nothing when it shows no text."""
    chunk = without_empty_elements(body)
    return [chunk] if html.unescape(re.sub(r"<[^>]*>", "", chunk)).strip() else []


def _open_at_end(markup: str) -> list[Tag]:
    """The tags still open after the markup, found as _atoms finds them (a tag, an entity or a character
    at a time: entities hold no "<", so a scan for tags alone meets the same ones)."""
    atoms: list[Atom] = [_tag(match) for match in TAG.finditer(markup)]
    return list(_open_tags_before_each(atoms)[-1])


def _tag(match: re.Match[str]) -> Tag:
    """A tag matched by TOKEN or TAG (both: group 1 the closing slash, group 2 the name)."""
    return Tag(match.group(0), match.group(2).lower(), match.group(1) == "/")


def _atoms(markup: str) -> list[Atom]:
    atoms: list[Atom] = []
    for token in TOKEN.finditer(markup):
        raw = token.group(0)
        if token.group(2):
            atoms.append(_tag(token))
        else:
            atoms.append(Char(raw, html.unescape(raw) if raw.startswith("&") else raw))
    return atoms


def _open_tags_before_each(atoms: list[Atom]) -> list[tuple[Tag, ...]]:
    stacks: list[tuple[Tag, ...]] = []
    stack: list[Tag] = []
    for atom in atoms:
        stacks.append(tuple(stack))
        if isinstance(atom, Tag):
            if not atom.closing:
                stack.append(atom)
            elif stack and stack[-1].name == atom.name:
                stack.pop()
    stacks.append(tuple(stack))
    return stacks


def _next_cut(atoms: list[Atom], start: int, limit: int) -> tuple[int, int]:
    """Where the chunk from `start` ends, and where the next one begins (whitespace between is dropped)."""
    fitting: list[int] = []  # indexes of the characters that fit, then of the first one that does not
    units = 0
    for index in range(start, len(atoms)):
        atom = atoms[index]
        if isinstance(atom, Char):
            units += atom.units
            fitting.append(index)
            if units > limit:
                break
    else:
        return len(atoms), len(atoms)
    overflow = fitting[-1]
    half = max(1, len(fitting) // 2)
    for kinds, earliest in (
        ((PARAGRAPH,), half),
        ((LINE,), half),
        ((SPACE,), half),
        ((PARAGRAPH, LINE, SPACE), 1),
    ):
        for position in range(len(fitting) - 1, earliest - 1, -1):
            if _break_kind(atoms, fitting, position) in kinds:
                return _whitespace_run(atoms, fitting[position], start)
    return overflow, overflow


def _break_kind(atoms: list[Atom], fitting: list[int], position: int) -> int | None:
    shown = _shown(atoms[fitting[position]])
    if shown == "\n":
        previous = _shown(atoms[fitting[position - 1]]) if position > 0 else ""
        return PARAGRAPH if previous == "\n" else LINE
    return SPACE if shown in (" ", "\t") else None


def _whitespace_run(atoms: list[Atom], index: int, start: int) -> tuple[int, int]:
    """The run of the same kind of whitespace around atoms[index]: newlines, or spaces and tabs."""
    kind = ("\n",) if _shown(atoms[index]) == "\n" else (" ", "\t")
    first = last = index
    for step in range(index - 1, start - 1, -1):
        if isinstance(atoms[step], Char):
            if _shown(atoms[step]) not in kind:
                break
            first = step
    for step in range(index + 1, len(atoms)):
        if isinstance(atoms[step], Char):
            if _shown(atoms[step]) not in kind:
                break
            last = step
    return first, last + 1


def _shown(atom: Atom) -> str:
    return atom.shown if isinstance(atom, Char) else ""
