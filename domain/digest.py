"""The hash chain over usage records: each digest covers the record and the digest before it."""

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime


def genesis_digest(user_id: int, period: str) -> str:
    return hashlib.sha256(f"gptbot-usage-ledger:{user_id}:{period}".encode()).hexdigest()


def _canonical(value: object) -> object:
    """A timestamp as its ISO text; json asks for nothing else it can write itself."""
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# One encoder for every digest: `json.dumps` with options builds a new one on each call.
_payload = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=_canonical).encode


def record_digest(fields: Mapping[str, object], prev_digest: str) -> str:
    """SHA-256 of `[prev_digest, fields]` as JSON with sorted keys, timestamps in ISO form."""
    return hashlib.sha256(
        _payload([prev_digest, fields if isinstance(fields, dict) else dict(fields)]).encode()
    ).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    position: int
    request_id: str
    problem: str


@dataclass(frozen=True, slots=True)
class ChainedRecord:
    """A record as the chain holds it."""

    fields: Mapping[str, object]
    prev_digest: str
    digest: str

    @property
    def request_id(self) -> str:
        return str(self.fields.get("request_id", "?"))


NOT_FOLLOWING = "does not follow the record before it"
NOT_MATCHING = "content does not match its digest"


def link_break(position: int, record: ChainedRecord, expected_prev: str) -> ChainBreak | None:
    """The break where a record does not name the digest of the record before it, if it does not."""
    return (
        None
        if record.prev_digest == expected_prev
        else ChainBreak(position, record.request_id, NOT_FOLLOWING)
    )


def record_breaks(position: int, record: ChainedRecord, expected_prev: str | None) -> Sequence[ChainBreak]:
    """How the record at `position` breaks the chain: it does not follow `expected_prev` (the digest of
    the record before it; None when that is checked elsewhere), or its content is not what was chained."""
    intact = record_digest(record.fields, record.prev_digest) == record.digest
    linked = expected_prev is None or record.prev_digest == expected_prev
    if intact and linked:
        return ()  # every record of an untouched ledger: nothing to make
    breaks = [] if linked else [ChainBreak(position, record.request_id, NOT_FOLLOWING)]
    if not intact:
        breaks.append(ChainBreak(position, record.request_id, NOT_MATCHING))
    return breaks


def verify_chain(user_id: int, period: str, records: Iterable[ChainedRecord]) -> list[ChainBreak]:
    """Every place where the stored chain disagrees with a recomputation of it."""
    breaks: list[ChainBreak] = []
    expected_prev = genesis_digest(user_id, period)
    for position, record in enumerate(records):
        breaks += record_breaks(position, record, expected_prev)
        expected_prev = record.digest
    return breaks
