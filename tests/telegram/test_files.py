"""Photos and documents: downloaded, checked for size and type, refused clearly, answered by the model."""

import io

import docx

from application.model_io import DocumentInput, DocumentKind, ImageInput
from tests.support.telegram_harness import SUBSCRIBER, StartBot
from tests.support.telegram_updates import document, message, photo

MB = 1024 * 1024
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_with(text: str) -> bytes:
    written = docx.Document()
    written.add_paragraph(text)
    buffer = io.BytesIO()
    written.save(buffer)
    return buffer.getvalue()


async def test_photo_is_downloaded_and_given_to_the_model_with_its_caption(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.telegram.add_file("photo-1", JPEG)
    bot.model.will_reply("A black square.")
    update = photo(SUBSCRIBER, "photo-1", len(JPEG), caption="What is on it?")
    await bot.send(update)
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["A black square."]
    [prompt] = bot.model.prompts
    assert prompt.attachments == (ImageInput(JPEG, "image/jpeg"),)
    assert "What is on it?" in prompt.turns[-1].text
    [record] = await bot.usage_records(SUBSCRIBER.user_id)
    assert record.request_id == f"telegram:{update['update_id']}"


async def test_png_sent_as_a_file_is_read_as_an_image(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.telegram.add_file("png-1", PNG)
    await bot.send(document(SUBSCRIBER, "png-1", "chart.png", "image/png", len(PNG)))
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    assert bot.model.prompts[0].attachments == (ImageInput(PNG, "image/png"),)


async def test_text_document_is_read_and_given_to_the_model(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.telegram.add_file("txt-1", "Квартальный отчёт: выручка выросла.".encode())
    await bot.send(document(SUBSCRIBER, "txt-1", "report.txt", "text/plain", 60, caption="Summarise"))
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    [attachment] = bot.model.prompts[0].attachments
    assert isinstance(attachment, DocumentInput) and attachment.kind is DocumentKind.TXT
    assert "выручка выросла" in attachment.text


async def test_docx_document_is_read_and_given_to_the_model(start_bot: StartBot) -> None:
    bot = await start_bot()
    content = docx_with("Minutes of the meeting: ship on Friday.")
    bot.telegram.add_file("docx-1", content)
    await bot.send(document(SUBSCRIBER, "docx-1", "minutes.docx", DOCX_MIME, len(content)))
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    [attachment] = bot.model.prompts[0].attachments
    assert isinstance(attachment, DocumentInput) and "ship on Friday" in attachment.text


async def test_photo_over_twenty_megabytes_is_refused_before_download(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(photo(SUBSCRIBER, "huge", 21 * MB))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "This image is larger than 20 MB, the most I can read. Please send a smaller one."
    ]
    assert not bot.telegram.calls_of("getFile") and bot.model.prompts == []


async def test_document_over_fifteen_megabytes_is_refused_before_download(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(document(SUBSCRIBER, "big", "book.pdf", "application/pdf", 16 * MB))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "This document is larger than 15 MB, the most I can read. Please send a smaller one."
    ]
    assert not bot.telegram.calls_of("getFile")


async def test_unsupported_document_type_is_refused_with_the_types_that_work(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(document(SUBSCRIBER, "zip", "archive.zip", "application/zip", 1000))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "I can read PDF, TXT and DOCX documents. Please send the file in one of these formats."
    ]


async def test_gif_is_refused_as_an_unsupported_image(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(document(SUBSCRIBER, "gif", "funny.gif", "image/gif", 1000))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "I can read JPEG, PNG and WebP images. Please send the picture in one of these formats."
    ]


async def test_file_named_pdf_that_is_not_a_pdf_is_refused_as_damaged(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.telegram.add_file("fake-pdf", b"this is not a pdf at all")
    await bot.send(document(SUBSCRIBER, "fake-pdf", "paper.pdf", "application/pdf", 24))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "I could not open this file; it seems damaged or is not what its name says."
    ]
    assert bot.model.prompts == [] and await bot.usage_records(SUBSCRIBER.user_id) == []


async def test_failed_download_asks_to_send_the_file_again(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(photo(SUBSCRIBER, "vanished", 1000))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "I could not download this file from Telegram. Please send it again."
    ]


async def test_sticker_gets_a_clear_answer_about_what_can_be_read(start_bot: StartBot) -> None:
    bot = await start_bot()
    sticker = {
        "file_id": "st",
        "file_unique_id": "ust",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    await bot.send(message(SUBSCRIBER, sticker=sticker))
    [answer] = await bot.texts_in(SUBSCRIBER.user_id, 1)
    assert answer.startswith(
        "I read text, photos (JPEG, PNG, WebP), documents (PDF, TXT, DOCX) and voice messages."
    )
