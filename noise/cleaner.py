"""The library's front door: load a model, then label or clean pages.

``Cleaner`` runs the recipe in named steps, the way jusText's ``justext()`` does:

1. split each page into lines (``Page``), keeping every byte;
2. gather the non-blank lines of the whole batch (``Batch``), so feature work is shared;
3. score every line with the model: P(noise) and, where the model has them, a category;
4. decide: a line is dropped when its score reaches the threshold, unless its category is kept;
5. write back the kept lines, with one blank line between kept lines that had blanks between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Sequence

import numpy as np

from noise.batch import Batch
from noise.labels import CATEGORIES
from noise.lines import Page
from noise.memory import Memory, protected_lines
from noise.model import NoiseModel


@dataclass(frozen=True)
class LineVerdict:
    """One line of a page and what the model made of it.

    ``score`` is the probability that the line is noise; ``None`` for a blank line, which is
    kept only to separate two kept lines. ``category`` names the kind of a dropped line where
    the model has categories.
    """

    index: int
    text: str
    is_noise: bool
    score: float | None
    category: str | None = None

    @property
    def is_blank(self) -> bool:
        return self.score is None


@dataclass
class _Scored:
    """A batch's non-blank lines, their scores and category indices (-1: none)."""

    pages: Sequence[Page]
    batch: Batch
    scores: np.ndarray
    categories: np.ndarray


class Cleaner:
    """Labels and cleans pages with one loaded model.

    ``threshold`` overrides the model's decision threshold on P(noise); ``keep`` names noise
    categories to keep anyway (for example ``{"credit", "timestamp"}``, or one name as a string).
    """

    def __init__(self, model: NoiseModel, threshold: float | None = None, keep: Collection[str] | str = ()) -> None:
        keep = check_settings(threshold, keep)
        self.model = model
        self.threshold = model.threshold if threshold is None else threshold
        self.keep = frozenset(keep)
        names = model.categories.names if model.categories is not None else ()
        # Indexed by category index; the extra last entry serves index -1 (no category).
        self._kept_category = np.array([name in self.keep for name in names] + [False], dtype=bool)
        self._category_names = tuple(names)

    @classmethod
    def load(cls, path: str | Path | None = None, threshold: float | None = None, keep: Collection[str] | str = ()) -> "Cleaner":
        """Load a model directory; ``None`` means ``$NOISE_MODEL``, then the bundled model."""
        from noise.artifact import load_model

        return cls(load_model(path), threshold=threshold, keep=keep)

    def clean(self, text: str) -> str:
        """The page without its noise lines."""
        return self.clean_batch([text])[0]

    def label(self, text: str) -> list[LineVerdict]:
        """One verdict per line of the page, blank lines included."""
        return self.label_batch([text])[0]

    def clean_batch(self, texts: Sequence[str]) -> list[str]:
        """Clean many pages at once; the model work is shared across the batch."""
        return self._clean(_pages(texts))

    def label_batch(self, texts: Sequence[str]) -> list[list[LineVerdict]]:
        """Label many pages at once: one list of verdicts per text."""
        return self.label_pages(_pages(texts))

    def label_pages(self, pages: Sequence[Page]) -> list[list[LineVerdict]]:
        return self._verdicts(self._score(pages))

    def clean_group(self, texts: Sequence[str], memory: "Memory | None" = None) -> list[str]:
        """Clean the pages of one publisher together: lines that recur across them count as
        boilerplate, combined with the model (``noise.memory``)."""
        return self._clean(_pages(texts), memory or Memory())

    def label_group(self, texts: Sequence[str], memory: "Memory | None" = None) -> list[list[LineVerdict]]:
        """``label_batch`` with publisher memory, as ``clean_group``."""
        return self._verdicts(self._score(_pages(texts), memory or Memory()))

    def _score(self, pages: Sequence[Page], memory: "Memory | None" = None, categories: bool = True) -> _Scored:
        """Score every line; categories (a cost per category) only when ``categories``."""
        batch = Batch.from_pages(pages)
        if len(batch):
            category_threshold = None
            if categories:  # memory may raise a line from its ``spare_below`` over the threshold: it needs its category too
                category_threshold = self.threshold if memory is None else min(self.threshold, memory.spare_below)
            scores = self.model.score(batch, category_threshold=category_threshold)
            noise, category = scores.noise, scores.category
            if memory is not None:
                keys = batch.keys
                noise = memory.revise(noise, batch.lines, batch.page_of_line, protected_lines(self.model, keys), keys)
        else:
            noise, category = np.zeros(0), np.zeros(0, dtype=np.int64)
        return _Scored(pages, batch, noise, category)

    def _clean(self, pages: Sequence[Page], memory: "Memory | None" = None) -> list[str]:
        written, bounds = self._written(self._score(pages, memory, categories=bool(self.keep)))
        return [page.join(written[lo:hi]) for page, lo, hi in zip(pages, bounds[:-1].tolist(), bounds[1:].tolist())]

    def _written(self, scored: _Scored) -> tuple[np.ndarray, np.ndarray]:
        """The lines to write back, page after page, and each page's bounds in them."""
        keep = scored.scores < self.threshold
        if self.keep:
            keep |= self._kept_category[scored.categories]
        return scored.batch.selection(keep)

    def _verdicts(self, scored: _Scored) -> list[list[LineVerdict]]:
        batch = scored.batch
        written, written_bounds = self._written(scored)
        line_bounds = np.searchsorted(batch.page_of_line, np.arange(len(scored.pages) + 1))
        lines, written_lines = zip(line_bounds[:-1], line_bounds[1:]), zip(written_bounds[:-1], written_bounds[1:])
        return [
            self._page_verdicts(
                page, batch.line_numbers[lo:hi], scored.scores[lo:hi], scored.categories[lo:hi], written[w_lo:w_hi]
            )
            for page, (lo, hi), (w_lo, w_hi) in zip(scored.pages, lines, written_lines)
        ]

    def _page_verdicts(
        self, page: Page, lines: np.ndarray, line_scores: np.ndarray, line_categories: np.ndarray, selection: np.ndarray
    ) -> list[LineVerdict]:
        written = np.zeros(len(page), dtype=bool)
        written[selection] = True
        scores = np.full(len(page), np.nan)
        scores[lines] = line_scores
        categories = np.full(len(page), -1, dtype=np.int64)
        categories[lines] = line_categories
        verdicts = []
        for index in range(len(page)):
            score = scores[index]
            is_noise = not written[index]
            if np.isnan(score):
                verdicts.append(LineVerdict(index, page.text(index), is_noise, None, None))
                continue
            category = self._category_names[categories[index]] if is_noise and categories[index] >= 0 else None
            verdicts.append(LineVerdict(index, page.text(index), is_noise, float(score), category))
        return verdicts


def check_settings(threshold: float | None, keep: Collection[str] | str) -> tuple[str, ...]:
    """``keep`` as sorted category names (one name given as a string is one category, not its
    letters); ``ValueError`` for a threshold outside [0, 1] (NaN included) or an unknown category."""
    keep = tuple(sorted((keep,) if isinstance(keep, str) else keep))
    unknown = set(keep) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"unknown categories: {', '.join(sorted(unknown))} (known: {', '.join(CATEGORIES)})")
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    return keep


def _pages(texts: Sequence[str]) -> list[Page]:
    if isinstance(texts, str):  # would be cleaned as one page per character
        raise TypeError("texts must be a sequence of str, one per page, not one str (clean(text) cleans one page)")
    return [Page.from_text(text) for text in texts]
