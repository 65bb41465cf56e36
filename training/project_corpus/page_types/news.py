"""News articles, blog posts and interviews, with the furniture of a news site around them."""

from __future__ import annotations

from training.project_corpus import articles
from training.project_corpus.blocks import Block, content, noise
from training.project_corpus.languages import TOPICS
from training.project_corpus.page_types import Page, paragraph_count, portal


def _with_inserts(page: Page, body: list[Block], headlines: list[str]) -> list[Block]:
    """Drop ads, "read also" teasers and photo credits between the body's paragraphs."""
    rng, ch, st = page.rng, page.chrome, page.style
    out: list[Block] = []
    for index, block in enumerate(body):
        out.append(block)
        if index == len(body) - 1 or len(body) < 3:
            continue
        roll = rng.random()
        if roll < 0.06:
            out.extend(ch.ad())
        elif roll < 0.1 and st["also_read"] and headlines:
            out.extend(ch.also_read(headlines.pop()))
        elif roll < 0.13:
            out.extend(ch.photo_credit())
        elif roll < 0.14 and st["newsletter"]:
            out.append(noise("promo", ch.fill(st["newsletter_pitch"])))
    return out


def _news_page(page: Page, topic: str, paragraphs: int, body_kind: str) -> tuple[list[Block], dict]:
    lang, rng, ch, st = page.lang, page.rng, page.chrome, page.style
    art = articles.article(lang, topic, page.cast, rng, paragraphs)
    if body_kind == "news":
        art.body = portal.with_service(page, art.body)
    if body_kind == "news" and rng.random() < 0.1:  # a bracketed quote inside an ordinary article
        art.body.insert(rng.randint(0, len(art.body)), content(articles.bracket_quote(lang, page.cast, rng)))
    section = ch.section_name()
    others = [t for t, _ in articles.teasers(lang, rng, topic, 6)]
    blocks = ch.title_line(art.headline) + ch.header(section)
    meta = ch.byline() + ch.dateline()
    top = [content(art.headline)]
    if art.standfirst:
        top.append(content(art.standfirst))
    top = meta + top if st["byline_first"] else top + meta
    if st["share_where"] in ("top", "both"):
        top += ch.share()
    top += ch.font_size() + ch.listen() + ch.photo_credit()
    blocks += top + _with_inserts(page, art.body, others)
    return blocks, {"art": art, "section": section}


def _after(page: Page, topic: str, short: bool) -> list[Block]:
    """What follows an article: tags, share, bio, related, comments, most read, newsletter."""
    lang, rng, ch, st = page.lang, page.rng, page.chrome, page.style
    out = ch.editorial_disclaimer()
    out += ch.tags(rng.sample([s for s in lang["sections"]], 3))
    if st["share_where"] in ("bottom", "both"):
        out += ch.share()
    out += ch.bio()
    if st["prev_next"] and rng.random() < 0.7:
        title = articles.teaser(lang, rng, topic)[0]
        out.append(noise("navigation", ch.fill(st["prev_next"], title=title)))
    heavy = 1.0 if short else 0.0
    if rng.random() < max(st["related"], heavy):
        items = articles.teasers(lang, rng, topic, rng.randint(2, 6))
        out += ch.teasers(st["related_head"], items, st["teaser_summary"])
    if rng.random() < st["comments"]:
        out += ch.comments()
    if rng.random() < max(st["most_read"], heavy * 0.8):
        items = articles.teasers(lang, rng, topic, rng.randint(3, 8))
        out += ch.teasers(st["most_read_head"], items, False)
    if rng.random() < st["newsletter"]:
        out += ch.newsletter()
    if short and rng.random() < 0.7:
        items = articles.teasers(lang, rng, topic, rng.randint(4, 10))
        out += ch.teasers(st["recent_head"], items, rng.random() < 0.3)
    out += ch.misc() if rng.random() < 0.5 else []
    return out + ch.footer()


def news(page: Page) -> tuple[list[Block], str]:
    if page.rng.random() < page.style["heavy"]:  # a portal's page, or a news site's heaviest
        return portal.portal_news(page)
    topic = page.rng.choice(TOPICS)
    paragraphs, size = paragraph_count(page)
    blocks, _ = _news_page(page, topic, paragraphs, "news")
    blocks += _after(page, topic, size == "short")
    return blocks, f"news.{size}"


def blog(page: Page) -> tuple[list[Block], str]:
    rng, ch, st = page.rng, page.chrome, page.style
    topic = rng.choice(TOPICS)
    paragraphs, size = paragraph_count(page)
    art = articles.article(page.lang, topic, page.cast, rng, paragraphs)
    blocks = ch.title_line(art.headline) + ch.header()
    posted = ch.stamp()
    if rng.random() < 0.5:  # "Posted on <date> by <author>" as one credit line
        meta = [noise("credit", f"{posted} · {ch.author}")]
    else:
        meta = [noise("timestamp", posted)] + ch.byline()
    blocks += [content(art.headline)] + meta + ch.photo_credit()
    blocks += _with_inserts(page, art.body, [t for t, _ in articles.teasers(page.lang, rng, topic, 3)])
    if st["share_label"]:
        blocks += ch.share()
    blocks += ch.tags(rng.sample(page.lang["sections"], rng.randint(2, 4)))
    blocks += ch.bio()
    if rng.random() < max(st["comments"], 0.5):
        blocks += ch.comments()
    if rng.random() < 0.5:
        items = articles.teasers(page.lang, rng, topic, rng.randint(3, 6))
        blocks += ch.teasers(st["recent_head"], items, st["teaser_summary"])
    blocks += ch.footer()
    return blocks, f"blog.{size}"


def interview(page: Page) -> tuple[list[Block], str]:
    lang, rng, ch, cast = page.lang, page.rng, page.chrome, page.cast
    topic = rng.choice(("politics", "culture", "sport", "economy", "science"))
    spec = lang["interview"]
    title = articles.headline(lang, topic, cast, rng)
    q_prefix = cast.fill(rng.choice(spec["q_prefix"]))
    a_prefix = cast.fill(rng.choice(spec["a_prefix"]))
    body = [content(cast.fill(rng.choice(spec["intro"])))]
    chosen = sorted(rng.sample(range(len(spec["qa"])), rng.randint(3, len(spec["qa"]))))
    if 2 in chosen and 1 not in chosen:  # the third pair ("Why?") follows up the second
        chosen.remove(2)
    for question, answer in (spec["qa"][i] for i in chosen):
        body.append(content(q_prefix + cast.fill(question)))
        body.append(content(a_prefix + cast.fill(answer)))  # one-word answers are content too
    blocks = ch.title_line(title) + ch.header(ch.section_name())
    blocks += [content(title)] + ch.byline() + ch.dateline()
    if page.style["share_where"] != "bottom":
        blocks += ch.share()
    blocks += ch.photo_credit() + body
    blocks += _after(page, topic, False)
    return blocks, "interview"
