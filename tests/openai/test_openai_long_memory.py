"""Long memory through the real openai SDK: the summary is its own bounded call, charged as a summary,
and the replies after it start from it."""

import json
from collections.abc import Callable

import pytest

from application.chat.context import SUMMARY_NOTE
from application.chat.memory import SUMMARY_INSTRUCTIONS
from domain.usage import UsageKind
from tests.openai.conftest import APIS, SYSTEM_PROMPT, Core
from tests.support.fake_openai import Behaviour, FakeOpenAI, SeenRequest

CHAT, USER = 5, 77
BOUND = {"responses": "max_output_tokens", "chat_completions": "max_completion_tokens"}
PATHS = {"responses": "/v1/responses", "chat_completions": "/v1/chat/completions"}


def is_summary(request: SeenRequest) -> bool:
    return SUMMARY_INSTRUCTIONS in json.dumps(request.body)


@pytest.mark.parametrize("api", APIS)
async def test_a_long_conversation_is_summarised_in_a_bounded_call_of_its_own(
    api: str, make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    core = make_core(api, long_memory=True, context_max_tokens=256, summary_max_tokens=40)

    fake_openai.then(*[Behaviour(text="The user counts.")] * 30)  # every reply, and so the summary
    for n in range(12):
        await core.chat.send_message(CHAT, USER, f"message {n}: " + "words " * 30, f"r{n}")
        if any(is_summary(r) for r in fake_openai.seen(PATHS[api])):
            break

    calls = fake_openai.seen(PATHS[api])
    [summary] = [r for r in calls if is_summary(r)]
    assert summary.body[BOUND[api]] == 40
    assert BOUND[api] not in calls[-1].body  # the reply itself is not bounded
    assert "message 0: " in json.dumps(summary.body)
    [record] = [r for r in await core.ledger(USER) if r.usage.kind is UsageKind.SUMMARY]
    assert record.request_id.startswith(f"r{n}:summary:")
    assert (record.usage.input_tokens, record.usage.output_tokens) == (42, 7)
    assert record.cost_micros == core.prices.cost_micros(record.usage) > 0
    reply = json.dumps(calls[-1].body)
    assert json.dumps(f"{SYSTEM_PROMPT}\n\n{SUMMARY_NOTE}\nThe user counts.")[1:-1] in reply
    assert "message 0: " not in reply
    assert len(await core.turns(CHAT)) == 2 * (n + 1)  # every turn is still in the conversation
