"""Hashed text features of every line, computed for a whole batch at once with array arithmetic.

Features are character n-grams (3 and 5 characters: as good as 2 to 5 together, at half the cost) of the folded text (lower case, digits as ``0``; an n-gram may
include the newline before or after its line, which marks "starts with" and "ends with"), words
(runs of letters and digits; each Han, kana or hangul character is a word of its own), the first
and the last word of the line, and the whole line when it is short. Every feature is hashed into
``2 ** bits`` buckets. N-grams use a polynomial rolling hash modulo ``2 ** 32`` grown one
character at a time over the whole array; words (of any length) use the same hash computed
from prefix sums. Every n-gram of every line costs a few array operations, never a Python loop.

Lines are hashed from their samples (see ``noise.batch``): a long line's first and last characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from noise.batch import Batch
from noise.charclass import CJK
from noise.rolling import P as _P
from noise.rolling import mix as _mix

# Salts keep the kinds of features apart in the shared bucket space.
_SALT_NGRAM = 0x51ED270B
_SALT_WORD = 0x2545F491
_SALT_FIRST_WORD = 0x1B873593
_SALT_LAST_WORD = 0x7FEB352D
_SALT_LINE = 0x68E31DA4


@dataclass(frozen=True)
class HashingSpec:
    """What to hash; part of the feature set, so a model records it."""

    bits: int = 20
    ngram_sizes: tuple[int, ...] = (3, 5)
    whole_line_max: int = 60


class HashedLines:
    """Sparse rows: feature ``buckets[j]`` occurs in line ``rows[j]`` (repeats allowed).

    ``kind_counts`` (kinds, lines), when the features are stored kind after kind and each kind by
    line (as ``hash_lines`` stores them), says how many features of each kind each line has: then
    ``rows`` follows from it and is built only when asked for (scoring never asks), and
    ``line_sums`` adds each line's run of values instead of scattering them by ``rows``.
    ``line_counts`` is ``counts()``, when known."""

    def __init__(
        self,
        rows: np.ndarray | None,
        buckets: np.ndarray,
        n_lines: int,
        line_counts: np.ndarray | None = None,
        kind_counts: np.ndarray | None = None,
    ) -> None:
        if rows is None and kind_counts is None:
            raise ValueError("HashedLines needs the rows of its features or the counts of each kind")
        if rows is not None:
            self.rows = rows  # int64; stored where the cached property would put it
        self.buckets = buckets  # int64
        self.n_lines = n_lines
        self.line_counts = line_counts
        self.kind_counts = kind_counts

    @cached_property
    def rows(self) -> np.ndarray:
        """The line of every feature (int64), from ``kind_counts``."""
        kinds = len(self.kind_counts)
        return np.repeat(np.tile(np.arange(self.n_lines, dtype=np.int64), kinds), self.kind_counts.reshape(-1))

    def counts(self) -> np.ndarray:
        """Features per line (int64)."""
        if self.line_counts is not None:
            return self.line_counts
        return np.bincount(self.rows, minlength=self.n_lines)

    def line_sums(self, values: np.ndarray) -> np.ndarray:
        """Per line, the float64 sum of ``values`` (one per feature, in this order): what
        ``np.bincount(rows, weights=values)`` gives, up to rounding (each kind's run is summed
        first, then the kinds). Where ``kind_counts`` says where each line's runs are, they are
        summed run by run: a scatter over millions of features costs more than contiguous sums."""
        if self.kind_counts is None:
            return np.bincount(self.rows, weights=values, minlength=self.n_lines)
        sums = np.zeros(self.n_lines)
        start = 0
        for lines, run_starts, total in self._runs:
            if total:
                sums[lines] += np.add.reduceat(values[start : start + total], run_starts, dtype=np.float64)
            start += total
        return sums

    @cached_property
    def _runs(self) -> list[tuple[np.ndarray, np.ndarray, int]]:
        """Per feature kind: the lines that have features of it, where each one's run begins among
        the kind's features, and how many features the kind has (worked out once: a category
        model sums once per category)."""
        runs = []
        for counts in self.kind_counts:
            lines = np.flatnonzero(counts)
            runs.append((lines, np.cumsum(counts[lines]) - counts[lines], int(counts.sum())))
        return runs

    def with_buckets(self, buckets: np.ndarray) -> "HashedLines":
        """The same features of the same lines in other buckets (one per feature, in order)."""
        return HashedLines(self.__dict__.get("rows"), buckets, self.n_lines, self.line_counts, self.kind_counts)

    def subset(self, keep: np.ndarray) -> "HashedLines":
        """The features of the lines where the boolean mask ``keep`` is true, renumbered."""
        new_index = np.cumsum(keep) - 1
        chosen = keep[self.rows]
        counts = None if self.line_counts is None else self.line_counts[keep]
        return HashedLines(new_index[self.rows[chosen]], self.buckets[chosen], int(keep.sum()), counts)


class _Buckets:
    """The bucket numbers of every feature, filled one kind of feature after another."""

    def __init__(self, total: int, bits: int) -> None:
        self.buckets = np.empty(total, dtype=np.int64)
        self.filled = 0
        self._shift = np.uint32(32 - bits)

    def add(self, hashes: np.ndarray, salt: int) -> None:
        """Append the buckets of features from their ``hashes`` (uint32; overwritten)."""
        stop = self.filled + len(hashes)
        mixed = _mix(hashes, salt, out=hashes)
        self.buckets[self.filled : stop] = np.right_shift(mixed, self._shift, out=mixed)
        self.filled = stop


def _ngram_hashes(values: np.ndarray, is_newline: np.ndarray, sizes: list[int]):
    """For each size, increasing: the hashes of the n-grams without a newline inside, in order.

    Built incrementally over the whole array: the hash of an n-gram is the hash of its first n-1
    characters times P plus the last character, so each size costs a multiply and an add.
    """
    n = len(values)
    if not sizes or n < 2:
        return
    rolling = values[: n - 1] * _P
    rolling += values[1:]
    inner_newline = np.zeros(n - 1, dtype=bool)
    for size in range(2, sizes[-1] + 1):
        length = n - size + 1
        if length <= 0:
            return
        if size >= 3:
            rolling = rolling[:length]
            rolling *= _P
            rolling += values[size - 1 :]
            inner_newline = inner_newline[:length] | is_newline[size - 2 : size - 2 + length]
        if size in sizes:
            yield size, rolling[~inner_newline]


def _ngrams_per_line(sample_lengths: np.ndarray, size: int) -> np.ndarray:
    """N-grams of ``size`` per line: those of the sample with the newlines before and after it,
    from the one starting at the newline before to the one ending at the newline after."""
    return np.maximum(sample_lengths + 3 - size, 0)


@dataclass
class _Words:
    """Every word of the batch in order: where it begins and ends, and how many each line has."""

    begin: np.ndarray
    end: np.ndarray
    per_line: np.ndarray

    @classmethod
    def of(cls, batch: Batch) -> "_Words":
        cjk = (batch.classes & CJK) != 0
        next_wordish = np.zeros_like(batch.wordish)
        next_wordish[:-1] = batch.wordish[1:]
        begin = np.flatnonzero(batch.word_starts | cjk)
        end = np.flatnonzero((batch.wordish & ~next_wordish) | cjk) + 1
        return cls(begin, end, batch.word_counts)

    def first_and_last(self) -> tuple[np.ndarray, np.ndarray]:
        """The index of the first and of the last word of each line that has words."""
        has_words = self.per_line > 0
        words_up_to = np.cumsum(self.per_line)
        return (words_up_to - self.per_line)[has_words], (words_up_to - 1)[has_words]


def hash_lines(batch: Batch, spec: HashingSpec) -> HashedLines:
    """Every feature of every line, in this order: n-grams by size, words, first words, last
    words, whole short lines; each kind ordered by line and position."""
    n_lines = len(batch)
    if n_lines == 0:
        empty = np.zeros(0, dtype=np.int64)
        return HashedLines(empty, empty.copy(), 0, empty.copy())
    sizes = sorted({size for size in spec.ngram_sizes if size >= 2})
    ngram_counts = [_ngrams_per_line(batch.sample_lengths, size) for size in sizes]
    words = _Words.of(batch)
    first_word, last_word = words.first_and_last()
    is_short = batch.lengths <= spec.whole_line_max  # the whole line is its sample
    has_words = words.per_line > 0
    # Features of each kind per line, kind after kind (``HashedLines.rows`` follows from them).
    kind_counts = np.stack([*ngram_counts, words.per_line, has_words, has_words, is_short]).astype(np.int64, copy=False)
    line_counts = sum(ngram_counts, words.per_line + 2 * has_words + is_short)

    out = _Buckets(int(kind_counts.sum()), spec.bits)
    for size, hashes in _ngram_hashes(batch.hash_values, batch.codes == 10, sizes):
        out.add(hashes, _SALT_NGRAM + size)
    word_hash = batch.prefix_hash.span(words.begin, words.end)
    first_hash, last_hash = word_hash[first_word], word_hash[last_word]
    out.add(word_hash, _SALT_WORD)
    out.add(first_hash, _SALT_FIRST_WORD)
    out.add(last_hash, _SALT_LAST_WORD)
    out.add(batch.line_keys[is_short], _SALT_LINE)
    return HashedLines(None, out.buckets, n_lines, line_counts, kind_counts)
