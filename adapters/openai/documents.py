"""LocalDocumentReader: opens PDF, DOCX and TXT uploads with pypdf and python-docx, defensively.

Uploads are hostile input: every limit is checked before the expensive step it protects, and a
file the parsers choke on is refused as corrupt rather than passed on to a model.
"""

import codecs
import io
import zipfile

from application.model_io import AttachmentProblem, AttachmentRefused, DocumentInput, DocumentKind, Upload

TRUNCATION_NOTE = "\n[… the rest of the document was cut off …]"
CHUNK = 64 * 1024


class LocalDocumentReader:
    def __init__(
        self,
        max_chars: int = 200_000,
        max_pages: int = 500,
        max_inflated_bytes: int = 50 * 1024 * 1024,
        max_zip_entries: int = 2_000,
        pdf_read_as_file: bool = True,
    ) -> None:
        """`pdf_read_as_file`: the model is given PDFs themselves, and reads what text extraction
        cannot (a scan); otherwise a PDF without text is refused like any other text-less document."""
        self.max_chars, self.max_pages = max_chars, max_pages
        self.pdf_read_as_file = pdf_read_as_file
        self.max_inflated_bytes, self.max_zip_entries = max_inflated_bytes, max_zip_entries

    def read(self, upload: Upload, kind: DocumentKind) -> DocumentInput:
        if kind is DocumentKind.PDF:
            text = self._pdf_text(upload.data)
        elif kind is DocumentKind.DOCX:
            text = self._docx_text(upload.data)
        else:
            text = plain_text(upload.data)
        if not text.strip() and (kind is not DocumentKind.PDF or not self.pdf_read_as_file):
            raise AttachmentRefused(AttachmentProblem.NO_TEXT, "the document has no text")
        if len(text) > self.max_chars:
            text = text[: self.max_chars] + TRUNCATION_NOTE
        return DocumentInput(upload.filename or f"document.{kind.value}", kind, upload.data, text)

    def _pdf_text(self, data: bytes) -> str:
        from pypdf import PdfReader  # imported with the first PDF: an idle bot holds neither reader (ADR 38)

        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise AttachmentRefused(AttachmentProblem.ENCRYPTED, "the PDF is password-protected")
            count = len(reader.pages)
            if count == 0:
                raise AttachmentRefused(AttachmentProblem.CORRUPT, "the PDF has no pages")
            if count > self.max_pages:
                raise AttachmentRefused(AttachmentProblem.TOO_COMPLEX, f"the PDF has {count} pages")
            texts: list[str] = []
            length = 0
            for page in reader.pages:
                texts.append(page.extract_text() or "")
                length += len(texts[-1])
                if length > self.max_chars:
                    break
            return "\n\n".join(t for t in texts if t)
        except AttachmentRefused:
            raise
        # pypdf raises many unrelated exception types on malformed input; all mean "cannot read".
        except Exception as error:
            raise AttachmentRefused(AttachmentProblem.CORRUPT, f"the PDF cannot be read ({error})") from None

    def _docx_text(self, data: bytes) -> str:
        self._check_archive(data)
        import docx  # imported with the first DOCX, as pypdf with the first PDF

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as error:
            raise AttachmentRefused(AttachmentProblem.CORRUPT, f"the DOCX cannot be read ({error})") from None
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                lines.append("\t".join(cell.text for cell in row.cells))
        return "\n".join(lines)

    def _check_archive(self, data: bytes) -> None:
        """Inflate every member with a running cap: the sizes a zip declares can lie."""
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = archive.infolist()
                if len(members) > self.max_zip_entries:
                    raise AttachmentRefused(AttachmentProblem.TOO_COMPLEX, "the DOCX has too many parts")
                if "word/document.xml" not in archive.namelist():
                    raise AttachmentRefused(AttachmentProblem.CORRUPT, "this is not a Word document")
                inflated = 0
                for member in members:
                    with archive.open(member) as part:
                        while chunk := part.read(CHUNK):
                            inflated += len(chunk)
                            if inflated > self.max_inflated_bytes:
                                raise AttachmentRefused(
                                    AttachmentProblem.TOO_COMPLEX, "the DOCX unpacks to too much data"
                                )
        except AttachmentRefused:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
            raise AttachmentRefused(AttachmentProblem.CORRUPT, f"the DOCX cannot be read ({error})") from None


def plain_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1251, common for Russian text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise AttachmentRefused(AttachmentProblem.CORRUPT, "the text file is not valid UTF-16") from None
    if b"\x00" in data:
        raise AttachmentRefused(AttachmentProblem.UNSUPPORTED, "this does not look like a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")
