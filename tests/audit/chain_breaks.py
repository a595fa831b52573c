"""Where the audit finds one usage ledger's chain broken, for tests that change a stored record."""

from typing import Any

from application.audit.ledgers import Ledger, read_run
from application.audit.model import AuditScope
from tests.domain.usage_strategies import PERIOD, USER


def breaks_in(events: list[Any]) -> list[tuple[int, str]]:
    """The (position, request id) of each record at which the ledger's chain breaks."""
    ledger_id = events[0].originator_id
    run = read_run(events, {ledger_id: Ledger(ledger_id, USER, PERIOD)}, AuditScope())
    trail = run.trails[ledger_id]
    assert trail is not None
    return [(b.position, b.request_id) for b in trail.breaks]
