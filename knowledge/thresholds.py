"""Every matching threshold of the engine, in one place, each with the reason it has its value.

Names typed in a question are matched against stored names in three ways:
exactly (the longest stored names the canonical question contains), by shared
character pairs (``FUZZY_THRESHOLD``: paraphrases and word order), and by shared
rare characters (``CHAR_THRESHOLD``: typos that survive homophone correction).
Bodies are matched by rapidfuzz when no body name is typed in full
(``BODY_SCORE_CUTOFF``).
"""

from __future__ import annotations

# Share of the question's character pairs a stored name must hold. Measured on the
# development questions: 0.74 keeps 代表培训的经费 → 代表培训经费 and rejects 会议 → 会议费 alone.
FUZZY_THRESHOLD = 0.74
# Share of the question's rarity-weighted characters a stored name must hold, in any order.
CHAR_THRESHOLD = 0.80

# rapidfuzz fuzz.ratio (0-100) a body-like span of the question must reach against a loaded
# body's name. A name typed with one character left out or changed scores 2(n-1)/(2n-1):
# 94.7 for a ten-character name, 88.9 for a five-character one; two different departments
# of one county (泽州县教育局 / 泽州县财政局) score 66.7. 85 takes the first and not the second.
BODY_SCORE_CUTOFF = 85.0
# At most this many candidate bodies are offered when a question's body is ambiguous.
BODY_CANDIDATES = 8
