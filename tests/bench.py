"""`make bench`: speed and memory figures, printed (never asserted in tests).

    python -m tests.bench                     # everything, generated corpora of 100 and 1,000
    python -m tests.bench --quick             # skip the real-document set and the bot
    python -m tests.bench --quick --sizes 100 --workdir /tmp/bq               # keep the corpus
    python -m tests.bench --quick --sizes 100 --workdir /tmp/bq --skip-ingest  # query side again

Prints: ingest time of the reference document and the database size; warm
per-question latency (p50/p99) over 1,000 varied questions in one process;
cold `budgetqa ask` wall time and peak memory; ingest time of every file in
tests/data/real and warm latency with all of them loaded; the development corpus
(reference, real/ and ../shared/docs/corpus when present) ingested with --jobs 2; the figures of
tests/bench_scale.py on documents generated from the reference (100 and 1,000
by default); bot throughput without and with injected faults; then a table of the figures beside issue 8's targets.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingest.pipeline import ingest
from knowledge.engine import Engine
from tests.bench_scale import (
    BUDGETQA,
    REFERENCE_TARGETS,
    BenchError,
    Figure,
    add_arguments,
    bench_sizes,
    cold_ask,
    item_names,
    latency,
    parse_sizes,
    print_table,
)

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests" / "data" / "zezhou_npc_office_2024_budget.txt"
REAL = ROOT / "tests" / "data" / "real"  # the published documents the tests use (committed)
CORPUS = ROOT.parent / "shared" / "docs" / "corpus"  # the development corpus beside the clone, when present
CORPUS_TARGET = 180  # issue 9: the whole development corpus in under 3 minutes on this machine
TEMPLATES = (
    "{name}多少",
    "{name}是多少钱",
    "请问{name}大概多少钱呀",
    "{name}占比多少",
    "{name}是多少元",
    "{name}和{other}一共多少",
    "{name}比{other}多多少",
    "那{name}呢",
    "什么是{name}",
    "{name}比上年增加多少",
    "哪个项目最贵",
    "超过20万元的项目有哪些",
    "一共有多少个项目",
    "帮我写一首诗",
    "{name}什么时候开",
)
COLD_QUESTION = "代表培训经费多少"


def questions(db: Path, count: int, seed: int = 7) -> list[tuple[str, bool, str]]:
    """Deterministic, varied questions built from the row and project names in the database,
    each a conversation of five turns: (question, starts a conversation, "": no body named)."""
    names = item_names(db)
    rng = random.Random(seed)
    out = []
    for index in range(count):
        template = rng.choice(TEMPLATES)
        out.append((template.format(name=rng.choice(names), other=rng.choice(names)), index % 5 == 0, ""))
    return out


def measure(db: Path, label: str) -> tuple[float, float]:
    """Print warm latency over 1,000 questions and the cold start of `budgetqa ask` on ``db``;
    returns the cold wall seconds and the warm p50 in ms."""
    engine = Engine.open(db)
    items = questions(db, 1050)
    latency(engine, items[:50])  # warm-up
    warm = latency(engine, items[50:])
    print(
        f"warm latency, 1,000 questions, {label}: p50 {warm.p50:.2f} ms · p99 {warm.p99:.2f} ms · "
        f"mean {warm.mean:.2f} ms"
        + (f" · {warm.errors} raised, first: {warm.first_error}" if warm.errors else "")
    )
    cold = cold_ask(db, COLD_QUESTION)
    print(
        f"cold `budgetqa ask {COLD_QUESTION}`, {label}: {cold.wall:.3f} s wall (median of 3) · "
        f"peak RSS {cold.peak_mb:.0f} MB"
    )
    return cold.wall, warm.p50


def corpus_ingest(db: Path) -> Figure:
    """The development corpus (reference, real/, ../shared/docs/corpus) by `budgetqa ingest --jobs 2`."""
    files = [
        REFERENCE,
        *sorted(p for folder in (REAL, CORPUS) for p in folder.iterdir() if p.suffix in (".pdf", ".txt")),
    ]
    start = time.perf_counter()
    done = subprocess.run(
        [BUDGETQA, "ingest", "--db", str(db), "--jobs", "2", *map(str, files)], capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    print(
        f"ingest the development corpus ({len(files)} files, --jobs 2): {seconds:.1f} s (exit {done.returncode})"
    )
    return Figure(
        # a run in which a file failed is no measure of the target
        "dev corpus",
        f"ingest {len(files)} files",
        seconds,
        "s",
        CORPUS_TARGET if done.returncode == 0 else None,
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="skip the real-document set and the bot")
    add_arguments(parser, "100,1000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "reference.db"
        start = time.perf_counter()
        ingest(db, [REFERENCE])
        print(f"ingest reference document (first, cold caches): {time.perf_counter() - start:.3f} s")
        start = time.perf_counter()
        ingest(db, [REFERENCE])
        print(f"ingest reference document (again, warm):        {time.perf_counter() - start:.3f} s")
        print(f"database size: {db.stat().st_size / 1024:.0f} KiB")
        fresh = Path(tmp) / "fresh.db"
        start = time.perf_counter()
        subprocess.run(
            [BUDGETQA, "ingest", "--db", str(fresh), str(REFERENCE)], check=True, capture_output=True
        )
        print(
            f"`budgetqa ingest` of the reference document as a fresh process: {time.perf_counter() - start:.3f} s wall"
        )
        cold, p50 = measure(db, "reference only")
        figures = [
            Figure("reference", "cold ask", cold, "s", REFERENCE_TARGETS["cold ask"]),
            Figure("reference", "warm p50", p50, "ms", REFERENCE_TARGETS["warm p50"]),
        ]
        if not args.quick and REAL.is_dir():
            files = sorted(p for p in REAL.iterdir() if p.suffix in (".pdf", ".txt"))
            all_db = Path(tmp) / "all.db"
            start = time.perf_counter()
            ingest(all_db, [REFERENCE, *files])
            print(
                f"ingest all {len(files) + 1} documents (reference + real/): {time.perf_counter() - start:.1f} s"
            )
            measure(all_db, "all documents")
        if not args.quick and CORPUS.is_dir():
            figures.append(corpus_ingest(Path(tmp) / "corpus.db"))
    try:
        figures += bench_sizes(
            parse_sizes(args.sizes), args.workdir, skip_ingest=args.skip_ingest, questions=args.questions
        )
    except BenchError as error:
        print(f"generated documents: {error}")
    if not args.quick:
        try:
            from tests.bench_bot import bench_bot
        except ImportError:
            bench_bot = None
        if bench_bot is not None:
            for faults in (False, True):
                throughput = bench_bot(faults=faults)
                print("bot: " + " · ".join(f"{key} {value:.1f}" for key, value in throughput.items()))
    print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
