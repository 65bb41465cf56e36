"""Training labels brought to the project's policy on headlines: a page's own headline is content.

WCXB's gold leaves the title out of the article on most pages, so its line-level labels call the
page's headline noise (of the html_text lines that repeat their page's annotated title, 2,341 of
2,525 are labeled noise). Trained on them as they are, the model learned that the line naming the
article is furniture: the held-out model dropped it on 168 of the 220 WCXB test articles that
print it above their first content line (37 after this relabeling). The project's policy counts
it as the article's first line.

A WCXB record carries its annotated title (``meta.title``). ``restore_headlines`` finds the copy of
it that heads the article (the last line equal to the title, up to case, width and spacing, above
the page's first content line) and labels it content for training. Other copies stay as labeled: a
``<title>`` line with the site's name added is a different line, and a copy in a breadcrumb or a
teaser list below the article start is not the headline. Scoring (``noise eval``, the benchmarks,
the quality gate) reads the labels as they are.
"""

from __future__ import annotations

import dataclasses
import unicodedata
import zlib
from typing import Iterable

from noise.corpus import LabeledPage
from noise.labels import CONTENT, NOISE

#: Recorded in a model's settings: models trained before the headlines were restored are retrained.
LABEL_POLICY = "headline-is-content-2"  # 2: every other titled page trained without its title lines
MIN_TITLE_CHARS = 12  # shorter "titles" ("Home", "Contact") name the site's sections, not an article


def _folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def headline_line(page: LabeledPage) -> int | None:
    """Index of the line that heads ``page``'s article and repeats its ``meta.title``, if any."""
    title = _folded(str((page.meta or {}).get("title") or ""))
    if len(title) < MIN_TITLE_CHARS:
        return None
    first_content = next((i for i, label in enumerate(page.labels) if label == CONTENT), None)
    if first_content is None:
        return None
    for index in range(first_content - 1, -1, -1):
        if page.labels[index] is not None and _folded(page.lines[index]) == title:
            return index
    return None


def restore_headlines(pages: Iterable[LabeledPage]) -> tuple[list[LabeledPage], int]:
    """``pages`` with each titled page's headline labeled content (copies where it changes), and
    how many headlines were relabeled."""
    restored, changed = [], 0
    for page in pages:
        index = headline_line(page)  # above the first content line: labeled noise
        if index is None:
            restored.append(page)
            continue
        labels = list(page.labels)
        labels[index] = CONTENT
        categories = None
        if page.categories is not None:
            categories = list(page.categories)
            categories[index] = None
        restored.append(dataclasses.replace(page, labels=labels, categories=categories))
        changed += 1
    return restored, changed


def title_lines(page: LabeledPage) -> list[int]:
    """Indexes of the noise lines above ``page``'s headline that carry its title (the ``<title>``
    line, ``Headline | Site``), or none when the page has no headline above its article."""
    headline = headline_line(page)
    if headline is None:
        return []
    title = _folded(str(page.meta["title"]))
    return [index for index in range(headline) if page.labels[index] == NOISE and title in _folded(page.lines[index])]


def drop_title_lines(pages: Iterable[LabeledPage]) -> tuple[list[LabeledPage], int]:
    """``pages`` with every other titled page (chosen by a hash of its id) without its title lines,
    and how many pages lost them. Call it before ``restore_headlines``: it finds the headline as
    that does, by its noise label above the first content line."""
    kept, changed = [], 0
    for page in pages:
        dropped = set(title_lines(page)) if zlib.crc32(page.id.encode("utf-8")) % 2 else set()
        if not dropped:
            kept.append(page)
            continue
        remaining = [index for index in range(len(page.lines)) if index not in dropped]
        categories = None if page.categories is None else [page.categories[index] for index in remaining]
        kept.append(
            dataclasses.replace(
                page,
                lines=[page.lines[index] for index in remaining],
                labels=[page.labels[index] for index in remaining],
                categories=categories,
            )
        )
        changed += 1
    return kept, changed
