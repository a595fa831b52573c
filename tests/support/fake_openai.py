"""A fake OpenAI server on 127.0.0.1 for the real openai SDK: Responses, Chat Completions, Images, Files,
Audio Transcriptions.

It runs its own event loop in a background thread, so one server serves a whole test session and a
slow or hanging answer never blocks the test's own loop. Each call takes the next scripted
`Behaviour` (or the default one) and every request is kept for the test to inspect.
"""

import asyncio
import base64
import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.support.fake_openai_events import (
    chat_chunks,
    chat_completion,
    response_events,
    searched,
    split_text,
)
from tests.support.sample_files import png_bytes

TEXT_DELTAS = frozenset({"response.output_text.delta", "response.refusal.delta"})
FAKE_CITATIONS = (
    ("https://example.com/news?utm_source=openai", "Example News"),
    ("https://example.org/wiki/Fake", "Fake — Example Wiki"),
)


FAKE_SPEECH = b"OggS\x00\x02" + b"\x00" * 20 + b"OpusHead" + b"\x01\x01" + b"\x00" * 64
"""The start of an OGG/Opus stream: enough for a client to take it for one."""


@dataclass(frozen=True)
class Behaviour:
    """What the server does with one call."""

    text: str = "Hello from the fake model."
    input_tokens: int = 42
    output_tokens: int = 7
    cached_tokens: int = 0
    status: int | None = None
    error_code: str | None = None
    retry_after_ms: int | None = None
    delay: float = 0.0  # seconds before the answer starts
    chunk_delay: float = 0.0  # seconds after each text delta
    stall_before_text: float = 0.0  # seconds between the headers and the first text, kept alive meanwhile
    cut_after: int | None = None  # drop the connection after this many text deltas
    hang_up: bool = False  # drop the connection without answering
    end_early_after: int | None = None  # end the body cleanly, unfinished, after this many deltas
    failed_code: str | None = None  # after the text, report the call failed with this error code
    error_event_code: str | None = None  # after the text, a stream `error` event with this code
    odd_events: bool = False  # before the text, an event of an unknown type and one that is no object
    refusal: str | None = None  # the model refuses with this text instead of answering
    incomplete_reason: str | None = None  # e.g. "content_filter"
    image: bytes | None = None  # what the images endpoint returns (a small PNG by default)
    reports_usage: bool = True  # False: the finished reply carries no usage
    transcript: str | None = None  # what the transcriptions endpoint hears (the `text` by default)
    audio_tokens: int = 170  # a transcription's audio input tokens, of its `input_tokens`
    audio_seconds: float | None = None  # a transcription billed by duration (whisper-1) for this long
    speech: bytes = FAKE_SPEECH  # what the speech endpoint answers
    web_searches: int = 1  # with the web search tool asked for: the search calls the reply makes
    citations: tuple[tuple[str, str], ...] = FAKE_CITATIONS  # with it: the (url, title) pages cited


@dataclass(frozen=True)
class SeenRequest:
    path: str
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class FakeOpenAI:
    host: str = "127.0.0.1"
    port: int = 0
    default: Behaviour = field(default_factory=Behaviour)
    requests: list[SeenRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._script: deque[Behaviour] = deque()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-openai", daemon=True)
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def start(self) -> "FakeOpenAI":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(timeout=30)
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()

    def then(self, *behaviours: Behaviour) -> None:
        """The next calls behave like these, in order; after them the default applies."""
        self._script.extend(behaviours)

    def reset(self) -> None:
        self._script.clear()
        self.requests.clear()

    def seen(self, path: str) -> list[SeenRequest]:
        return [r for r in self.requests if r.path == path]

    async def _serve(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/v1/responses", self._responses)
        app.router.add_post("/v1/chat/completions", self._chat_completions)
        app.router.add_post("/v1/images/generations", self._images)
        app.router.add_post("/v1/files", self._files)
        app.router.add_post("/v1/audio/transcriptions", self._transcriptions)
        app.router.add_post("/v1/audio/speech", self._speech)
        app.router.add_get("/v1/models/{model}", self._model)
        app.on_response_prepare.append(self._identify)
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def _identify(self, request: web.Request, response: web.StreamResponse) -> None:
        """Every answer names its request, as the provider's `x-request-id` does: the n-th request
        the server has seen is `req_fake_<n>`."""
        response.headers["x-request-id"] = f"req_fake_{len(self.requests)}"

    def _next(self) -> Behaviour:
        return self._script.popleft() if self._script else self.default

    async def _begin(self, request: web.Request, body: dict[str, Any]) -> Behaviour:
        headers = {k.lower(): v for k, v in request.headers.items()}
        self.requests.append(SeenRequest(request.path, body, headers))
        behaviour = self._next()
        if behaviour.delay:
            await asyncio.sleep(behaviour.delay)
        if behaviour.hang_up and request.transport is not None:
            request.transport.close()
        return behaviour

    async def _model(self, request: web.Request) -> web.Response:
        """Any model asked for exists, unless the next behaviour is an error."""
        behaviour = await self._begin(request, {})
        if behaviour.status is not None:
            return error_response(behaviour)
        model = request.match_info["model"]
        return web.json_response({"id": model, "object": "model", "created": 0, "owned_by": "fake"})

    async def _responses(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        behaviour = await self._begin(request, body)
        if behaviour.status is not None:
            return error_response(behaviour)
        events = response_events(body.get("model", ""), behaviour, searched(body))
        if not body.get("stream"):
            return web.json_response(events[-1]["response"])
        frames = [(sse(e["type"], e), e["type"] in TEXT_DELTAS) for e in events]
        if behaviour.odd_events:
            frames.insert(0, (b"event: response.odd\ndata: [1, 2]\n\n", False))
        return await self._stream(request, behaviour, frames)

    async def _chat_completions(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        behaviour = await self._begin(request, body)
        if behaviour.status is not None:
            return error_response(behaviour)
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        chunks = chat_chunks(body.get("model", ""), behaviour, include_usage)
        if not body.get("stream"):
            return web.json_response(chat_completion(body.get("model", ""), behaviour))
        frames = [(f"data: {json.dumps(c)}\n\n".encode(), is_delta) for c, is_delta in chunks]
        if behaviour.odd_events:
            frames.insert(0, (b": a comment\n\ndata: [1, 2]\n\n", False))
        return await self._stream(request, behaviour, [*frames, (b"data: [DONE]\n\n", False)])

    async def _stream(
        self, request: web.Request, behaviour: Behaviour, frames: list[tuple[bytes, bool]]
    ) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        deltas = 0
        if behaviour.stall_before_text:
            await keep_alive(response, behaviour.stall_before_text)
        for frame, is_delta in frames:
            if is_delta and behaviour.cut_after is not None and deltas >= behaviour.cut_after:
                assert request.transport is not None
                request.transport.close()
                return response
            if is_delta and behaviour.end_early_after is not None and deltas >= behaviour.end_early_after:
                break
            await response.write(frame)
            if is_delta:
                deltas += 1
                if behaviour.chunk_delay:
                    await asyncio.sleep(behaviour.chunk_delay)
        await response.write_eof()
        return response

    async def _images(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        behaviour = await self._begin(request, body)
        if behaviour.status is not None:
            return error_response(behaviour)
        image = behaviour.image if behaviour.image is not None else png_bytes(4, 4)
        return web.json_response(
            {
                "created": int(time.time()),
                "data": [{"b64_json": base64.b64encode(image).decode()}],
                "output_format": "png",
                "size": body.get("size"),
                "quality": body.get("quality"),
                "usage": {
                    "input_tokens": behaviour.input_tokens,
                    "input_tokens_details": {"image_tokens": 0, "text_tokens": behaviour.input_tokens},
                    "output_tokens": behaviour.output_tokens,
                    "total_tokens": behaviour.input_tokens + behaviour.output_tokens,
                },
            }
        )

    async def _files(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        upload = form.get("file")
        content = upload.file.read() if isinstance(upload, web.FileField) else b""
        filename = upload.filename if isinstance(upload, web.FileField) else ""
        body = {"purpose": str(form.get("purpose", "")), "filename": filename, "bytes": len(content)}
        behaviour = await self._begin(request, body)
        if behaviour.status is not None:
            return error_response(behaviour)
        return web.json_response(
            {
                "id": f"file-{len(self.requests)}",
                "object": "file",
                "bytes": len(content),
                "created_at": int(time.time()),
                "filename": filename,
                "purpose": body["purpose"],
                "status": "processed",
            }
        )

    async def _speech(self, request: web.Request) -> web.StreamResponse:
        """The text spoken as OGG/Opus bytes, as the endpoint answers without `stream_format`."""
        body = await request.json()
        behaviour = await self._begin(request, body)
        if behaviour.status is not None:
            return error_response(behaviour)
        return web.Response(body=behaviour.speech, content_type="audio/ogg")

    async def _transcriptions(self, request: web.Request) -> web.StreamResponse:
        """Multipart, as the SDK sends it: the audio, the model and the response format."""
        form = await request.post()
        upload = form.get("file")
        content = upload.file.read() if isinstance(upload, web.FileField) else b""
        body = {
            "model": str(form.get("model", "")),
            "response_format": str(form.get("response_format", "")),
            "filename": upload.filename if isinstance(upload, web.FileField) else "",
            "content_type": upload.content_type if isinstance(upload, web.FileField) else "",
            "audio": content,
        }
        behaviour = await self._begin(request, body)
        if behaviour.status is not None:
            return error_response(behaviour)
        heard = behaviour.text if behaviour.transcript is None else behaviour.transcript
        return web.json_response({"text": heard, "usage": transcription_usage(behaviour)})


def transcription_usage(behaviour: Behaviour) -> dict[str, Any] | None:
    """Tokens as the gpt-4o*-transcribe models report them, or seconds as whisper-1 does."""
    if not behaviour.reports_usage:
        return None
    if behaviour.audio_seconds is not None:
        return {"type": "duration", "seconds": behaviour.audio_seconds}
    audio = min(behaviour.audio_tokens, behaviour.input_tokens)
    return {
        "type": "tokens",
        "input_tokens": behaviour.input_tokens,
        "input_token_details": {"audio_tokens": audio, "text_tokens": behaviour.input_tokens - audio},
        "output_tokens": behaviour.output_tokens,
        "total_tokens": behaviour.input_tokens + behaviour.output_tokens,
    }


async def keep_alive(response: web.StreamResponse, seconds: float) -> None:
    """An SSE comment every 0.1 s for `seconds`: the connection is never silent for a read timeout."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        await response.write(b": keep-alive\n\n")
        await asyncio.sleep(0.1)


def sse(event: str, data: dict[str, Any]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


def error_response(behaviour: Behaviour) -> web.Response:
    status = behaviour.status or 500
    kind = {429: "rate_limit_error", 400: "invalid_request_error"}.get(status, "server_error")
    headers = {}
    if behaviour.retry_after_ms is not None:
        headers["retry-after-ms"] = str(behaviour.retry_after_ms)
    if status >= 500 or status == 429:
        # Keeps retried calls fast even when the test does not care about the back-off.
        headers.setdefault("retry-after-ms", "10")
    error = {"message": f"fake {status}", "type": kind, "param": None, "code": behaviour.error_code}
    return web.json_response({"error": error}, status=status, headers=headers)


@contextlib.contextmanager
def running_fake_openai() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    try:
        yield server
    finally:
        server.stop()


__all__ = ["Behaviour", "FakeOpenAI", "SeenRequest", "running_fake_openai", "split_text"]
