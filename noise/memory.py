"""Publisher memory: a line that recurs across many pages of one publisher is likely boilerplate.

When the pages of one publisher are cleaned together (``Cleaner.clean_group``; ``noise clean
--group-by``), every non-blank line gets a key (``noise.linekeys``: same text up to case, digits
and spacing) and a count: on how many of the group's pages it occurs. CCNet drops such lines
outright; here the count is evidence combined with the model, on the logit scale:

    logit' = logit + boost * min(1, (pages - 1) / (full_at - 1))

for a line on at least two pages and at least ``min_share`` of the group's pages, in groups of at
least ``min_pages`` pages (a page that occurs twice, line for line, counts once). A line the
model leans to call article text (score below ``spare_below``) is left alone, and so is a line a
person labeled content (an adapted model's ``content_keys``): recurring never drops it. The
settings are conservative on purpose: on held-out publishers a stronger boost (3.0, any share,
any score) raised noise-line F1 more but dropped recurring content lines (product headings,
sign-offs the benchmark counts as text) on most publishers, and a share of one half caught the
teasers of rotating sidebars, which are other pages' headlines: 80% keeps to template lines
(content-line recall lower on 11 of 52 held-out publishers instead of 20, on the base of that time).

Also tried on the adaptation study's publishers, and not kept, before the two rules below (mean
noise F1 with memory then went 0.876 -> 0.896 on the 52 test publishers, recall lower on 12):
- the converse evidence, a line on only one of the group's pages pushed towards content by 1.0 in
  logit: recall lower on 2, but F1 0.886 and lower than without memory on 31 publishers, and lower
  on the tuning publishers with every setting;
- counting a key once per page, or only lines with a letter (prices such as $39.99 and $99.99
  share a key): recall lower on 9-11, giving up a quarter to a half of the F1 gain.
The content lines memory dropped recur as navigation on the publisher's other pages (product names,
headlines that are teasers elsewhere, prices), so a page count alone cannot spare them.

Two shape rules do spare most of them. A template is a run of lines: a recurring line counts only
when the non-blank line above or below it on the page recurs too (``in_template_run``); a lone
recurring line inside the article (a recipe's "Modo de preparo", a headline some sidebar repeats)
does not. And a line whose key is on the page more than ``max_copies_in_page`` times is an item of a
list on the page (prices and "Save 25%" in a product grid, which WCXB counts as text), not site
chrome, which a page carries once, or twice for a menu in both header and footer. On the 52 test
publishers (a base trained on noise-lines-6): noise F1 0.876 -> 0.896 without the rules, 0.892 with
the run rule alone, 0.889 with the copies rule alone, 0.887 with both; mean content-line recall
0.9519 -> 0.9447, 0.9496, 0.9480 and 0.9517; recall lower on 12, 5, 10 and 3 publishers; the rules
give up mostly substack.com's like and comment counters (bare numbers, repeated on a page: 0.894 ->
0.862) and ifixit.com's. Max copies 3, 5 or 10: F1 0.887-0.889, recall 0.9515-0.9512, lower on 4.
With both rules, the content lines still dropped are template lines the gold counts as text
(rei.com's "Related Expert Advice articles" on 16 pages, "1-30 of 154 products"; apple.com's "+ Mac
mini"). Requiring the same pair of lines to recur instead of any recurring neighbour gave 0.886 and
recall lower on 2; a boost of 3.0, 0.888 and lower on 4. The rules were chosen on these publishers,
so their rows are optimistic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from noise.linekeys import line_keys, pages_per_key, pair_numbers
from noise.scores import SCORE_CEILING, SCORE_FLOOR


@dataclass(frozen=True)
class Memory:
    boost: float = 1.5
    full_at: int = 3  # pages a line must be on for the full boost
    min_pages: int = 3  # smaller groups get no memory
    spare_below: float = 0.5  # scores below this (the model leans content) are never raised
    min_share: float = 0.8  # and a line must be on at least 80% of the group's pages (a template line, not a rotating teaser)
    in_template_run: bool = True  # and the non-blank line above or below it must recur so too
    max_copies_in_page: int | None = 2  # a key on a page more often than this is a list's item, left alone

    def revise(
        self, noise: np.ndarray, lines, page_of_line: np.ndarray, protected: np.ndarray | None = None, keys: np.ndarray | None = None
    ) -> np.ndarray:
        """The revised noise scores of a group's non-blank ``lines`` (``page_of_line``: page index of
        each; ``keys``: their ``line_keys``, when the caller has them)."""
        if len(noise) == 0:
            return noise
        keys = line_keys(lines) if keys is None else keys
        page_of_line = np.asarray(page_of_line, dtype=np.int64)
        distinct = distinct_pages(keys, page_of_line)
        group_pages = int(distinct.max()) + 1
        if group_pages < self.min_pages:
            return noise
        pages = recurrence(keys, distinct)
        weight = np.clip((pages - 1) / max(self.full_at - 1, 1), 0.0, 1.0)
        template = (pages >= 2) & (pages >= self.min_share * group_pages)
        eligible = template & (noise >= self.spare_below)
        if self.in_template_run:
            eligible &= next_to(template, page_of_line)
        if self.max_copies_in_page is not None:
            eligible &= copies_in_page(keys, page_of_line) <= self.max_copies_in_page
        if protected is not None:
            eligible &= ~protected
        if not eligible.any():
            return noise
        clipped = np.clip(noise, SCORE_FLOOR, SCORE_CEILING)
        logit = np.log(clipped / (1 - clipped)) + np.where(eligible, self.boost * weight, 0.0)
        revised = 1.0 / (1.0 + np.exp(-logit))
        return np.where(eligible, np.clip(revised, SCORE_FLOOR, SCORE_CEILING), noise)


def distinct_pages(keys: np.ndarray, page_of_line: np.ndarray) -> np.ndarray:
    """Each line's page, numbered so that pages with the same lines (a page crawled twice) share a number."""
    n_pages = int(page_of_line.max()) + 1
    signature = np.zeros(n_pages, dtype=np.uint64)
    with np.errstate(over="ignore"):
        np.add.at(signature, page_of_line, keys)  # a multiset hash: the sum of random 64-bit keys
        signature ^= np.bincount(page_of_line, minlength=n_pages).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    # numbered among the pages with a line: an empty page (a failed fetch) is no page of the group
    _, number = np.unique(signature[page_of_line], return_inverse=True)
    return number.reshape(-1)


def recurrence(keys: np.ndarray, page_of_line: np.ndarray) -> np.ndarray:
    """For each line: on how many distinct pages its key occurs."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    unique_keys, counts = pages_per_key(keys, page_of_line)
    return counts[np.searchsorted(unique_keys, keys.view(np.uint64))]


def next_to(mask: np.ndarray, page_of_line: np.ndarray) -> np.ndarray:
    """For each line: does the line just above or just below it, on the same page, hold ``mask``?"""
    same_page = page_of_line[1:] == page_of_line[:-1]
    beside = np.zeros(len(mask), dtype=bool)
    beside[1:] |= mask[:-1] & same_page
    beside[:-1] |= mask[1:] & same_page
    return beside


def copies_in_page(keys: np.ndarray, page_of_line: np.ndarray) -> np.ndarray:
    """For each line: how many lines of its page share its key (itself included)."""
    if len(keys) == 0:
        return np.zeros(0, dtype=np.int64)
    _, inverse, counts = np.unique(pair_numbers(keys, page_of_line), return_inverse=True, return_counts=True)
    return counts[inverse]


def protected_lines(model, keys: np.ndarray) -> np.ndarray | None:
    """Which lines (by ``line_keys``) a person labeled content, for a model adapted with ``noise
    train --base`` (else ``None``)."""
    adapter = getattr(model, "adapter", None)
    return adapter.protected_keys(keys) if adapter is not None else None
