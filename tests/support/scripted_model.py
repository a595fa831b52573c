"""A ChatModel that streams scripted replies in pieces, optionally slowly, and notes how many runs overlap."""

import asyncio
from collections.abc import AsyncIterator

from application.model_io import GeneratedImage, ImageRequest, ModelFailure, Prompt, ReplyDone, TextDelta
from domain.usage import ModelUsage, UsageKind


class ScriptedChatModel:
    def __init__(self, pieces: int = 4, pause: float = 0.0) -> None:
        self.pieces, self.pause = pieces, pause
        self.replies: list[str] = []
        self.failures: list[ModelFailure] = []
        self.prompts: list[Prompt] = []
        self.running = 0
        self.most_at_once = 0

    def will_reply(self, *texts: str) -> None:
        self.replies.extend(texts)

    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        self.prompts.append(prompt)
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        try:
            if self.failures:
                raise self.failures.pop(0)
            text = self.replies.pop(0) if self.replies else f"echo: {prompt.turns[-1].text}"
            size = max(1, -(-len(text) // self.pieces))
            for start in range(0, len(text), size):
                if self.pause:
                    await asyncio.sleep(self.pause)
                yield TextDelta(text[start : start + size])
            usage = ModelUsage(
                prompt.model,
                prompt.kind or UsageKind.CHAT,
                input_tokens=10 * len(prompt.turns),
                output_tokens=len(text.split()) + 1,
            )
            yield ReplyDone(text, usage)
        finally:
            self.running -= 1

    async def generate_image(self, request: ImageRequest) -> GeneratedImage:
        usage = ModelUsage("scripted-image", UsageKind.IMAGE, images=1)
        return GeneratedImage(b"\x89PNG\r\n\x1a\n" + request.description.encode(), "image/png", usage)

    async def aclose(self) -> None:
        """Holds no connections."""
