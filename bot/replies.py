"""Engine results → Telegram HTML messages and inline keyboards. Pure functions, no network.

    replies = render_answer(answer, key_for)   # key_for(question) -> short callback data
    for reply in replies: await message.reply_text(reply.text, reply_markup=reply.keyboard)

Everything that came from a user or a document is escaped; only the tags written here are HTML.
A message longer than Telegram's 4096-character limit is split at line ends, never inside a tag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from knowledge import texts as engine_texts
from knowledge.answer import AMBIGUOUS, ANSWERED, Answer, Source
from knowledge.engine import DocumentInfo, TableInfo, TableView

MESSAGE_LIMIT = 4096  # Telegram's limit for one message's text
TABLE_PAGE_CHARS = 3000  # a table page stays well under the limit, and readable on a phone
TABLE_PAGE_ROWS = 20
MAX_SUGGESTIONS = 3
# Telegram documents no limit on a keyboard's buttons or a button's text, but refuses a markup
# that is too long ("reply markup is too long", seen with 50 buttons of long data); ten buttons
# of at most 40 characters stay far below it and fit a phone screen
MAX_CANDIDATES = 10
BUTTON_CHARS = 40
START_DOCUMENTS = 10  # documents named by /start; /docs lists more
DOCS_DOCUMENTS = 100  # documents listed by /docs (a province has 10,000)

KeyFor = Callable[[str], str]  # question -> callback data (≤ 64 bytes) that asks it again


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to send: its HTML text and, on the last part of an answer, its buttons."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None


def text(plain: str) -> str:
    """Escape plain text (a question, a document's words) for Telegram HTML."""
    return escape(plain, quote=False)


def render_answer(answer: Answer, key_for: KeyFor) -> list[Reply]:
    """The answer as messages: candidates (the first MAX_CANDIDATES) or suggested follow-ups as
    buttons on the last one."""
    keyboard = None
    html = answer_html(answer)
    if answer.status == AMBIGUOUS and answer.candidates:
        shown = answer.candidates[:MAX_CANDIDATES]
        keyboard = question_keyboard([(c.label, c.question) for c in shown], key_for)
        if len(answer.candidates) > len(shown):
            html += "\n" + texts.CANDIDATES_MORE.format(count=len(answer.candidates), shown=len(shown))
    elif answer.status == ANSWERED and answer.suggestions:
        suggestions = answer.suggestions[:MAX_SUGGESTIONS]
        keyboard = question_keyboard([(s, s) for s in suggestions], key_for)
    parts = split_html(html)
    return [Reply(part) for part in parts[:-1]] + [Reply(parts[-1], keyboard)]


def answer_html(answer: Answer) -> str:
    """The answer's text with its figure in bold, the derivation and a short source line
    (in place of the engine's full one, which /source gives)."""
    body = answer.text.strip()
    if answer.sources:
        before, _, last = body.rpartition("\n")
        if before and last.startswith(engine_texts.SOURCE):
            body = before
    lines = [_bold_headline(body, answer.headline)]
    if answer.derivation and answer.derivation not in answer.text:
        lines.append(texts.DERIVATION.format(derivation=text(answer.derivation)))
    if answer.sources:
        line = texts.SOURCE_SHORT.format(source=text(short_source(answer.sources[0])))
        if len(answer.sources) > 1:
            line += texts.SOURCE_MORE.format(count=len(answer.sources) - 1)
        lines.append(line)
    return "\n".join(lines)


def short_source(source: Source) -> str:
    """Table, row and (when it says more than 合计) column: 2024年预算支出总表 · 合计 · 项目支出."""
    column = source.column.rsplit("/", 1)[-1]
    parts = [source.table, source.row, "" if column == "合计" else column]
    return " · ".join(part for part in parts if part)


def _bold_headline(plain: str, headline: str) -> str:
    """Escape the text and bold the headline figure in it (or put it first when absent)."""
    if not headline:
        return text(plain)
    # the text may space the figure from its unit ("55.00 万元") where the headline does not
    pattern = r"\s?".join(re.escape(char) for char in headline.replace(" ", ""))
    found = re.search(pattern, plain)
    if found is None:
        return f"<b>{text(headline)}</b>\n{text(plain)}"
    before, after = plain[: found.start()], plain[found.end() :]
    return f"{text(before)}<b>{text(headline)}</b>{text(after)}"


def question_keyboard(choices: Sequence[tuple[str, str]], key_for: KeyFor) -> InlineKeyboardMarkup:
    """One button a row; pressing it asks its question, whose short key is the callback data.

    A label is plain text (Telegram parses no HTML in buttons): not escaped, cut to BUTTON_CHARS."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(button_label(label), callback_data=key_for(question))]
            for label, question in choices
        ]
    )


def button_label(label: str) -> str:
    """The label on one line, cut with an ellipsis beyond BUTTON_CHARS characters."""
    label = " ".join(label.split())
    return label if len(label) <= BUTTON_CHARS else label[: BUTTON_CHARS - 1] + "…"


def source_html(answer: Answer | None) -> str:
    """The full citation of an answer: document, table, row, column, page or line of every figure."""
    if answer is None:
        return texts.SOURCE_NONE
    if not answer.sources:
        return texts.SOURCE_NO_CITATION
    blocks = [texts.SOURCE_TITLE, texts.SOURCE_QUESTION.format(question=text(answer.question))]
    for number, source in enumerate(answer.sources, 1):
        lines = [f"{number}. " + texts.SOURCE_DOCUMENT.format(document=text(source.document))]
        lines.append(texts.SOURCE_TABLE.format(table=text(source.table)))
        if source.row:
            lines.append(texts.SOURCE_ROW.format(row=text(source.row)))
        if source.column:
            lines.append(texts.SOURCE_COLUMN.format(column=text(source.column)))
        if source.page is not None:
            lines.append(texts.SOURCE_PAGE.format(page=source.page))
        if source.line is not None:
            lines.append(texts.SOURCE_LINE.format(line=source.line))
        blocks.append("\n   ".join(lines))
    if answer.derivation:
        blocks.append(texts.DERIVATION.format(derivation=text(answer.derivation)))
    return "\n\n".join(blocks)


def documents_lines(documents: Sequence[DocumentInfo]) -> str:
    """One line a document: title, year, phase and how many tables."""
    return "\n".join(
        texts.DOCUMENT_LINE.format(
            title=text(document.title),
            year=document.year,
            phase=text(document.phase),
            tables=document.table_count,
        )
        for document in documents
    )


def start_reply(documents: Sequence[DocumentInfo], key_for: KeyFor) -> Reply:
    """What the bot knows (the first START_DOCUMENTS documents), and example questions as buttons."""
    known = documents_lines(documents[:START_DOCUMENTS]) or texts.START_NO_DOCUMENTS
    if len(documents) > START_DOCUMENTS:
        known += "\n" + texts.START_MORE_DOCUMENTS.format(count=len(documents))
    examples = [(question, question) for question in texts.EXAMPLE_QUESTIONS]
    return Reply(texts.START.format(documents=known), question_keyboard(examples, key_for))


def help_html() -> str:
    """Usage and every registered command."""
    commands = "\n".join(
        texts.HELP_COMMAND_LINE.format(
            command=command, arguments=texts.COMMAND_ARGUMENTS.get(command, ""), description=text(description)
        )
        for command, description in texts.COMMANDS
    )
    return texts.HELP.format(commands=commands)


def documents_html(documents: Sequence[DocumentInfo]) -> list[str]:
    """The /docs list (the first DOCS_DOCUMENTS documents), split if long."""
    if not documents:
        return [texts.DOCS_NONE]
    html = texts.DOCS_TITLE + "\n" + documents_lines(documents[:DOCS_DOCUMENTS])
    if len(documents) > DOCS_DOCUMENTS:
        html += "\n" + texts.DOCS_MORE.format(count=len(documents), shown=DOCS_DOCUMENTS)
    return split_html(html)


def tables_html(document: str, tables: Sequence[TableInfo]) -> list[str]:
    """The /tables list, split if long."""
    if not tables:
        return [texts.TABLES_NONE]
    lines = [texts.TABLES_TITLE.format(document=text(document))]
    for table in tables:
        line = texts.TABLES_EMPTY_LINE if table.empty else texts.TABLES_LINE
        lines.append(
            line.format(
                number=table.number, title=text(table.title), unit=text(table.unit), rows=table.row_count
            )
        )
    return split_html("\n".join(lines))


def table_pages(view: TableView) -> list[str]:
    """A table as pages of HTML: one line a row, "column: value" for each filled cell."""
    title = texts.TABLE_TITLE.format(
        title=text(view.title), document=text(view.document), unit=text(view.unit)
    )
    rows = [_table_row(view.columns, row) for row in view.rows]
    if not rows:
        rows = [texts.TABLE_EMPTY]
    pages: list[list[str]] = [[]]
    size = 0
    for row in rows:
        if pages[-1] and (size + len(row) > TABLE_PAGE_CHARS or len(pages[-1]) >= TABLE_PAGE_ROWS):
            pages.append([])
            size = 0
        pages[-1].append(row)
        size += len(row) + 1
    note = "\n" + text(view.note) if view.note else ""
    rendered = []
    for number, page in enumerate(pages, 1):
        footer = "\n" + texts.TABLE_PAGE.format(page=number, pages=len(pages)) if len(pages) > 1 else ""
        body = "\n".join(page)
        rendered.extend(split_html(f"{title}\n\n{body}{note if number == len(pages) else ''}{footer}"))
    return rendered


def _table_row(columns: Sequence[str], row: Sequence[str]) -> str:
    label = text(row[0].strip()) if row else ""
    cells = [
        (column, value.strip()) for column, value in zip(columns[1:], row[1:], strict=False) if value.strip()
    ]
    if len(columns) == 2 and cells:
        return f"<b>{label}</b>：{text(cells[0][1])}"
    if not cells:
        return f"{label} {texts.TABLE_ROW_EMPTY}"
    shown = " · ".join(f"{text(column)} {text(value)}" for column, value in cells)
    return f"<b>{label}</b>\n    {shown}"


def table_keyboard(page: int, pages: int, data_for: Callable[[int], str]) -> InlineKeyboardMarkup | None:
    """Previous/next buttons for a paged table (``page`` counts from 0)."""
    if pages <= 1:
        return None
    buttons = []
    if page > 0:
        buttons.append(InlineKeyboardButton(texts.TABLE_PREVIOUS, callback_data=data_for(page - 1)))
    if page < pages - 1:
        buttons.append(InlineKeyboardButton(texts.TABLE_NEXT, callback_data=data_for(page + 1)))
    return InlineKeyboardMarkup([buttons])


def split_html(html: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut HTML into parts of at most ``limit`` characters, at line ends where possible, never
    inside a tag, an entity or between an opening and a closing tag."""
    parts = []
    while len(html) > limit:
        cut = _cut_point(html, limit)
        parts.append(html[:cut].rstrip("\n"))
        html = html[cut:].lstrip("\n")
    parts.append(html)
    return [part for part in parts if part.strip()] or [html]


def _cut_point(html: str, limit: int) -> int:
    """Where to cut: the last safe line end within ``limit``, else the last safe character (the
    first one after ``limit`` when a bold run is longer than ``limit`` itself)."""
    depth = 0
    in_tag = in_entity = False
    last_safe = last_newline = 0
    for index, char in enumerate(html):
        if depth == 0 and not in_tag and not in_entity and index > 0:
            if index > limit and last_safe:
                break
            last_safe = index
            if html[index - 1] == "\n":
                last_newline = index
        if in_tag:
            if char == ">":
                in_tag = False
                depth += -1 if html[html.rfind("<", 0, index) + 1] == "/" else 1
        elif in_entity:
            in_entity = char != ";"
        elif char == "<":
            in_tag = True
        elif char == "&":
            in_entity = True
    return last_newline if last_newline > limit // 2 else last_safe or len(html)
