"""What a reply has produced so far, so a broken stream can still be billed."""

from dataclasses import replace

from adapters.openai.web_search import SearchTrace
from application.chat.context import prompt_tokens
from application.model_io import DocumentInput, ImageInput, Prompt
from application.ports import TokenCounter
from domain.usage import ModelUsage, UsageKind

# Providers bill an image by its tiles; this is a deliberately high per-image estimate.
IMAGE_TOKEN_ESTIMATE = 1500


def usage_kind(prompt: Prompt) -> UsageKind:
    if prompt.kind is not None:
        return prompt.kind
    if any(isinstance(a, DocumentInput) for a in prompt.attachments):
        return UsageKind.DOCUMENT
    if any(isinstance(a, ImageInput) for a in prompt.attachments):
        return UsageKind.VISION
    return UsageKind.CHAT


def estimated_input_tokens(prompt: Prompt, counter: TokenCounter) -> int:
    total = prompt_tokens(prompt, counter)
    for attachment in prompt.attachments:
        if isinstance(attachment, ImageInput):
            total += IMAGE_TOKEN_ESTIMATE
        else:
            total += counter.count(attachment.text)
    return total


class PartialReply:
    def __init__(self, prompt: Prompt, counter: TokenCounter) -> None:
        self.prompt, self.counter = prompt, counter
        self.kind = usage_kind(prompt)
        self.pieces: list[str] = []
        self.refusal: list[str] = []
        self.searches = SearchTrace()

    def add(self, delta: str) -> None:
        self.pieces.append(delta)

    @property
    def text(self) -> str:
        return "".join(self.pieces)

    @property
    def refusal_text(self) -> str:
        return "".join(self.refusal)

    def usage(self, input_tokens: int, output_tokens: int, cached_tokens: int) -> ModelUsage:
        cached = min(max(cached_tokens, 0), max(input_tokens, 0))
        return ModelUsage(
            self.prompt.model,
            self.kind,
            max(input_tokens, 0),
            max(output_tokens, 0),
            cached,
            web_searches=len(self.searches.calls),
        )

    def estimate(self) -> ModelUsage:
        """Our own count, marked as estimated, for a server that reports no usage."""
        output = self.counter.count(self.text + self.refusal_text)
        counted = self.usage(estimated_input_tokens(self.prompt, self.counter), output, 0)
        return replace(counted, estimated=True)

    def billed(self) -> ModelUsage | None:
        """The estimated charge for a reply cut short: None when nothing was produced yet."""
        return self.estimate() if self.pieces or self.refusal or self.searches.calls else None
