"""Cheap copies of aggregates whose collections hold only immutable items.

The event store hands out a copy of a cached aggregate, so that a change that is never saved cannot
leak into the cache. A conversation's turns and a ledger's records are frozen, so a copy needs new
lists and sets, not new items: copying stays proportional to the number of items, with a small constant,
instead of rebuilding every item.
"""

from typing import Any, Self


class CopiesCollectionsOnly:
    """Deep copy = a new instance with the same attribute values, each list, set and dict copied."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        copied = object.__new__(type(self))
        for name, value in vars(self).items():
            if isinstance(value, list | set | dict):
                value = type(value)(value)
            copied.__dict__[name] = value
        memo[id(self)] = copied
        return copied
