"""Where a line sits and what surrounds it: position, neighbours, the article block, repetition.

Everything here works on per-line arrays of a whole batch and never crosses a page boundary:
neighbours beyond the first or last line of a page are filled with a neutral value, window sums
use per-page prefix sums, and the "article block" is searched page by page.

A page's columns are the same whichever pages share its batch (``Cleaner.clean(text)`` and
``clean_batch([..., text, ...])`` agree). Sums are therefore taken in integers: each line's value
in whole units of 2**-24, about a float32's resolution. A float running sum rounds more coarsely the
larger it grows, so a difference of two of its terms depended on the pages before; that moved a
page's "article block" when two of its lines tied, and with it a verdict (0.847 alone, 0.916 after
another page, of a menu line). An int64 sum wraps silently, but a difference within one page is
exact while the page's own sum stays below 2**39 units (5e11 characters of reading length).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain

import numpy as np

from noise.batch import Batch, Layout
from noise.charclass import BEYOND_BMP, table_index

# A page title line: "Headline | Site", "Headline - Site", "Site: Headline", and as Chinese sites
# write them (cwced_zh: "…_新浪网", "…--大河网"), "Headline_Site", "Headline--Site",
# "Headline——Site", "Site：Headline" (the full-width forms are not measured on their own).
# A lone unspaced hyphen is not one: in Latin text it joins words. The regex sees only stretches
# of whitespace and separator characters (``_separator_spans``), never the letters around them.
_TITLE_SEPARATORS = re.compile(r"\s+[|·•»–—-]\s+|\s*[|｜]\s*|:\s+|\s*[_＿]+\s*|\s*-{2,}\s*|\s*—{2}\s*|\s*：\s*")
_SEPARATOR_CHARS = "|·•»–—-｜:_＿："  # a match is whitespace and these, nothing else
_UNDERSCORES = (ord("_"), ord("＿"))  # separators that no shape mark counts


SUM_UNITS = float(2**24)  # a value's resolution in the exact sums: 6e-8


class PageArrays:
    """Page-respecting shifts, windows and sums over one batch's per-line arrays."""

    def __init__(self, layout: Layout) -> None:
        self.n = len(layout)
        self.page = layout.page_of_line
        self.first = layout.first_of_page
        self.last = layout.last_of_page
        self.index = np.arange(self.n, dtype=np.int64)
        self.size = (self.last - self.first + 1).astype(np.float64)
        self.position = self.index - self.first

    def shift(self, values: np.ndarray, offset: int, fill: float = 0.0) -> np.ndarray:
        """``values`` of the line ``offset`` lines away (negative: above), ``fill`` past the page edge."""
        shifted = np.full(self.n, fill, dtype=np.result_type(values, fill))
        if offset >= 0:
            shifted[: max(self.n - offset, 0)] = values[offset:]
            shifted[self.last - self.index < offset] = fill
        else:
            shifted[-offset:] = values[: max(self.n + offset, 0)]
            shifted[self.position < -offset] = fill
        return shifted

    def prefix(self, values: np.ndarray) -> np.ndarray:
        """Running sums of ``values`` over the batch, in int64 units of ``1 / SUM_UNITS`` (see the
        module's docstring): their differences within a page are exact."""
        units = np.rint(np.asarray(values, dtype=np.float64) * SUM_UNITS).astype(np.int64)
        return np.concatenate((np.zeros(1, dtype=np.int64), np.cumsum(units)))

    def window_mean(self, values: np.ndarray, radius: int, prefix: np.ndarray | None = None) -> np.ndarray:
        prefix = self.prefix(values) if prefix is None else prefix
        low = np.maximum(self.index - radius, self.first)
        high = np.minimum(self.index + radius, self.last) + 1
        return (prefix[high] - prefix[low]) / SUM_UNITS / (high - low)

    def sum_before_after(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sum over the page strictly above each line, strictly below, and the page total."""
        prefix = self.prefix(values)
        before = prefix[self.index] - prefix[self.first]
        total = prefix[self.last + 1] - prefix[self.first]
        after = total - before - (prefix[self.index + 1] - prefix[self.index])
        return before / SUM_UNITS, after / SUM_UNITS, total / SUM_UNITS

    def page_mean(self, values: np.ndarray, prefix: np.ndarray | None = None) -> np.ndarray:
        prefix = self.prefix(values) if prefix is None else prefix
        return (prefix[self.last + 1] - prefix[self.first]) / SUM_UNITS / self.size

    def run_length(self, mask: np.ndarray) -> np.ndarray:
        """Length of the run of consecutive ``True`` lines (within a page) each line is part of; 0 if False."""
        if self.n == 0:
            return np.zeros(0)
        breaks = np.ones(self.n, dtype=bool)
        breaks[1:] = (mask[1:] != mask[:-1]) | (self.page[1:] != self.page[:-1])
        run_id = np.cumsum(breaks) - 1
        lengths = np.bincount(run_id)
        return np.where(mask, lengths[run_id], 0).astype(np.float64)

    def nearest_above(self, mask: np.ndarray) -> np.ndarray:
        """Index of the closest line strictly above in the same page where ``mask`` holds, else -1."""
        marked = np.where(mask, self.index, -1)
        running = np.maximum.accumulate(marked) if self.n else marked
        above = np.concatenate(([-1], running[:-1]))
        return np.where(above >= self.first, above, -1)

    def nearest_below(self, mask: np.ndarray) -> np.ndarray:
        """Index of the closest line strictly below in the same page where ``mask`` holds, else -1."""
        marked = np.where(mask, self.index, self.n)
        running = np.minimum.accumulate(marked[::-1])[::-1] if self.n else marked
        below = np.concatenate((running[1:], [self.n]))
        return np.where(below <= self.last, below, -1)

    def page_min(self, values: np.ndarray) -> np.ndarray:
        if self.n == 0:
            return values
        page_starts = self._page_starts()
        minima = np.minimum.reduceat(values, page_starts)
        return np.repeat(minima, np.diff(np.r_[page_starts, self.n]))

    def best_block(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per line: first and last line index of its page's maximum-sum contiguous run of ``values``."""
        block_start = np.zeros(self.n, dtype=np.int64)
        block_end = np.zeros(self.n, dtype=np.int64)
        if self.n == 0:
            return block_start, block_end
        page_starts = self._page_starts()
        page_stops = np.r_[page_starts[1:], self.n]
        prefix = self.prefix(values)
        for start, stop in zip(page_starts, page_stops):
            sums = prefix[start : stop + 1] - prefix[start]
            lowest_before = np.minimum.accumulate(sums[:-1])
            gains = sums[1:] - lowest_before
            end = int(np.argmax(gains))
            begin = int(np.argmax(sums[: end + 1] == lowest_before[end]))
            block_start[start:stop] = start + begin
            block_end[start:stop] = start + end
        return block_start, block_end

    def _page_starts(self) -> np.ndarray:
        return np.flatnonzero(np.r_[True, self.page[1:] != self.page[:-1]])


def repetition_columns(batch: Batch, has_separator: np.ndarray) -> list[np.ndarray]:
    """Copies of the line within its page, first-copy flag, and "looks like the page's title line":
    a line with a separator (``has_separator``: a pipe, dash, colon or guillemet; an underscore is
    checked here) one of whose parts is another line of the page ("Headline | Site" above
    "Headline"), and where each line sits relative to that headline (the article starts there).
    Lines are compared by the hash of their folded samples (case and digits ignored)."""
    n = len(batch)
    table_rows = batch.table_index
    underscores = batch.per_line((table_rows == _UNDERSCORES[0]) | (table_rows == _UNDERSCORES[1])) > 0
    has_separator = has_separator | underscores
    keys = (batch.page_of_line << 32) | batch.line_keys.astype(np.int64)
    unique_keys, first_index, inverse, counts = np.unique(keys, return_index=True, return_inverse=True, return_counts=True)
    copies = counts[inverse].astype(np.float64)
    first_copy = first_index[inverse] == np.arange(n)
    titled = np.zeros(n)
    whole = batch.sample_lengths == batch.lengths  # parts can be hashed from the sample
    owner, part_starts, part_stops = _title_parts(batch, np.flatnonzero(has_separator & whole))
    headline_of_page = np.full(len(batch.page_sizes), -1, dtype=np.int64)
    if len(owner):
        part_keys = (batch.page_of_line[owner] << 32) | batch.prefix_hash.span(part_starts, part_stops).astype(np.int64)
        found = np.minimum(np.searchsorted(unique_keys, part_keys), len(unique_keys) - 1)
        matched = unique_keys[found] == part_keys
        titled[owner[matched]] = 1.0
        # The headline: the first line a page's first title line points to.
        target = first_index[found[matched]]
        pages = batch.page_of_line[owner[matched]]
        first_of_page = np.ones(len(pages), dtype=bool)
        first_of_page[1:] = pages[1:] != pages[:-1]
        headline_of_page[pages[first_of_page]] = target[first_of_page]
    headline = headline_of_page[batch.page_of_line]
    has_headline = headline >= 0
    offset = np.where(has_headline, np.arange(n) - headline, 0)
    signed_log_offset = np.sign(offset) * np.log1p(np.abs(offset))
    return [np.log(copies), first_copy, titled, has_headline, signed_log_offset, has_headline & (offset == 0)]


def _title_parts(batch: Batch, lines: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The parts of ``lines`` (whole lines, in order) between title separators, stripped, that are
    12 characters or longer yet shorter than their line: owner line, start and stop in the batch's
    sample positions, in order. A part's ends move inward past whitespace a step at a time, for
    every part at once (whole lines are short)."""
    if not len(lines):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    lengths = batch.lengths[lines]
    offsets = np.cumsum(lengths + 1) - (lengths + 1)  # of each line in the joined text
    spans = _separator_spans("\0".join([batch.lines[i] for i in lines.tolist()]))
    part_begin = np.sort(np.concatenate((offsets, spans[:, 1])))
    part_end = np.sort(np.concatenate((spans[:, 0], offsets + lengths)))
    part_line = np.searchsorted(offsets, part_begin, side="right") - 1
    to_sample = batch.starts[lines][part_line] - offsets[part_line]
    left, right = part_begin + to_sample, part_end + to_sample
    kinds, rows = _character_kinds(), batch.table_index
    while (moving := (left < right) & (kinds[rows[left]] == _SPACE)).any():
        left += moving
    while (moving := (left < right) & (kinds[rows[right - 1]] == _SPACE)).any():
        right -= moving
    size = right - left
    keep = (size >= 12) & (size < lengths[part_line])
    return lines[part_line[keep]], left[keep], right[keep]


def _separator_spans(text: str) -> np.ndarray:
    """``(start, end)`` of every ``_TITLE_SEPARATORS`` match in ``text`` (lines joined by NULs), as
    an (n, 2) array. A match is a stretch of whitespace and separator characters, so the regex
    runs only over those stretches that hold a separator, joined by NULs (which no match spans)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    kinds = _character_kinds()[table_index(codes)]
    in_stretch = np.concatenate(([False], kinds != 0, [False]))
    edges = np.flatnonzero(in_stretch[1:] != in_stretch[:-1])
    stretch_starts, stretch_ends = edges[0::2], edges[1::2]
    separators = np.flatnonzero(kinds == _SEPARATOR)
    if not len(separators):
        return np.zeros((0, 2), dtype=np.int64)
    # A stretch holds a separator when the first separator at or after its start lies before its end.
    following = np.searchsorted(separators, stretch_starts)
    has_separator = separators[np.minimum(following, len(separators) - 1)] < stretch_ends
    has_separator &= following < len(separators)
    stretch_starts, stretch_ends = stretch_starts[has_separator], stretch_ends[has_separator]
    # Positions in ``text`` of the characters of the kept stretches, each followed by a NUL (-1).
    sizes = stretch_ends - stretch_starts + 1
    positions = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes - stretch_starts, sizes)
    positions[np.cumsum(sizes) - 1] = -1
    kept = np.where(positions >= 0, codes[positions], 0).astype(np.uint32)
    matches = _TITLE_SEPARATORS.finditer(kept.tobytes().decode("utf-32-le"))
    spans = np.fromiter(chain.from_iterable(map(re.Match.span, matches)), dtype=np.int64).reshape(-1, 2)
    return np.column_stack((positions[spans[:, 0]], positions[spans[:, 1] - 1] + 1))


_SPACE, _SEPARATOR = 1, 2


@lru_cache(maxsize=1)
def _character_kinds() -> np.ndarray:
    """Row of ``charclass.table_index`` -> ``_SPACE`` for whitespace (what ``\\s`` matches and
    ``str.strip`` strips; none lies beyond the BMP), ``_SEPARATOR`` for ``_SEPARATOR_CHARS``, else 0."""
    bmp = np.arange(BEYOND_BMP, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    kinds = np.zeros(BEYOND_BMP + 1, dtype=np.uint8)
    kinds[[match.start() for match in re.finditer(r"\s", bmp)]] = _SPACE
    kinds[[ord(char) for char in _SEPARATOR_CHARS]] = _SEPARATOR
    return kinds


REPETITION_NAMES = (
    "log_copies_in_page",
    "first_copy",
    "title_of_a_line_below",
    "page_has_headline",
    "signed_log_lines_from_headline",
    "is_headline",
)
