"""Who published a document, for which year, phase and scope: read from the cover and labels.

The body comes first from the lines that label it (部门：…, 预算主管部门：…,
编制单位：…, 部门名称：…), the name most of them give; else from the cover
title (江苏省政协办公厅2017年度部门预算 · 2018年度江苏省高级人民法院预算公开);
else from a heading that names it with the year (附件：江苏省政协办公厅2019年度部门预算公开表).
A body's name is kept as printed, with the party prefix in its usual short form
(中国共产党江苏省委员会办公厅 → 中共江苏省委办公厅).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ingest.model import BudgetTable, Document, Line, Meta
from ingest.narrative import PART, is_toc_line
from ingest.tables import is_label, strip_spaces, table_kind

YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
YEAR_HEADING = re.compile(r"[（(]?((?:19|20)\d{2})年度?[)）]?")
YEAR_TITLE = re.compile(r"^.{0,30}?((?:19|20)\d{2})年度?.{0,30}(?:预算|决算)(?:公开)?(?:表|说明)?$")
LABELLED = re.compile(
    r"^(?:预算主管部门|主管部门|预算单位|编制部门|编制单位|部门名称|单位名称|部门|单位)[:：](?P<name>.+?)"
    r"(?:(?:金额)?单位[:：].*)?$"
)
LABEL_CELL = re.compile(r"(?:预算主管部门|主管部门|预算单位|编制部门|编制单位|部门名称|单位名称)[:：]?")
SENTENCE = re.compile(r"[，,。；;、]")
BODY_NAME = re.compile(r"[\u4e00-\u9fff（）()]{4,40}")
UNITS = ("万元", "元", "千元", "亿元")
HEADING_PREFIX = re.compile(r"^(?:第[一二三四五六七八九十]+部分|附件[:：]|[一二三四五六七八九十]+、)")
NAME_FIRST = re.compile(r"^(?P<name>[\u4e00-\u9fff（）()]{4,40}?)(?:19|20)\d{2}年")
YEAR_FIRST = re.compile(
    r"^(?:19|20)\d{2}年度?(?P<name>[\u4e00-\u9fff（）()]{4,40}?)(?:部门|单位)?(?:预算|决算)"
)
# how the name of a body that publishes a budget ends
BODY_END = re.compile(r"(厅|局|院|委员会|委|办公室|办事处|部|会|中心|所|处|室|馆|站|队|社|团|校|园|行|台)$")
OWN_LEVEL = re.compile(
    r"[（(](?:本级|汇总|部门汇总|本部)[)）]$"
)  # 泉州市公安局（本级）, 西安市审计局（汇总）


def read_meta(document: Document, tables: Sequence[BudgetTable]) -> Meta:
    """Body, year, phase and scope from the cover, the labelled lines and the table titles."""
    cover = _cover(document.lines)
    title = _title(cover)
    body = (
        _most_common(_labelled(document.lines))
        or _name_in(title)
        or _most_common(_label_cells(document.lines))
        or _most_common(
            _name_in(text) for line in document.lines if len(text := strip_spaces(line.text)) <= 40
        )
    )
    year_match = YEAR.search(title)
    year = int(year_match.group(1)) if year_match else _year(document.lines, tables)
    titles = " ".join(table.title for table in tables)
    phase = (
        "决算" if "决算" in title or (not title and titles.count("决算") > titles.count("预算")) else "预算"
    )
    scope_text = title + "".join(cover)
    scope = "单位" if re.search(r"单位(预算|决算)|^预算单位[:：]|决算单位", scope_text) else "部门"
    body = canonical_body(body) if body else document.source
    if not title:
        title = f"{body}{year}年度{scope}{phase}" if year else body
    return Meta(body=body, year=year, phase=phase, scope=scope, title=title)


def canonical_body(name: str) -> str:
    """The body's name as printed, the party's full name in its usual short form, without （本级）
    or （汇总）."""
    name = OWN_LEVEL.sub("", name)
    return re.sub(r"^中国共产党(.+?)委员会", r"中共\1委", name)


def body_key(name: str) -> str:
    """What two files' bodies must share to be one document (中共江苏省委办公厅 = 江苏省委办公厅)."""
    return re.sub(r"^中共", "", canonical_body(name))


def _cover(lines: Sequence[Line]) -> list[str]:
    """The text lines before the contents, the first part, label or table title."""
    cover: list[str] = []
    for line in lines[:40]:
        text = strip_spaces(line.text)
        if not text:
            continue
        if (
            text in ("目录", "目次")
            or is_toc_line(line)
            or PART.match(text)
            or is_label(text)
            or table_kind(text)
        ):
            break
        cover.append(text)
    return cover


def _title(cover: Sequence[str]) -> str:
    """The cover title: its lines up to the one naming 预算/决算, labelled lines and dates left out."""
    parts: list[str] = []
    for text in cover[:6]:
        if re.search(r"[:：]", text) or re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日|.*印制", text):
            continue
        parts.append(text)
        if re.search(r"预算|决算|公开", text):
            break
    title = "".join(parts)
    return title if re.search(r"预算|决算", title) else ""


def _labelled(lines: Sequence[Line]) -> list[str]:
    """Names given by 部门：/ 预算单位：… lines (the most common wins over a truncated one)."""
    names: list[str] = []
    for line in lines:
        match = LABELLED.match(strip_spaces(line.text))
        if match:
            name = match.group("name")
            # a sentence wrapped after 单位： (“……1个代管事业 / 单位：北京市人工影响天气中心；全市……”) names no body
            if len(name) >= 4 and name not in UNITS and not YEAR.search(name) and not SENTENCE.search(name):
                names.append(name)
    return names


def _label_cells(lines: Sequence[Line]) -> list[str]:
    """Names a sheet gives in the cell beside a label cell (部门名称 | 北京市审计局): a file with no
    cover (the tables half of a split document) may name its body nowhere else."""
    names: list[str] = []
    for line in lines:
        cells = [strip_spaces(cell) for cell in line.cells if cell.strip()]
        if (
            len(cells) == 2
            and LABEL_CELL.fullmatch(cells[0])
            and BODY_NAME.fullmatch(cells[1])
            and BODY_END.search(OWN_LEVEL.sub("", cells[1]))
        ):
            names.append(cells[1])
    return names


def _name_in(text: str) -> str:
    """The body a title or heading names just before or after its year, or ""."""
    text = HEADING_PREFIX.sub("", text)
    for pattern in (NAME_FIRST, YEAR_FIRST):
        match = pattern.search(text)
        if match:
            name = re.sub(r"(部门|单位)$", "", match.group("name"))
            if len(name) >= 4 and BODY_END.search(OWN_LEVEL.sub("", name)):  # 泉州市公安局（本级）
                return name
    return ""


def _most_common(names: Iterable[str]) -> str:
    counts = Counter(name for name in names if name)
    return counts.most_common(1)[0][0] if counts else ""


def _year(lines: Sequence[Line], tables: Sequence[BudgetTable]) -> int:
    """The year most table titles name, else the one headings name (a line that is a year alone,
    （2026年度）, or a short title with 预算/决算), else the one most lines of the document name
    (a project's text names the years of its work, not the budget's)."""
    years = Counter(int(m.group(1)) for table in tables if (m := YEAR.search(table.title)))
    if not years:
        years = Counter(
            int(m.group(1))
            for line in lines
            if (
                m := YEAR_HEADING.fullmatch(strip_spaces(line.text))
                or YEAR_TITLE.search(strip_spaces(line.text))
            )
        )
    if not years:
        years = Counter(int(y) for line in lines[:400] for y in YEAR.findall(line.text))
    return years.most_common(1)[0][0] if years else 0
