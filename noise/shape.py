"""What a line looks like, whatever its language: length, case, digits, punctuation, marks.

Counts come from the batch's per-character class bits, summed per line in one
``np.add.reduceat`` over the line samples (see ``noise.batch``), so shares describe a long line's
beginning and end. Telling characters (``@ | © / : # [ ( » •`` and a few more) are counted per
line through a lookup table; web addresses come from a regular expression run once over the
whole batch text.

Dates, clock times and phone numbers have no column of their own: the text model reads them as
character n-grams of the folded text, where every digit is ``0`` (``0000.00.00``, ``00:00``,
``00-000-0000``, ``0000年00月00日``), in any language; e-mail addresses count as ``marks_at``.
Columns of their own were tried (date, time, phone and e-mail finders over runs of digits,
0.03 s per 600 pages) and not kept: the held-out model lost 0.003-0.007 noise-line F1 on WCXB
test articles and 0.010-0.049 on cwced_zh's held-out half, with every converter; on the project
corpus's held-out publishers noise-line F1 rose from 0.957 to 0.965 while content-line recall
fell from 0.973 to 0.966.
"""

from __future__ import annotations

import re

import numpy as np

from noise.batch import NON_ASCII, Batch
from noise.charclass import BEYOND_BMP, CJK, DIGIT, LETTER, PUNCT, SPACE, SYMBOL, TERMINAL, UPPER

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
# Row of ``charclass.table_index`` -> mark number (0: none); code points above the BMP are no mark.
_MARK_TABLE = np.zeros(BEYOND_BMP + 1, dtype=np.uint8)
for _number, _chars in enumerate(_MARKS.values(), start=1):
    for _char in _chars:
        _MARK_TABLE[ord(_char)] = _number

# Each pattern is an alternation of branches, searched branch by branch: a branch that begins with
# literal text is found by a fast literal search, where the whole alternation is tried at every
# character that could begin any branch. No branch may overlap a match of its own.
_PATTERNS = {
    "url": (r"https?:", r"www\.", r"\.(?:com|org|net|html?|php)\b"),
}
_BRANCHES = {name: tuple(map(re.compile, branches)) for name, branches in _PATTERNS.items()}

# Characters a line may end with, checked against the line's last code point.
_END_CHARS = {
    "ends_colon": ":：",
    "ends_comma": ",，、;",
    "ends_close": ")]）】」』\"'”’»",
    "ends_dash": "-–—|/»›>",
}
# Row of ``charclass.table_index`` -> bit ``1 << k`` set when the character is in the k-th set above.
_END_TABLE = np.zeros(BEYOND_BMP + 1, dtype=np.uint8)
for _number, _chars in enumerate(_END_CHARS.values()):
    for _char in _chars:
        _END_TABLE[ord(_char)] |= 1 << _number

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
    for branches in _BRANCHES.values():
        positions = np.array(_match_starts(text, branches), dtype=np.int64)
        lines = np.searchsorted(batch.starts, positions, side="right") - 1
        counts.append(np.bincount(lines, minlength=len(batch))[: len(batch)])
    return counts


def _match_starts(text: str, branches: tuple[re.Pattern, ...]) -> list[int]:
    """Where ``finditer`` of the alternation ``branches[0]|branches[1]|...`` finds its matches in
    ``text``: every match of each branch (none overlaps another of its branch) in order of start,
    then of branch, keeping each that begins at or after the end of the last one kept."""
    found = sorted(
        (match.start(), number, match.end()) for number, branch in enumerate(branches) for match in branch.finditer(text)
    )
    starts, end = [], 0
    for start, _, stop in found:
        if start >= end:
            starts.append(start)
            end = stop
    return starts


def _mark_counts(batch: Batch) -> np.ndarray:
    marks = _MARK_TABLE[batch.table_index]
    where = np.flatnonzero(marks != 0)  # a bool mask: numpy finds its nonzeros several times faster
    lines = np.searchsorted(batch.starts, where, side="right") - 1
    flat = np.bincount(lines * (len(_MARKS) + 1) + marks[where], minlength=len(batch) * (len(_MARKS) + 1))
    return flat.reshape(len(batch), len(_MARKS) + 1)[:, 1:]


def _class_count(batch: Batch, bit: int) -> np.ndarray:
    return batch.char_counts[:, bit.bit_length() - 1]


def shape_columns(batch: Batch) -> list[np.ndarray]:
    """One column per name of ``FEATURE_NAMES``, float64 or exact in it (``noise.columns``)."""
    n = len(batch)
    if n == 0:
        return [np.zeros(0) for _ in FEATURE_NAMES]
    classes = batch.classes
    letter, upper, digit, space, punct, cjk, terminal, symbol = (
        _class_count(batch, bit).astype(np.float64) for bit in (LETTER, UPPER, DIGIT, SPACE, PUNCT, CJK, TERMINAL, SYMBOL)
    )
    words = batch.words_per_line + cjk
    upper_words = batch.per_line(batch.word_starts & ((classes & UPPER) != 0)).astype(np.float64)
    non_ascii = batch.char_counts[:, NON_ASCII].astype(np.float64)
    chars = batch.sample_lengths.astype(np.float64)
    latin_words = np.maximum(words - cjk, 1)

    first_class = classes[batch.starts]
    last_class = classes[batch.ends - 1]
    ends_with = _END_TABLE[batch.table_index[batch.ends - 1]]
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
    columns.extend((ends_with & (1 << number)) != 0 for number in range(len(_END_CHARS)))
    columns.extend(np.log1p(_mark_counts(batch)).T)
    columns.extend(np.minimum(count, 3) for count in _pattern_counts(batch))
    columns.append(np.log1p(batch.indents))
    return columns
