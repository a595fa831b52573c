"""The embedded default ChatModel when no API key is set: deterministic, and honest about it."""

from collections.abc import AsyncIterator

from application.chat.context import prompt_tokens
from application.model_io import (
    FailureKind,
    GeneratedImage,
    ImageRequest,
    ModelFailure,
    Prompt,
    ReplyDone,
    TextDelta,
)
from application.ports import TokenCounter
from domain.usage import ModelUsage

OFFLINE_MODEL = "offline"
NOTICE = "No language model is configured (set OPENAI_API_KEY to use one), so this is an offline echo."


class OfflineChatModel:
    def __init__(self, counter: TokenCounter) -> None:
        self.counter = counter

    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        last = prompt.turns[-1].text if prompt.turns else ""
        excerpt = last if len(last) <= 200 else last[:200] + "…"
        text = f"{NOTICE}\nYou said: {excerpt}"
        for line in text.splitlines(keepends=True):
            yield TextDelta(line)
        input_tokens = prompt_tokens(prompt, self.counter)
        usage = ModelUsage(OFFLINE_MODEL, input_tokens=input_tokens, output_tokens=self.counter.count(text))
        yield ReplyDone(text, usage)

    async def generate_image(self, request: ImageRequest) -> GeneratedImage:
        raise ModelFailure(FailureKind.UNAVAILABLE, "image generation needs OPENAI_API_KEY")

    async def aclose(self) -> None:
        """Holds no connections."""
