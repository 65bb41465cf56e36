"""Cleaning on every core, in order: a process pool whose results come back in submission order.

Each worker process holds one ``Cleaner`` (inherited or unpickled once, at start), and runs
``work(cleaner, payload)`` for the chunks it is sent. At most ``depth`` chunks are in flight, so
memory stays flat however long the input; the callback of each chunk runs in the main process,
in submission order, which is what lets output be written in input order. With one worker
nothing is spawned: work runs inline.

Each process uses one BLAS thread: the pool's processes are the parallelism, and ``--workers 1``
means one core.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

_cleaner = None  # the worker process's Cleaner


class WorkerDied(RuntimeError):
    """A worker process ended abruptly (killed, or out of memory)."""


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _one_blas_thread():
    """Limit BLAS to one thread; returns the limiter (``restore_original_limits()`` undoes it), or None."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return None
    return threadpool_limits(1)


def _start_worker(cleaner, parent: int) -> None:
    global _cleaner
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides what an interrupt stops
    _end_with(parent)
    _one_blas_thread()
    _cleaner = cleaner


def _end_with(parent: int) -> None:
    """On Linux, have the kernel end this worker when the main process dies, even by SIGKILL,
    which runs no clean-up: the worker would otherwise wait for work that never comes. The signal
    is SIGKILL too: a worker writes nothing itself, and it inherits the main process's SIGTERM
    handler, which would only raise KeyboardInterrupt where it waits."""
    try:
        import ctypes

        set_parent_death_signal = 1  # PR_SET_PDEATHSIG
        ctypes.CDLL(None).prctl(set_parent_death_signal, int(signal.SIGKILL))
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown is all there is
        return
    if os.getppid() != parent:  # it died before the request was made
        os._exit(1)


def _run(work: Callable[[Any, Any], Any], payload: Any) -> Any:
    return work(_cleaner, payload)


class OrderedPool:
    """Run ``work(cleaner, payload)`` on ``workers`` processes; call each ``then`` in submission order."""

    def __init__(self, cleaner, workers: int = 1, depth: int | None = None) -> None:
        self.cleaner = cleaner
        self.workers = max(1, workers)
        self.depth = depth or 2 * self.workers + 2
        self._executor: ProcessPoolExecutor | None = None
        self._queue: deque[tuple[Future | None, Callable]] = deque()
        self._in_flight = 0
        self._limits = _one_blas_thread() if self.workers == 1 else None  # the caller's process: undone by close()
        if self.workers > 1:
            self._executor = ProcessPoolExecutor(self.workers, initializer=_start_worker, initargs=(cleaner, os.getpid()))

    def submit(self, work: Callable[[Any, Any], Any], payload: Any, then: Callable[[Any], None]) -> None:
        """Queue a chunk; blocks (running due callbacks) while ``depth`` chunks are in flight."""
        if self._executor is None:
            then(work(self.cleaner, payload))
            return
        self._queue.append((self._executor.submit(_run, work, payload), then))
        self._in_flight += 1
        self._settle(self.depth)

    def after(self, action: Callable[[], None]) -> None:
        """Run ``action`` once the callbacks of everything submitted so far have run."""
        if not self._queue:
            action()
        else:
            self._queue.append((None, action))

    def drain(self) -> None:
        """Wait for everything in flight and run all pending callbacks."""
        self._settle(0)

    def close(self, cancel: bool = False) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=cancel)
            self._executor = None
        if self._limits is not None:
            self._limits.restore_original_limits()
            self._limits = None
        self._queue.clear()

    def __enter__(self) -> "OrderedPool":
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self.close(cancel=error is not None)

    def _settle(self, limit: int) -> None:
        """Run the callbacks of finished chunks at the head; wait on the head while more than ``limit`` are in flight."""
        while self._queue:
            future, callback = self._queue[0]
            if future is None:
                self._queue.popleft()
                callback()
                continue
            if not future.done() and self._in_flight <= limit:
                return
            try:
                result = future.result()
            except BrokenProcessPool:
                raise WorkerDied("a worker process died (killed, or out of memory?)") from None
            self._queue.popleft()
            self._in_flight -= 1
            callback(result)
