"""From a ``Document`` (lines of cells) to a ``ParsedDocument``.

The lines are cut into regions — standard tables (by title), performance
sheets (by their title, up to the 填报日期 footer) and narrative — and each
region goes to its own reader. Nothing here depends on line numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ingest.descriptions import parse_descriptions
from ingest.errors import NotADisclosure
from ingest.meta import read_meta
from ingest.model import BudgetTable, Document, GlossaryEntry, Line, Meta, ParsedDocument, ProjectSheet
from ingest.narrative import PART, heading_kind, is_toc_line, parse_narrative
from ingest.numbers import parse_amount
from ingest.reconcile import doubts, reconcile
from ingest.sheets import FOOTER, WHOLE_BODY, WHOLE_SHEET, is_sheet_title, parse_sheet
from ingest.tables import (
    KIND_BY_KEY,
    OTHER,
    UNIT,
    Kind,
    family,
    generic_title,
    is_label,
    strip_spaces,
    table_kind,
)
from ingest.targets import is_target_table, merge_projects, parse_target_table

CONTENTS = re.compile(r"^目[录次]$")
ENTRY = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.．、])"
)
BARE_YEAR = re.compile(r"(?:19|20)\d{2}年?度?")
TOC_TAIL = re.compile(r"[.…·\d]+$")
UNLABELLED_TITLE = re.compile(r"^[^，,。；;：:、]{4,40}表(?:[（(][^）)]{1,20}[）)])?$")
LABEL_PREFIX = re.compile(r"^((?:预算|部门|单位)?公开表?\d+表?|表[一二三四五六七八九十]+|公开\d+表)")


@dataclass(slots=True)
class _Region:
    kind: str  # table | sheet
    lines: list[Line] = field(default_factory=list)
    table_kind: Kind | None = None
    title: str = ""
    label: str = ""
    title_line: Line | None = None


def parse_document(document: Document) -> ParsedDocument:
    """Recognise every table, sheet, passage and glossary entry of a document."""
    regions, narrative = _segment(document.lines)
    tables: list[BudgetTable] = []
    projects: list[ProjectSheet] = []
    listed: list[ProjectSheet] = []  # from tables of many projects, a project maybe on several pages
    from ingest.sparse import is_sparse, parse_sparse_table
    from ingest.tables import parse_table

    # a text extraction that lost its empty cells: figures cannot be placed by position
    reader = parse_sparse_table if document.kind == "text" and is_sparse(document.lines) else parse_table

    for region in regions:
        if region.kind == "table" and _listing(region.lines):
            continue  # a title with nothing but other titles under it: an entry of a list of tables
        if region.kind == "table" and region.table_kind and region.title_line:
            tables.append(
                reader(region.table_kind, region.title, region.label, region.title_line, region.lines)
            )
        elif region.kind == "sheet" and is_target_table(region.lines):
            listed += parse_target_table(region.lines)
        elif region.kind == "sheet":
            sheet = parse_sheet(region.lines)
            if sheet and sheet.name == WHOLE_SHEET and not _named_indicators(sheet):
                # a 部门整体绩效目标表 in a layout the sheet reader misreads (Changsha: 单位编码 | 单位名称 |
                # 年度预算 … beside the indicators): kept as a table of its own, as any table of no kind
                opening = region.lines[0]
                tables.append(reader(OTHER, strip_spaces(opening.text), "", opening, region.lines[1:]))
            elif sheet:
                projects.append(sheet)
    projects += merge_projects(listed)
    passages, glossary = parse_narrative(narrative)
    described = {sheet.name for sheet in projects}
    projects += [sheet for sheet in parse_descriptions(passages) if sheet.name not in described]
    if not tables and not projects and not any(p.facts for p in passages):
        raise NotADisclosure(
            document.source, "is not a budget disclosure (no standard budget table or narrative found)"
        )
    meta = read_meta(document, tables)
    warnings = _missing_tables(tables)
    checks = reconcile(tables, projects)
    return ParsedDocument(
        source=document,
        meta=meta,
        tables=doubts(tables, checks),
        projects=tuple(projects),
        passages=tuple(passages),
        glossary=tuple(glossary),
        checks=tuple(checks),
        warnings=tuple(warnings),
    )


def combine(parts: Sequence[ParsedDocument]) -> ParsedDocument:
    """One document from the files it was published as (a narrative PDF and a tables PDF).

    Tables, sheets, passages and glossary are taken from every part (a term
    defined twice once); the checks and warnings are made again over them all.
    The body is the fullest name a part gives, the title that of the part with
    the most narrative (its cover).
    """
    if len(parts) == 1:
        return parts[0]
    ordered = sorted(parts, key=lambda part: (-len(part.passages), part.source.source))
    tables = tuple(replace(table, doubt="") for part in ordered for table in part.tables)
    projects = tuple(sheet for part in ordered for sheet in part.projects)
    glossary: dict[str, GlossaryEntry] = {}
    for part in ordered:
        for entry in part.glossary:
            glossary.setdefault(entry.term, entry)
    first = ordered[0].meta
    body = max((part.meta.body for part in ordered), key=len)
    meta = Meta(body=body, year=first.year, phase=first.phase, scope=first.scope, title=first.title)
    checks = reconcile(tables, projects)
    return ParsedDocument(
        source=ordered[0].source,
        meta=meta,
        tables=doubts(tables, checks),
        projects=projects,
        passages=tuple(passage for part in ordered for passage in part.passages),
        glossary=tuple(glossary.values()),
        checks=tuple(checks),
        warnings=tuple(_missing_tables(tables)),
        parts=tuple(part.source for part in ordered[1:]),
    )


def _title_at(lines: Sequence[Line], index: int) -> tuple[Kind, str, str, int] | None:
    """(kind, title, label, lines used) when a table title starts at ``index`` (maybe broken in two)."""
    text = strip_spaces(lines[index].text)
    if not text or is_toc_line(lines[index]):
        return None
    candidates = [(text, 1)]
    following = [j for j in range(index + 1, min(index + 4, len(lines))) if strip_spaces(lines[j].text)]
    if following and _title_fragment(lines[index]):
        nxt = following[0]
        rest = strip_spaces(lines[nxt].text)
        if _title_fragment(lines[nxt], tail=True) and (
            not table_kind(rest) or not re.search(r"表[)）]?$", text)
        ):
            candidates.append((text + rest, nxt - index + 1))
    for candidate, used in candidates:
        label = ""
        match = LABEL_PREFIX.match(candidate)
        if match and len(candidate) > len(match.group(1)) + 4:
            label, candidate = match.group(1), candidate[len(match.group(1)) :].lstrip(":：")
        kind = table_kind(candidate)
        if kind:
            return kind, candidate, label, used
    generic = generic_title(text)
    if generic:
        return OTHER, generic[1], generic[0], 1
    if UNLABELLED_TITLE.match(text) and _headed(lines, index):
        return OTHER, text, "", 1  # 2026年部门整体支出绩效目标表 over 部门名称：… / 单位：万元
    return None


def _headed(lines: Sequence[Line], index: int) -> bool:
    """Whether the title at ``index`` has a 部门名称：/ 单位：line right under it."""
    following = [line for line in lines[index + 1 : index + 4] if strip_spaces(line.text)]
    return any(_sheet_heading(line) for line in following[:2])


def _sheet_heading(line: Line) -> bool:
    """The line under a table's title that names the body or the unit of its figures."""
    text = strip_spaces(line.text)
    return text.startswith(("部门名称", "单位名称", "编制单位", "预算单位")) or bool(UNIT.search(text))


def _title_fragment(line: Line, *, tail: bool = False) -> bool:
    """A line that may be half of a title broken across two lines: short plain text, no figures."""
    cells = [cell for cell in line.cells if cell.strip()]
    text = strip_spaces(line.text)
    label = LABEL_PREFIX.match(text)
    if label:  # 公开09表：一般公共预算“三公”经费、会议费、培训费
        text = re.sub(r"^[:：]", "", text[label.end() :])
    if len(cells) != 1 or len(text) > 40 or re.search(r"[:：。，]", text) or text.startswith("注"):
        return False
    if parse_amount(text) is not None:
        return False
    return tail or bool(re.search(r"\d{4}\s*年|预算|决算|表", text))


def contents(lines: Sequence[Line]) -> set[int]:
    """Line numbers of the table of contents (目录), page numbers or not.

    It runs from the 目录 line over lines that read like entries (numbered
    headings, dotted leaders, the short tail of an entry broken across lines),
    and ends where the body begins: at the first entry printed again, or at the
    first line that is not an entry.
    """
    start = next((i for i, line in enumerate(lines[:200]) if CONTENTS.match(strip_spaces(line.text))), None)
    if start is None:
        return set()
    numbers = {lines[start].number}
    first = ""
    previous_entry = False
    for line in lines[start + 1 :]:
        text = strip_spaces(line.text)
        if not text:
            continue
        key = TOC_TAIL.sub("", text)
        if first and key == first:
            break
        if ENTRY.match(text) or is_toc_line(line):
            first = first or key
            previous_entry = True
        elif previous_entry and len(text) <= 10 and not re.search(r"[，。；：:]", text):
            previous_entry = False  # the tail of an entry broken across lines
        else:
            break
        numbers.add(line.number)
    return numbers


def _continues(region: _Region | None, found: tuple[Kind, str, str, int]) -> bool:
    """Whether a title repeats the title of the table above, whose figures have begun."""
    return (
        region is not None
        and region.kind == "table"
        and region.table_kind == found[0]
        and strip_spaces(region.title) == strip_spaces(found[1])
        and any(_has_figure(line) for line in region.lines)
    )


def _ends_table(line: Line, region: _Region) -> bool:
    """A line of running text after a table's figures: a sentence or a heading, one cell wide. A
    table printed without figures (a “三公” table left blank) ends the same way at a later page:
    its header and blank lines stay on the title's page."""
    if len(line.cells) != 1:
        return False
    if not any(_has_figure(previous) for previous in region.lines):
        title_page = region.title_line.page if region.title_line is not None else None
        if title_page is None or line.page is None or line.page <= title_page:
            return False
    text = strip_spaces(line.text)
    if text.startswith("注") or parse_amount(text) is not None:
        return False
    sentence = len(text) >= 15 and bool(re.search(r"[，。；]", text))
    return sentence or heading_kind(text) in ("part", "section") or text.endswith(("说明", "情况"))


def _listing(lines: Sequence[Line]) -> bool:
    """Lines under a title that hold no table: nothing, or only more table titles (十一、…明细表),
    as a list of the tables without a 目录 heading prints them."""
    lines = [line for line in lines if not BARE_YEAR.fullmatch(strip_spaces(line.text))]  # a page's “2026”
    texts = [TOC_TAIL.sub("", strip_spaces(line.text)) for line in lines if strip_spaces(line.text)]
    return not any(_has_figure(line) for line in lines) and all(text.endswith("表") for text in texts)


def _has_figure(line: Line) -> bool:
    return any(parse_amount(cell) is not None for cell in line.cells)


def _segment(lines: Sequence[Line]) -> tuple[list[_Region], list[Line]]:
    regions: list[_Region] = []
    narrative: list[Line] = []
    current: _Region | None = None
    pending_label = ""
    index = 0
    skip = contents(lines)
    while index < len(lines):
        line = lines[index]
        text = strip_spaces(line.text)
        if line.number in skip:
            index += 1
            continue
        if not text:
            if current:
                current.lines.append(line)
            index += 1
            continue
        if is_label(text) and (current is None or current.kind != "sheet"):
            pending_label = text
            index += 1
            continue
        wrapped = _wrapped_title(lines, index)
        if (
            (is_sheet_title(text) or wrapped)
            and not is_toc_line(line)
            and not ENTRY.match(text)
            and not (WHOLE_BODY.search(strip_spaces(text)) and not _keyed_below(lines, index))
        ):
            # (十二、项目支出绩效目标表 is an entry of a list of the tables, or a heading)
            opening = line if not wrapped else replace(line, cells=(line.text + lines[index + 1].text,))
            current = _Region("sheet", [opening])
            regions.append(current)
            index += 2 if wrapped else 1
            continue
        if current is not None and current.kind == "sheet" and _after_sheet(text, current):
            current = None  # 八、其他重要事项说明 after the last sheet's indicators: the narrative again
        found = _title_at(lines, index)
        if found and current and current.kind == "sheet" and not found[2] and not _headed(lines, index):
            found = None  # inside a sheet only a labelled or headed title (预算13表…, 表5：…) starts a table
        if found and _continues(current, found):
            index += found[3]  # the title printed again over the table's next page
            continue
        if found:
            kind, title, label, used = found
            current = _Region("table", [], kind, title, label or pending_label, line)
            regions.append(current)
            pending_label = ""
            index += used
            continue
        if PART.match(text) and not is_toc_line(line):
            current = None
        if current is not None and current.kind == "table" and _ends_table(line, current):
            current = None
        if current is not None:
            current.lines.append(line)
            if current.kind == "sheet" and text.startswith(FOOTER):
                current = None
        else:
            narrative.append(line)
        index += 1
    return regions, narrative


def _wrapped_title(lines: Sequence[Line], index: int) -> bool:
    """A sheet's title wrapped onto a second short line (…指挥中心项目绩效目 | 标表)."""
    if index + 1 >= len(lines):
        return False
    text, rest = strip_spaces(lines[index].text), strip_spaces(lines[index + 1].text)
    return 0 < len(rest) <= 4 and not is_sheet_title(text) and is_sheet_title(text + rest)


def _after_sheet(text: str, sheet: _Region) -> bool:
    """A numbered section heading once the sheet's indicators are read: the sheet has ended."""
    return heading_kind(text) == "section" and any(
        "三级指标" in strip_spaces(line.text) for line in sheet.lines
    )


def _missing_tables(tables: Sequence[BudgetTable]) -> list[str]:
    present = {table.kind for table in tables}
    missing = [KIND_BY_KEY[key].name for key in family(tables).kinds if key not in present]
    if not missing or not tables:
        return [] if tables else ["no standard table recognised"]
    return [f"standard tables missing: {'、'.join(missing)}"]


def _keyed_below(lines: Sequence[Line], index: int) -> bool:
    """Whether a 部门整体绩效目标表 prints its indicators under a header the sheet reader knows (指标名称 |
    指标性质 | 指标值 | 计量单位, Chongqing; 活动 | 绩效指标 | … | 度量单位, Beijing; 一级指标 | 二级指标 |
    指标内容 | 指标值, Xi'an, a page further on); another layout stays a table of its own."""
    for line in lines[index + 1 : index + WHOLE_SHEET_REACH]:
        cells = [strip_spaces(cell) for cell in line.cells if cell.strip()]
        if "指标值" in cells and ("指标名称" in cells or "绩效指标" in cells or cells[0] == "一级指标"):
            return True  # (not Changsha's 单位编码 | 单位名称 | 年度预算申请 … | 一级指标 …: a table)
    return False


WHOLE_SHEET_REACH = 60  # lines from a 部门整体绩效目标表's title to its indicators' header (Xi'an: 45)


def _named_indicators(sheet: ProjectSheet) -> bool:
    """Whether a sheet's indicators are named in words (not a code or an amount taken for a name)."""
    named = [i for i in sheet.indicators if len(re.findall(r"[\u4e00-\u9fff]", i.level3)) >= 2]
    return bool(sheet.indicators) and len(named) >= NAMED_INDICATORS * len(sheet.indicators)


NAMED_INDICATORS = 0.9  # share of a 部门整体 sheet's indicators named in words for it to be read as one
