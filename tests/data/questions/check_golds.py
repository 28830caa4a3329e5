#!/usr/bin/env python3
"""Check every numeric gold in the real-document question sets against the documents.

    .venv/bin/python tests/data/questions/check_golds.py [FILE.jsonl ...]

Default files: real_dev.jsonl and real_holdout.jsonl next to this script.

Every question (and every conversation turn) whose `expect` has numeric values ("v") must
carry `evidence`: one entry or a list of entries
    {"file": "real/....pdf", "page": N, "text": "literal substring as printed"}
    {"file": "real/....txt", "page": N, ...}   text files with "===== PAGE n =====" markers
    {"file": "zezhou_...txt", "line": N, ...}  plain text files (line where the literal starts)
Paths are relative to tests/data. Computed answers add `derivation`: a string or a list of
strings "EXPR = RESULT" (e.g. "4545.94 / 13649.07 × 100 = 33.31").

For each item the checker
  1. re-extracts the page (pdfplumber `extract_text`, the same call the documents were read
     with) or the text-file page/line and requires the literal to occur there;
  2. requires every gold value to be either a number printed in an evidence literal or the
     RESULT of a derivation (a negative gold is accepted as the signed form of a printed or
     derived decrease; a gold 0 also by a printed "无/没有/为空" statement);
  3. re-computes each derivation, requires RESULT to equal EXPR rounded to RESULT's decimals,
     and requires every operand (other than the constants 100 and 10000) to be printed in an
     evidence literal;
  4. checks units: a money gold read directly must carry the unit the document states for it
     (the unit right after the number in the literal, else the one money unit word the
     literal itself states, else the nearest "单位：万元/元" or "（元）" heading before it on
     that page or the six pages before); a count gold's unit
     word must follow the number in the literal; a derived money result must share its
     operands' unit; a derived percentage needs operands of one unit;
  5. checks `t` strings of items with evidence occur in an evidence literal, and that the line
     is well-formed for score.py (id, cat, q/expect or turns, expect kinds v/t/none/any).
Exit status 1 if anything fails.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent  # tests/data
MONEY = {"元", "千元", "万元", "亿元"}
PERCENT = {"%", "％", "百分点"}
CONSTANTS = {100.0, 10000.0}
NUM_RE = re.compile(r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
UNIT_HEAD_RE = re.compile(r"单位\s*[:：]\s*(万\s*元|元)|[（(](元)[）)]")

_pdf_cache: dict[str, object] = {}
_page_cache: dict[tuple[str, int], str] = {}
_txt_cache: dict[str, list[tuple[int | None, str]]] = {}


def page_text(rel: str, page: int) -> str | None:
    """Text of page `page` (1-based) of the file, or None if out of range."""
    key = (rel, page)
    if key in _page_cache:
        return _page_cache[key]
    path = DATA / rel
    if rel.endswith(".pdf"):
        import pdfplumber  # the project's venv has it

        pdf = _pdf_cache.get(rel)
        if pdf is None:
            pdf = _pdf_cache[rel] = pdfplumber.open(str(path))
        if not 1 <= page <= len(pdf.pages):
            return None
        p = pdf.pages[page - 1]
        text = p.extract_text() or ""
        p.flush_cache()
    else:
        pages = txt_pages(rel)
        text = next((t for n, t in pages if n == page), None)
    _page_cache[key] = text
    return text


def txt_pages(rel: str) -> list[tuple[int | None, str]]:
    if rel not in _txt_cache:
        text = (DATA / rel).read_text(encoding="utf-8")
        parts = re.split(r"^===== PAGE (\d+) =====\s*$", text, flags=re.M)
        if len(parts) > 1:
            _txt_cache[rel] = [(int(parts[i]), parts[i + 1]) for i in range(1, len(parts), 2)]
        else:
            _txt_cache[rel] = [(None, text)]
    return _txt_cache[rel]


def numbers(text: str) -> list[float]:
    return [float(m.group().replace(",", "")) for m in NUM_RE.finditer(text)]


def same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


class Evidence:
    def __init__(self, raw: dict, errors: list[str]):
        self.raw, self.ok, self.where = raw, False, ""
        rel, text = raw.get("file"), raw.get("text")
        self.rel, self.text = rel, text or ""
        self.nums = numbers(self.text)
        if not rel or not text:
            errors.append(f"evidence entry needs file and text: {raw}")
            return
        if not (DATA / rel).exists():
            errors.append(f"no such file {rel}")
            return
        if "page" in raw:
            body = page_text(rel, int(raw["page"]))
            self.where = f"{rel} p.{raw['page']}"
            if body is None:
                errors.append(f"{self.where}: no such page")
                return
            self.body, self.page = body, int(raw["page"])
        elif "line" in raw:
            pages = txt_pages(rel)
            if len(pages) != 1 or pages[0][0] is not None:
                errors.append(f"{rel}: has page markers, give page not line")
                return
            body = pages[0][1]
            start = int(raw["line"])
            self.where = f"{rel} l.{start}"
            lines = body.split("\n")
            offset = sum(len(x) + 1 for x in lines[: start - 1])
            found = body.find(text, offset)
            if start > len(lines) or found < 0 or found > offset + len(lines[start - 1]):
                errors.append(f"{self.where}: literal does not start on that line: {text!r}")
                return
            self.body, self.page = body, None
        else:
            errors.append(f"evidence needs page or line: {raw}")
            return
        if text not in self.body:
            errors.append(f"{self.where}: literal not found: {text!r}")
            return
        self.ok = True

    def has(self, value: float) -> bool:
        return any(same(n, value) for n in self.nums)

    def unit_of(self, value: float) -> str | None:
        """The unit the document states for `value` printed in this literal."""
        for m in NUM_RE.finditer(self.text):
            if same(float(m.group().replace(",", "")), value):
                after = self.text[m.end() : m.end() + 4].lstrip()
                for u in ("万元", "元", "%", "％"):
                    if after.startswith(u):
                        return u
        # a unit word stated in the literal itself (narratives whose numbers are separate runs)
        words = {"万元" if m.group(1) else "元" for m in re.finditer(r"(万)?元", self.text)}
        if len(words) == 1:
            return words.pop()
        # nearest unit heading before the literal, on this page then up to 6 pages back
        pos = self.body.index(self.text)
        heads = list(UNIT_HEAD_RE.finditer(self.body[:pos]))
        if heads:
            return _unit(heads[-1])
        if self.page is not None:
            for back in range(1, 7):
                prev = page_text(self.rel, self.page - back) if self.page - back >= 1 else None
                if prev:
                    heads = list(UNIT_HEAD_RE.finditer(prev))
                    if heads:
                        return _unit(heads[-1])
        heads = list(UNIT_HEAD_RE.finditer(self.body[pos:]))
        return _unit(heads[0]) if heads else None


def _unit(m: re.Match) -> str:
    g = m.group(1) or m.group(2)
    return "万元" if g.replace(" ", "").startswith("万") else "元"


def parse_derivation(s: str, errors: list[str]) -> tuple[list[float], float] | None:
    if s.count("=") != 1:
        errors.append(f"derivation needs one '=': {s!r}")
        return None
    left, right = (x.strip() for x in s.split("="))
    expr = left.replace("×", "*").replace("÷", "/").replace("－", "-").replace("＋", "+")
    if not re.fullmatch(r"[\d.,\s+\-*/()]+", expr) or not re.fullmatch(r"-?[\d.,]+", right):
        errors.append(f"derivation not arithmetic: {s!r}")
        return None
    value = eval(expr.replace(",", ""), {"__builtins__": {}}, {})  # digits and + - * / ( ) only
    rhs = float(right.replace(",", ""))
    decimals = len(right.split(".")[1]) if "." in right else 0
    if not same(round(value, decimals), rhs):
        errors.append(f"derivation wrong: {left} = {value:.6f}, not {right}")
        return None
    operands = [float(x.replace(",", "")) for x in NUM_RE.findall(expr)]
    return operands, rhs


def check_turn(label: str, t: dict, errors: list[str]) -> bool:
    """Check one question or conversation turn; return True if it had a numeric gold."""
    exp = t.get("expect")
    if not isinstance(t.get("q"), str) or not t["q"].strip():
        errors.append(f"{label}: missing q")
    if not isinstance(exp, dict) or not exp or set(exp) - {"v", "t", "none", "any"}:
        errors.append(f"{label}: bad expect {exp!r}")
        return False
    for w, u in exp.get("v", []):
        if not isinstance(w, (int, float)) or not isinstance(u, str):
            errors.append(f"{label}: bad gold {[w, u]}")
    raw = t.get("evidence")
    entries = [] if raw is None else (raw if isinstance(raw, list) else [raw])
    evs = [Evidence(e, errors) for e in entries]
    evs_ok = [e for e in evs if e.ok]
    for s in exp.get("t", []) if evs_ok else []:
        if not any(s in e.text for e in evs_ok):
            errors.append(f"{label}: t string {s!r} not in any evidence literal")
    golds = exp.get("v", [])
    if not golds:
        if exp.get("none") and entries:
            errors.append(f"{label}: not_found item should not carry evidence")
        return False
    if not entries:
        errors.append(f"{label}: numeric gold without evidence")
        return True
    all_nums = [n for e in evs_ok for n in e.nums]

    derived: dict[float, list[float]] = {}
    ders = t.get("derivation") or []
    for s in [ders] if isinstance(ders, str) else ders:
        parsed = parse_derivation(s, errors)
        if parsed is None:
            continue
        operands, rhs = parsed
        for op in operands:
            if op in CONSTANTS:
                continue
            if not any(same(op, n) for n in all_nums):
                errors.append(f"{label}: operand {op} of {s!r} not printed in the evidence")
        derived[rhs] = [op for op in operands if op not in CONSTANTS]

    def operand_units(ops: list[float]) -> set[str | None]:
        units = set()
        for op in ops:
            holder = next((e for e in evs_ok if e.has(op)), None)
            units.add(holder.unit_of(op) if holder else None)
        return units

    for w, u in golds:
        w = float(w)
        kind = "money" if u in MONEY else "percent" if u in PERCENT else "count"
        d = next((ops for r, ops in derived.items() if same(abs(w), abs(r))), None)
        if d is not None:
            units = operand_units(d)
            if kind == "money" and units != {u}:
                errors.append(f"{label}: derived {w} {u} but operands are in {units}")
            if kind == "percent" and (len(units) != 1 or None in units):
                errors.append(f"{label}: percentage from operands of mixed/unknown units {units}")
            continue
        holder = next((e for e in evs_ok if e.has(abs(w))), None)
        if w == 0 and holder is None:
            holder = next((e for e in evs_ok if re.search(r"无|没有|为空", e.text)), None)
            if holder is None:
                errors.append(f"{label}: gold 0 but no printed 0 or 无/没有 in the evidence")
            continue
        if holder is None:
            errors.append(f"{label}: gold {w} {u} is neither printed in the evidence nor derived")
            continue
        if w < 0 and not re.search(r"减少|下降|减|小于|少", holder.text):
            errors.append(f"{label}: negative gold {w} but the evidence states no decrease")
        if kind == "money":
            got = holder.unit_of(abs(w))
            if got != u:
                errors.append(f"{label}: gold {w} in {u} but the document states {got} ({holder.where})")
        elif kind == "percent":
            got = holder.unit_of(abs(w))
            if got not in PERCENT:
                errors.append(f"{label}: gold {w}% but {abs(w)} is not printed as a percentage")
        else:
            if not re.search(re.escape(f"{abs(w):g}") + r"\s*" + re.escape(u), holder.text):
                errors.append(f"{label}: count {w} {u}: unit word not after the number in the literal")
    return True


def check_file(path: Path) -> tuple[int, int, Counter, list[str]]:
    failures: list[str] = []
    checked = lines = 0
    cats: Counter = Counter()
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        lines += 1
        errors: list[str] = []
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            failures.append(f"{path.name}:{n}: not JSON ({exc})")
            continue
        iid = item.get("id")
        if not iid or iid in seen:
            errors.append(f"missing or duplicate id {iid!r}")
        seen.add(iid)
        if not item.get("cat"):
            errors.append("missing cat")
        if "turns" in item:
            cats["conversation"] += 1
            if item.get("cat") != "conversation" or not item["turns"]:
                errors.append("conversation needs cat 'conversation' and turns")
            for k, t in enumerate(item["turns"], 1):
                checked += check_turn(f"{iid}.{k}", t, errors)
        else:
            cats[item.get("cat", "?")] += 1
            checked += check_turn(str(iid), item, errors)
        status = "ok  " if not errors else "FAIL"
        print(f"{status} {path.name} {iid}")
        for e in errors:
            print(f"       {e}")
            failures.append(f"{path.name} {iid}: {e}")
    return lines, checked, cats, failures


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] or [HERE / "real_dev.jsonl", HERE / "real_holdout.jsonl"]
    all_fail: list[str] = []
    summary = []
    for f in files:
        lines, checked, cats, fails = check_file(f)
        all_fail += fails
        summary.append((f.name, lines, checked, cats, len(fails)))
    print()
    for name, lines, checked, cats, nfail in summary:
        print(f"{name}: {lines} lines, {checked} numeric golds checked, {nfail} failures")
        print("   " + ", ".join(f"{c} {k}" for k, c in sorted(cats.items())))
    print("ALL PASS" if not all_fail else f"{len(all_fail)} FAILURES")
    return 0 if not all_fail else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
