"""The pages of a dump, for labeling and picking: text files (one page each), folders of them,
and JSON Lines (one page per record; plain, .gz, .zst), each page with a name and its publisher.

A page's publisher is the record's ``domain`` field, else the host of its ``url`` field; for a
text file, the ``domain`` given on the command line (or none). Pages are read one at a time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from noise import compression
from noise.formats import JSONL, PARQUET, detect
from noise.io import InputError, decode, expand


@dataclass
class DumpPage:
    name: str  # where it came from: ``path`` or ``path:record``
    text: str
    domain: str
    lang: str
    stem: PurePosixPath  # a relative path, without suffix, naming the page's review file


def host(url: str) -> str:
    try:
        name = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return name.removeprefix("www.")


def publisher_of(record: dict, field: str = "domain") -> str:
    """A record's publisher: its ``field`` value (the host, when it holds a URL), else the host of ``url``."""
    value = record.get(field)
    if isinstance(value, str) and value:
        return host(value) if "://" in value else value.lower().removeprefix("www.")
    url = record.get("url")
    return host(url) if isinstance(url, str) else ""


def read_dump(
    arguments: Iterable[str], field: str = "text", domain: str = "", group_field: str = "domain", exclude: Path | None = None
) -> Iterator[DumpPage | InputError]:
    """Every page of the inputs, in order, skipping anything under ``exclude`` in a folder (the
    review folder: its files would be labeled as pages on the next run). An input that cannot be
    read (a missing, binary or truncated file, a JSON Lines record that is not an object with a
    text ``field``) comes as an ``InputError`` in its place, and reading goes on: one bad file or
    record costs only itself."""
    for source in expand(arguments, exclude=exclude):
        if isinstance(source, InputError):
            yield source
            continue
        if source.path is None:
            yield InputError(source.name, "pages to label must be files, not stdin")
            continue
        kind, packed = detect(source.name)
        if kind == PARQUET:
            yield InputError(source.name, "Parquet pages cannot be labeled yet; export them to JSON Lines")
            continue
        stem = PurePosixPath(source.relative.as_posix())
        stem = stem.with_name(_strip_suffixes(stem.name))
        try:
            raw = source.open()
        except InputError as error:
            yield error
            continue
        try:
            stream = compression.reader(raw, packed)
            if kind == JSONL:
                yield from _records(source.name, stream, stem, field, group_field)
            else:
                yield DumpPage(source.name, decode(stream.read(), source.name), domain, "", stem)
        except InputError as error:
            yield error
        except compression.CompressionUnavailable as error:
            yield InputError(source.name, str(error))
        except (OSError, EOFError) as error:  # truncated or corrupt compressed data, I/O errors
            yield InputError(source.name, f"unreadable ({error})")
        finally:
            raw.close()


def _records(name: str, stream, stem: PurePosixPath, field: str, group_field: str) -> Iterator[DumpPage | InputError]:
    for number, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError:
            yield InputError(name, f"record {number}: not valid JSON")
            continue
        if not isinstance(record, dict) or not isinstance(record.get(field), str):
            yield InputError(name, f"record {number}: no {field!r} text field")
            continue
        yield DumpPage(
            f"{name}:{number}",
            record[field],
            publisher_of(record, group_field),
            record.get("lang") if isinstance(record.get("lang"), str) else "",
            stem.with_name(f"{stem.name}-{number:04d}"),
        )


def _strip_suffixes(name: str) -> str:
    for suffix in (".gz", ".zst", ".zstd", ".jsonl", ".ndjson", ".json", ".txt", ".text"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return name
