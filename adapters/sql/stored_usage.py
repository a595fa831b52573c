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

from eventsourcing.persistence import DatetimeAsISO, JSONTranscoder, Mapper

from domain.usage import ModelUsage, UsageKind, UsageLedger

STRING_TEXT = rb"[ !#-\[\]-~]*"
INTEGER = rb"(0|-?[1-9][0-9]{0,17})"
ISO_UTC_TEXT = (
    rb"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    rb"(?:\.(?!000000)[0-9]{6})?\+00:00"
)
"""Days past a month's end (30 February) still match: the reader checks the day."""
TIMESTAMP_TYPE = "datetime_iso"


@dataclass(frozen=True)
class UsageLayout:
    pattern: "re.Pattern[bytes]"
    """Groups named after the record's fields, in stored order."""
    timestamps: frozenset[str]
    """The fields stored as tagged timestamps."""
    values: "re.Pattern[str]"
    """The same layout over the state as text, each group the bare value: a string without its quotes
    (nothing in it to unescape), an integer's digits, a timestamp's `isoformat()`."""
    integers: frozenset[str]
    """The fields stored as integers."""


def usage_record_layout(mapper: Mapper[Any]) -> UsageLayout | None:
    """The layout of a UsageRecorded event's stored state; None when the store does not keep plain
    JSON or the layout is not one a pattern can describe."""
    transcoder = mapper.transcoder
    if mapper.cipher or mapper.compressor or not isinstance(transcoder, JSONTranscoder):
        return None
    if type(transcoder.names.get(TIMESTAMP_TYPE)) is not DatetimeAsISO:
        return None  # a timestamp's text is read with datetime.fromisoformat, as DatetimeAsISO does
    sample = _sample_state(mapper)
    try:
        fields = json.loads(sample)
        pattern = re.compile(_layout_source(fields, bare=False))
        values = re.compile(_layout_source(fields, bare=True).decode("ascii"))
    except ValueError:
        return None
    if not pattern.fullmatch(sample) or not values.fullmatch(sample.decode("ascii")):
        return None
    times = frozenset(key for key, value in fields.items() if type(value) is dict)
    integers = frozenset(key for key, value in fields.items() if type(value) is int)
    return UsageLayout(pattern, times, values, integers)


def _layout_source(fields: dict[str, Any], bare: bool) -> bytes:
    return rb"\{" + b",".join(_piece(key, value, bare) for key, value in fields.items()) + rb"\}"


def _piece(key: str, value: Any, bare: bool) -> bytes:
    """The pattern of one field; its group holds the value's JSON text, or with `bare` the value alone."""
    if not re.fullmatch(r"[a-z_]+", key):
        raise ValueError(f"unexpected key {key!r}")
    group = b"(?P<" + key.encode() + b">"
    if type(value) is str:
        shape = b'"' + group + STRING_TEXT + b')"' if bare else group + b'"' + STRING_TEXT + b'")'
    elif type(value) is int:
        shape = INTEGER.replace(b"(", group, 1)
    elif type(value) is dict and value.keys() == {"_type_", "_data_"} and value["_type_"] == TIMESTAMP_TYPE:
        text = b'"' + group + ISO_UTC_TEXT + b')"' if bare else group + b'"' + ISO_UTC_TEXT + b'")'
        shape = rb'\{"_type_":"' + TIMESTAMP_TYPE.encode() + rb'","_data_":' + text + rb"\}"
    else:
        raise ValueError(f"no plain layout for {key!r}")
    return b'"' + key.encode() + b'":' + shape


def _sample_state(mapper: Mapper[Any]) -> bytes:
    at = datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)
    ledger = UsageLedger.open(1, at)
    ledger.record("request", ModelUsage("model", UsageKind.CHAT, 12, 3, 4, 5), 67, at)
    recorded = ledger.collect_events()[-1]
    return bytes(mapper.to_stored_event(recorded).state)
