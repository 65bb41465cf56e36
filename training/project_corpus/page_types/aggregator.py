"""Aggregator pages in the manner of the first seed: a republished excerpt, broken and glued."""

from __future__ import annotations

from training.project_corpus import articles
from training.project_corpus.blocks import Block, content, noise
from training.project_corpus.languages import TOPICS
from training.project_corpus.layout import NBSP
from training.project_corpus.page_types import Page, paragraph_count


def aggregator(page: Page) -> tuple[list[Block], str]:
    lang, rng, ch, st = page.lang, page.rng, page.chrome, page.style
    topic = rng.choice(TOPICS)
    paragraphs, size = paragraph_count(page)
    art = articles.article(lang, topic, page.cast, rng, max(2, paragraphs))
    blocks: list[Block] = []
    if rng.random() < 0.6:
        blocks += ch.title_line(art.headline) + ch.header(ch.section_name() if rng.random() < 0.5 else None)
    blocks.append(content(art.headline))
    if rng.random() < 0.3:
        blocks += ch.dateline()
    if rng.random() < 0.2:
        blocks += ch.photo_credit()
    blocks += [content(line) for line in articles.mangled(lang, art, rng)]
    read_more = st["read_more"] + (NBSP if rng.random() < 0.5 else "")
    blocks.append(noise("related", read_more))
    box = []
    if rng.random() < 0.7:
        box.append(noise("navigation", page.pub.name))
    box.append(noise("disclaimer", ch.fill(st["agg_disclaimer"])))
    box.append(noise("credit", ch.fill(st["publisher_credit"])))
    if rng.random() < 0.3:
        box.reverse()
    blocks += box
    if rng.random() < 0.4:
        blocks += ch.share()
    recent = articles.teasers(lang, rng, topic, rng.randint(0, 8))
    if recent:
        blocks += ch.teasers(st["recent_head"], recent, rng.random() < 0.25)
    else:
        blocks.append(noise("related", ch.fill(st["recent_head"])))  # the seed's list was empty
    if rng.random() < 0.5:
        blocks += ch.footer()
    return blocks, f"aggregator.{size}"
