"""The runs of one audit joined in log order into its findings: each ledger's trails put end to end,
the first record of each trail checked against the last one before it (the one check a run cannot
make itself), the breaks' positions counted from the ledger's first record."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from uuid import UUID

from application.audit.ledgers import UNKNOWN_DIGEST, Ledger, Run, Tally, Trail, add_to
from application.audit.model import LedgerBreak
from domain.digest import ChainBreak, ChainedRecord, genesis_digest, link_break


@dataclass
class Findings:
    events_read: int = 0
    ledgers: int = 0
    records: int = 0
    breaks: list[LedgerBreak] = field(default_factory=list)
    """In ledger id order, each ledger's in the order of its records."""
    tally: Tally = field(default_factory=dict)
    read_up_to: dict[UUID, int] = field(default_factory=dict)
    """The last version read of each ledger: which of its records were summed."""


@dataclass(slots=True)
class Chain:
    """One ledger's trails joined so far."""

    ledger: Ledger | None
    expected: str | None
    """The digest the next record must name as the one before it."""
    opened: bool = False
    events: int = 0
    records: int = 0
    first: ChainedRecord | None = None
    last_version: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)

    def extend(self, trail: Trail) -> None:
        self.events += trail.events
        if self.ledger is None:
            self.first = self.first or trail.first
            return
        expected = None if self.expected == UNKNOWN_DIGEST else self.expected
        linked = link_break(self.records, trail.first, expected) if trail.first and expected else None
        if linked is not None:
            self.breaks.append(linked)
        self.breaks += [
            ChainBreak(found.position + self.records, found.request_id, found.problem)
            for found in trail.breaks
        ]
        self.opened = self.opened or trail.opened
        self.records += trail.records
        if trail.records:
            self.expected, self.last_version = trail.last_digest, trail.last_version


def join_runs(runs: Iterable[Run], tally: Tally, reports_unopened: Callable[[UUID], bool]) -> Findings:
    """The runs' findings joined (runs in log order), their sums added to `tally`; a ledger without an
    opening event is reported when `reports_unopened` says it is in the audit's scope."""
    chains: dict[UUID, Chain] = {}
    findings = Findings(tally=tally)
    for run in runs:
        for ledger_id, trail in run.trails.items():
            if trail is None:
                continue
            chain = chains.get(ledger_id)
            if chain is None:
                chain = chains[ledger_id] = Chain(trail.ledger, _genesis(trail.ledger))
            chain.extend(trail)
        for key, values in run.tally.items():
            add_to(findings.tally, key, values)
    for ledger_id in sorted(chains):
        _add(findings, ledger_id, chains[ledger_id], reports_unopened)
    return findings


def _genesis(ledger: Ledger | None) -> str | None:
    return None if ledger is None else genesis_digest(ledger.user_id, ledger.period)


def _add(findings: Findings, ledger_id: UUID, chain: Chain, reports_unopened: Callable[[UUID], bool]) -> None:
    ledger = chain.ledger
    if ledger is None:
        if reports_unopened(ledger_id):
            findings.events_read += chain.events
            findings.breaks.append(no_opening(ledger_id, chain.first))
        return
    findings.events_read += chain.events
    findings.ledgers += int(chain.opened)
    findings.records += chain.records
    if chain.records:
        findings.read_up_to[ledger_id] = chain.last_version
    findings.breaks += [
        LedgerBreak(ledger.user_id, ledger.period, found.position, found.request_id, found.problem)
        for found in chain.breaks
    ]


def no_opening(ledger_id: UUID, first: ChainedRecord | None) -> LedgerBreak:
    request_id = first.request_id if first is not None else "?"
    return LedgerBreak(None, "?", 0, request_id, f"ledger {ledger_id} has no opening event")
