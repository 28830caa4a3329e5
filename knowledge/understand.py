"""What a question asks: its operation, the names it mentions, unit, columns and documents.

``understand`` is pure: the question text and the catalogue in, an ``Intent`` out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from knowledge import vocabulary as v
from knowledge.catalogue import Catalogue, Entry, canon
from textnorm.homophones import correct
from textnorm.normalize import is_follow_up, normalize, strip_padding


@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in the question and what it may refer to."""

    alias: str
    start: int
    entries: tuple[Entry, ...]
    fuzzy: float = 1.0  # 1.0 for a name typed in full; the match score otherwise


@dataclass(frozen=True, slots=True)
class Intent:
    """The parsed question."""

    question: str
    text: str  # normalized, corrected, with synonyms applied
    core: str  # without cue and question words
    operation: str
    mentions: tuple[Mention, ...]
    unit: str = ""  # 元 or 万元 when the question asks for one
    columns: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    compare_years: tuple[int, ...] = ()  # years the question compares with (比2024年)
    bodies: tuple[str, ...] = ()
    unknown_bodies: tuple[str, ...] = ()
    phase: str = ""
    scope: str = ""
    follow_up: bool = False
    previous_year: bool = False
    next_year: bool = False  # 明年: beyond what a budget document states
    threshold: Decimal | None = None
    comparator: str = ""
    top: int = 1
    ascending: bool = False
    flags: frozenset[str] = field(default_factory=frozenset)
    money: bool = False  # the question asks for an amount of money


CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


def prepare(question: str, catalogue: Catalogue) -> str:
    """Normalized question, typos corrected against the catalogue's characters, synonyms applied.

    A synonym never rewrites part of a name the question already spells out
    (绩效工资 stays; 工资 alone becomes 基本工资), and whole-question synonyms
    apply only when the word is all the question names.
    """
    text = _corrected(normalize(question), catalogue)
    found = [alias for _, _, alias in catalogue.find(canon(text))]
    for word, replacement in v.SYNONYMS:
        if word in text and replacement not in text and not any(word in alias for alias in found):
            text = text.replace(word, replacement)
    core = _core(strip_padding(text))
    for word, replacement in v.WHOLE_SYNONYMS:
        if core == word:
            text = text.replace(word, replacement)
            break
    return text


def _corrected(text: str, catalogue: Catalogue) -> str:
    """Typos corrected outside the question's own cue words (最便宜 stays 最便宜)."""
    pieces = []
    last = 0
    for match in v.CUES.finditer(text):
        pieces.append(
            correct(text[last : match.start()], catalogue.db.homophones, catalogue.chars, catalogue.bigrams)
        )
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(correct(text[last:], catalogue.db.homophones, catalogue.chars, catalogue.bigrams))
    return "".join(pieces)


def understand(question: str, catalogue: Catalogue, documents: dict[int, tuple[str, ...]]) -> Intent:
    """Parse ``question``; ``documents`` maps document ids to the names they answer to."""
    raw = normalize(question)
    text = prepare(question, catalogue)
    compact = canon(text)
    flags: set[str] = set()
    operation = _operation(text, flags)
    # A body's name in the question selects a document; it is not an item (检察院 is not 检察),
    # unless it is part of a longer item name the question spells out (县人大代表之家建设经费).
    plain = _mentions(compact, catalogue)
    shortened = _shortened(text, documents)
    named = [name for names in documents.values() for name in names if len(name) >= 3 and name in text]
    named += [variant for variant, _ in shortened]
    masked = text
    for name in sorted(set(named), key=len, reverse=True):
        if not any(name in m.alias and len(m.alias) > len(name) for m in plain):
            masked = masked.replace(name, "#")
    mentions = _mentions(canon(masked), catalogue) if masked != text else plain
    within = re.search(r"(?:中的|里的|其中的?|当中的?)(.{2,})$", masked)
    tail_core = ""
    if within and mentions:
        # 项目支出中的会议费: the item asked is the one after 中的, within the one before
        tail = canon(within.group(1))
        in_tail = tuple(m for m in mentions if m.alias in tail)
        if not in_tail:
            tail_core = _core(strip_padding(within.group(1)))
        mentions = in_tail
    compare_years = tuple(int(m.group(1)) for m in re.finditer(r"(?<=[比较于同])((?:19|20)\d{2})\s*年", text))
    years = tuple(
        int(m.group(1))
        for m in re.finditer(r"(?<![比较于同])((?:19|20)\d{2})\s*年", text)
        if not any(m.group(1) in mention.alias for mention in mentions)
    )
    span = re.search(r"((?:19|20)\d{2})\s*年?\s*(?:到|至|-|—|~|～)\s*((?:19|20)\d{2})\s*年", text)
    if span and int(span.group(1)) < int(span.group(2)) <= int(span.group(1)) + 20:
        years = tuple(range(int(span.group(1)), int(span.group(2)) + 1))  # 2017年到2019年
    bodies, unknown = _bodies(text, documents, mentions, shortened)
    unit = (
        "元" if v.ASKS_YUAN.search(text) else ("万元" if v.ASKS_WAN.search(text) and "万元" in text else "")
    )
    columns = tuple(word for word, _ in v.COLUMN_WORDS if word in masked)
    core = tail_core or _core(strip_padding(masked)).replace("#", "")
    threshold, comparator = _threshold(text)
    top, ascending = _ranking(text)
    phase = (
        "决算"
        if "决算" in text
        else (
            "预算"
            if re.search(r"(?<!决)预算(?!.{0,3}(多少|是))", text)
            and "决算" in " ".join(" ".join(names) for names in documents.values())
            else ""
        )
    )
    scope = (
        "单位"
        if re.search(r"单位预算|单位决算|本级", text)
        else ("部门" if re.search(r"部门预算|部门决算", text) else "")
    )
    return Intent(
        question=question,
        text=text,
        core=core,
        operation=operation,
        mentions=mentions,
        unit=unit,
        columns=columns,
        years=years,
        compare_years=compare_years,
        bodies=bodies,
        unknown_bodies=unknown,
        phase=phase,
        scope=scope,
        follow_up=is_follow_up(raw) or bool(re.match(r"^(那|它|其中|这个|该)", raw)),
        previous_year=bool(v.PREVIOUS_YEAR.search(text)) and not v.CHANGE.search(text),
        next_year=bool(v.NEXT_YEAR.search(text)),
        threshold=threshold,
        comparator=comparator,
        top=top,
        ascending=ascending,
        flags=frozenset(flags),
        money=bool(v.ASKS_MONEY.search(text)),
    )


def _operation(text: str, flags: set[str]) -> str:
    if v.GREETING.match(text.strip()) or not text.strip():
        return "help"
    if v.CHART.search(text) and ("结构" in text or "画" in text or "图" in text):
        flags.add("chart")
    field_words = [word for word, _ in v.SHEET_FIELDS if len(word) >= 2 and word in text]
    if v.WHY.search(text) and not field_words:
        return "why"
    if field_words and v.DEFINITION.search(text) and not text.startswith("什么是"):
        return "field"
    if v.DEFINITION.search(text) and not re.search(r"多少|几", text):
        return "definition"
    if re.search(r"比上年|比去年|比上[一1]年|同比|较上年|较去年", text) and not re.search(
        r"占比|比重|比例", text
    ):
        return "change"
    if v.SHARE.search(text):
        return "share"
    if v.THRESHOLD.search(text) and re.search(r"\d", text) and re.search(r"项目|哪些|几个|多少个", text):
        return "threshold"
    if v.RANKING.search(text):
        return "ranking"
    if v.COUNT.search(text) and "项目" in text:
        return "count"
    if (
        v.DIFFERENCE.search(text)
        and re.search(r"比|和|与|跟|同|它们|两者|二者|两个|这两|2个|2项|两项", text)
        and not re.search(r"比(上|去)年|比20\d\d年", text)
    ):
        return "difference"
    if v.CHANGE.search(text):
        return "change"
    if v.SUM.search(text) and re.search(r"和|与|跟|及|加|、|两|它们|2个|2项", text):
        return "sum"
    if v.LIST.search(text) and "项目" in text:
        return "list"
    if v.PER_UNIT.search(text) and re.search(r"一年|1年|每年|全年|每月|一个月|1个月", text):
        return "per_unit"
    if v.PER_UNIT.search(text) and re.search(r"多少钱|多少元|标准", text):
        return "standard"
    if any(word in text for word, _ in v.SHEET_FIELDS if len(word) >= 2) and not re.search(
        r"多少钱|多少万|金额", text
    ):
        if not v.TIME.search(text) or re.search(r"计划|依据|概况", text):
            return "field"
    if any(word in text for word, _, _ in v.FUND_FIELDS):
        return "funds"
    if v.TIME.search(text):
        return "time"
    if v.PEOPLE.search(text):
        return "people"
    if v.QUANTITY.search(text):
        return "quantity"
    if v.STANDARD.search(text):
        return "standard"
    if v.OFF_TOPIC.search(text):
        return "chitchat"
    return "lookup"


def _mentions(compact: str, catalogue: Catalogue) -> tuple[Mention, ...]:
    spans = catalogue.find(compact)
    return tuple(Mention(alias, start, tuple(catalogue.by_alias[alias])) for start, _end, alias in spans)


def _shortened(text: str, documents: dict[int, tuple[str, ...]]) -> list[tuple[str, str]]:
    """(what the question says, the body's name) for a name typed with one character left out
    (普陀区社会工作部 for 普陀区委社会工作部); only when no name is typed in full."""
    if any(len(n) >= 2 and n in text for names in documents.values() for n in names):
        return []
    if not re.search(r"[局部院厅委处办室街道]", text):
        return []
    found = []
    for names in documents.values():
        for name in names:
            if len(name) < 5:
                continue
            variant = next(
                (
                    name[:i] + name[i + 1 :]
                    for i in range(1, len(name) - 1)
                    if name[:i] + name[i + 1 :] in text
                ),
                None,
            )
            if variant:
                found.append((variant, name))
                break
    return found


def _bodies(
    text: str,
    documents: dict[int, tuple[str, ...]],
    mentions: tuple[Mention, ...],
    shortened: list[tuple[str, str]],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Names of loaded bodies in the question, and body-like words that match none of them."""
    found: list[str] = []
    for names in documents.values():
        for name in sorted(names, key=len, reverse=True):
            if len(name) >= 2 and name in text:
                found.append(name)
                break
    found += [original for _, original in shortened]
    # 财政局 inside 普陀区财政局 names the longer body only
    found = [name for name in found if not any(name != other and name in other for other in found)]
    unknown = []
    for match in v.BODY_WORDS.finditer(text):
        word = match.group(1)
        word = re.sub(r"^(请问|我想知道|我想问|帮我查|查一下|查|问|那|的)", "", word)
        if len(word) < 2:
            continue
        if any(word in name or name in word for names in documents.values() for name in names):
            continue
        if any(word in m.alias or m.alias in word for m in mentions):
            continue
        if any(word in canon(entry.name) for m in mentions for entry in m.entries):
            continue
        unknown.append(word)
    return tuple(dict.fromkeys(found)), tuple(dict.fromkeys(unknown))


def _core(text: str) -> str:
    core = re.sub(r"(?<![比较])(19|20)\d{2}年度?", "", text)
    for pattern in (
        v.WHY,
        v.DEFINITION,
        v.SHARE,
        v.DIFFERENCE,
        v.CHANGE,
        v.SUM,
        v.RANKING,
        v.TIME,
        v.PEOPLE_CUE,
        v.LIST,
    ):
        core = pattern.sub("", core)
    core = v.QUESTION_WORDS.sub("", core)
    core = re.sub(r"^(召开|开|举办|举行|搞|办)(?=.{2})|(需要|要|得)$", "", core)
    return canon(core)


def _threshold(text: str) -> tuple[Decimal | None, str]:
    match = re.search(
        r"(超过|大于|高于|多于|不少于|不低于|至少|低于|少于|小于|不足|不到|不超过)\s*(\d+(?:\.\d+)?)\s*(万元|万|元)?",
        text,
    )
    if not match:
        match2 = re.search(r"(\d+(?:\.\d+)?)\s*(万元|万|元)?\s*(以上|以下)", text)
        if not match2:
            return None, ""
        amount = Decimal(match2.group(1))
        unit = match2.group(2) or "万元"
        comparator = ">=" if match2.group(3) == "以上" else "<="
    else:
        amount = Decimal(match.group(2))
        unit = match.group(3) or "万元"
        word = match.group(1)
        comparator = {
            "超过": ">",
            "大于": ">",
            "高于": ">",
            "多于": ">",
            "不少于": ">=",
            "不低于": ">=",
            "至少": ">=",
            "低于": "<",
            "少于": "<",
            "小于": "<",
            "不足": "<",
            "不到": "<",
            "不超过": "<=",
        }[word]
    yuan = amount * (10000 if unit.startswith("万") else 1)
    return yuan, comparator


def _ranking(text: str) -> tuple[int, bool]:
    ascending = bool(re.search(r"最少|最低|最小|最便宜|后\d+|倒数|哪个.{0,4}(少|低|小|便宜)", text))
    match = re.search(r"(?:前|后|top)\s*(\d+)", text) or re.search(r"(\d+)\s*[个项名]", text)
    top = int(match.group(1)) if match else 1
    return top, ascending
