"""Answers from the narrative: stated figures, definitions, reasons, year-on-year changes.

Handlers take the ``Context`` first and return an ``Outcome``, or ``None`` when they do
not apply (the dispatcher then tries the next; see ``knowledge.dispatch``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from knowledge import texts
from knowledge.aliasing import canon
from knowledge.answer import Source
from knowledge.catalogue import Entry
from knowledge.context import Context
from knowledge.conversation import Conversation, Outcome, Turn
from knowledge.figures import CHANGE_REF, MONEY, Figure, format_amount, lcs, plain, subject_label
from knowledge.likeness import one_side
from knowledge.phrasing import answered, not_found
from knowledge.places import PLACE
from knowledge.plan import Intent
from knowledge.records import NarrativeFactRecord
from knowledge.thresholds import (
    FACT_MIN_PAIRS,
    FACT_MIN_RUN,
    FACT_RECALL,
    FACT_SCATTER_LENGTH,
    FUZZY_THRESHOLD,
    REASON_MIN_OVERLAP,
)
from knowledge.vocabulary import ASKS_NUMBER, GENERIC_SUFFIX, NAMES_ASKED


def facts(
    context: Context,
    documents: Sequence[int],
    core: str,
    *,
    kinds: Sequence[str] = (),
    units: Sequence[str] = (),
    whole: bool = False,
) -> list[NarrativeFactRecord]:
    """Narrative facts whose subject (or, with ``whole``, sentence) shares most of ``core``'s pairs."""
    pairs = {core[i : i + 2] for i in range(len(core) - 1)}
    if not pairs:
        return []
    head = core  # the last word that names what is asked (涉密项目预算 → 涉密)
    while (shorter := GENERIC_SUFFIX.sub("", head)) != head and len(shorter) >= 2:
        head = shorter
    scored = []
    for fact in context.in_documents(documents):
        if kinds and fact.kind not in kinds:
            continue
        if units and fact.unit not in units:
            continue
        target = canon(REASON_TAIL.split(fact.sentence, 1)[0]) if whole else context.subjects[id(fact)]
        if (
            _other_level(core, target)
            or one_side(target, core)
            or _other_organisation(core, target)
            or (not whole and _of_another_unit(core, target))
        ):
            continue
        if fact.kind == "amount" and len(head) >= 2 and head[-2:] not in target:
            continue  # 财政拨款收入 is not 财政拨款安排“三公”经费: the phrase's head must be the subject's
        shared = sum(1 for pair in pairs if pair in target)
        recall = shared / len(pairs)
        if shared < 1 or recall < FACT_RECALL or (len(pairs) >= 2 and shared < FACT_MIN_PAIRS):
            continue
        run = lcs(core, target)
        if not whole and run < min(len(core), FACT_MIN_RUN) and len(target) > FACT_SCATTER_LENGTH * len(core):
            continue  # a few pairs scattered over a long sentence taken for the subject
        # as near a match, the subject that is the words asked exactly (本级预算: the body's own, not
        # 深圳市社会保险基金管理局本级预算 stated before it)
        scored.append((-recall, -run, target != core, fact.position, fact))
    scored.sort(key=lambda item: item[:4])
    return [item[4] for item in scored]


# where a sentence stating a change goes on to its reasons: items named there are not what changed
# (…支出总计比上年增加141.15万元，主要原因是…基本支出638.64万元…: 基本支出 did not rise 141.15)
# a sentence giving a reason: 主要原因是…, or a change followed by 主要是…/由于…
REASON = re.compile(r"原因|主要是|主要由于|主要因为|由于")
REASON_TAIL = re.compile(r"主要原因|原因是|原因为|主要是由于|主要用于")

ADMINISTRATIVE_LEVELS = "省市县区乡镇村"


# an organisation's name in a question (教育工程管理中心, 刑事侦查支队): its words before the kind tell
# it from its siblings (文体和水务工程管理中心), so a subject must hold the name whole
ORGANISATION_NAME = re.compile(
    r"[\u4e00-\u9fff]{2,16}?(中心|支队|大队|学校|医院|研究院|研究所|管理站|管理处)"
)
ORGANISATION_BEFORE = re.compile(r"^.*[的里中和及、]")  # words before the name (三公经费里刑事侦查支队)


def _other_organisation(core: str, target: str) -> bool:
    """The question names an organisation the subject does not, where the subject names one of the
    same kind (教育工程管理中心 asked, 文体和水务工程管理中心 stated)."""
    for match in ORGANISATION_NAME.finditer(core):
        kind = match.group(1)
        name = ORGANISATION_BEFORE.sub("", match.group(0)[: -len(kind)]) + kind
        while place := PLACE.match(name):  # 深圳市建筑工务署…: the places before the name aside
            name = name[place.end() :]
        if len(name) > len(kind) + 1 and kind in target and name not in target:
            return True
    return False


# a unit of the body opening a subject (深圳市社会保险基金管理局本级预算, 深圳鹏城技师学院预算)
UNIT_OPENING = re.compile(r"^[\u4e00-\u9fff]{2,16}?(?:局|中心|支队|大队|学校|学院|医院|研究院|研究所)")


def _of_another_unit(core: str, target: str) -> bool:
    """The subject is a unit's (its name opens it) that the question does not name: 本级预算 asked of the
    body is not 深圳市社会保险基金管理局本级预算."""
    unit = UNIT_OPENING.match(target)
    return unit is not None and len(unit.group(0)) >= 4 and unit.group(0) not in core


def _other_level(core: str, target: str) -> bool:
    """The subject speaks of another administrative level than the question: 市人大代表 asked,
    县人大代表 stated (the words after the level are the same, the level differs)."""
    for i, level in enumerate(core[:-2]):
        word = core[i + 1 : i + 4]
        if level not in ADMINISTRATIVE_LEVELS or len(word) < 2 or level + word in target:
            continue
        start = target.find(word)
        while start > 0:
            if target[start - 1] in ADMINISTRATIVE_LEVELS and target[start - 1] != level:
                return True
            start = target.find(word, start + 1)
    return False


def fact_answer(
    context: Context,
    intent: Intent,
    fact: NarrativeFactRecord,
    *,
    beside: Figure | None = None,
    part: bool = True,
) -> Outcome:
    """An amount the narrative states, with its sentence (and ``beside``, a part a table prints)."""
    figure = context.resolver.narrative_figure(fact)
    shown = figure.in_unit(intent.unit) if intent.unit and figure.unit in MONEY else figure
    sentence = fact.sentence.strip().rstrip("；;。") + "。"
    if fact.kind == "count" and NAMES_ASKED.search(intent.text) and not ASKS_NUMBER.search(intent.text):
        # 差额拨款事业单位是哪个: the names are asked, not how many: the sentence, no count as the answer
        text = f"{figure.label}：{sentence}"
        return Outcome(answered(intent, text, None, (figure.source,)), Turn(document_id=figure.document_id))
    text = f"{figure.label}：{format_amount(shown.amount, shown.unit)}。\n原文：{sentence}"
    sources: tuple[Source, ...] = (figure.source,)
    if beside is not None:
        shown_beside = format_amount(beside.amount, beside.unit)
        if part:
            text += "\n" + texts.BASIC_PART.format(table=beside.source.table, amount=shown_beside)
        else:
            added = " + ".join(plain(p.amount) for p in beside.parts)
            text += "\n" + texts.LINES_ADDED.format(
                table=beside.source.table, amount=shown_beside, added=added
            )
        sources += tuple(p.source for p in beside.parts) or (beside.source,)
    return Outcome(answered(intent, text, shown, sources), Turn((figure,), figure.document_id))


def definition(
    context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation
) -> Outcome | None:
    """A term of the document's glossary (名词解释); None when the document defines none asked."""
    entries: list[tuple[int, Entry]] = []
    for mention in intent.mentions:
        for entry in mention.entries:
            if entry.kind == "glossary" and entry.document_id in documents:
                entries.append((len(mention.alias), entry))
    if not entries:
        for score, _precision, alias in context.catalogue.fuzzy(intent.core):
            if score < FUZZY_THRESHOLD:
                break
            entries += [
                (0, e)
                for e in context.catalogue.by_alias[alias]
                if e.kind == "glossary" and e.document_id in documents
            ]
    if not entries:
        return None
    entries.sort(key=lambda item: -item[0])
    entry = entries[0][1]
    record = context.db.glossary[int(entry.key)]
    source = Source(
        context.resolver.titles[record.document_id], "名词解释", record.term, "", None, record.line
    )
    text = texts.DEFINITION.format(term=record.term, definition=record.definition)
    return Outcome(answered(intent, text, None, (source,)), Turn(document_id=record.document_id))


USES = re.compile(r"主要用于[^。；;]*")
REASON_LEAD = re.compile(r"主要|其|的|[:：,，\s]")
CHANGE_WORDS = re.compile(r"上年|去年|增加|减少|增长|下降|增减|变化")


def why(context: Context, intent: Intent, documents: Sequence[int], conversation: Conversation) -> Outcome:
    """The sentence giving the reason (原因) for the change asked about."""
    core = intent.core if len(intent.core) >= 2 else ""
    stated = _reason_of_change_given(context, intent, conversation) if not core else None
    if stated is not None:
        return stated
    if not core and conversation.subjects:
        # 主要什么原因 after a figure: that figure's reason, in its own document
        # (the item, not a change stated after it: 与上年相比增加 names nothing)
        items = [f for f in conversation.subjects if not CHANGE_WORDS.search(f.label)]
        last = items[-1] if items else conversation.subjects[-1]
        core = canon(last.label)
        documents = [last.document_id] if last.document_id in documents else documents
    best = None
    for passage in context.db.passages:
        if passage.document_id not in documents or not REASON.search(passage.text):
            continue
        previous = ""
        since = ""  # the sentences since the last reason: what a sentence opening with 主要是… gives it for
        for sentence in re.split(r"(?<=。)", passage.text):
            # the item may be named by the sentence before (1.因公出国（境）费用。2026年预算数…，主要是…);
            # what the reason is given for comes before it (收入比上年减少…，主要是一般公共预算财政拨款增加…
            # is a reason of 收入, not of 一般公共预算基本支出)
            reason = REASON.search(sentence)
            own = sentence[: reason.start()] if reason else sentence
            # a sentence opening with its reason (主要原因是：…) gives it for the sentences since the last
            # reason (2．其他资金收入预算总计15万元。与上年相比增加9.45万元…。主要是因…: both)
            opening = reason is not None and len(REASON_LEAD.sub("", canon(own))) < 2
            named_in = passage.heading + ((since or previous) if opening else previous) + own
            # (what a line is 主要用于 names the item only after the lines named themselves: 一般公共服务支出…
            # 主要用于…政协会议… gives no reason of 政协会议; …支出（项）…主要用于：微型消防站运行保障经费 may)
            given_for = USES.sub("", (since or previous) if opening else sentence)
            previous = sentence
            since = "" if reason else since + sentence
            if not reason:
                continue
            # the names asked, said in a clause of the sentence before its reason, first (基本支出 of
            # 一般公共预算基本支出, not 一般公共预算财政拨款运行经费; 公务用车运行维护费 of its own clause, not
            # of the sentence before another item's reason); then in the sentence before; then the words
            # shared; ties broken by the sentence's own words
            text, itself = canon(named_in), canon(USES.sub("", named_in))
            said = max(
                sum(len(m.alias) for m in intent.mentions if m.alias in canon(REASON.split(clause, 1)[0]))
                for clause in re.split(r"(?<=[；;])", given_for)
            )
            prior = sum(len(m.alias) for m in intent.mentions if m.alias in itself)
            overlap = lcs(core, text)
            score = (said, prior, lcs(core, itself), overlap, lcs(core, canon(own)))
            if overlap >= REASON_MIN_OVERLAP and (best is None or score > best[0]):
                best = (score, passage, sentence)
    if best is None:
        return not_found(context, intent)
    _, passage, sentence = best
    sentences = [x for x in re.split(r"(?<=。)", passage.text) if x.strip()]
    index = next((i for i, x in enumerate(sentences) if x == sentence), 0)
    before = sentences[index - 1] if index > 0 else ""
    clause = _clause_naming(sentence, intent)
    if clause:
        sentence = clause  # …；9.行政单位离退休（2080501）2,212.58万元，…增长的主要原因是：…；10.…
    elif re.search(r"增加|减少|增长|下降", before) or (len(before) <= 20 and not re.search(r"\d{3}", before)):
        sentence = before + sentence  # the change, or the item named alone (2.公务接待费。2026年预算数…)
    source = Source(
        context.resolver.titles[passage.document_id], passage.heading, "", "", passage.page, passage.line
    )
    printed = {Decimal(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", sentence)}
    changes = [
        f
        for f in context.db.narrative
        if f.passage_id == passage.id
        and (
            f.sentence.strip() in sentence
            or (clause and f.sentence.strip() in passage.text and f.amount in printed)
        )
        and f.kind in ("increase", "decrease")
    ]
    if clause and intent.wants_rate:
        rates = [f for f in changes if f.unit == "%"]
        if len(rates) == 1:
            rate = context.resolver.narrative_figure(rates[0])
            return Outcome(
                answered(intent, sentence.strip(), rate, (source,)), Turn(document_id=passage.document_id)
            )
    moneys = [f for f in changes if f.unit in MONEY]
    # the change of the item asked: the only one stated, else the one stated in a sentence naming
    # it; a sentence of several items' changes gives no figure (the first was another item's)
    named = [
        f for f in moneys if core and lcs(core, canon(f.sentence.split("原因")[0])) >= REASON_MIN_OVERLAP
    ]
    money = moneys[0] if len(moneys) == 1 else (named[0] if len(named) == 1 else None)
    figure = context.resolver.narrative_figure(money) if money is not None else None
    answer = answered(intent, sentence.strip(), figure, (source,))
    return Outcome(answer, Turn(document_id=passage.document_id))


def _reason_of_change_given(context: Context, intent: Intent, conversation: Conversation) -> Outcome | None:
    """为什么增加 right after a change the text states with its reason in one clause (公务用车运行费14.00
    万元，比2025年预算增加3.50万元，主要原因是增加一部公务用车): that clause, not the first reason of
    its paragraph (the 因公出国 clause before it)."""
    last = conversation.subjects[-1] if conversation.subjects else None
    if last is None or last.ref != CHANGE_REF or last.kind != "narrative":
        return None
    clause = context.narrative_sentence(last)
    if not REASON.search(clause):
        return None
    answer = answered(intent, CLAUSE_NUMBER.sub("", clause).strip(), last, (last.source,))
    return Outcome(answer, Turn(document_id=last.document_id))


def sentence_subject(sentence: str) -> str:
    """The subject of a sentence stating a change (its first clause, without the amount)."""
    head = re.split(r"[，,。；]", sentence)[0]
    head = re.sub(r"\d[\d,]*(\.\d+)?\s*(万元|元)?$", "", head)
    # 支出预算减少13,469.96万元: the subject without the direction its amount follows
    return subject_label(re.sub(r"(?<=[\u4e00-\u9fff]{2})(?:增加|减少|增长|下降|降低)$", "", head))


# a clause of a long sentence listing items (…；9.行政单位离退休…；10.…): 1. 2、 (一) opening it
CLAUSE_NUMBER = re.compile(r"^\s*(?:其中[:：])?\s*(?:\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）])?")


def _clause_naming(sentence: str, intent: Intent) -> str:
    """The clause (split at ；) of a sentence of several items' changes that names an item asked
    before its reason, when the sentence has more than one clause; else ""."""
    clauses = [c for c in re.split(r"(?<=[；;])", sentence) if c.strip()]
    if len(clauses) < 2:
        return ""
    named = [
        c
        for c in clauses
        if REASON.search(c) and any(m.alias in canon(REASON.split(c, 1)[0]) for m in intent.mentions)
    ]
    return CLAUSE_NUMBER.sub("", named[0]).rstrip("；;") if len(named) == 1 else ""
