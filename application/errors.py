"""Failures a use case reports to its caller; each names what the user should be told."""

from domain.access import AccessReason
from domain.budget import Exceeded


class ApplicationError(Exception):
    pass


class EmptyMessage(ApplicationError):
    def __init__(self) -> None:
        super().__init__("the message is empty")


class MessageTooLong(ApplicationError):
    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"the message has {length} characters; the limit is {limit}")
        self.length, self.limit = length, limit


class BudgetExceeded(ApplicationError):
    def __init__(self, exceeded: Exceeded, limit: int) -> None:
        super().__init__(f"budget exceeded: {exceeded.value} limit {limit}")
        self.exceeded, self.limit = exceeded, limit


class AccessDenied(ApplicationError):
    def __init__(self, reason: AccessReason) -> None:
        super().__init__(f"access denied: {reason.value}")
        self.reason = reason


class NothingToExport(ApplicationError):
    def __init__(self) -> None:
        super().__init__("the conversation is empty")


class ConcurrencyConflict(ApplicationError):
    """Someone else changed the aggregate since it was read; read it again and retry."""


class StoreUnavailable(ApplicationError):
    """The event store cannot be read or written; nothing was changed."""


class CacheUnavailable(ApplicationError):
    pass
