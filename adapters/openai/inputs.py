"""Prompt -> the request's history: Responses `input` items and Chat Completions `messages`."""

import base64
from typing import Any, cast

from openai.types.responses.response_input_param import ResponseInputParam

from application.model_io import Attachment, DocumentInput, DocumentKind, ImageInput, Prompt

NO_TEXT_NOTE = "(no text could be read from this document)"


def data_url(mime_type: str, data: bytes) -> str:
    return f"data:{mime_type};base64,{base64.b64encode(data).decode('ascii')}"


def document_as_text(document: DocumentInput) -> str:
    return f"Document «{document.filename}»:\n{document.text or NO_TEXT_NOTE}"


def responses_input(prompt: Prompt, image_detail: str, pdf_as_file: bool) -> ResponseInputParam:
    items: list[dict[str, Any]] = [{"role": t.role.value, "content": t.text} for t in prompt.turns]
    if prompt.attachments and items:
        last = items[-1]
        parts = [_responses_part(a, image_detail, pdf_as_file) for a in prompt.attachments]
        last["content"] = [*parts, {"type": "input_text", "text": last["content"]}]
    return cast(ResponseInputParam, items)


def _responses_part(attachment: Attachment, image_detail: str, pdf_as_file: bool) -> dict[str, Any]:
    if isinstance(attachment, ImageInput):
        url = data_url(attachment.mime_type, attachment.data)
        return {"type": "input_image", "image_url": url, "detail": image_detail}
    if attachment.kind is DocumentKind.PDF and pdf_as_file:
        url = data_url(attachment.mime_type, attachment.data)
        return {"type": "input_file", "filename": attachment.filename, "file_data": url}
    return {"type": "input_text", "text": document_as_text(attachment)}


def chat_messages(prompt: Prompt, image_detail: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    if prompt.instructions:
        messages.append({"role": "system", "content": prompt.instructions})
    messages += [{"role": t.role.value, "content": t.text} for t in prompt.turns]
    if prompt.attachments and prompt.turns:
        last = messages[-1]
        parts = [_chat_part(a, image_detail) for a in prompt.attachments]
        last["content"] = [*parts, {"type": "text", "text": last["content"]}]
    return messages


def _chat_part(attachment: Attachment, image_detail: str) -> dict[str, Any]:
    if isinstance(attachment, ImageInput):
        url = data_url(attachment.mime_type, attachment.data)
        return {"type": "image_url", "image_url": {"url": url, "detail": image_detail}}
    return {"type": "text", "text": document_as_text(attachment)}
