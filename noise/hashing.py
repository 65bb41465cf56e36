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

import numpy as np

from noise.batch import Batch
from noise.charclass import CJK, DIGIT, LETTER
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


@dataclass
class HashedLines:
    """Sparse rows: feature ``buckets[j]`` occurs in line ``rows[j]`` (repeats allowed)."""

    rows: np.ndarray  # int64
    buckets: np.ndarray  # int64
    n_lines: int

    def counts(self) -> np.ndarray:
        return np.bincount(self.rows, minlength=self.n_lines)

    def subset(self, keep: np.ndarray) -> "HashedLines":
        """The features of the lines where the boolean mask ``keep`` is true, renumbered."""
        new_index = np.cumsum(keep) - 1
        chosen = keep[self.rows]
        return HashedLines(rows=new_index[self.rows[chosen]], buckets=self.buckets[chosen], n_lines=int(keep.sum()))


def _bucket(values: np.ndarray, bits: int) -> np.ndarray:
    return (values >> np.uint32(32 - bits)).astype(np.int64)


def _ngram_hashes(values: np.ndarray, is_newline: np.ndarray, sizes: tuple[int, ...]):
    """For each size: start positions of n-grams without a newline inside, and their hashes.

    Built incrementally: the hash of an n-gram is the hash of its first n-1 characters times P
    plus the last character, so each size costs a multiply and an add over the array.
    """
    n = len(values)
    rolling = values
    inner_newline = np.zeros(n, dtype=bool)
    for size in range(2, max(sizes, default=1) + 1):
        length = n - size + 1
        if length <= 0:
            return
        with np.errstate(over="ignore"):
            rolling = rolling[:length] * _P + values[size - 1 : size - 1 + length]
        if size >= 3:
            inner_newline = inner_newline[:length] | is_newline[size - 2 : size - 2 + length]
        if size in sizes:
            begin = np.flatnonzero(~inner_newline[:length])
            yield size, begin, rolling[begin]


def hash_lines(batch: Batch, spec: HashingSpec) -> HashedLines:
    codes, classes = batch.codes, batch.classes
    values = batch.hash_values
    is_newline = codes == 10
    # Which line each position belongs to; the newline before a line counts as that line's.
    line_at = np.cumsum(is_newline) - 1
    starts, ends = batch.starts, batch.ends

    rows_parts: list[np.ndarray] = []
    bucket_parts: list[np.ndarray] = []
    for size, begin, hashes in _ngram_hashes(values, is_newline, spec.ngram_sizes):
        rows_parts.append(line_at[begin])
        bucket_parts.append(_bucket(_mix(hashes, _SALT_NGRAM + size), spec.bits))

    prefix = batch.prefix_hash
    wordish = ((classes & (LETTER | DIGIT)) != 0) & ((classes & CJK) == 0)
    cjk = (classes & CJK) != 0
    previous_wordish = np.concatenate(([False], wordish[:-1]))
    next_wordish = np.concatenate((wordish[1:], [False]))
    word_begin = np.flatnonzero((wordish & ~previous_wordish) | cjk)
    word_end = np.flatnonzero((wordish & ~next_wordish) | cjk) + 1
    if len(word_begin):
        word_line = line_at[word_begin]
        word_hash = prefix.span(word_begin, word_end)
        rows_parts.append(word_line)
        bucket_parts.append(_bucket(_mix(word_hash, _SALT_WORD), spec.bits))
        first = np.ones(len(word_line), dtype=bool)
        first[1:] = word_line[1:] != word_line[:-1]
        last = np.ones(len(word_line), dtype=bool)
        last[:-1] = first[1:]
        for mask, salt in ((first, _SALT_FIRST_WORD), (last, _SALT_LAST_WORD)):
            rows_parts.append(word_line[mask])
            bucket_parts.append(_bucket(_mix(word_hash[mask], salt), spec.bits))

    short = np.flatnonzero(batch.lengths <= spec.whole_line_max)  # whole line = its sample
    if len(short):
        rows_parts.append(short)
        bucket_parts.append(_bucket(_mix(prefix.span(starts[short], ends[short]), _SALT_LINE), spec.bits))

    if rows_parts:
        rows = np.concatenate(rows_parts)
        buckets = np.concatenate(bucket_parts)
    else:
        rows = buckets = np.zeros(0, dtype=np.int64)
    return HashedLines(rows=rows, buckets=buckets, n_lines=len(starts))
