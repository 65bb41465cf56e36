"""Furniture of long, navigation-heavy pages: the mega-menus, region and department lists,
headline lists with dates, rankings, side ads, sitemaps and licence footers of big news portals.

Each function takes a ``Page`` and returns labelled blocks, worded from the publisher's house
style (``publishers.portal_style``) and the language's ``portal.py``. The site's era sets the
shape: a 2000s (``classic``) portal's table layout comes out as lines of links joined by " | "
or spaces, headline lists as table rows of title and date; a modern one prints link lists.

Labels: menus, region and department lists, hot words, the sitemap and footer links are
``navigation``; headline lists, rankings and their headings ``related``; ads ``promo``; licence
and reproduction notices ``legal``.
"""

from __future__ import annotations

from datetime import timedelta

from noise.labels import NOISE
from training.project_corpus import articles
from training.project_corpus.blocks import LINES, LIST, MENU, Block, noise, table
from training.project_corpus.publishers import CLASSIC
from training.project_corpus.slots import Cast


def _style(page) -> dict:
    return page.style["portal"]


def classic(page) -> bool:
    return page.style["era"] == CLASSIC


def links(page, items: list[str], category: str = "navigation", depth: int = 2) -> list[Block]:
    """A row of links: one line joined by the site's separator on a classic portal (several
    lines when long), a menu otherwise."""
    rng = page.rng
    if classic(page) or rng.random() < 0.1:
        sep, size = _style(page)["sep"], rng.randint(6, 14)
        rows = [items[i : i + size] for i in range(0, len(items), size)]
        return [noise(category, sep.join(row).strip(), depth=depth) for row in rows]
    return [noise(category, *items, kind=MENU, depth=depth)]


def top_bar(page) -> list[Block]:
    ch, st = page.chrome, _style(page)
    out = links(page, list(st["top_bar"]))
    if page.rng.random() < 0.5:
        out.insert(0, noise("timestamp", ch.stamp(page.rng.choice(page.lang["stamp"]))))
    if page.style["weather"] and page.rng.random() < 0.6:
        out.append(noise("other", ch.fill(page.style["weather"])))
    return out


def channels(page) -> list[Block]:
    """The main menu: 16-40 channels in one to four rows."""
    rng, st = page.rng, _style(page)
    items = [page.chrome.cased(item) for item in st["channels"]]
    if rng.random() < 0.3:
        items = items[: rng.randint(max(8, len(items) // 2), len(items))]
    rows = max(1, min(st["channel_rows"], len(items) // 6))
    size = -(-len(items) // rows)
    out = []
    for start in range(0, len(items), size):
        out += links(page, items[start : start + size])
    return out


def subchannels(page) -> list[Block]:
    return links(page, list(_style(page)["subchannels"]))


def regions(page) -> list[Block]:
    st = _style(page)
    return [noise("navigation", st["regions_label"])] + links(page, list(st["regions"]))


def directory(page) -> list[Block]:
    st = _style(page)
    return [noise("navigation", st["directory_label"])] + links(page, list(st["directory"]))


def search(page) -> list[Block]:
    rng, st, lang = page.rng, _style(page), page.lang
    out = [noise("navigation", page.style["search"] or lang["search"][0])]
    if rng.random() < 0.7:
        words = st["hot_words"][: rng.randint(3, len(st["hot_words"]))]
        if rng.random() < 0.5:
            out.append(noise("navigation", st["hot_label"] + " " + st["sep"].strip().join(f" {w} " for w in words).strip()))
        else:
            out += [noise("navigation", st["hot_label"])] + links(page, list(words))
    return out


def _when(page, days: int) -> str | None:
    """A list item's date, a little before the page's own."""
    pattern = _style(page)["list_date"]
    if not pattern:
        return None
    earlier = page.cast.moment - timedelta(minutes=page.rng.randint(10, days * 24 * 60))
    return page.chrome.fill(pattern, at=earlier)


def _item(page, title: str, days: int = 20) -> str:
    st = _style(page)
    when = _when(page, days)
    text = title if not when else f"{when} {title}" if st["date_first"] else f"{title} {when}"
    return f"{st['bullet']}{text}" if st["bullet"] else text


def head(page, key: str) -> list[Block]:
    """A list's heading, often with its "more" link on the same line or the next."""
    rng, st = page.rng, _style(page)
    title = page.chrome.fill(st["heads"][key]) if key in st["heads"] else page.chrome.fill(key)
    roll = rng.random()
    if roll < 0.35:
        return [noise("related", f"{title} {st['more']}")]
    if roll < 0.55:
        return [noise("related", title), noise("related", st["more"])]
    return [noise("related", title)]


def headline_list(page, key: str, topic: str, count: int) -> list[Block]:
    """A block of other stories' headlines with dates (related, hot, picks, from the region)."""
    rng = page.rng
    titles = [t for t, _ in articles.teasers(page.lang, rng, topic, count)]
    out = head(page, key)
    if classic(page) and _style(page)["list_date"] and rng.random() < 0.5:  # a table: title | date
        rows = [[_bare(page, t), _when(page, 30)] for t in titles]
        return out + [table(rows, label=NOISE, category="related")]
    items = [_item(page, t) for t in titles]
    return out + [noise("related", *items, kind=LIST if rng.random() < 0.5 else LINES, depth=2)]


def _bare(page, title: str) -> str:
    bullet = _style(page)["bullet"]
    return f"{bullet}{title}" if bullet else title


def photo_list(page, count: int) -> list[Block]:
    """Picture stories: short captions, made of the list items of other stories."""
    rng, lang = page.rng, page.lang
    captions = []
    for _ in range(count * 2):
        topic = rng.choice(list(lang["topics"]))
        caption = Cast(lang, rng).fill(rng.choice(lang["topics"][topic]["items"]))
        if caption not in captions:
            captions.append(caption)
        if len(captions) == count:
            break
    return head(page, "photo") + [noise("related", *captions, kind=LINES if rng.random() < 0.5 else LIST, depth=2)]


def video_list(page, topic: str, count: int) -> list[Block]:
    rng = page.rng
    titles = [t for t, _ in articles.teasers(page.lang, rng, topic, count)]
    if rng.random() < 0.6:
        titles = [f"{t} {rng.randint(0, 9):02d}:{rng.randint(0, 59):02d}" for t in titles]
    return head(page, "video") + [noise("related", *titles, kind=LINES, depth=2)]


def ranking(page, topic: str, count: int) -> list[Block]:
    """A numbered most-read list, with tabs for the period."""
    rng, st = page.rng, _style(page)
    out = [noise("related", page.chrome.fill(st["rank_head"]))]
    if st["rank_tabs"]:
        out.append(noise("related", *st["rank_tabs"].split(" | "), kind=MENU))
    titles = [t for t, _ in articles.teasers(page.lang, rng, topic, count)]
    shape = rng.choice(("{i} {t}", "{i}. {t}", "{i:02d} {t}", "{i}　{t}", "{t}"))
    items = [shape.format(i=i, t=t) for i, t in enumerate(titles, 1)]
    return out + [noise("related", *items, kind=LIST if rng.random() < 0.4 else LINES, depth=2)]


def side_ads(page) -> list[Block]:
    rng, ch = page.rng, page.chrome
    out = ch.ad() if rng.random() < 0.7 else []
    for text in rng.sample(_style(page)["ads"], rng.randint(1, len(_style(page)["ads"]))):
        out.append(noise("promo", ch.fill(text), depth=2))
    return out


SIDES = ("hot", "photo", "video", "picks", "region", "rank", "rank2", "ads")


def sides(page, topic: str, full: bool = False) -> list[Block]:
    """The side and bottom lists the site shows, in its own order (``full``: all of them)."""
    rng, out = page.rng, []
    keys = list(_style(page)["sides"])
    for key in SIDES if full else ():
        if key not in keys:
            keys.insert(rng.randint(0, len(keys)), key)
    more = 5 if full else 0  # a full page's lists are longer too
    for key in keys:
        if key in ("hot", "picks", "region"):
            out += headline_list(page, key, topic, rng.randint(6, 15 + more))
        elif key == "photo":
            out += photo_list(page, rng.randint(4, 9 + more))
        elif key == "video":
            out += video_list(page, topic, rng.randint(3, 8 + more))
        elif key in ("rank", "rank2"):
            out += ranking(page, topic, rng.randint(8, 20 + more))
        else:
            out += side_ads(page)
    return out


def sitemap(page) -> list[Block]:
    rng, out = page.rng, []
    for heading, items in _style(page)["sitemap"]:
        out.append(noise("navigation", heading))
        out += links(page, list(items)) if classic(page) else [noise("navigation", *items, kind=LIST if rng.random() < 0.5 else MENU, depth=2)]
    return out


def footer(page, full: bool = False) -> list[Block]:
    """Sitemap, footer links, licence and registration lines, copyright, contact lines."""
    rng, ch, st, lang = page.rng, page.chrome, _style(page), page.lang
    out = sitemap(page) if full or rng.random() < 0.7 else []
    out += links(page, list(st["footer_links"]))
    code = "".join(str(rng.randint(0, 9)) for _ in range(8))
    out += [noise("legal", ch.fill(line, code=code)) for line in st["license"]]
    out.append(noise("legal", ch.fill(page.style["copyright"])))
    if page.style["contact"] and rng.random() < 0.6:
        out.append(noise("contact", *(ch.fill(c) for c in page.style["contact"]), kind=LINES))
    if rng.random() < (0.8 if lang["code"] == "ko" else 0.2):
        out += ch.tip_footer()
    if page.style["app"] and rng.random() < 0.5:
        out.append(noise("promo", ch.fill(page.style["app"])))
    if page.style["back_to_top"] and rng.random() < 0.5:
        out.append(noise("navigation", page.style["back_to_top"]))
    return out
