"""A publisher layer: corrections learned from a few pages a person labeled, on top of a model.

``noise train --base`` fits one (see ``noise.adapt``) and stores it as ``NoiseModel.adapter``.
When the model scores a batch, the layer first finds the pages that are its publishers' (below),
and revises the final noise logit of every line on them:

1. ``weights`` add a residual over the line's hashed text features (the same features the text
   model reads), so the publisher's own boilerplate, and the article lines the model got wrong,
   move the way the person labeled them. The residual was fitted with the base model's logit as
   a fixed offset and an L2 penalty, so it stays zero wherever the base model was already right:
   a prior centred on the base model (MAP adaptation, Chelba and Acero 2004);
2. ``noise_keys``: a line that a person labeled noise (same text up to case, digits and
   spacing, see ``noise.linekeys``) gets ``noise_boost`` added to its logit;
3. ``content_keys``: a line that a person labeled content is never dropped;
4. ``category_keys``: a dropped line that a person labeled noise with a category gets that category.

**Which pages.** What a person labels on one publisher is true of that publisher: ``Subscribe``
or a price line may be part of the product on a shop's pages and boilerplate everywhere else.
So each layer carries ``scopes``, one per publisher it was fitted on: the publisher's template
(lines on two or more of its labeled pages) and how many of them a page must carry to count as
the publisher's. That is read from the page's own text, so it works on raw dumps with no domain
field. A layer without scopes applies to every page.

A model adapted twice holds both layers (``below``): the newer one was fitted on the older one's
output, and applies on top of it. Numpy only, like the rest of the runtime model. A model
without a layer (``adapter is None``) scores exactly as before.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from noise.linekeys import line_keys, member, pair_numbers

#: The logit given to a line a person labeled content: far below any threshold.
CONTENT_LOGIT = -30.0


@dataclass(frozen=True)
class PageScope:
    """The pages of one publisher: those that carry at least ``min_lines`` distinct ``keys``."""

    keys: np.ndarray  # uint64, sorted: the publisher's template lines
    min_lines: int

    def pages(self, keys: np.ndarray, page_of_line: np.ndarray, n_pages: int) -> np.ndarray:
        """Which of ``n_pages`` pages carry enough of the template (one bool per page)."""
        hit = member(keys, self.keys)
        if not hit.any():
            return np.zeros(n_pages, dtype=bool)
        pages = np.asarray(page_of_line)[hit]
        _, first_of_pair = np.unique(pair_numbers(keys[hit], pages), return_index=True)
        return np.bincount(pages[first_of_pair], minlength=n_pages) >= self.min_lines


@dataclass
class PublisherAdapter:
    buckets: np.ndarray  # int64, sorted: the hashed-feature buckets with a learned weight
    weights: np.ndarray  # float32, one per bucket
    content_keys: np.ndarray  # uint64, sorted: lines a person labeled content
    noise_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))  # lines labeled noise
    noise_boost: float = 0.0
    publishers: tuple[str, ...] = ()
    info: dict = field(default_factory=dict)  # what it was fitted on, for the card
    category_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))  # sorted: noise lines with a category
    category_names: tuple[str, ...] = ()  # the category of each of ``category_keys``
    scopes: tuple[PageScope, ...] = ()  # the pages it applies to; none: every page
    below: "PublisherAdapter | None" = None  # an older layer, applied first

    def on_its_pages(self, keys: np.ndarray, page_of_line: np.ndarray) -> np.ndarray:
        """Which lines are on pages this layer applies to."""
        if not self.scopes:
            return np.ones(len(keys), dtype=bool)
        page_of_line = np.asarray(page_of_line, dtype=np.int64)
        n_pages = int(page_of_line.max()) + 1 if len(page_of_line) else 0
        chosen = np.zeros(n_pages, dtype=bool)
        for scope in self.scopes:
            chosen |= scope.pages(keys, page_of_line, n_pages)
        return chosen[page_of_line]

    def residual(self, hashed) -> np.ndarray:
        """The learned correction of each line's logit."""
        n_lines = hashed.n_lines
        if len(self.buckets) == 0 or len(hashed.buckets) == 0:
            return np.zeros(n_lines)
        table = self._weight_table()
        weights = table[np.minimum(hashed.buckets, len(table) - 1)]  # the last entry is 0: buckets past it have no weight
        return hashed.line_sums(weights) / np.sqrt(np.maximum(hashed.counts(), 1))

    def _weight_table(self) -> np.ndarray:
        """``weights`` by bucket number (0 where none), built once: a lookup per feature instead of
        a binary search. Adding the zeros leaves every sum as it was."""
        table = self.__dict__.get("_table")
        if table is None:
            table = np.zeros(int(self.buckets.max()) + 2, dtype=np.float64)
            table[self.buckets] = self.weights
            self.__dict__["_table"] = table
        return table

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_table", None)
        return state

    def protected(self, lines) -> np.ndarray:
        """Which of the (stripped, non-blank) lines a person labeled content, in any layer."""
        return self.protected_keys(line_keys(lines))

    def protected_keys(self, keys: np.ndarray) -> np.ndarray:
        """``protected`` of lines given by their ``line_keys``."""
        found = member(keys, self.content_keys)
        if self.below is not None:
            found |= self.below.protected_keys(keys)
        return found

    def adjust(self, logit: np.ndarray, batch, hashed) -> np.ndarray:
        """The revised noise logit of every non-blank line of ``batch``."""
        return self._adjust(logit, batch.keys, np.asarray(batch.page_of_line), hashed)

    def _adjust(self, logit: np.ndarray, keys: np.ndarray, page_of_line: np.ndarray, hashed) -> np.ndarray:
        if self.below is not None:
            logit = self.below._adjust(logit, keys, page_of_line, hashed)
        mine = self.on_its_pages(keys, page_of_line)
        change = np.where(mine, self.residual(hashed), 0.0) if mine.any() else np.zeros(len(keys))
        if len(self.noise_keys) and self.noise_boost:
            change = change + self.noise_boost * member(keys, self.noise_keys)
        revised = (logit + change).astype(logit.dtype, copy=False)
        if len(self.content_keys):
            revised = np.where(mine & member(keys, self.content_keys), np.minimum(revised, CONTENT_LOGIT), revised)
        return revised

    def revise_categories(self, category: np.ndarray, batch, names: tuple[str, ...]) -> np.ndarray:
        """``category`` (indices into ``names``, -1 none) with the person's category on the dropped
        lines they labeled, on pages a layer applies to."""
        dropped = category >= 0
        if not dropped.any():
            return category
        return self._revise_categories(category, batch.keys, np.asarray(batch.page_of_line), names)

    def _revise_categories(self, category: np.ndarray, keys: np.ndarray, page_of_line: np.ndarray, names) -> np.ndarray:
        if self.below is not None:
            category = self.below._revise_categories(category, keys, page_of_line, names)
        if len(self.category_keys) == 0:
            return category
        rows = np.flatnonzero((category >= 0) & self.on_its_pages(keys, page_of_line))
        at = np.minimum(np.searchsorted(self.category_keys, keys[rows]), len(self.category_keys) - 1)
        hit = self.category_keys[at] == keys[rows]
        index_of = {name: number for number, name in enumerate(names)}
        labeled = np.array([index_of.get(self.category_names[i], -1) for i in at[hit]], dtype=np.int64)
        known = labeled >= 0
        revised = category.copy()
        revised[rows[hit][known]] = labeled[known]
        return revised

    def merged(self, newer: "PublisherAdapter") -> "PublisherAdapter":
        """Both layers: ``newer`` was fitted on this one's output, so it applies on top of it."""
        stacked = copy.copy(newer)
        stacked.below = self if newer.below is None else self.merged(newer.below)
        return stacked

    def all_publishers(self) -> tuple[str, ...]:
        older = self.below.all_publishers() if self.below is not None else ()
        return tuple(dict.fromkeys(older + self.publishers))

    def layers(self) -> list["PublisherAdapter"]:
        """Oldest first."""
        return (self.below.layers() if self.below is not None else []) + [self]
