"""The hash chain over usage records: each digest covers the record and the digest before it."""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime


def genesis_digest(user_id: int, period: str) -> str:
    return hashlib.sha256(f"gptbot-usage-ledger:{user_id}:{period}".encode()).hexdigest()


def record_digest(fields: Mapping[str, object], prev_digest: str) -> str:
    canonical = {k: _canonical(v) for k, v in fields.items()}
    payload = json.dumps([prev_digest, canonical], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def _canonical(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class ChainBreak:
    position: int
    request_id: str
    problem: str


@dataclass(frozen=True)
class ChainedRecord:
    fields: Mapping[str, object]
    prev_digest: str
    digest: str


def verify_chain(user_id: int, period: str, records: Iterable[ChainedRecord]) -> list[ChainBreak]:
    """Every place where the stored chain disagrees with a recomputation of it."""
    breaks: list[ChainBreak] = []
    expected_prev = genesis_digest(user_id, period)
    for position, record in enumerate(records):
        request_id = str(record.fields.get("request_id", "?"))
        if record.prev_digest != expected_prev:
            breaks.append(ChainBreak(position, request_id, "does not follow the record before it"))
        if record_digest(record.fields, record.prev_digest) != record.digest:
            breaks.append(ChainBreak(position, request_id, "content does not match its digest"))
        expected_prev = record.digest
    return breaks
