"""Both adapters mark the usage they charge from the bot's own count, and only that usage."""

import pytest

from application.model_io import FailureKind, ModelFailure
from domain.usage import ModelUsage, UsageKind
from tests.openai.conftest import CHAT_MODEL, Core
from tests.support.fake_openai import Behaviour, FakeOpenAI

LONG_TEXT = "One two three four five six seven eight nine ten eleven twelve."


async def test_usage_the_provider_reports_is_recorded_as_reported(
    core: Core, fake_openai: FakeOpenAI
) -> None:
    fake_openai.then(Behaviour(input_tokens=1200, output_tokens=300, cached_tokens=200))

    await core.chat.send_message(1, 7, "Hello", "r1")

    [record] = await core.ledger(7)
    assert record.usage == ModelUsage(CHAT_MODEL, UsageKind.CHAT, 1200, 300, 200, estimated=False)


async def test_a_cut_stream_is_charged_from_an_estimate_marked_as_estimated(
    core: Core, fake_openai: FakeOpenAI
) -> None:
    fake_openai.then(Behaviour(text=LONG_TEXT, cut_after=3))

    with pytest.raises(ModelFailure) as failure:
        await core.chat.send_message(1, 7, "Count to twelve", "r1", core.preview)

    assert failure.value.kind is FailureKind.INTERRUPTED
    [record] = await core.ledger(7)
    assert record.usage.estimated
    assert record.usage.output_tokens > 0 and record.cost_micros > 0


async def test_a_finished_reply_without_usage_is_charged_from_an_estimate_marked_as_estimated(
    core: Core, fake_openai: FakeOpenAI
) -> None:
    fake_openai.then(Behaviour(text=LONG_TEXT, reports_usage=False, input_tokens=99_999))

    reply = await core.chat.send_message(1, 7, "Count to twelve", "r1")

    assert reply.text == LONG_TEXT
    [record] = await core.ledger(7)
    assert record.usage.estimated
    assert 0 < record.usage.input_tokens < 99_999, "counted by the bot, not taken from the server"
    assert record.usage.output_tokens > 0 and record.cost_micros == reply.cost_micros > 0
