"""Getting pages in and cleaned pages out: files, folders, stdin, JSON Lines; atomic writes.

Reading never guesses: input must be UTF-8 text (a byte-order mark is kept as it is). A file that
is missing, unreadable, binary or not UTF-8 raises ``InputError`` with a one-line reason, so
that a batch can report it and go on. Writing goes to a temporary file in the destination's
folder that is renamed over the destination once complete, so a reader never sees half a file.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

STDIN = "-"
_BINARY_SNIFF_BYTES = 8192


class InputError(Exception):
    """An input that cannot be cleaned; ``str()`` is ``"<name>: <reason>"``."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass(frozen=True)
class Source:
    """One input: a file (with its path relative to the argument it came from) or stdin."""

    name: str
    path: Path | None  # None: standard input
    relative: Path

    def read_bytes(self) -> bytes:
        try:
            if self.path is None:
                return sys.stdin.buffer.read()
            return self.path.read_bytes()
        except FileNotFoundError:
            raise InputError(self.name, "no such file") from None
        except IsADirectoryError:
            raise InputError(self.name, "is a directory") from None
        except PermissionError:
            raise InputError(self.name, "permission denied") from None
        except OSError as error:
            raise InputError(self.name, error.strerror or str(error)) from None

    def read_text(self) -> str:
        return decode(self.read_bytes(), self.name)


def decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        raise InputError(name, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(name, f"not valid UTF-8 (byte {error.start}: {data[error.start:error.start + 1]!r})") from None


def expand(arguments: Iterable[str]) -> Iterator[Source | InputError]:
    """Sources for command-line arguments: files, folders (recursively, sorted) and ``-`` for stdin."""
    arguments = list(arguments) or [STDIN]
    for argument in arguments:
        if argument == STDIN:
            yield Source("<stdin>", None, Path("stdin"))
            continue
        path = Path(argument)
        if path.is_dir():
            found = False
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                found = True
                yield Source(str(file), file, file.relative_to(path))
            if not found:
                yield InputError(argument, "folder holds no files")
        elif path.exists() or path.is_symlink():
            yield Source(argument, path, Path(path.name))
        else:
            yield InputError(argument, "no such file or folder")


def write_atomic(destination: Path, data: bytes) -> None:
    """Write ``data`` to ``destination`` so that it appears whole or not at all."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".part", dir=destination.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, destination)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


@dataclass
class Record:
    """One JSON Lines record: its parsed object, or the raw line and why it could not be used."""

    number: int  # 1-based line number in its file
    raw: bytes  # the line as read, ending included
    value: dict | None = None
    text: str | None = None
    error: str | None = None


def read_records(data: bytes, field: str) -> Iterator[Record]:
    """Parse JSON Lines; a record whose ``field`` is not a string carries an ``error`` instead."""
    for number, raw in enumerate(data.splitlines(keepends=True), 1):
        if not raw.strip():
            yield Record(number, raw, error=None)
            continue
        try:
            value = json.loads(raw)
        except (UnicodeDecodeError, ValueError) as error:
            yield Record(number, raw, error=f"not valid JSON ({str(error).splitlines()[0][:80]})")
            continue
        if not isinstance(value, dict):
            yield Record(number, raw, error=f"not a JSON object ({type(value).__name__})")
        elif field not in value:
            yield Record(number, raw, value=value, error=f"no {field!r} field")
        elif not isinstance(value[field], str):
            yield Record(number, raw, value=value, error=f"{field!r} is {type(value[field]).__name__}, not a string")
        else:
            yield Record(number, raw, value=value, text=value[field])


def dump_record(value: dict, newline: bytes) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8") + newline
