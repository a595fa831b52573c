"""An alert to admins when model calls fail more than a threshold within a sliding window.

Failures are counted per process (each worker alerts on what it sees); the alert itself is claimed in the
AlertLedger, so all workers together send at most one per window.
"""

import logging
from collections import deque
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

from application.admin.alerts import AlertClaims
from application.messages import text
from application.model_io import (
    AudioInput,
    FailureKind,
    GeneratedImage,
    ImageRequest,
    ModelFailure,
    Prompt,
    ReplyDone,
    TextDelta,
    Transcript,
)
from application.ports import ChatModel, Clock, Notifier, Transcriber
from domain.clock import month_of

log = logging.getLogger(__name__)

# A refusal is the model's answer to a request, not a fault of the service.
NOT_ERRORS = (FailureKind.REFUSED,)


class ModelErrorWindow:
    """The times of recent model failures, forgetting those older than the window."""

    def __init__(self, clock: Clock, window: timedelta) -> None:
        self.clock, self.window = clock, window
        self._failures: deque[tuple[datetime, FailureKind]] = deque()

    def note(self, failure: ModelFailure) -> None:
        if failure.kind not in NOT_ERRORS:
            self._failures.append((self.clock.now(), failure.kind))

    def recent(self) -> list[FailureKind]:
        cutoff = self.clock.now() - self.window
        while self._failures and self._failures[0][0] <= cutoff:
            self._failures.popleft()
        return [kind for _, kind in self._failures]


class WatchedChatModel:
    """A ChatModel that logs and notes every failure of the model it wraps, then passes it on unchanged.

    The one place a model failure is logged: one WARNING with its kind, the model, the bot's and the
    provider's request ids, never the prompt, the reply or the failure's detail (a refusal's detail is
    the reply).
    """

    def __init__(self, model: ChatModel, window: ModelErrorWindow, image_model: str = "") -> None:
        self.model, self.window, self.image_model = model, window, image_model

    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        try:
            async for item in self.model.stream_reply(prompt):
                yield item
        except ModelFailure as failure:
            self._failed(failure, prompt.model, prompt.request_id)
            raise

    async def generate_image(self, request: ImageRequest) -> GeneratedImage:
        try:
            return await self.model.generate_image(request)
        except ModelFailure as failure:
            self._failed(failure, self.image_model or "the image model", request.request_id)
            raise

    def _failed(self, failure: ModelFailure, model: str, request_id: str) -> None:
        noted(self.window, failure, model, request_id)

    async def aclose(self) -> None:
        await self.model.aclose()


class WatchedTranscriber:
    """A Transcriber whose failures are logged and counted towards the alert as the chat model's are."""

    def __init__(self, transcriber: Transcriber, window: ModelErrorWindow, model: str) -> None:
        self.transcriber, self.window, self.model = transcriber, window, model

    async def transcribe(self, audio: AudioInput) -> Transcript:
        try:
            return await self.transcriber.transcribe(audio)
        except ModelFailure as failure:
            noted(self.window, failure, self.model, audio.request_id)
            raise

    async def aclose(self) -> None:
        await self.transcriber.aclose()


def noted(window: ModelErrorWindow, failure: ModelFailure, model: str, request_id: str) -> None:
    """The failure logged (its kind and ids, never its detail) and noted in the window."""
    log.warning(
        "model call failed: %s (model %s, request %s, provider request %s)",
        failure.kind.value,
        model,
        request_id or "unnamed",
        failure.request_id or "none given",
    )
    window.note(failure)


class ModelErrorAlerts:
    def __init__(
        self, window: ModelErrorWindow, threshold: int, claims: AlertClaims, notifier: Notifier, clock: Clock
    ) -> None:
        self.window, self.threshold, self.claims = window, threshold, claims
        self.notifier, self.clock = notifier, clock

    async def check(self) -> bool:
        """True when an alert went out now: the threshold is reached and none was sent within the window."""
        failures = self.window.recent()
        if len(failures) < self.threshold:
            return False
        now = self.clock.now()
        if await self._alerted_last_month_within_window(now):
            return False
        span = self.window.window
        claimed = await self.claims.claim(
            month_of(now), lambda ledger: ledger.record_model_error_alert(len(failures), span, now)
        )
        if not claimed:
            return False
        minutes = int(span.total_seconds() // 60)
        kinds = ", ".join(sorted({kind.value for kind in failures}))
        await self.notifier.notify_admins(
            text("alert_model_errors", count=len(failures), minutes=minutes, kinds=kinds)
        )
        return True

    async def _alerted_last_month_within_window(self, now: datetime) -> bool:
        """Near the start of a month, the previous month's ledger may hold an alert still within the window."""
        earlier = now - self.window.window
        if month_of(earlier) == month_of(now):
            return False
        ledger = await self.claims.ledger(month_of(earlier))
        last = ledger.last_model_error_alert if ledger else None
        return last is not None and now - last < self.window.window
