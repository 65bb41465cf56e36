"""Raw text in, lines out: split a page into lines without losing a byte.

A page is split on ``\\n`` only (never on the other separators ``str.splitlines`` knows),
so that writing back a chosen subset of lines with their own endings reproduces the input
bytes of exactly those lines. A ``\\r`` before the ``\\n`` belongs to the line's ending, not
to its text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True)
class Page:
    """One page's lines: ``texts[i]`` without its ending, ``endings[i]`` exactly as in the input."""

    texts: tuple[str, ...]
    endings: tuple[str, ...]

    @classmethod
    def from_text(cls, text: str) -> "Page":
        pieces = text.split("\n")
        if pieces[-1] == "":
            pieces.pop()  # the text ended with a newline: nothing follows it
            last_ending = "\n"
        else:
            last_ending = ""
        texts: list[str] = []
        endings: list[str] = []
        for number, piece in enumerate(pieces):
            ending = "\n" if number < len(pieces) - 1 else last_ending
            if ending and piece.endswith("\r"):
                piece, ending = piece[:-1], "\r\n"
            texts.append(piece)
            endings.append(ending)
        return cls(tuple(texts), tuple(endings))

    @classmethod
    def from_lines(cls, lines: Sequence[str]) -> "Page":
        """A page given as its lines (the labeled-data format), joined by ``\\n``."""
        endings = ["\n"] * len(lines)
        if endings:
            endings[-1] = ""
        return cls(tuple(lines), tuple(endings))

    def __len__(self) -> int:
        return len(self.texts)

    def is_blank(self, index: int) -> bool:
        return not self.texts[index].strip()

    def selection(self, keep: Iterable[bool]) -> list[int]:
        """Indices of the lines to write for the given verdicts on the non-blank lines.

        Every kept non-blank line, plus one blank line wherever kept lines had blank lines
        between them in the input (the first of those), so paragraphs stay apart.
        """
        keep = list(keep)
        if len(keep) != len(self.texts):
            raise ValueError(f"{len(keep)} verdicts for {len(self.texts)} lines")
        chosen: list[int] = []
        separator: int | None = None
        kept_any = False
        for index, text in enumerate(self.texts):
            if not text.strip():
                if kept_any and separator is None:
                    separator = index
            elif keep[index]:
                if separator is not None:
                    chosen.append(separator)
                chosen.append(index)
                kept_any = True
                separator = None
        return chosen

    def join(self, keep: Iterable[bool]) -> str:
        """The chosen lines (see ``selection``) with their own endings: an in-order subset of the input."""
        return "".join(self.texts[i] + self.endings[i] for i in self.selection(keep))
