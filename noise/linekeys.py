"""One key per line, equal for lines that differ only in case, numbers or spacing.

Publisher memory counts how many pages of a publisher carry each key, and an adapted model
remembers the keys of the lines a person labeled. ``Updated 12:04`` and ``updated 9:31`` share a
key; keys are 64-bit BLAKE2b hashes, the same in every process and on every machine.
"""

from __future__ import annotations

import hashlib
import re
from typing import Iterable

import numpy as np

_DIGITS = re.compile(r"\d+")


def normalise(line: str) -> str:
    return " ".join(_DIGITS.sub("0", line.casefold()).split())  # str.split's whitespace is re's \s


def line_keys(lines: Iterable[str]) -> np.ndarray:
    """uint64 key of each line (after ``normalise``)."""
    digest = hashlib.blake2b
    return np.fromiter(
        (int.from_bytes(digest(normalise(line).encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little") for line in lines),
        dtype=np.uint64,
    )


def member(keys: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Which ``keys`` are in the sorted array ``known``."""
    if len(known) == 0 or len(keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(known, keys), len(known) - 1)
    return known[at] == keys
