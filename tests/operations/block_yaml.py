"""A reader for the block YAML that compose.yaml is written in (the test environment has no YAML
library): nested mappings, lists of scalars, flow lists written as JSON, quoted and plain scalars,
comments. Anything else (anchors, block scalars, flow mappings, lists of mappings, tabs) is refused
rather than guessed at, so compose.yaml stays inside what this reads correctly."""

import json
import re
from typing import Any

PLAIN_INT = re.compile(r"[-+]?[0-9]+")
PLAIN_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
REFUSED_STARTS = ("&", "*", "|", ">", "{", "?", "!", "%", "@", "`")


class UnreadableYaml(ValueError):
    pass


def load(text: str) -> Any:
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if _content(line).strip()]
    value, rest = _block(lines)
    if rest:
        raise UnreadableYaml(f"line {rest[0][0]}: unexpected indentation")
    return value


def _content(line: str) -> str:
    if "\t" in line:
        raise UnreadableYaml("tabs are not read")
    quote = None
    for i, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'" and (i == 0 or line[i - 1] in " [,:-"):
            quote = char
        elif char == "#" and (i == 0 or line[i - 1] == " "):
            return line[:i].rstrip()
    return line.rstrip()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block(lines: list[tuple[int, str]]) -> tuple[Any, list[tuple[int, str]]]:
    first = _content(lines[0][1])
    if first.strip().startswith("- ") or first.strip() == "-":
        return _sequence(lines, _indent(first))
    return _mapping(lines, _indent(first))


def _sequence(lines: list[tuple[int, str]], indent: int) -> tuple[list[Any], list[tuple[int, str]]]:
    items: list[Any] = []
    while (
        lines and _indent(_content(lines[0][1])) == indent and _content(lines[0][1]).strip().startswith("-")
    ):
        number, line = lines.pop(0)
        item = _content(line).strip()[1:].strip()
        if not item or re.match(r"[^\"'\[]*:( |$)", item):
            raise UnreadableYaml(f"line {number}: only lists of scalars are read")
        items.append(_scalar(item, number))
    return items, lines


def _mapping(lines: list[tuple[int, str]], indent: int) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    mapping: dict[str, Any] = {}
    while lines and _indent(_content(lines[0][1])) == indent:
        number, line = lines.pop(0)
        key, sep, rest = _content(line).strip().partition(":")
        if not sep or (rest and not rest.startswith(" ")) or not re.fullmatch(r"[A-Za-z0-9_.-]+", key):
            raise UnreadableYaml(f"line {number}: expected `key: value`")
        if key in mapping:
            raise UnreadableYaml(f"line {number}: {key} given twice")
        if rest.strip():
            mapping[key] = _scalar(rest.strip(), number)
        elif lines and _indent(_content(lines[0][1])) > indent:
            mapping[key], lines = _block(lines)
        else:
            mapping[key] = None
    if lines and _indent(_content(lines[0][1])) > indent:
        raise UnreadableYaml(f"line {lines[0][0]}: unexpected indentation")
    return mapping, lines


def _scalar(text: str, number: int) -> Any:
    if text.startswith(REFUSED_STARTS):
        raise UnreadableYaml(f"line {number}: {text[0]} is not read")
    if text.startswith(('"', "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise UnreadableYaml(f"line {number}: expected a JSON string or list") from None
    if text.startswith("'"):
        if not text.endswith("'") or len(text) < 2:
            raise UnreadableYaml(f"line {number}: unclosed quote")
        return text[1:-1].replace("''", "'")
    if text in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return text.lower() == "true"
    if text in ("null", "Null", "NULL", "~"):
        return None
    if PLAIN_INT.fullmatch(text):
        return int(text)
    if PLAIN_FLOAT.fullmatch(text):
        return float(text)
    if ": " in text or text.endswith(":"):
        raise UnreadableYaml(f"line {number}: a mapping inside a value is not read")
    return text
