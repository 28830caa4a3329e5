"""Indexes over the loaded bodies' names, built once per listing (cached): by sound, and by
character (the names holding every character typed); and the question's words for the full-text
index."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from textnorm.homophones import sounds
from textnorm.normalize import normalize

if TYPE_CHECKING:
    import jieba  # loads in ~0.2 s: only when a question first needs the full-text index


@lru_cache(maxsize=4)
def sound_index(names: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Names of four characters or more by how they sound."""
    index: dict[str, list[str]] = {}
    for name in names:
        if len(name) >= 4:
            index.setdefault(sounds(name), []).append(name)
    return {key: tuple(value) for key, value in index.items()}


@lru_cache(maxsize=4)
def char_index(names: tuple[str, ...]) -> tuple[dict[str, frozenset[str]], dict[str, int]]:
    """Each character → the names holding it, and each name's place in ``names`` (their order)."""
    index: dict[str, set[str]] = {}
    for name in names:
        for char in set(name):
            index.setdefault(char, set()).add(name)
    return {char: frozenset(held) for char, held in index.items()}, {name: i for i, name in enumerate(names)}


def names_holding(names: tuple[str, ...], typed: str) -> list[str]:
    """The names holding every character of ``typed``, in their order (set look-ups, not a pass over
    every name: a question's cost does not grow with the bodies loaded)."""
    index, order = char_index(names)
    held = [index.get(char, frozenset()) for char in set(typed)]
    return sorted(frozenset.intersection(*held), key=order.__getitem__) if held else []


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    from ingest.lexicon import make_tokenizer  # jieba loads in ~0.2 s: only when first needed

    return make_tokenizer(())


def question_tokens(question: str) -> list[str]:
    """The words of ``question`` to look up in the full-text index (the index's own tokenizer)."""
    words = _tokenizer().cut_for_search(normalize(question))
    return [w for w in dict.fromkeys(words) if len(w) >= 2 and re.search(r"[\u4e00-\u9fff]", w)]
