"""The engine's answering core for one scope of documents: plan, dispatch, remember.

    operations = Operations.build(database)      # the documents a question is routed to
    answer = operations.answer(question, names, conversation, trace)

``answer`` reads the question into a plan (``knowledge.understand``), runs it through the
handler table (``knowledge.dispatch``) and applies the turn the handler returns to the
conversation, here and nowhere else. The modules it draws on, by subject:

    plan · slots · understand          the typed plan and how each slot is read
    context · choices · phrasing        indexed documents, names to figures, answer wording
    lookup · shares · arithmetic · populations · narration · projects · sheets · comparison
                                        the handlers (see ``knowledge.dispatch`` for the order)

Every figure in an answer is a stored cell (cited) or arithmetic shown on cited figures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from knowledge import dispatch, texts
from knowledge.aliasing import canon
from knowledge.answer import ANSWERED, NOT_FOUND, Answer, Source
from knowledge.catalogue import Catalogue
from knowledge.citations import unreadable
from knowledge.context import Context
from knowledge.conversation import Conversation
from knowledge.figures import plain
from knowledge.plan import Operation
from knowledge.records import Database, TableRecord
from knowledge.resolver import Resolver
from knowledge.understand import understand
from knowledge.units import ORGANISATION
from knowledge.vocabulary import COLUMN_WORDS, FUND
from textnorm.normalize import normalize


@dataclass(frozen=True, slots=True)
class Operations:
    """Answers questions from one scope's documents; holds nothing that changes while answering."""

    context: Context

    @classmethod
    def build(cls, database: Database) -> Operations:
        """Index ``database`` (the documents a question may be answered from) for answering."""
        return cls(Context.build(database))

    @property
    def db(self) -> Database:
        return self.context.db

    @property
    def catalogue(self) -> Catalogue:
        return self.context.catalogue

    @property
    def resolver(self) -> Resolver:
        return self.context.resolver

    def answer(
        self,
        question: str,
        names: Mapping[int, tuple[str, ...]],
        conversation: Conversation,
        trace: list[str] | None = None,
    ) -> Answer | None:
        """Answer ``question`` from this object's documents; None when the question asks for help.

        ``names`` maps each document id to the names its body answers to; the plan (every
        filled slot) and each handler tried, with what it returned, are appended to ``trace``.
        """
        asked = fund_of_last(part_of_last(question, conversation), conversation)
        intent = understand(asked, self.catalogue, dict(names))
        if trace is not None:
            trace.append(intent.describe())
        if intent.operation is Operation.HELP:
            return None
        outcome = dispatch.run(self.context, intent, conversation, trace).asked(intent.operation)
        conversation.apply(outcome.answer.question, outcome.turn)
        return self._doubted(outcome.answer)

    def _doubted(self, answer: Answer) -> Answer:
        """An answer citing a table whose own arithmetic fails says so after its sources."""
        answer = self._one_fund_only(answer)
        if answer.status != ANSWERED:
            return answer
        doubts = self.resolver.doubts(answer.sources)
        if not doubts:
            return answer
        # a figure read from, or computed with, a table whose identities mostly fail: none given
        for source in answer.sources if answer.derivation else answer.sources[:1]:
            if any(unreadable(doubt) for _, doubt in self.resolver.doubts([source])):
                where = f"第{source.page}页" if source.page else (f"第{source.line}行" if source.line else "")
                text = texts.UNREADABLE_TABLE.format(table=source.table, where=where)
                return Answer(answer.question, NOT_FOUND, text)
        notes = "".join(texts.DOUBTFUL_TABLE.format(table=table, doubt=doubt) for table, doubt in doubts)
        return replace(answer, text=answer.text + notes)

    def _one_fund_only(self, answer: Answer) -> Answer:
        """A question naming no fund answered from a table of one fund (一般公共预算支出表) while the
        document's table of all funds (支出总表) is unreadable: that figure is not the one asked."""
        if answer.status != ANSWERED or answer.value is None or not answer.sources:
            return answer
        if FUND.search(normalize(answer.question)):
            return answer
        source = answer.sources[0]
        tables = [
            t
            for t in self.catalogue.tables.values()
            if self.resolver.titles.get(t.document_id) == source.document
        ]
        one = next(
            (t for t in tables if t.title == source.table and t.kind in ONE_FUND and FUND.search(t.title)),
            None,
        )
        if one is None:
            return answer  # a table of all funds, a 三公 table, the narrative: the figure asked
        if self._stated(one.document_id, answer.value, answer.unit) or self._whole_budget(one):
            # the narrative states the figure (项目支出1,612.29万元), or all the money is of this fund
            return answer
        for table in tables:
            if table.kind in ALL_FUNDS and unreadable(table.doubt) and self._prints(table, source):
                where = f"第{table.page}页" if table.page else ""
                value = f"{plain(answer.value)}{answer.unit}"
                text = texts.ONE_FUND_ONLY.format(
                    all_funds=table.title, where=where, table=source.table, value=value
                )
                return Answer(answer.question, NOT_FOUND, text, sources=answer.sources)
        return answer

    def _stated(self, document_id: int, amount: Decimal, unit: str = "") -> bool:
        """Whether the document's narrative states ``amount`` (in ``unit``, when given) as an amount."""
        return any(
            fact.document_id == document_id
            and fact.kind == "amount"
            and fact.amount == amount
            and (not unit or fact.unit == unit)
            for fact in self.context.db.narrative
        )

    def _whole_budget(self, table: TableRecord) -> bool:
        """Whether the table's total is an amount the narrative states (部门预算支出9,206.23万元 … when
        all of it is 一般公共预算): then the table of one fund holds every fund's figures."""
        rows = self.catalogue.rows_by_table.get(table.id, [])
        total = next(
            (
                r
                for r in rows
                if r.cells and (TOTAL_LINE.search(r.name) or r.id in self.catalogue.body_totals)
            ),
            None,
        )
        return total is not None and self._stated(table.document_id, total.cells[0].amount)

    def _prints(self, table: TableRecord, source: Source) -> bool:
        """Whether ``table`` prints the item of ``source``: its line (行政运行), or for a total line
        (合计, the body's own line) its column (基本支出); 办公费 of a table by 经济分类 is in no 支出总表
        by 功能分类."""
        rows = self.catalogue.rows_by_table.get(table.id, [])
        bodies = {canon(d.body) for d in self.catalogue.db.documents}
        if not TOTAL_LINE.search(source.row) and canon(source.row) not in bodies:
            return any(canon(row.name) == canon(source.row) for row in rows)
        leaf = source.column.split("/")[-1]
        return any(cell.column.split("/")[-1] == leaf for row in rows for cell in row.cells)


TOTAL_LINE = re.compile(r"合计|总计|^$")
# the tables of every fund, whose figures a question naming no fund asks
ALL_FUNDS = frozenset({"summary", "expenditure", "income", "basic"})
# the standard tables of one fund (一般公共预算支出表, 财政拨款收支总表 …)
ONE_FUND = frozenset(
    {"general_budget", "fiscal_summary", "basic_by_economic", "gov_fund_expenditure", "state_capital"}
)


# 其中项目支出安排了多少: a column of the line just answered (差旅费 95.05 | 基本 18.00 | 项目 77.05)
PART_OF = re.compile(r"^(?:那)?其中的?(?P<rest>.+)$")


def part_of_last(question: str, conversation: Conversation) -> str:
    """其中 followed by a column word only asks that column of the last line answered: the
    question is read with the line's name before it (其中差旅费项目支出…)."""
    match = PART_OF.match(normalize(question).strip())
    last = conversation.subjects[-1] if conversation.subjects else None
    if match is None or last is None or last.kind != "row":
        return question
    rest = match.group("rest")
    if not any(rest.startswith(word) for word, _ in COLUMN_WORDS):
        return question
    return f"其中{last.label}{rest}"


# 那项目支出呢 after 一般公共预算基本支出是多少: the sibling within the same fund, not across all funds
SIBLING = re.compile(r"^(?:那|那么)?(?P<item>[\u4e00-\u9fff]{2,12})呢[?？]?$")
# 其中广州市道路养护中心多少 after 政府性基金预算收入多少: that line's figure of the fund (32,031.55)
PART_IN_FUND = re.compile(
    r"^(?:那)?其中的?(?P<item>[\u4e00-\u9fff（）()]{2,30}?)(?:是)?(?:多少|有多少|呢)[?？]?$"
)
CHANGE_ASKED = re.compile(r"比上年|比去年|增加|减少|增长|下降|变化")


def fund_of_last(question: str, conversation: Conversation) -> str:
    """A sibling follow-up (X呢) naming no fund is asked within the fund the item before it was
    (the last turn asking for an item, not its change): 一般公共预算项目支出呢."""
    text = normalize(question).strip()
    part = PART_IN_FUND.match(text)
    if part is not None and not ORGANISATION.search(part.group("item")):
        # 其中 a unit of the body (广州市道路养护中心): its line of the fund's column; 其中 a project of
        # the fund's table is found as it is (its own line)
        part = None
    match = SIBLING.match(text) or part
    if match is None or FUND.search(text) or not conversation.subjects:
        return question
    item = match.group("item")
    if re.fullmatch(r"(?:去年|今年|明年|上年|\d{2,4}年)", item):
        return question
    for turn in reversed(conversation.turns[-2:]):
        if CHANGE_ASKED.search(turn):
            continue  # 比上年减少了多少 is about the item before it
        fund = FUND.search(normalize(turn))
        if fund and fund.group(0) not in conversation.subjects[-1].label and not SIBLING.match(text):
            return question  # 其中X of an item that is not the fund's own figure: its part, not the fund's
        return f"{fund.group(0)}{item}呢" if fund else question
    return question
