"""One key per line, equal for lines that differ only in case, numbers or spacing.

Publisher memory counts how many pages of a publisher carry each key, and an adapted model
remembers the keys of the lines a person labeled. ``Updated 12:04`` and ``updated 9:31`` share a
key: two lines get the same key exactly when their ``normalise`` strings are equal (casefolded,
every run of decimal digits one ``0``, whitespace runs one space, none at either end), up to
collisions of the hash below. Keys are the same in every process and on every machine.

**Normalising many lines at once.** ``line_keys`` joins the (stripped) lines into one array of
code points, a chunk of about ``CHUNK_CHARS`` at a time, and normalises them through one lookup
table over the Basic Multilingual Plane, built on first use from this Python's ``str.casefold``,
``re``'s ``\\d`` and ``str.isspace``, so that it agrees with ``normalise`` by construction: each
code point's hash value ``F`` of its normalised form (``0`` for every decimal digit, a space for
every whitespace character). A position whose value repeats the digit or the space before it in
the same line is dropped; the rest is the normalised line. The few lines the table cannot take,
those with a character whose casefold is more than one character (``ß`` -> ``ss``) or one above
the BMP (emoji), go through ``normalise`` itself, one by one; either way the key is the same hash
of the normalised code points, so the two paths always agree. (Like ``normalise``, the keys of
lines with characters that a newer Unicode version folds differently depend on the Python.)

**The hash.** A multilinear hash modulo 2**64 of the normalised code points, finished by
splitmix64's finaliser with the length: ``mix(sum_j F(c_j) * W_j + mix(n))`` where
``F(c) = mix(c)`` spreads each code point over 64 bits, ``W_j = mix(j + SALT) | 1`` is a fixed
odd weight per position and ``mix`` is splitmix64 (Steele, Lea and Flood 2014). For weights
drawn at random, two distinct strings of the same length collide with probability about
2**-63 (Lemire and Kaser 2016, multilinear hashing; a position where they differ needs its
weight to hit one value modulo 2**64, and ``W_j`` is odd); strings of different lengths differ
in the length as well. Among a million distinct lines a collision is expected with probability
about 1e-7. Unlike a polynomial hash modulo 2**64 it has no collisions by construction
(Thue–Morse strings collide for every base of such a hash). The weights are fixed constants, so
the hash is not meant to resist someone crafting collisions on purpose.

Keys changed from 64-bit BLAKE2b digests of the UTF-8 normalised line to this hash. ``KEYS``
names the hash: a model with a publisher layer records it (``adaptation.line_keys`` in its
metadata), and loading refuses a layer whose keys were made by another one, which would
otherwise match no line and change the model's answers without a word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

import numpy as np

_DIGITS = re.compile(r"\d+")
_BMP = 0x10000
_SALT = 0x6E6F697365  # "noise"
CHUNK_CHARS = 1 << 17
KEYS = "multilinear64-1"  # change it whenever a line's key changes


def normalise(line: str) -> str:
    return " ".join(_DIGITS.sub("0", line.casefold()).split())  # str.split's whitespace is re's \s


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's output function over uint64 (a bijection, every output bit depends on every input bit)."""
    with np.errstate(over="ignore"):
        z = values + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


@lru_cache(maxsize=1)
def _table() -> np.ndarray:
    """``F`` of each BMP code point's normalised form (``0`` for a digit, a space for whitespace),
    and 0 for code points the table cannot take (a casefold longer than one character), plus
    row ``_BMP`` for every code point above the BMP, also 0. Built in about 30 ms on first use."""
    folded = [chr(code).casefold() for code in range(_BMP)]
    single = np.fromiter(map(len, folded), dtype=np.int64, count=_BMP) == 1
    codes = np.array([ord(text) if len(text) == 1 else code for code, text in enumerate(folded)], dtype=np.uint64)
    text = "".join(map(chr, codes.tolist()))  # one character per code point
    digit = np.zeros(_BMP, dtype=bool)
    digit[[match.start() for match in re.finditer(r"\d", text)]] = True
    space = np.fromiter(map(str.isspace, text), dtype=bool, count=_BMP)
    normal = np.where(digit, np.uint64(ord("0")), np.where(space, np.uint64(ord(" ")), codes))
    table = np.zeros(_BMP + 1, dtype=np.uint64)
    table[:_BMP] = np.where(single, _mix(normal), np.uint64(0))
    assert np.count_nonzero(table) == np.count_nonzero(single)  # 0 marks only the slow rows
    return table


class _Weights:
    """``W_j`` for positions ``j < n``, grown on demand."""

    def __init__(self) -> None:
        self.weights = np.zeros(0, dtype=np.uint64)

    def up_to(self, n: int) -> np.ndarray:
        weights = self.weights  # one read: another thread may replace it meanwhile
        if len(weights) < n:
            size = max(n, 2 * len(weights), 1024)
            weights = _mix(np.arange(size, dtype=np.uint64) + np.uint64(_SALT)) | np.uint64(1)
            self.weights = weights
        return weights


_WEIGHTS = _Weights()
_ZERO = np.uint64(0)


def _keys(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The key of each line, given ``F`` of its normalised code points (``values``, line after
    line, overwritten) and how many each line has (``counts``)."""
    firsts = np.cumsum(counts) - counts
    filled = counts > 0
    firsts, filled_counts = firsts[filled], counts[filled]
    # each value's position in its line: a running count that restarts at every line
    position = np.ones(len(values), dtype=np.int64)
    position[firsts[1:]] = 1 - filled_counts[:-1]
    position[:1] = 0
    np.cumsum(position, out=position)
    with np.errstate(over="ignore"):
        values *= _WEIGHTS.up_to(int(counts.max(initial=0)))[position]
        sums = np.zeros(len(counts), dtype=np.uint64)
        if len(firsts):
            sums[filled] = np.add.reduceat(values, firsts)
        return _mix(sums + _mix(counts.astype(np.uint64)))


def line_keys(lines: Iterable[str]) -> np.ndarray:
    """uint64 key of each line (after ``normalise``)."""
    lines = list(map(str.strip, lines))  # normalise drops whitespace at either end; strip drops the same
    lengths = np.fromiter(map(len, lines), dtype=np.int64, count=len(lines))
    # Chunks of about CHUNK_CHARS characters: their arrays stay in the CPU cache.
    bounds = np.searchsorted(np.cumsum(lengths), np.arange(CHUNK_CHARS, int(lengths.sum()), CHUNK_CHARS))
    bounds = np.unique(np.concatenate(([0], bounds, [len(lines)]))).tolist()
    keys = np.empty(len(lines), dtype=np.uint64)
    for first, end in zip(bounds[:-1], bounds[1:]):
        keys[first:end] = _chunk_keys(lines[first:end], lengths[first:end])
    return keys


def _chunk_keys(lines: list[str], lengths: np.ndarray) -> np.ndarray:
    """``line_keys`` of stripped lines."""
    ends = np.cumsum(lengths)
    row = np.frombuffer("".join(lines).encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.intp)
    np.minimum(row, _BMP, out=row)
    table = _table()
    values = table[row]
    # Drop a position that repeats the digit or the space before it in the same line (a stripped
    # line neither begins nor ends with whitespace: each run of whitespace leaves one space).
    repeated = np.flatnonzero(values[1:] == values[:-1]) + 1
    again = values[repeated]
    repeated = repeated[(again == table[ord("0")]) | (again == table[ord(" ")])]
    line_start = np.zeros(len(values) + 1, dtype=bool)
    line_start[ends - lengths] = True
    dropped = repeated[~line_start[repeated]]
    counts = lengths - np.bincount(np.searchsorted(ends, dropped, side="right"), minlength=len(lines))
    slow_at = np.flatnonzero(values == _ZERO)
    keys = _keys(np.delete(values, dropped), counts)
    if len(slow_at):
        slow = np.unique(np.searchsorted(ends, slow_at, side="right")).tolist()
        keys[slow] = _normalised_keys([normalise(lines[i]) for i in slow])
    return keys


def _normalised_keys(normalised: list[str]) -> np.ndarray:
    """Keys of strings already normalised, whatever characters they hold."""
    counts = np.fromiter(map(len, normalised), dtype=np.int64, count=len(normalised))
    codes = np.frombuffer("".join(normalised).encode("utf-32-le", "surrogatepass"), dtype="<u4")
    return _keys(_mix(codes.astype(np.uint64)), counts)


def member(keys: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Which ``keys`` are in the sorted array ``known``."""
    if len(known) == 0 or len(keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(known, keys), len(known) - 1)
    return known[at] == keys


def pages_per_key(keys: np.ndarray, page_of_line: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each distinct key (uint64, sorted) and on how many distinct pages it occurs."""
    _, first_of_pair = np.unique(pair_numbers(keys, page_of_line), return_index=True)
    return np.unique(keys.view(np.uint64)[first_of_pair], return_counts=True)


def pair_numbers(keys: np.ndarray, page_of_line: np.ndarray) -> np.ndarray:
    """One 64-bit number per (key, page) pair, for a one-dimensional ``np.unique`` (a row-wise one
    sorts ten times slower): keys are random 64-bit hashes, so two pairs of a group colliding is
    as unlikely as two keys colliding."""
    with np.errstate(over="ignore"):
        return keys.view(np.uint64) ^ (np.asarray(page_of_line).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
