"""Per-line feature matrices, in the order the model uses them.

``base_features`` needs nothing learned: shape, position, layout and repetition.
``context_features`` spreads per-line scores (the text model's, then the first pass's) over
each line's neighbourhood: the scores of the lines around it, window averages, how much of the
page's likely article lies above and below it, and whether it sits in the page's densest block
of likely article text. This is how a verdict gets revised from its neighbours, as jusText does.

A headline that no title line repeats is the weak spot. Three base columns answer it
(``_headline_shape``): whether a line is shaped like a headline, how long a run of such lines it
is in, and how many of the six lines around it are shaped so. A page's own headline stands alone
between short furniture lines; the teasers of a related list come in runs. Measured with three
members per pass, seed 0, one training without the WCXB test publishers, half of cwced_zh's and
the project corpus's held-out publishers, against the same training without them (threshold
0.85 in both): content-line recall on the project held-out pages 0.968 -> 0.980, on cwced_zh
0.974 -> 0.985, on WCXB test articles +0.001 to +0.005; headlines dropped on the project held-out
articles 25 -> 19 of 95 without a title line and 9 -> 3 of 103 with one (WCXB: 26 of 250 both);
category accuracy 0.853 -> 0.878. At the same threshold noise-line F1 is lower (project -0.005,
WCXB test articles -0.005 to -0.012, cwced_zh -0.021) and so is WCXB test token F1 (-0.003);
at equal content-line recall the new model's noise-line F1 is higher on the multilingual sets
(project +0.017 at recall 0.971 and +0.037 at 0.978; cwced_zh html_text +0.05 at 0.970, inscriptis
+0.03 at 0.980, lxml_blocks within 0.007 either way) and about the same on WCXB test articles
(html_text +0.001, lxml_blocks +0.008, inscriptis -0.005): the columns move the model along a better curve
towards keeping the article, which is the trade the project makes. Earlier variants, not kept
(seed spread, one member): the longest line without sentence-final punctuation within 15 lines
above the article block, and the nearest such line of 25 or more reading characters with how many
lie between it and a line, as context columns; they moved headline drops by the seed's spread. Real
dumps seldom have a title line: the first content line of a page is repeated in a noise line on 8%
of WCXB's html_text pages and 3% of cwced_zh's, against 55% of the project corpus's.

The kind of page is not a column. Three were tried: each page's probability of being an article, a
discussion (forum, Q&A) or another kind (listing, product, collection, documentation, service),
from one multinomial logistic regression over the page's first and last words and short lines
(hashed, 2 ** 16 buckets) and the page means of the base features, trained on the labeled
``page_type``s (out-of-fold accuracy 0.821 on 4,631 typed pages, folds by publisher). The idea: a
bare date or a run of short posts is noise under a news article and content on a listing or a
forum. Two seeds, one training without the WCXB test publishers, half of cwced_zh's and the
project corpus's held-out publishers, against the same seeds without the columns: WCXB test token
F1 +0.001 and +0.000 (every dump), cwced_zh noise-line F1 -0.005 and -0.012, project held-out
noise-line F1 -0.004 and +0.016, content-line recall +0.004 and -0.002: the seed's spread, at
about 0.03 s per 500 pages. The trees already read the page from the score context's page
columns (its mean, minimum and article block).
"""

from __future__ import annotations

import numpy as np

from noise.batch import Batch, Layout
from noise.columns import float32_matrix
from noise.context import REPETITION_NAMES, PageArrays, repetition_columns
from noise.shape import FEATURE_NAMES as SHAPE_NAMES
from noise.shape import shape_columns

#: Bump when any feature changes meaning; a model records it and refuses another.
FEATURE_SET = "noise-lines-7"

_NEIGHBOURS = (-3, -2, -1, 1, 2, 3)
_SEPARATOR_MARKS = ("marks_pipe", "marks_dash", "marks_colon", "marks_guillemet", "marks_bullet")
_RADII = (2, 5, 15)
LONG_LINE_CHARS = 80

POSITION_NAMES = (
    "relative_position",
    "log_lines_above",
    "log_lines_below",
    "log_page_lines",
    "log_blanks_before",
    "log_blanks_after",
    "log_page_chars",
    "long_line",
    "log_short_run",
    "headline_shaped",
    "log_headline_run",
    "headline_shaped_near",
)


def base_features(batch: Batch, out: np.ndarray | None = None) -> np.ndarray:
    """A ``(lines, len(BASE_NAMES))`` float32 matrix, written into ``out`` when given."""
    arrays = PageArrays(batch.layout)
    shape = shape_columns(batch)
    long_line = (batch.reading_lengths >= LONG_LINE_CHARS).astype(np.float64)
    _, _, page_chars = arrays.sum_before_after(batch.reading_lengths)
    position = [
        arrays.position / np.maximum(arrays.size - 1, 1),
        np.log1p(arrays.position),
        np.log1p(arrays.size - 1 - arrays.position),
        np.log(arrays.size),
        np.log1p(batch.blanks_before),
        np.log1p(batch.blanks_after),
        np.log1p(page_chars),
        long_line,
        np.log1p(arrays.run_length(long_line == 0)),
        *_headline_shape(batch, arrays),
    ]
    separators = np.logical_or.reduce([shape[SHAPE_NAMES.index(name)] > 0 for name in _SEPARATOR_MARKS])
    repetition = repetition_columns(batch, separators)
    return float32_matrix([*shape, *position, *repetition], out)


BASE_NAMES = (*SHAPE_NAMES, *POSITION_NAMES, *REPETITION_NAMES)

HEADLINE_CHARS = (20, 150)  # reading length of a headline-shaped line


def _headline_shape(batch: Batch, arrays: PageArrays) -> list[np.ndarray]:
    """Whether a line is shaped like a headline (20 to 150 reading characters, four words or more,
    no sentence-final punctuation), how long a run of such lines it is in, and how many of the three lines on either
    side are shaped so: a page's own headline stands alone between short furniture lines, the
    teasers of a related list come in runs."""
    low, high = HEADLINE_CHARS
    length = batch.reading_lengths
    shaped = (length >= low) & (length <= high) & (batch.word_counts >= 4) & ~batch.ends_sentence
    as_float = shaped.astype(np.float64)
    near = sum(arrays.shift(as_float, offset, fill=0.0) for offset in (-3, -2, -1, 1, 2, 3))
    return [as_float, np.log1p(arrays.run_length(shaped)), near]


def context_names(prefix: str) -> tuple[str, ...]:
    return (
        f"{prefix}",
        *(f"{prefix}_at_{offset:+d}" for offset in _NEIGHBOURS),
        *(f"{prefix}_mean_within_{radius}" for radius in _RADII),
        f"{prefix}_page_mean",
        f"{prefix}_article_share_above",
        f"{prefix}_article_share_below",
        f"{prefix}_in_block",
        f"{prefix}_log_lines_before_block",
        f"{prefix}_log_lines_after_block",
        f"{prefix}_block_share",
        f"{prefix}_at_heading_above",
        f"{prefix}_log_lines_since_heading",
        f"{prefix}_at_heading_below",
        f"{prefix}_log_lines_to_heading",
        f"{prefix}_page_min",
        f"{prefix}_above_page_min",
        f"{prefix}_page_share_below_half",
    )


def context_features(layout: Layout, noise_score: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Context of a per-line noise score in [0, 1] (higher: more likely noise): a float32 matrix
    with a column per name of ``context_names``, written into ``out`` when given."""
    arrays = PageArrays(layout)
    content = 1.0 - noise_score
    columns = [noise_score]
    columns.extend(arrays.shift(noise_score, offset, fill=1.0) for offset in _NEIGHBOURS)
    prefix = arrays.prefix(noise_score)
    columns.extend(arrays.window_mean(noise_score, radius, prefix) for radius in _RADII)
    columns.append(arrays.page_mean(noise_score, prefix))
    mass = content * np.minimum(layout.lengths, 400)
    above, below, total = arrays.sum_before_after(mass)
    total = np.maximum(total, 1.0)
    columns.extend([above / total, below / total])
    block_start, block_end = arrays.best_block((content - 0.5) * np.log1p(layout.lengths))
    index = arrays.index
    columns.extend(
        [
            (index >= block_start) & (index <= block_end),
            np.log1p(np.maximum(block_start - index, 0)),
            np.log1p(np.maximum(index - block_end, 0)),
            (block_end - block_start + 1) / arrays.size,
        ]
    )
    for nearest in (arrays.nearest_above(layout.headings), arrays.nearest_below(layout.headings)):
        found = nearest >= 0
        columns.append(np.where(found, noise_score[np.maximum(nearest, 0)], 1.0))
        columns.append(np.where(found, np.log1p(np.abs(index - nearest)), 0.0))
    page_min = arrays.page_min(noise_score)
    columns.extend([page_min, noise_score - page_min, arrays.page_mean((noise_score < 0.5).astype(np.float64))])
    return float32_matrix(columns, out)


def category_context(layout: Layout, probabilities: np.ndarray) -> np.ndarray:
    """Per-category probabilities of a line, of its neighbours and of the lines around it: noise
    comes in blocks (a menu, a comment thread, a list of related links), so a line's kind is
    read from its block as much as from its own text."""
    arrays = PageArrays(layout)
    columns = [probabilities]
    for offset in (-3, -2, -1, 1, 2, 3):
        columns.append(np.column_stack([arrays.shift(column, offset, fill=0.0) for column in probabilities.T]))
    for radius in (3, 10):
        columns.append(np.column_stack([arrays.window_mean(column, radius) for column in probabilities.T]))
    return np.hstack(columns).astype(np.float32)
