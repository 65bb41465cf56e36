"""``noise label --pick N``: the pages of a dump most worth a person's time.

Every page is scored by the model; each non-blank line is

- *uncertain* when its noise score is near the threshold (``noise.review.is_uncertain``: the same
  lines the review file marks ``?``), and
- *unfamiliar* when most of its hashed text features never occurred in the model's training
  data (their weight in the text model is exactly zero).

Labeling a line fixes it wherever it recurs, so a line is worth the number of dump pages it is
on (same text up to case, digits and spacing). Pages are chosen greedily: each time, the page
whose uncertain and unfamiliar lines, not already on a chosen page, are worth most (unfamiliar
lines count ``UNFAMILIAR_WEIGHT`` as much as uncertain ones). So the first page is the one whose
labels settle the most doubt across the dump, and the next ones add what it did not cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from noise.batch import PAGES_PER_BATCH, Batch
from noise.dump import DumpPage
from noise.lines import Page
from noise.probe import final_logits
from noise.linekeys import line_keys
from noise.scores import score_logit
from noise.review import UNCERTAIN_LOGIT

UNFAMILIAR_WEIGHT = 0.5
UNFAMILIAR_SHARE = 0.5  # a line is unfamiliar when more than this share of its features are unseen


@dataclass
class Choice:
    page: DumpPage
    value: float
    uncertain: int  # uncertain lines on the page
    unfamiliar: int
    lines: int
    new_uncertain: int  # of which not on an earlier choice
    reach: int  # how many line occurrences across the dump its new uncertain lines stand for

    @property
    def reason(self) -> str:
        earlier = f"{self.new_uncertain} not on a page above; " if self.new_uncertain != self.uncertain else ""
        return (
            f"{self.uncertain} of {self.lines} lines uncertain ({earlier}they occur {self.reach} times in the dump), "
            f"{self.unfamiliar} unlike the model's training data"
        )


@dataclass
class _Lines:
    page: np.ndarray
    key: np.ndarray  # index into the dump's distinct keys
    uncertain: np.ndarray
    unfamiliar: np.ndarray


def _score(model, pages: Sequence[DumpPage], threshold: float) -> _Lines:
    threshold_logit = score_logit(threshold)
    weights = model.text.weights
    parts: list[tuple] = []
    for first in range(0, len(pages), PAGES_PER_BATCH):
        chunk = pages[first : first + PAGES_PER_BATCH]
        batch = Batch.from_pages([Page.from_text(page.text) for page in chunk])
        if not len(batch):
            continue
        logit, hashed = final_logits(model, batch)
        seen = weights[hashed.buckets] != 0 if weights.ndim == 1 else np.any(weights[hashed.buckets] != 0, axis=1)
        unseen_share = np.bincount(hashed.rows, weights=~seen, minlength=len(batch)) / np.maximum(hashed.counts(), 1)
        parts.append(
            (
                batch.page_of_line + first,
                line_keys(batch.lines),
                np.abs(logit - threshold_logit) < UNCERTAIN_LOGIT,
                unseen_share > UNFAMILIAR_SHARE,
            )
        )
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return _Lines(empty, empty, empty.astype(bool), empty.astype(bool))
    page, keys, uncertain, unfamiliar = (np.concatenate(column) for column in zip(*parts))
    _, key = np.unique(keys, return_inverse=True)
    return _Lines(page.astype(np.int64), key.astype(np.int64), uncertain, unfamiliar)


def pick_pages(cleaner, pages: Sequence[DumpPage], count: int) -> list[Choice]:
    """The ``count`` pages most worth labeling, best first, each with the reason it was chosen."""
    lines = _score(cleaner.model, pages, cleaner.threshold)  # --threshold, as the review files' ? marks
    n_keys = int(lines.key.max()) + 1 if len(lines.key) else 0
    # on how many pages each key occurs: what labeling it once is worth
    pairs = np.unique(lines.page * max(n_keys, 1) + lines.key)
    reach = np.bincount(pairs % max(n_keys, 1), minlength=n_keys)
    per_page_lines = np.bincount(lines.page, minlength=len(pages))
    per_page_uncertain = np.bincount(lines.page, weights=lines.uncertain, minlength=len(pages)).astype(int)
    per_page_unfamiliar = np.bincount(lines.page, weights=lines.unfamiliar, minlength=len(pages)).astype(int)
    # distinct (page, key) pairs with what they are worth
    value = np.where(lines.uncertain, 1.0, 0.0) + np.where(lines.unfamiliar, UNFAMILIAR_WEIGHT, 0.0)
    order = np.lexsort((-value, lines.key, lines.page))
    page, key, value, uncertain = lines.page[order], lines.key[order], value[order], lines.uncertain[order]
    first = np.ones(len(page), dtype=bool)
    first[1:] = (page[1:] != page[:-1]) | (key[1:] != key[:-1])
    page, key, value, uncertain = page[first], key[first], value[first], uncertain[first]
    covered = np.zeros(n_keys, dtype=bool)
    chosen = np.zeros(len(pages), dtype=bool)
    choices: list[Choice] = []
    for _ in range(min(count, len(pages))):
        open_value = np.where(covered[key], 0.0, value * reach[key])
        totals = np.bincount(page, weights=open_value, minlength=len(pages))
        totals[chosen] = -1.0
        best = int(np.argmax(totals))  # ties: the earlier page
        mine = page == best
        new = mine & uncertain & ~covered[key]  # distinct keys
        new_lines = (lines.page == best) & lines.uncertain & ~covered[lines.key]
        choices.append(
            Choice(
                page=pages[best],
                value=float(totals[best]),
                uncertain=int(per_page_uncertain[best]),
                unfamiliar=int(per_page_unfamiliar[best]),
                lines=int(per_page_lines[best]),
                new_uncertain=int(new_lines.sum()),
                reach=int(reach[key[new]].sum()),
            )
        )
        chosen[best] = True
        covered[key[mine]] = True
    return choices
