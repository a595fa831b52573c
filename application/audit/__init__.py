"""The usage audit: every ledger's digest chain verified and its totals compared with the views
(`replay`), over the ledgers' events as the application decodes them (`ledgers`), in one process or
several (`parts`)."""

from application.audit.model import (
    USAGE_FIELDS,
    AuditProgress,
    AuditReport,
    AuditScope,
    LedgerBreak,
    TotalsMismatch,
)
from application.audit.replay import UsageAudit

__all__ = [
    "USAGE_FIELDS",
    "AuditProgress",
    "AuditReport",
    "AuditScope",
    "LedgerBreak",
    "TotalsMismatch",
    "UsageAudit",
]
