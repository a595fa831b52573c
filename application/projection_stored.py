"""Usage records projected straight from their stored bytes, where the log hands out their layout.

A rebuild projects every event of the log, and most of them are usage records. The log's pattern
(see `StoredUsageLog.usage_record_pattern`) names each field's JSON text as stored, so a record the
pattern matches is projected from those texts without building its decoded state: the counts are
its integers, the time its `isoformat()` text read back, the kind and model its strings unquoted (the
pattern admits no escapes and no NUL). Every other event, and any record the pattern does not match
or whose stream's owner is unknown here, goes through `project_one` as usual, in position order, so
the result is what `project_plain` gives for the same events.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from operator import itemgetter
from typing import Any
from uuid import UUID

from application.projection import project_one
from application.projection_model import LoggedEvent, PlainSums, StoredRow, StreamOwner, ViewChanges
from application.projection_sums import BatchSums
from application.projection_topics import USAGE_RECORDED

READ = ("at", "kind", "model", "input_tokens", "output_tokens", "cached_tokens", "images", "cost_micros")
DOCUMENT_TEXT = b'"document"'
"""UsageKind.DOCUMENT's JSON text."""

Decode = Callable[[bytes], Mapping[str, Any]]


class StoredUsageProjector:
    """Projects stored rows, usage records by their byte layout."""

    def __init__(self, pattern: "re.Pattern[bytes]", decode: Decode) -> None:
        self.match, self.decode = pattern.fullmatch, decode
        self.fields = itemgetter(*(pattern.groupindex[name] for name in READ))

    @staticmethod
    def usable(pattern: "re.Pattern[bytes] | None") -> bool:
        """A record that named its user would count for that user, not the ledger's owner: such a
        layout is projected the ordinary way."""
        if pattern is None:
            return False
        names = pattern.groupindex.keys()
        return set(READ) <= names and "user_id" not in names

    def project(
        self,
        rows: Iterable[StoredRow],
        known: Mapping[UUID, StreamOwner],
        store_content: bool,
        after: int,
    ) -> tuple[ViewChanges, PlainSums, int]:
        """`project_plain` of these rows' events, and how many there were."""
        changes = ViewChanges(after=after, position=after)
        sums = BatchSums()
        match, fields, decode, owners = self.match, self.fields, self.decode, changes.owners
        fromisoformat = datetime.fromisoformat
        count = 0
        for row in rows:
            count += 1
            position, stream_id, _, topic, state = row
            found = match(state) if topic == USAGE_RECORDED else None
            owner = (known.get(stream_id) or owners.get(stream_id)) if found is not None else None
            if found is None or owner is None:
                project_one(LoggedEvent(*row[:4], decode(state)), known, changes, sums, store_content)
                continue
            at_text, kind, model, input_tokens, output_tokens, cached, images, cost = fields(found)
            at = fromisoformat(at_text[1:-1].decode())
            document = 1 if kind == DOCUMENT_TEXT else 0
            counts = (  # UsageCounts' fields in order, as the decoded projection makes them
                1,
                int(input_tokens),
                int(output_tokens),
                int(cached),
                int(images),
                document,
                int(cost),
                0,
            )
            user_id = owner.user_id
            sums.add(user_id, at, counts)
            sums.add_model(model[1:-1].decode(), counts)
            sums.note(position, user_id, "usage:" + kind[1:-1].decode(), at)
        changes.position = position if count else after
        changes.timeline = sums.timeline
        return changes, sums.plain(), count
