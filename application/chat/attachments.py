"""Photos and documents: checked before any model call, then sent to the model with the user's words."""

import asyncio
from dataclasses import dataclass

from application.chat.service import ChatService, Reply
from application.model_io import (
    AttachmentProblem,
    AttachmentRefused,
    DocumentInput,
    DocumentKind,
    ImageInput,
    Upload,
)
from application.ports import DocumentReader, Preview

DEFAULT_PHOTO_REQUEST = "Describe this image."
DEFAULT_DOCUMENT_REQUEST = "Summarise this document."

IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_SUFFIXES = (".txt", ".md")


@dataclass(frozen=True)
class AttachmentLimits:
    max_image_bytes: int = 20 * 1024 * 1024
    max_document_bytes: int = 15 * 1024 * 1024


def check_size(upload: Upload, limit: int) -> None:
    if not upload.data:
        raise AttachmentRefused(AttachmentProblem.EMPTY, "the file is empty")
    if len(upload.data) > limit:
        raise AttachmentRefused(
            AttachmentProblem.TOO_LARGE, f"{len(upload.data)} bytes; the limit is {limit}"
        )


def image_mime_type(data: bytes) -> str | None:
    """The image type by its first bytes; the name or the declared type is never trusted."""
    for signature, mime_type in IMAGE_SIGNATURES:
        if data.startswith(signature):
            return mime_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_image(upload: Upload, limits: AttachmentLimits) -> ImageInput:
    check_size(upload, limits.max_image_bytes)
    mime_type = image_mime_type(upload.data)
    if mime_type is None:
        raise AttachmentRefused(AttachmentProblem.UNSUPPORTED, "only JPEG, PNG and WebP images are read")
    return ImageInput(upload.data, mime_type)


def document_kind(upload: Upload) -> DocumentKind:
    name, mime_type, head = upload.filename.lower(), upload.mime_type.lower(), upload.data[:1024]
    if b"%PDF-" in head:
        return DocumentKind.PDF
    if name.endswith(".pdf") or mime_type == "application/pdf":
        raise AttachmentRefused(AttachmentProblem.CORRUPT, "the file is named a PDF but is not one")
    if name.endswith(".docx") or mime_type == DOCX_MIME:
        if not head.startswith(b"PK\x03\x04"):
            raise AttachmentRefused(AttachmentProblem.CORRUPT, "the file is named a DOCX but is not one")
        return DocumentKind.DOCX
    if name.endswith(TEXT_SUFFIXES) or mime_type in ("text/plain", "text/markdown"):
        return DocumentKind.TXT
    raise AttachmentRefused(AttachmentProblem.UNSUPPORTED, "only PDF, DOCX and TXT documents are read")


class AttachmentService:
    def __init__(
        self,
        chat: ChatService,
        reader: DocumentReader,
        limits: AttachmentLimits,
        photo_request: str = DEFAULT_PHOTO_REQUEST,
        document_request: str = DEFAULT_DOCUMENT_REQUEST,
    ) -> None:
        self.chat, self.reader, self.limits = chat, reader, limits
        self.photo_request, self.document_request = photo_request, document_request

    async def send_photo(
        self,
        chat_id: int,
        user_id: int,
        upload: Upload,
        caption: str,
        request_id: str,
        preview: Preview | None = None,
    ) -> Reply:
        """Check the image, then ask the model about it (the caption, or a request to describe it)."""
        image = check_image(upload, self.limits)
        question = caption.strip() or self.photo_request
        text = f"[photo] {question}"
        return await self.chat.send_attachment(chat_id, user_id, image, text, request_id, preview)

    async def send_document(
        self,
        chat_id: int,
        user_id: int,
        upload: Upload,
        caption: str,
        request_id: str,
        preview: Preview | None = None,
    ) -> Reply:
        """Check and read the document, then ask the model about it (the caption, or a summary)."""
        document = await self.read_document(upload)
        question = caption.strip() or self.document_request
        text = f"[document: {document.filename}] {question}"
        return await self.chat.send_attachment(chat_id, user_id, document, text, request_id, preview)

    async def read_document(self, upload: Upload) -> DocumentInput:
        """Raises AttachmentRefused for an empty, oversized, unsupported, corrupt or unsafe file."""
        check_size(upload, self.limits.max_document_bytes)
        kind = document_kind(upload)
        return await asyncio.to_thread(self.reader.read, upload, kind)
