"""The arithmetic identities the tables promise, checked — never used to change a figure.

Each identity instance becomes a ``Check`` holding the printed figure
(``expected``) and the figure computed from its parts (``actual``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal
from itertools import takewhile

from ingest.crosscuts import cuts_across
from ingest.levels import project_leaves
from ingest.model import UNIT_FACTORS, BudgetTable, Check, ProjectSheet, TableRow

ZERO = Decimal(0)
YEAR_PREFIX = re.compile(r"^(?:19|20)\d{2}年")
SHEET_TOLERANCE_YUAN = Decimal(50)  # a 万元 table rounds to 0.01 万元 = 100 元


def _value(row: TableRow, column: str) -> Decimal | None:
    for fact in row.facts:
        if fact.column == column:
            return fact.amount
    return None


def _check(
    name: str, table: BudgetTable | str, expected: Decimal, parts: Iterable[Decimal], detail: str
) -> Check:
    parts = list(parts)
    actual = sum(parts, ZERO)
    title = table if isinstance(table, str) else table.title
    return Check(name, title, expected, actual, expected == actual, detail, _rounding([expected, *parts]))


def _rounding(figures: Sequence[Decimal]) -> Decimal:
    """Half a unit in the last printed place of each figure, summed."""
    return sum((Decimal(1).scaleb(_place(figure)) / 2 for figure in figures), ZERO)


def _place(figure: Decimal) -> int:
    exponent = figure.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def doubts(tables: Sequence[BudgetTable], checks: Sequence[Check]) -> tuple[BudgetTable, ...]:
    """The tables, each whose identities fail beyond rounding marked with why (its figures may
    be misread, or the document disagrees with itself: either way an answer says so)."""
    failing: dict[str, list[Check]] = {}
    totals: dict[str, int] = {}
    across: dict[str, list[Check]] = {}  # the identities within one line, across its columns
    for check in checks:
        totals[check.table] = totals.get(check.table, 0) + 1
        if check.fails_beyond_rounding:
            failing.setdefault(check.table, []).append(check)
        if check.across:
            across.setdefault(check.table, []).append(check)
    marked = []
    for table in tables:
        failed = failing.get(table.title, [])
        lines = across.get(table.title, [])
        wrong = [c for c in lines if c.fails_beyond_rounding]
        if len(wrong) >= 3 and 2 * len(wrong) >= len(lines):
            # most lines' totals disagree with their own columns: the columns were misassigned (a
            # header of several rows printed without rules), every figure of the table is in doubt
            first = wrong[0]
            doubt = COLUMNS_DOUBT.format(
                count=len(wrong),
                total=len(lines),
                detail=first.detail,
                expected=first.expected,
                actual=first.actual,
            )
            marked.append(replace(table, doubt=doubt))
            continue
        if failed:
            first = failed[0]
            doubt = DOUBT.format(
                count=len(failed),
                total=totals[table.title],
                detail=first.detail,
                expected=first.expected,
                actual=first.actual,
            )
            table = replace(table, doubt=doubt)
        marked.append(table)
    return tuple(marked)


COLUMNS_DOUBT = (
    "{count}行的合计与本行各列之和不符（共核对{total}行，超出四舍五入），列很可能读错，如{detail}：表中为{expected}，"
    "各列相加为{actual}"
)


DOUBT = "{count}处合计与明细之和不符（共核对{total}处，超出四舍五入），如{detail}：表中为{expected}，明细加总为{actual}"


def _columns(rows: Sequence[TableRow]) -> list[str]:
    return list(dict.fromkeys(fact.column for row in rows for fact in row.facts))


def _tree_checks(table: BudgetTable) -> list[Check]:
    """科目 parent = sum of its children; 合计 = sum of the 类 rows."""
    checks: list[Check] = []
    coded = [row for row in table.rows if row.code]
    if not coded:
        return checks
    columns = [column for column in _columns(table.rows) if column not in table.incomplete]
    printed = Counter(row.code for row in coded)
    for index, parent in enumerate(coded):
        if printed[parent.code] > 1:  # printed under several headings (Yantai's 501 / 505): its own block
            children = [row for row in _block(coded, index) if row.parent_code == parent.code]
        else:
            children = [row for row in coded if row.parent_code == parent.code]
        if not children:
            continue
        for column in columns:
            expected = _value(parent, column)
            if expected is None:
                continue
            parts = [v for row in children if (v := _value(row, column)) is not None]
            checks.append(
                _check(
                    "科目 = 下级科目之和", table, expected, parts, f"{parent.code} {parent.name} [{column}]"
                )
            )
    total = next((row for row in table.rows if row.name in ("合计", "总计") and not row.code), None)
    if total:
        # the 类 rows, or the shallowest level printed (Beijing prints only 项 lines, by economic class)
        top = min(row.level or 9 for row in coded)
        tops = [row for row in coded if row.level == top]
        names: dict[str, set[str]] = {}
        for row in tops:
            names.setdefault(row.code, set()).add(row.name)
        if any(len(found) > 1 for found in names.values()):
            return checks  # one code on rows of other names: a list by 科目 (采购 items), not a 科目 tree
        for column in columns:
            expected = _value(total, column)
            if expected is None:
                continue
            parts = [v for row in tops if (v := _value(row, column)) is not None]
            checks.append(_check("合计 = 各类科目之和", table, expected, parts, f"合计 [{column}]"))
    return checks


def _block(coded: Sequence[TableRow], index: int) -> list[TableRow]:
    """The rows under ``coded[index]``: those after it whose codes extend its code, up to the next print of it."""
    code = coded[index].code
    return list(takewhile(lambda row: row.code.startswith(code) and row.code != code, coded[index + 1 :]))


def _row_total_checks(table: BudgetTable) -> list[Check]:
    """Within a row: the …合计 figure = the sum of its sibling figures (基本支出 + 项目支出 …).

    A sibling that is itself a group of columns counts with its own 小计/合计
    (三公经费/小计 beside 会议费 and 培训费); a group without one is left out.
    """
    checks: list[Check] = []
    breakdowns: dict[tuple[str, str], set[str]] = {}  # the 其中 columns of a column group, per table
    for row in table.rows:
        by_column = {fact.column: fact.amount for fact in row.facts}
        for total in row.facts:
            leaf = total.column.rsplit("/", 1)[-1]
            if not leaf.endswith(("合计", "小计", "总计")):  # 支出总计 = 基本支出 + 项目支出 + … too
                continue
            if re.sub(r"^本年", "", YEAR_PREFIX.sub("", leaf))[:-2] not in ("", "支出", "收入"):
                continue  # “三公”经费合计 beside 会议费 and 培训费: the total of some of its siblings only
            prefix = total.column.rsplit("/", 1)[0] + "/" if "/" in total.column else ""
            depth = total.column.count("/")
            children = list(
                dict.fromkeys(
                    fact.column[len(prefix) :].split("/", 1)[0]
                    for fact in row.facts
                    if fact is not total
                    and fact.column.startswith(prefix)
                    and fact.column.count("/") >= depth
                )
            )
            if (prefix, leaf) not in breakdowns:
                breakdowns[(prefix, leaf)] = _parts_of_a_sibling(table, prefix, leaf)
            children = [
                child
                for child in children
                if child not in breakdowns[(prefix, leaf)] and not cuts_across(child)
            ]
            if len(children) == 1 and children[0].startswith("其中"):
                continue  # 小计 | 其中：专项资金列入部门预算的项目: one part named, not all of them
            parts: list[tuple[str, Decimal]] = []
            for child in children:
                amount = _group_amount(by_column, prefix + child)
                if amount is not None:
                    parts.append((child, amount))
            if not parts:
                continue
            # a group without its own total (基本支出 → 人员经费 + 公用经费) counts with the sum of its columns
            for child in children:
                if not any(name == child for name, _ in parts):
                    members = [a for c, a in by_column.items() if c.startswith(f"{prefix}{child}/")]
                    if members:
                        parts.append((child, sum(members, ZERO)))
            label = " + ".join(name for name, _ in parts)
            check = _check(
                f"{YEAR_PREFIX.sub('', leaf)} = {label}",  # 2024年合计 = … is the identity 合计 = …
                table,
                total.amount,
                [amount for _, amount in parts],
                f"{row.code} {row.name}".strip(),
            )
            # one column beside its total proves nothing of the columns' order: two or more do
            checks.append(replace(check, across=len(parts) >= 2))
    return checks


def _total_line_checks(table: BudgetTable) -> list[Check]:
    """A 合计 line printed again (on each page of a long table) prints the same figures; lines all
    read as 合计 with other figures are lines whose names were not read (Beijing's 一般公共预算支出表
    read with its 科目 column as a figure): each such line fails against the first."""
    checks: list[Check] = []
    first: dict[str, TableRow] = {}
    for row in table.rows:
        if row.name not in ("合计", "总计") or row.code or row.group or not row.facts:
            continue
        if row.section not in first:
            first[row.section] = row
            continue
        column = row.facts[0].column
        expected = _value(first[row.section], column)
        if expected is not None:
            checks.append(
                _check(
                    "合计行 = 首个合计行", table, expected, [row.facts[0].amount], f"{row.name} [{column}]"
                )
            )
    return checks


def _parts_of_a_sibling(table: BudgetTable, prefix: str, total: str) -> set[str]:
    """The 其中：… columns that break down the column before them, not the total: in 小计 | 公务接待费 |
    公务用车购置及运行费 | 其中：公务用车购置 | 其中：公务用车运行费 the last two are parts of the one
    before; in 小计 | 其中：基本支出 | 项目支出 the 其中 opens the total's own breakdown."""
    order = list(
        dict.fromkeys(
            column[len(prefix) :].split("/", 1)[0] for column in table.columns if column.startswith(prefix)
        )
    )
    parts: set[str] = set()
    before = ""
    for name in order:
        # after a sibling other than the total, or after another 其中 that is such a part
        if name.startswith("其中") and (
            before in parts or (before not in ("", total) and not before.startswith("其中"))
        ):
            parts.add(name)
        before = name
    return parts


def _group_amount(by_column: dict[str, Decimal], path: str) -> Decimal | None:
    """A column's figure, or a column group's own 小计/合计."""
    if path in by_column:
        return by_column[path]
    for total in ("小计", "合计"):
        if f"{path}/{total}" in by_column:
            return by_column[f"{path}/{total}"]
    depth = path.count("/") + 1
    for column, amount in by_column.items():  # 项目支出/项目支出总数 beside 项目支出/扣除基建项目后预算数
        if column.startswith(f"{path}/") and column.count("/") == depth and column.endswith(GROUP_TOTALS):
            return amount
    return None


GROUP_TOTALS = ("总数", "总额", "总计")  # a column group's own total, named otherwise than 小计/合计


def _group_checks(table: BudgetTable) -> list[Check]:
    """Economic-class tables: each class row = its items; 合计 = the classes."""
    checks: list[Check] = []
    groups = [
        row for row in table.rows if not row.group and not row.code and row.name not in ("合计", "总计")
    ]
    members = [row for row in table.rows if row.group]
    if not members:
        return checks
    columns = _columns(table.rows)
    for group in groups:
        items = [row for row in members if row.group == group.name]
        for column in columns:
            expected = _value(group, column)
            if expected is None or not items:
                continue
            parts = [v for row in items if (v := _value(row, column)) is not None]
            checks.append(_check("类 = 款之和", table, expected, parts, f"{group.name} [{column}]"))
    total = next((row for row in table.rows if row.name in ("合计", "总计")), None)
    if total:
        for column in columns:
            expected = _value(total, column)
            if expected is not None:
                parts = [v for row in groups if (v := _value(row, column)) is not None]
                checks.append(_check("合计 = 各类之和", table, expected, parts, f"合计 [{column}]"))
    return checks


def project_rows(table: BudgetTable) -> tuple[TableRow | None, list[TableRow]]:
    """The total line of a project table and its project lines (subtotal lines of the body and of
    units grouping the projects below them left out)."""
    groups = {row.group for row in table.rows if row.group}
    rows = [row for row in table.rows if row.facts and row.name not in groups]
    if not rows:
        return None, []
    first = rows[0]
    total_value = first.facts[0].amount
    index = 0
    while (
        index < len(rows)
        and rows[index].facts[0].amount == total_value
        and not _looks_like_project(rows[index])
    ):
        index += 1
    if index == 0:
        return None, rows
    items = rows[index:]
    return first, [items[i] for i in project_leaves([row.facts[0].amount for row in items], total_value)]


def _unit_checks(table: BudgetTable) -> list[Check]:
    """A unit's subtotal row over its projects (tables.inline_groups) = their sum."""
    checks = []
    for head in (row for row in table.rows if row.facts and not row.group):
        members = [row for row in table.rows if row.group == head.name and row.facts]
        if members:
            column = head.facts[0].column
            parts = [v for row in members if (v := _value(row, column)) is not None]
            checks.append(
                _check("单位小计 = 其项目之和", table, head.facts[0].amount, parts, f"{head.name} [{column}]")
            )
    return checks


def _looks_like_project(row: TableRow) -> bool:
    return not (
        row.name.endswith(("办公室", "局", "委员会", "合计", "院", "厅", "部", "处", "中心"))
        or row.name == "合计"
    )


def _first_amount(row: TableRow | None) -> Decimal | None:
    return row.facts[0].amount if row and row.facts else None


def _summary_checks(table: BudgetTable) -> list[Check]:
    checks: list[Check] = []
    by_name = {(row.section, row.name): row for row in table.rows}
    income = by_name.get(("收入", "收入总计"))
    spending = by_name.get(("支出", "支出总计"))
    if income and spending and income.facts and spending.facts:
        checks.append(
            _check(
                "收入总计 = 支出总计",
                table,
                income.facts[0].amount,
                [spending.facts[0].amount],
                "收入总计 / 支出总计",
            )
        )
    for section, total_name in (("收入", "本年收入合计"), ("支出", "本年支出合计")):
        total = by_name.get((section, total_name))
        if not total or not total.facts:
            continue
        items = []
        for row in table.rows:
            if row.section != section:
                continue
            if row is total:
                break
            if row.facts and ORDINAL.match(row.name):
                items.append(row.facts[0].amount)
        if not items:
            continue  # items without ordinals or codes (科目 names by indentation only): no level to sum
        checks.append(_check(f"{total_name} = 各项之和", table, total.facts[0].amount, items, total_name))
    return checks


ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")


def _to_yuan(amount: Decimal, unit: str) -> Decimal:
    return amount * UNIT_FACTORS.get(unit, 1)


def reconcile(tables: Sequence[BudgetTable], projects: Sequence[ProjectSheet]) -> list[Check]:
    """Every identity the document promises, in table order."""
    checks: list[Check] = []
    by_kind = {table.kind: table for table in tables}
    for table in tables:
        if table.empty:
            continue
        checks += _tree_checks(table)
        checks += _row_total_checks(table)
        checks += _total_line_checks(table)
        if table.kind == "basic_by_economic":
            checks += _group_checks(table)
        if table.kind in ("summary", "fiscal_summary"):
            checks += _summary_checks(table)
        if table.kind in ("projects", "projects_carryover"):
            checks += _unit_checks(table)
            total, items = project_rows(table)
            if total and total.facts:
                column = total.facts[0].column
                parts = [v for row in items if (v := _value(row, column)) is not None]
                checks.append(
                    _check("合计 = 各项目之和", table, total.facts[0].amount, parts, f"合计 [{column}]")
                )
    checks += _cross_checks(by_kind)
    checks += _sheet_checks(by_kind.get("projects"), projects)
    return checks


def _total(table: BudgetTable | None, column_leaf: str, section: str = "") -> Decimal | None:
    if not table:
        return None
    for row in table.rows:
        if row.name in ("合计", "总计", "收入总计", "部门合计") and (not section or row.section == section):
            for fact in row.facts:
                if fact.column.rsplit("/", 1)[-1] == column_leaf or (not column_leaf):
                    return fact.amount
    return None


NON_FISCAL_INCOME = ("事业收入", "经营收入", "其他收入", "上级补助", "附属单位", "事业基金", "非财政拨款")


def _has_other_income(summary: BudgetTable) -> bool:
    """Whether the 收支总表 shows income besides 财政拨款 (事业收入, 其他收入 …)."""
    return any(
        any(word in row.name for word in NON_FISCAL_INCOME) and any(fact.amount for fact in row.facts)
        for row in summary.rows
        if row.section != "支出"
    )


def _cross_checks(by_kind: dict[str, BudgetTable]) -> list[Check]:
    checks: list[Check] = []
    summary, fiscal = by_kind.get("summary"), by_kind.get("fiscal_summary")
    if summary and fiscal and not _has_other_income(summary):  # else table 1 counts more than 财政拨款
        a = _total(summary, "", "收入")
        b = _total(fiscal, "", "收入")
        if a is not None and b is not None:
            checks.append(
                _check("表一收入总计 = 表四收入总计", f"{summary.title} / {fiscal.title}", a, [b], "收入总计")
            )
    expenditure = by_kind.get("expenditure")
    projects, carryover = by_kind.get("projects"), by_kind.get("projects_carryover")
    spent = _total(expenditure, "项目支出")
    if expenditure and spent is not None and projects:
        parts = [
            v for t in (projects, carryover) if t and (v := _first_amount(project_rows(t)[0])) is not None
        ]
        checks.append(
            _check(
                "支出总表项目支出 = 项目支出表（本年 + 上年结转）",
                expenditure.title,
                spent,
                parts,
                "项目支出合计",
            )
        )
    basic = _total(expenditure, "基本支出")
    economic = by_kind.get("basic_by_economic")
    economic_total = _total(economic, "合计")
    if expenditure and economic and basic is not None and economic_total is not None:
        checks.append(
            _check(
                "支出总表基本支出 = 基本支出经济科目表合计",
                economic.title,
                basic,
                [economic_total],
                "基本支出合计",
            )
        )
    operating = by_kind.get("operating_costs")
    public = _total(economic, "公用经费")
    running = _total(operating, "合计")
    if operating and public is not None and running is not None:
        checks.append(
            _check("机关运行经费 = 基本支出公用经费", operating.title, running, [public], "合计 / 公用经费")
        )
    return checks


def _sheet_checks(table: BudgetTable | None, projects: Sequence[ProjectSheet]) -> list[Check]:
    checks: list[Check] = []
    if not table:
        return checks
    _, items = project_rows(table)
    lines = {row.name: row for row in items}
    # a name several units' lines or sheets print (实施公车统管费用 of three units): no one pair to check
    repeated = {name for name, count in Counter(row.name for row in items).items() if count > 1}
    repeated |= {name for name, count in Counter(sheet.name for sheet in projects).items() if count > 1}
    for sheet in projects:
        annual = sheet.funds.get("年度/资金总额")
        row = lines.get(sheet.name) if sheet.name not in repeated else None
        if annual is None or row is None or not row.facts:
            continue
        printed = _to_yuan(row.facts[0].amount, table.unit)
        holds = abs(printed - annual) <= SHEET_TOLERANCE_YUAN
        checks.append(
            Check(
                "绩效目标表年度资金总额 = 项目支出表（±50元）",
                table.title,
                printed,
                annual,
                holds,
                f"{sheet.name}: 表 {row.facts[0].printed}{table.unit} / 绩效表 {annual}元",
            )
        )
    return checks
