"""Pages as a main-content scraper dumps them, in the manner of both seeds: the article and the few
noise lines next to it, without the site's header and footer.

Both seeds are such dumps: the aggregator's starts at the headline and ends with "Read More", a
disclaimer, a publisher credit and an empty "Recent Articles"; the broadcaster's starts with
"Menu" and a section name and ends with a sign-off, credits and a tip line. Two thirds of their
lines are the article. The publishers of ``publishers.py`` print whole pages, and there is one
aggregator and one broadcaster per language, so each language showed one wording of every seed
line ("Read More", the disclaimer, the sign-off) and nothing shaped like the seeds.

Here every page is its own publisher (its own domain and house style, so its own wordings, drawn
from its split's part of every list), an aggregator, a broadcaster or a news site, and its blocks
are cut down to the main area: at most three blocks above the article, the blocks inside it, and
the first few below it (lists shortened). A fifth of these publishers are held out, as everywhere.
"""

from __future__ import annotations

import dataclasses
import random

from noise.labels import CONTENT, NOISE
from training.project_corpus.blocks import LINES, LIST, MENU, Block
from training.project_corpus.publishers import HELDOUT, HELDOUT_SHARE, TRAIN, Publisher, house_style, pick_weighted

#: Main-area pages per language (each its own publisher).
PAGES_PER_LANGUAGE = 24
#: Which kind of site a main-area page comes from, and the page types each kind prints.
KINDS = {"aggregator": 0.35, "broadcast": 0.3, "news": 0.35}
NEWS_PAGES = {"news": 0.85, "interview": 0.15}
#: How many blocks above the article and below it a scraper keeps (drawn per page).
ABOVE = (0, 0, 1, 2, 3)
BELOW = (1, 2, 3, 4, 5, 6, 8)
MAX_ITEMS = 5  # the longest menu or list a main-area dump keeps whole


def main_area_publishers(lang: dict, seed: int) -> list[Publisher]:
    """One publisher per main-area page of ``lang``, with its own domain, kind, split and style."""
    code = lang["code"]
    rng = random.Random(f"{seed}:{code}:main-area")
    names = list(lang["outlets"]) + [name for name, _, _ in lang["publishers"]]
    held = set(rng.sample(range(PAGES_PER_LANGUAGE), round(PAGES_PER_LANGUAGE * HELDOUT_SHARE)))
    result = []
    for index in range(PAGES_PER_LANGUAGE):
        kind = pick_weighted(rng, KINDS)
        split = HELDOUT if index in held else TRAIN
        style = house_style(lang, kind, split, random.Random(f"{seed}:{code}:main-area:{index}:style"))
        style["heavy"] = 0.0  # a main area, never a portal's page
        name = f"{rng.choice(names)} {rng.choice(('Online', 'News', 'Digital', '24', 'Live', 'Express'))}"
        result.append(Publisher(code, name, f"main-area-{index + 1:02d}.{code}.example", kind, split, style))
    return result


def page_type_of(pub: Publisher, rng: random.Random) -> str:
    return pick_weighted(rng, NEWS_PAGES) if pub.kind == "news" else pub.kind


def main_area(blocks: list[Block], rng: random.Random) -> list[Block]:
    """``blocks`` cut down to what a main-content scraper keeps: every block from the first content
    block to the last, up to three blocks above and a few below, their menus and lists shortened."""
    marks = [index for index, block in enumerate(blocks) if block.label == CONTENT]
    if not marks:
        raise ValueError("a page without content blocks has no main area")
    first, last = marks[0], marks[-1]
    above = rng.choice(ABOVE)
    kept = blocks[max(0, first - above) : first] if above else []
    kept += blocks[first : last + 1]
    kept += blocks[last + 1 : last + 1 + rng.choice(BELOW)]
    return [_shortened(block, rng) if block.label == NOISE else block for block in kept]


def _shortened(block: Block, rng: random.Random) -> Block:
    if block.kind not in (MENU, LIST, LINES) or len(block.texts) <= MAX_ITEMS:
        return block
    return dataclasses.replace(block, texts=block.texts[: rng.randint(1, MAX_ITEMS)])

