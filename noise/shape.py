"""What a line looks like, whatever its language: length, case, digits, punctuation, marks.

Counts come from the batch's per-character class bits, summed per line in one
``np.add.reduceat`` over the line samples (see ``noise.batch``), so shares describe a long line's
beginning and end. Telling characters (``@ | © / : # [ ( » •`` and a few more) are counted per
line through a lookup table; a handful of patterns (web addresses, copyright words) come from
a regular expression run once over the whole batch text.
"""

from __future__ import annotations

import re

import numpy as np

from noise.batch import Batch
from noise.charclass import CJK, DIGIT, LETTER, PUNCT, SPACE, SYMBOL, TERMINAL, UPPER

_MARKS = {
    "at": "@＠",
    "pipe": "|｜¦",
    "copyright_sign": "©®™",
    "slash": "/",
    "colon": ":：",
    "hash": "#＃",
    "open_bracket": "[(【（「『<{",
    "guillemet": "»›«‹>",
    "bullet": "•·●▪■►▶◆★☆",
    "dash": "-–—",
    "quote": "\"'“”‘’„«»「」",
    "comma": ",，、",
}
_MARK_TABLE = np.zeros(0x10000, dtype=np.uint8)
for _number, _chars in enumerate(_MARKS.values(), start=1):
    for _char in _chars:
        _MARK_TABLE[ord(_char)] = _number

_PATTERNS = {
    "url": re.compile(r"https?:|www\.|\.(?:com|org|net|html?|php)\b"),
}

# Characters a line may end with, checked against the line's last code point.
_END_CHARS = {
    "ends_colon": ":：",
    "ends_comma": ",，、;",
    "ends_close": ")]）】」』\"'”’»",
    "ends_dash": "-–—|/»›>",
}

FEATURE_NAMES = (
    "log_chars",
    "log_words",
    "mean_word_length",
    "share_letters",
    "share_upper",
    "share_digits",
    "share_space",
    "share_punct",
    "share_symbols",
    "share_cjk",
    "share_non_ascii",
    "terminals_per_word",
    "ends_terminal",
    "starts_upper",
    "starts_digit",
    "starts_punct",
    "title_case_words",
    "ends_lower_letter",
    *_END_CHARS,
    *(f"marks_{name}" for name in _MARKS),
    *(f"has_{name}" for name in _PATTERNS),
    "log_indent",
)


def _pattern_counts(batch: Batch) -> list[np.ndarray]:
    text = batch.sample_text
    counts = []
    for pattern in _PATTERNS.values():
        positions = np.fromiter((m.start() for m in pattern.finditer(text)), dtype=np.int64)
        lines = np.searchsorted(batch.starts, positions, side="right") - 1
        counts.append(np.bincount(lines, minlength=len(batch))[: len(batch)])
    return counts


def _mark_counts(batch: Batch) -> np.ndarray:
    codes = batch.raw_codes
    marks = _MARK_TABLE[np.minimum(codes, 0xFFFF)] * (codes <= 0xFFFF)
    where = np.flatnonzero(marks)
    lines = np.searchsorted(batch.starts, where, side="right") - 1
    flat = np.bincount(lines * (len(_MARKS) + 1) + marks[where], minlength=len(batch) * (len(_MARKS) + 1))
    return flat.reshape(len(batch), len(_MARKS) + 1)[:, 1:]


def shape_features(batch: Batch) -> np.ndarray:
    """A ``(lines, len(FEATURE_NAMES))`` float32 matrix."""
    n = len(batch)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)
    classes = batch.classes
    wordish = ((classes & (LETTER | DIGIT)) != 0) & ((classes & CJK) == 0)
    word_start = wordish.copy()
    word_start[1:] &= ~wordish[:-1]
    upper_word_start = word_start & ((classes & UPPER) != 0)

    def per_line(mask: np.ndarray) -> np.ndarray:
        return np.add.reduceat(mask, batch.starts, dtype=np.int32)[:n].astype(np.float64)

    letter, upper, digit, space, punct, cjk, terminal, symbol = (
        per_line((classes & bit) != 0) for bit in (LETTER, UPPER, DIGIT, SPACE, PUNCT, CJK, TERMINAL, SYMBOL)
    )
    words = per_line(word_start) + cjk
    upper_words = per_line(upper_word_start)
    non_ascii = per_line(batch.raw_codes > 127)
    chars = batch.sample_lengths.astype(np.float64)
    latin_words = np.maximum(words - cjk, 1)

    first_class = classes[batch.starts]
    last_class = classes[batch.ends - 1]
    last_code = batch.raw_codes[batch.ends - 1]
    columns = [
        np.log1p(batch.lengths),
        np.log1p(words * batch.lengths / chars),
        (letter - cjk) / latin_words,
        letter / chars,
        upper / np.maximum(letter, 1),
        digit / chars,
        space / chars,
        punct / chars,
        symbol / chars,
        cjk / chars,
        non_ascii / chars,
        terminal / np.maximum(words, 1),
        (last_class & TERMINAL) != 0,
        (first_class & UPPER) != 0,
        (first_class & DIGIT) != 0,
        (first_class & (PUNCT | SYMBOL)) != 0,
        upper_words / latin_words,
        ((last_class & LETTER) != 0) & ((last_class & (UPPER | CJK)) == 0),
    ]
    for chars_set in _END_CHARS.values():
        columns.append(np.isin(last_code, [ord(c) for c in chars_set]))
    columns.extend(np.log1p(_mark_counts(batch)).T)
    columns.extend(np.minimum(count, 3) for count in _pattern_counts(batch))
    columns.append(np.log1p(batch.indents))
    return np.column_stack(columns).astype(np.float32)
