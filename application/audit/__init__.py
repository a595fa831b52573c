"""The usage audit: every ledger's digest chain verified and its totals compared with the views
(`replay`), the log read in runs as the application decodes its events (`ledgers`), in one process or
several (`parts`), the runs joined into the findings (`joins`)."""

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
