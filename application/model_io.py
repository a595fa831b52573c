"""What goes to a chat model and what comes back from it."""

from dataclasses import dataclass
from enum import StrEnum

from application.errors import ApplicationError
from domain.conversation import Role
from domain.usage import ModelUsage, UsageKind


@dataclass(frozen=True)
class PromptTurn:
    role: Role
    text: str


@dataclass(frozen=True)
class Upload:
    """A file as the user sent it, before any check."""

    filename: str
    data: bytes
    mime_type: str = ""


@dataclass(frozen=True)
class ImageInput:
    data: bytes
    mime_type: str


class DocumentKind(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    TXT = "txt"


@dataclass(frozen=True)
class DocumentInput:
    """A checked document: its bytes as sent and the text read from it (may be empty for a PDF)."""

    filename: str
    kind: DocumentKind
    data: bytes
    text: str

    @property
    def mime_type(self) -> str:
        return DOCUMENT_MIME_TYPES[self.kind]


DOCUMENT_MIME_TYPES = {
    DocumentKind.PDF: "application/pdf",
    DocumentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentKind.TXT: "text/plain",
}

Attachment = ImageInput | DocumentInput


@dataclass(frozen=True)
class AudioInput:
    """Speech to transcribe: its bytes as sent, a file name whose suffix names the format the
    transcription service reads it as, and its length in whole seconds (rounded up)."""

    filename: str
    data: bytes
    mime_type: str
    seconds: int
    request_id: str = ""


@dataclass(frozen=True)
class Transcript:
    text: str
    usage: ModelUsage


@dataclass(frozen=True)
class Speech:
    """A reply spoken: OGG/Opus audio, with what the call was billed."""

    audio: bytes
    usage: ModelUsage


class AttachmentProblem(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    UNSUPPORTED = "unsupported"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    TOO_COMPLEX = "too_complex"
    NO_TEXT = "no_text"


class AttachmentRefused(ApplicationError):
    """A file that is not sent to any model; `problem` says why, in terms the user can act on."""

    def __init__(self, problem: AttachmentProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem, self.detail = problem, detail


@dataclass(frozen=True)
class Prompt:
    model: str
    instructions: str
    turns: tuple[PromptTurn, ...]
    user_id: int = 0
    attachments: tuple[Attachment, ...] = ()
    """Files that belong to the newest user turn."""
    request_id: str = ""
    """The bot's id of the request this prompt answers (`telegram:<update>`), for the logs."""
    max_output_tokens: int | None = None
    """A bound on the reply's length; None leaves it to the model."""
    kind: UsageKind | None = None
    """What the call is recorded as; None: a chat, vision or document call, by its attachments."""
    web_search: bool = False
    """The model may search the web for this reply (a server without the tool answers without it)."""


@dataclass(frozen=True)
class TextDelta:
    text: str


@dataclass(frozen=True)
class Source:
    """A web page the reply cites."""

    url: str
    title: str


@dataclass(frozen=True)
class ReplyDone:
    text: str
    usage: ModelUsage
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class ImageRequest:
    description: str
    user_id: int = 0
    request_id: str = ""


@dataclass(frozen=True)
class GeneratedImage:
    data: bytes
    mime_type: str
    usage: ModelUsage
    revised_prompt: str = ""


class FailureKind(StrEnum):
    RATE_LIMITED = "rate_limited"
    TIMEOUT = "timeout"
    UNAVAILABLE = "unavailable"
    REFUSED = "refused"
    INTERRUPTED = "interrupted"


class ModelFailure(Exception):
    """A model call that did not produce a reply; `billed` is what the provider charged anyway, and
    `request_id` the provider's id of the request that failed, when it gave one."""

    def __init__(
        self,
        kind: FailureKind,
        detail: str = "",
        billed: ModelUsage | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind, self.detail, self.billed = kind, detail, billed
        self.request_id = request_id
