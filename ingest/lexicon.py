"""Chinese tokenisation for the search index: our own jieba ``Tokenizer``, never the global one.

The tokenizer starts from a compact dictionary (jieba's frequent words plus the
budget vocabulary shipped in ``ingest/data``) and learns every item, project and
indicator name of the documents being stored, so that both whole names
(代表培训经费) and their parts (代表, 培训) are indexed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from importlib import resources

import jieba

WORD = re.compile(r"[\w\u4e00-\u9fff]")


def budget_words() -> list[str]:
    text = resources.files("ingest").joinpath("data/budget_words.txt").read_text(encoding="utf-8")
    return [word.strip() for word in text.splitlines() if word.strip()]


def make_tokenizer(names: Iterable[str]) -> jieba.Tokenizer:
    """A tokenizer on the compact dictionary that knows ``names`` and the budget vocabulary."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    dictionary = resources.files("ingest").joinpath("data/jieba_compact.txt")
    with resources.as_file(dictionary) as path:
        tokenizer = jieba.Tokenizer(str(path))
        tokenizer.initialize()
    for word in budget_words():
        tokenizer.add_word(word, freq=2000)
    for name in names:
        name = name.strip()
        if 2 <= len(name) <= 30:
            tokenizer.add_word(name, freq=1000)
    return tokenizer


def search_tokens(tokenizer: jieba.Tokenizer, text: str) -> str:
    """Space-separated words and sub-words of ``text`` for an FTS5 index."""
    words = [word for word in tokenizer.cut_for_search(text) if WORD.search(word)]
    return " ".join(dict.fromkeys(words))
