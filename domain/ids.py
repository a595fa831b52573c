"""Deterministic aggregate ids, so a user's or chat's streams are found without an index."""

from uuid import UUID, uuid5

_NAMESPACE = UUID("6f1c7f3e-5a3b-4c8e-9d55-0b6f2f4e8a21")


def chat_id_of(chat_id: int) -> UUID:
    return uuid5(_NAMESPACE, f"chat:{chat_id}")


def access_ledger_id_of(user_id: int) -> UUID:
    return uuid5(_NAMESPACE, f"access:{user_id}")


def usage_ledger_id_of(user_id: int, period: str) -> UUID:
    return uuid5(_NAMESPACE, f"usage:{user_id}:{period}")
