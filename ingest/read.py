"""Read a file into a ``Document``: lines of cells, whatever the file format.

This is the seam between formats. A text extraction (tab-separated cells, or
space-separated with ``===== PAGE n =====`` markers) and a PDF (through
pdfplumber, in ``ingest.pdf``) both come out as the same ``Line`` records.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ingest.errors import BinaryFile, EmptyFile, UndecodableText, UnreadableFile
from ingest.model import Document, Line

ENCODINGS = ("utf-8-sig", "gb18030", "big5")
PAGE_MARK = re.compile(r"^=+\s*PAGE\s+(\d+)\s*=+$")


def read_document(path: Path, *, encoding: str | None = None) -> Document:
    """Read ``path`` (text or PDF) into lines of cells."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(str(path), "no such file") from None
    except IsADirectoryError:
        raise UnreadableFile(str(path), "is a directory, not a file") from None
    except OSError as error:
        raise UnreadableFile(str(path), f"cannot be read ({error.strerror})") from None
    if not data.strip():
        raise EmptyFile(str(path), "the file is empty")
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"%PDF"):
        from ingest.pdf import read_pdf  # pdfplumber is heavy: load it only for PDFs

        return Document(path.name, digest, read_pdf(path), kind="pdf")
    text = decode(data, str(path), encoding)
    return Document(path.name, digest, split_lines(text))


def decode(data: bytes, path: str, encoding: str | None = None) -> str:
    """Decode text bytes: the given encoding, else UTF-8, else GB18030 (common in 政府 files)."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BinaryFile(path, "is a binary file, not text or PDF")
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise UndecodableText(path, f"does not decode as {encoding} ({error})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for candidate in ENCODINGS:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise UndecodableText(
        path, "is not UTF-8 or GB18030 text; pass --encoding with its encoding (e.g. --encoding big5)"
    )


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls <= max(2, len(text[:20000]) // 200)


SPACE_SPLIT = re.compile(r"\s{2,}|\s(?=[-\d.,]+(?:\s|$))|(?<=\d)\s")


def split_lines(text: str) -> tuple[Line, ...]:
    """Split text into lines of cells: on tabs, or (with no tab) on runs of spaces."""
    lines: list[Line] = []
    page: int | None = None
    tabbed = "\t" in text
    for number, raw in enumerate(text.splitlines(), start=1):
        mark = PAGE_MARK.match(raw.strip())
        if mark:
            page = int(mark.group(1))
            lines.append(Line(number, page, ()))
            continue
        if tabbed:
            cells = tuple(cell.strip() for cell in raw.split("\t"))
        else:
            cells = tuple(cell for cell in re.split(r"[ \u3000]+", raw.strip()))
        if not any(cells):
            cells = ()
        lines.append(Line(number, page, cells))
    return tuple(lines)
