"""Stored event states decoded quickly: the same values as the mapper's JSON transcoder gives, without
its object hook on every object and, for usage records in their usual layout, without a JSON decoder."""

import json
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Mapper, Transcoding

from adapters.sql.stored_usage import usage_record_layout


class StateDecoder:
    """Decodes stored states as the application's mapper would, several times faster."""

    def __init__(self, mapper: Mapper[Any]) -> None:
        self.mapper = mapper
        transcoder = mapper.transcoder
        self.names = transcoder.names if isinstance(transcoder, JSONTranscoder) else None
        self.layout = usage_record_layout(mapper)
        self.usage = self.layout.pattern if self.layout is not None else None
        self.values = self.layout.values if self.layout is not None else None

    def __call__(self, state: bytes) -> dict[str, Any]:
        if self.values is not None and state.isascii():
            match = self.values.fullmatch(state.decode("ascii"))
            if match is not None:
                return self._usage(match)
        if self.mapper.cipher:
            state = self.mapper.cipher.decrypt(state)
        if self.mapper.compressor:
            state = self.mapper.compressor.decompress(state)
        if self.names is None:
            decoded: dict[str, Any] = self.mapper.transcoder.decode(state)
            return decoded
        return _revived_state(_loads(state), self.names)

    def _usage(self, match: "re.Match[str]") -> dict[str, Any]:
        """The matched record's fields: every group is a value as text (see stored_usage)."""
        assert self.layout is not None
        state: dict[str, Any] = match.groupdict()
        for name in self.layout.integers:
            state[name] = int(state[name])
        for name in self.layout.timestamps:
            state[name] = datetime.fromisoformat(state[name])
        return state


_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _loads(state: bytes) -> Any:
    """json.loads, without its wrappers for the usual case of an object in UTF-8 and nothing after it."""
    if state[:2] == b'{"':
        text = state.decode("utf-8", "surrogatepass")
        try:
            value, end = _scan(text, 0)
        except (StopIteration, ValueError):
            end = -1
        if end == len(text):
            return value
    return json.loads(state)  # anything unusual, and every error, exactly as json.loads has it


def _revived_state(state: dict[str, Any], transcodings: Mapping[str, Transcoding]) -> dict[str, Any]:
    for key, value in state.items():
        kind = type(value)
        if kind is dict:
            if (
                len(value) == 2
                and "_data_" in value
                and type(value["_data_"]) not in (dict, list)
                and value.get("_type_") in transcodings
            ):  # the usual case, a tagged scalar such as a timestamp: decoded without the recursion
                state[key] = transcodings[value["_type_"]].decode(value["_data_"])
            else:
                state[key] = _revived(value, transcodings)
        elif kind is list:
            state[key] = _revived(value, transcodings)
    return state


def _revived(value: Any, transcodings: Mapping[str, Transcoding]) -> Any:
    """What the JSON transcoder's object hook makes of a value: tagged pairs decoded, inside out."""
    if isinstance(value, list):
        return [_revived(item, transcodings) for item in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 2 and value.get("_type_") in transcodings and "_data_" in value:
        return transcodings[value["_type_"]].decode(_revived(value["_data_"], transcodings))
    return {key: _revived(item, transcodings) for key, item in value.items()}
