"""Files judged before download: size limits and the types that are read."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from application.chat.attachments import AttachmentLimits
from application.chat.file_checks import FileKind, FileOffer, check_offer, describe_refusal, kind_of_document
from application.model_io import AttachmentProblem, AttachmentRefused

LIMITS = AttachmentLimits()


@pytest.mark.parametrize(
    ("filename", "mime", "kind"),
    [
        ("a.pdf", "application/pdf", FileKind.DOCUMENT),
        ("notes.txt", "text/plain", FileKind.DOCUMENT),
        ("scan.PNG", "", FileKind.IMAGE),
        ("photo", "image/webp", FileKind.IMAGE),
    ],
)
def test_files_sent_as_documents_are_sorted_by_what_they_say_they_are(
    filename: str, mime: str, kind: FileKind
) -> None:
    assert kind_of_document(filename, mime) is kind


@given(size=st.integers(min_value=1, max_value=LIMITS.max_image_bytes))
def test_any_jpeg_up_to_the_limit_is_accepted(size: int) -> None:
    check_offer(FileOffer(FileKind.IMAGE, "p.jpg", "image/jpeg", size), LIMITS)


@given(extra=st.integers(min_value=1, max_value=10**9))
def test_any_document_over_the_limit_is_refused_as_too_large(extra: int) -> None:
    offer = FileOffer(FileKind.DOCUMENT, "a.pdf", "application/pdf", LIMITS.max_document_bytes + extra)
    with pytest.raises(AttachmentRefused) as refused:
        check_offer(offer, LIMITS)
    assert refused.value.problem is AttachmentProblem.TOO_LARGE


@pytest.mark.parametrize(
    ("offer", "problem"),
    [
        (FileOffer(FileKind.IMAGE, "a.gif", "image/gif", 10), AttachmentProblem.UNSUPPORTED),
        (
            FileOffer(FileKind.DOCUMENT, "a.exe", "application/octet-stream", 10),
            AttachmentProblem.UNSUPPORTED,
        ),
        (FileOffer(FileKind.DOCUMENT, "a.txt", "text/plain", 0), AttachmentProblem.EMPTY),
    ],
)
def test_unreadable_offers_are_refused(offer: FileOffer, problem: AttachmentProblem) -> None:
    with pytest.raises(AttachmentRefused) as refused:
        check_offer(offer, LIMITS)
    assert refused.value.problem is problem


def test_refusal_names_the_limit_in_megabytes_in_the_users_language() -> None:
    refused = AttachmentRefused(AttachmentProblem.TOO_LARGE)
    assert "15 МБ" in describe_refusal(refused, FileKind.DOCUMENT, LIMITS, "ru")
    assert "20 MB" in describe_refusal(refused, FileKind.IMAGE, LIMITS, "en")
