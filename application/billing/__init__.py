"""What model calls cost: the usage ledger's records, and the budgets checked before each call."""

from application.billing.budgets import BudgetExemptions, GlobalBudget
from application.billing.usage import Recorded, UsageService, UsageSummary

__all__ = ["BudgetExemptions", "GlobalBudget", "Recorded", "UsageService", "UsageSummary"]
