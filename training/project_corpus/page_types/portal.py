"""Long, navigation-heavy news pages: a portal's article, or an ordinary news site's article
inside its heaviest page furniture.

The article may be short (1 to 3 paragraphs) inside 150 to 600 lines of menus, lists, comments
and footer, which is the case the real corpus shows most often and the generated one used to
show least. Portal articles have long paragraphs (200 to 600 characters in Chinese, Japanese and
Korean), the editor's credit after the body, "print / close window" tools, previous/next links,
a related list with dates, a thread of 10 to 40 reader comments and several side lists. In
Chinese, Japanese and Korean some articles are official notices with numbered headings, an
address and a contact phone number, all content.
"""

from __future__ import annotations

from training.project_corpus import articles, mega
from training.project_corpus.blocks import TEXT, Block, content, noise
from training.project_corpus.languages import CJK, TOPICS
from training.project_corpus.page_types import Page, paragraph_count

NOTICE_TOPICS = ("local", "politics", "health", "culture", "weather")
#: How Chinese, Japanese and Korean articles number their subheadings.
NUMBERS = {
    "zh": (("一、", "二、", "三、", "四、", "五、"), ("（一）", "（二）", "（三）", "（四）", "（五）")),
    "ja": (("１．", "２．", "３．", "４．", "５．"), ("■", "■", "■", "■", "■")),
    "ko": (("1. ", "2. ", "3. ", "4. ", "5. "), ("◇", "◇", "◇", "◇", "◇")),
}


def portal_news(page: Page) -> tuple[list[Block], str]:
    lang, rng, ch, st = page.lang, page.rng, page.chrome, page.style
    p = st["portal"]
    portal = page.pub.kind == "portal"
    cjk = lang["code"] in CJK
    topic = rng.choice(TOPICS)
    paragraphs, size = paragraph_count(page)
    if rng.random() < 0.2:  # more short articles: the case real long pages show most
        paragraphs, size = rng.randint(1, 3), "short"
    full = rng.random() < 0.35  # every menu, every side list, a long thread: 300-600 lines
    if lang["notices"] and topic in NOTICE_TOPICS and rng.random() < 0.3:
        title, body = articles.notice(lang, page.fill, rng)
        standfirst, size = None, "notice"
    else:
        per = (1, 2, 3, 4, 5, 6, 8, 10) if cjk else (1, 2, 3, 3, 4)
        if portal or rng.random() < 0.5:  # long paragraphs: fewer of them, so the topic lasts
            paragraphs = {"short": paragraphs, "medium": rng.randint(3, 5)}.get(size, rng.randint(5, 8))
        else:
            per = None
        numbered = rng.choice(NUMBERS[lang["code"]]) if lang["code"] in NUMBERS and rng.random() < 0.5 else ()
        art = articles.article(lang, topic, page.cast, rng, paragraphs, per_paragraph=per, numbered=numbered)
        title, standfirst, body = art.headline, art.standfirst, art.body
    body = with_service(page, body)

    blocks = ch.cookie() if st["cookie"] and st["cookie_first"] else []
    blocks += ch.title_line(title) + mega.top_bar(page)
    if rng.random() < 0.6:
        blocks.append(noise("navigation", page.pub.name))
    blocks += mega.search(page) + mega.channels(page)
    if full or portal or rng.random() < 0.5:
        blocks += mega.regions(page) if full or rng.random() < 0.7 else []
        blocks += mega.directory(page) if full or rng.random() < 0.4 else []
    blocks += mega.subchannels(page) if rng.random() < 0.7 else []
    blocks += mega.side_ads(page)[:2] if rng.random() < 0.3 else []
    blocks += ch.crumbs(ch.section_name())

    top = [content(title)] + ([content(standfirst)] if standfirst and rng.random() < 0.7 else [])
    if p["meta_line"] and rng.random() < 0.8:
        source = rng.choice(page.lang["outlets"] + [page.pub.name])
        stamp = ch.stamp(ch.bare_stamp())  # digits only: the line's own words frame it
        top.append(noise("credit", ch.fill(p["meta_line"], source=source, stamp=stamp)))
    else:
        top += ch.byline() + ch.dateline()
    top += ch.font_size() + (ch.share() if st["share_where"] in ("top", "both") else [])
    blocks += top + _inserts(page, body)

    blocks += _after(page, topic, title, full)
    blocks += mega.footer(page, full)
    if st["cookie"] and not st["cookie_first"]:
        blocks += ch.cookie()
    template = f"news.portal.{st['era']}.{size}" if portal else f"news.heavy.{size}"
    return blocks, template


def _after(page: Page, topic: str, title: str, full: bool) -> list[Block]:
    """Credits, tools, previous/next, related list, comments and side lists after the body."""
    lang, rng, ch, st = page.lang, page.rng, page.chrome, page.style
    p = st["portal"]
    out = [noise("credit", ch.fill(p["editor"]))] if rng.random() < 0.8 else []
    if p["origin"] and rng.random() < 0.5:
        out.append(noise("credit", ch.fill(p["origin"], title=title, source=rng.choice(lang["outlets"]))))
    if p["rights"]:
        out.append(noise("legal", ch.fill(p["rights"])))
    if p["correction"]:
        out.append(noise("other", p["correction"]))
    if rng.random() < (0.8 if mega.classic(page) else 0.3):
        out.append(noise("share", p["tools"]))
    if st["share_where"] in ("bottom", "both") or rng.random() < 0.3:
        out += ch.share()
    out += ch.tags(rng.sample(lang["sections"], 3))
    if rng.random() < 0.6:
        out += mega.links(page, [ch.fill(lang["prev_next"][i], title=articles.teaser(lang, rng, topic)[0]) for i in (0, 1)])
    if rng.random() < 0.85:
        out += mega.headline_list(page, "related", topic, rng.randint(5, 15))
    comments = ch.comments(rng.randint(25 if full else 10, 40), long=True) if full or rng.random() < 0.6 else []
    sides = mega.sides(page, topic, full)
    if rng.random() < 0.5:  # comments before or after the side lists
        out += comments + sides
    else:
        out += sides + comments
    if rng.random() < st["newsletter"]:
        out += ch.newsletter()
    return out


def with_service(page: Page, body: list[Block]) -> list[Block]:
    """Sometimes add a service sentence (phone number, address, opening hours) to the body."""
    lang, rng = page.lang, page.rng
    if not lang["service"] or rng.random() >= 0.25:
        return body
    # after a paragraph, never between a list's intro ("Key facts:") and the list
    spots = [i for i in range(1, len(body) + 1) if body[i - 1].kind == TEXT and not body[i - 1].texts[-1].rstrip().endswith((":", "："))]
    at = rng.choice(spots) if spots else len(body)
    return body[:at] + [content(page.fill(rng.choice(lang["service"])))] + body[at:]


def _inserts(page: Page, body: list[Block]) -> list[Block]:
    """Ads and photo credits between the paragraphs of a long page."""
    rng, ch = page.rng, page.chrome
    out: list[Block] = []
    for index, block in enumerate(body):
        out.append(block)
        if index < len(body) - 1 and rng.random() < 0.08:
            out += ch.ad() + [noise("promo", ch.fill(rng.choice(page.style["portal"]["ads"])))]
        elif index < len(body) - 1 and rng.random() < 0.05:
            out += ch.photo_credit()
    return out

