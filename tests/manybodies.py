"""Many bodies from one document: the reference disclosure renamed (body and year), for tests and bench.

Only the body's full name and the budget year change; every other word and figure stays
as published. Generated into a temporary directory, never committed.
"""

from __future__ import annotations

from pathlib import Path

REFERENCE = Path(__file__).resolve().parent / "data" / "zezhou_npc_office_2024_budget.txt"
BODY = "泽州县人民代表大会常务委员会办公室"
YEAR = 2024
COUNTIES = ("阳城县", "沁水县", "高平市", "陵川县", "泽州县", "阳泉市城区", "平定县", "盂县")
DEPARTMENTS = ("教育局", "财政局", "人民代表大会常务委员会办公室")


def renamed(text: str, body: str, year: int) -> str:
    """The reference text with ``body`` and ``year`` in place of its own (the previous year shifts too)."""
    text = text.replace(BODY, body)
    return text.replace(f"{YEAR - 1}年", f"{year - 1}年").replace(str(YEAR), str(year))


def write_documents(directory: Path, bodies: list[str], years: list[int]) -> list[Path]:
    """One file per body and year, named so that the file name says nothing the text does not."""
    text = REFERENCE.read_text(encoding="utf-8")
    paths = []
    for index, body in enumerate(bodies):
        for year in years:
            path = directory / f"doc{index:05d}_{year}.txt"
            path.write_text(renamed(text, body, year), encoding="utf-8")
            paths.append(path)
    return paths


def bodies(count: int) -> list[str]:
    """``count`` distinct bodies: every county × every department, then numbered districts."""
    names = [county + department for department in DEPARTMENTS for county in COUNTIES]
    number = 1
    while len(names) < count:
        names += [f"第{number}区{department}" for department in DEPARTMENTS]
        number += 1
    return names[:count]
