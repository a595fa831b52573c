"""The byte layout of a stored usage record, as a pattern that reads its fields without a JSON decoder.

The pattern is made from a record encoded by the store's own mapper, so it follows the stored field
order. It matches only the plainest spelling of each value: strings of printable ASCII without quotes
or backslashes, integers without leading zeros, UTC timestamps exactly as `isoformat()` writes them.
So a match leaves nothing to interpret: each group is the JSON text `json.dumps` writes for the value
a JSON decoder would give (a timestamp's group is its `isoformat()` in quotes), and every key occurs
once. Anything else (escapes, other types, a field more or less, a cipher or compressor) does not
match and is decoded the ordinary way.
"""

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Mapper

from domain.usage import ModelUsage, UsageKind, UsageLedger

STRING = rb'("[ !#-\[\]-~]*")'
INTEGER = rb"(0|-?[1-9][0-9]{0,17})"
ISO_UTC = (
    rb'("[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]'
    rb'(?:\.(?!000000)[0-9]{6})?\+00:00")'
)
"""Days past a month's end (30 February) still match: the reader checks the day."""
TIMESTAMP_TYPE = "datetime_iso"


@dataclass(frozen=True)
class UsageLayout:
    pattern: "re.Pattern[bytes]"
    """Groups named after the record's fields, in stored order."""
    timestamps: frozenset[str]
    """The fields stored as tagged timestamps."""


def usage_record_layout(mapper: Mapper[Any]) -> UsageLayout | None:
    """The layout of a UsageRecorded event's stored state; None when the store does not keep plain
    JSON or the layout is not one a pattern can describe."""
    transcoder = mapper.transcoder
    if mapper.cipher or mapper.compressor or not isinstance(transcoder, JSONTranscoder):
        return None
    timestamps = transcoder.names.get(TIMESTAMP_TYPE)
    if timestamps is None or timestamps.type is not datetime:
        return None
    sample = _sample_state(mapper)
    try:
        fields = json.loads(sample)
        pieces = [_piece(key, value) for key, value in fields.items()]
    except ValueError:
        return None
    pattern = re.compile(rb"\{" + b",".join(pieces) + rb"\}")
    if not pattern.fullmatch(sample):
        return None
    return UsageLayout(pattern, frozenset(key for key, value in fields.items() if type(value) is dict))


def _piece(key: str, value: Any) -> bytes:
    name = key.encode()
    if not re.fullmatch(r"[a-z_]+", key):
        raise ValueError(f"unexpected key {key!r}")
    if type(value) is str:
        shape = STRING
    elif type(value) is int:
        shape = INTEGER
    elif type(value) is dict and value.keys() == {"_type_", "_data_"} and value["_type_"] == TIMESTAMP_TYPE:
        shape = rb'\{"_type_":"' + TIMESTAMP_TYPE.encode() + rb'","_data_":' + ISO_UTC + rb"\}"
    else:
        raise ValueError(f"no plain layout for {key!r}")
    return b'"' + name + b'":' + shape.replace(b"(", b"(?P<" + name + b">", 1)


def _sample_state(mapper: Mapper[Any]) -> bytes:
    at = datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)
    ledger = UsageLedger.open(1, at)
    ledger.record("request", ModelUsage("model", UsageKind.CHAT, 12, 3, 4, 5), 67, at)
    recorded = ledger.collect_events()[-1]
    return bytes(mapper.to_stored_event(recorded).state)
