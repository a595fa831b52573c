class DomainError(Exception):
    """A command that the domain refuses; the message is safe to show."""


class NaiveTimestamp(DomainError):
    def __init__(self) -> None:
        super().__init__("timestamps must be timezone-aware UTC")


class ConversationArchived(DomainError):
    def __init__(self) -> None:
        super().__init__("this conversation is archived")


class InvalidUsage(DomainError):
    pass


class InvalidSummary(DomainError):
    pass
