"""One user's spending in one calendar month (UTC), every record chained to the one before it."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.clock import month_of, require_utc
from domain.copying import CopiesCollectionsOnly
from domain.digest import ChainBreak, ChainedRecord, genesis_digest, record_digest, verify_chain
from domain.errors import InvalidUsage
from domain.ids import usage_ledger_id_of


class UsageKind(StrEnum):
    CHAT = "chat"
    VISION = "vision"
    DOCUMENT = "document"
    IMAGE = "image"
    SUMMARY = "summary"
    TRANSCRIPTION = "transcription"
    SPEECH = "speech"


@dataclass(frozen=True)
class ModelUsage:
    """What one model call consumed, as the provider reported it, or as the bot estimated it
    (`estimated`) where the provider reported nothing: a stream cut short, a reply without usage."""

    model: str
    kind: UsageKind = UsageKind.CHAT
    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    images: int = 0
    estimated: bool = False
    audio_tokens: int = 0
    """Of `input_tokens`, those the provider billed as audio (a transcription's sound)."""
    audio_seconds: int = 0
    """The length of the audio a model billed by duration was given (whisper-1), rounded up."""
    web_searches: int = 0
    """The web search tool calls the model made for the reply, each billed apart from its tokens."""
    characters: int = 0
    """The characters of text a speech model was given to speak (tts-1 bills them)."""

    def __post_init__(self) -> None:
        counts = (
            self.input_tokens,
            self.output_tokens,
            self.cached_tokens,
            self.images,
            self.audio_tokens,
            self.audio_seconds,
            self.web_searches,
            self.characters,
        )
        if any(not isinstance(n, int) or n < 0 for n in counts):
            raise InvalidUsage("token, image, audio and search counts must be non-negative integers")
        if self.cached_tokens + self.audio_tokens > self.input_tokens:
            raise InvalidUsage("cached and audio tokens cannot exceed input tokens")
        if not isinstance(self.estimated, bool):
            raise InvalidUsage("whether usage is estimated must be a boolean")

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens


@dataclass(frozen=True)
class UsageRecord:
    request_id: str
    usage: ModelUsage
    cost_micros: int
    at: datetime
    prev_digest: str
    digest: str


@dataclass(frozen=True)
class Totals:
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    images: int = 0
    cost_micros: int = 0
    estimated_requests: int = 0
    """Of `requests`, those the bot estimated; their cost is `estimated_cost_micros` of `cost_micros`."""
    estimated_cost_micros: int = 0

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    def plus(self, other: "Totals") -> "Totals":
        return Totals(
            self.requests + other.requests,
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.cached_tokens + other.cached_tokens,
            self.images + other.images,
            self.cost_micros + other.cost_micros,
            self.estimated_requests + other.estimated_requests,
            self.estimated_cost_micros + other.estimated_cost_micros,
        )

    def add(self, record: UsageRecord) -> "Totals":
        u = record.usage
        estimated = int(u.estimated)
        return Totals(
            self.requests + 1,
            self.input_tokens + u.input_tokens,
            self.output_tokens + u.output_tokens,
            self.cached_tokens + u.cached_tokens,
            self.images + u.images,
            self.cost_micros + record.cost_micros,
            self.estimated_requests + estimated,
            self.estimated_cost_micros + estimated * record.cost_micros,
        )


NO_USAGE = Totals()


class UsageLedger(CopiesCollectionsOnly, Aggregate):
    @staticmethod
    def create_id(user_id: int, period: str) -> UUID:
        return usage_ledger_id_of(user_id, period)

    @classmethod
    def open(cls, user_id: int, at: datetime) -> "UsageLedger":
        return cls(user_id=user_id, period=month_of(at))

    @event("Opened")
    def __init__(self, user_id: int, period: str) -> None:
        self.user_id = user_id
        self.period = period
        self.records: list[UsageRecord] = []
        self.request_ids: set[str] = set()
        self.daily: dict[date, Totals] = {}
        """Each UTC day's totals, kept as records are added: a budget check reads them on every message."""

    @property
    def head_digest(self) -> str:
        return self.records[-1].digest if self.records else genesis_digest(self.user_id, self.period)

    def has_recorded(self, request_id: str) -> bool:
        return request_id in self.request_ids

    def record(self, request_id: str, usage: ModelUsage, cost_micros: int, at: datetime) -> bool:
        """Record one model call; False when this request_id was already recorded."""
        if not request_id:
            raise InvalidUsage("a usage record needs a request id")
        if not isinstance(cost_micros, int) or cost_micros < 0:
            raise InvalidUsage("cost must be a non-negative number of micro-dollars")
        at = require_utc(at)
        if month_of(at) != self.period:
            raise InvalidUsage(f"usage at {at.isoformat()} does not belong to {self.period}")
        if self.has_recorded(request_id):
            return False
        prev = self.head_digest
        fields = usage_fields(request_id, usage, cost_micros, at)
        u = usage
        self._usage_recorded(
            request_id,
            u.kind.value,
            u.model,
            u.input_tokens,
            u.output_tokens,
            u.cached_tokens,
            u.images,
            cost_micros,
            at,
            prev,
            record_digest(fields, prev),
            u.estimated,
            u.audio_tokens,
            u.audio_seconds,
            u.web_searches,
            u.characters,
        )
        return True

    @event("UsageRecorded")
    def _usage_recorded(
        self,
        request_id: str,
        kind: str,
        model: str,
        input_tokens: int,
        output_tokens: int,
        cached_tokens: int,
        images: int,
        cost_micros: int,
        at: datetime,
        prev_digest: str,
        digest: str,
        estimated: bool = False,  # absent from the records stored before usage could be estimated
        audio_tokens: int = 0,  # absent from the records stored before audio was transcribed
        audio_seconds: int = 0,
        web_searches: int = 0,  # absent from the records stored before the bot could search the web
        characters: int = 0,  # absent from the records stored before replies were spoken
    ) -> None:
        usage = ModelUsage(
            model,
            UsageKind(kind),
            input_tokens,
            output_tokens,
            cached_tokens,
            images,
            estimated,
            audio_tokens,
            audio_seconds,
            web_searches,
            characters,
        )
        record = UsageRecord(request_id, usage, cost_micros, at, prev_digest, digest)
        self.records.append(record)
        self.request_ids.add(request_id)
        day = at.astimezone(UTC).date()
        self.daily[day] = self.daily.get(day, NO_USAGE).add(record)

    def verify(self) -> list[ChainBreak]:
        chained = (
            ChainedRecord(usage_fields(r.request_id, r.usage, r.cost_micros, r.at), r.prev_digest, r.digest)
            for r in self.records
        )
        return verify_chain(self.user_id, self.period, chained)

    def totals_from(self, day: date | None = None) -> Totals:
        """The totals of the records made on `day` (UTC) or later; of every record without it. The same
        as `totals(since=midnight UTC of day)`, from the daily totals rather than every record."""
        total = NO_USAGE
        for recorded_on, day_totals in self.daily.items():
            if day is None or recorded_on >= day:
                total = total.plus(day_totals)
        return total

    def totals(self, since: datetime | None = None, until: datetime | None = None) -> Totals:
        totals = Totals()
        for record in self.records:
            if since is not None and record.at < since:
                continue
            if until is not None and record.at >= until:
                continue
            totals = totals.add(record)
        return totals


def usage_fields(request_id: str, usage: ModelUsage, cost_micros: int, at: datetime) -> dict[str, object]:
    """The fields a record's digest covers. `estimated` is among them only when true, and the audio
    and web search counts only when not zero: a record without them digests exactly as every record
    stored before estimates were marked, audio was transcribed and the web was searched."""
    fields: dict[str, object] = {
        "request_id": request_id,
        "kind": usage.kind.value,
        "model": usage.model,
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "cached_tokens": usage.cached_tokens,
        "images": usage.images,
        "cost_micros": cost_micros,
        "at": at,
    }
    if usage.estimated:
        fields[ESTIMATED] = True
    for name in COUNTED_IF_ANY:
        if count := getattr(usage, name):
            fields[name] = count
    return fields


ESTIMATED = "estimated"
"""The stored field that marks a record as the bot's estimate; digested only when true."""
AUDIO_FIELDS = ("audio_tokens", "audio_seconds")
"""The stored audio counts of a record; digested only when not zero."""
WEB_SEARCHES = "web_searches"
"""The stored count of a record's web search calls; digested only when not zero."""
CHARACTERS = "characters"
"""The stored count of the characters a record's speech model was given; digested only when not zero."""
COUNTED_IF_ANY = (*AUDIO_FIELDS, WEB_SEARCHES, CHARACTERS)
"""The stored counts a record's digest covers only when they are not zero."""
