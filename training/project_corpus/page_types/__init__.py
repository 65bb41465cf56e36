"""Page assembly: one module per family of page, each turning a ``Page`` into blocks.

Every assembler returns ``(blocks, template)``; ``template`` names the assembly variant and
ends up in ``meta.template``.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

from training.project_corpus import dates
from training.project_corpus.chrome import Chrome
from training.project_corpus.publishers import Publisher, share_of
from training.project_corpus.slots import Cast


@dataclass
class Page:
    lang: dict
    pub: Publisher
    rng: random.Random
    cast: Cast
    chrome: Chrome

    @property
    def style(self) -> dict:
        return self.pub.style

    def pick(self, pool: list):
        """One wording from the part of ``pool`` this publisher's split may use."""
        return self.rng.choice(share_of(pool, self.pub.split))

    def some(self, pool: list, low: int, high: int) -> list:
        """A few wordings from this split's part of ``pool`` (all of it when it is short)."""
        own = share_of(pool, self.pub.split)
        if len(own) < low:
            own = list(pool)
        return self.rng.sample(own, min(len(own), self.rng.randint(low, high)))

    def fill(self, template: str) -> str:
        """Fill article prose that also names a phone number or the page's date fields
        (service sentences and notices): the cast, ``{phone}`` and ``{Y}``, ``{m}``, ``{d}``..."""
        values = {**dates.fields(self.lang, self.cast.moment), **self.cast.values, "phone": self.chrome.phone()}
        return string.Formatter().vformat(template, (), values)


def new_page(lang: dict, pub: Publisher, rng: random.Random) -> Page:
    cast = Cast(lang, rng, pub.name)
    return Page(lang, pub, rng, cast, Chrome(lang, pub, rng, cast.moment))


def paragraph_count(page: Page) -> tuple[int, str]:
    """1-25 paragraphs: short pieces inside heavy pages, the usual, and long reads."""
    roll = page.rng.random()
    if page.style["long_form"]:
        roll = min(1.0, roll + 0.25)
    if roll < 0.2:
        return page.rng.randint(1, 3), "short"
    if roll < 0.75:
        return page.rng.randint(4, 10), "medium"
    return page.rng.randint(11, 25), "long"


def assemblers():
    from training.project_corpus.page_types import aggregator, broadcast, news, service, threads

    return {
        "aggregator": aggregator.aggregator,
        "broadcast": broadcast.broadcast,
        "news": news.news,
        "blog": news.blog,
        "interview": news.interview,
        "forum": threads.forum,
        "qa": threads.qa,
        "recipe": service.recipe,
        "product": service.product,
        "docs": service.docs,
        "listing": service.listing,
    }
