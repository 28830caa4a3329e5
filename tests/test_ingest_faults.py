"""Ingest faults as a user meets them, with real processes: two ingests at once, and a killed one.

Two `budgetqa ingest` processes writing one database serialise on SQLite's write lock (the
second waits for the first's transaction): both succeed and every document of both is stored.
An ingest killed while its workers parse (SIGKILL, SIGTERM or Ctrl-C) leaves no worker
process behind and the database as it was; a worker killed under a running ingest (the
out-of-memory killer) does not hang it: the file it held is parsed again by a fresh worker.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from manybodies import write_documents

ROOT = Path(__file__).resolve().parents[1]
BUDGETQA = [sys.executable, "-m", "bot.cli"]


def ingest_process(db: Path, files: list[Path], jobs: int = 2) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*BUDGETQA, "ingest", "--db", str(db), "--jobs", str(jobs), *map(str, files)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as from a terminal, even when these tests run as a background job (whose shell
        # ignores SIGINT, and a process inherits that: the ingest would then rightly carry on)
        preexec_fn=_default_interrupt,
    )


def _default_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def finish(process: subprocess.Popen[str], timeout: float) -> tuple[str, str]:
    """``process.communicate``; a process still running after ``timeout`` is killed (its workers
    follow it) and its pipes closed before the failure is reported."""
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise


def bodies(db: Path) -> set[str]:
    with sqlite3.connect(db) as connection:
        return {body for (body,) in connection.execute("SELECT body FROM documents")}


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def workers_of(pid: int) -> set[int]:
    """The parsing workers among ``pid``'s children (not multiprocessing's resource tracker)."""
    found = set()
    for child in children(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command:
            found.add(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_two_ingests_at_once_both_store_everything(tmp_path: Path) -> None:
    first = write_documents(tmp_path, ["阳城县教育局", "沁水县教育局"], [2024])
    second = write_documents(tmp_path, ["高平市财政局", "陵川县财政局"], [2023])
    db = tmp_path / "shared.db"
    processes = [ingest_process(db, first), ingest_process(db, second)]
    results = [finish(process, 300) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], results
    assert bodies(db) == {"阳城县教育局", "沁水县教育局", "高平市财政局", "陵川县财政局"}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=["kill", "term", "int"])
def test_a_killed_ingest_leaves_no_worker_and_the_database_as_it_was(
    tmp_path: Path, how: signal.Signals
) -> None:
    db = tmp_path / "b.db"
    [one] = write_documents(tmp_path, ["阳城县教育局"], [2024])
    setup = ingest_process(db, [one], jobs=1)
    finish(setup, 120)
    assert setup.returncode == 0
    # enough documents that the run is still parsing when the signal comes (~50 ms each on 2 cores)
    files = write_documents(tmp_path, [f"第{n}区教育局" for n in range(200)], [2024])
    process = ingest_process(db, files)
    deadline = time.monotonic() + 60
    while len(children(process.pid)) < 2 and time.monotonic() < deadline:  # the workers have started
        time.sleep(0.05)
    workers = children(process.pid)
    assert len(workers) >= 2
    time.sleep(1.0)  # parsing and storing are under way
    os.kill(process.pid, how)
    finish(process, 60)
    deadline = time.monotonic() + 20
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)
    assert bodies(db) == {"阳城县教育局"}  # the killed run's transaction never committed
    assert sorted(
        path.name for path in tmp_path.glob("b.db*") if path.name not in ("b.db-wal", "b.db-shm")
    ) == ["b.db"]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_a_worker_killed_mid_parse_does_not_hang_the_ingest(tmp_path: Path) -> None:
    files = write_documents(tmp_path, [f"第{n}区财政局" for n in range(30)], [2024])
    db = tmp_path / "b.db"
    process = ingest_process(db, files)
    deadline = time.monotonic() + 60
    while not workers_of(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)
    os.kill(min(workers_of(process.pid)), signal.SIGKILL)  # as the out-of-memory killer would
    _, err = finish(process, 300)  # the file it held is parsed again by a fresh worker
    assert process.returncode == 0, err
    assert len(bodies(db)) == 30
