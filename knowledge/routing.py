"""Which documents a question is about, from the document list alone (no rows are read).

A body is identified by its full name (region and department: 阳城县教育局); people
type short names (县教育局, 教育局, 人大办) that many bodies share. ``Bodies`` finds
the names typed in a question with dictionary look-ups of its substrings (cost
independent of how many documents are loaded), narrows a shared short name by the
region words the question also types (阳城 · 阳城县), and, when no name is typed in
full, scores body-like words of the question against every name with rapidfuzz.

    bodies = Bodies.build(documents)
    bodies.find("阳城县教育局基本支出多少")   # → Found(bodies=("阳城县教育局",), …)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from knowledge.bodyindex import names_holding, sound_index
from knowledge.places import (
    LEAD_IN,
    LEVELS,
    NOT_PLACE,
    PLACE,
    WORKS_AFTER,
    in_order,
    region_words,
    same_place,
    typed_region,
)
from knowledge.records import DocumentRecord
from knowledge.thresholds import BODY_SCORE_CUTOFF
from textnorm.homophones import sounds
from textnorm.normalize import normalize

# a department-like word: what a person types to name a body that is not typed in full
BODY_WORD = re.compile(
    r"[\u4e00-\u9fff]{2,14}?(?:局|委员会|委|办公室|办公厅|办|院|厅|部|处|署|中心|街道|政府|法院|检察院|支队|大队|馆|所|站|校)"
    + WORKS_AFTER
)
# characters a body's short form typed after its place shares with its full name at least, its last
# (the kind of body) aside: 交警支队 · 公安局交通管理支队 share 交 and 支, 刑科院 · 刑事科学技术研究院
# share 刑 and 科; 民政局 and 财政局 share only 政 (two departments of one county)
SHORT_FORM_SHARED = 2
# an abbreviation shorter than this (教局) could be read in too many names; and it keeps this share of
# its name's characters at least (工务署 3 of 深圳市建筑工务署's 8, 上科大附校 5 of 10; 和常委 is 3 of
# 和顺县人民代表大会常务委员会's 14: characters that happen to be in order)
ABBREVIATION_SHORTEST = 3
ABBREVIATION_COVERAGE = 0.3
LONGEST_NAME = 40


@dataclass(frozen=True, slots=True)
class Found:
    """The bodies a question names (full names), each name as typed, and how it was matched."""

    bodies: tuple[str, ...]
    typed: tuple[str, ...]  # the text of the question that named each (same order)
    candidates: tuple[str, ...] = ()  # bodies a shared short name may mean, when it stays ambiguous
    typed_ambiguous: str = ""  # that short name, as typed
    fuzzy: bool = False  # matched by rapidfuzz, not typed in full
    unknown: str = ""  # a body typed with a region no loaded body of that name has


@dataclass(frozen=True, slots=True)
class Bodies:
    """Every loaded body's names, indexed for look-up."""

    by_name: dict[str, tuple[str, ...]]  # a name (full or short) → the bodies it names
    regions: dict[str, tuple[str, ...]]  # body → its region words (阳城县, 阳城)
    longest: int
    choices: tuple[str, ...]  # every name, for rapidfuzz
    places: frozenset[str] = frozenset()  # every region word of a loaded body (2 characters or more)
    place_tails: frozenset[str] = frozenset()  # and every ending of one (州市 of 泉州市 …)
    by_place: dict[str, tuple[str, ...]] = field(default_factory=dict)  # region word → its bodies

    @classmethod
    def build(cls, documents: Iterable[DocumentRecord]) -> Bodies:
        by_name: dict[str, dict[str, None]] = {}
        regions: dict[str, tuple[str, ...]] = {}
        for document in documents:
            # keyed as a question is read (normalize): 五台县 is 5台县 there, 台 being a measure word
            for name in (document.body, *document.short_names):
                if len(name) >= 2:
                    by_name.setdefault(normalize(name), {})[document.body] = None
            if document.body not in regions:
                regions[document.body] = region_words(normalize(document.body))
        longest = max((len(name) for name in by_name), default=0)
        places = frozenset(r for words in regions.values() for r in words if len(r) >= 2)
        tails = frozenset(place[i:] for place in places for i in range(len(place) - 1))
        by_place: dict[str, list[str]] = {}
        for body, words in regions.items():
            for word in words:
                by_place.setdefault(word, []).append(body)
        return cls(
            {k: tuple(v) for k, v in by_name.items()},
            regions,
            min(longest, LONGEST_NAME),
            tuple(by_name),
            places,
            tails,
            {k: tuple(v) for k, v in by_place.items()},
        )

    def _loaded_place(self, typed: str) -> bool:
        """Whether some loaded body is of the place ``typed`` (``same_place`` with any region word),
        by set look-ups rather than a pass over every body."""
        return typed in self.place_tails or any(typed[i:] in self.places for i in range(len(typed) - 1))

    def find(self, question: str) -> Found:
        """The bodies ``question`` names; a short name shared by several bodies is narrowed by region.

        A name typed after another region (海淀区财政局 when only 阳城县财政局 is loaded)
        names no loaded body: ``unknown`` says so rather than answering for another region.
        """
        text = normalize(question)
        spans = self._spans(text)
        bodies: list[str] = []
        typed: list[str] = []
        glued: list[bool] = []  # a short name run on into more Han characters (政协会议)
        shared: Found | None = None  # the first name several bodies share
        previous = 0  # the end of the name before: a place typed before a name is not part of it
        for start, end in spans:
            named = self.by_name[text[start:end]]
            if all(_departs(text, start, end, normalize(body)) for body in named):
                continue  # 政府办公厅（室）… is a 科目's word, not 政府办 of 人民政府办公室
            region = (
                typed_region(text, start, previous)
                if not PLACE.match(text, start) or text[start] in LEVELS
                else ""
            )
            previous = end
            if region:
                named = tuple(b for b in named if any(same_place(region, r) for r in self.regions[b]))
                if not named:
                    typed_from = text.rfind(region, 0, start)
                    what = (
                        text[typed_from:end] if typed_from >= 0 else region + text[start:end].lstrip(LEVELS)
                    )
                    return Found((), (), unknown=what)
            elif len(named) > 1:  # a region typed elsewhere, not inside another name (阳城县教育局)
                named = self._narrow(_without(text, spans, (start, end)), named)
            if len(named) > 1:
                shared = shared or Found((), (), named, text[start:end])
                continue
            if named[0] not in bodies:
                bodies.append(named[0])
                typed.append(text[start:end])
                glued.append(
                    text[start:end] != normalize(named[0])
                    and end < len(text)
                    and "\u4e00" <= text[end] <= "\u9fff"
                )
        # a shared name beside a body named unambiguously is not asked back: it is that body's own
        # short name again, or a word of the item (人大 in 榆次区人民政府办公室人大监督经费)
        if shared is not None and not bodies:
            return shared
        if len(bodies) > 1 and not all(glued) and any(glued):
            # beside a body named apart, a short name run on into an item's words is one of those words
            # (政协 in 江苏省人大常委会办公厅2017年政协会议支出), not a second body
            kept = [i for i, run_on in enumerate(glued) if not run_on]
            bodies, typed = [bodies[i] for i in kept], [typed[i] for i in kept]
        if bodies or spans:
            return Found(tuple(bodies), tuple(typed))
        return self._fuzzy(text)

    def _spans(self, text: str) -> list[tuple[int, int]]:
        """Longest names contained in ``text``, not overlapping (dictionary look-ups of substrings)."""
        found = []
        for start in range(len(text)):
            for end in range(min(len(text), start + self.longest), start + 1, -1):
                if text[start:end] in self.by_name:
                    found.append((start, end))
                    break
        found.sort(key=lambda span: (span[0] - span[1], span[0]))
        chosen: list[tuple[int, int]] = []
        for span in found:
            if all(span[1] <= other[0] or span[0] >= other[1] for other in chosen):
                chosen.append(span)
        return sorted(chosen)

    def _narrow(self, text: str, bodies: Sequence[str]) -> tuple[str, ...]:
        """The bodies whose region the question also names (泽州 · 泽州县), when some are named."""
        scored = [(max((len(r) for r in self.regions.get(b, ()) if r in text), default=0), b) for b in bodies]
        best = max(score for score, _ in scored)
        return tuple(b for score, b in scored if score == best) if best else tuple(bodies)

    def _fuzzy(self, text: str) -> Found:
        """Body-like words scored against every name (a name typed with a character left out)."""
        for match in BODY_WORD.finditer(text):
            word = match.group(0)
            for length in range(
                len(word), max(3, len(word) - 8), -1
            ):  # the word may start with padding (请问阳城县教育局)
                best = process.extractOne(
                    word[-length:], self.choices, scorer=fuzz.ratio, score_cutoff=BODY_SCORE_CUTOFF
                )
                if best is not None:
                    named = self._narrow(text, self.by_name[best[0]])
                    if len(named) > 1:
                        return Found((), (), named, word[-length:], fuzzy=True)
                    return Found(named, (word[-length:],), fuzzy=True)
        return self._abbreviated(text) or self._by_sound(text) or self._elsewhere(text)

    def _abbreviated(self, text: str) -> Found | None:
        """A body typed by an abbreviation of its name: characters of the name in their order, the kind
        of body kept (上科大附校 · 上海科技大学附属学校, 工务署 · 深圳市建筑工务署, 北京交委 ·
        北京市交通委员会: 委 of 委员会). Three characters at least; several bodies: candidates."""
        for match in BODY_WORD.finditer(text):
            word = LEAD_IN.sub("", match.group(0))
            for length in range(len(word), ABBREVIATION_SHORTEST - 1, -1):
                typed = word[-length:]
                if PLACE.match(word[:-length]):
                    break  # 南京市 typed before 中级人民法院: not a body of another place, abbreviated
                if typed[0] in "和与及或的、":
                    continue  # …支出和常委: a word joined to the item before it, no abbreviation
                bodies = tuple(
                    dict.fromkeys(
                        body
                        for name in names_holding(self.choices, typed)
                        if len(name) > len(typed) >= ABBREVIATION_COVERAGE * len(name)
                        and typed[-1] in name[-3:]
                        and in_order(typed, name)
                        for body in self.by_name[name]
                    )
                )
                if len(bodies) == 1:
                    return Found(bodies, (typed,), fuzzy=True)
                if bodies:
                    return Found((), (), self._narrow(text, bodies), typed, fuzzy=True)
        return None

    def _by_sound(self, text: str) -> Found | None:
        """A body typed with characters of the same sound (江苏省检查院 for 江苏省检察院): a body-like
        word read aloud as one of the names is that name. Only when nothing else matched (the
        reading table is loaded then)."""
        for match in BODY_WORD.finditer(text):
            word = match.group(0)
            for length in range(len(word), 3, -1):
                names = sound_index(self.choices).get(sounds(word[-length:]), ())
                bodies = tuple(dict.fromkeys(body for name in names for body in self.by_name[name]))
                if bodies:
                    named = self._narrow(text, bodies)
                    if len(named) > 1:
                        return Found((), (), named, word[-length:], fuzzy=True)
                    return Found(named, (word[-length:],), fuzzy=True)
        return None

    def _elsewhere(self, text: str) -> Found:
        """A body typed with a place no loaded body belongs to (南京市中级人民法院 when only 江苏省
        bodies are loaded): ``unknown``, never an answer from another body's documents. A body
        typed by a loaded place and a short form of its own (福州交警支队, 上海刑科院) is that
        place's body whose name holds two of the short form's characters besides its kind (队, 院)
        and ends in the same kind; several: candidates."""
        for match in BODY_WORD.finditer(text):
            word = LEAD_IN.sub("", match.group(0))
            place = PLACE.match(word)
            if place is not None and not NOT_PLACE.search(place.group(0)):
                if not self._loaded_place(place.group(0)):
                    return Found((), (), unknown=word)
            region = next(
                (word[:n] for n in range(min(len(word) - 2, 7), 1, -1) if word[:n] in self.places), ""
            )
            if not region:
                continue
            rest = set(word[len(region) : -1])  # the short form without its place and kind (交警支)
            near = tuple(
                body
                for body in self.by_place.get(region, ())
                if body[-1] == word[-1]  # a 研究所 is not its 局: the kind of body is kept in a short form
                and len(rest & set(body.removeprefix(self.regions[body][0])[:-1])) >= SHORT_FORM_SHARED
            )
            if len(near) == 1:
                return Found(near, (word,), fuzzy=True)
            if near:
                return Found((), (), near, word, fuzzy=True)
        return Found((), ())


def _without(text: str, spans: Sequence[tuple[int, int]], keep: tuple[int, int]) -> str:
    """``text`` with every span but ``keep`` blanked out."""
    chars = list(text)
    for start, end in spans:
        if (start, end) != keep:
            chars[start:end] = " " * (end - start)
    return "".join(chars)


def _departs(text: str, start: int, end: int, full: str) -> bool:
    """Whether a short name typed at ``text[start:end]`` runs on along its body's full name and then
    leaves it for another word (政府办 → 政府办公 → 政府办公厅, of 人民政府办公室): a word of its own."""
    if text[start:end] == full:
        return False
    stop = end
    while stop < len(text) and text[start : stop + 1] in full:
        stop += 1
    return stop > end and stop < len(text) and "\u4e00" <= text[stop] <= "\u9fff"
