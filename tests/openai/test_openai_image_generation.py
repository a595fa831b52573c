"""Image generation: the picture comes back as bytes, priced from configuration, noted in the chat."""

from collections.abc import Callable

import pytest

from application.errors import BudgetExceeded
from application.model_io import FailureKind, ModelFailure
from domain.budget import Limits
from domain.conversation import Role
from domain.usage import ModelUsage, UsageKind
from tests.openai.conftest import Core
from tests.support.fake_openai import Behaviour, FakeOpenAI
from tests.support.sample_files import png_bytes


async def test_the_generated_image_reaches_the_caller_as_bytes_at_the_configured_price(
    core: Core, fake_openai: FakeOpenAI
) -> None:
    picture = png_bytes(8, 8, (10, 120, 240))
    fake_openai.then(Behaviour(image=picture))

    reply = await core.chat.generate_image(1, 7, "a blue square", "r1")

    assert reply.data == picture and reply.mime_type == "image/png"
    [request] = fake_openai.seen("/v1/images/generations")
    assert request.body == {
        "model": "gpt-image-2",
        "prompt": "a blue square",
        "size": "1024x1024",
        "quality": "medium",
        "n": 1,
    }
    [record] = await core.ledger(7)
    assert record.usage == ModelUsage("gpt-image-2", UsageKind.IMAGE, images=1)
    assert record.cost_micros == 53_000 == reply.cost_micros  # config/prices.toml: 1024x1024 medium


async def test_image_size_quality_and_price_follow_the_settings(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    core = make_core("responses", openai_image_size="1536x1024", openai_image_quality="high")

    reply = await core.chat.generate_image(1, 7, "a wide landscape", "r1")

    body = fake_openai.seen("/v1/images/generations")[0].body
    assert (body["size"], body["quality"]) == ("1536x1024", "high")
    assert reply.cost_micros == 165_000


async def test_an_image_that_would_pass_the_daily_budget_is_refused_before_it_is_drawn(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    core = make_core("responses", limits=Limits(daily_micros=50_000))  # an image costs $0.053

    with pytest.raises(BudgetExceeded):
        await core.chat.generate_image(1, 7, "a cat", "r1")

    assert fake_openai.seen("/v1/images/generations") == []
    assert await core.ledger(7) == []


async def test_the_image_is_noted_in_the_conversation_and_not_generated_twice(
    core: Core, fake_openai: FakeOpenAI
) -> None:
    await core.chat.generate_image(1, 7, "a cat", "r1")
    again = await core.chat.generate_image(1, 7, "a cat", "r1")

    assert again.repeated
    assert len(fake_openai.seen("/v1/images/generations")) == 1
    assert [(t.role, t.text) for t in await core.turns(1)] == [
        (Role.USER, "[image request] a cat"),
        (Role.ASSISTANT, "[image generated] a cat"),
    ]
    assert len(await core.ledger(7)) == 1


@pytest.mark.parametrize(
    ("behaviour", "kind"),
    [
        (Behaviour(status=400, error_code="content_policy_violation"), FailureKind.REFUSED),
        (Behaviour(status=400, error_code="moderation_blocked"), FailureKind.REFUSED),
        (Behaviour(status=429), FailureKind.RATE_LIMITED),
        (Behaviour(status=500), FailureKind.UNAVAILABLE),
    ],
)
async def test_a_failed_image_is_explained_and_costs_nothing(
    core: Core, fake_openai: FakeOpenAI, behaviour: Behaviour, kind: FailureKind
) -> None:
    fake_openai.then(behaviour, behaviour, behaviour)

    with pytest.raises(ModelFailure) as failure:
        await core.chat.generate_image(1, 7, "something", "r1")

    assert failure.value.kind is kind
    assert await core.ledger(7) == []
    assert [t.role for t in await core.turns(1)] == [Role.USER]
