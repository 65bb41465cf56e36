"""gzip and zstd streams: recognise them, read them decompressed, write them compressed.

Output is deterministic so that a rerun (or a resumed run) writes the same bytes: gzip headers
carry no file name and a zero timestamp. zstd needs the optional ``zstandard`` package
(``pip install 'noise[zst]'``); without it a ``.zst`` input is an error for that file only.
"""

from __future__ import annotations

import gzip
import io
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator, TextIO

NONE, GZIP, ZSTD = "", "gzip", "zstd"
SUFFIXES = {".gz": GZIP, ".gzip": GZIP, ".zst": ZSTD, ".zstd": ZSTD}
_MAGIC = {b"\x1f\x8b": GZIP, b"\x28\xb5\x2f\xfd": ZSTD}
GZIP_LEVEL = 6  # gzip's own default: a tenth of the CPU of level 9 for a few percent more bytes
ZSTD_LEVEL = 3


class CompressionUnavailable(Exception):
    """The compression library for a stream is not installed; ``str()`` says what to install."""


def by_suffix(name: str) -> str:
    """The compression a file name announces (``NONE`` when its last suffix names none)."""
    dot = name.rfind(".")
    return SUFFIXES.get(name[dot:].lower(), NONE) if dot > 0 else NONE


def sniff(head: bytes) -> str:
    """The compression whose magic number ``head`` starts with."""
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    return NONE


def _zstandard():
    try:
        import zstandard
    except ImportError:
        raise CompressionUnavailable("zstd needs the zstandard package: pip install 'noise[zst]'") from None
    return zstandard


def reader(raw: BinaryIO, kind: str) -> BinaryIO:
    """A buffered stream of the decompressed bytes of ``raw`` (which stays the caller's to close)."""
    if kind == GZIP:
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if kind == ZSTD:
        zstandard = _zstandard()
        stream = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=False)
        return io.BufferedReader(stream, buffer_size=1 << 20)
    return raw


def writer(raw: BinaryIO, kind: str) -> BinaryIO:
    """A stream that compresses into ``raw``; closing it finishes the compressed stream, not ``raw``."""
    if kind == GZIP:
        return gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=GZIP_LEVEL, mtime=0)
    if kind == ZSTD:
        zstandard = _zstandard()
        return zstandard.ZstdCompressor(level=ZSTD_LEVEL).stream_writer(raw, closefd=False)
    return _Unclosing(raw)


@contextmanager
def text_writer(path: Path) -> Iterator[TextIO]:
    """Write UTF-8 text to ``path``, compressed as its suffix says, the same text giving the same
    bytes (so a file's digest changes only when its content does)."""
    with path.open("wb") as raw, writer(raw, by_suffix(path.name)) as compressed:
        with io.TextIOWrapper(compressed, encoding="utf-8") as text:
            yield text


class _Unclosing(io.RawIOBase):
    """Passes writes through to a stream and leaves it open when closed."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._raw.write(data)
        return len(data)

    def flush(self) -> None:
        self._raw.flush()
