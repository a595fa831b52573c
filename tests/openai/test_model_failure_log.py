"""Every model failure leaves one WARNING line: its kind, the model, the bot's request id and the
provider's, never what the user wrote nor what the model answered."""

import asyncio
import logging
from collections.abc import Callable

import pytest

from application.model_io import FailureKind, ModelFailure
from tests.openai.conftest import APIS, CHAT_MODEL, Core
from tests.support.fake_openai import Behaviour, FakeOpenAI

HANG_GUARD_SECONDS = 30
USER_TEXT = "my private question about the harbour"
PARTIAL_REPLY = "The beginning of a confidential answer"


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def said(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("api", APIS)
async def test_a_failure_after_the_retries_is_logged_once_with_the_last_request_id(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, caplog: pytest.LogCaptureFixture, api: str
) -> None:
    caplog.set_level(logging.INFO)
    core = make_core(api, watched=True, openai_max_retries=2)
    fake_openai.then(*[Behaviour(status=500)] * 3)

    with pytest.raises(ModelFailure):
        await core.chat.send_message(1, 7, USER_TEXT, "telegram:1")

    [line] = warnings(caplog)
    assert "unavailable" in line and CHAT_MODEL in line and "telegram:1" in line and "req_fake_3" in line
    assert USER_TEXT not in said(caplog)


@pytest.mark.parametrize("api", APIS)
async def test_a_timeout_is_logged_once_without_a_request_id_it_never_got(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, caplog: pytest.LogCaptureFixture, api: str
) -> None:
    caplog.set_level(logging.INFO)
    core = make_core(api, watched=True, openai_timeout_seconds=0.3, openai_max_retries=2)
    fake_openai.then(*[Behaviour(delay=60)] * 3)

    with pytest.raises(ModelFailure):
        await asyncio.wait_for(core.chat.send_message(1, 7, USER_TEXT, "telegram:1"), HANG_GUARD_SECONDS)

    [line] = warnings(caplog)
    assert "timeout" in line and CHAT_MODEL in line and "telegram:1" in line and "none given" in line
    assert USER_TEXT not in said(caplog)


@pytest.mark.parametrize("api", APIS)
async def test_a_stream_cut_by_the_provider_is_logged_once_without_the_partial_reply(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, caplog: pytest.LogCaptureFixture, api: str
) -> None:
    caplog.set_level(logging.INFO)
    core = make_core(api, watched=True)
    fake_openai.then(Behaviour(text=PARTIAL_REPLY, error_event_code="server_error"))

    with pytest.raises(ModelFailure) as failure:
        await core.chat.send_message(1, 7, USER_TEXT, "telegram:1", core.preview)

    assert failure.value.kind is FailureKind.INTERRUPTED
    assert core.preview.deltas, "the reply had started"
    [line] = warnings(caplog)
    assert "interrupted" in line and CHAT_MODEL in line and "telegram:1" in line and "req_fake_1" in line
    assert USER_TEXT not in said(caplog) and "confidential" not in said(caplog)


async def test_a_refusal_is_logged_once_without_its_words(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    core = make_core("responses", watched=True)
    fake_openai.then(Behaviour(refusal="I will not discuss the harbour."))

    with pytest.raises(ModelFailure):
        await core.chat.send_message(1, 7, USER_TEXT, "telegram:1")

    [line] = warnings(caplog)
    assert "refused" in line and CHAT_MODEL in line and "telegram:1" in line
    assert "harbour" not in said(caplog)


async def test_a_failed_image_is_logged_once_with_the_image_model(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    core = make_core("responses", watched=True, openai_max_retries=0)
    fake_openai.then(Behaviour(status=400))

    with pytest.raises(ModelFailure):
        await core.chat.generate_image(1, 7, "a lighthouse by the harbour", "telegram:1")

    [line] = warnings(caplog)
    assert "unavailable" in line and core.settings.openai_image_model in line
    assert "telegram:1" in line and "req_fake_1" in line
    assert "harbour" not in said(caplog)
