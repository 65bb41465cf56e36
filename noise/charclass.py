"""Per-character lookup tables, so that character-level work runs as numpy array indexing.

Each code point of the Basic Multilingual Plane gets a *folded* value (lower case, every digit
folded to ``0``) and a set of class bits. Code points above the BMP (emoji and rare scripts) fold
to themselves and count as symbols.

The tables ship with the package (``noise/data/charclass.npz``) instead of being rebuilt from
``unicodedata`` at start-up: building them takes a third of a second, and a fixed table gives the
same features on every Python version, whatever Unicode version its ``unicodedata`` carries.
``python -m noise.charclass`` rebuilds the file.
"""

from __future__ import annotations

import sys
import unicodedata
from functools import lru_cache
from importlib import resources

import numpy as np

LETTER = 1
UPPER = 2
DIGIT = 4
SPACE = 8
PUNCT = 16
CJK = 32  # Han, kana, hangul: one character is one word
TERMINAL = 64  # sentence-final punctuation in any script
SYMBOL = 128

_TERMINALS = set(".!?…。！？｡;；")
_BMP = 0x10000
BEYOND_BMP = _BMP  # the lookup-table row shared by every code point above the BMP


def _is_cjk(code: int) -> bool:
    return (
        0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xAC00 <= code <= 0xD7AF  # hangul syllables
        or 0x1100 <= code <= 0x11FF
        or 0x3130 <= code <= 0x318F
        or 0xFF66 <= code <= 0xFF9F
    )


TABLE_FILE = "charclass.npz"


@lru_cache(maxsize=1)
def tables() -> tuple[np.ndarray, np.ndarray]:
    """``(fold, classes)`` for every BMP code point, read from the packaged table file."""
    with resources.files("noise.data").joinpath(TABLE_FILE).open("rb") as handle:
        stored = np.load(handle)
        return stored["fold"], stored["classes"]


def build_tables() -> tuple[np.ndarray, np.ndarray]:
    """Build ``(fold, classes)`` from this Python's ``unicodedata``: uint32 and uint8 arrays."""
    fold = np.arange(_BMP, dtype=np.uint32)
    classes = np.zeros(_BMP, dtype=np.uint8)
    for code in range(_BMP):
        char = chr(code)
        category = unicodedata.category(char)
        bits = 0
        major = category[0]
        if major == "L":
            bits |= LETTER
            if category == "Lu" or category == "Lt":
                bits |= UPPER
            if _is_cjk(code):
                bits |= CJK
        elif major == "N":
            bits |= DIGIT
            fold[code] = ord("0")
        elif major == "Z" or char in "\t\r\x0b\x0c":
            bits |= SPACE
        elif major == "P":
            bits |= PUNCT
        elif major == "S":
            bits |= SYMBOL
        elif major == "M":
            bits |= LETTER
        if char in _TERMINALS:
            bits |= TERMINAL
        classes[code] = bits
        if bits & LETTER:
            lower = char.lower()
            if len(lower) == 1:
                fold[code] = ord(lower)
    classes[ord("\n")] = 0
    return fold, classes


def table_index(codes: np.ndarray) -> np.ndarray:
    """Each code point's row in the lookup tables, as ``intp``: the code point itself within the
    BMP, row ``BEYOND_BMP`` for every code point above it. Index once, look up many tables."""
    index = np.empty(len(codes), dtype=np.intp)
    np.minimum(codes, np.uint32(BEYOND_BMP), out=index, casting="unsafe")
    return index


@lru_cache(maxsize=1)
def indexed_tables() -> tuple[np.ndarray, np.ndarray]:
    """``tables()`` with one more row, ``BEYOND_BMP``: a symbol (its fold is its own code point,
    which ``fold_and_classify`` fills in)."""
    fold, classes = tables()
    return np.append(fold, np.uint32(0)), np.append(classes, np.uint8(SYMBOL))


def fold_and_classify(codes: np.ndarray, index: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Folded code points and class bits for an array of code points of any plane
    (``index``: their ``table_index``, if already at hand)."""
    fold_table, class_table = indexed_tables()
    index = table_index(codes) if index is None else index
    folded = fold_table[index]
    beyond = np.flatnonzero(codes >= _BMP)
    folded[beyond] = codes[beyond]
    return folded, class_table[index]


def write_tables(path) -> None:
    fold, classes = build_tables()
    np.savez_compressed(path, fold=fold, classes=classes, unidata_version=np.array(unicodedata.unidata_version))


if __name__ == "__main__":
    write_tables(sys.argv[1] if len(sys.argv) > 1 else resources.files("noise.data").joinpath(TABLE_FILE))
