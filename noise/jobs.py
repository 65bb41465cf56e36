"""One input on its way out: where its output goes, what it counted, what went wrong.

A ``Run`` holds what all inputs share (settings, the tally, where problems are reported). A
``Job`` is one input: its format, its output (an atomic file under ``--out``, else stdout, in
the input's compression), its counts. A job's output is committed (renamed to its final name)
only when the whole input has been read and written; a job that fails discards it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable

from noise import compression
from noise.batch import PAGES_PER_BATCH
from noise.io import AtomicFile, InputError, Source, os_reason
from noise.progress import Tally
from noise.records import ACTIONS, DEFAULT_MAX_RECORD_BYTES, FAIL, KEEP, NO_OUTPUT, SKIP, Counts, Problem


class Abort(Exception):
    """``--on-error fail`` met a problem: stop the run; ``problem`` says where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class StdoutFailed(Exception):
    """Standard output cannot be written (a full disk): stop the run; the failed input says why."""


@dataclass(frozen=True)
class Settings:
    """How a run treats records: the text field or column, the bad-record policy, the size cap, chunking."""

    field: str = "text"
    on_error: str = KEEP
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES
    chunk_records: int = PAGES_PER_BATCH  # pages per call to the model
    chunk_bytes: int = 2_000_000  # and a bound on the memory one chunk takes in a worker
    group_by: str | None = None  # clean a chunk's pages publisher by publisher (noise.grouping): record field

    @property
    def keep_bad(self) -> bool:
        return self.on_error != SKIP


@dataclass
class Run:
    """What every input of one run shares: settings, the tally, and where problems and progress go."""

    settings: Settings
    report: Callable[[Problem], None] = lambda problem: None
    progress: Callable[[Tally], None] = lambda tally: None
    tally: Tally = field(default_factory=Tally)
    open_jobs: set = field(default_factory=set)  # jobs whose output file is open and not yet committed

    def problem(self, file: str, record: int | None, reason: str, action: str | None = None) -> None:
        """Report a problem; ``action`` defaults to what the policy does to a bad record. ``fail`` raises ``Abort``."""
        failing = self.settings.on_error == FAIL
        if failing or action is None:
            action = ACTIONS[self.settings.on_error]
        problem = Problem(file, record, reason, action)
        self.tally.problems += 1
        self.report(problem)
        if failing:
            self.tally.aborted = True
            raise Abort(problem)


class Job:
    """One input, its output and its counts."""

    def __init__(self, run: Run, source: Source, fmt: str, kind: str, destination: Path | None) -> None:
        self.run = run
        self.source = source
        self.format = fmt
        self.compression = kind
        self.destination = destination
        self.counts = Counts()
        self.failed = False
        self.failure: str | None = None  # known before it starts: the input cannot be had at all
        self._file: AtomicFile | None = None
        self._stream: BinaryIO | None = None
        self._raw: BinaryIO | None = None
        self._position = 0

    # -- input

    def open_input(self) -> BinaryIO:
        """The decompressed input; raises ``InputError``."""
        if self._raw is None:
            self._raw = self.source.open()
        head = self._raw.peek(4)[:4] if hasattr(self._raw, "peek") else b""
        if self.source.path is None:
            self.compression = compression.sniff(head)
        try:
            return compression.reader(self._raw, self.compression)
        except compression.CompressionUnavailable as error:
            raise InputError(self.source.name, str(error)) from None

    def close_input(self) -> None:
        if self._raw is not None and self.source.path is not None:
            self._raw.close()

    def seen(self) -> None:
        """Move progress to how far the input file has been read."""
        if self._raw is None or self.source.path is None:
            return
        try:
            position = self._raw.tell()
        except (OSError, ValueError):
            return
        self.run.tally.bytes_read += position - self._position
        self._position = position

    # -- output

    def output(self) -> BinaryIO:
        """The stream cleaned bytes go to (opened on first use)."""
        if self._stream is None:
            if self.destination is None:
                raw = sys.stdout.buffer
            else:
                self._file = AtomicFile(self.destination)  # named first: abandon() can always remove it
                self.run.open_jobs.add(self)
                raw = self._file.open()
            self._stream = compression.writer(raw, self.compression)
        return self._stream

    def write(self, data: bytes) -> None:
        if self.failed or not data:
            return
        try:
            self.output().write(data)
        except OSError as error:
            if self.destination is None and isinstance(error, BrokenPipeError):
                raise  # the reader left (``| head``): nothing to report, nothing more to write
            self.fail(self.write_failure(error))
            if self.destination is None:
                raise StdoutFailed from None  # no other input can be written either

    def write_failure(self, error: OSError) -> str:
        """Why this input has no output: the destination it was going to, and what went wrong."""
        return f"cannot write {self.destination if self.destination is not None else '<stdout>'} ({os_reason(error)})"

    def take(self, counts: Counts, problems: list[tuple[int | None, str]], data: bytes = b"") -> None:
        """A cleaned chunk, in input order: report its bad records, write it, count it."""
        for record, reason in problems:
            self.run.problem(self.source.name, record, reason)
        self.write(data)
        self.counts.add(counts)
        self.run.tally.counts.add(counts)
        self.run.progress(self.run.tally)

    def problem(self, record: int | None, reason: str, action: str | None = None) -> None:
        self.run.problem(self.source.name, record, reason, action)

    def fail(self, reason: str) -> None:
        """Give up on this input: report it, and leave no output for it."""
        if self.failed:
            return
        self.failed = True
        self.run.tally.files_failed += 1
        self.abandon()
        self.run.problem(self.source.name, None, reason, NO_OUTPUT)

    def finish(self) -> None:
        """The input is read in full: finish the compressed stream and commit the file."""
        self.close_input()
        if self.failed:
            return
        try:
            stream = self.output()  # an input with no records still gets its (empty) output
            stream.close()
            if self._file is not None:
                self._file.commit()
                self._file = None
                self.run.open_jobs.discard(self)
            else:
                sys.stdout.buffer.flush()
        except OSError as error:
            self.fail(self.write_failure(error))
            if self.destination is None:
                raise
            return
        self.run.tally.files_done += 1
        self.run.progress(self.run.tally)

    def skip(self) -> None:
        """The input is done but gets no output (its only record was a bad one, skipped)."""
        self.abandon()
        self.run.tally.files_done += 1
        self.run.progress(self.run.tally)

    def advance(self, size: int) -> None:
        """Move progress on by ``size`` bytes of input (for readers that do not expose a position)."""
        self.run.tally.bytes_read += size

    def abandon(self) -> None:
        """Discard whatever output was written (temporary file removed; stdout cannot be unwritten)."""
        self.close_input()
        if self._file is not None:
            self._file.discard()
            self._file = None
        self.run.open_jobs.discard(self)
