"""What a question asks: its plan (operation, names, documents and every slot), read once.

``understand`` is pure: the question text and the catalogue in, an ``Intent`` out.
The slots are read by the functions of ``knowledge.slots``; no handler reads the
question's text again.
"""

from __future__ import annotations

import re

from knowledge import cues, slots
from knowledge import vocabulary as v
from knowledge.aliasing import canon
from knowledge.catalogue import Catalogue
from knowledge.places import region_words
from knowledge.plan import Intent, Mention
from textnorm.homophones import correct
from textnorm.normalize import is_follow_up, normalize


def prepare(question: str, catalogue: Catalogue) -> str:
    """Normalized question, typos corrected against the catalogue's characters, synonyms applied.

    A synonym never rewrites part of a name the question already spells out
    (绩效工资 stays; 工资 alone becomes 基本工资), and whole-question synonyms
    apply only when the word is all the question names.
    """
    text = normalize(question)
    for word, replacement in v.SPOKEN_FORMS:
        text = text.replace(word, replacement)
    text = _corrected(text, catalogue)
    found = [alias for _, _, alias in catalogue.find(canon(text))]
    # a body's name is no place for a synonym either (福州医保局 is not 福州医疗保险缴费局)
    found += [name for d in catalogue.db.documents for name in d.names() if len(name) >= 3 and name in text]
    for word, replacement in v.SYNONYMS:
        if word in text and replacement not in text and not _overlaps_a_name(text, word, found):
            # the words the replacement adds before the word, typed already (因公出国费): not twice
            at = replacement.find(word[0])
            typed = replacement[:at] + word if at > 0 else word
            text = text.replace(typed if typed in text else word, replacement)
    core = slots.padded_core(text)
    for word, replacement in v.WHOLE_SYNONYMS:
        if core == word:
            text = text.replace(word, replacement)
            break
    return text


def _overlaps_a_name(text: str, word: str, names: list[str]) -> bool:
    """Whether ``word`` is part of, or runs into, a name the question spells out: 运行经费 in
    行政运行经费 overlaps 行政运行 (a 科目), so it is not 机关运行经费."""
    start = text.find(word)
    end = start + len(word)
    for name in names:
        at = text.find(name)
        while at >= 0:
            if at < end and start < at + len(name):
                return True
            at = text.find(name, at + 1)
    return False


def _corrected(text: str, catalogue: Catalogue) -> str:
    """Typos corrected outside the question's own cue words (最便宜 stays 最便宜)."""
    chars = catalogue.chars
    pieces = []
    last = 0
    for match in v.CUES.finditer(text):
        pieces.append(correct(text[last : match.start()], catalogue.db.homophones, chars, catalogue.bigrams))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(correct(text[last:], catalogue.db.homophones, chars, catalogue.bigrams))
    return "".join(pieces)


# a year typed with two digits (省检察院17年…, 18年度): this century's; a lone digit before 年 is a duration
SHORT_YEAR = re.compile(r"(?<![\d.])([1-3]\d)(?=年)")


def understand(question: str, catalogue: Catalogue, documents: dict[int, tuple[str, ...]]) -> Intent:
    """The plan of ``question``; ``documents`` maps document ids to the names they answer to."""
    raw = normalize(question)
    text = SHORT_YEAR.sub(r"20\1", prepare(question, catalogue))
    compact = canon(text)
    # A body's name in the question selects a document; it is not an item (检察院 is not 检察),
    # unless it is part of a longer item name the question spells out (县人大代表之家建设经费).
    plain = slots.mentions(compact, catalogue)
    shortened = _shortened(text, documents)
    named = [name for names in documents.values() for name in names if len(name) >= 3 and name in text]
    named += [variant for variant, _ in shortened]
    # the body's own place (泽州县的市人大代表): it qualifies nothing the document could print
    named += [
        place
        for names in documents.values()
        for place in region_words(names[0])
        if len(place) >= 3 and place in text
    ]
    masked = text
    for name in sorted(set(named), key=len, reverse=True):
        if not any(name in m.alias and len(m.alias) > len(name) for m in plain):
            masked = masked.replace(name, "#")
    mentions = slots.mentions(canon(masked), catalogue) if masked != text else plain
    # 项目支出中的会议费 · 基本支出里人员经费 (里 not of 公里, 万里, 里程)
    within = re.search(
        r"(?:中的|(?<![公万千])里(?!程)面?的?|其中的?|当中的?|(?<=支出|经费|预算|资金|收入)中)(.{2,})$",
        masked,
    )
    tail_core = ""
    head_columns: tuple[str, ...] = ()
    head_tables: frozenset[str] = frozenset()
    if (
        within
        and mentions
        and not v.SHARE.search(within.group(1))  # 基本支出里人员经费占比: part and whole
        # 工资福利支出里哪一项最多: the lines under the one named are ranked, it is no column
        and not (
            v.RANKING.search(within.group(1)) and not any(m.alias in canon(within.group(1)) for m in mentions)
        )
    ):
        # 项目支出中的会议费: the item asked is the one after 中的, within the one before
        tail = canon(within.group(1))
        in_tail = tuple(m for m in mentions if m.alias in tail)
        # 专项业务经费里的差旅费: a column the document prints (专项业务经费支出) is the column asked
        head_columns = tuple(
            dict.fromkeys(
                entry.key
                for m in mentions
                if m not in in_tail and m.entries and all(e.kind == "column" for e in m.entries)
                for entry in m.entries
            )
        )
        head = tuple(m for m in mentions if m not in in_tail and not m.column_like)
        # 机关运行经费里差旅费: a table named before 里 is the table the item is read in
        if in_tail:
            head_tables = frozenset(
                catalogue.tables[int(e.key)].kind
                for m in head
                for e in m.entries
                if e.kind == "table" and int(e.key) in catalogue.tables
            )
        if not in_tail:
            tail_core = slots.padded_core(within.group(1))
        # 行政运行科目里的项目支出 · 教育支出里一般公共预算拨款: a column asked of the line named before
        mentions = head if in_tail and head and all(m.column_like for m in in_tail) else in_tail
    asked = re.split(r"[?？]", masked, maxsplit=1)
    if len(asked) == 2 and asked[1].strip() and v.SUM.search(asked[0]):
        # …人员经费和公用经费支出一共多少？专项业务经费又是多少？: the sum is of the first question's names
        first = canon(asked[0])
        summed = tuple(m for m in mentions if m.alias in first)
        mentions = summed if len(summed) >= 2 else mentions
    compare_years = tuple(int(m.group(1)) for m in re.finditer(r"(?<=[比较于同])((?:19|20)\d{2})\s*年", text))
    years = tuple(
        int(m.group(1))
        for m in re.finditer(r"(?<![比较于同])((?:19|20)\d{2})\s*年", text)
        if not any(m.group(1) in mention.alias for mention in mentions)
    )
    span = re.search(r"((?:19|20)\d{2})\s*年?\s*(?:到|至|-|—|~|～)\s*((?:19|20)\d{2})\s*年", text)
    if span and int(span.group(1)) < int(span.group(2)) <= int(span.group(1)) + 20:
        years = tuple(range(int(span.group(1)), int(span.group(2)) + 1))  # 2017年到2019年
    bodies, unknown = _bodies(text, raw, documents, mentions, shortened)
    core = tail_core or slots.padded_core(masked).replace("#", "")
    threshold, comparator = slots.threshold(text)
    top, ascending = slots.ranking(text)
    whole_budget, total_rows, compared_totals, generic_core = slots.totals(core, text)
    every_year, both_phases, both_scopes, each = slots.across(text)
    return Intent(
        question=question,
        text=text,
        core=core,
        # a body named 福利彩票…, an item named 游戏电竞… is no chitchat
        operation=cues.operation(masked.replace("#", ""), [m.alias for m in mentions]),
        mentions=mentions,
        bare_core=slots.bare(core),
        unit=_unit(text),
        columns=tuple(word for word, _ in v.COLUMN_WORDS if word in masked) + head_columns,
        hinted=slots.hinted(text) | head_tables,
        years=years,
        compare_years=compare_years,
        bodies=bodies,
        unknown_bodies=unknown,
        phase=_phase(text, documents),
        scope=(
            "单位"
            if re.search(r"单位预算|单位决算|本级", text)
            else ("部门" if re.search(r"部门预算|部门决算", text) else "")
        ),
        # 去年是多少: nothing named but another year, so the item is the conversation's
        follow_up=is_follow_up(raw)
        or bool(re.match(r"^(那|它|其中|这个|该)", raw))
        or (not core and bool(v.PREVIOUS_YEAR.search(text)))
        # 2025年预算安排了多少 after an item: another year (and phase) of it, nothing else named
        or (bool(years) and not mentions and re.fullmatch(r"(?:预算|决算)?数?", core) is not None),
        previous_year=bool(v.PREVIOUS_YEAR.search(text)) and not v.CHANGE.search(text),
        next_year=bool(v.NEXT_YEAR.search(text)),
        money=bool(v.ASKS_MONEY.search(text)),
        amount_words=bool(re.search(r"钱|经费|费|资金|预算|支出|收入|元|金额|多少$", text)),
        budget_words=bool(v.BUDGET_WORDS.search(text)),
        ratio=slots.ratio(text, mentions, catalogue, masked if masked != text else ""),
        sides=slots.sides(masked.replace("#", ""), catalogue),  # not split inside a body's name
        population=slots.population(text),
        says_projects="项目" in text,
        carryover="结转" in text,
        carried_only=slots.carried_only(text),
        threshold=threshold,
        comparator=comparator,
        top=top,
        ascending=ascending,
        whole_budget=whole_budget,
        total_rows=total_rows,
        compared_totals=compared_totals,
        generic_core=generic_core,
        every_year=every_year,
        both_phases=both_phases,
        both_scopes=both_scopes,
        each=each,
        how_much="多少" in text,
        change_core=re.sub(
            r"率|幅度|百分之几|百分比|百分点|几成|增加|减少|增长|下降|增减|变化|变动|[增减降涨]", "", core
        ),
        wants_rate=bool(re.search(r"%|率|幅度|百分|几成", text)),
        sheet_fields=slots.sheet_fields(text),
        fund_fields=slots.fund_fields(text),
        quantity_units=slots.quantity_units(text),
        yearly=bool(re.search(r"一年|1年|每年|全年", text)),
    )


def _unit(text: str) -> str:
    """元 or 万元 when the question asks for the figure in one."""
    if v.ASKS_YUAN.search(text):
        return "元"
    return "万元" if v.ASKS_WAN.search(text) and "万元" in text else ""


def _phase(text: str, documents: dict[int, tuple[str, ...]]) -> str:
    """决算 when said; 预算 when said and some loaded body's names hold 决算."""
    if "决算" in text:
        return "决算"
    if re.search(r"(?<!决)预算(?!.{0,3}(多少|是))", text) and "决算" in " ".join(
        " ".join(names) for names in documents.values()
    ):
        return "预算"
    return ""


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
    raw: str,
    documents: dict[int, tuple[str, ...]],
    mentions: tuple[Mention, ...],
    shortened: list[tuple[str, str]],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Names of loaded bodies in the question, and body-like words that match none of them (read as
    typed, ``raw``: a typo correction must not turn 工务署 into 工务数 and hide it)."""
    found: list[str] = []
    for names in documents.values():
        for name in sorted(names, key=len, reverse=True):
            if len(name) >= 2 and name in text and "本级" not in name:  # 教育局本级: 教育局
                found.append(name)
                break
    found += [original for _, original in shortened]
    # 财政局 inside 普陀区财政局 names the longer body only
    found = [name for name in found if not any(name != other and name in other for other in found)]
    unknown = []
    for match in v.BODY_WORDS.finditer(raw):
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
