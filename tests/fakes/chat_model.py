"""A ChatModel that plays back scripted replies, or fails on cue."""

from collections.abc import AsyncIterator

from application.model_io import GeneratedImage, ImageRequest, ModelFailure, Prompt, ReplyDone, TextDelta
from domain.usage import ModelUsage, UsageKind

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class FakeChatModel:
    def __init__(self, model: str = "fake-model") -> None:
        self.model = model
        self.prompts: list[Prompt] = []
        self.replies: list[str] = []
        self.failures: list[ModelFailure | None] = []
        self.image_requests: list[ImageRequest] = []
        self.image_model = "fake-image-model"
        self.summaries: list[str | BaseException] = []
        """What the next summary calls answer, or raise; after these, a summary naming its turns."""

    def will_reply(self, *texts: str) -> None:
        self.replies.extend(texts)

    def will_fail(self, failure: ModelFailure) -> None:
        self.failures.append(failure)

    @property
    def summary_prompts(self) -> list[Prompt]:
        return [prompt for prompt in self.prompts if prompt.kind is UsageKind.SUMMARY]

    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        self.prompts.append(prompt)
        if prompt.kind is UsageKind.SUMMARY:
            outcome = self.summaries.pop(0) if self.summaries else f"summary {len(self.summary_prompts)}"
            if isinstance(outcome, BaseException):
                raise outcome
            text = outcome
        else:
            failure = self.failures.pop(0) if self.failures else None
            if failure is not None:
                raise failure
            text = self.replies.pop(0) if self.replies else f"echo: {prompt.turns[-1].text}"
        for n, word in enumerate(text.split(" ")):
            yield TextDelta(word if n == 0 else " " + word)
        input_tokens = sum(len(t.text.split()) for t in prompt.turns) + len(prompt.instructions.split())
        kind = prompt.kind or UsageKind.CHAT
        yield ReplyDone(
            text, ModelUsage(prompt.model, kind, input_tokens=input_tokens, output_tokens=len(text.split()))
        )

    async def generate_image(self, request: ImageRequest) -> GeneratedImage:
        self.image_requests.append(request)
        if self.failures:
            failure = self.failures.pop(0)
            if failure is not None:
                raise failure
        usage = ModelUsage(self.image_model, UsageKind.IMAGE, images=1)
        return GeneratedImage(PNG_SIGNATURE + request.description.encode(), "image/png", usage)

    async def aclose(self) -> None:
        """Holds no connections."""
