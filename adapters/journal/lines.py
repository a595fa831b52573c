"""One journal entry per line: JSON, ended by a newline; a line without its newline was torn by a crash."""

import json
from dataclasses import dataclass, fields
from datetime import datetime

from application.spend_entries import SpendEntry
from domain.errors import DomainError
from domain.usage import ModelUsage, UsageKind

VERSION = 1
USAGE_FIELDS = tuple(f.name for f in fields(ModelUsage))


class UnreadableLine(ValueError):
    pass


@dataclass(frozen=True)
class Parsed:
    entries: tuple[SpendEntry, ...]
    torn: int
    """Lines cut short by a process killed while it wrote them (at most the last one of a file)."""
    unreadable: int


def encode(entry: SpendEntry) -> bytes:
    usage = {name: getattr(entry.usage, name) for name in USAGE_FIELDS}
    usage["kind"] = entry.usage.kind.value
    body = {
        "v": VERSION,
        "user_id": entry.user_id,
        "request_id": entry.request_id,
        "usage": usage,
        "cost_micros": entry.cost_micros,
        "at": entry.at.isoformat(),
        "chat_id": entry.chat_id,
        "reply": entry.reply,
    }
    return (json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def decode(line: bytes) -> SpendEntry:
    try:
        body = json.loads(line)
        if body["v"] != VERSION:
            raise UnreadableLine(f"version {body['v']} is not {VERSION}")
        raw = body["usage"]
        counts = {name: raw[name] for name in USAGE_FIELDS if name in raw}
        usage = ModelUsage(**(counts | {"kind": UsageKind(raw["kind"])}))
        at = datetime.fromisoformat(body["at"])
        if at.tzinfo is None:
            raise UnreadableLine("the entry's time has no timezone")
        return SpendEntry(
            int(body["user_id"]),
            str(body["request_id"]),
            usage,
            int(body["cost_micros"]),
            at,
            body["chat_id"],
            body["reply"],
        )
    except UnreadableLine:
        raise
    except (ValueError, KeyError, TypeError, DomainError) as error:
        raise UnreadableLine(type(error).__name__) from error


def parse(data: bytes) -> Parsed:
    *complete, rest = data.split(b"\n")
    entries, unreadable = [], 0
    for line in complete:
        if not line.strip():
            continue
        try:
            entries.append(decode(line))
        except UnreadableLine:
            unreadable += 1
    return Parsed(tuple(entries), 1 if rest.strip() else 0, unreadable)
