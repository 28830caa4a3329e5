"""Everything a question can name, indexed for matching: rows, columns, projects, indicators, terms.

Names are matched in canonical form (``canon``): simplified, half-width, without
quotes, brackets or ordinals. ``Catalogue.find`` returns the longest names
contained in a question; ``Catalogue.fuzzy`` scores names by how many of the
question's character pairs they share, for paraphrases and typos.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ingest.crosscuts import cuts_across
from knowledge.aliasing import aliases, canon
from knowledge.lines import carried_lines, project_lines, table_aliases, title_aliases
from knowledge.queries import Database, ProjectRecord, RowRecord, TableRecord
from knowledge.vocabulary import GENERIC_NAMES, STANDARD_TERMS
from textnorm.homophones import vocabulary_bigrams, vocabulary_chars

GENERIC_COLUMN = re.compile(r"\d{4}.*|(本年|上年|全年)?(预算数|决算数|金额|小计|合计|预算|决算|数)")
# a line naming the phase of its figures in a table printed across (预算数 | 决算数 | 2022年决算数)
PHASE_LINE = re.compile(r"(?:(?:19|20)\d{2}年度?)?(?:年初)?(?:预算|决算)数?")
# a row label that is only a year (2026年, 2025年度预算数: the year rows of a 三公 table printed
# across): never a name, or every question saying "2026年" would find it
# a figure read as a line's second name (拥军优属 | .00): its columns were misread, its figures too
MISREAD_NAME2 = re.compile(r"[-\d.,]*\d[-\d.,]*|\.\d+")
YEAR_LABEL = re.compile(r"(?:19|20)\d{2}年?度?(?:预算|决算|执行)?数?")


TERM_CHARS = vocabulary_chars(STANDARD_TERMS)
TERM_BIGRAMS = vocabulary_bigrams(STANDARD_TERMS)
CODED = re.compile(r"\(\d{3,}\)$")  # a unit's line followed by its code (canonical brackets)


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing a name may refer to."""

    kind: str  # row | column | project | indicator | glossary | table
    document_id: int
    key: str  # canonical name (rows, columns, terms) or id as text (projects, indicators)
    name: str  # as printed


@dataclass(slots=True)
class Catalogue:
    """The index of names, built once from the database."""

    db: Database
    by_alias: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    by_first: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    bigram_index: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    tables: dict[int, TableRecord] = field(default_factory=dict)
    rows_by_name: dict[tuple[int, str], list[RowRecord]] = field(default_factory=lambda: defaultdict(list))
    rows_by_code: dict[tuple[int, str], list[RowRecord]] = field(default_factory=lambda: defaultdict(list))
    rows_by_name2: dict[tuple[int, str], list[RowRecord]] = field(default_factory=lambda: defaultdict(list))
    rows_by_table: dict[int, list[RowRecord]] = field(default_factory=lambda: defaultdict(list))
    rows_by_id: dict[int, RowRecord] = field(default_factory=dict)
    projects: dict[int, ProjectRecord] = field(default_factory=dict)
    project_rows: dict[int, list[RowRecord]] = field(default_factory=lambda: defaultdict(list))
    phase_lines: set[int] = field(default_factory=set)  # lines naming a phase in a table printed across
    chars: frozenset[str] = frozenset()
    bigrams: frozenset[str] = frozenset()
    char_index: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    idf: dict[str, float] = field(default_factory=dict)
    weight: dict[str, float] = field(default_factory=dict)  # the summed idf of an alias's characters
    body_totals: set[int] = field(default_factory=set)  # rows named by the body that are a table's total
    carried: set[int] = field(default_factory=set)  # lines under a 上年结转 heading: (一)一般公共预算拨款
    _seen: set[tuple[str, Entry]] = field(default_factory=set)

    @classmethod
    def build(cls, db: Database) -> Catalogue:
        catalogue = cls(db)
        catalogue._index()
        return catalogue

    def _add(self, name: str, entry: Entry, extra: Iterable[str] = ()) -> None:
        for alias in (*aliases(name), *extra):
            if (alias, entry) in self._seen:
                continue
            self._seen.add((alias, entry))
            entries = self.by_alias[alias]
            entries.append(entry)
            if len(entries) == 1:
                self.by_first[alias[0]].append(alias)
                for i in range(len(alias) - 1):
                    self.bigram_index[alias[i : i + 2]].add(alias)

    def _index(self) -> None:
        db = self.db
        bodies = {canon(d.body) for d in db.documents}
        self.tables = {table.id: table for table in db.tables}
        for row in db.rows:
            self.rows_by_table[row.table_id].append(row)
            self.rows_by_id[row.id] = row
        for table_id, rows in self.rows_by_table.items():
            table = self.tables[table_id]
            if table.kind in ("projects", "projects_carryover"):
                for row in project_lines(rows):
                    if _piece_of_a_body(canon(row.name), bodies):
                        continue
                    self.project_rows[row.document_id].append(row)
                    self._add(row.name, Entry("project", row.document_id, canon(row.name), row.name))
                continue
            for row in rows:
                key = canon(row.name)
                if CODED.sub("", key) in bodies:
                    key = CODED.sub("", key)  # 西安市安全生产监督管理局（125001）: the body's own line
                if key in bodies and row.cells and not row.code and row is rows[0]:
                    # the body's own line opening a table of its units (预算单位 | 科目名称 | 支出总计 …,
                    # Guangdong): the table's total, its columns named as a 合计 line's are
                    self.body_totals.add(row.id)
                    self._add_columns(row)
                if YEAR_LABEL.fullmatch(key) and row.cells and not row.code:
                    # a table printed across, one line per year (2025年 | 2026年 | 增减变化金额, Shenzhen's
                    # 三公 table): its columns are the items, the document's own year's line their figures
                    self.phase_lines.add(row.id)
                    self._add_columns(row)
                if (
                    key in bodies
                    or not key
                    or YEAR_LABEL.fullmatch(key)
                    or MISREAD_NAME2.fullmatch(row.name2)
                    or _piece_of_a_body(key, bodies)
                ):
                    continue
                self.rows_by_name[(row.document_id, key)].append(row)
                if row.code:
                    self.rows_by_code[(row.document_id, row.code)].append(row)
                if row.name2 and row.cells:
                    # 政府预算支出经济科目 beside the 部门 one (离退休费 = 离休费 + 退休费)
                    self.rows_by_name2[(row.document_id, canon(row.name2))].append(row)
                    self._add(row.name2, Entry("row2", row.document_id, canon(row.name2), row.name2))
                if row.cells and row.section in ("收入", "支出") and key in ("合计", "总计"):
                    # a 收支总表 printing 合计 (Chongqing) or 总计 (Xi'an 决算) on each side: its
                    # 收入合计 and 支出合计, 收入总计 and 支出总计
                    side = row.section + key
                    self.rows_by_name[(row.document_id, side)].append(row)
                    # a side's 总计 keeps its printed name: only a question saying 收入总计 means it
                    # (决算收入 alone is the 本年收入合计, lookup.total_entry)
                    self._add(side, Entry("row", row.document_id, side, row.name if key == "总计" else side))
                if row.cells or table.empty:
                    self._add(row.name, Entry("row", row.document_id, key, row.name))
                    if len(row.code) >= 3:
                        self._add(row.code, Entry("row", row.document_id, row.code, row.name))
                if row.name in ("合计", "总计", "部门合计") or (row.name.endswith("合计") and not row.code):
                    self._add_columns(row)
                elif row.cells and not row.code and PHASE_LINE.fullmatch(row.name):
                    # a table printed across, one line per phase (预算数 | 决算数): its columns are the items
                    self.phase_lines.add(row.id)
                    self._add_columns(row)
        for table_id, rows in self.rows_by_table.items():
            if self.tables[table_id].kind in ("summary", "fiscal_summary", "income"):
                self.carried |= carried_lines(rows)
        for project in db.projects:
            self.projects[project.id] = project
            self._add(project.name, Entry("project", project.document_id, canon(project.name), project.name))
            for index, item in enumerate(project.indicators):
                if item.period == "年度" or not any(i.period == "年度" for i in project.indicators):
                    self._add(
                        item.level3,
                        Entry("indicator", project.document_id, f"{project.id}:{index}", item.level3),
                    )
        for index, entry in enumerate(db.glossary):
            self._add(entry.term, Entry("glossary", entry.document_id, str(index), entry.term))
        for table in db.tables:
            aliases = table_aliases(table)
            if table.kind == "other" and not table.empty and self._has_total(table):
                aliases = title_aliases(table.title)  # 政府购买服务明细表 → 政府购买服务
            for alias in aliases:
                self._add(alias, Entry("table", table.document_id, str(table.id), table.title))
        names = list(self.by_alias)
        # the aliases are canonical already (normalized), so their characters and pairs are taken as they
        # are; with the loaded bodies' names (委 of 卫健委 is no typo where no line of the document holds it)
        body_names = [name for d in db.documents for name in (d.body, *d.short_names)]
        # the standard terms of every disclosure too (政府采购 where no line names it: 政府采够 is a typo)
        # and the words the text states figures under (市中医院迁建工程5000.00万元: 迁 is no typo of 前)
        stated = [fact.subject for fact in db.narrative]
        self.chars = (
            vocabulary_chars(names, normalized=True)
            | vocabulary_chars(body_names)
            | vocabulary_chars(stated, normalized=True)
            | TERM_CHARS
        )
        self.bigrams = vocabulary_bigrams(names, normalized=True) | TERM_BIGRAMS
        for alias in names:
            for char in set(alias):
                self.char_index[char].add(alias)
        total = max(1, len(names))
        self.idf = {
            char: math.log((1 + total) / (1 + len(aliases))) + 1 for char, aliases in self.char_index.items()
        }
        self.weight = {alias: sum(self.idf[c] for c in set(alias)) for alias in names}
        self._seen.clear()

    def _add_columns(self, row: RowRecord) -> None:
        """The columns of a total line, by their names (a group's 小计 by the group's)."""
        kind = self.tables[row.table_id].kind
        for cell in row.cells:
            if kind != "procurement" and cuts_across(cell.column):
                continue  # 支出总表's 2026年政府采购项目 | 其中…中小企业: no name of what the body buys
            parts = cell.column.split("/")
            leaf = parts[-1]
            if leaf not in GENERIC_NAMES and not GENERIC_COLUMN.fullmatch(leaf):
                # a column 专项业务经费支出 · 公用经费支出 is named by its 经费 (a line 缴费支出 is a 科目's
                # own name, beside the economic class 缴费: not cut)
                short = (canon(leaf)[:-2],) if canon(leaf).endswith("经费支出") else ()
                self._add(leaf, Entry("column", row.document_id, canon(leaf), leaf), short)
            elif leaf in ("小计", "合计") and len(parts) > 1 and not GENERIC_COLUMN.fullmatch(parts[-2]):
                # a column group's own subtotal (“三公”经费/公务用车购置及运行维护费/小计)
                group = parts[-2]
                self._add(group, Entry("column", row.document_id, canon(group), f"{group}/{leaf}"))

    def _has_total(self, table: TableRecord) -> bool:
        return any(row.cells and row.name in ("合计", "总计") for row in self.rows_by_table.get(table.id, []))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, alias) of the longest names contained in ``text``, not overlapping."""
        spans: list[tuple[int, int, str]] = []
        for start, char in enumerate(text):
            for alias in self.by_first.get(char, ()):
                if text.startswith(alias, start):
                    end = start + len(alias)
                    if alias.isdigit() and (
                        (start and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit())
                    ):
                        continue  # a code inside a longer number (02 in 2024) is not the code
                    spans.append((start, end, alias))
        spans.sort(key=lambda span: (-(span[1] - span[0]), span[0]))
        chosen: list[tuple[int, int, str]] = []
        for span in spans:
            if all(span[1] <= other[0] or span[0] >= other[1] for other in chosen):
                chosen.append(span)
        return sorted(chosen)

    def fuzzy(self, core: str, limit: int = 8) -> list[tuple[float, float, str]]:
        """Names sharing most of ``core``'s character pairs: (recall, precision, alias), best first.

        Recall is the share of the question's pairs the name has (how much of the
        question it explains); precision the share of the name's pairs the question has.
        """
        pairs = {core[i : i + 2] for i in range(len(core) - 1)}
        if not pairs:
            return []
        hits: dict[str, int] = defaultdict(int)
        for pair in pairs:
            for alias in self.bigram_index.get(pair, ()):
                hits[alias] += 1
        scored = []
        for alias, count in hits.items():
            if count < 2 and len(pairs) > 1:
                continue
            recall = count / len(pairs)
            precision = count / max(1, len(alias) - 1)
            scored.append((recall, precision, alias))
        scored.sort(key=lambda item: (-item[0], -item[1], len(item[2])))
        return scored[:limit]

    def fuzzy_chars(self, core: str, limit: int = 8) -> list[tuple[float, float, str]]:
        """Names holding the question's rarer characters, in any order: (recall, precision, alias).

        Each character weighs its inverse frequency among the names, so 培训 counts more
        than 代表 in a document about deputies; word order does not matter
        (培训代表的经费 finds 代表培训经费).
        """
        chars = {c for c in core if c in self.idf}
        unknown = len({c for c in core if c not in self.idf and not c.isspace()})
        if len(chars) < 2:
            return []
        weight = sum(self.idf[c] for c in chars) + unknown * max(self.idf.values(), default=1.0)
        hits: dict[str, float] = defaultdict(float)
        for char in chars:
            for alias in self.char_index[char]:
                hits[alias] += self.idf[char]
        scored = []
        for alias, shared in hits.items():
            recall = shared / weight
            own = self.weight.get(alias, 0.0)
            scored.append((recall, shared / own if own else 0.0, alias))
        scored.sort(key=lambda item: (-item[0], -item[1], len(item[2])))
        return scored[:limit]

    def entries(self, alias: str, documents: Sequence[int] | None = None) -> list[Entry]:
        found = self.by_alias.get(alias, [])
        if documents is None:
            return list(found)
        return [entry for entry in found if entry.document_id in documents]


OWN_LEVEL = re.compile(r"\(本级\)$")


def _piece_of_a_body(key: str, bodies: set[str]) -> bool:
    """A line named by part of a body's name (会保障局（本级） of 深圳市人力资源和社会保障局, its name
    broken over two lines): no item, and never what a question naming the body means."""
    bare = OWN_LEVEL.sub("", key)
    return len(bare) >= 3 and any(bare != body and bare in body for body in bodies)
