"""SDK errors become ModelFailure with a kind the application can explain to the user.

Server messages are left out of the detail: a 401 message echoes part of the API key.
"""

from typing import Any

import aiohttp
import openai

from application.model_io import FailureKind, ModelFailure
from domain.usage import ModelUsage

REFUSAL_CODES = frozenset({"content_policy_violation", "content_filter", "moderation_blocked"})
RATE_LIMIT_CODES = frozenset({"rate_limit_exceeded", "rate_limit_error"})


def failure_from(error: openai.OpenAIError | TimeoutError, billed: ModelUsage | None) -> ModelFailure:
    """The failure an SDK error, or the call's deadline passing (`TimeoutError`), stands for."""
    failure = _failure(error, billed)
    if isinstance(error, openai.APIStatusError):
        failure.request_id = error.request_id
    return failure


def _failure(error: openai.OpenAIError | TimeoutError, billed: ModelUsage | None) -> ModelFailure:
    if isinstance(error, TimeoutError):
        return ModelFailure(FailureKind.TIMEOUT, "the model service did not answer in time", billed)
    if isinstance(error, openai.APITimeoutError) and not _broken_connection(error):
        return ModelFailure(FailureKind.TIMEOUT, "the model service did not answer in time", billed)
    if isinstance(error, openai.APIConnectionError):
        if billed is not None:
            return ModelFailure(FailureKind.INTERRUPTED, "the connection broke during the reply", billed)
        return ModelFailure(FailureKind.UNAVAILABLE, "the model service cannot be reached", billed)
    if isinstance(error, openai.APIStatusError):
        return _from_status(error.status_code, error.code, billed)
    if isinstance(error, openai.APIError):
        return failure_from_code(error.code, billed)
    return ModelFailure(FailureKind.UNAVAILABLE, type(error).__name__, billed)


def _broken_connection(error: BaseException) -> bool:
    """Whether a reported timeout was a refused or dropped connection: the aiohttp transport under the
    SDK (ADR 18) reports every aiohttp connection error as a connect timeout, its cause says which."""
    cause = error.__cause__
    while cause is not None:
        if isinstance(cause, OSError | aiohttp.ClientConnectionError) and not isinstance(cause, TimeoutError):
            return True
        cause = cause.__cause__
    return False


def failure_from_code(code: str | None, billed: ModelUsage | None) -> ModelFailure:
    """A failure reported inside a stream (an `error` event or a failed response)."""
    if code in REFUSAL_CODES:
        return ModelFailure(FailureKind.REFUSED, f"refused by the content policy ({code})", billed)
    if code in RATE_LIMIT_CODES:
        return ModelFailure(FailureKind.RATE_LIMITED, f"rate limited ({code})", billed)
    kind = FailureKind.INTERRUPTED if billed is not None else FailureKind.UNAVAILABLE
    return ModelFailure(kind, f"the model service failed ({code or 'no code'})", billed)


def _from_status(status: int, code: str | None, billed: ModelUsage | None) -> ModelFailure:
    if code in REFUSAL_CODES:
        return ModelFailure(FailureKind.REFUSED, f"refused by the content policy ({code})", billed)
    if status == 429 and code == "insufficient_quota":
        return ModelFailure(FailureKind.UNAVAILABLE, "the model service quota is used up", billed)
    if status == 429:
        return ModelFailure(FailureKind.RATE_LIMITED, "the model service is rate limiting us", billed)
    if status in (401, 403):
        return ModelFailure(FailureKind.UNAVAILABLE, f"the model service refused our credentials ({status})")
    if status == 404:
        return ModelFailure(FailureKind.UNAVAILABLE, "the configured model is not known to the service")
    if status >= 500:
        return ModelFailure(FailureKind.UNAVAILABLE, f"the model service failed ({status})", billed)
    return ModelFailure(FailureKind.UNAVAILABLE, f"the model service rejected the request ({status})", billed)


def identified(failure: ModelFailure, response: openai.AsyncAPIResponse[Any] | None) -> ModelFailure:
    """The failure with the provider's id of the request, from the answer's headers when it had one."""
    if failure.request_id is None and response is not None:
        failure.request_id = response.request_id
    return failure
