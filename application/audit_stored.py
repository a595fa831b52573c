"""The audit pass over stored usage records read without a JSON decoder, where the log can do that.

A log that knows the byte layout of its usage records hands out a pattern whose named groups are each
field's JSON text exactly as `json.dumps` writes the decoded value (a timestamp as its `isoformat()`).
The digest payload of `domain.digest.record_digest` is then those texts put together in sorted-key
order, so a ledger's chain is checked and summed straight from the stored bytes. A ledger with any
record the pattern does not match, or whose chain does not hold this way, is decoded in full and goes
through the ordinary pass, which names every break; so the report is the same either way.
"""

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any, Protocol, runtime_checkable

from application.audit_digest import DIGESTED_FIELDS, FAST_LAYOUT
from application.audit_ledgers import DOCUMENTS, REQUESTS, TALLIED, Advance, AuditPart, Counter, replay_ledger
from application.audit_model import AuditScope
from application.projection_model import LoggedEvent, StoredRow
from application.projection_topics import LEDGER_OPENED, USAGE_LEDGER_TOPICS, USAGE_RECORDED
from domain.digest import genesis_digest

PAYLOAD = (
    b'[%b,{"at":%b,"cached_tokens":%b,"cost_micros":%b,"images":%b,"input_tokens":%b,'
    b'"kind":%b,"model":%b,"output_tokens":%b,"request_id":%b}]'
)
"""`record_digest`'s JSON text, prev_digest first, then the fields in sorted order."""
PAYLOAD_FIELDS = ("prev_digest", *sorted(DIGESTED_FIELDS))
COUNTED = ("input_tokens", "output_tokens", "cached_tokens", "images", "cost_micros")
"""Must be TALLIED's leading counters, in order."""
DOCUMENT_TEXT = b'"document"'


class Decode(Protocol):
    def __call__(self, state: bytes) -> Mapping[str, Any]: ...


@runtime_checkable
class StoredUsageLog(Protocol):
    """An event log that hands out states as stored, with the layout of its usage records."""

    def stored_streams(self, topics: tuple[str, ...], part: int = 0, parts: int = 1) -> Iterator[StoredRow]:
        """`EventLog.streams`, states not decoded."""
        ...

    def decode(self, state: bytes) -> Mapping[str, Any]: ...

    def usage_record_pattern(self) -> "re.Pattern[bytes] | None":
        """Groups named after the record's fields, each its value's JSON text; None when there is none."""
        ...


class StoredLedgers:
    """Verifies and sums the usage ledgers in stored rows (ordered by stream, then version)."""

    def __init__(self, pattern: "re.Pattern[bytes]", decode: Decode) -> None:
        self.match, self.decode = pattern.fullmatch, decode
        index = pattern.groupindex
        self.payload = itemgetter(*(index[name] for name in PAYLOAD_FIELDS))
        self.prev, self.digest, self.at = index["prev_digest"], index["digest"], index["at"]
        self.counted = itemgetter(*(index[name] for name in COUNTED))
        self.kind = index["kind"]
        self.days: dict[bytes, date | None] = {}

    @staticmethod
    def usable(pattern: "re.Pattern[bytes] | None") -> bool:
        needed = {*PAYLOAD_FIELDS, "digest"}
        return pattern is not None and FAST_LAYOUT and needed <= pattern.groupindex.keys()

    def replay(
        self,
        rows: Iterable[StoredRow],
        scope: AuditScope,
        views_position: int,
        advance: Advance | None = None,
    ) -> AuditPart:
        part = AuditPart()
        counted = Counter(advance)
        for _, stream in groupby(counted.through(rows), _stream_of):
            self._ledger(list(stream), scope, views_position, part)
        counted.flush()
        part.events_read = counted.total
        return part

    def _ledger(self, rows: list[StoredRow], scope: AuditScope, views_position: int, part: AuditPart) -> None:
        _, _, _, topic, state = rows[0]
        if topic == LEDGER_OPENED:
            opened = self.decode(state)
            user_id, period = int(opened["user_id"]), str(opened["period"])
            if not (scope.covers_user(user_id) and scope.covers_period(period)):
                return
            if self._quickly(rows, user_id, period, scope, views_position, part):
                return
        replay_ledger(iter([self._decoded(row) for row in rows]), scope, views_position, part)

    def _quickly(
        self,
        rows: list[StoredRow],
        user_id: int,
        period: str,
        scope: AuditScope,
        views_position: int,
        part: AuditPart,
    ) -> bool:
        """Whether the ledger was verified whole and summed here; False leaves `part` untouched."""
        match, payload, prev, digest = self.match, self.payload, self.prev, self.digest
        expected = b'"%s"' % genesis_digest(user_id, period).encode()
        records = []
        for _, _, _, topic, state in rows[1:]:
            found = match(state) if topic == USAGE_RECORDED else None
            if found is None or found[prev] != expected:
                return False
            expected = found[digest]
            if b'"%s"' % hashlib.sha256(PAYLOAD % payload(found)).hexdigest().encode() != expected:
                return False
            records.append(found)
        sums: dict[date, list[int]] = {}
        not_yet_projected = 0
        for (position, *_), found in zip(rows[1:], records, strict=True):
            if position > views_position:
                not_yet_projected += 1
                continue
            day = self._day(found[self.at])
            if day is None:
                return False
            if scope.covers_day(day):
                day_sums = sums.get(day)
                if day_sums is None:
                    day_sums = sums[day] = [0] * len(TALLIED)
                for index, text in enumerate(self.counted(found)):
                    day_sums[index] += int(text)
                day_sums[REQUESTS] += 1
                if found[self.kind] == DOCUMENT_TEXT:
                    day_sums[DOCUMENTS] += 1
        part.ledgers += 1
        part.records += len(records)
        part.not_yet_projected += not_yet_projected
        tally = part.tally
        for day, day_sums in sums.items():
            into = tally.get((user_id, day))
            if into is None:
                tally[(user_id, day)] = day_sums
            else:
                for index, value in enumerate(day_sums):
                    into[index] += value
        return True

    def _day(self, at: bytes) -> date | None:
        """The UTC day of a timestamp's text (`"YYYY-MM-DDT...+00:00"`); None for a day no month has."""
        text = at[1:11]
        if text not in self.days:
            try:
                self.days[text] = date.fromisoformat(text.decode())
            except ValueError:
                self.days[text] = None
        return self.days[text]

    def _decoded(self, row: StoredRow) -> LoggedEvent:
        position, stream_id, version, topic, state = row
        return LoggedEvent(position, stream_id, version, topic, self.decode(state))


def _stream_of(row: StoredRow) -> Any:
    return row[1]


def verified_stored(
    log: StoredUsageLog,
    scope: AuditScope,
    views_position: int,
    part: int = 0,
    parts: int = 1,
    advance: Advance | None = None,
) -> AuditPart | None:
    """The audit part of these streams read as stored; None when the log's layout does not allow it."""
    pattern = log.usage_record_pattern()
    if pattern is None or not StoredLedgers.usable(pattern):
        return None
    ledgers = StoredLedgers(pattern, log.decode)
    return ledgers.replay(
        log.stored_streams(USAGE_LEDGER_TOPICS, part, parts), scope, views_position, advance
    )
