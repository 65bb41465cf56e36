"""Hashed text features of every line, computed for a whole batch at once with array arithmetic.

Features are character n-grams of the folded text (lower case, digits as ``0``; an n-gram may
include the newline before or after its line, which marks "starts with" and "ends with"), words
(runs of letters and digits; each Han, kana or hangul character is a word of its own), the first
and the last word of the line, and the whole line when it is short. Every feature is hashed into
``2 ** bits`` buckets. The hash is a polynomial rolling hash modulo ``2 ** 64`` computed from prefix
sums, so that every n-gram of every line costs a few array operations instead of a Python loop.

Lines are hashed from their samples (see ``noise.batch``): a long line's first and last characters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from noise.batch import Batch
from noise.charclass import CJK, DIGIT, LETTER

_P = np.uint64(0x100000001B3)  # odd, so invertible modulo 2**64
_P_INVERSE = np.uint64(pow(0x100000001B3, -1, 2**64))
_MIX = np.uint64(0x9E3779B97F4A7C15)

# Salts keep the kinds of features apart in the shared bucket space.
_SALT_NGRAM = 0x51ED270B27A3
_SALT_WORD = 0x2545F4914F6C
_SALT_FIRST_WORD = 0x1B873593A6B1
_SALT_LAST_WORD = 0x7FEB352D5C21
_SALT_LINE = 0x68E31DA4B1F3


@dataclass(frozen=True)
class HashingSpec:
    """What to hash; part of the feature set, so a model records it."""

    bits: int = 20
    ngram_sizes: tuple[int, ...] = (2, 3, 4, 5)
    whole_line_max: int = 60


@dataclass
class HashedLines:
    """Sparse rows: feature ``buckets[j]`` occurs in line ``rows[j]`` (repeats allowed)."""

    rows: np.ndarray  # int64
    buckets: np.ndarray  # int64
    n_lines: int

    def counts(self) -> np.ndarray:
        return np.bincount(self.rows, minlength=self.n_lines)


class _PrefixHash:
    """Position-independent hashes of any span of an array of code points."""

    def __init__(self, codes: np.ndarray) -> None:
        n = len(codes)
        with np.errstate(over="ignore"):
            inverse_powers = np.empty(n, dtype=np.uint64)
            inverse_powers[0] = 1
            if n > 1:
                inverse_powers[1:] = _P_INVERSE
                inverse_powers = np.cumprod(inverse_powers, dtype=np.uint64)
            powers = np.empty(n, dtype=np.uint64)
            powers[0] = 1
            if n > 1:
                powers[1:] = _P
                powers = np.cumprod(powers, dtype=np.uint64)
            terms = (codes.astype(np.uint64) + np.uint64(1)) * inverse_powers
            self._prefix = np.concatenate(([np.uint64(0)], np.cumsum(terms, dtype=np.uint64)))
        self._powers = powers

    def span(self, starts: np.ndarray, stops: np.ndarray, salt: int) -> np.ndarray:
        with np.errstate(over="ignore"):
            value = (self._prefix[stops] - self._prefix[starts]) * self._powers[starts]
            value = value + np.uint64(salt)
            value ^= value >> np.uint64(31)
            value *= _MIX
            value ^= value >> np.uint64(29)
        return value


def _bucket(values: np.ndarray, bits: int) -> np.ndarray:
    return (values >> np.uint64(64 - bits)).astype(np.int64)


def hash_lines(batch: Batch, spec: HashingSpec) -> HashedLines:
    codes, classes = batch.codes, batch.classes
    n = len(codes)
    prefix = _PrefixHash(codes)
    is_newline = codes == 10
    newlines_before = np.concatenate(([0], np.cumsum(is_newline)))  # newlines in codes[:p]
    starts, ends = batch.starts, batch.ends
    # Which line each position belongs to (the newline before a line counts as that line's).
    line_at = newlines_before[1:] - 1

    rows_parts: list[np.ndarray] = []
    bucket_parts: list[np.ndarray] = []

    for size in spec.ngram_sizes:
        if n < size:
            continue
        begin = np.arange(n - size + 1, dtype=np.int64)
        inner_newlines = newlines_before[begin + size - 1] - newlines_before[begin + 1]
        begin = begin[inner_newlines == 0]
        rows_parts.append(line_at[begin])
        bucket_parts.append(_bucket(prefix.span(begin, begin + size, _SALT_NGRAM + size), spec.bits))

    wordish = ((classes & (LETTER | DIGIT)) != 0) & ((classes & CJK) == 0)
    cjk = (classes & CJK) != 0
    previous_wordish = np.concatenate(([False], wordish[:-1]))
    next_wordish = np.concatenate((wordish[1:], [False]))
    word_begin = np.flatnonzero((wordish & ~previous_wordish) | cjk)
    word_end = np.flatnonzero((wordish & ~next_wordish) | cjk) + 1
    if len(word_begin):
        word_line = line_at[word_begin]
        rows_parts.append(word_line)
        bucket_parts.append(_bucket(prefix.span(word_begin, word_end, _SALT_WORD), spec.bits))
        first = np.ones(len(word_line), dtype=bool)
        first[1:] = word_line[1:] != word_line[:-1]
        last = np.ones(len(word_line), dtype=bool)
        last[:-1] = first[1:]
        for mask, salt in ((first, _SALT_FIRST_WORD), (last, _SALT_LAST_WORD)):
            rows_parts.append(word_line[mask])
            bucket_parts.append(_bucket(prefix.span(word_begin[mask], word_end[mask], salt), spec.bits))

    short = np.flatnonzero(batch.lengths <= spec.whole_line_max)  # whole line = its sample
    if len(short):
        rows_parts.append(short)
        bucket_parts.append(_bucket(prefix.span(starts[short], ends[short], _SALT_LINE), spec.bits))

    if rows_parts:
        rows = np.concatenate(rows_parts)
        buckets = np.concatenate(bucket_parts)
    else:
        rows = buckets = np.zeros(0, dtype=np.int64)
    return HashedLines(rows=rows, buckets=buckets, n_lines=len(starts))
