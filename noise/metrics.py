"""Quality measures: line-level noise precision/recall/F1 and token-level extraction scores.

The token-level scores follow the article-extraction-benchmark (scrapinghub): texts are
tokenised on ``\\w+``, turned into multisets of 4-token shingles, each page's true/false
positives and negatives are normalised to sum to one, precision and recall are averaged over
pages, and F1 is computed from the two averages.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
SHINGLE_SIZE = 4


def _shingles(text: str, size: int = SHINGLE_SIZE) -> Counter:
    tokens = _TOKEN_RE.findall(text or "")
    return Counter(tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)) if tokens[i : i + size])


@dataclass(frozen=True)
class ShingleMatch:
    """One page's shingle overlap, normalised so that every page weighs the same."""

    tp: float
    fp: float
    fn: float

    @classmethod
    def between(cls, gold: str, kept: str) -> "ShingleMatch":
        true, pred = _shingles(gold), _shingles(kept)
        tp = float(sum((true & pred).values()))
        fp = float(sum((pred - true).values()))
        fn = float(sum((true - pred).values()))
        total = tp + fp + fn
        if total > 0:
            tp, fp, fn = tp / total, fp / total, fn / total
        return cls(tp, fp, fn)

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fp == 0:
            return 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fn == 0:
            return 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        """This page's own F1; an empty extraction of a non-empty gold scores 0."""
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass(frozen=True)
class TokenScores:
    precision: float
    recall: float
    f1: float
    page_mean_f1: float
    pages: int
    precision_pages: int  # pages that kept some text: the precision's average is over them
    recall_pages: int  # pages whose gold has some text: the recall's average is over them

    def as_dict(self) -> dict:
        names = ("precision", "recall", "f1", "page_mean_f1", "pages", "precision_pages", "recall_pages")
        return {k: getattr(self, k) for k in names}


def token_scores(matches: Sequence[ShingleMatch]) -> TokenScores:
    """Aggregate per-page matches the way the article-extraction-benchmark does."""
    precisions = [m.precision for m in matches if m.tp + m.fp > 0]
    recalls = [m.recall for m in matches if m.tp + m.fn > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 0.0 if p + r == 0 else 2 * p * r / (p + r)
    page_mean = sum(m.f1 for m in matches) / len(matches) if matches else 0.0
    return TokenScores(p, r, f1, page_mean, len(matches), len(precisions), len(recalls))


def printed_token_rates(tokens: dict, dash: str = "-") -> list[str]:
    """Token P, R and F1 of a ``TokenScores.as_dict()`` as printed: ``dash`` for a precision no
    page defines (none kept any text), a recall no page defines (no gold has any), and an F1 of
    either; reports written before the counts were kept print as numbers."""
    no_precision = tokens.get("precision_pages") == 0
    no_recall = tokens.get("recall_pages") == 0
    undefined = (no_precision, no_recall, no_precision or no_recall)
    names = ("precision", "recall", "f1")
    return [dash if missing else f"{tokens[name]:.3f}" for name, missing in zip(names, undefined)]


@dataclass(frozen=True)
class LineScores:
    noise_precision: float
    noise_recall: float
    noise_f1: float
    content_recall: float
    lines: int
    noise_lines: int  # labeled noise; the rest of ``lines`` is labeled content

    def as_dict(self) -> dict:
        names = ("noise_precision", "noise_recall", "noise_f1", "content_recall", "lines", "noise_lines")
        return {k: getattr(self, k) for k in names}


def printed_rates(lines: dict, dash: str = "-") -> list[str]:
    """Noise P, R, F1 and content R of a ``LineScores.as_dict()`` as printed: ``dash`` where the lines
    have no noise line (P, R and F1 are undefined, not 0) or no content line (content R), rather
    than a number that reads as a score. Reports written before the counts were kept print as
    numbers."""
    no_noise = lines.get("noise_lines") == 0
    no_content = "noise_lines" in lines and lines["noise_lines"] == lines["lines"]
    names = ("noise_precision", "noise_recall", "noise_f1", "content_recall")
    undefined = (no_noise, no_noise, no_noise, no_content)
    return [dash if missing else f"{lines[name]:.3f}" for name, missing in zip(names, undefined)]


def line_scores(truth_is_noise: Iterable[bool], predicted_is_noise: Iterable[bool]) -> LineScores:
    """Noise is the positive class; blank lines must already be left out."""
    truth = np.fromiter(truth_is_noise, dtype=bool) if not isinstance(truth_is_noise, np.ndarray) else truth_is_noise.astype(bool)
    predicted = (
        np.fromiter(predicted_is_noise, dtype=bool) if not isinstance(predicted_is_noise, np.ndarray) else predicted_is_noise.astype(bool)
    )
    if len(truth) != len(predicted):
        raise ValueError(f"{len(truth)} truths but {len(predicted)} predictions")
    tp = int(np.count_nonzero(truth & predicted))
    fp = int(np.count_nonzero(predicted & ~truth))
    fn = int(np.count_nonzero(truth & ~predicted))
    tn = len(truth) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    content_recall = tn / (tn + fp) if tn + fp else 1.0
    return LineScores(precision, recall, f1, content_recall, tp + fp + fn + tn, tp + fn)
