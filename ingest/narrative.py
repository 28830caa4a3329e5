"""The narrative: parts, numbered sections and the figures their sentences state; the glossary.

Headings are recognised by their numbering (第三部分, 八、, （一）, 1、) and length;
each sentence's figures are kept with the words that say what they are
(在职人员33人 → subject 在职人员, 33, 人) and whether they are a change or a share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from ingest.model import GlossaryEntry, Line, NarrativeFact, Passage
from ingest.tables import strip_spaces

PART = re.compile(r"^第[一二三四五六七八九十]+部分")
SECTION = re.compile(r"^[一二三四五六七八九十]+、")
SUBSECTION = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、.．](?!\d))")
INLINE_LEAD = re.compile(r"^(?P<heading>[^：:]{2,20})[：:](?P<lead>.{2,})$")
GLOSSARY_PART = ("名词解释", "名词解析", "专业名词")
FIGURE = re.compile(
    # (人次 and 批次 before 人 and 次: 26人次 counts visits, not people)
    r"(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|千元|元|%|％|个百分点|人次|批次|人|辆|平方米|个|台（套）|台\(套\)|台|次|名|间|套|项|件|场|家|户)"
)
CLAUSE_BREAK = re.compile(r"[，,；;：:、。（）()]")
SENTENCE_BREAK = re.compile(r"(?<=[。；;])")
INCREASE = ("增加", "增长", "上升", "提高")
DECREASE = ("减少", "下降", "降低", "压减")


def is_toc_line(line: Line) -> bool:
    """A contents line: dotted leaders, or a heading followed by a bare page number."""
    text = line.text
    if re.search(r"\.{3,}|…{2,}", text):
        return True
    cells = [cell for cell in line.cells if cell.strip()]
    if len(cells) < 2 or not cells[-1].strip().isdigit() or len(cells[-1].strip()) > 3:
        return False
    entry = "".join(cells[:-1])  # a heading, not a sentence ending in a figure (…机要通信用车 | 1)
    return len(strip_spaces(entry)) <= 40 and not re.search(r"[，。；,;]", entry)


def heading_kind(text: str) -> str:
    """part / section / subsection for a heading line, "" for body text."""
    compact = strip_spaces(text)
    if PART.match(compact) and len(compact) <= 40:
        return "part"
    if len(compact) > 40 or compact.endswith(("。", "；")) or "，" in compact or "。" in compact:
        return ""  # a sentence, or one ended and the next begun (3.公务用车购置和运行维护费。2026年预算数…)
    if SECTION.match(compact):
        return "section"
    if SUBSECTION.match(compact):
        return "subsection"
    return ""


def parse_narrative(lines: Sequence[Line]) -> tuple[list[Passage], list[GlossaryEntry]]:
    """Passages for every section and sub-section; glossary entries from 名词解释."""
    passages: list[Passage] = []
    glossary: list[GlossaryEntry] = []
    part = section = sub = ""
    body: list[str] = []
    start: Line | None = None

    def close() -> None:
        nonlocal body, start
        text = "".join(body).strip()
        if start is not None and (text or section or sub) and (part or section):
            heading = " ".join(h for h in (section, sub) if h) or part
            passages.append(
                Passage(part, heading, text, start.number, start.page, tuple(extract_facts(text)))
            )
        body, start = [], None

    in_glossary = False
    previous: Line | None = None
    for line in lines:
        text = line.text.strip()
        if not text or is_toc_line(line):
            continue
        compact = strip_spaces(text)
        kind = heading_kind(compact)
        if not kind and _opens_page(line, previous, compact):
            kind = "part"
        previous = line
        if in_glossary and kind != "part":
            _glossary_line(compact, line, glossary)
            continue
        if kind == "part":
            close()
            part, section, sub = compact, "", ""
            in_glossary = any(word in compact for word in GLOSSARY_PART)
            start = line
            continue
        lead = ""
        if kind in ("section", "subsection") and (split := INLINE_LEAD.match(compact)):
            # （一）机关运行经费：2026年…机关运行经费 / 122.98万元，…: a heading that opens its first sentence
            compact, lead = split.group("heading"), split.group("lead")
        if kind == "section":
            close()
            section, sub = compact, ""
            start = line
            body += [lead] if lead else []
            continue
        if kind == "subsection":
            close()
            sub = compact
            start = line
            body += [lead] if lead else []
            continue
        if start is None:
            start = line
        body.append(text)
    close()
    return passages, glossary


def _opens_page(line: Line, previous: Line | None, compact: str) -> bool:
    """An unnumbered part title: 名词解释, or a short title after finished text that opens a page
    (上海市普陀区财政局主要职能) or names what follows (其他相关情况说明, 2026年单位预算编制说明)."""
    if compact in GLOSSARY_PART:
        return True
    if line.page is None or previous is None:
        return False
    if (
        len(compact) > 40
        or re.search(r"[，,。；;：:、]", compact)
        or re.match(r"^(?:\d{1,2}[.．、]|[（(]|[一二三四五六七八九十]+、)", compact)
    ):
        return False
    finished = (
        strip_spaces(previous.text).endswith(("。", "；", "：", "）", ")"))
        or previous.number + 1 != line.number
    )
    new_page = previous.page != line.page
    return finished and (new_page or compact.endswith(("说明", "情况", "职能", "机构设置")))


def _glossary_line(compact: str, line: Line, glossary: list[GlossaryEntry]) -> None:
    match = re.match(
        r"^(?:[一二三四五六七八九十]+、|\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)]、?)(.*)$", compact
    )
    if not match:
        if glossary:  # a definition continued on the next line
            last = glossary[-1]
            glossary[-1] = GlossaryEntry(last.term, last.definition + compact, last.line)
        return
    entry = match.group(1)
    parts = re.split(r"[：:]", entry, maxsplit=1)
    if len(parts) == 2:
        term, definition = parts
    else:
        split = re.search(r"(是指|是对|指|是)", entry)
        if not split:
            return
        term, definition = entry[: split.start()], entry[split.start() :]
    glossary.append(GlossaryEntry(term.strip(), definition.strip(), line.number))


def extract_facts(text: str) -> list[NarrativeFact]:
    """Every figure in the text with its unit, the clause's subject and its kind."""
    facts: list[NarrativeFact] = []
    item = ""
    for sentence in SENTENCE_BREAK.split(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        named = ITEM_SENTENCE.fullmatch(sentence)
        if named:  # 1.因公出国（境）费用。 names the item the next sentence's figures are of
            item = named.group("item")
            continue
        if item:
            sentence, said = f"{item}。{sentence}", item
            item = ""
        else:
            said = ""
        for match in FIGURE.finditer(sentence):
            prefix = sentence[: match.start()]
            if re.search(r"[\d.]$", prefix):
                continue
            clause = _subject(prefix)
            if said and GENERIC_CLAUSE.fullmatch(clause):
                clause = said  # 2026年预算数 120.20万元 is 因公出国（境）费用's
            value = Decimal(match.group(1).replace(",", ""))
            unit = {"％": "%", "台(套)": "台（套）"}.get(match.group(2), match.group(2))
            kind = _fact_kind(clause, unit)
            if kind == "count":
                # what is counted may follow its number (包括4个机关行政处（科、股）室及2个下属单位)
                clause += _counted(sentence[match.end() :])
            facts.append(NarrativeFact(clause, value, unit, kind, sentence))
    return facts


def _subject(prefix: str) -> str:
    """The clause a figure is of: the words before it back to a break; past the breaks of a list of
    counts (列明公务接待2批次、26人次: 列明公务接待), and across a bracketed 含 (单价20万元（含）以上的设备)."""
    prefix = INCLUSIVE.sub("", prefix)
    if LINK_ONLY.fullmatch(CLAUSE_BREAK.split(prefix)[-1].strip()) and ASIDE_BEFORE.search(prefix):
        # 政府采购金额（以合同签订为准）为2319.21万元: the clause is the words before the aside
        prefix = LINK_TAIL.sub("", ASIDE_BEFORE.sub("", prefix))
    pieces = CLAUSE_BREAK.split(prefix)
    clause = pieces[-1].strip()
    for piece in reversed(pieces[:-1]):
        if clause or not COUNTED_FIGURE.search(piece):
            break
        clause = COUNTED_FIGURE.sub("", piece).strip()
    return clause


INCLUSIVE = re.compile(r"[（(]含[）)]")
# a figure's clause of linking words only (为, 共计, 达) after a bracketed aside (an aside before
# no such word qualifies the clause: 项目支出（含结转）)
LINKING = r"(?:共计|合计|总计|累计|约|达到?|为|是|共)"
LINK_ONLY = re.compile(f"{LINKING}+")
LINK_TAIL = re.compile(rf"{LINKING}+\s*$")
ASIDE_BEFORE = re.compile(rf"[（(][^（）()]{{1,20}}[）)](?={LINKING}*\s*$)")
COUNTED_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:人次|批次|人|辆|个|台|次|名|间|套|项|件|场|家|户)$")


# a sentence naming only an item (1.因公出国（境）费用。 2.公务接待费。), and a clause naming nothing but
# a year and a phase (2026年预算数): the figures after the one are the other's (Shenzhen's 三公 section)
ITEM_SENTENCE = re.compile(
    r"(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十]+[）)])(?P<item>[^\d，,；;。：:]{2,24})[。.]"
)
GENERIC_CLAUSE = re.compile(r"(?:\d{4}年度?)?(?:预算数|预算|预算安排|安排|决算数|决算|支出)?")

# the noun after a count's classifier: Han characters and bracketed words, up to a break, 及/和, a figure
COUNTED = re.compile(r"(?:[\u4e00-\u9fff]|[（(][^）)]{0,12}[）)])+")
COUNTED_STOP = re.compile(r"及|和|与|并|其中|分别|共|，|。|；|、|\d")


def _counted(after: str) -> str:
    """The words a count's number is followed by, when they name what is counted (下属单位)."""
    match = COUNTED.match(after)
    if not match:
        return ""
    words = COUNTED_STOP.split(re.sub(r"[（(][^）)]*[）)]", "", match.group(0)), maxsplit=1)[0]
    return words if 2 <= len(words) <= 16 else ""


def _fact_kind(clause: str, unit: str) -> str:
    if any(word in clause for word in DECREASE):
        return "decrease"
    if any(word in clause for word in INCREASE):
        return "increase"
    if clause.endswith("占") or clause == "占" or (unit == "%" and "占" in clause):
        return "share"
    if unit in ("%", "个百分点"):
        return "percent"
    if unit in ("万元", "亿元", "千元", "元"):
        return "amount"
    return "count"
