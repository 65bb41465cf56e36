"""Pages that are not news: recipes, product pages, documentation and listings."""

from __future__ import annotations

from training.project_corpus import articles, dates
from training.project_corpus.blocks import LINES, LIST, MENU, Block, content, noise, table
from training.project_corpus.page_types import Page


def recipe(page: Page) -> tuple[list[Block], str]:
    lang, rng, ch, st = page.lang, page.rng, page.chrome, page.style
    r = rng.choice(lang["recipes"])
    chrome = lang["recipe"]
    blocks = ch.title_line(r["title"]) + ch.header(ch.section_name())
    blocks.append(content(r["title"]))
    blocks += ch.byline() + [noise("timestamp", ch.stamp())]
    if rng.random() < 0.7:
        blocks.append(noise("other", ch.fill(page.pick(chrome["rating"]))))
    blocks.append(noise("share", *page.some(chrome["jump"], 1, 3), kind=MENU))
    blocks += [content(p) for p in r["intro"]] + ch.ad() + ch.photo_credit()
    blocks.append(content(*r["meta"], kind=LINES if rng.random() < 0.5 else LIST))
    blocks.append(content(r["ingredients_head"]))
    blocks.append(content(*r["ingredients"], kind=LIST))
    blocks.append(content(r["steps_head"]))
    steps = [f"{i}. {s}" if rng.random() < 0.5 else s for i, s in enumerate(r["steps"], 1)]
    if rng.random() < 0.5:
        blocks += [content(s) for s in steps]
    else:
        blocks.append(content(*steps, kind=LIST))
    blocks.append(content(r["tip"]))
    blocks += ch.share() + ch.bio()
    if rng.random() < max(0.4, st["comments"]):
        blocks += ch.comments()
    if rng.random() < st["newsletter"]:
        blocks += ch.newsletter()
    others = [(x["title"], x["intro"][0]) for x in lang["recipes"] if x is not r]
    blocks += (ch.teasers(st["related_head"], others, st["teaser_summary"]) if others else []) + ch.footer()
    return blocks, "recipe"


def product(page: Page) -> tuple[list[Block], str]:
    lang, rng, ch, st = page.lang, page.rng, page.chrome, page.style
    shop = lang["shop"]
    item = rng.choice(lang["products"])
    blocks = ch.title_line(item["name"]) + ch.header()
    blocks.append(noise("navigation", *page.some(shop["nav"], 3, len(shop["nav"])), kind=MENU))
    blocks += ch.crumbs(ch.section_name(), item["name"])
    blocks.append(content(item["name"]))
    if rng.random() < 0.8:
        blocks.append(noise("other", ch.fill(page.pick(shop["rating"]))))
    blocks.append(noise("other", ch.fill(page.pick(shop["price"]))))
    blocks.append(noise("other", ch.fill(page.pick(shop["stock"]))))
    blocks.append(noise("other", *page.some(shop["cart"], 1, 3), kind=MENU))
    blocks.append(noise("promo", *page.some(shop["shipping"], 1, 3), kind=LINES))
    blocks += [content(p) for p in item["intro"]]
    blocks.append(content(*item["features"], kind=LIST))
    if rng.random() < 0.8:
        blocks.append(table(item["specs"]))
    if rng.random() < 0.7:
        blocks.append(noise("comments", ch.fill(page.pick(shop["reviews_head"]))))
        for body in page.some(shop["reviews"], 1, 3):
            blocks.append(noise("comments", page.pick(lang["nicknames"]), ch.fill(page.pick(shop["rating"])), kind=LINES))
            blocks.append(noise("comments", body))
    others = [(x["name"], x["intro"][0]) for x in lang["products"] if x is not item]
    blocks += (ch.teasers(st["related_head"], others, False) if others else []) + ch.footer()
    return blocks, "product"


def docs(page: Page) -> tuple[list[Block], str]:
    lang, rng, ch, st = page.lang, page.rng, page.chrome, page.style
    d, chrome = rng.choice(lang["docs_pages"]), lang["docs"]
    blocks = ch.title_line(d["title"])
    if rng.random() < 0.5:
        blocks.append(noise("navigation", page.pub.name))
    blocks.append(noise("navigation", ch.fill(page.pick(chrome["version"]))))
    blocks.append(noise("navigation", *chrome["nav"], kind=LIST if rng.random() < 0.5 else MENU, depth=2))
    if st["search"]:
        blocks.append(noise("navigation", st["search"]))
    blocks.append(content(d["title"]))
    if rng.random() < 0.6:
        blocks.append(noise("navigation", page.pick(chrome["toc"])))
        blocks.append(noise("navigation", d["params_head"], *rng.sample(chrome["nav"], 2), kind=LIST, depth=2))
    blocks += [content(p) for p in d["paras"]]
    blocks.append(content(*d["code"], kind=LINES, depth=2))
    blocks.append(content(d["params_head"]))
    blocks.append(table(d["params"]))
    blocks.append(content(d["note"]))
    tail = [
        noise("other", page.pick(chrome["edit"])),
        noise("other", *chrome["helpful"][:2], kind=LINES),
        noise("timestamp", dates.write(page.pick(chrome["updated"]), lang, page.cast.moment)),
    ]
    rng.shuffle(tail)
    blocks += tail[: rng.randint(1, 3)]
    if st["pagination"]:
        blocks += ch.pagination(2)
    blocks.append(noise("legal", ch.fill(st["copyright"])))
    return blocks, "docs"


def listing(page: Page) -> tuple[list[Block], str]:
    lang, rng, ch, st = page.lang, page.rng, page.chrome, page.style
    if page.pub.kind == "shop":
        return _shop_listing(page)
    ev = lang["events"]
    cast = page.cast
    title = cast.fill(rng.choice(ev["title"]))
    blocks = ch.title_line(title) + ch.header(ch.section_name())
    blocks += [content(title), content(cast.fill(rng.choice(ev["intro"])))]
    for name in rng.sample(ev["names"], rng.randint(3, len(ev["names"]))):
        when = dates.random_moment(rng)
        line = dates.write(rng.choice(ev["line"]), lang, when, venue=rng.choice(ev["venues"]), price=rng.choice(ev["free"]))
        blocks.append(content(name))
        blocks.append(content(line))
        if rng.random() < 0.08:
            blocks += ch.ad()
    blocks += ch.pagination()
    blocks += _more(page) + ch.footer()
    return blocks, "listing.events"


def _shop_listing(page: Page) -> tuple[list[Block], str]:
    lang, rng, ch, st = page.lang, page.rng, page.chrome, page.style
    shop = lang["shop"]
    section = ch.section_name()
    blocks = ch.title_line(section) + ch.header()
    blocks.append(noise("navigation", *page.some(shop["nav"], 3, len(shop["nav"])), kind=MENU))
    blocks.append(content(section))
    blocks.append(noise("navigation", *(ch.fill(h, n=rng.randint(12, 300)) for h in shop["listing_head"]), kind=LINES))
    for item in lang["products"]:
        blocks.append(content(item["name"]))
        blocks.append(content(item["intro"][0]))
        blocks.append(noise("other", ch.fill(page.pick(shop["price"]))))
        if rng.random() < 0.5:
            blocks.append(noise("other", page.pick(shop["cart"])))
    blocks += ch.pagination()
    blocks += ch.footer()
    return blocks, "listing.shop"


def _more(page: Page) -> list[Block]:
    if page.rng.random() < 0.5:
        return []
    items = articles.teasers(page.lang, page.rng, "", page.rng.randint(2, 5))
    return page.chrome.teasers(page.style["most_read_head"], items, False)

