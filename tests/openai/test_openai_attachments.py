"""Photos and documents reach the model in the right shape; unsafe or broken files never do."""

import base64
from collections.abc import Callable
from typing import Any

import pytest

from application.model_io import AttachmentProblem, AttachmentRefused, Upload
from domain.conversation import Role
from domain.usage import UsageKind
from tests.openai.conftest import Core
from tests.support.fake_openai import FakeOpenAI
from tests.support.sample_files import (
    corrupt_pdf_bytes,
    docx_bytes,
    docx_zip_bomb,
    encrypted_pdf_bytes,
    pdf_bytes,
    png_bytes,
)

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def last_user_content(fake_openai: FakeOpenAI) -> list[dict[str, Any]]:
    request = fake_openai.requests[-1]
    messages = request.body.get("input") or request.body["messages"]
    content: list[dict[str, Any]] = messages[-1]["content"]
    return content


def data_of(url: str, mime_type: str) -> bytes:
    prefix = f"data:{mime_type};base64,"
    assert url.startswith(prefix)
    return base64.b64decode(url[len(prefix) :])


async def test_a_photo_reaches_the_responses_api_as_an_input_image(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    core = make_core("responses", openai_image_detail="high")
    png = png_bytes(3, 2)

    await core.attachments.send_photo(1, 7, Upload("cat.png", png), "What colour is it?", "r1")

    image, question = last_user_content(fake_openai)
    assert image["type"] == "input_image" and image["detail"] == "high"
    assert data_of(image["image_url"], "image/png") == png
    assert question == {"type": "input_text", "text": "[photo] What colour is it?"}
    [record] = await core.ledger(7)
    assert record.usage.kind is UsageKind.VISION


async def test_a_photo_reaches_chat_completions_as_an_image_url(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    core = make_core("chat_completions")
    png = png_bytes()

    await core.attachments.send_photo(1, 7, Upload("cat.png", png), "", "r1")

    image, question = last_user_content(fake_openai)
    assert image["type"] == "image_url" and image["image_url"]["detail"] == "auto"
    assert data_of(image["image_url"]["url"], "image/png") == png
    assert question == {"type": "text", "text": "[photo] Describe this image."}


async def test_a_pdf_reaches_the_responses_api_as_an_input_file(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    core = make_core("responses")
    pdf = pdf_bytes()

    reply = await core.attachments.send_document(1, 7, Upload("report.pdf", pdf), "Key figure?", "r1")

    document, question = last_user_content(fake_openai)
    assert document["type"] == "input_file" and document["filename"] == "report.pdf"
    assert data_of(document["file_data"], "application/pdf") == pdf
    assert question["text"] == "[document: report.pdf] Key figure?"
    assert reply.usage is not None and reply.usage.kind is UsageKind.DOCUMENT


@pytest.mark.parametrize(
    ("api", "settings"),
    [("responses", {"openai_pdf_as_file": False}), ("chat_completions", {})],
)
async def test_a_pdf_goes_as_its_text_when_files_are_not_sent(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, api: str, settings: dict[str, Any]
) -> None:
    core = make_core(api, **settings)

    await core.attachments.send_document(1, 7, Upload("report.pdf", pdf_bytes("Revenue grew 12%")), "", "r1")

    document, question = last_user_content(fake_openai)
    assert document["text"] == "Document «report.pdf»:\nRevenue grew 12%"
    assert question["text"] == "[document: report.pdf] Summarise this document."


@pytest.mark.parametrize(
    ("api", "settings"),
    [("responses", {"openai_pdf_as_file": False}), ("chat_completions", {})],
)
async def test_a_pdf_without_text_is_refused_where_it_would_go_as_text_with_no_call_and_no_charge(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, api: str, settings: dict[str, Any]
) -> None:
    core = make_core(api, **settings)

    with pytest.raises(AttachmentRefused) as refused:
        await core.attachments.send_document(1, 7, Upload("scan.pdf", pdf_bytes("")), "What is it?", "r1")

    assert refused.value.problem is AttachmentProblem.NO_TEXT
    assert fake_openai.requests == []
    assert await core.turns(1) == []
    assert await core.ledger(7) == []


async def test_a_pdf_without_text_still_goes_as_a_file_for_the_model_to_read(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    core = make_core("responses")
    scan = pdf_bytes("")

    await core.attachments.send_document(1, 7, Upload("scan.pdf", scan), "What is it?", "r1")

    document, _ = last_user_content(fake_openai)
    assert document["type"] == "input_file" and data_of(document["file_data"], "application/pdf") == scan


@pytest.mark.parametrize("api", ["responses", "chat_completions"])
@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (
            Upload("notes.docx", docx_bytes("Ship on Friday.", "Tell the team."), DOCX_MIME),
            "Ship on Friday.\nTell the team.",
        ),
        (Upload("notes.txt", "Купить молоко\nCall Anna".encode(), "text/plain"), "Купить молоко\nCall Anna"),
        (Upload("notes.txt", "Привет из Windows".encode("cp1251"), "text/plain"), "Привет из Windows"),
    ],
)
async def test_docx_and_text_files_go_as_their_text(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI, api: str, upload: Upload, expected: str
) -> None:
    core = make_core(api)

    await core.attachments.send_document(1, 7, upload, "What should I do?", "r1")

    document, _ = last_user_content(fake_openai)
    assert document["text"] == f"Document «{upload.filename}»:\n{expected}"


@pytest.mark.parametrize(
    ("upload", "problem"),
    [
        pytest.param(
            lambda: Upload("broken.pdf", corrupt_pdf_bytes()), AttachmentProblem.CORRUPT, id="broken.pdf"
        ),
        pytest.param(
            lambda: Upload("locked.pdf", encrypted_pdf_bytes()), AttachmentProblem.ENCRYPTED, id="locked.pdf"
        ),
        pytest.param(lambda: Upload("empty.pdf", b""), AttachmentProblem.EMPTY, id="empty.pdf"),
        pytest.param(lambda: Upload("empty.txt", b"", "text/plain"), AttachmentProblem.EMPTY, id="empty.txt"),
        pytest.param(
            lambda: Upload("bomb.docx", docx_zip_bomb(), DOCX_MIME),
            AttachmentProblem.TOO_COMPLEX,
            id="bomb.docx",
        ),
        pytest.param(
            lambda: Upload("fake.docx", b"this is not a zip", DOCX_MIME),
            AttachmentProblem.CORRUPT,
            id="fake.docx",
        ),
        pytest.param(lambda: Upload("fake.pdf", b"just text"), AttachmentProblem.CORRUPT, id="fake.pdf"),
        pytest.param(
            lambda: Upload("program.exe", b"MZ\x90\x00"), AttachmentProblem.UNSUPPORTED, id="program.exe"
        ),
        pytest.param(
            lambda: Upload("binary.txt", b"\x00\x01\x02", "text/plain"),
            AttachmentProblem.UNSUPPORTED,
            id="binary.txt",
        ),
        pytest.param(
            lambda: Upload("blank.txt", b"  \n ", "text/plain"), AttachmentProblem.NO_TEXT, id="blank.txt"
        ),
        pytest.param(
            lambda: Upload("huge.txt", b"a" * (15 * 1024 * 1024 + 1), "text/plain"),
            AttachmentProblem.TOO_LARGE,
            id="huge.txt",
        ),
    ],
)
async def test_a_bad_document_is_refused_before_any_model_call(
    core: Core, fake_openai: FakeOpenAI, upload: Callable[[], Upload], problem: AttachmentProblem
) -> None:
    with pytest.raises(AttachmentRefused) as refused:
        await core.attachments.send_document(1, 7, upload(), "Summarise", "r1")

    assert refused.value.problem is problem
    assert fake_openai.requests == []
    assert await core.turns(1) == []
    assert await core.ledger(7) == []


@pytest.mark.parametrize(
    ("upload", "problem"),
    [
        pytest.param(lambda: Upload("empty.png", b""), AttachmentProblem.EMPTY, id="empty.png"),
        pytest.param(
            lambda: Upload("not-an-image.png", b"<html>hello</html>"),
            AttachmentProblem.UNSUPPORTED,
            id="not-an-image.png",
        ),
        pytest.param(
            lambda: Upload("cat.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
            AttachmentProblem.UNSUPPORTED,
            id="cat.gif",
        ),
        pytest.param(
            lambda: Upload("huge.png", png_bytes() + b"\x00" * (20 * 1024 * 1024)),
            AttachmentProblem.TOO_LARGE,
            id="huge.png",
        ),
    ],
)
async def test_a_bad_photo_is_refused_before_any_model_call(
    core: Core, fake_openai: FakeOpenAI, upload: Callable[[], Upload], problem: AttachmentProblem
) -> None:
    with pytest.raises(AttachmentRefused) as refused:
        await core.attachments.send_photo(1, 7, upload(), "", "r1")

    assert refused.value.problem is problem
    assert fake_openai.requests == []
    assert await core.turns(1) == []


async def test_a_document_turn_stays_in_the_conversation_with_its_reply(core: Core) -> None:
    await core.attachments.send_document(1, 7, Upload("notes.txt", b"Buy milk", "text/plain"), "", "r1")

    assert [(t.role, t.text) for t in await core.turns(1)] == [
        (Role.USER, "[document: notes.txt] Summarise this document."),
        (Role.ASSISTANT, "Hello from the fake model."),
    ]
