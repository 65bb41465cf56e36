"""Getting pages in and cleaned pages out: files, folders, stdin; capped reads; atomic files.

Reading never guesses: input must be UTF-8 text (a byte-order mark is kept as it is). A file that
is missing, unreadable, binary or not UTF-8 raises ``InputError`` with a one-line reason, so
that a batch can report it and go on. Reads are capped: a line or page longer than the cap comes
back as an ``Oversized`` piece that streams the rest, so one enormous record never fills memory.

Writing goes to a temporary file beside the destination, ``.<name>.<random>.noise-part``, that is
renamed over the destination once complete: a reader never sees half a file, and a file under its
final name is always finished. A run killed by SIGKILL can leave temporary files; the next run
writing the same destination removes them.
"""

from __future__ import annotations

import io
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Iterable, Iterator, Sequence

STDIN = "-"
TEMPORARY_SUFFIX = ".noise-part"
_BINARY_SNIFF_BYTES = 8192
_COPY_BLOCK = 1 << 20


class InputError(Exception):
    """An input that cannot be cleaned; ``str()`` is ``"<name>: <reason>"``."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


def os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileExistsError):  # making a folder where a file stands
        return "a file is in the way"
    return error.strerror or str(error)


@dataclass(frozen=True)
class Source:
    """One input: a file (with its path relative to the argument it came from) or stdin."""

    name: str
    path: Path | None  # None: standard input
    relative: Path

    def open(self) -> BinaryIO:
        """The raw bytes, unbuffered by us; the caller closes it (stdin is never closed)."""
        if self.path is None:
            stream = sys.stdin.buffer
            return stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # peek: to sniff compression
        try:
            if self.path.is_dir():
                raise IsADirectoryError(self.name)
            return open(self.path, "rb", buffering=_COPY_BLOCK)
        except OSError as error:
            raise InputError(self.name, os_reason(error)) from None

    def size(self) -> int:
        """Bytes on disk (0 for stdin or when unknown): what progress is measured in."""
        try:
            return self.path.stat().st_size if self.path is not None else 0
        except OSError:
            return 0

    def read_bytes(self) -> bytes:
        stream = self.open()
        try:
            return stream.read()
        except OSError as error:
            raise InputError(self.name, os_reason(error)) from None
        finally:
            if self.path is not None:
                stream.close()

    def read_text(self) -> str:
        return decode(self.read_bytes(), self.name)


def decode(data: bytes, name: str) -> str:
    reason = undecodable(data)
    if reason:
        raise InputError(name, reason)
    return data.decode("utf-8")


def undecodable(data: bytes) -> str | None:
    """Why ``data`` is not UTF-8 text, or ``None`` when it is."""
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        return "binary file (NUL bytes), not text"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"not valid UTF-8 (byte {error.start}: {data[error.start:error.start + 1]!r})"
    return None


def expand(arguments: Iterable[str], globs: Sequence[str] = (), exclude: Path | None = None) -> Iterator[Source | InputError]:
    """Sources for command-line arguments: files, folders and ``-`` for stdin.

    A folder is read recursively in sorted order, skipping hidden files and folders (names
    starting with ``.``) and anything under ``exclude`` (the output folder); with ``globs``, only
    files whose path below the folder matches one of them (``*.jsonl.gz``, ``2024/*.txt``).
    Files named on the command line are always read. Symbolic links are followed, but no folder
    is read twice (a link back up the tree would otherwise repeat it without end): the path met
    first in sorted order is read. A folder already read, a broken link, a special file (a pipe,
    a socket, a device) and a folder that cannot be listed each come back as an ``InputError``,
    and the walk goes on past them.
    """
    arguments = list(arguments) or [STDIN]
    excluded = exclude.resolve() if exclude is not None else None
    for argument in arguments:
        if argument == STDIN:
            yield Source("<stdin>", None, Path("stdin"))
            continue
        path = Path(argument)
        if path.is_dir():
            found = False
            for item in _walk(path, excluded, {_identity(path)}):
                entry = item.path if isinstance(item, _Unwalkable) else item
                relative = entry.relative_to(path)
                wanted = not globs or any(PurePosixPath(relative.as_posix()).match(pattern) for pattern in globs)
                if isinstance(item, _Unwalkable):
                    if item.folder or wanted:  # a folder's name says nothing of the files in it
                        found = True
                        yield InputError(str(entry), item.reason)
                    continue
                if wanted:
                    found = True
                    yield Source(str(entry), entry, relative)
            if not found:
                yield InputError(argument, "folder holds no matching files" if globs else "folder holds no files")
        elif path.exists() or path.is_symlink():
            yield Source(argument, path, Path(path.name))
        else:
            yield InputError(argument, "no such file or folder")


@dataclass(frozen=True)
class _Unwalkable:
    """A folder entry that is not a file to read, and why."""

    path: Path
    reason: str
    folder: bool = False


def _identity(folder: Path) -> tuple[int, int]:
    status = folder.stat()
    return status.st_dev, status.st_ino


def _walk(folder: Path, excluded: Path | None, seen: set[tuple[int, int]]) -> Iterator[Path | _Unwalkable]:
    """The files below ``folder`` in sorted order, and what could not be walked; ``seen``: the
    folders already entered (device and inode), which are not entered again."""
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as error:
        yield _Unwalkable(folder, f"folder cannot be listed ({os_reason(error)})", folder=True)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if excluded is not None and _resolved(entry) == excluded:
            continue
        if entry.is_dir():
            identity = _identity(entry)
            if identity in seen:
                yield _Unwalkable(entry, "the same folder as one already read (a link)", folder=True)
                continue
            seen.add(identity)
            yield from _walk(entry, excluded, seen)
        elif entry.is_file():
            yield entry
        elif entry.is_symlink():
            yield _Unwalkable(entry, "broken symbolic link")
        else:
            yield _Unwalkable(entry, "not a regular file (a pipe, socket or device)")


def _resolved(entry: Path) -> Path | None:
    """``entry`` with its links followed; ``None`` for a link that leads back to itself."""
    try:
        return entry.resolve()
    except (OSError, RuntimeError):  # Python 3.11 and 3.12 raise RuntimeError for a loop
        return None


@dataclass
class Unreadable:
    """The stream broke here (truncated or corrupt compressed data, an I/O error): ``reason`` says how."""

    reason: str


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


@dataclass
class Oversized:
    """A line (or page) longer than the cap: ``head`` read so far, ``rest()`` streams the remainder.

    The remainder must be consumed before reading on from the same stream. If the stream breaks
    meanwhile, ``rest()`` stops early and ``broken`` says why.
    """

    head: bytes
    stream: BinaryIO
    lines: bool  # the piece ends at the next newline (True) or at the end of the stream
    broken: Unreadable | None = None

    def rest(self) -> Iterator[bytes]:
        if self.lines and self.head.endswith(b"\n"):
            return
        while True:
            try:
                piece = self.stream.readline(_COPY_BLOCK) if self.lines else self.stream.read(_COPY_BLOCK)
            except Exception as error:  # noqa: BLE001 - any failure to read is the input's, reported
                self.broken = Unreadable(_reason(error))
                return
            if not piece:
                return
            yield piece
            if self.lines and piece.endswith(b"\n"):
                return

    def pieces(self) -> Iterator[bytes]:
        yield self.head
        yield from self.rest()


def read_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | Oversized | Unreadable]:
    """The lines of ``stream`` with their endings; longer than ``limit`` bytes: ``Oversized``; a broken stream ends with ``Unreadable``."""
    while True:
        try:
            line = stream.readline(limit + 1)
        except Exception as error:  # noqa: BLE001 - gzip, zstd and the OS each raise their own
            yield Unreadable(_reason(error))
            return
        if not line:
            return
        if len(line) > limit:
            yield Oversized(line, stream, lines=True)
        else:
            yield line


def read_capped(stream: BinaryIO, limit: int) -> bytes | Oversized | Unreadable:
    """The whole of ``stream``, ``Oversized`` when it holds more than ``limit`` bytes, or ``Unreadable``."""
    try:
        head = stream.read(limit + 1)
    except Exception as error:  # noqa: BLE001
        return Unreadable(_reason(error))
    return Oversized(head, stream, lines=False) if len(head) > limit else head


class AtomicFile:
    """A file written under a temporary name beside ``destination`` and renamed over it by ``commit``.

    The temporary name is chosen before the file exists, so ``discard`` can remove it whenever an
    interrupt lands, even halfway through ``open``.
    """

    def __init__(self, destination: Path) -> None:
        self.destination = destination
        self.temporary = destination.with_name(f".{destination.name}.{secrets.token_hex(6)}{TEMPORARY_SUFFIX}")
        self.file: BinaryIO | None = None

    def open(self) -> BinaryIO:
        self.destination.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        self.file = os.fdopen(handle, "wb", buffering=_COPY_BLOCK)
        return self.file

    def commit(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.temporary, self.destination)

    def discard(self) -> None:
        try:
            if self.file is not None:
                self.file.close()
        except OSError:
            pass
        try:
            os.unlink(self.temporary)
        except OSError:  # never created (its folder may not even be one); a stale one goes on the next run
            pass


def write_atomic(destination: Path, data: bytes) -> None:
    """Write ``data`` to ``destination`` so that it appears whole or not at all."""
    output = AtomicFile(destination)
    try:
        output.open().write(data)
        output.commit()
    except BaseException:
        output.discard()
        raise


def temporary_for(path: Path) -> str | None:
    """The destination name a temporary file ``.<name>.<random>.noise-part`` was for, or ``None``."""
    name = path.name
    if not (name.startswith(".") and name.endswith(TEMPORARY_SUFFIX)):
        return None
    return name[1 : -len(TEMPORARY_SUFFIX)].rpartition(".")[0] or None


def stale_temporaries(folder: Path, names: set[str] | None = None) -> list[Path]:
    """Temporary files in ``folder`` left by killed runs (for destinations called one of ``names``, if given)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    found = []
    for entry in entries:
        final = temporary_for(Path(entry.path))
        if final is not None and (names is None or final in names):
            found.append(Path(entry.path))
    return found
