"""Input-method typos: characters typed with the right sound but the wrong shape (陪训 for 培训).

At ingest, ``build_homophones`` maps every common character that sounds like a character of
the stored names to those characters (from a frozen GB 2312 reading table, see
textnorm/data/make_pinyin.py); at question time ``correct`` replaces a character only where
the replacement forms vocabulary character pairs with its neighbours.

    correct("代表陪训经费", homophones, chars, bigrams=pairs) == "代表培训经费"
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from functools import cache

from textnorm.normalize import normalize

__all__ = ["build_homophones", "correct", "sounds", "vocabulary_bigrams", "vocabulary_chars"]

# Characters of the question itself (function words, question words, dates, amounts): never
# rewritten and never treated as typos, whatever the vocabulary holds.
_PROTECTED = frozenset(
    "的地得了着过是在有和与及或跟同比对为于以把被从向到至由吗呢吧啊呀么嘛哦哈啦咋什多少几哪谁怎样如何啥"
    "那这它其个们我你您他她请问告诉查想知道要去今明前后上下年月日号季度元万亿千百块钱总共计加起来差额占率"
    "增减长降变化情况零一二两三四五六七八九十第里"
)


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def vocabulary_chars(vocabulary: Iterable[str], *, normalized: bool = False) -> frozenset[str]:
    """Han characters of the normalized vocabulary (budget item, project, indicator names);
    ``normalized``: the names are normalized already."""
    names = vocabulary if normalized else map(normalize, vocabulary)
    return frozenset(c for c in set().union(*map(set, names)) if _is_han(c))


def vocabulary_bigrams(vocabulary: Iterable[str], *, normalized: bool = False) -> frozenset[str]:
    """Adjacent character pairs of the normalized vocabulary ("培训" from "代表培训经费");
    ``normalized``: the names are normalized already."""
    names = vocabulary if normalized else map(normalize, vocabulary)
    return frozenset(name[i : i + 2] for name in names for i in range(len(name) - 1))


def _is_common(char: str) -> bool:
    """A char of GB 2312 level 1: the 3 755 most frequent, the ones input methods offer first."""
    try:
        encoded = char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7


@cache
def _readings() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(char → toneless readings, most common first; reading → common chars read that way first).

    From textnorm/data/pinyin.json, frozen from pypinyin by textnorm/data/make_pinyin.py
    (importing pypinyin costs ~0.4 s, more than a whole ingest should take).
    """
    import json
    from importlib.resources import files

    text = files("textnorm").joinpath("data/pinyin.json").read_text(encoding="utf-8")
    table: dict[str, str] = json.loads(text)["readings"]
    readings = {char: tuple(value.split(",")) for char, value in table.items()}
    by_reading: dict[str, list[str]] = {}
    for char, options in readings.items():
        if _is_common(char):
            by_reading.setdefault(options[0], []).append(char)
    return readings, {reading: tuple(chars) for reading, chars in by_reading.items()}


def sounds(text: str) -> str:
    """``text`` as read aloud: each character by its most common toneless reading (检查院 and 检察院
    both "jian cha yuan"); a character without a reading stands for itself."""
    readings, _ = _readings()
    return " ".join(readings[char][0] if char in readings else char for char in text)


def _readings_in_context(names: list[str]) -> dict[str, set[str]]:
    """Toneless readings each Han char of the names may have (every reading of a polyphone)."""
    readings, _ = _readings()
    found: dict[str, set[str]] = {}
    for name in names:
        for char in name:
            if char in readings:
                found.setdefault(char, set()).update(readings[char])
    return found


def build_homophones(vocabulary: Iterable[str]) -> dict[str, str]:
    """Map each likely input-method typo char to the vocabulary chars it may stand for.

    For every Han char c of the normalized vocabulary, read as it is read in those names
    (toneless, every reading of a polyphone), every common char (GB 2312 level 1) whose
    *first* reading is the same, and which is neither in the vocabulary nor a question word
    (`_PROTECTED`), maps to c. A char reachable from several vocabulary chars maps to all of
    them, most frequent in the vocabulary first: "陪" → "培", "精" → "经京". Runs at ingest time
    on the frozen reading table (no pypinyin import).
    """
    names = [normalize(name) for name in vocabulary]
    counts = Counter(c for name in names for c in name if _is_han(c))
    readings = _readings_in_context(names)
    _, by_reading = _readings()
    known = counts.keys() | _PROTECTED
    candidates: dict[str, list[str]] = {}
    for target, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        for reading in sorted(readings.get(target, ())):
            for variant in by_reading.get(reading, ()):
                if variant not in known:
                    targets = candidates.setdefault(variant, [])
                    if target not in targets:
                        targets.append(target)
    return {variant: "".join(targets) for variant, targets in candidates.items()}


def correct(
    text: str,
    homophones: Mapping[str, str],
    vocabulary_chars: AbstractSet[str],
    bigrams: AbstractSet[str] | None = None,
) -> str:
    """Replace likely input-method typos by vocabulary chars: "代表陪训经费" → "代表培训经费".

    Chars in `vocabulary_chars` (or question words) never change. Without `bigrams`, a char is
    replaced when it has exactly one candidate. With `bigrams` (see `vocabulary_bigrams`), a
    candidate is taken only when it forms a vocabulary bigram with its left neighbour (as
    corrected) or its right neighbour (or one of that neighbour's candidates); the first such
    candidate wins, and chars with no supported candidate stay as typed.
    """
    chars = list(text)
    for i, char in enumerate(chars):
        if char in vocabulary_chars or char in _PROTECTED:
            continue
        options = homophones.get(char)
        if not options:
            continue
        if bigrams is None:
            if len(options) == 1:
                chars[i] = options
            continue
        left = chars[i - 1] if i else ""
        right = text[i + 1] if i + 1 < len(text) else ""
        rights = right + ("" if right in vocabulary_chars else homophones.get(right, ""))
        # the candidate forming vocabulary pairs on both sides beats one forming a pair on one side
        # (智惠人大 → 智慧人大, not 智会人大); among equals the most frequent, listed first, wins
        best, best_score = "", 0
        for option in options:
            score = (left + option in bigrams) + any(option + r in bigrams for r in rights)
            if score > best_score:
                best, best_score = option, score
        if best:
            chars[i] = best
    return "".join(chars)
