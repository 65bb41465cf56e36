"""JSON Lines: each record's text field cleaned, everything else passed through byte for byte.

Only the text field's value is rewritten (spliced into the line where it stood); other fields,
their order, spacing and number formats, blank lines and each line's ending stay exactly as they
were. The main process splits the stream into lines and hands chunks of them to workers
(``clean_chunk``), which parse, check, clean and serialise; a line longer than the size cap is
never parsed: it is streamed through unchanged or skipped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from noise.dump import publisher_of
from noise.grouping import clean_by_group
from noise.io import Oversized, Unreadable, read_lines
from noise.records import Counts, failure_reason, line_counts, text_problem, too_big

if TYPE_CHECKING:
    from noise.jobs import Job
    from noise.parallel import OrderedPool

_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


@dataclass(frozen=True)
class Chunk:
    """Consecutive lines of one file, the first being record number ``first``."""

    lines: list[bytes]
    first: int
    field: str
    keep_bad: bool
    group_by: str | None = None  # the record field naming each page's publisher (noise.grouping)


@dataclass
class Parsed:
    line: str
    value: dict
    text: str


def parse(raw: bytes, field: str) -> Parsed | str:
    """The record on ``raw`` with its text, or the reason it has none."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"not valid UTF-8 (byte {error.start}: {raw[error.start:error.start + 1]!r})"
    try:
        value = json.loads(line.removeprefix("\ufeff"))  # a byte-order mark opening the file stays in the output, before the record
    except ValueError as error:
        return f"not valid JSON ({str(error).splitlines()[0][:80]})"
    if not isinstance(value, dict):
        return f"not a JSON object ({type(value).__name__})"
    if field not in value:
        return f"no {field!r} field"
    problem = text_problem(value[field], field)
    if problem:
        return problem
    return Parsed(line, value, value[field])


def value_span(line: str, field: str) -> tuple[int, int]:
    """Where the value of top-level key ``field`` stands in ``line`` (a valid JSON object); the last one wins, as in ``json.loads``."""
    span = None
    index = _SPACE.match(line, line.index("{") + 1).end()
    while line[index] != "}":
        key, index = json.decoder.scanstring(line, index + 1)
        index = _SPACE.match(line, index).end() + 1  # past the colon
        start = _SPACE.match(line, index).end()
        _, end = _DECODER.scan_once(line, start)
        if key == field:
            span = (start, end)
        index = _SPACE.match(line, end).end()
        if line[index] == ",":
            index = _SPACE.match(line, index + 1).end()
    if span is None:
        raise ValueError(f"no {field!r} key")
    return span


_LINE_BREAKS = "\u2028\u2029\x85"  # line breaks to str.splitlines and to JavaScript, not to JSON


def splice(parsed: Parsed, field: str, cleaned: str) -> str:
    """The line with the text field's value replaced, in the escaping style the input used."""
    start, end = value_span(parsed.line, field)
    original = parsed.line[start:end]
    ascii_escaped = original.isascii() and not parsed.text.isascii()
    value = json.dumps(cleaned, ensure_ascii=ascii_escaped)
    for char in _LINE_BREAKS:
        if char in value and char not in original:  # the input escaped it: readers that split lines on it would break the record
            value = value.replace(char, f"\\u{ord(char):04x}")
    return parsed.line[:start] + value + parsed.line[end:]


def clean_chunk(cleaner, chunk: Chunk) -> tuple[bytes, Counts, list[tuple[int, str]]]:
    """Worker side: the chunk's output bytes, its counts and its bad records ``(number, reason)``."""
    parsed: list[Parsed | str | None] = []
    for raw in chunk.lines:
        parsed.append(None if not raw.strip() else parse(raw, chunk.field))
    good = [item for item in parsed if isinstance(item, Parsed)]
    keys = [publisher_of(item.value, chunk.group_by) for item in good] if chunk.group_by else None
    results = iter(clean_by_group(cleaner, [item.text for item in good], keys))
    counts, problems, out = Counts(), [], []
    for number, (raw, item) in enumerate(zip(chunk.lines, parsed), chunk.first):
        if item is None:  # a blank line between records: kept as it is, not a record
            out.append(raw)
            continue
        if isinstance(item, Parsed):
            cleaned = next(results)
            if isinstance(cleaned, Exception):
                item = failure_reason(cleaned)
            else:
                size_in, size_out = len(item.text.encode("utf-8")), len(cleaned.encode("utf-8"))
                counts.cleaned_page(size_in, size_out, *line_counts(item.text, cleaned))
                out.append(raw if cleaned == item.text else splice(item, chunk.field, cleaned).encode("utf-8"))
                continue
        problems.append((number, item))
        counts.bad_record(len(raw), chunk.keep_bad)
        if chunk.keep_bad:
            out.append(raw)
    return b"".join(out), counts, problems


def submit(job: "Job", stream: BinaryIO, pool: "OrderedPool") -> None:
    """Main side: read ``stream`` line by line and send chunks to the pool; the job's callbacks write them."""
    settings = job.run.settings
    lines: list[bytes] = []
    size = number = 0  # number: of the last line read

    def send() -> None:
        nonlocal lines, size
        if lines:
            chunk = Chunk(lines, number - len(lines) + 1, settings.field, settings.keep_bad, settings.group_by)
            pool.submit(clean_chunk, chunk, lambda result: job.take(result[1], result[2], result[0]))
            job.seen()
        lines, size = [], 0

    for line in read_lines(stream, settings.max_record_bytes):
        if isinstance(line, Unreadable):
            send()
            broken(job, pool, number + 1, line)
            break
        if isinstance(line, Oversized):
            send()
            pool.drain()  # everything before it is written: now it can be streamed in place
            number += 1
            pass_oversized(job, line, number)
            if line.broken:
                broken(job, pool, number, line.broken)
                break
            continue
        number += 1
        lines.append(line)
        size += len(line)
        if len(lines) >= settings.chunk_records or size >= settings.chunk_bytes:
            send()
    send()
    pool.after(job.finish)


def broken(job: "Job", pool: "OrderedPool", number: int | None, failure: Unreadable) -> None:
    """A stream that breaks midway: what was read before is cleaned and written, and the break reported."""
    where = "" if number is None else "from here on "
    reason = f"unreadable {where}({failure.reason})"
    pool.after(lambda: job.problem(number, reason, "what came before is written"))


def pass_oversized(job: "Job", piece: Oversized, number: int | None) -> None:
    """Stream an over-long record through unchanged (or skip it), reported as enormous; main process, in order."""
    keep = job.run.settings.keep_bad
    job.problem(number, too_big(job.run.settings.max_record_bytes))
    size = 0
    for part in piece.pieces():
        size += len(part)
        if keep:
            job.write(part)
    counts = Counts()
    counts.bad_record(size, keep)
    job.take(counts, [])
