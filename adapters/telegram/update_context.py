"""The update in hand, known to every log record written while it is handled (contextvars follow the
update's task and the tasks it starts); free of aiogram, so that logging costs no command its import."""

from contextvars import ContextVar

update_in_hand: ContextVar[int | None] = ContextVar("update_in_hand", default=None)
user_in_hand: ContextVar[int | None] = ContextVar("user_in_hand", default=None)


def request_id_of(update_id: int) -> str:
    """The Telegram update is the unit of idempotency: a redelivered update is never charged twice."""
    return f"telegram:{update_id}"


def request_in_hand() -> str | None:
    update_id = update_in_hand.get()
    return None if update_id is None else request_id_of(update_id)
