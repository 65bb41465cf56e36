"""Cleaning many inputs: read, batch, clean, write; one bad input never stops the rest.

``clean_sources`` is what ``noise clean`` runs. Pages are cleaned in batches so that the model
work is shared; each input's output goes to stdout or, with ``out``, to a file of the same
relative path under ``out``, written atomically.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Iterable

from noise.cleaner import Cleaner
from noise.io import InputError, Source, dump_record, expand, read_records, write_atomic

_BATCH_PAGES = 64
_BATCH_CHARS = 8_000_000


def _emit(out: Path | None, source: Source, data: bytes) -> None:
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_atomic(out / source.relative, data)


def _clean_texts(cleaner: Cleaner, sources: list[tuple[Source, str]], out: Path | None) -> None:
    cleaned = cleaner.clean_batch([text for _, text in sources])
    for (source, _), text in zip(sources, cleaned):
        _emit(out, source, text.encode("utf-8"))


def _clean_jsonl(cleaner: Cleaner, source: Source, data: bytes, field: str, report: Callable[[str], None]) -> tuple[bytes, int]:
    records = list(read_records(data, field))
    failures = 0
    good = [record for record in records if record.text is not None]
    cleaned: dict[int, str] = {}
    for first in range(0, len(good), _BATCH_PAGES):
        chunk = good[first : first + _BATCH_PAGES]
        for record, text in zip(chunk, cleaner.clean_batch([record.text for record in chunk])):
            cleaned[record.number] = text
    parts = []
    for record in records:
        if record.error is not None:
            failures += 1
            report(f"{source.name}: record {record.number}: {record.error}; passed through unchanged")
            parts.append(record.raw)
        elif record.text is None:
            parts.append(record.raw)  # blank line between records
        else:
            value = dict(record.value)
            value[field] = cleaned[record.number]
            newline = b"\r\n" if record.raw.endswith(b"\r\n") else (b"\n" if record.raw.endswith(b"\n") else b"")
            parts.append(dump_record(value, newline))
    return b"".join(parts), failures


def clean_sources(
    cleaner: Cleaner,
    arguments: Iterable[str],
    out: Path | None = None,
    jsonl: bool = False,
    field: str = "text",
    on_error: Callable[[str], None] = lambda message: None,
) -> int:
    """Clean every input named by ``arguments``; returns how many inputs (or records) failed."""
    failures = 0
    pending: list[tuple[Source, str]] = []
    pending_chars = 0

    def flush() -> None:
        nonlocal pending, pending_chars
        if pending:
            _clean_texts(cleaner, pending, out)
        pending, pending_chars = [], 0

    for source in expand(arguments):
        if isinstance(source, InputError):
            on_error(str(source))
            failures += 1
            continue
        if out is not None and source.path is None and jsonl is False:
            source = Source(source.name, None, Path("stdin.txt"))
        try:
            if jsonl:
                flush()
                data, bad = _clean_jsonl(cleaner, source, source.read_bytes(), field, on_error)
                failures += bad
                _emit(out, source, data)
                continue
            text = source.read_text()
        except InputError as error:
            on_error(str(error))
            failures += 1
            continue
        except OSError as error:
            on_error(f"{source.name}: cannot write output ({error.strerror or error})")
            failures += 1
            continue
        pending.append((source, text))
        pending_chars += len(text)
        if len(pending) >= _BATCH_PAGES or pending_chars >= _BATCH_CHARS:
            flush()
    flush()
    return failures
