"""The terminal event's `response`, read from its JSON (ADR 19): what a finished reply reports.

Fields that are missing or of the wrong type read as absent, never as an error: the usage then
falls back to our own estimate, and the text to what the stream delivered.
"""

from dataclasses import dataclass
from typing import NamedTuple

from adapters.openai.json_fields import JsonObject, count, json_object, text_or_none


class ReportedUsage(NamedTuple):
    input_tokens: int
    output_tokens: int
    cached_tokens: int


@dataclass(frozen=True)
class FinishedResponse:
    status: str | None
    error_code: str | None
    incomplete_reason: str | None
    usage: ReportedUsage | None
    output_text: str

    @classmethod
    def of(cls, response: JsonObject) -> "FinishedResponse":
        return cls(
            status=text_or_none(response.get("status")),
            error_code=text_or_none(json_object(response.get("error")).get("code")),
            incomplete_reason=text_or_none(json_object(response.get("incomplete_details")).get("reason")),
            usage=_usage(json_object(response.get("usage"))),
            output_text=_output_text(response.get("output")),
        )


def _usage(usage: JsonObject) -> ReportedUsage | None:
    input_tokens, output_tokens = count(usage.get("input_tokens")), count(usage.get("output_tokens"))
    if input_tokens is None or output_tokens is None:
        return None
    cached = count(json_object(usage.get("input_tokens_details")).get("cached_tokens"))
    return ReportedUsage(input_tokens, output_tokens, cached or 0)


def _output_text(output: object) -> str:
    """The text parts of the message items, joined: what the SDK's `Response.output_text` gives."""
    texts: list[str] = []
    for item in output if isinstance(output, list) else ():
        item = json_object(item)
        if item.get("type") != "message":
            continue
        content = item.get("content")
        for part in content if isinstance(content, list) else ():
            part = json_object(part)
            if part.get("type") == "output_text" and isinstance(text := part.get("text"), str):
                texts.append(text)
    return "".join(texts)
