"""The bodies the fake OpenAI server sends: the real Responses event sequence and Chat Completions chunks."""

import re
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.support.fake_openai import Behaviour

MESSAGE_ID = "msg_fake_1"


def split_text(text: str) -> list[str]:
    """Word-sized pieces that join back to exactly `text`."""
    return re.findall(r"\s*\S+\s*|\s+", text) or [text]


def response_usage(b: "Behaviour") -> dict[str, Any]:
    return {
        "input_tokens": b.input_tokens,
        "input_tokens_details": {"cached_tokens": b.cached_tokens, "cache_write_tokens": 0},
        "output_tokens": b.output_tokens,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": b.input_tokens + b.output_tokens,
    }


def searched(body: dict[str, Any]) -> bool:
    """Whether the request offers the model the web search tool."""
    tools = body.get("tools")
    return any(isinstance(t, dict) and t.get("type") == "web_search" for t in tools or ())


def search_calls(b: "Behaviour") -> list[dict[str, Any]]:
    """The web search calls' output items, finished, as the real API lists them."""
    sources = [{"type": "url", "url": url} for url, _ in b.citations]
    return [
        {
            "id": f"ws_fake_{n}",
            "type": "web_search_call",
            "status": "completed",
            "action": {"type": "search", "query": f"fake query {n}", "sources": sources},
        }
        for n in range(1, b.web_searches + 1)
    ]


def search_events(b: "Behaviour") -> list[dict[str, Any]]:
    """Each call's added, in progress, searching, completed and done events, at output 0, 1..."""
    events: list[dict[str, Any]] = []
    for index, call in enumerate(search_calls(b)):
        where = {"item_id": call["id"], "output_index": index}
        events.append(
            {
                "type": "response.output_item.added",
                "output_index": index,
                "item": {**call, "status": "in_progress"},
            }
        )
        for stage in ("in_progress", "searching", "completed"):
            events.append({"type": f"response.web_search_call.{stage}", **where})
        events.append({"type": "response.output_item.done", "output_index": index, "item": call})
    return events


def citations(b: "Behaviour", text: str) -> list[dict[str, Any]]:
    """url_citation annotations over the whole text, one per cited page."""
    return [
        {"type": "url_citation", "start_index": 0, "end_index": len(text), "url": url, "title": title}
        for url, title in b.citations
    ]


def response_events(model: str, b: "Behaviour", searching: bool = False) -> list[dict[str, Any]]:
    refusing = b.refusal is not None
    text = b.refusal if b.refusal is not None else b.text
    base: dict[str, Any] = {
        "id": "resp_fake_1",
        "object": "response",
        "created_at": time.time(),
        "model": model,
        "status": "in_progress",
        "output": [],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": None,
    }
    cited = citations(b, text) if searching and not refusing else []
    calls = search_calls(b) if searching else []
    at = len(calls)  # the message follows the search calls in the output
    empty_part = {"type": "refusal", "refusal": ""} if refusing else output_text("")
    full_part = {"type": "refusal", "refusal": text} if refusing else output_text(text, cited)
    item = {"id": MESSAGE_ID, "type": "message", "role": "assistant", "status": "in_progress", "content": []}
    done_item = {**item, "status": "completed", "content": [full_part]}
    where = {"item_id": MESSAGE_ID, "output_index": at, "content_index": 0}
    kind = "refusal" if refusing else "output_text"
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": base},
        {"type": "response.in_progress", "response": base},
        *(search_events(b) if searching else []),
        {"type": "response.output_item.added", "output_index": at, "item": item},
        {"type": "response.content_part.added", **where, "part": empty_part},
    ]
    if b.odd_events:
        events.append({"type": "response.reasoning_future.delta", **where, "delta": "?"})
    for piece in split_text(text):
        delta: dict[str, Any] = {"type": f"response.{kind}.delta", **where, "delta": piece}
        if not refusing:
            delta["logprobs"] = []
        events.append(delta)
    if b.error_event_code is not None:
        message = f"fake stream error {b.error_event_code}"
        events.append({"type": "error", "code": b.error_event_code, "message": message, "param": None})
        return numbered(events)
    for number, annotation in enumerate(cited):
        added = {"type": "response.output_text.annotation.added", **where, "annotation_index": number}
        events.append({**added, "annotation": annotation})
    done: dict[str, Any] = {"type": f"response.{kind}.done", **where}
    done.update({"refusal": text} if refusing else {"text": text, "logprobs": []})
    events += [
        done,
        {"type": "response.content_part.done", **where, "part": full_part},
        {"type": "response.output_item.done", "output_index": at, "item": done_item},
    ]
    usage = response_usage(b) if b.reports_usage else None
    finished = {**base, "output": [*calls, done_item], "usage": usage, "completed_at": time.time()}
    if b.failed_code is not None:
        error = {"code": b.failed_code, "message": f"fake failure {b.failed_code}"}
        finished.update(status="failed", error=error)
        events.append({"type": "response.failed", "response": finished})
    elif b.incomplete_reason is not None:
        finished.update(status="incomplete", incomplete_details={"reason": b.incomplete_reason})
        events.append({"type": "response.incomplete", "response": finished})
    else:
        finished.update(status="completed")
        events.append({"type": "response.completed", "response": finished})
    return numbered(events)


def numbered(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for number, event in enumerate(events):
        event["sequence_number"] = number
    return events


def output_text(text: str, annotations: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"type": "output_text", "text": text, "annotations": annotations or [], "logprobs": []}


def chat_usage(b: "Behaviour") -> dict[str, Any]:
    return {
        "prompt_tokens": b.input_tokens,
        "completion_tokens": b.output_tokens,
        "total_tokens": b.input_tokens + b.output_tokens,
        "prompt_tokens_details": {"cached_tokens": b.cached_tokens},
    }


def chat_chunks(model: str, b: "Behaviour", include_usage: bool) -> list[tuple[dict[str, Any], bool]]:
    """(chunk, carries text) pairs, in the order a Chat Completions stream sends them."""
    field = "refusal" if b.refusal is not None else "content"
    text = b.refusal if b.refusal is not None else b.text
    finish = "content_filter" if b.incomplete_reason == "content_filter" else "stop"
    base = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
    }

    def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
        choice = {"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}
        return {**base, "choices": [choice]}

    chunks = [(chunk({"role": "assistant", "content": ""}), False)]
    chunks += [(chunk({field: piece}), True) for piece in split_text(text)]
    if (code := b.failed_code or b.error_event_code) is not None:
        error = {"message": f"fake failure {code}", "type": "server_error", "code": code}
        return [*chunks, ({"error": error}, False)]
    chunks.append((chunk({}, finish), False))
    if include_usage and b.reports_usage:
        chunks.append(({**base, "choices": [], "usage": chat_usage(b)}, False))
    return chunks


def chat_completion(model: str, b: "Behaviour") -> dict[str, Any]:
    message = {"role": "assistant", "content": b.text, "refusal": b.refusal}
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": "stop", "logprobs": None}],
        "usage": chat_usage(b),
    }
