"""What an ingest tells the person running it: progress over many files, then each document's summary.

[ 12/38] 2019_jiangsu_prov_high_court_dept_budget.pdf
…
江苏省高级人民法院 2019 预算 部门 · Jiangsu 12 tables: 12/12 (收支总表 …)
  units: 万元 ×12 · checks 20/22 hold
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ingest.model import ParsedDocument
from ingest.tables import KIND_BY_KEY, family


class Progress:
    """A counter of files done: redrawn in place on a terminal, one line per file otherwise."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self.live = stream.isatty()

    def __call__(self, path: Path) -> None:
        self.done += 1
        width = len(str(self.total))
        if self.live:
            filled = 30 * self.done // max(self.total, 1)
            bar = "#" * filled + "-" * (30 - filled)
            self.stream.write(f"\r[{bar}] {self.done:>{width}}/{self.total} {path.name[:60]:<60}")
        else:
            self.stream.write(f"[{self.done:>{width}}/{self.total}] {path.name}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.live and self.done:
            self.stream.write("\n")
            self.stream.flush()


def coverage(document: ParsedDocument) -> tuple[str, list[str], list[str]]:
    """(family name, standard kinds recognised, standard kinds missing) of a document."""
    standard = family(document.tables)
    present = {table.kind for table in document.tables}
    found = [kind for kind in standard.kinds if kind in present]
    missing = [kind for kind in standard.kinds if kind not in present]
    return standard.name, found, missing


def describe(document: ParsedDocument) -> list[str]:
    """The summary lines of one ingested document: standard tables, units, reconciliation."""
    name, found, missing = coverage(document)
    total = len(found) + len(missing)
    recognised = "、".join(KIND_BY_KEY[kind].name for kind in found) or "none"
    lines = [f"standard tables ({name}): {len(found)}/{total} recognised — {recognised}"]
    if missing:
        lines.append("missing: " + "、".join(KIND_BY_KEY[kind].name for kind in missing))
    units = Counter(table.unit for table in document.tables)
    unit_text = ", ".join(f"{unit} ×{count}" for unit, count in units.most_common()) or "—"
    holding = sum(check.holds for check in document.checks)
    lines.append(f"units: {unit_text} · checks {holding}/{len(document.checks)} hold")
    return lines


def sources(document: ParsedDocument) -> str:
    """The document's file names, joined when it was published as several files."""
    return " + ".join(file.source for file in document.files)


def headline(document: ParsedDocument, names: Sequence[str] = ()) -> str:
    """One line: files, title, counts of what was read and of the checks that hold."""
    holding = sum(check.holds for check in document.checks)
    files = " + ".join(names) if names else sources(document)
    return (
        f"{files}: {document.meta.title} · {len(document.tables)} tables, {len(document.projects)} project sheets, "
        f"{len(document.passages)} passages, {len(document.glossary)} glossary terms · "
        f"checks {holding}/{len(document.checks)} hold"
    )
