"""The coverage table of the real documents: standard tables recognised, units, checks holding.

    python -m tests.coverage_report            # the files in ../shared/docs/real
    python -m tests.coverage_report FILE ...   # other files

Each document (a narrative PDF and its tables PDF count as one) is held against
the standard set of its family — the Jiangsu 12-table set for the Jiangsu
files, the Shanghai 9-table set for the Shanghai files (where the publisher is
known from the file name), else the family its tables fit. A standard table is
recognised when a table of its kind was read; ∅ marks one published empty.
"""

from __future__ import annotations

import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.model import ParsedDocument
from ingest.pipeline import documents, parse_files
from ingest.tables import FAMILIES, KIND_BY_KEY, Family, family

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "docs" / "real"
PUBLISHERS = {"jiangsu": "Jiangsu 12 tables", "shanghai": "Shanghai 9 tables"}


@dataclass(frozen=True, slots=True)
class Coverage:
    """One document's line in the coverage table."""

    label: str
    family: Family
    found: tuple[str, ...]  # standard kinds recognised
    empty: tuple[str, ...]  # of those, published empty
    missing: tuple[str, ...]
    units: str
    holding: int
    checks: int
    rounding: int = 0  # checks off by no more than the printed figures' rounding
    doubtful: int = 0  # tables marked in doubt (identities failing beyond rounding)


def expected_family(document: ParsedDocument) -> Family:
    """The standard set the document should hold: by its publisher when the file name says, else by its tables."""
    names = " ".join(file.source.lower() for file in document.files)
    for marker, name in PUBLISHERS.items():
        if marker in names:
            return next(candidate for candidate in FAMILIES if candidate.name == name)
    return family(document.tables)


def coverage(document: ParsedDocument) -> Coverage:
    standard = expected_family(document)
    kinds = {table.kind for table in document.tables}
    empty = {table.kind for table in document.tables if table.empty} - {
        table.kind for table in document.tables if not table.empty
    }
    meta = document.meta
    units = Counter(table.unit for table in document.tables)
    return Coverage(
        label=f"{meta.year} {meta.body} {meta.phase}·{meta.scope}",
        family=standard,
        found=tuple(kind for kind in standard.kinds if kind in kinds),
        empty=tuple(kind for kind in standard.kinds if kind in empty),
        missing=tuple(kind for kind in standard.kinds if kind not in kinds),
        units=" ".join(f"{unit}×{count}" for unit, count in units.most_common()),
        holding=sum(check.holds for check in document.checks),
        checks=len(document.checks),
        rounding=sum(not check.holds and not check.fails_beyond_rounding for check in document.checks),
        doubtful=sum(bool(table.doubt) for table in document.tables),
    )


def totals(lines: Sequence[Coverage]) -> tuple[int, int]:
    """(standard tables recognised, standard tables expected) over all documents."""
    return sum(len(line.found) for line in lines), sum(len(line.family.kinds) for line in lines)


def _width(text: str) -> int:
    """Terminal columns ``text`` takes (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def render(lines: Sequence[Coverage]) -> str:
    """The table: one block per family, a column per standard kind."""
    out: list[str] = []
    width = max((_width(line.label) for line in lines), default=10)
    for standard in FAMILIES:
        block = [line for line in lines if line.family is standard]
        if not block:
            continue
        out.append(f"{standard.name}:")
        out.append(
            "  " + "  ".join(f"{i + 1:>2}={KIND_BY_KEY[kind].name}" for i, kind in enumerate(standard.kinds))
        )
        header = " ".join(f"{i + 1:>2}" for i in range(len(standard.kinds)))
        out.append(f"  {_pad('document', width)}  {header}  found   units        checks")
        for line in block:
            marks = " ".join(
                f"{'∅' if kind in line.empty else '✓' if kind in line.found else '✗':>2}"
                for kind in standard.kinds
            )
            found = f"{len(line.found)}/{len(standard.kinds)}"
            out.append(
                f"  {_pad(line.label, width)}  {marks}  {found:<6}  {_pad(line.units, 11)}  {line.holding}/{line.checks}"
            )
        out.append("")
    found, expected = totals(lines)
    holding = sum(line.holding for line in lines)
    checks = sum(line.checks for line in lines)
    rounding = holding + sum(line.rounding for line in lines)
    tables = sum(line.doubtful for line in lines)
    out.append(
        f"standard tables recognised: {found}/{expected} ({100 * found / max(expected, 1):.1f}%) · "
        f"documents: {len(lines)} · checks holding: {holding}/{checks} ({100 * holding / max(checks, 1):.1f}%), "
        f"within rounding {rounding}/{checks} ({100 * rounding / max(checks, 1):.1f}%) · tables in doubt: {tables}"
    )
    return "\n".join(out)


def main(argv: Sequence[str]) -> int:
    paths = [Path(arg) for arg in argv] or sorted(p for p in REAL.glob("*") if p.suffix in (".pdf", ".txt"))
    if not paths:
        print(f"no documents: {REAL} is absent and no FILE was given", file=sys.stderr)
        return 1
    started = time.perf_counter()
    outcomes = parse_files(paths)
    elapsed = time.perf_counter() - started
    for outcome in outcomes:
        if outcome.document is None:
            print(f"failed: {outcome.error}", file=sys.stderr)
    print(render([coverage(document) for document in documents(outcomes)]))
    print(f"{len(paths)} files parsed in {elapsed:.1f} s")
    return 0 if all(outcome.document for outcome in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
