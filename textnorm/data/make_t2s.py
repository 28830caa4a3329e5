"""Build t2s.json, the traditional → simplified character map used by textnorm.normalize.

Run once when zhconv is upgraded, then commit the result:

    .venv/bin/python textnorm/data/make_t2s.py

zhconv itself is not imported at question time: its import alone costs ~200 ms (it pulls in
pkg_resources), so the character-level part of its zh-hans table is frozen here. The file holds
two strings of equal length, ``traditional`` and ``simplified``, read with ``str.maketrans``.
"""

from __future__ import annotations

import json
import unicodedata
from importlib.metadata import version
from pathlib import Path

import zhconv

# CJK Unified Ideographs, extension A, compatibility ideographs, and extensions B–G.
_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))


def build() -> dict[str, str]:
    """Return {traditional char: simplified char} for every single char zhconv changes."""
    mapping: dict[str, str] = {}
    for first, last in _RANGES:
        for code_point in range(first, last + 1):
            char = chr(code_point)
            converted = zhconv.convert(char, "zh-hans")
            if converted != char and len(converted) == 1:
                mapping[char] = converted
    # The map is applied after NFKC, so its keys must be NFKC-stable (compatibility ideographs
    # never reach it) and its values must be final: no chains, nothing NFKC would change again.
    mapping = {k: v for k, v in mapping.items() if unicodedata.normalize("NFKC", k) == k}
    assert all(v not in mapping and unicodedata.normalize("NFKC", v) == v for v in mapping.values())
    return mapping


def main() -> None:
    mapping = build()
    payload = {
        "source": f"zhconv {version('zhconv')} zh-hans, single characters only",
        "traditional": "".join(mapping),
        "simplified": "".join(mapping.values()),
    }
    target = Path(__file__).with_name("t2s.json")
    target.write_text(json.dumps(payload, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(mapping)} characters to {target}")


if __name__ == "__main__":
    main()
