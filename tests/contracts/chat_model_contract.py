"""What every ChatModel promises. Subclass it and provide `model` (and `draws_images`) for each
implementation: the offline model, the fakes, and the OpenAI adapters against the fake server."""

from collections.abc import AsyncIterator

import pytest

from application.model_io import (
    FailureKind,
    ImageRequest,
    ModelFailure,
    Prompt,
    PromptTurn,
    ReplyDone,
    TextDelta,
)
from application.ports import ChatModel
from domain.conversation import Role
from domain.usage import UsageKind

PROMPT = Prompt(
    model="gpt-5-mini",
    instructions="Answer briefly.",
    turns=(
        PromptTurn(Role.USER, "What is the capital of France?"),
        PromptTurn(Role.ASSISTANT, "Paris."),
        PromptTurn(Role.USER, "And of Italy? <b>bold</b> & *stars*"),
    ),
    user_id=7,
)


class ChatModelContract:
    draws_images = True
    """Whether the model draws images; one that does not refuses with ModelFailure(UNAVAILABLE)."""

    @pytest.fixture
    async def model(self) -> AsyncIterator[ChatModel]:
        raise NotImplementedError
        yield

    async def test_a_reply_streams_pieces_then_ends_once_with_the_whole_text(self, model: ChatModel) -> None:
        items = [item async for item in model.stream_reply(PROMPT)]
        *pieces, done = items
        assert all(isinstance(piece, TextDelta) for piece in pieces)
        assert isinstance(done, ReplyDone)
        assert done.text.strip()
        assert "".join(piece.text for piece in pieces if isinstance(piece, TextDelta)) == done.text

    async def test_a_reply_reports_the_tokens_it_used(self, model: ChatModel) -> None:
        done = [item async for item in model.stream_reply(PROMPT)][-1]
        assert isinstance(done, ReplyDone)
        assert done.usage.model
        assert done.usage.kind is UsageKind.CHAT
        assert done.usage.input_tokens > 0 and done.usage.output_tokens > 0

    async def test_the_same_model_answers_one_prompt_after_another(self, model: ChatModel) -> None:
        for _ in range(2):
            done = [item async for item in model.stream_reply(PROMPT)][-1]
            assert isinstance(done, ReplyDone)

    async def test_an_image_is_drawn_and_charged_or_refused_as_unavailable(self, model: ChatModel) -> None:
        request = ImageRequest("a red bicycle", user_id=7)
        if not self.draws_images:
            with pytest.raises(ModelFailure) as refused:
                await model.generate_image(request)
            assert refused.value.kind is FailureKind.UNAVAILABLE
            return
        image = await model.generate_image(request)
        assert image.data and image.mime_type.startswith("image/")
        assert image.usage.kind is UsageKind.IMAGE and image.usage.images == 1

    async def test_closing_twice_is_harmless(self, model: ChatModel) -> None:
        await model.aclose()
        await model.aclose()
