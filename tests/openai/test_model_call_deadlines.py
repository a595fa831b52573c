"""OPENAI_TIMEOUT_SECONDS bounds the user's whole wait for the first token, retries included (ADR 25).

The real SDK against the fake server; the assertions are on what the server received, not on wall time."""

import asyncio
from collections.abc import Callable

import pytest

from application.model_io import FailureKind, ModelFailure
from tests.openai.conftest import APIS, Core
from tests.support.fake_openai import Behaviour, FakeOpenAI

HANG_GUARD_SECONDS = 30
SIX_WORDS = "One two three four five six."


@pytest.mark.parametrize("api", APIS)
async def test_a_hanging_server_gets_one_attempt_and_the_user_hears_the_timeout(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, api: str
) -> None:
    core = make_core(api, openai_timeout_seconds=0.5, openai_max_retries=3)
    fake_openai.then(*[Behaviour(delay=60)] * 4)

    with pytest.raises(ModelFailure) as failure:
        await asyncio.wait_for(core.chat.send_message(1, 7, "Hello", "r1"), HANG_GUARD_SECONDS)

    assert failure.value.kind is FailureKind.TIMEOUT
    assert len(fake_openai.requests) == 1
    assert await core.ledger(7) == []


@pytest.mark.parametrize("api", APIS)
async def test_retries_stop_when_the_next_would_start_after_the_bound(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, api: str
) -> None:
    # Each failure asks for 0.4 s before the next attempt: within 1 s there is room for at most three
    # attempts, whatever the machine's speed, though six were allowed.
    core = make_core(api, openai_timeout_seconds=1.0, openai_max_retries=5)
    fake_openai.then(*[Behaviour(status=503, retry_after_ms=400)] * 6)

    with pytest.raises(ModelFailure) as failure:
        await asyncio.wait_for(core.chat.send_message(1, 7, "Hello", "r1"), HANG_GUARD_SECONDS)

    assert failure.value.kind is FailureKind.UNAVAILABLE
    assert 1 <= len(fake_openai.requests) <= 3


@pytest.mark.parametrize("api", APIS)
async def test_a_wait_the_server_asks_for_beyond_the_bound_is_not_waited_for(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, api: str
) -> None:
    core = make_core(api, openai_timeout_seconds=2.0, openai_max_retries=2)
    fake_openai.then(Behaviour(status=429, retry_after_ms=30_000), Behaviour(text="Too late."))

    with pytest.raises(ModelFailure) as failure:
        await asyncio.wait_for(core.chat.send_message(1, 7, "Hello", "r1"), HANG_GUARD_SECONDS)

    assert failure.value.kind is FailureKind.RATE_LIMITED, "the user hears why, at once, not a timeout"
    assert len(fake_openai.requests) == 1


@pytest.mark.parametrize("api", APIS)
@pytest.mark.parametrize("status", [429, 500])
async def test_a_server_that_fails_twice_then_answers_is_answered_when_time_allows(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, api: str, status: int
) -> None:
    core = make_core(api, openai_timeout_seconds=10.0, openai_max_retries=2)
    fake_openai.then(Behaviour(status=status), Behaviour(status=status), Behaviour(text="Third time."))

    reply = await asyncio.wait_for(core.chat.send_message(1, 7, "Hello", "r1"), HANG_GUARD_SECONDS)

    assert reply.text == "Third time."
    assert len(fake_openai.requests) == 3
    assert [r.request_id for r in await core.ledger(7)] == ["r1"]


@pytest.mark.parametrize("api", APIS)
async def test_retries_are_counted_by_the_bot_not_added_to_by_the_sdk(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, api: str
) -> None:
    core = make_core(api, openai_timeout_seconds=10.0, openai_max_retries=1)
    fake_openai.then(*[Behaviour(status=500)] * 4)

    with pytest.raises(ModelFailure) as failure:
        await asyncio.wait_for(core.chat.send_message(1, 7, "Hello", "r1"), HANG_GUARD_SECONDS)

    assert failure.value.kind is FailureKind.UNAVAILABLE
    assert len(fake_openai.requests) == 2
    assert [r.headers.get("x-stainless-retry-count") for r in fake_openai.requests] == ["0", "0"]


@pytest.mark.parametrize("api", APIS)
async def test_a_reply_that_has_started_may_stream_past_the_bound(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, api: str
) -> None:
    # Six deltas 0.4 s apart take over twice the 1 s bound; no gap comes near the read timeout.
    core = make_core(api, openai_timeout_seconds=1.0, openai_max_retries=0)
    fake_openai.then(Behaviour(text=SIX_WORDS, chunk_delay=0.4))

    reply = await asyncio.wait_for(
        core.chat.send_message(1, 7, "Count", "r1", core.preview), HANG_GUARD_SECONDS
    )

    assert reply.text == SIX_WORDS
    assert "".join(core.preview.deltas) == SIX_WORDS
    assert len(fake_openai.requests) == 1


@pytest.mark.parametrize("api", APIS)
async def test_an_answer_that_keeps_the_line_alive_without_text_ends_at_the_bound(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, api: str
) -> None:
    # The server answers at once and sends a comment every 0.1 s for a minute before any text: no read
    # times out, the bound on the first token does.
    core = make_core(api, openai_timeout_seconds=1.0, openai_max_retries=2)
    fake_openai.then(Behaviour(stall_before_text=60), Behaviour(text="Too late."))

    with pytest.raises(ModelFailure) as failure:
        await asyncio.wait_for(core.chat.send_message(1, 7, "Hello", "r1", core.preview), HANG_GUARD_SECONDS)

    assert failure.value.kind is FailureKind.TIMEOUT
    assert core.preview.deltas == []
    assert len(fake_openai.requests) == 1, "an answer that has begun is not asked for again"
    assert await core.ledger(7) == []
