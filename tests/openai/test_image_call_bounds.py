"""Image generation has a bound of its own, OPENAI_IMAGE_TIMEOUT_SECONDS, retries included (ADR 25): an
image takes 10 to 60 s at the provider and arrives in one piece."""

import asyncio
from collections.abc import Callable

import pytest

from application.model_io import FailureKind, ModelFailure
from tests.openai.conftest import Core
from tests.support.fake_openai import Behaviour, FakeOpenAI

HANG_GUARD_SECONDS = 30


async def test_an_image_has_its_own_longer_bound(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    core = make_core("responses", openai_timeout_seconds=0.3, openai_image_timeout_seconds=10.0)
    fake_openai.then(Behaviour(delay=1.0))

    image = await asyncio.wait_for(core.chat.generate_image(1, 7, "a red square", "r1"), HANG_GUARD_SECONDS)

    assert image.data.startswith(b"\x89PNG")
    assert len(fake_openai.seen("/v1/images/generations")) == 1


async def test_an_image_that_takes_longer_than_its_bound_is_a_timeout_after_one_attempt(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    core = make_core("responses", openai_image_timeout_seconds=0.5, openai_max_retries=2)
    fake_openai.then(*[Behaviour(delay=60)] * 3)

    with pytest.raises(ModelFailure) as failure:
        await asyncio.wait_for(core.chat.generate_image(1, 7, "a red square", "r1"), HANG_GUARD_SECONDS)

    assert failure.value.kind is FailureKind.TIMEOUT
    assert len(fake_openai.seen("/v1/images/generations")) == 1


async def test_a_failed_image_is_retried_within_its_bound(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    core = make_core("responses", openai_image_timeout_seconds=10.0, openai_max_retries=2)
    fake_openai.then(Behaviour(status=500), Behaviour())

    image = await asyncio.wait_for(core.chat.generate_image(1, 7, "a red square", "r1"), HANG_GUARD_SECONDS)

    assert image.data.startswith(b"\x89PNG")
    assert len(fake_openai.seen("/v1/images/generations")) == 2
