"""Standard budget tables: recognise them by title, flatten their headers, read their rows.

A table starts at a line whose text is a standard title (whatever label stands
before it: 预算公开表1, 部门公开表9, 表十二 or nothing) and runs to the next
title, performance sheet or narrative part. Headers spanning several rows are
flattened to paths (本年收入/一般公共预算); each numeric cell becomes a ``Fact``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from ingest.model import BudgetTable, Fact, Line, TableRow
from ingest.numbers import parse_amount


@dataclass(frozen=True, slots=True)
class Kind:
    """A standard table kind: its key, its place in the 13-table set, its title pattern, and the
    name the command-line contract gives the kind across families (``tables --json``; "" for none)."""

    key: str
    number: int
    name: str
    pattern: re.Pattern[str]
    common: str


def _kind(key: str, number: int, name: str, pattern: str, common: str = "") -> Kind:
    return Kind(key, number, name, re.compile(pattern), common)


# 总表, or 总体情况表 as the Shandong, Guangdong, Chongqing and Hunan sets title their summaries
TOTAL_TABLE = r"(?:体(?:情况)?)?表"

# Checked in order: the first pattern that matches a title decides its kind. A 决算
# table has the kind of its 预算 counterpart (收入支出决算总表 is a summary); the
# document carries the phase. Kinds 1–13 are the 2024-style set; 14– came with
# the Jiangsu 12-table set.
KINDS: tuple[Kind, ...] = (
    _kind(
        "projects_carryover",
        13,
        "项目支出预算表（上年结转）",
        r"项目支出.*(预算|计划).*表.*上年结转",
        "项目支出表",
    ),
    # 项目支出 by economic class (Guangdong 一般公共预算项目支出情况表（按经济分类科目）): classes, not projects
    _kind("project_economic", 19, "项目支出经济分类表", r"项目支出.*(经济分类|经济科目)", "项目支出表"),
    # 项目支出绩效表 (Zhejiang): each project's amount beside its 绩效目标 text, not a second 项目支出表
    _kind("project_performance", 18, "项目支出绩效表", r"项目支出绩效表", "绩效目标表"),
    _kind("projects", 12, "项目支出预算表", r"项目支出.*(预算|计划|决算)?.*表", "项目支出表"),
    _kind("procurement", 16, "政府采购预算表", r"政府采购.*表", "政府采购表"),
    _kind("three_public", 10, "“三公”经费支出预算表", r"三公", "三公经费表"),
    _kind("operating_costs", 11, "机关运行经费预算表", r"机关运行经费", "机关运行经费表"),
    _kind("state_capital", 9, "国有资本经营预算收支预算表", r"国有资本经营预算.*表", "国有资本经营预算表"),
    _kind(
        "gov_fund_income", 7, "政府性基金预算收入表", r"政府性基金.*收入(预算|决算)?表", "政府性基金预算表"
    ),
    _kind("gov_fund_expenditure", 8, "政府性基金预算支出表", r"政府性基金.*支出.*表", "政府性基金预算表"),
    _kind(
        "fiscal_basic", 15, "财政拨款基本支出预算表", r"(?<!一般公共预算)财政拨款基本支出.*表", "基本支出表"
    ),
    _kind(
        "basic_by_economic",
        6,
        "一般公共预算基本支出分经济科目表",
        r"基本支出.*(经济|分类).*表|一般公共预算.*基本支出.*表",
        "一般公共预算基本支出表",
    ),
    # all funds' 基本支出 by economic class (部门预算基本支出预算表, 基本支出预算情况表): not the 支出总表
    # (Shenzhen's 基本支出总表 too: by economic class, not a second 支出总表)
    _kind("basic", 17, "基本支出预算表", r"^.{0,8}基本支出(预算|决算)?(情况)?总?表", "基本支出表"),
    _kind("general_budget", 5, "一般公共预算支出预算表", r"一般公共预算.*支出.*表", "一般公共预算支出表"),
    _kind(
        "fiscal_summary",
        4,
        "财政拨款收支总表",
        r"财政拨款收(入)?支(出)?.*总" + TOTAL_TABLE,
        "财政拨款收支总表",
    ),
    _kind("fiscal_expenditure", 14, "财政拨款支出预算表", r"财政拨款支出.*表", "财政拨款支出表"),
    _kind("summary", 1, "收支总表", r"(收支|收入支出).*总" + TOTAL_TABLE, "收支总表"),
    _kind("income", 2, "收入总表", r"收入.*总" + TOTAL_TABLE + r"|收入(预算|决算)表", "收入总表"),
    _kind("expenditure", 3, "支出总表", r"支出.*总" + TOTAL_TABLE + r"|支出(预算|决算)表", "支出总表"),
)
# A table of no standard kind (政府购买服务明细表, 部门整体支出绩效目标表 …): still read, stored and
# searchable, so that its rows neither join the table above it nor go unread.
OTHER = _kind("other", 0, "其他表", r"(?!)")
KIND_BY_KEY = {kind.key: kind for kind in (*KINDS, OTHER)}
# a labelled title of any table: 预算11表… · 表11：… · 公开09表… · 部门公开表3… · 表十二…
GENERIC_TITLE = re.compile(
    r"^(?P<label>(?:(?:预算|部门|单位)?公开表?|表|预算)\s*"
    r"(?:[0-9]{1,3}?(?=(?:19|20)\d{2}|\D)|[一二三四五六七八九十]{1,3})\s*表?)[:：.．、]?"  # 表10 2022年…: 10
    r"(?P<title>[^，,。；;：:]{4,40}表(?:[（(][^）)]{1,20}[）)])?)$"
)


@dataclass(frozen=True, slots=True)
class Family:
    """A standard set of tables a disclosure publishes, and what tells a document of it apart."""

    name: str
    kinds: tuple[str, ...]
    own_kinds: tuple[str, ...] = ()  # kinds only this family publishes
    own_titles: str = ""  # a pattern only this family's titles match


FAMILIES: tuple[Family, ...] = (
    Family(
        "Jiangsu 12 tables",
        (
            "summary",
            "income",
            "expenditure",
            "fiscal_summary",
            "fiscal_expenditure",
            "fiscal_basic",
            "general_budget",
            "basic_by_economic",
            "gov_fund_expenditure",
            "operating_costs",
            "three_public",
            "procurement",
        ),
        own_kinds=("fiscal_expenditure", "fiscal_basic", "procurement"),
    ),
    Family(
        "Shanghai 9 tables",
        (
            "summary",
            "income",
            "expenditure",
            "fiscal_summary",
            "general_budget",
            "gov_fund_expenditure",
            "state_capital",
            "basic_by_economic",
            "three_public",
        ),
        own_titles=r"功能分类|经济分类|三公.*机关运行经费|收入支出决算总表|财政拨款收入支出决算总表",
    ),
    Family(
        "2024-style 13 tables",
        (
            "summary",
            "income",
            "expenditure",
            "fiscal_summary",
            "general_budget",
            "basic_by_economic",
            "gov_fund_income",
            "gov_fund_expenditure",
            "state_capital",
            "three_public",
            "operating_costs",
            "projects",
            "projects_carryover",
        ),
    ),
)


def family(tables: Iterable[BudgetTable]) -> Family:
    """The standard set a document's tables belong to (the 2024-style set unless they tell otherwise)."""
    tables = list(tables)
    kinds = {table.kind for table in tables}
    for candidate in FAMILIES:
        if kinds & set(candidate.own_kinds):
            return candidate
        if candidate.own_titles and any(
            re.search(candidate.own_titles, strip_spaces(t.title)) for t in tables
        ):
            return candidate
    return FAMILIES[-1]


LABEL = re.compile(r"^(?:预算|部门|单位)?公开(?:表)?\s*\d+\s*表?$|^表[一二三四五六七八九十\d]+$|^公开\d+表$")
TOC_LINE = re.compile(r"\.{3,}|…{2,}")
CODE = re.compile(r"^(\d{3}|\d{5}|\d{7})$")
CODE_PART = re.compile(r"^(\d{1,2}(?=$)|\d{2})?(\D.*|)$")  # 05 · 5 (a 款 printed without its 0) · 01基本工资
SEPARATORS = "-－—_ "  # between a 科目 code and its name
CODE_PREFIX = re.compile(
    r"^[\[［【]?(\d{3}|\d{5}|\d{7})[\]］】]?(?![,，.]\d)(\D.*)$"
)  # 2013802一般行政管理事务, [30227]委托业务费; not 204,397.58 (an amount with its thousands)
UNIT = re.compile(r"单位[:：]\s*(万元|千元|元|亿元)")
TOTAL_NAMES = ("合计", "总计", "小计")
EMPTY_TABLE_LINES = 3  # named lines a table published empty may still print blank
PRINTED_FIGURE = re.compile(r"\d[\d,]*\.\d*[1-9]\d*")  # an amount printed with its decimals, not 0.00
NOT_AMOUNT = re.compile(
    r"^序+号+$|^(?:行|栏)次$|^编号$|(?:单位|部门|项目)(?:代码|编码|编号)$|率|[%％]|比例|占比|增幅"
    r"|^(?:采购)?数量$|^(?:人|台|车|户)数$|^面积"  # counts and areas: not money
    r"|^备注$|^说明$|^规格型号$|^规格$|^型号$"  # remarks, an item's specification
)  # the headers of columns whose figures are not amounts (tables._not_an_amount)
COLUMN_NUMBER_MARK = re.compile(r"[*＊]+|[栏行]次|[甲乙丙丁]")
# a label column naming the unit a row belongs to, beside the column that names the row
UNIT_COLUMN = re.compile(r"(?:单位|部门)(?:名称)?$")
LABEL_HEADERS = ("编码", "名称", "项目", "科目", "单位名称", "预算单位", "品目")
LABEL_LEAVES = ("类", "款", "项", "年度", "年份")  # label columns named by one word: 201 | 05 | 07 · 2026年
HALVES = ("①", "②")
# a note saying the table is published empty: 本表无数据 · 故本表为空表 · 本表本年无发生额
EMPTY_NOTE = re.compile(r"无数据|空表|无发生额")
# how a complete header word ends (a year, 2020年 / 2021年度, and …情况 are complete: 2020年 over 会议费)
WORD_ENDS = tuple("费计数出入算金款额位类项目称码数年度况")


SPACES = re.compile(r"[\s\u3000]+")


@lru_cache(maxsize=1 << 16)  # a document's lines are compacted by several passes (meta, tables, narrative)
def strip_spaces(text: str) -> str:
    return SPACES.sub("", text)


def table_kind(title: str) -> Kind | None:
    """The standard kind a title names, or None (a title is short and ends like a table title)."""
    compact = strip_spaces(title)
    if len(compact) > 60 or TOC_LINE.search(compact) or "说明" in compact or "绩效目标" in compact:
        return None
    if re.search(r"[，,。；;《》]", compact):  # a sentence naming a table, not its title
        return None
    if not re.search(r"表(（.*）|\(.*\))?$", compact):
        return None
    for kind in KINDS:
        if kind.pattern.search(compact):
            return kind
    return None


def generic_title(text: str) -> tuple[str, str] | None:
    """(label, title) of a labelled table title of no standard kind, or None."""
    match = GENERIC_TITLE.match(strip_spaces(text))
    if not match or TOC_LINE.search(match.group("title")):
        return None
    return match.group("label"), match.group("title")


def is_label(text: str) -> bool:
    return bool(LABEL.match(strip_spaces(text)))


def split_code(name: str) -> tuple[str, str]:
    """(code, name) when a 科目 code is stuck to its name (2013802一般行政管理事务)."""
    match = CODE_PREFIX.match(name.strip())
    if match:
        return match.group(1), match.group(2).strip().lstrip(SEPARATORS).strip()  # 50201-办公经费
    return "", name


def is_column_numbers(cells: Sequence[str]) -> bool:
    """The row of column numbers some tables print under the header (1 2 3 …), after the marks
    some print over their label columns (** | ** | 1 | 2 …, 栏次 | 1 | 2 …)."""
    values = [strip_spaces(cell) for cell in cells if cell.strip()]
    marked = False
    while values and COLUMN_NUMBER_MARK.fullmatch(values[0]):
        values.pop(0)
        marked = True
    return len(values) >= (1 if marked else 3) and values == [str(i) for i in range(1, len(values) + 1)]


def parse_table(kind: Kind, title: str, label: str, title_line: Line, body: Sequence[Line]) -> BudgetTable:
    """Read one table: its metadata lines, header rows and data rows."""
    unit = "万元"
    note = ""
    content: list[Line] = []
    for line in body:
        text = strip_spaces(line.text)
        if not text:
            continue
        unit_match = UNIT.search(text)
        if unit_match:
            unit = unit_match.group(1)
            continue
        if (
            text.startswith(("部门名称", "单位名称：", "单位名称:", "预算单位"))
            and not content
            and (len(line.cells) <= 2 or not text.startswith("预算单位") or text[4:5] in ("：", ":"))
        ):
            continue  # 预算单位：… is the body; 预算单位 | 科目编码 | 科目名称 | 支出总计 … is the header
        if text.startswith("注") and (EMPTY_NOTE.search(text) or len(text) > 4):
            note = text
            continue
        if not content and not _has_amount(line.cells) and len(line.cells) <= 1 and text:
            # a wrapped 部门名称 line ("办公室") or a stray title fragment
            continue
        content.append(line)
    width = max((len(line.cells) for line in content), default=0)
    content = _without_empty_columns([_split_run_together(line, width) for line in content])
    header, data = _split_header(content)
    repeated = {_cells_key(line) for line in header}
    data = [  # a header printed again on the next page, with its row of column numbers
        line for line in data if _cells_key(line) not in repeated and not is_column_numbers(line.cells)
    ]
    width = max((len(line.cells) for line in content), default=0)
    sections = _sections(header, width)
    columns = _flatten(header, width, sections)
    _repair_shifted_headers(columns, header, data)
    data = _align_short_lines(data, columns, sections)
    rows = _codes_among_decimals(_codes_read_as_amounts(_name_halves(_rows(data, columns, sections, kind))))
    if kind.key in ("projects", "projects_carryover"):
        rows = inline_groups(rows)
    # published empty: said so (本表无数据), or a header and a blank line or two; many named lines with
    # not one figure are a table whose columns were not read, not an empty one
    named = [row for row in rows if row.name not in TOTAL_NAMES]
    # (nor one printing a figure that was not read: 5,131.706333 run into the label beside it)
    printed = any(PRINTED_FIGURE.search(cell) for line in data for cell in line.cells)
    empty = bool(EMPTY_NOTE.search(note)) or (
        not any(row.facts for row in rows) and len(named) <= EMPTY_TABLE_LINES and not printed
    )
    visible = tuple(dict.fromkeys(c.path for c in columns if c.path and not c.is_label and not c.skipped))
    return BudgetTable(
        kind=kind.key,
        number=kind.number,
        title=title,
        label=label,
        unit=unit,
        columns=visible,
        rows=tuple(rows),
        empty=empty,
        line=title_line.number,
        page=title_line.page,
        note=note,
    )


# two figures of neighbouring columns read as one cell (38,997.60 38,997.60): each has its decimals
RUN_TOGETHER = re.compile(r"-?\d[\d,]*\.\d+(?:\s+-?\d[\d,]*\.\d+)+")


def _split_run_together(line: Line, width: int) -> Line:
    """The line with a cell holding two or more figures split into one cell each, when the line
    lacks cells for them (a line of a ruled grid has its every cell: one read so stays so)."""
    if not any(RUN_TOGETHER.fullmatch(cell.strip()) for cell in line.cells):
        return line
    cells: list[str] = []
    for cell in line.cells:
        cells += cell.split() if RUN_TOGETHER.fullmatch(cell.strip()) else [cell]
    return Line(line.number, line.page, tuple(cells)) if len(cells) <= width else line


def _without_empty_columns(lines: Sequence[Line]) -> list[Line]:
    """The lines without the columns that no header or row writes in."""
    width = max((len(line.cells) for line in lines), default=0)
    used = [any(i < len(line.cells) and line.cells[i].strip() for line in lines) for i in range(width)]
    if all(used):
        return list(lines)
    return [
        Line(line.number, line.page, tuple(c for i, c in enumerate(line.cells) if used[i])) for line in lines
    ]


def _cells_key(line: Line) -> tuple[str, ...]:
    return tuple(strip_spaces(cell) for cell in line.cells if cell.strip())


def _has_amount(cells: Sequence[str]) -> bool:
    return any(parse_amount(cell) is not None for cell in cells[1:])


def _split_header(content: Sequence[Line]) -> tuple[list[Line], list[Line]]:
    """Header rows come before the first row with a figure, a 科目 code or a total."""
    for index, line in enumerate(content):
        first = line.cells[0] if line.cells else ""
        code, _ = split_code(first)
        rest = [cell for cell in line.cells[1:] if cell.strip()]
        if (
            _has_amount(line.cells)
            and not is_column_numbers(line.cells)
            or (
                first.strip()
                and index > 0
                and not is_column_numbers(line.cells)
                and all(parse_amount(cell) is not None for cell in rest)
            )
            or CODE.match(first)
            or code
            or (strip_spaces(first) in TOTAL_NAMES and all(parse_amount(cell) is not None for cell in rest))
            or (
                strip_spaces(first).startswith(("一、", "本年收入", "收入总计"))
                and strip_spaces(first) != "本年收入"
            )
        ):
            header = [line for line in content[:index] if not is_column_numbers(line.cells)]
            return header, list(content[index:])
    return list(content), []


@dataclass(slots=True)
class Column:
    """One printed column: its flattened header path and whether it holds labels or figures."""

    index: int
    path: str
    section: str
    is_label: bool
    skipped: bool = False  # neither a label nor an amount: a 序号, an identifier, a percentage


def _sections(header: Sequence[Line], width: int) -> list[str]:
    """收入 / 支出 halves of a side-by-side summary table (empty strings elsewhere)."""
    sections = [""] * width
    if not header:
        return sections
    marks = [
        (index, strip_spaces(cell))
        for index, cell in enumerate(header[0].cells)
        if strip_spaces(cell).endswith(("收入", "支出"))
    ]
    if len(marks) < 2 or marks[0][0] != 0:
        return _repeated_halves(header, width)
    bounds = dict(marks)
    current = ""
    for index in range(width):
        if index in bounds:
            current = "支出" if bounds[index].endswith("支出") else "收入"
        sections[index] = current
    return sections


def _repeated_halves(header: Sequence[Line], width: int) -> list[str]:
    """Two halves of a table printed side by side under the same header twice (人员经费 | 公用经费).

    The halves are numbered ①/②; ``_name_halves`` names them after their total rows.
    """
    filled = [(index, strip_spaces(cell)) for index, cell in enumerate(header[0].cells) if strip_spaces(cell)]
    texts = [text for _, text in filled]
    half = len(texts) // 2
    if half < 2 or len(texts) % 2 or texts[:half] != texts[half:]:
        return [""] * width
    boundary = filled[half][0]
    return [HALVES[0] if index < boundary else HALVES[1] for index in range(width)]


def _name_halves(rows: list[TableRow]) -> list[TableRow]:
    """Rename the ①/② halves after their total rows (人员经费合计 → 人员经费)."""
    names = {
        row.section: row.name.removesuffix("合计")
        for row in rows
        if row.section in HALVES and row.name.endswith("合计") and len(row.name) > 2
    }
    if not names:
        return rows
    return [replace(row, section=names.get(row.section, row.section)) for row in rows]


def _flatten(header: Sequence[Line], width: int, sections: Sequence[str]) -> list[Column]:
    """Header rows to one path per column; upper cells span rightwards within their section."""
    rows = [list(line.cells) + [""] * (width - len(line.cells)) for line in header]
    if rows and any(section not in HALVES for section in sections if section):
        rows = rows[1:]  # the 收入 / 支出 row became sections
    parts: list[list[str]] = [[] for _ in range(width)]
    starts: set[int] = set()  # where a cell of an upper row begins: a lower cell spans no further
    for depth, cells in enumerate(rows):
        last = depth == len(rows) - 1
        carry = ""
        for index in range(width):
            cell = strip_spaces(cells[index])
            if index > 0 and (sections[index] != sections[index - 1] or index in starts):
                carry = ""
            if cell:
                carry = cell
            elif not last and carry and not _is_label_text(carry):
                cell = carry
            if cell and cell not in parts[index]:
                parts[index].append(cell)
        starts.update(index for index in range(width) if strip_spaces(cells[index]))
    columns = []
    for index in range(width):
        path = "/".join(_rejoin_wrapped(parts[index]))
        skipped = _not_an_amount(path)
        columns.append(
            Column(index, path, sections[index], (_is_label_text(path) or not path) and not skipped, skipped)
        )
    return columns


def _rejoin_wrapped(parts: list[str]) -> list[str]:
    """Header words a cell wrapped over two rows, read back as one (公务接 + 待费, 因公出国 + （境）费).

    The lower part is a short tail ending in 费 and the upper part ends in none
    of the characters a header word ends with.
    """
    joined: list[str] = []
    for part in parts:
        if joined and len(part) <= 5 and part.endswith("费") and not joined[-1].endswith(WORD_ENDS):
            joined[-1] += part
        else:
            joined.append(part)
    return joined


def _not_an_amount(path: str) -> bool:
    """A column whose figures are not money: a row number (序号, 行次), the identifier of a unit,
    department or project (单位代码 113002), a percentage or rate (执行率, 增长%), or a count
    (采购数量 33896). Its cells
    never become facts (a 科目编码 column stays a label: it holds the 科目 codes)."""
    last = re.sub(r"[（(][^）)]*[)）]", "", path).rsplit("/", 1)[-1]  # 执行率（B/A）: a slash in brackets
    return bool(NOT_AMOUNT.search(last))


def _is_label_text(text: str) -> bool:
    leaf = text.rsplit("/", 1)[-1]
    if leaf in LABEL_LEAVES:
        return True
    if leaf.startswith("其中"):
        return False  # 其中：…政府采购项目中预留给中小企业的项目资金规模: a part of an amount
    # 项目支出总数, 扣除基建项目后预算数, 项目金额, 项目资金规模: figures, though they name 项目
    return any(word in text for word in LABEL_HEADERS) and not text.endswith(
        ("合计", "支出", "经费", "资金", "预算", "数", "额", "计", "规模")
    )


def _repair_shifted_headers(columns: list[Column], header: Sequence[Line], data: Sequence[Line]) -> None:
    """Mend a header cell printed one column off its figures.

    Extraction sometimes prints a spanning top header (上年结转) over an empty
    column while its figures sit one column right, under a neighbour's sub-header.
    When column i never holds a figure and column i+1 does, and i's header stands
    alone at the top while i+1's is only inherited, the two headers are swapped.
    """
    if len(header) < 2:
        return

    def used(index: int) -> bool:
        return any(index < len(line.cells) and parse_amount(line.cells[index]) is not None for line in data)

    top = [strip_spaces(c) for c in header[0].cells]
    bottom = [strip_spaces(c) for c in header[-1].cells]
    for index in range(len(columns) - 1):
        here, right = columns[index], columns[index + 1]
        if here.is_label or here.skipped or right.skipped or used(index) or not used(index + 1):
            continue
        own_top = top[index] if index < len(top) else ""
        right_top = top[index + 1] if index + 1 < len(top) else ""
        own_bottom = bottom[index] if index < len(bottom) else ""
        right_bottom = bottom[index + 1] if index + 1 < len(bottom) else ""
        if own_top and not own_bottom and not right_top and right_bottom:
            group = next((top[j] for j in range(index - 1, -1, -1) if j < len(top) and top[j]), "")
            prefix = f"{group}/" if group and not _is_label_text(group) else ""
            here.path, right.path = prefix + right_bottom, own_top


def _align_short_lines(
    data: Sequence[Line], columns: Sequence[Column], sections: Sequence[str]
) -> list[Line]:
    """Lines of a table without rules lose their empty cells: a row that prints a figure in every
    figure column lost label cells (the 预算单位 left blank under the first row), so its figures go
    to the figure columns and its labels to the last label columns. A row with fewer figures than
    columns is left as read: which cell it lost cannot be known."""
    if len(set(sections)) > 1:
        return list(data)
    values = [c.index for c in columns if not c.is_label and not c.skipped]
    labels = [c.index for c in columns if c.is_label]
    if (
        not values
        or any(c.skipped for c in columns)
        or values != sorted(values)
        or (labels and max(labels) > min(values))
    ):
        return list(data)
    aligned = []
    for line in data:
        cells = [cell for cell in line.cells if cell.strip()]
        figures = len(values)
        if len(line.cells) >= len(columns) or len(cells) <= figures:
            aligned.append(line)
            continue
        head, tail = cells[:-figures], cells[-figures:]
        if len(head) > len(labels) or any(parse_amount(cell) is None for cell in tail):
            aligned.append(line)
            continue
        placed = [""] * len(columns)
        for index, cell in zip(labels[len(labels) - len(head) :], head, strict=True):
            placed[index] = cell
        for index, cell in zip(values, tail, strict=True):
            placed[index] = cell
        aligned.append(Line(line.number, line.page, tuple(placed)))
    return aligned


def _rows(
    data: Sequence[Line], columns: Sequence[Column], sections: Sequence[str], kind: Kind
) -> list[TableRow]:
    """Every data line becomes one row per section (two in side-by-side summaries)."""
    section_names = list(dict.fromkeys(sections))
    rows: list[TableRow] = []
    group = ""
    tree: dict[str, list[str]] = {}  # a section's codes so far by level: 类 | 款 | 项 parts complete them
    for line in data:
        cells = list(line.cells) + [""] * (len(columns) - len(line.cells))
        for section in section_names:
            members = [c for c in columns if c.section == section and not c.skipped]
            labels = [c for c in members if c.is_label]
            values = [c for c in members if not c.is_label]
            if not members:
                continue
            units = [c for c in labels if UNIT_COLUMN.search(c.path)] if len(labels) > 1 else []
            unit = ""
            if units and len(units) < len(labels):  # 单位名称 | 项目名称 | …: the unit groups the rows
                labels = [c for c in labels if c not in units]
                unit = "".join(strip_spaces(cells[c.index]) for c in units)
                group = unit or group
            label_cells = [strip_spaces(cells[c.index]) for c in labels] or [
                strip_spaces(cells[members[0].index])
            ]
            if not labels and parse_amount(label_cells[0]) is not None:
                label_cells = [
                    "合计"
                ]  # a table of figures only (合计 | 基本支出 | …): its one row is the total
            elif not labels:
                values = members[1:]
            code, name, name2 = _names(_tree_code(label_cells, tree.setdefault(section, ["", "", ""])))
            own = not name and not code and bool(unit)  # the unit's own line: 深圳市信访局 | | | 4,684.30 …
            if own:
                name = unit
            if not name and not code:
                continue
            facts = tuple(
                Fact(column.path, amount, cells[column.index].strip())
                for column in values
                if column.index < len(cells) and (amount := parse_amount(cells[column.index])) is not None
            )
            level = {3: 1, 5: 2, 7: 3}.get(len(code), 0)
            is_group = len(label_cells) > 1 and not code and not name2 and name not in TOTAL_NAMES
            if is_group:
                group = name
            rows.append(
                TableRow(
                    position=len(rows),
                    name=name,
                    line=line.number,
                    page=line.page,
                    facts=facts,
                    code=code,
                    level=level,
                    parent_code=code[:-2] if level > 1 else "",
                    section=section,
                    name2=name2,
                    group="" if is_group or own or name in TOTAL_NAMES else group,
                )
            )
    return rows


CODE_SHAPED = re.compile(r"[1-9]\d{2}(?:\d{2}){0,2}")  # 205, 20508, 2050803: no separator, no decimals


def _codes_read_as_amounts(rows: Sequence[TableRow]) -> list[TableRow]:
    """科目 codes that landed in an amount column (a merged header moved the columns: 培训支出 |
    2050803 | 193.00) are the rows' codes, not amounts. Taken as codes only when they form a
    科目 tree on their own — bare 3-, 5- and 7-digit figures of lines without a code, each longer
    one under a shorter one printed above it (205 → 20508 → 2050803), at least three — so that
    amounts printed without decimals (80 | 237 | 700) stay amounts."""
    found: dict[int, str] = {}
    for index, row in enumerate(rows):
        shaped = [f for f in row.facts if CODE_SHAPED.fullmatch(f.printed.strip())]
        if not row.code and shaped:
            found[index] = shaped[0].printed.strip()
    codes = set(found.values())
    if len(found) < 3 or any(len(code) > 3 and code[:-2] not in codes for code in codes):
        return list(rows)
    out = list(rows)
    for index, code in found.items():
        row = rows[index]
        level = {3: 1, 5: 2, 7: 3}[len(code)]
        facts = tuple(f for f in row.facts if f.printed.strip() != code)
        out[index] = replace(
            row, facts=facts, code=code, level=level, parent_code=code[:-2] if level > 1 else ""
        )
    return out


def _codes_among_decimals(rows: Sequence[TableRow]) -> list[TableRow]:
    """A 科目 code that a misread column put among amounts printed with their decimals (Beijing's
    2130201 beside 142.488000 …): in a table whose figures all print decimals, a bare 3-, 5- or
    7-digit figure is a code, not an amount."""
    printed = [fact.printed.strip() for row in rows for fact in row.facts]
    decimals = sum("." in text for text in printed)
    if decimals < 5 or decimals < 0.9 * len(printed):
        return list(rows)
    return [
        replace(row, facts=tuple(f for f in row.facts if not CODE_SHAPED.fullmatch(f.printed.strip())))
        if any(CODE_SHAPED.fullmatch(f.printed.strip()) for f in row.facts)
        else row
        for row in rows
    ]


def inline_groups(rows: Sequence[TableRow]) -> list[TableRow]:
    """A project list that prints each unit's subtotal as a row above the unit's projects (珠海市商务局
    58,446.21, its projects, then the next unit and its projects): the projects are grouped under
    those rows. Recognised by the figures alone: after the total line, the rows must split into
    blocks, each a row whose first figure is the sum of the rows below it up to the next block,
    and the blocks' rows must sum to the total; else the rows are left as they are."""
    lines = [row for row in rows if row.facts and not row.group]
    if len(lines) < 4 or lines[0].name not in TOTAL_NAMES + ("总计", "合计"):
        return list(rows)
    total, items = lines[0], lines[1:]
    heads: dict[int, str] = {}  # position -> the head's name
    members: dict[int, str] = {}
    index = 0
    while index < len(items):
        head = items[index]
        target, running, end = head.facts[0].amount, Decimal(0), index + 1
        while end < len(items) and running + items[end].facts[0].amount <= target + _slack(end - index):
            running += items[end].facts[0].amount
            end += 1
            if abs(running - target) <= _slack(end - index):
                break
        if end == index + 1 or abs(running - target) > _slack(end - index):
            return list(rows)  # not a unit's subtotal over its projects
        heads[head.position] = head.name
        members.update((row.position, head.name) for row in items[index + 1 : end])
        index = end
    subtotal = sum((row.facts[0].amount for row in items if row.position in heads), Decimal(0))
    if len(heads) < 1 or abs(subtotal - total.facts[0].amount) > _slack(len(heads)):
        return list(rows)
    return [replace(row, group=members[row.position]) if row.position in members else row for row in rows]


def _slack(count: int) -> Decimal:
    """How far a sum of ``count`` figures printed to 0.01 may be from their printed total."""
    return Decimal("0.005") * (count + 1)


CODE_PART_CELL = re.compile(r"\d{1,2}")


def _tree_code(cells: list[str], tree: list[str]) -> list[str]:
    """A row's label cells with its code made whole where the 类 | 款 | 项 columns print only the
    row's own part under its parent (205 教育支出, then | 01 | | 教育管理事务, then | | 01 | 行政运行):
    the part is put after the code of the level above, as read from the rows before. ``tree``
    holds the codes so far by level and is updated."""
    if len(cells) >= 3 and CODE.match(cells[0]):
        code = cells[0] + "".join(c.zfill(2) for c in cells[1:3] if CODE_PART_CELL.fullmatch(c))
        level = {3: 0, 5: 1, 7: 2}.get(len(code))
        if level is not None:
            tree[level:] = [code] + [""] * (2 - level)
        return cells
    parts = cells[:3]
    filled = [i for i, c in enumerate(parts) if c]
    if (
        len(cells) < 4
        or len(filled) != 1
        or filled[0] == 0
        or not CODE_PART_CELL.fullmatch(parts[filled[0]])
        or not cells[3]
        or CODE_PART_CELL.fullmatch(cells[3])
    ):
        return cells
    level = filled[0]
    parent = tree[level - 1]
    if not parent:
        return cells[3:]  # a part under no code read before it: the name alone
    code = parent + parts[level].zfill(2)
    tree[level:] = [code] + [""] * (2 - level)
    return [code] + cells[3:]


def _names(label_cells: Sequence[str]) -> tuple[str, str, str]:
    """(code, name, second name) from a row's label cells."""
    cells = list(label_cells)
    code = ""
    if cells and CODE.match(cells[0]):
        code = cells.pop(0)
        # 类 | 款 | 项 printed in columns of their own (201 | 05 | 07) or stuck to the name (301 | 01基本工资)
        while len(code) < 7 and cells and (part := CODE_PART.match(cells[0])):
            if not part.group(1):
                if cells[0]:
                    break
                cells.pop(0)
                continue
            code += part.group(1).zfill(2)
            cells[0] = part.group(2)
            if not cells[0]:
                cells.pop(0)
    elif cells:
        code, cells[0] = split_code(cells[0])
    cells = [cell for cell in cells if cell] if code else cells
    name = cells[0].lstrip(SEPARATORS) if cells else ""  # 2010801 | -行政运行
    others = [split_code(cell)[1] for cell in cells[1:] if cell]
    if not name and others:  # a row named in the second label column only
        name, others = others[0], []
    # the finest of the other labels: 3021101-差旅费 after 2010801-行政运行 | 50201-办公经费
    name2 = others[-1] if others else ""
    if not name and not code:  # a deeper level of a tree of names (采购品目 → 物品): its own name
        name = next((cell for cell in cells if cell), "")
    return code, name, name2
