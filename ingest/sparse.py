"""Tables from a text extraction that lost its empty cells (rows space-separated, no tabs).

    2010506统计管理 1,200 1,200           code stuck to its name, figures only where printed
    一、财政拨款收入 76,306,134 一、一般公共服务支出 3,353,072 3,353,072

Such a row says which figures it prints but not in which columns: an empty
cell left no trace. So a row is read as its label (code and name) and its
figures; the figures go to the columns in order only when the row fills every
column, and otherwise only the first figure — the row's total, which every row
of these tables prints first — is kept. Nothing is placed in a column it may
not belong to. Header rows are run together in such text (财政拨款收入事业收入事业单位
/ 经营收入其他收入), so the column names are the standard header words found in
them, in order, under the header's group (收入预算/合计 as the PDFs of the same
tables give it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.model import BudgetTable, Fact, Line, TableRow
from ingest.numbers import parse_amount
from ingest.tables import CODE, EMPTY_NOTE, Kind, split_code, strip_spaces

UNIT = re.compile(r"单位[:：]\s*(万元|千元|元|亿元)")
# the standard column words, longest first where one begins another
WORDS = (
    "事业单位经营收入",
    "财政拨款收入",
    "事业收入",
    "其他收入",
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "一般公共预算",
    "政府性基金预算",
    "国有资本经营预算",
    "因公出国(境)费",
    "公务接待费",
    "公务用车购置及运行费",
    "购置费",
    "运行费",
    "小计",
    "合计",
    "预算数",
)
ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|\d{1,2}[、.．])")
TOTALS = ("合计", "总计", "小计")


def parse_sparse_table(
    kind: Kind, title: str, label: str, title_line: Line, body: Sequence[Line]
) -> BudgetTable:
    """Read one table of a space-separated text extraction (see the module docstring)."""
    unit = "万元"
    note = ""
    header: list[str] = []
    data: list[Line] = []
    for line in body:
        text = strip_spaces(line.text)
        if not text:
            continue
        unit_match = UNIT.search(text)
        if unit_match:
            unit = unit_match.group(1)
            continue
        if text.startswith("注"):
            note = text
            continue
        if _is_row(line):
            data.append(line)
        elif not data or text not in header:  # a header printed again over the next page is skipped
            header.append(text)
    halves = _halves(header)
    rows: list[TableRow] = []
    for line in data:
        groups = _groups(line.cells)
        if halves and groups:
            sides = _sides(groups, halves)
        else:
            sides = [("", _merged(groups))]
        for section, (label_tokens, amounts) in sides:
            columns = _columns(header, section, halves)
            code, name = _label(label_tokens)
            if not code and not name and amounts:
                name = "合计"  # a row of figures only: the table's totals
            if not code and not name:
                continue
            rows.append(_row(len(rows), code, name, section, amounts, columns, line))
    empty = bool(EMPTY_NOTE.search(note)) or not any(row.facts for row in rows)
    visible = tuple(dict.fromkeys(f.column for row in rows for f in row.facts))
    placed = {len(row.facts) for row in rows if row.facts}
    incomplete = visible[1:] if len(placed) > 1 else ()
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
        incomplete=incomplete,
    )


def is_sparse(lines: Sequence[Line]) -> bool:
    """Whether a document's rows lost their empty cells: many cells a row, never an empty one."""
    rows = [line for line in lines if len(line.cells) > 2]
    return bool(rows) and not any(cell == "" for line in rows for cell in line.cells)


def _is_row(line: Line) -> bool:
    cells = [cell for cell in line.cells if cell]
    if not cells:
        return False
    first = cells[0]
    return (
        any(parse_amount(cell) is not None for cell in cells)
        or bool(CODE.match(first) or split_code(first)[0])
        or bool(ORDINAL.match(first))
        or (strip_spaces(first) in TOTALS and len(cells) == 1)
    )


def _groups(cells: Sequence[str]) -> list[tuple[list[str], list[str]]]:
    """The row as (label tokens, figures) groups: a new group at each label after a figure."""
    groups: list[tuple[list[str], list[str]]] = []
    for cell in cells:
        if not cell:
            continue
        if not groups and CODE.match(cell):  # a 科目 code leads its row: 201 一般公共服务支出 …
            groups.append(([cell], []))
        elif parse_amount(cell) is not None:
            if not groups:
                groups.append(([], []))
            groups[-1][1].append(cell)
        elif (
            not groups
            or groups[-1][1]
            or ORDINAL.match(cell)
            and groups[-1][0]
            and not CODE.match(groups[-1][0][-1])
        ):
            groups.append(([cell], []))
        else:
            groups[-1][0].append(cell)
    return groups


def _merged(groups: Sequence[tuple[list[str], list[str]]]) -> tuple[list[str], list[str]]:
    labels = [token for tokens, _ in groups for token in tokens]
    amounts = [amount for _, figures in groups for amount in figures]
    return labels, amounts


def _halves(header: Sequence[str]) -> tuple[str, str] | None:
    """(收入 name, 支出 name) of a side-by-side table, from its first header row (本年收入 本年支出)."""
    if not header:
        return None
    match = re.match(r"^(\S*收入)(\S*支出)$", header[0])
    return (match.group(1), match.group(2)) if match else None


def _sides(
    groups: Sequence[tuple[list[str], list[str]]], halves: tuple[str, str]
) -> list[tuple[str, tuple[list[str], list[str]]]]:
    """Each group of a side-by-side row with its side: the first 收入, the second 支出; a lone one by its name."""
    if len(groups) >= 2:
        return [("收入", groups[0]), ("支出", _merged(groups[1:]))]
    name = "".join(groups[0][0])
    side = "支出" if name.endswith(("支出", "支出合计", "支出总计")) else "收入"
    return [(side, groups[0])]


def _columns(header: Sequence[str], section: str, halves: tuple[str, str] | None) -> list[str]:
    """The value columns: header words in order, under the header's group (项目 收入预算 → 收入预算/…)."""
    if halves:
        # a side-by-side table: the 收入 side prints one figure, the 支出 side its total first
        several = section == "支出" and "合计" in "".join(header)
        return ["预算数/合计" if several else "预算数"]
    group_line = next((text for text in header if text.startswith("项目") and len(text) > 2), "")
    group = group_line[2:]
    text = "".join(line for line in header if line != group_line)
    words: list[str] = []
    position = 0
    while position < len(text):
        word = next((w for w in WORDS if text.startswith(w, position)), "")
        if word:
            words.append(word)
            position += len(word)
        else:
            position += 1
    if "合计" in words:  # the figures begin with the total; words before it name groups (预算数)
        words = words[words.index("合计") :]
    if group:
        words = [f"{group}/{word}" for word in words]
    return words


def _label(tokens: Sequence[str]) -> tuple[str, str]:
    """(code, name) from a row's label tokens: 2010506统计管理 · 201 一般公共服务支出 · 301 01基本工资."""
    cells = [strip_spaces(token) for token in tokens if token]
    code = ""
    if cells and CODE.match(cells[0]):
        code = cells.pop(0)
        if cells and (part := re.match(r"^(\d{2})(\D.*)$", cells[0])) and len(code) < 7:
            code += part.group(1)
            cells[0] = part.group(2)
    elif cells:
        code, cells[0] = split_code(cells[0])
    return code, "".join(cells)


def _row(
    position: int,
    code: str,
    name: str,
    section: str,
    amounts: Sequence[str],
    columns: Sequence[str],
    line: Line,
) -> TableRow:
    """A row with its figures: all of them when they fill the columns, else the first (its total) only."""
    if len(amounts) == len(columns):
        placed = list(zip(columns, amounts, strict=True))
    elif amounts and columns:
        placed = [(columns[0], amounts[0])]
    else:
        placed = []
    facts = tuple(
        Fact(column, amount, printed)
        for column, printed in placed
        if (amount := parse_amount(printed)) is not None
    )
    level = {3: 1, 5: 2, 7: 3}.get(len(code), 0)
    return TableRow(
        position=position,
        name=name,
        line=line.number,
        page=line.page,
        facts=facts,
        code=code,
        level=level,
        parent_code=code[:-2] if level > 1 else "",
        section=section,
    )
