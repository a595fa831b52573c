"""One contract, both adapters (Responses and Chat Completions), the real SDK against the fake server."""

import asyncio
from collections.abc import Callable

import pytest

from application.model_io import FailureKind, ModelFailure
from domain.conversation import Role
from domain.usage import ModelUsage, UsageKind
from tests.openai.conftest import APIS, CHAT_MODEL, Core
from tests.support.fake_openai import Behaviour, FakeOpenAI

HANG_GUARD_SECONDS = 20
LONG_TEXT = "One two three four five six seven eight nine ten eleven twelve."


async def test_streamed_text_arrives_in_order_and_joins_to_the_final_text(
    core: Core, fake_openai: FakeOpenAI
) -> None:
    fake_openai.then(Behaviour(text=LONG_TEXT))

    reply = await core.chat.send_message(1, 7, "Count to twelve", "r1", core.preview)

    assert len(core.preview.deltas) > 5
    assert "".join(core.preview.deltas) == LONG_TEXT
    assert reply.text == LONG_TEXT
    assert core.preview.model_finished


async def test_usage_and_cost_are_recorded_once_per_call(core: Core, fake_openai: FakeOpenAI) -> None:
    fake_openai.then(Behaviour(input_tokens=1200, output_tokens=300, cached_tokens=200))

    first = await core.chat.send_message(1, 7, "Hello", "r1")
    again = await core.chat.send_message(1, 7, "Hello", "r1")

    records = await core.ledger(7)
    assert [r.request_id for r in records] == ["r1"]
    assert records[0].usage == ModelUsage(CHAT_MODEL, UsageKind.CHAT, 1200, 300, 200)
    # gpt-5-mini: 1000 fresh input at $0.25/M, 200 cached at $0.025/M, 300 output at $2.00/M.
    assert records[0].cost_micros == 250 + 5 + 600 == first.cost_micros
    assert again.repeated
    assert len(fake_openai.requests) == 1


async def test_a_cut_stream_records_the_tokens_billed_and_reports_the_interruption(
    core: Core, fake_openai: FakeOpenAI
) -> None:
    fake_openai.then(Behaviour(text=LONG_TEXT, cut_after=3))

    with pytest.raises(ModelFailure) as failure:
        await core.chat.send_message(1, 7, "Count to twelve", "r1", core.preview)

    assert failure.value.kind is FailureKind.INTERRUPTED
    assert "".join(core.preview.deltas) == "One two three "
    assert core.preview.model_finished, "the preview is told the model stopped, so it shows no more drafts"
    [record] = await core.ledger(7)
    assert record.request_id.startswith("r1:failed:")
    assert record.usage.output_tokens > 0 and record.usage.input_tokens > 0
    assert record.cost_micros > 0
    assert [(t.role, t.text) for t in await core.turns(1)] == [(Role.USER, "Count to twelve")]


async def test_a_stream_that_ends_without_finishing_is_an_interruption(
    core: Core, fake_openai: FakeOpenAI
) -> None:
    fake_openai.then(Behaviour(text=LONG_TEXT, end_early_after=2))

    with pytest.raises(ModelFailure) as failure:
        await core.chat.send_message(1, 7, "Count", "r1")

    assert failure.value.kind is FailureKind.INTERRUPTED
    assert len(await core.ledger(7)) == 1
    assert [t.role for t in await core.turns(1)] == [Role.USER]


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_a_transient_error_then_success_is_retried(
    core: Core, fake_openai: FakeOpenAI, status: int
) -> None:
    fake_openai.then(Behaviour(status=status), Behaviour(text="Back again."))

    reply = await core.chat.send_message(1, 7, "Hello", "r1")

    assert reply.text == "Back again."
    assert len(fake_openai.requests) == 2
    assert [r.request_id for r in await core.ledger(7)] == ["r1"]


@pytest.mark.parametrize(
    ("behaviour", "kind"),
    [
        (Behaviour(status=429), FailureKind.RATE_LIMITED),
        (Behaviour(status=500), FailureKind.UNAVAILABLE),
        (Behaviour(status=429, error_code="insufficient_quota"), FailureKind.UNAVAILABLE),
        (Behaviour(status=401), FailureKind.UNAVAILABLE),
        (Behaviour(status=400, error_code="content_policy_violation"), FailureKind.REFUSED),
    ],
)
async def test_a_failed_call_keeps_the_message_and_writes_no_reply(
    core: Core, fake_openai: FakeOpenAI, behaviour: Behaviour, kind: FailureKind
) -> None:
    fake_openai.then(behaviour, behaviour, behaviour)

    with pytest.raises(ModelFailure) as failure:
        await core.chat.send_message(1, 7, "Hello", "r1")

    assert failure.value.kind is kind
    assert "test-key" not in str(failure.value)
    assert [(t.role, t.text) for t in await core.turns(1)] == [(Role.USER, "Hello")]
    assert await core.ledger(7) == []


async def test_the_same_message_can_be_sent_again_after_a_failure(
    core: Core, fake_openai: FakeOpenAI
) -> None:
    fake_openai.then(*[Behaviour(status=500)] * 3, Behaviour(text="Now it works."))
    with pytest.raises(ModelFailure):
        await core.chat.send_message(1, 7, "Hello", "r1")

    reply = await core.chat.send_message(1, 7, "Hello", "r1")

    assert reply.text == "Now it works."
    assert [(t.role, t.text) for t in await core.turns(1)] == [
        (Role.USER, "Hello"),
        (Role.ASSISTANT, "Now it works."),
    ]


@pytest.mark.parametrize("api", APIS)
async def test_a_silent_server_gives_a_timeout_within_the_configured_bound(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, api: str
) -> None:
    core = make_core(api, openai_timeout_seconds=0.3, openai_max_retries=1)
    fake_openai.then(Behaviour(delay=60), Behaviour(delay=60))

    with pytest.raises(ModelFailure) as failure:
        await asyncio.wait_for(core.chat.send_message(1, 7, "Hello", "r1"), HANG_GUARD_SECONDS)

    assert failure.value.kind is FailureKind.TIMEOUT
    # The bound covers the retries too (ADR 25): the first attempt waited all of it, none is left.
    assert len(fake_openai.requests) == 1
    assert await core.ledger(7) == []


@pytest.mark.parametrize("api", APIS)
async def test_a_stream_that_stalls_times_out_and_bills_what_it_produced(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, api: str
) -> None:
    core = make_core(api, openai_timeout_seconds=0.3, openai_max_retries=0)
    fake_openai.then(Behaviour(text=LONG_TEXT, chunk_delay=30))

    with pytest.raises(ModelFailure) as failure:
        await asyncio.wait_for(core.chat.send_message(1, 7, "Hello", "r1", core.preview), HANG_GUARD_SECONDS)

    assert failure.value.kind is FailureKind.TIMEOUT
    assert core.preview.deltas == ["One "]
    [record] = await core.ledger(7)
    assert record.usage.output_tokens > 0


async def test_a_model_refusal_is_reported_and_its_tokens_recorded(
    core: Core, fake_openai: FakeOpenAI
) -> None:
    fake_openai.then(Behaviour(refusal="I can't help with that.", input_tokens=30, output_tokens=6))

    with pytest.raises(ModelFailure) as failure:
        await core.chat.send_message(1, 7, "Something forbidden", "r1")

    assert failure.value.kind is FailureKind.REFUSED
    assert failure.value.detail == "I can't help with that."
    [record] = await core.ledger(7)
    assert (record.usage.input_tokens, record.usage.output_tokens) == (30, 6)
    assert [t.role for t in await core.turns(1)] == [Role.USER]


async def test_a_content_filter_stop_is_a_refusal(core: Core, fake_openai: FakeOpenAI) -> None:
    fake_openai.then(Behaviour(text="Partial answer", incomplete_reason="content_filter"))

    with pytest.raises(ModelFailure) as failure:
        await core.chat.send_message(1, 7, "Hello", "r1")

    assert failure.value.kind is FailureKind.REFUSED
    assert len(await core.ledger(7)) == 1


async def test_an_unreachable_server_is_unavailable(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    for api in APIS:
        core = make_core(api, openai_base_url="http://127.0.0.1:9/v1", openai_max_retries=0)
        with pytest.raises(ModelFailure) as failure:
            await core.chat.send_message(1, 7, "Hello", f"r-{api}")
        assert failure.value.kind is FailureKind.UNAVAILABLE
        assert await core.ledger(7) == []


async def test_a_server_that_hangs_up_without_answering_is_unavailable_not_slow(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    for api in APIS:
        core = make_core(api, openai_max_retries=0)
        fake_openai.then(Behaviour(hang_up=True))
        with pytest.raises(ModelFailure) as failure:
            await core.chat.send_message(1, 7, "Hello", f"r-{api}")
        assert failure.value.kind is FailureKind.UNAVAILABLE
        assert await core.ledger(7) == []


@pytest.mark.parametrize(
    "reported_as", ["failed_code", "error_event_code"]
)  # a failed response, an `error` event
@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("rate_limit_exceeded", FailureKind.RATE_LIMITED),
        ("moderation_blocked", FailureKind.REFUSED),
        ("server_error", FailureKind.INTERRUPTED),
    ],
)
async def test_a_failure_reported_inside_the_stream_bills_what_was_produced(
    core: Core, fake_openai: FakeOpenAI, code: str, kind: FailureKind, reported_as: str
) -> None:
    fake_openai.then(Behaviour(text="Partial answer", **{reported_as: code}))

    with pytest.raises(ModelFailure) as failure:
        await core.chat.send_message(1, 7, "Hello", "r1")

    assert failure.value.kind is kind
    [record] = await core.ledger(7)
    assert record.request_id.startswith("r1:failed:") and record.usage.output_tokens > 0
    assert [t.role for t in await core.turns(1)] == [Role.USER]


@pytest.mark.parametrize("api", APIS)
async def test_stream_events_the_bot_does_not_know_are_passed_over(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, api: str
) -> None:
    core = make_core(api)
    fake_openai.then(Behaviour(text=LONG_TEXT, odd_events=True))

    reply = await core.chat.send_message(1, 7, "Count to twelve", "r1", core.preview)

    assert reply.text == LONG_TEXT
    assert "".join(core.preview.deltas) == LONG_TEXT
    [record] = await core.ledger(7)
    assert record.usage.output_tokens == 7
