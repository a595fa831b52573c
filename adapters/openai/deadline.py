"""One deadline for a model call's wait, retries included (ADR 25).

The SDK's client is used with `max_retries=0`: its own retries give every attempt the full timeout
and sleep as long as the server asks, past any bound. Here an error is retried as the SDK would retry
it, with the SDK's back-off, only when the wait before the next attempt ends before the deadline; the
deadline itself is an `asyncio.timeout` around the attempts and the waits.
"""

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import httpx2
import openai

T = TypeVar("T")

CONNECT_TIMEOUT_SECONDS = 10.0
# The SDK's own figures (openai/_constants.py): first back-off, longest back-off, longest Retry-After.
INITIAL_RETRY_DELAY, MAX_RETRY_DELAY, MAX_RETRY_AFTER = 0.5, 8.0, 120.0
RETRIED_STATUSES = frozenset({408, 409, 429})


def call_timeout(seconds: float) -> openai.Timeout:
    """The SDK timeout of one attempt: `seconds` to wait for each read, connecting in at most 10 s."""
    return openai.Timeout(seconds, connect=min(seconds, CONNECT_TIMEOUT_SECONDS))


@dataclass(frozen=True)
class CallBounds:
    """How long a user may wait (None: unbounded) and how many times a failed attempt is retried."""

    seconds: float | None
    max_retries: int

    @classmethod
    def of(cls, client: openai.AsyncOpenAI) -> "CallBounds":
        """The bounds the client was configured with: its read timeout and its retries."""
        timeout = client.timeout
        seconds = timeout.read if isinstance(timeout, openai.Timeout) else timeout
        return cls(seconds, client.max_retries)


async def with_retries(bound: asyncio.Timeout, retries: int, attempt: Callable[[], Awaitable[T]]) -> T:
    """The first attempt that succeeds; an error that is not retried, or whose retry does not fit
    before the bound's deadline, is raised as it came."""
    taken = 0
    while True:
        try:
            return await attempt()
        except openai.OpenAIError as error:
            wait = retry_wait(error, taken) if taken < retries else None
            if wait is None or not fits(bound, wait):
                raise
            await asyncio.sleep(wait)
        taken += 1


def fits(bound: asyncio.Timeout, wait: float) -> bool:
    deadline = bound.when()
    return deadline is None or asyncio.get_running_loop().time() + wait < deadline


def retry_wait(error: openai.OpenAIError, retries_taken: int) -> float | None:
    """How long to wait before trying again, as the SDK would; None for an error it does not retry."""
    if isinstance(error, openai.APIStatusError):
        asked = asked_wait(error.response.headers)
        if not retried(error.response, asked):
            return None
        if asked is not None and 0 < asked <= MAX_RETRY_AFTER:
            return asked
    elif not isinstance(error, openai.APIConnectionError):  # timeouts are connection errors too
        return None
    backoff = min(INITIAL_RETRY_DELAY * 2.0**retries_taken, MAX_RETRY_DELAY)
    return backoff * (1 - 0.25 * random.random())


def retried(response: httpx2.Response, asked: float | None) -> bool:
    if asked is not None and asked > MAX_RETRY_AFTER:
        return False
    told = response.headers.get("x-should-retry")
    if told in ("true", "false"):
        return told == "true"
    return response.status_code in RETRIED_STATUSES or response.status_code >= 500


def asked_wait(headers: httpx2.Headers) -> float | None:
    """The wait the server asks for, in seconds: `retry-after-ms`, else `retry-after` in seconds or
    as an HTTP date."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        try:
            return float(headers[name]) / scale
        except (KeyError, ValueError):
            continue
    date = email.utils.parsedate_tz(headers.get("retry-after", ""))
    return None if date is None else email.utils.mktime_tz(date) - time.time()
