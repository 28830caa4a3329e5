"""`make bench-scale`: speed and memory at 100 to 10,000 documents, printed (never asserted).

    python -m tests.bench_scale                                   # 10,000 documents
    python -m tests.bench_scale --sizes 100 --workdir /tmp/bq     # keep documents and databases
    python -m tests.bench_scale --sizes 100 --workdir /tmp/bq --skip-ingest   # query side only

The documents are the bundled reference document with its body and year renamed: the cover
line, every 部门名称：label, the table rows and the narrative name the body by its full name
(泽州县人民代表大会常务委员会办公室; one label drops 办公室), and its county (泽州县 / 泽州)
appears in sheet headings; 2024 is the year of the cover and the tables, 2023 and 2025 the years
around it. A generated document replaces each, and shifts every year by the same amount, so
阳城县教育局 2023 has 2022 as its previous year. Bodies are county-level names (counties ×
departments, shuffled), each with a family of three years (2023, 2024, 2025). Every figure and
other word stays the reference's. The documents are written at bench time, never committed.

For each size: ingest time (`budgetqa ingest --jobs 2`), time to add one more document,
database size, cold `budgetqa ask` (median of 3) with the process's own peak RSS, and warm
p50/p99 over 1,000 questions naming bodies in one process (`Engine.open`), for (a) a deputy's
session over a working set of 20 bodies and (b) every question about a different document.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.engine import Conversation, Engine

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests" / "data" / "zezhou_npc_office_2024_budget.txt"
BUDGETQA = str(Path(sys.executable).with_name("budgetqa"))
REFERENCE_BODY = "泽州县人民代表大会常务委员会办公室"
REFERENCE_LABEL = "泽州县人民代表大会常务委员会"  # the one 部门名称：label without 办公室
REFERENCE_COUNTY = "泽州县"
REFERENCE_YEAR = 2024
YEARS = (2023, 2024, 2025)
# a year standing alone (2023年, (2023)96号), not a digit run such as the date stamp 20231225165657
YEAR = re.compile(r"(?<!\d)20[12]\d(?!\d)")
# county-level divisions of Shanxi (泽州县 → 阳城县, and its short name 泽州 → 阳城)
COUNTIES = (
    "阳城县 沁水县 陵川县 高平市 襄垣县 屯留区 平顺县 黎城县 壶关县 长子县 武乡县 沁源县 潞城区 上党区 "
    "清徐县 阳曲县 娄烦县 古交市 小店区 迎泽区 晋源区 阳高县 天镇县 广灵县 灵丘县 浑源县 左云县 云冈区 "
    "山阴县 右玉县 怀仁市 朔城区 平鲁区 定襄县 五台县 繁峙县 宁武县 静乐县 神池县 五寨县 岢岚县 河曲县 "
    "保德县 偏关县 原平市 忻府区 榆次区 太谷区 榆社县 左权县 和顺县 昔阳县 寿阳县 平遥县 灵石县 介休市 "
    "尧都区 曲沃县 翼城县 襄汾县 洪洞县 安泽县 浮山县 乡宁县 大宁县 永和县 汾西县 侯马市 霍州市 盐湖区 "
    "临猗县 万荣县 闻喜县 稷山县 新绛县 垣曲县 平陆县 芮城县 永济市 河津市 离石区 文水县 交城县 柳林县 "
    "石楼县 方山县 中阳县 交口县 孝义市 汾阳市 平定县 杏花岭区 万柏林区 尖草坪区 新荣区 平城区 云州区 潞州区 "
    "代县 岚县"
).split()
DEPARTMENTS = (
    "人民代表大会常务委员会办公室 人民政府办公室 教育局 财政局 公安局 民政局 司法局 人力资源和社会保障局 "
    "自然资源局 住房和城乡建设局 交通运输局 水利局 农业农村局 商务局 文化和旅游局 卫生健康局 "
    "退役军人事务局 应急管理局 审计局 市场监督管理局 统计局 医疗保障局 林业局 行政审批服务管理局 "
    "发展和改革局 工业和信息化局 科学技术局 能源局 信访局 档案馆 融媒体中心 人民法院 人民检察院 "
    "妇女联合会 总工会 残疾人联合会 科学技术协会 机关事务服务中心 疾病预防控制中心 图书馆"
).split()
WORKING_SET = 20  # bodies a deputy asks about in one session
QUESTIONS = 1000
COLD_QUESTION = "{body}{year}年代表培训经费多少"

# Questions that name a body (and usually a year); {item}/{other} are row and project names.
NAMED = (
    "{body}{year}年{item}多少",
    "{body}{year}年{item}是多少钱",
    "请问{body}{year}年{item}大概多少钱呀",
    "{body}{year}年{item}占比多少",
    "{body}{year}年基本支出占比多少",
    "{body}{year}年{item}和{other}一共多少",
    "{body}{year}年{item}比{other}多多少",
    "{body}{year}年{item}比上年增加多少",
    "{body}{year}年哪个项目最贵",
    "{body}{year}年超过20万元的项目有哪些",
    "{body}{year}年一共有多少个项目",
    "{body}{item}{first}年到{year}年增加了多少",
    "{body}{item}多少",
)
# Turns that lean on the conversation (the body and year of the turn before), or switch body.
FOLLOW_UPS = (
    "那{item}呢",
    "{year}年呢",
    "占比多少",
    "比上年增加多少",
    "那{body}呢",
    "{item}和{other}一共多少",
)
ENUMERATED = re.compile(r"^[一二三四五六七八九十]+、|^[(（①-⑳]")


class BenchError(Exception):
    """A step of the benchmark could not run (the message says which and why)."""


@dataclass(frozen=True, slots=True)
class Spec:
    """One generated document: a county body and a year."""

    county: str
    department: str
    year: int

    @property
    def body(self) -> str:
        return self.county + self.department


@dataclass(frozen=True, slots=True)
class Cold:
    """A fresh `budgetqa ask` process: median wall seconds and its own peak RSS in MB."""

    wall: float
    peak_mb: float


@dataclass(frozen=True, slots=True)
class Warm:
    """Per-question milliseconds in one process, and how many answers carried a figure."""

    p50: float
    p99: float
    mean: float
    with_figure: float  # share of answers with a value
    errors: int = 0  # questions the engine raised on
    first_error: str = ""
    other_body: int = 0  # answers citing a document of another body than the one asked about
    first_other: str = ""


@dataclass(frozen=True, slots=True)
class Figure:
    """One printed figure and its target (empty when the issue sets none)."""

    documents: str
    name: str
    value: float | None
    unit: str
    target: float | None = None

    def row(self) -> tuple[str, str, str, str, str]:
        shown = "—" if self.value is None else f"{self.value:.3g} {self.unit}"
        if self.value is not None and self.value >= 100:
            shown = f"{self.value:.0f} {self.unit}"
        target = "" if self.target is None else f"< {self.target:g} {self.unit}"
        verdict = ""
        if self.target is not None and self.value is not None:
            verdict = "meets" if self.value < self.target else "MISSES"
        return self.documents, self.name, shown, target, verdict


# Targets of issue 8 by size (figure name → limit); sizes not listed print without a target.
TARGETS: dict[int, dict[str, float]] = {
    1000: {
        "ingest": 100,
        "add one document": 2,
        "cold ask": 0.5,
        "cold ask peak RSS": 150,
        "warm p50 (a) working set": 3,
        "warm p99 (a) working set": 10,
        "warm p50 (b) each a new document": 3,
        "warm p99 (b) each a new document": 10,
    },
    10000: {
        "cold ask": 1,
        "cold ask peak RSS": 300,
        "warm p99 (a) working set": 30,
        "warm p99 (b) each a new document": 30,
    },
}
REFERENCE_TARGETS = {"cold ask": 0.3, "warm p50": 1}


def corpus(count: int, seed: int = 8) -> list[Spec]:
    """The first ``count`` documents: shuffled county bodies, each with its family of years."""
    pairs = [(county, department) for county in COUNTIES for department in DEPARTMENTS]
    random.Random(seed).shuffle(pairs)
    specs = [Spec(county, department, year) for county, department in pairs for year in YEARS]
    if count > len(specs):
        raise BenchError(f"at most {len(specs)} documents can be generated, not {count}")
    return specs[:count]


def rename(text: str, spec: Spec) -> str:
    """The reference document as ``spec``'s body would publish it for ``spec.year``."""
    text = text.replace(REFERENCE_BODY, spec.body).replace(REFERENCE_LABEL, spec.body)
    text = text.replace(REFERENCE_COUNTY, spec.county).replace(REFERENCE_COUNTY[:-1], spec.county[:-1])
    shift = spec.year - REFERENCE_YEAR
    return YEAR.sub(lambda match: str(int(match.group()) + shift), text)


def generate(directory: Path, specs: Sequence[Spec]) -> list[str]:
    """Write the documents into ``directory`` (kept when already there); their file names."""
    directory.mkdir(parents=True, exist_ok=True)
    text = REFERENCE.read_text(encoding="utf-8")
    names = []
    for spec in specs:
        name = f"{spec.county}_{DEPARTMENTS.index(spec.department):02d}_{spec.year}.txt"
        path = directory / name
        if not path.exists():
            path.write_text(rename(text, spec), encoding="utf-8")
        names.append(name)
    return names


def accepts_jobs() -> bool:
    """Whether `budgetqa ingest` takes --jobs (added by issue 8)."""
    done = subprocess.run([BUDGETQA, "ingest", "--help"], capture_output=True, text=True, check=False)
    return "--jobs" in done.stdout


def ingest_files(db: Path, directory: Path, names: Sequence[str], jobs: Sequence[str] = ()) -> float:
    """Wall seconds of one `budgetqa ingest` of ``names`` (relative to ``directory``) into ``db``."""
    start = time.perf_counter()
    done = subprocess.run(
        [BUDGETQA, "ingest", "--db", str(db.resolve()), *jobs, *names],
        cwd=directory,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise BenchError(f"budgetqa ingest exited {done.returncode}: {' / '.join(tail)}")
    return seconds


def database_size_mb(db: Path) -> float:
    """The database with its write-ahead log, in MB."""
    files = [db, db.with_name(db.name + "-wal")]
    return sum(path.stat().st_size for path in files if path.exists()) / 1e6


@contextlib.contextmanager
def read_only(db: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def read_back(db: Path, specs: Sequence[Spec]) -> list[str]:
    """What differs between the generated (body, year) pairs and the documents table."""
    with read_only(db) as connection:
        stored = Counter(connection.execute("SELECT body, year FROM documents").fetchall())
    expected = Counter((spec.body, spec.year) for spec in specs)
    missing = [f"missing {body} {year}" for body, year in expected - stored]
    extra = [f"unexpected {body} {year} ×{n}" for (body, year), n in (stored - expected).items()]
    return missing + extra


def families(db: Path) -> dict[str, list[int]]:
    """Each body in the database with its years, read by SQL."""
    out: dict[str, list[int]] = {}
    with read_only(db) as connection:
        for body, year in connection.execute("SELECT body, year FROM documents ORDER BY body, year"):
            out.setdefault(body, []).append(year)
    return out


def item_names(db: Path) -> list[str]:
    """Row and project names of one document, read by SQL (what questions ask about)."""
    with read_only(db) as connection:
        first, body = connection.execute("SELECT id, body FROM documents ORDER BY id LIMIT 1").fetchone()
        rows = connection.execute(
            "SELECT name FROM rows WHERE document_id = ? UNION SELECT name FROM projects WHERE document_id = ?",
            (first, first),
        ).fetchall()
    names = {
        name
        for (name,) in rows
        if name and 2 <= len(name) <= 16 and not name.isdigit() and not ENUMERATED.match(name)
    }
    return sorted(name for name in names if body not in name and body[:2] not in name)


def session_questions(
    bodies: dict[str, list[int]], items: Sequence[str], count: int, seed: int = 7
) -> list[tuple[str, bool, str]]:
    """(a) A deputy's sessions over a working set of bodies: (question, starts a conversation, the body
    the conversation is about)."""
    rng = random.Random(seed)
    working = rng.sample(sorted(bodies), min(WORKING_SET, len(bodies)))
    out: list[tuple[str, bool, str]] = []
    while len(out) < count:
        body = rng.choice(working)
        for turn in range(5):
            if turn and rng.random() < 0.5:
                template = rng.choice(FOLLOW_UPS)
                other = rng.choice(working)
            else:
                template = rng.choice(NAMED)
                other = body
            if "{body}" in template:
                body = other  # a follow-up naming a body switches the conversation to it
            out.append((_fill(template, other, bodies[other], items, rng), turn == 0, body))
    return out[:count]


def spread_questions(
    bodies: dict[str, list[int]], items: Sequence[str], count: int, seed: int = 9
) -> list[tuple[str, bool, str]]:
    """(b) Every question about a different document (cycling when there are fewer than ``count``)."""
    rng = random.Random(seed)
    documents = [(body, year) for body, years in bodies.items() for year in years]
    rng.shuffle(documents)
    named = [template for template in NAMED if "{year}" in template]
    out = []
    for index in range(count):
        body, year = documents[index % len(documents)]
        out.append((_fill(rng.choice(named), body, [year], items, rng), True, body))
    return out


def _fill(template: str, body: str, years: Sequence[int], items: Sequence[str], rng: random.Random) -> str:
    return template.format(
        body=body,
        year=rng.choice(years),
        first=min(years),
        item=rng.choice(items),
        other=rng.choice(items),
    )


def latency(engine: Engine, items: Sequence[tuple[str, bool, str]]) -> Warm:
    """Per-question milliseconds of ``engine.ask``; a new conversation where an item says so.

    A question the engine fails on is timed too, counted and its first error kept, so that one
    engine bug prints as a figure instead of ending the benchmark."""
    timings = []
    figures = 0
    errors: list[str] = []
    others: list[str] = []
    conversation = Conversation()
    for question, fresh, body in items:
        if fresh:
            conversation = Conversation()
        start = time.perf_counter()
        try:
            answer = engine.ask(question, conversation)
        except Exception as error:  # noqa: BLE001 - reported below with the question
            errors.append(f"{question}: {type(error).__name__} {error}")
            conversation = Conversation()
            answer = None
        timings.append((time.perf_counter() - start) * 1000)
        figures += getattr(answer, "value", None) is not None
        # the body asked about (when the item knows it): every cited document must be its own
        cited = [source.document for source in answer.sources] if answer is not None and body else []
        if any(not document.startswith(body) for document in cited):
            others.append(f"{question} → {cited[0]}")
    timings.sort()
    p99 = timings[max(0, int(len(timings) * 0.99) - 1)]
    return Warm(
        statistics.median(timings),
        p99,
        statistics.fmean(timings),
        figures / len(timings),
        len(errors),
        errors[0] if errors else "",
        len(others),
        others[0] if others else "",
    )


# Runs the command given as arguments and prints its wall seconds and peak RSS (KB). Run as a
# fresh wrapper each time: RUSAGE_CHILDREN is the maximum over every child a process has had.
OWN_PEAK = (
    "import resource, subprocess, sys, time; start = time.perf_counter(); "
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def cold_ask(db: Path, question: str, runs: int = 3) -> Cold:
    """A fresh `budgetqa ask` process: median wall time of ``runs``, the highest peak RSS."""
    walls, peaks = [], []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", OWN_PEAK, BUDGETQA, "ask", "--db", str(db), question],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise BenchError(f"budgetqa ask failed: {done.stderr.strip().splitlines()[-1:]}")
        wall, peak = done.stdout.split()
        walls.append(float(wall))
        peaks.append(int(peak) / 1024)
    return Cold(statistics.median(walls), max(peaks))


def warm(db: Path, count: int = QUESTIONS) -> tuple[Warm, Warm, int, float]:
    """(a) and (b) latencies over ``count`` questions each, the distinct documents of (b), open seconds."""
    bodies = families(db)
    items = item_names(db)
    start = time.perf_counter()
    engine = Engine.open(db)
    opened = time.perf_counter() - start
    session = session_questions(bodies, items, count + 50)
    latency(engine, session[:50])  # warm-up: imports, tokenizer, first look-ups
    working = latency(engine, session[50:])
    spread = latency(engine, spread_questions(bodies, items, count))
    documents = min(count, sum(len(years) for years in bodies.values()))
    return working, spread, documents, opened


def bench_size(count: int, workdir: Path, *, skip_ingest: bool, questions: int = QUESTIONS) -> list[Figure]:
    """Every figure at ``count`` generated documents, printed as it is measured."""
    label = f"{count:,}"
    specs = corpus(count + 1)
    specs, extra = specs[:count], specs[count]
    db = workdir / f"generated-{count}.db"
    docs = workdir / "documents"
    figures: list[Figure] = []
    print(f"\n== {label} generated documents ({len({spec.body for spec in specs})} bodies) ==")
    if skip_ingest:
        if not db.exists():
            raise BenchError(f"{db} does not exist: run once without --skip-ingest to build it")
        print(f"ingest skipped: reusing {db}")
    else:
        start = time.perf_counter()
        names = generate(docs, [*specs, extra])
        print(f"generate documents: {time.perf_counter() - start:.1f} s into {docs}")
        for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            path.unlink(missing_ok=True)
        jobs = ["--jobs", "2"] if accepts_jobs() else []
        if not jobs:
            print("`budgetqa ingest` does not accept --jobs yet: ingesting without it")
        seconds = ingest_files(db, docs, names[:count], jobs)
        print(f"ingest {label} documents ({' '.join(jobs) or 'no --jobs'}): {seconds:.1f} s")
        figures.append(Figure(label, "ingest", seconds, "s"))
        problems = read_back(db, specs)
        print(
            f"read back: {count - len([p for p in problems if p.startswith('missing')])} of {count} "
            "documents with the generated body and year"
            + ("" if not problems else " · " + " · ".join(problems[:5]))
        )
        size = database_size_mb(db)
        print(f"database size: {size:.0f} MB")
        figures.append(Figure(label, "database size", size, "MB"))
        seconds = ingest_files(db, docs, names[count:])
        print(f"add one document ({extra.body} {extra.year}): {seconds:.2f} s")
        figures.append(Figure(label, "add one document", seconds, "s"))
    question = COLD_QUESTION.format(body=specs[-1].body, year=specs[-1].year)
    cold = cold_ask(db, question)
    print(f"cold `budgetqa ask {question}`: {cold.wall:.3f} s (median of 3) · peak RSS {cold.peak_mb:.0f} MB")
    figures.append(Figure(label, "cold ask", cold.wall, "s"))
    figures.append(Figure(label, "cold ask peak RSS", cold.peak_mb, "MB"))
    working, spread, documents, opened = warm(db, questions)
    print(f"Engine.open: {opened:.2f} s")
    for name, result, what in (
        ("(a) working set", working, f"{WORKING_SET} bodies, sessions of 5 turns with follow-ups"),
        ("(b) each a new document", spread, f"{documents:,} distinct documents"),
    ):
        print(
            f"warm {name} ({what}), {questions:,} questions: p50 {result.p50:.2f} ms · "
            f"p99 {result.p99:.2f} ms · mean {result.mean:.2f} ms · {result.with_figure:.0%} with a figure"
            + (f" · {result.errors} raised, first: {result.first_error}" if result.errors else "")
            + f" · {result.other_body} cited another body's document"
            + (f", first: {result.first_other}" if result.other_body else "")
        )
        figures.append(Figure(label, f"warm p50 {name}", result.p50, "ms"))
        figures.append(Figure(label, f"warm p99 {name}", result.p99, "ms"))
    targets = TARGETS.get(count, {})
    return [
        Figure(figure.documents, figure.name, figure.value, figure.unit, targets.get(figure.name))
        for figure in figures
    ]


def bench_sizes(
    sizes: Sequence[int], workdir: Path | None, *, skip_ingest: bool, questions: int = QUESTIONS
) -> list[Figure]:
    """Figures for each size; documents and databases in ``workdir``, else in a temporary one."""
    with contextlib.ExitStack() as stack:
        if workdir is None:
            if skip_ingest:
                raise BenchError("--skip-ingest needs --workdir, the directory of an earlier run")
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="budgetqa-bench-")))
        workdir.mkdir(parents=True, exist_ok=True)
        figures: list[Figure] = []
        for size in sizes:
            try:
                figures += bench_size(size, workdir, skip_ingest=skip_ingest, questions=questions)
            except BenchError as error:
                print(f"{size:,} documents: stopped: {error}")
        return figures


def print_table(figures: Sequence[Figure]) -> None:
    """The figures with the issue's targets beside them."""
    header = ("documents", "figure", "measured", "target", "")
    rows = [header, *(figure.row() for figure in figures)]
    widths = [max(_width(row[column]) for row in rows) for column in range(len(header))]
    print()
    for row in rows:
        print("  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)))


def _width(text: str) -> int:
    """Terminal columns of ``text`` (a CJK character takes two)."""
    return sum(2 if "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" else 1 for char in text)


def parse_sizes(text: str) -> list[int]:
    return [int(part.replace("_", "").replace(",", "")) for part in text.split(",") if part.strip()]


def add_arguments(parser: argparse.ArgumentParser, default_sizes: str) -> None:
    parser.add_argument(
        "--sizes",
        default=default_sizes,
        help=f"comma-separated numbers of generated documents (default {default_sizes}; '' for none)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the generated documents and databases here (default: a temporary directory)",
    )
    parser.add_argument(
        "--skip-ingest",
        action="store_true",
        help="reuse the databases an earlier run left in --workdir; measure the query side only",
    )
    parser.add_argument("--questions", type=int, default=QUESTIONS, help="warm questions per figure")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_arguments(parser, "10000")
    args = parser.parse_args()
    figures = bench_sizes(
        parse_sizes(args.sizes), args.workdir, skip_ingest=args.skip_ingest, questions=args.questions
    )
    print_table(figures)
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
