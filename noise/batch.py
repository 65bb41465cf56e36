"""Many pages as one set of arrays: the non-blank lines of every page, ready for vectorised features.

All character-level work happens on one concatenated string of the batch's stripped lines,
``"\\n" + "\\n".join(samples) + "\\n"``, turned into a numpy array of code points. A line's
*sample* is the line itself, or for a long line its first ``HEAD`` and last ``TAIL`` characters
joined by a space: the beginning and end of a line carry the boilerplate cues, and sampling
bounds the work per line. Sample ``k`` spans ``starts[k] : starts[k] + sample_lengths[k]``;
every sample is preceded and followed by a ``\\n``. ``lengths`` are the full lines' lengths.
"""

from __future__ import annotations

from dataclasses import InitVar, dataclass, field
from functools import cached_property, lru_cache
from itertools import chain
from typing import Sequence

import numpy as np

from noise.charclass import CJK, DIGIT, LETTER, TERMINAL, fold_and_classify, indexed_tables, table_index
from noise.linekeys import line_keys
from noise.lines import Page
from noise.rolling import PrefixHash

HEAD = 72
TAIL = 28
HEADING_MAX_CHARS = 60
#: Pages scored together by noise's own loops (``noise clean``'s chunks, ``noise eval``, ``--pick``) and
#: timed together by ``python -m benchmarks``: enough to share the model's work across pages (64
#: score WCXB pages about a tenth faster than 32), few enough to bound one batch's memory.
PAGES_PER_BATCH = 64

NON_ASCII = 8  # column of ``Batch.char_counts`` after the eight class bits
_LANE_BITS = 7  # a sample has at most HEAD + TAIL + 1 < 2 ** 7 characters
_LANE_SHIFTS = np.arange(0, _LANE_BITS * (NON_ASCII + 1), _LANE_BITS, dtype=np.uint64)


@lru_cache(maxsize=1)
def _count_lanes() -> np.ndarray:
    """Row of ``charclass.table_index`` -> uint64 whose 7-bit lane j is 1 when the character has
    class bit ``1 << j``, and lane ``NON_ASCII`` is 1 when it is not ASCII. Summed over a line's
    sample, the lanes count all nine at once."""
    classes = indexed_tables()[1].astype(np.uint64)
    is_set = [(classes >> np.uint64(bit)) & np.uint64(1) for bit in range(8)]
    is_set.append((np.arange(len(classes)) > 127).astype(np.uint64))
    return np.bitwise_or.reduce([flags << shift for flags, shift in zip(is_set, _LANE_SHIFTS)])


def _samples(lines: list[str], lengths: np.ndarray) -> list[str]:
    samples = list(lines)
    for i in np.flatnonzero(lengths > HEAD + TAIL).tolist():
        line = lines[i]
        samples[i] = f"{line[:HEAD]} {line[-TAIL:]}"
    return samples


@dataclass
class Layout:
    """Which page each line belongs to and how long it is: all that context features need."""

    page_of_line: np.ndarray  # int64
    lengths: np.ndarray  # float64, reading length: characters, a Han, kana or hangul one counting three
    headings: np.ndarray  # bool, short lines without sentence-final punctuation: block openers

    def __post_init__(self) -> None:
        counts = np.bincount(self.page_of_line) if len(self.page_of_line) else np.zeros(0, dtype=np.int64)
        page_first = np.concatenate(([0], np.cumsum(counts)[:-1])) if len(counts) else counts
        self.first_of_page = page_first[self.page_of_line]
        self.last_of_page = (page_first + counts - 1)[self.page_of_line]

    def __len__(self) -> int:
        return len(self.page_of_line)

    @classmethod
    def concatenate(cls, layouts: Sequence["Layout"]) -> "Layout":
        pages, lengths, headings, offset = [], [], [], 0
        for layout in layouts:
            pages.append(layout.page_of_line + offset)
            lengths.append(layout.lengths)
            headings.append(layout.headings)
            offset += int(layout.page_of_line.max()) + 1 if len(layout) else 0
        if not pages:
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, empty, empty.astype(bool))
        return cls(np.concatenate(pages), np.concatenate(lengths), np.concatenate(headings))

    def subset(self, keep: np.ndarray) -> "Layout":
        return Layout(self.page_of_line[keep], self.lengths[keep], self.headings[keep])


@dataclass
class Batch:
    """The non-blank lines of a batch of pages and where they came from."""

    lines: list[str]  # stripped text of each non-blank line
    page_of_line: np.ndarray  # int32, which page each line belongs to
    line_numbers: np.ndarray  # int64, the line's index in its page (blank lines counted)
    indents: np.ndarray  # int32, leading whitespace characters before stripping
    blanks_before: np.ndarray  # int32, blank lines between this line and the previous non-blank one
    blanks_after: np.ndarray
    page_sizes: np.ndarray  # int64, all lines of each page, blank included
    lengths: np.ndarray = field(init=False)  # int64, characters of each stripped line
    starts: np.ndarray = field(init=False)  # int64, offset of each line's sample in ``codes``
    sample_lengths: np.ndarray = field(init=False)
    codes: np.ndarray = field(init=False)  # uint32 folded code points (lower case, digits as 0)
    classes: np.ndarray = field(init=False)  # uint8 class bits, see ``noise.charclass``
    ends_sentence: np.ndarray = field(init=False)  # bool, the sample's last character is sentence-final punctuation
    layout: Layout = field(init=False)
    known_lengths: InitVar[np.ndarray | None] = None  # ``lengths``, when the caller has them

    def __post_init__(self, known_lengths: np.ndarray | None) -> None:
        if known_lengths is None:
            known_lengths = np.fromiter(map(len, self.lines), dtype=np.int64, count=len(self.lines))
        self.lengths = known_lengths
        samples = _samples(self.lines, self.lengths)
        self.sample_lengths = np.minimum(self.lengths, HEAD + TAIL + 1)
        self.starts = np.ones(len(self.lines), dtype=np.int64)
        if len(self.lines):
            self.starts[1:] += np.cumsum(self.sample_lengths[:-1] + 1)
        # "\n" + "\n".join(samples) + "\n" in one join (each + would copy the text again)
        joined = "\n".join(["", *samples, ""]) if samples else "\n\n"
        self.sample_text = joined
        try:
            encoded = joined.encode("utf-32-le")
        except UnicodeEncodeError as error:
            line = int(np.searchsorted(self.starts, error.start, side="right")) - 1
            raise ValueError(
                f"page {int(self.page_of_line[line]) + 1} of the batch, line {int(self.line_numbers[line]) + 1}: "
                "not valid Unicode text (an unpaired surrogate)"
            ) from None
        self.raw_codes = np.frombuffer(encoded, dtype=np.uint32)
        self.table_index = table_index(self.raw_codes)  # row of each code point in charclass's tables
        self.codes, self.classes = fold_and_classify(self.raw_codes, self.table_index)
        self.ends_sentence = ends_sentence = (self.classes[self.starts + self.sample_lengths - 1] & TERMINAL) != 0
        cjk = self.char_counts[:, CJK.bit_length() - 1]
        # A CJK character carries about as much as a three-letter word: weigh it so.
        self.reading_lengths = self.lengths * (1.0 + 2.0 * cjk / np.maximum(self.sample_lengths, 1))
        headings = (self.reading_lengths <= HEADING_MAX_CHARS) & ~ends_sentence
        self.layout = Layout(self.page_of_line, self.reading_lengths, headings)

    def __len__(self) -> int:
        return len(self.lines)

    @cached_property
    def keys(self) -> np.ndarray:
        """Each line's ``noise.linekeys`` key: how publisher layers and publisher memory match lines."""
        return line_keys(self.lines)

    @cached_property
    def char_counts(self) -> np.ndarray:
        """(lines, 9) int64: how many characters of each line's sample carry class bit ``1 << j``
        (column j), and how many are not ASCII (column ``NON_ASCII``)."""
        if not len(self.lines):
            return np.zeros((0, NON_ASCII + 1), dtype=np.int64)
        lanes = np.add.reduceat(_count_lanes()[self.table_index], self.starts)
        counts = np.empty((NON_ASCII + 1, len(lanes)), dtype=np.int64)  # a column per lane: no short rows
        for column, shift in zip(counts, _LANE_SHIFTS):
            np.bitwise_and(lanes >> shift, np.uint64(2**_LANE_BITS - 1), out=column, casting="unsafe")
        return counts.T

    @cached_property
    def wordish(self) -> np.ndarray:
        """True for letters and digits outside Han, kana and hangul (whose characters are words of their own)."""
        classes = self.classes
        return ((classes & (LETTER | DIGIT)) != 0) & ((classes & CJK) == 0)

    @cached_property
    def word_starts(self) -> np.ndarray:
        """True where a run of ``wordish`` characters begins."""
        starts = self.wordish.copy()
        starts[1:] &= ~self.wordish[:-1]
        return starts

    @cached_property
    def words_per_line(self) -> np.ndarray:
        """Runs of ``wordish`` characters in each line's sample (int64)."""
        return self.per_line(self.word_starts)

    @cached_property
    def word_counts(self) -> np.ndarray:
        """Words in each line's sample, a CJK character counted as one (int64)."""
        return self.words_per_line + self.char_counts[:, CJK.bit_length() - 1]

    def per_line(self, mask: np.ndarray) -> np.ndarray:
        """How many positions of each line's sample ``mask`` marks (int64)."""
        if not len(self.lines):
            return np.zeros(0, dtype=np.int64)
        return np.add.reduceat(mask, self.starts, dtype=np.int64)

    @cached_property
    def hash_values(self) -> np.ndarray:
        """The folded code points plus one (so that code point 0 still counts), as uint32."""
        return self.codes + np.uint32(1)

    @cached_property
    def prefix_hash(self) -> PrefixHash:
        return PrefixHash(self.hash_values)

    @cached_property
    def line_keys(self) -> np.ndarray:
        """A hash of each line's folded sample, for finding repeated lines (uint32)."""
        return self.prefix_hash.span(self.starts, self.ends)

    @property
    def ends(self) -> np.ndarray:
        return self.starts + self.sample_lengths

    def selection(self, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``Page.selection`` of every page at once, from a boolean mask over the batch's lines:
        the line numbers to write, page after page, and where each page's run of them begins
        and ends (``bounds[p] : bounds[p + 1]``). Two kept lines of a page get one blank line
        between them, the first one after the earlier line, when any lies between them."""
        kept = np.flatnonzero(keep)
        numbers = self.line_numbers[kept]
        # Per line, the first line at or after it (in the batch) followed by blank lines.
        gap_at = np.where(self.blanks_after > 0, np.arange(len(self)), len(self))
        next_gap = np.minimum.accumulate(gap_at[::-1])[::-1] if len(self) else gap_at
        pages = self.page_of_line[kept]
        separated = np.zeros(len(kept), dtype=bool)
        separated[:-1] = (pages[1:] == pages[:-1]) & (next_gap[kept[:-1]] < kept[1:])
        written = np.empty(len(kept) + int(separated.sum()), dtype=np.int64)
        at = np.arange(len(kept)) + np.cumsum(separated) - separated
        written[at] = numbers
        written[at[separated] + 1] = self.line_numbers[next_gap[kept[separated]]] + 1
        per_page = np.bincount(pages, weights=1 + separated, minlength=len(self.page_sizes)).astype(np.int64)
        return written, np.concatenate(([0], np.cumsum(per_page)))

    @classmethod
    def from_pages(cls, pages: Sequence[Page]) -> "Batch":
        page_sizes = np.fromiter((len(page) for page in pages), dtype=np.int64, count=len(pages))
        texts = list(chain.from_iterable(page.pieces[: page.size] for page in pages))
        stripped = list(map(str.strip, texts))
        stripped_lengths = np.fromiter(map(len, stripped), dtype=np.int64, count=len(texts))
        kept_at = np.flatnonzero(stripped_lengths)
        lines = list(filter(None, stripped))
        raw_lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        left_stripped = np.fromiter(map(len, map(str.lstrip, texts)), dtype=np.int64, count=len(texts))
        indents = (raw_lengths - left_stripped)[kept_at].astype(np.int32)
        page_first_line = np.concatenate(([0], np.cumsum(page_sizes)[:-1])) if len(pages) else page_sizes
        page_of_all = np.repeat(np.arange(len(pages), dtype=np.int64), page_sizes)
        page_of_line = page_of_all[kept_at]
        numbers = kept_at - page_first_line[page_of_line]
        new_page = np.ones(len(kept_at), dtype=bool)
        new_page[1:] = page_of_line[1:] != page_of_line[:-1]
        last_in_page = np.ones(len(kept_at), dtype=bool)
        last_in_page[:-1] = new_page[1:]
        gaps = np.diff(numbers, prepend=0) - 1
        before = np.where(new_page, numbers, gaps)
        after = np.empty_like(before)
        after[:-1] = before[1:]
        after[last_in_page] = (page_sizes[page_of_line] - numbers - 1)[last_in_page]
        return cls(
            lines=lines,
            page_of_line=page_of_line,
            line_numbers=numbers,
            indents=indents,
            blanks_before=before.astype(np.int32),
            blanks_after=after.astype(np.int32),
            page_sizes=page_sizes,
            known_lengths=stripped_lengths[kept_at],
        )
