"""`make bench`: speed and memory figures, printed (never asserted in tests).

    python -m tests.bench            # everything
    python -m tests.bench --quick    # skip the real-document set and the bot

Prints: ingest time of the reference document and the database size; warm
per-question latency (p50/p99) over 1,000 varied questions in one process;
cold `budgetqa ask` wall time and peak memory; ingest time of every file in
../shared/docs/real and warm latency with all of them loaded; bot throughput.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingest.pipeline import ingest
from knowledge.engine import Conversation, Engine

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests" / "data" / "zezhou_npc_office_2024_budget.txt"
REAL = ROOT.parent / "shared" / "docs" / "real"
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


def questions(engine: Engine, count: int, seed: int = 7) -> list[str]:
    """Deterministic, varied questions built from the names in the database."""
    names = sorted({alias for alias in engine.catalogue.by_alias if not alias.isdigit()})
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        template = rng.choice(TEMPLATES)
        out.append(template.format(name=rng.choice(names), other=rng.choice(names)))
    return out


def latency(engine: Engine, items: list[str]) -> tuple[float, float, float]:
    timings = []
    conversation = Conversation()
    for index, question in enumerate(items):
        if index % 5 == 0:
            conversation = Conversation()
        start = time.perf_counter()
        engine.ask(question, conversation)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p99 = timings[int(len(timings) * 0.99) - 1]
    return p50, p99, statistics.fmean(timings)


COLD = [str(Path(sys.executable).with_name("budgetqa")), "ask"]
# The same command in-process, then the process's own high-water mark (VmHWM counts only this
# process's memory since exec; getrusage of children would include the forking parent's).
PEAK = (
    "import sys; from bot.cli import main; main(sys.argv[1:]); "
    "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1], file=sys.stderr)"
)


def cold_ask(db: Path) -> tuple[float, float]:
    """Wall seconds of a fresh `budgetqa ask` process (best of 5) and its peak memory in MB."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(COLD + ["--db", str(db), "代表培训经费多少"], check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    done = subprocess.run(
        [sys.executable, "-c", PEAK, "ask", "--db", str(db), "代表培训经费多少"],
        check=True,
        capture_output=True,
        text=True,
    )
    peak = int(done.stderr.strip().splitlines()[-1]) / 1024
    return best, peak


def measure(db: Path, label: str) -> None:
    """Print warm latency over 1,000 questions and the cold start of `budgetqa ask` on ``db``."""
    engine = Engine.open(db)
    items = questions(engine, 1000)
    latency(engine, items[:50])  # warm-up
    p50, p99, mean = latency(engine, items)
    print(f"warm latency, 1,000 questions, {label}: p50 {p50:.2f} ms · p99 {p99:.2f} ms · mean {mean:.2f} ms")
    wall, peak = cold_ask(db)
    print(
        f"cold `budgetqa ask 代表培训经费多少`, {label}: {wall:.3f} s wall (best of 5) · peak RSS {peak:.0f} MB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
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
            [COLD[0], "ingest", "--db", str(fresh), str(REFERENCE)], check=True, capture_output=True
        )
        print(
            f"`budgetqa ingest` of the reference document as a fresh process: {time.perf_counter() - start:.3f} s wall"
        )
        measure(db, "reference only")
        if not args.quick and REAL.is_dir():
            files = sorted(p for p in REAL.iterdir() if p.suffix in (".pdf", ".txt"))
            all_db = Path(tmp) / "all.db"
            start = time.perf_counter()
            ingest(all_db, [REFERENCE, *files])
            print(
                f"ingest all {len(files) + 1} documents (reference + real/): {time.perf_counter() - start:.1f} s"
            )
            measure(all_db, "all documents")
        if not args.quick:
            try:
                from tests.bench_bot import bench_bot
            except ImportError:
                return 0
            figures = bench_bot()
            print("bot: " + " · ".join(f"{key} {value:.1f}" for key, value in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
