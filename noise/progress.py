"""How far a run has got, and the words for it: the running tally, a progress line and a summary.

The library only keeps the tally; the command line decides where (and whether) to show it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from noise.records import Counts


@dataclass
class Tally:
    """Everything a run has done so far; ``counts`` adds up (records = cleaned + kept + skipped)."""

    files: int = 0  # inputs to process in this run
    files_done: int = 0  # written (or, for stdout, emitted) in full
    files_finished_before: int = 0  # skipped by --resume: their output was already complete
    files_failed: int = 0  # could not be read or written: no output
    problems: int = 0  # lines reported (bad records and bad files)
    bytes_total: int = 0  # on disk, of the inputs to process: what progress and ETA measure
    bytes_read: int = 0
    counts: Counts = field(default_factory=Counts)
    started: float = field(default_factory=time.monotonic)
    aborted: bool = False  # --on-error fail stopped the run

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def ok(self) -> bool:
        return not (self.problems or self.files_failed or self.aborted)


def _size(count: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if abs(count) < 1000 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1000
    return f"{count:.1f} TB"


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


def _counted(count: int, noun: str) -> str:
    """``1 error``, ``2 errors``: a count with its noun in the right number."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def progress_line(tally: Tally) -> str:
    """``pages, lines dropped, MB/s, ETA``: one line for a terminal's status bar."""
    elapsed = max(tally.elapsed(), 1e-9)
    counts = tally.counts
    speed = counts.bytes_in / elapsed
    parts = [_counted(counts.records, "page"), f"{counts.lines_dropped:,} lines dropped", f"{speed / 1e6:.2f} MB/s"]
    if counts.errors:
        parts.append(_counted(counts.errors, "error"))
    if tally.bytes_total and tally.bytes_read:
        share = min(tally.bytes_read / tally.bytes_total, 1.0)
        parts.append(f"{share:.0%}")
        if 0 < share < 1:
            parts.append(f"ETA {_duration(elapsed * (1 - share) / share)}")
    return "noise: " + ", ".join(parts)


def summary_line(tally: Tally) -> str:
    """What the run did, counts that add up: files, pages, lines and bytes, errors, time."""
    counts = tally.counts
    elapsed = tally.elapsed()
    files = f"{tally.files_done:,} of {tally.files:,} files done"
    if tally.files_finished_before:
        files += f" ({tally.files_finished_before:,} finished before: skipped)"
    if tally.files_failed:
        files += f", {tally.files_failed:,} failed"
    pages = f"{_counted(counts.records, 'page')}: {counts.cleaned:,} cleaned, {counts.kept:,} bad kept, {counts.skipped:,} bad skipped"
    dropped = counts.bytes_in - counts.bytes_out
    share = f" ({dropped / counts.bytes_in:.1%})" if counts.bytes_in else ""
    lines = f"{counts.lines_dropped:,} of {counts.lines_in:,} lines dropped, {_size(dropped)} of {_size(counts.bytes_in)}{share}"
    speed = f"{elapsed:.1f} s, {counts.bytes_in / max(elapsed, 1e-9) / 1e6:.2f} MB/s"
    errors = _counted(tally.problems, "error") + ("; stopped at the first (--on-error fail)" if tally.aborted else "")
    return f"noise: {files}; {pages}; {lines}; {errors}; {speed}"
