"""A publisher layer: corrections learned from a few pages a person labeled, on top of a model.

``noise train --base`` fits one (see ``noise.adapt``) and stores it as ``NoiseModel.adapter``.
When the model scores a batch, the layer revises the final noise logit of every line:

1. ``weights`` add a residual over the line's hashed text features (the same features the text
   model reads), so the publisher's own boilerplate, and the article lines the model got wrong,
   move the way the person labeled them. The residual was fitted with the base model's logit as
   a fixed offset and an L2 penalty, so it stays zero wherever the base model was already right:
   a prior centred on the base model (MAP adaptation, Chelba and Acero 2004);
2. ``noise_keys``: a line that a person labeled noise (same text up to case, digits and
   spacing, see ``noise.linekeys``) gets ``noise_boost`` added to its logit, on any page;
3. ``content_keys``: a line that a person labeled content is never dropped, on any page;
4. ``category_keys``: a dropped line that a person labeled noise with a category gets that
   category, on any page.

Numpy only, like the rest of the runtime model. A model without a layer (``adapter is None``)
scores exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from noise.linekeys import line_keys, member

#: The logit given to a line a person labeled content: far below any threshold.
CONTENT_LOGIT = -30.0


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

    def residual(self, hashed) -> np.ndarray:
        """The learned correction of each line's logit."""
        n_lines = hashed.n_lines
        if len(self.buckets) == 0 or len(hashed.buckets) == 0:
            return np.zeros(n_lines)
        at = np.minimum(np.searchsorted(self.buckets, hashed.buckets), len(self.buckets) - 1)
        hit = self.buckets[at] == hashed.buckets
        sums = np.bincount(hashed.rows[hit], weights=self.weights[at[hit]], minlength=n_lines)
        return sums / np.sqrt(np.maximum(hashed.counts(), 1))

    def protected(self, lines) -> np.ndarray:
        """Which of the (stripped, non-blank) lines a person labeled content."""
        return member(line_keys(lines), self.content_keys)

    def adjust(self, logit: np.ndarray, batch, hashed) -> np.ndarray:
        """The revised noise logit of every non-blank line of ``batch``."""
        revised = (logit + self.residual(hashed)).astype(logit.dtype, copy=False)
        if len(self.content_keys) or (len(self.noise_keys) and self.noise_boost):
            keys = line_keys(batch.lines)
            if len(self.noise_keys) and self.noise_boost:
                revised = revised + self.noise_boost * member(keys, self.noise_keys).astype(revised.dtype)
            revised = np.where(member(keys, self.content_keys), np.minimum(revised, CONTENT_LOGIT), revised)
        return revised

    def revise_categories(self, category: np.ndarray, batch, names: tuple[str, ...]) -> np.ndarray:
        """``category`` (indices into ``names``, -1 none) with the person's category on the dropped
        lines they labeled."""
        keys_with_category = getattr(self, "category_keys", np.zeros(0, np.uint64))
        dropped = category >= 0
        if len(keys_with_category) == 0 or not dropped.any():
            return category
        keys = line_keys([batch.lines[i] for i in np.flatnonzero(dropped)])
        at = np.minimum(np.searchsorted(keys_with_category, keys), len(keys_with_category) - 1)
        hit = keys_with_category[at] == keys
        index_of = {name: number for number, name in enumerate(names)}
        labeled = np.array([index_of.get(self.category_names[i], -1) for i in at[hit]], dtype=np.int64)
        revised = category.copy()
        rows = np.flatnonzero(dropped)[hit]
        known = labeled >= 0
        revised[rows[known]] = labeled[known]
        return revised

    def merged(self, newer: "PublisherAdapter") -> "PublisherAdapter":
        """One layer doing both: ``newer`` was fitted on top of this one, so residuals add up."""
        buckets = np.union1d(self.buckets, newer.buckets)
        weights = np.zeros(len(buckets), dtype=np.float32)
        for part in (self, newer):
            weights[np.searchsorted(buckets, part.buckets)] += part.weights
        keep = weights != 0
        older_categories = dict(zip(getattr(self, "category_keys", np.zeros(0, np.uint64)).tolist(), getattr(self, "category_names", ())))
        older_categories.update(zip(newer.category_keys.tolist(), newer.category_names))
        category_keys = np.array(sorted(older_categories), dtype=np.uint64)
        return PublisherAdapter(
            category_keys=category_keys,
            category_names=tuple(older_categories[key] for key in category_keys.tolist()),
            buckets=buckets[keep],
            weights=weights[keep],
            content_keys=np.union1d(self.content_keys, newer.content_keys),
            noise_keys=np.setdiff1d(np.union1d(self.noise_keys, newer.noise_keys), newer.content_keys),
            noise_boost=max(self.noise_boost, newer.noise_boost),
            publishers=tuple(dict.fromkeys(self.publishers + newer.publishers)),
            info={"layers": [*self.info.get("layers", [self.info]), newer.info]},
        )
