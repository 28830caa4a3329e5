"""Why a file could not be ingested.

IngestError                 (carries the path, and line and text where known)
 ├── UnreadableFile         missing path, a directory, no permission
 ├── EmptyFile              nothing but white space
 ├── BinaryFile             not text and not a PDF
 ├── UndecodableText        no known encoding decodes it; names --encoding
 └── NotADisclosure         text, but no budget table or narrative in it
"""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot become a document; the message is one actionable line."""

    def __init__(self, path: str, message: str, *, line: int | None = None, text: str = "") -> None:
        self.path = path
        self.line = line
        self.text = text
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class UnreadableFile(IngestError):
    pass


class EmptyFile(IngestError):
    pass


class BinaryFile(IngestError):
    pass


class UndecodableText(IngestError):
    pass


class NotADisclosure(IngestError):
    pass
