"""Worker processes for parsing, each with its own pipe, that survive one of them being killed.

Why not ``concurrent.futures.ProcessPoolExecutor``: its workers share one call queue and one
result queue, each guarded by a lock between processes. A worker killed while it holds one of
them (the out-of-memory killer, a crash in a PDF library) can leave the other workers, or the
executor's own thread, blocked on it for good; the ingest then hangs instead of reporting the
pool broken (seen on a loaded CI machine; the same family of hangs is reported against
multiprocessing, billiard and pebble pools). Here a worker shares nothing with the others: it
reads one task at a time from its own pipe and answers on it, so a dead worker blocks no one, is
seen from its process sentinel, the one file it held is known exactly, and it is replaced.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.context import SpawnContext, SpawnProcess
from typing import Any, Generic, TypeVar

Result = TypeVar("Result")

IN_FLIGHT = 2  # tasks sent to a worker ahead: it begins the next while the writer stores the last
RETRIES = 1  # a file whose worker died is given to a fresh worker once more (the kill may not be its fault)


def parallel(
    work: Callable[..., Result],
    arguments: Sequence[tuple[Any, ...]],
    workers: int,
    order: Iterable[int] | None = None,
) -> Generator[tuple[int, Result | None], None, None]:
    """(index, ``work(*arguments[index])``) for every index, in the order they finish, computed in
    ``workers`` processes (module-level ``work``: they are spawned); ``None`` for a file whose worker
    died on it twice. Closing the generator (an error, Ctrl-C) terminates the workers."""
    queue = deque(range(len(arguments)) if order is None else order)
    context = multiprocessing.get_context("spawn")
    pool = [_Worker(context, work) for _ in range(max(1, min(workers, len(queue))))]
    deaths: Counter[int] = Counter()
    try:
        while True:
            for number, worker in enumerate(pool):
                while len(worker.tasks) < IN_FLIGHT and queue:
                    if worker.give(queue[0], arguments[queue[0]]):
                        queue.popleft()
                    elif worker.tasks:  # it died: seen below, with the task it held
                        break
                    else:  # died while idle
                        worker.stop()
                        pool[number] = worker = _Worker(context, work)
            busy = [worker for worker in pool if worker.tasks]
            if not busy:
                return
            ready = set(wait([w.connection for w in busy] + [w.process.sentinel for w in busy]))
            for number, worker in enumerate(pool):
                if not worker.tasks or not ready & {worker.connection, worker.process.sentinel}:
                    continue
                try:
                    result: Result = worker.connection.recv()
                except (EOFError, OSError):  # died: on its first task; the others were not begun
                    worker.stop()
                    pool[number] = _Worker(context, work)
                    index = worker.tasks.popleft()
                    queue.extendleft(reversed(worker.tasks))
                    deaths[index] += 1
                    if deaths[index] > RETRIES:
                        yield index, None
                    else:
                        queue.appendleft(index)
                    continue
                index = worker.tasks.popleft()
                if queue and worker.give(queue[0], arguments[queue[0]]):  # busy while this one is stored
                    queue.popleft()
                yield index, result
    finally:
        for worker in pool:
            worker.stop()


class _Worker(Generic[Result]):
    """One spawned process and this side of its pipe; ``tasks``: the indexes sent to it and not yet
    answered, in order (it works on the first; the others wait in its pipe)."""

    def __init__(self, context: SpawnContext, work: Callable[..., Result]) -> None:
        self.connection, theirs = context.Pipe()
        self.process: SpawnProcess = context.Process(target=_serve, args=(theirs, work), daemon=True)
        self.process.start()
        theirs.close()
        self.tasks: deque[int] = deque()

    def give(self, index: int, arguments: tuple[Any, ...]) -> bool:
        """Send it a task; False if it has died (the task is not taken: its death is seen next)."""
        try:
            self.connection.send(arguments)
        except OSError:
            return False
        self.tasks.append(index)
        return True

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=5)
        self.connection.close()


def _serve(connection: Connection, work: Callable[..., Any]) -> None:
    """The worker's loop: a task in, its result out, until the pipe closes."""
    _ignore_interrupts()
    while True:
        try:
            arguments = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(work(*arguments))


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which rolls back and terminates them; on Linux a
    worker also gets SIGTERM the moment the main process dies (killed with SIGKILL, it cannot
    terminate them), instead of parsing on until its file is done."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1  # noqa: N806 - the name in <sys/prctl.h>
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
