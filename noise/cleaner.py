"""The library's front door: load a model, then label or clean pages.

``Cleaner.label`` reads like the recipe it runs: split the page into lines, gather the batch's
non-blank lines, score them, decide, and hand back one verdict per line, blank lines included.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Iterable, Sequence

import numpy as np

from noise.batch import Batch
from noise.labels import CATEGORIES
from noise.lines import Page
from noise.model import NoiseModel


@dataclass(frozen=True)
class LineVerdict:
    """One line of a page and what the model made of it.

    ``score`` is the probability that the line is noise (``None`` for blank lines, which follow
    their neighbours: a blank line is kept only to separate two kept lines). ``category`` names
    the kind of noise where the model has categories.
    """

    index: int
    text: str
    is_noise: bool
    score: float | None
    category: str | None = None

    @property
    def is_blank(self) -> bool:
        return self.score is None


class Cleaner:
    """Labels and cleans pages with one loaded model.

    ``threshold`` overrides the model's decision threshold on P(noise); ``keep`` names noise
    categories to keep anyway (``{"credit", "timestamp"}``).
    """

    def __init__(self, model: NoiseModel, threshold: float | None = None, keep: Collection[str] = ()) -> None:
        unknown = set(keep) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"unknown categories: {', '.join(sorted(unknown))} (known: {', '.join(CATEGORIES)})")
        if threshold is not None and not 0.0 <= threshold <= 1.0:
            raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
        self.model = model
        self.threshold = model.threshold if threshold is None else threshold
        self.keep = frozenset(keep)

    @classmethod
    def load(cls, path: str | Path | None = None, threshold: float | None = None, keep: Collection[str] = ()) -> "Cleaner":
        """Load a model directory; ``None`` means ``$NOISE_MODEL``, then the bundled model."""
        from noise.artifact import load_model

        return cls(load_model(path), threshold=threshold, keep=keep)

    def label(self, text: str) -> list[LineVerdict]:
        return self.label_batch([text])[0]

    def clean(self, text: str) -> str:
        return self.clean_batch([text])[0]

    def clean_batch(self, texts: Sequence[str]) -> list[str]:
        """Clean many pages at once; the model work is shared across the batch."""
        pages = [Page.from_text(text) for text in texts]
        return [page.join(keep) for page, keep in zip(pages, self._decide(pages))]

    def label_batch(self, texts: Sequence[str]) -> list[list[LineVerdict]]:
        """Label many pages at once; one list of verdicts per text, one verdict per line."""
        return self.label_pages([Page.from_text(text) for text in texts])

    def label_pages(self, pages: Sequence[Page]) -> list[list[LineVerdict]]:
        scores, categories = self._score(pages)
        names = self.model.categories.names if self.model.categories is not None else ()
        decisions = self._keep(scores, categories)
        return [
            _verdicts(page, page_scores, page_categories, keep, names)
            for page, page_scores, page_categories, keep in zip(pages, scores, categories, decisions)
        ]

    def _score(self, pages: Sequence[Page]) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per page: P(noise) for every line (NaN for blank lines) and a category index (-1: none)."""
        batch = Batch.from_pages(pages)
        line_scores = self.model.score(batch) if len(batch) else None
        scores, categories = [], []
        for page_id, page in enumerate(pages):
            page_scores = np.full(len(page), np.nan)
            page_categories = np.full(len(page), -1, dtype=np.int64)
            if line_scores is not None:
                mine = batch.page_of_line == page_id
                page_scores[batch.line_numbers[mine]] = line_scores.noise[mine]
                page_categories[batch.line_numbers[mine]] = line_scores.category[mine]
            scores.append(page_scores)
            categories.append(page_categories)
        return scores, categories

    def _keep(self, scores: list[np.ndarray], categories: list[np.ndarray]) -> Iterable[np.ndarray]:
        names = self.model.categories.names if self.model.categories is not None else ()
        kept_categories = np.array([name in self.keep for name in names] + [False], dtype=bool)
        for page_scores, page_categories in zip(scores, categories):
            keep = page_scores < self.threshold  # NaN (blank) compares False
            if self.keep and len(names):
                keep |= kept_categories[page_categories]  # index -1 hits the trailing False
            yield keep

    def _decide(self, pages: Sequence[Page]) -> Iterable[np.ndarray]:
        return self._keep(*self._score(pages))


def _verdicts(
    page: Page, scores: np.ndarray, categories: np.ndarray, keep: np.ndarray, names: Sequence[str]
) -> list[LineVerdict]:
    written = set(page.selection(keep))
    verdicts = []
    for index, text in enumerate(page.texts):
        score = scores[index]
        if math.isnan(score):
            verdicts.append(LineVerdict(index, text, index not in written, None, None))
            continue
        is_noise = index not in written
        category = names[categories[index]] if is_noise and categories[index] >= 0 else None
        verdicts.append(LineVerdict(index, text, is_noise, float(score), category))
    return verdicts
