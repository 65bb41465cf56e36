"""Raw text in, lines out: split a page into lines without losing a byte.

A page is split on ``\\n`` only (never on the other separators ``str.splitlines`` knows), so
that writing back a chosen subset of lines reproduces the input bytes of exactly those lines,
each with its own ending: ``\\n``, ``\\r\\n`` (the ``\\r`` travels with the line) or nothing for
a last line without a newline. A page with no ``\\n`` at all but with ``\\r`` (classic Mac OS
line endings) is split on ``\\r`` instead: read as one line, it would be kept or dropped whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # annotations only: reading pages (noise.records, noise import) needs no numpy
    import numpy as np


def separator_of(text: str) -> str:
    """What ends a line of ``text``: ``\\n``, or ``\\r`` in a text that has no ``\\n``."""
    return "\r" if "\n" not in text and "\r" in text else "\n"  # "\n" first: found at once in most texts


@dataclass(frozen=True)
class Page:
    """One page as the pieces of ``text.split(separator)``; its lines are the first ``size`` pieces.

    Line ``i`` is written back as ``pieces[i]`` followed by ``separator`` unless it is the last
    piece, so a page that ended without a newline still does.
    """

    pieces: list[str]
    size: int
    separator: str = "\n"  # what ends a line: "\r" only for a page that has no "\n"

    @classmethod
    def from_text(cls, text: str) -> "Page":
        if not isinstance(text, str):  # bytes or None would fail deep inside with a misleading message
            raise TypeError(f"a page's text must be str, not {type(text).__name__} (decode bytes first)")
        separator = separator_of(text)
        pieces = text.split(separator)
        # A trailing newline leaves an empty last piece: it ends a line, it is not one.
        return cls(pieces, len(pieces) - 1 if pieces[-1] == "" else len(pieces), separator)

    @classmethod
    def from_lines(cls, lines: Sequence[str]) -> "Page":
        """A page given as its lines (the labeled-data format), joined by ``\\n``."""
        return cls(list(lines), len(lines))

    def __len__(self) -> int:
        return self.size

    @property
    def texts(self) -> list[str]:
        """Every line's text without its ending."""
        return [self.text(i) for i in range(self.size)]

    def text(self, index: int) -> str:
        piece = self.pieces[index]
        if piece.endswith("\r") and index < len(self.pieces) - 1:
            return piece[:-1]
        return piece

    def ending(self, index: int) -> str:
        if index == len(self.pieces) - 1:
            return ""
        return "\r\n" if self.pieces[index].endswith("\r") else self.separator

    def join(self, selection: np.ndarray) -> str:
        """The selected lines with their own endings: an in-order subset of the input, byte for byte."""
        if len(selection) == 0:
            return ""
        chosen = selection.tolist()
        body = self.separator.join(map(self.pieces.__getitem__, chosen))
        return body if chosen[-1] == len(self.pieces) - 1 else body + self.separator
