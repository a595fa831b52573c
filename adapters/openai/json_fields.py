"""Fields read from a stream's JSON: a field that is missing or of the wrong type reads as absent."""

from collections.abc import Mapping

JsonObject = Mapping[str, object]


def json_object(value: object) -> JsonObject:
    return value if isinstance(value, dict) else {}


def text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
