"""From names to figures: which stored cell a mention means.

``Resolver`` picks, among the rows that carry a name, the one a person most likely
means (the 支出总表 for a 功能科目, the 项目支出表 for a project …), and keeps the
others as alternatives to mention.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from knowledge.aliasing import canon
from knowledge.answer import Source
from knowledge.columns import column_is, group_named
from knowledge.figures import Choice, Figure, printed_before_added
from knowledge.linefigures import LineFigures
from knowledge.lines import own_phase_line
from knowledge.records import RowRecord, TableRecord
from knowledge.vocabulary import FUND, THREE_PUBLIC_ITEM

# Which table a row name most naturally comes from, best first.
ROW_PREFERENCE = {
    "projects": 0,
    "expenditure": 1,
    "basic_by_economic": 2,
    "summary": 3,
    "general_budget": 4,
    "income": 5,
    "fiscal_summary": 6,
    "operating_costs": 7,
    "three_public": 8,
    "projects_carryover": 9,
}


@dataclass(slots=True)
class Resolver(LineFigures):
    """Resolves entries of the catalogue to figures, within the selected documents."""

    # --- choosing among tables ----------------------------------------------------------------------

    def choose_rows(
        self, rows: Sequence[RowRecord], columns: Sequence[str], hinted: Collection[str]
    ) -> Choice | None:
        """Among rows of several tables, the one a person means; the others as alternatives."""
        by_table: dict[int, list[RowRecord]] = {}
        for row in rows:
            by_table.setdefault(row.table_id, []).append(row)
        scored = []
        for table_id, members in by_table.items():
            table = self.catalogue.tables[table_id]
            score = ROW_PREFERENCE.get(table.kind, 10)
            if table.kind == "three_public" and any(THREE_PUBLIC_ITEM.search(row.name) for row in members):
                # 公务接待费, 因公出国(境)费, 公务用车…: the “三公” table is where each is disclosed in
                # full (basic and project spending); the 基本支出 table holds only a part
                score -= 15
            if (
                table.kind == "general_budget"
                and any(row.code.startswith("3") for row in members)
                and not any("基本" in column for column in columns)
            ):
                # an economic class (30216 培训费) in the table of all spending, 基本 and 项目: the
                # whole of it, where a 基本支出 table holds only the basic part (Xi'an, Shenzhen)
                score -= 3
            if (
                not hinted
                and not any(word in column for column in columns for word in ("一般公共预算", "财政拨款"))
                and FUND.search(table.title)
                and table.kind not in ("three_public", "operating_costs")
            ):
                # no fund named: a table of one fund (一般公共预算基本支出…表) after those of all funds
                score += 2  # below the summary (3) and general (4) tables of all funds
            if "基本支出" in table.title and not any(
                word in column for column in columns for word in ("基本", "人员经费", "公用经费")
            ):
                # a table of the 基本支出 part (Xi'an's 基本支出明细表 by 功能分类) after the tables of all
                # spending: 灾害防治及应急管理支出 there is 853.04 of 1861.49
                score += 3
            if table.kind in hinted:  # the question's words point at this table
                score -= 20
            if columns and any(self._cell(row, columns) for row in members):
                score -= 40
            elif any(column in table.title for column in columns):
                # a unit's 基本支出 where no table prints it as a column: its line of the 基本支出 table
                # (407.75), not its whole budget in the 收入 table (617.75)
                score -= 30
            scored.append((score, table.position, table_id, members))
        scored.sort(key=lambda item: (item[0], item[1]))
        figures = []
        for _score, _position, _table_id, members in scored:
            coded = {row.code for row in members if row.code}
            if len(coded) > 1:
                members = [row for row in members if row.code == sorted(coded)[0]]
            figure = self.row_figure(members, columns) or self.row_figure(members)
            if figure is not None:
                figures.append(figure)
        if not figures:
            empty = [self.catalogue.tables[t] for _, _, t, _ in scored if self.catalogue.tables[t].empty]
            if empty:
                row = scored[0][3][0]
                return Choice(
                    Figure(
                        row.name,
                        Decimal(0),
                        empty[0].unit,
                        self.source_for_row(row),
                        kind="empty",
                        table_kind=empty[0].kind,
                        document_id=row.document_id,
                    )
                )
            return None
        main = figures[0]
        if not columns and not hinted:
            main = self._basic_and_project(figures) or main
        others = tuple(
            f for f in figures if f is not main and f.amount != main.amount and f.unit == main.unit
        )
        others = tuple(f for f in others if f not in main.parts)
        return printed_before_added(Choice(main, others))

    def _basic_and_project(self, figures: Sequence[Figure]) -> Figure | None:
        """An economic class printed in both the 基本支出 and the 项目支出 table by economic class of
        one scope (Guangdong's 表6 and 表7: 委托业务费 25.30 + 208.00), asked without either word:
        the two together, each cited."""
        basic = next((f for f in figures if f.table_kind == "basic_by_economic"), None)
        project = next((f for f in figures if f.table_kind == "project_economic"), None)
        if basic is None or project is None or figures[0] not in (basic, project):
            return None
        if basic.unit != project.unit or basic.document_id != project.document_id:
            return None
        if ("一般公共预算" in basic.source.table) != ("一般公共预算" in project.source.table):
            return None  # all funds' 基本支出 beside the 一般公共预算's 项目支出: not one whole
        return Figure(
            basic.label,
            basic.amount + project.amount,
            basic.unit,
            basic.source,
            (basic, project),
            "row",
            basic.table_kind,
            basic.document_id,
        )

    # --- columns, tables, projects, indicators ---------------------------------------------------

    def column_choice(
        self, documents: Iterable[int], leaf: str, hinted: Collection[str] = (), phase: str = ""
    ) -> Choice | None:
        rows = []
        phased = []  # lines of a table printed across, one per phase: the phase asked, or the document's
        for row in self.catalogue.db.rows:
            if row.document_id not in documents or row.code:
                continue
            if row.id in self.catalogue.phase_lines:
                if own_phase_line(
                    row, phase or self.phases.get(row.document_id, ""), self.years.get(row.document_id, 0)
                ) and any(column_is(c.column, leaf) for c in row.cells):
                    phased.append(row)
                continue
            if not (
                row.name in ("合计", "总计", "部门合计")
                or row.name.endswith(("合计", "总计"))  # 支出总计 | 人员经费 … (Shanghai's 支出预算总表)
                or row.id in self.catalogue.body_totals
            ):
                continue
            if any(column_is(cell.column, leaf) for cell in row.cells):
                rows.append(row)
        rows += phased
        # the column is what is asked: a line printing it only under another year (上年/…, 增减/…)
        # has no figure for it, and its own first figure (公务用车运行维护费 beside) is not one either
        rows = [row for row in rows if self._cell(row, (leaf,)) is not None]
        if not rows:
            return None
        choice = self.choose_rows(rows, (leaf,), hinted)
        if choice is None:
            return None
        figure = choice.figure
        label = leaf.split("/")[0]
        labelled = replace(figure, label=label, kind="column")
        alternatives = tuple(replace(f, label=label, kind="column", ref="") for f in choice.alternatives)
        return Choice(labelled, alternatives)

    def table_choice(self, table: TableRecord, phase: str = "") -> Choice | None:
        """A whole table's figure: its 合计 line, else (a table printed across, one line per phase:
        预算数 | 决算数) the line of the phase asked or the document's own, else its first line."""
        rows = self.catalogue.rows_by_table.get(table.id, [])
        if not table.empty and not any(row.cells for row in rows):
            return None  # lines read without one figure: a table not read, not one published empty
        if table.empty:
            return Choice(
                Figure(
                    table.title,
                    Decimal(0),
                    table.unit,
                    Source(self.titles[table.document_id], table.title, "", "", table.page, table.line),
                    kind="empty",
                    table_kind=table.kind,
                    document_id=table.document_id,
                ),
                note=table.note or "本表无数据",
            )
        total = next(
            (
                r
                for r in rows
                if r.cells and (r.name in ("合计", "总计", "部门合计") or r.name.endswith("合计"))
            ),
            None,
        )
        phased = next(
            (
                r
                for r in rows
                if r.cells
                and r.id in self.catalogue.phase_lines
                and own_phase_line(
                    r, phase or self.phases.get(r.document_id, ""), self.years.get(r.document_id, 0)
                )
            ),
            None,
        )
        total = total or phased or next(r for r in rows if r.cells)
        columns: tuple[str, ...] = ()
        if table.kind == "three_public":
            # a Jiangsu 三公 table also prints 会议费 and 培训费; its 合计 column adds them in
            columns = tuple(
                c.column for c in total.cells if "三公" in c.column and c.column.endswith(("小计", "合计"))
            )[:1]
        figure = (self.row_figure([total], columns) if columns else None) or self.row_figure([total])
        return Choice(figure) if figure is not None else None  # None: read only under another year

    def project_choice(self, documents: Iterable[int], key: str, text: str = "") -> Choice | None:
        """A project's line; ``text`` (the question, canonical) may name the unit it is listed under."""
        lines = [
            row
            for document_id in documents
            for row in self.catalogue.project_rows.get(document_id, [])
            if canon(row.name) == key
        ]
        if lines:
            lines.sort(key=lambda row: ROW_PREFERENCE.get(self.table_of(row).kind, 10))
            lines = [row for row in lines if row.table_id == lines[0].table_id]
            if len({row.group for row in lines}) > 1:
                # one project name listed under several units (医院建设发展 under 湖州市中心医院 and
                # 湖州市中医院): the unit the question names, else every unit's line added up
                body = self.bodies.get(lines[0].document_id, "")
                lines = [row for row in lines if row.group and group_named(row.group, text, body)] or lines
                if len({row.group for row in lines}) > 1:
                    whole = self.row_figure(lines)
                    if whole is not None and whole.parts:
                        return Choice(whole)
            figure = self.row_figure(lines[:1])
            if figure is not None:
                project = self.project_named(figure.document_id, key)
                figure = replace(figure, parts=(), kind="project", ref=str(project.id) if project else "")
                return Choice(figure)
        for project in self.catalogue.projects.values():
            if project.document_id in documents and canon(project.name) == key:
                figure = self.sheet_figure(project)
                if figure is not None:
                    return Choice(figure)
        return None
