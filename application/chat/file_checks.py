"""What a file must be before it is downloaded at all: images ≤ 20 MB JPEG/PNG/WebP, documents
≤ 15 MB PDF/TXT/DOCX (limits from configuration), judged from what the messenger says about it."""

from dataclasses import dataclass
from enum import StrEnum

from application.chat.attachments import AttachmentLimits
from application.messages import text
from application.model_io import DOCUMENT_MIME_TYPES, AttachmentProblem, AttachmentRefused

IMAGE_TYPES = {"image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",), "image/webp": (".webp",)}
DOCUMENT_SUFFIXES = (".pdf", ".txt", ".docx")
BYTES_PER_MB = 1024 * 1024


class FileKind(StrEnum):
    IMAGE = "image"
    DOCUMENT = "document"


@dataclass(frozen=True)
class FileOffer:
    """A file as announced in a message: name, declared type and size (unknown sizes are None)."""

    kind: FileKind
    filename: str
    mime_type: str
    size: int | None


def kind_of_document(filename: str, mime_type: str) -> FileKind:
    """A file sent as a document is read as an image when it says it is one."""
    name, mime = filename.lower(), mime_type.lower()
    if mime.startswith("image/") or name.endswith(sum(IMAGE_TYPES.values(), ())):
        return FileKind.IMAGE
    return FileKind.DOCUMENT


def check_offer(offer: FileOffer, limits: AttachmentLimits) -> None:
    """Raises AttachmentRefused when the file is too large or of a type that is not read."""
    limit = limit_of(offer.kind, limits)
    if offer.size is not None and offer.size > limit:
        raise AttachmentRefused(AttachmentProblem.TOO_LARGE, f"{offer.size} bytes; the limit is {limit}")
    if offer.size == 0:
        raise AttachmentRefused(AttachmentProblem.EMPTY)
    name, mime = offer.filename.lower(), offer.mime_type.lower()
    if offer.kind is FileKind.IMAGE:
        known = mime in IMAGE_TYPES if mime else name.endswith(sum(IMAGE_TYPES.values(), ()))
    else:
        known = mime in DOCUMENT_MIME_TYPES.values() or name.endswith(DOCUMENT_SUFFIXES)
    if not known:
        raise AttachmentRefused(AttachmentProblem.UNSUPPORTED, f"{offer.mime_type or offer.filename}")


def limit_of(kind: FileKind, limits: AttachmentLimits) -> int:
    return limits.max_image_bytes if kind is FileKind.IMAGE else limits.max_document_bytes


def describe_refusal(
    refused: AttachmentRefused, kind: FileKind, limits: AttachmentLimits, lang: str | None
) -> str:
    if refused.problem is AttachmentProblem.TOO_LARGE:
        megabytes = limit_of(kind, limits) / BYTES_PER_MB
        return text(f"file_too_large_{kind.value}", lang, limit=f"{megabytes:g}")
    if refused.problem is AttachmentProblem.UNSUPPORTED:
        return text(f"file_unsupported_{kind.value}", lang)
    return text(f"file_{refused.problem.value}", lang)
