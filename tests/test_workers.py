"""The parsing pool (ingest.workers): every task answered once, a worker's death costs only its task."""

from __future__ import annotations

import os
import time

import pytest

from ingest.workers import RETRIES, parallel


def square_or_die(number: int, marker: str) -> int:
    """Dies (as if killed) on 13; on 7, only the first time (``marker`` records that it did)."""
    if number == 13:
        os._exit(9)
    if number == 7 and not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(9)
    return number * number


def pid_after(delay: float) -> int:
    time.sleep(delay)
    return os.getpid()


def test_every_task_answered_once_and_only_the_fatal_one_lost(tmp_path) -> None:
    marker = str(tmp_path / "seven")
    results = dict(parallel(square_or_die, [(n, marker) for n in range(20)], workers=3))
    assert sorted(results) == list(range(20))
    assert results[13] is None  # its worker died on it 1 + RETRIES times
    assert RETRIES == 1 and results[7] == 49  # died once, answered by a fresh worker
    assert all(results[n] == n * n for n in range(20) if n != 13)


def test_order_is_respected_and_closing_terminates_the_workers() -> None:
    run = parallel(pid_after, [(0.0,), (30.0,), (30.0,)], workers=2, order=[0, 1, 2])
    index, pid = next(run)
    assert index == 0
    run.close()  # the two 30-second tasks are not waited for: their workers are terminated
    with pytest.raises(ProcessLookupError):  # terminated and reaped
        os.kill(pid, 0)
