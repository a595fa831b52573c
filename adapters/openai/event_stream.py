"""A streamed answer's server-sent events, read from the response body as the JSON they carry (ADR 19).

What the SDK's typed stream does, minus building one of its event classes per event: the same
framing, a failure the server reports inside the stream raised as the SDK's `APIError`, and errors
of the transport raised as its `APITimeoutError` and `APIConnectionError`.
"""

import json
from collections.abc import AsyncIterable, AsyncIterator
from typing import Any

import httpx2
import openai

LINE_ENDS = (b"\r\n", b"\n", b"\r")


async def json_events(response: openai.AsyncAPIResponse[Any]) -> AsyncIterator[dict[str, object]]:
    """Each event's data that is a JSON object, up to a `[DONE]`; anything else is passed over."""
    try:
        async for data in event_data(response.iter_bytes()):
            if data.startswith(b"[DONE]"):
                return
            try:
                event = json.loads(data.decode())
            except ValueError:
                continue
            if not isinstance(event, dict):
                continue
            if error := event.get("error"):
                raise reported_error(error, response.http_request)
            yield event
    except httpx2.TimeoutException as error:
        raise openai.APITimeoutError(request=response.http_request) from error
    except httpx2.RequestError as error:
        raise openai.APIConnectionError(request=response.http_request) from error


def reported_error(error: object, request: httpx2.Request) -> openai.APIError:
    """An event that carries an `error` object, raised as the SDK's stream raises it."""
    message = error.get("message") if isinstance(error, dict) else None
    if not isinstance(message, str) or not message:
        message = "An error occurred during streaming"
    return openai.APIError(message, request, body=error)


async def event_data(chunks: AsyncIterable[bytes]) -> AsyncIterator[bytes]:
    """The data of each event, framed as the SSE standard says: a line ends at CR, LF or CRLF (and
    at nothing else: `iter_lines()` also breaks lines at U+2028 and U+0085, which JSON may carry
    unescaped), `data:` lines join with LF, and an empty line ends the event."""
    data: list[bytes] = []
    rest = b""
    after_cr = False
    async for chunk in chunks:
        if after_cr and chunk.startswith(b"\n"):
            chunk = chunk[1:]  # the LF of a CRLF that the previous chunk ended in the middle of
            after_cr = False
        if not chunk:
            continue
        after_cr = chunk.endswith(b"\r")
        lines = (rest + chunk).splitlines(keepends=True)
        rest = b"" if lines[-1].endswith(LINE_ENDS) else lines.pop()
        for line in lines:
            field = line.rstrip(b"\r\n")
            if not field:
                if data:
                    yield b"\n".join(data)
                    data = []
            elif field.startswith(b"data:"):
                value = field[5:]
                data.append(value[1:] if value.startswith(b" ") else value)
            elif field == b"data":
                data.append(b"")
