"""Which failed attempts are tried again, and after how long: the SDK's own rules (ADR 25)."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx2
import openai
import pytest

from adapters.openai.deadline import MAX_RETRY_DELAY, retry_wait

REQUEST = httpx2.Request("POST", "http://model.invalid/v1/responses")


def status_error(status: int, **headers: str) -> openai.APIStatusError:
    response = httpx2.Response(status, headers=headers, request=REQUEST)
    return openai.APIStatusError("failed", response=response, body=None)


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503])
def test_overload_and_server_errors_are_retried_after_the_back_off(status: int) -> None:
    wait = retry_wait(status_error(status), retries_taken=0)
    assert wait is not None and 0.375 <= wait <= 0.5


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_a_request_the_server_refuses_is_not_retried(status: int) -> None:
    assert retry_wait(status_error(status), retries_taken=0) is None


def test_the_back_off_doubles_from_half_a_second_up_to_its_longest_less_a_quarter_at_most() -> None:
    for taken, longest in enumerate([0.5, 1.0, 2.0, 4.0, MAX_RETRY_DELAY, MAX_RETRY_DELAY]):
        wait = retry_wait(openai.APITimeoutError(request=REQUEST), taken)
        assert wait is not None and 0.75 * longest <= wait <= longest


def test_a_broken_connection_is_retried() -> None:
    assert retry_wait(openai.APIConnectionError(request=REQUEST), retries_taken=1) is not None


def test_the_server_asked_wait_is_kept_in_milliseconds_seconds_or_as_a_date() -> None:
    assert retry_wait(status_error(429, **{"retry-after-ms": "250"}), 0) == 0.25
    assert retry_wait(status_error(429, **{"retry-after": "3"}), 0) == 3.0
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    wait = retry_wait(status_error(503, **{"retry-after": later}), 0)
    assert wait is not None and 20 < wait <= 30


def test_a_wait_of_more_than_two_minutes_is_not_waited_for() -> None:
    assert retry_wait(status_error(429, **{"retry-after": "121"}), 0) is None


def test_the_server_saying_whether_to_retry_is_obeyed() -> None:
    assert retry_wait(status_error(500, **{"x-should-retry": "false"}), 0) is None
    assert retry_wait(status_error(400, **{"x-should-retry": "true"}), 0) is not None


def test_an_error_the_server_reported_in_the_stream_is_not_retried() -> None:
    assert retry_wait(openai.APIError("stream failed", REQUEST, body=None), 0) is None
