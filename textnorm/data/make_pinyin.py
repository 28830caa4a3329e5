"""Build pinyin.json, the toneless readings of the GB 2312 characters, used by build_homophones.

Run once when pypinyin is upgraded, then commit the result:

    .venv/bin/python textnorm/data/make_pinyin.py

pypinyin is not imported at ingest time: its import costs ~0.4 s, more than the whole ingest of
a document should take. The file maps each GB 2312 character to its toneless readings, most
common first, joined by commas (``"行": "xing,hang,heng"``).
"""

from __future__ import annotations

import json
import unicodedata
from importlib.metadata import version
from pathlib import Path

from pypinyin.pinyin_dict import pinyin_dict

_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0304\u030c"))


def toneless(reading: str) -> str:
    plain = unicodedata.normalize("NFD", reading).translate(_TONE_MARKS)
    return unicodedata.normalize("NFC", plain)


def build() -> dict[str, str]:
    readings: dict[str, str] = {}
    for code_point, text in sorted(pinyin_dict.items()):
        char = chr(code_point)
        try:
            if len(char.encode("gb2312")) != 2:
                continue
        except UnicodeEncodeError:
            continue
        readings[char] = ",".join(dict.fromkeys(toneless(r) for r in text.split(",")))
    return readings


def main() -> None:
    target = Path(__file__).with_name("pinyin.json")
    data = {"source": f"pypinyin {version('pypinyin')}", "readings": build()}
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":
    main()
