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

import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from ingest.model import ParsedDocument
from ingest.parse import contents
from ingest.pipeline import documents, parse_files
from ingest.sheets import WHOLE_BODY, WHOLE_SHEET
from ingest.tables import FAMILIES, KIND_BY_KEY, Family, family, strip_spaces, table_kind

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
    listed: tuple[str, ...] = ()  # the tables its own 目录 lists
    unmatched: tuple[str, ...] = ()  # of those, the ones no recognised table or sheet answers to
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
        listed=(listed := listed_tables(document)),
        unmatched=tuple(entry for entry in listed if not _recognised(entry, document)),
        rounding=sum(not check.holds and not check.fails_beyond_rounding for check in document.checks),
        doubtful=sum(bool(table.doubt) for table in document.tables),
    )


# an entry of the 目录 naming a table: its ordinal or label, then a title ending in 表
LISTED = re.compile(r"表[）)]?$")
ENTRY_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]+[)）]|"
    r"(?:预算|部门|单位)?公开\d*表?\d*|预算\d+表|表[一二三四五六七八九十\d]+[:：.．]?)+"
)
TABLE_WORDS = re.compile(r"收|支|经费|资金|采购|绩效|明细|资产|项目|三公|基金|资本|拨款|购买")
LEADERS = re.compile(r"[.…·．]{2,}.*$|\d+$")


def listed_tables(document: ParsedDocument) -> tuple[str, ...]:
    """The table titles the document's own 目录 lists (none when it has no 目录 or lists none)."""
    titles: list[str] = []
    for file in document.files:
        toc = contents(file.lines)
        for line in file.lines:
            if line.number in toc:
                entry = LEADERS.sub("", strip_spaces(line.text))
                # not a part heading (第二部分…报表, 五、单位预算表, 四、2026年杭州市气象局预算公开表)
                if LISTED.search(entry) and "部分" not in entry and TABLE_WORDS.search(_core(entry)):
                    titles.append(entry)
    return tuple(dict.fromkeys(titles))


def _core(title: str) -> str:
    """A title without its label, ordinal, year, brackets and punctuation, for matching."""
    text = ENTRY_PREFIX.sub("", strip_spaces(title))
    text = re.sub(r"(?:19|20)\d{2}年度?|[（(][^）)]*[)）]|[“”\"'、,，:：]", "", text)
    return text.replace("部门", "").replace("预算", "").replace("情况", "")


def _recognised(entry: str, document: ParsedDocument) -> bool:
    """Whether a listed table was read: a recognised table's title matches it, or, for a
    项目支出绩效目标表, the document has performance sheets (for a 部门整体支出绩效目标表, the
    department's own sheet of targets)."""
    if "项目支出绩效目标" in entry and document.projects:
        return True  # read as performance sheets
    if WHOLE_BODY.search(strip_spaces(entry)) and any(
        sheet.name == WHOLE_SHEET for sheet in document.projects
    ):
        return True  # read as the department's sheet of targets
    kind = table_kind(ENTRY_PREFIX.sub("", strip_spaces(entry)))
    if kind and any(table.kind == kind.key for table in document.tables):
        return True  # 政府采购支出预算表 listed, 政府采购预算表 printed
    core = _core(entry)
    return any(
        (other := _core(table.title)) and (core in other or other in core or fuzz.ratio(core, other) >= 85)
        for table in document.tables
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
    listed = [line for line in lines if line.listed]
    out.append("tables listed in a document's own 目录 and not recognised:")
    for line in listed:
        if line.unmatched:
            out.append(f"  {line.label}: {'、'.join(line.unmatched)}")
    entries = sum(len(line.listed) for line in listed)
    read = entries - sum(len(line.unmatched) for line in listed)
    out.append(
        f"listed tables recognised: {read}/{entries} ({100 * read / max(entries, 1):.1f}%) "
        f"in the {len(listed)} documents whose 目录 lists their tables"
    )
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
