"""Chatting with the model: a message in, a streamed reply out, its usage recorded; attachments,
images, context, preferences, history and export."""

from application.chat.attachments import AttachmentLimits, AttachmentService
from application.chat.context import ContextSettings
from application.chat.preferences import PreferencesService
from application.chat.service import ChatService, ImageReply, Reply

__all__ = [
    "AttachmentLimits",
    "AttachmentService",
    "ChatService",
    "ContextSettings",
    "ImageReply",
    "PreferencesService",
    "Reply",
]
