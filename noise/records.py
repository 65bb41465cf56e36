"""What becomes of each record: cleaned, or bad and then kept unchanged or skipped; and the counts.

A *record* is one page: a text file, a JSON Lines record or a Parquet row. A bad record (wrong
type, invalid encoding, missing field, enormous, or one the model fails on) is reported with a
reason and handled by the policy: ``keep`` passes it through unchanged, ``skip`` leaves it out,
``fail`` stops the run. Every record is counted exactly once, so
``records == cleaned + kept + skipped`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Sequence

from noise.lines import separator_of

KEEP, SKIP, FAIL = "keep", "skip", "fail"
POLICIES = (KEEP, SKIP, FAIL)
ACTIONS = {KEEP: "kept unchanged", SKIP: "skipped", FAIL: "run stopped"}
NO_OUTPUT = "no output"
DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """A bad record (``record`` is its 1-based number in its file) or a bad file (``record`` is None)."""

    file: str
    record: int | None
    reason: str
    action: str = ""  # what was done about it: "kept unchanged", "skipped", "no output", "run stopped"

    def __str__(self) -> str:
        where = f"{self.file}: record {self.record}" if self.record is not None else self.file
        return f"{where}: {self.reason}" + (f"; {self.action}" if self.action else "")


@dataclass
class Counts:
    """Additive tallies of records, lines and bytes (of page text, UTF-8)."""

    records: int = 0
    cleaned: int = 0
    kept: int = 0  # bad records passed through unchanged
    skipped: int = 0  # bad records left out
    lines_in: int = 0  # of cleaned records
    lines_dropped: int = 0
    bytes_in: int = 0  # of every record (bad ones: their raw size)
    bytes_out: int = 0

    def add(self, other: "Counts") -> "Counts":
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))
        return self

    def cleaned_page(self, size_in: int, size_out: int, lines_in: int, lines_out: int) -> None:
        self.records += 1
        self.cleaned += 1
        self.bytes_in += size_in
        self.bytes_out += size_out
        self.lines_in += lines_in
        self.lines_dropped += lines_in - lines_out

    def bad_record(self, size: int, keep: bool) -> None:
        self.records += 1
        self.bytes_in += size
        if keep:
            self.kept += 1
            self.bytes_out += size
        else:
            self.skipped += 1

    @property
    def errors(self) -> int:
        return self.kept + self.skipped


def line_counts(text: str, cleaned: str) -> tuple[int, int]:
    """Lines of a page and of its cleaned copy, as ``noise.lines.Page`` splits them (a last line
    without an ending counted), the copy split on its page's separator."""
    separator = separator_of(text)
    return _count(text, separator), _count(cleaned, separator)


def _count(text: str, separator: str) -> int:
    return text.count(separator) + (not text.endswith(separator)) if text else 0


def too_big(limit: int, size: int | None = None) -> str:
    measured = f"{size:,} bytes, " if size is not None else ""
    return f"enormous ({measured}more than the {limit:,} bytes allowed; see --max-record-size)"


def text_problem(text: object, name: str) -> str | None:
    """Why ``text`` (the value of field or column ``name``) cannot be cleaned, or ``None``."""
    if text is None:
        return f"{name!r} is null, not a string"
    if not isinstance(text, str):
        return f"{name!r} is {type(text).__name__}, not a string"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return f"{name!r} is not valid Unicode (unpaired surrogate at character {error.start})"
    return None


def clean_isolating(cleaner, texts: Sequence[str]) -> list[str | Exception]:
    """``cleaner.clean_batch(texts)``; if the batch fails, each text alone, so one bad page costs only itself."""
    if not texts:
        return []
    try:
        return list(cleaner.clean_batch(texts))
    except Exception as error:  # noqa: BLE001 - a page the model fails on is a bad record, not a crash
        if len(texts) == 1:
            return [error]
    return [result for text in texts for result in clean_isolating(cleaner, [text])]


def failure_reason(error: Exception) -> str:
    message = str(error).splitlines()[0][:200] if str(error) else ""
    return f"cleaning failed ({type(error).__name__}{': ' + message if message else ''})"
