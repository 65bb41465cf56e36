"""Publishers and their house styles, and the held-out split by domain.

Each language lists its invented publishers (name, domain, kind). Every publisher draws a house
style once: which menu items, widget wordings, timestamp format, footer order and blocks it
shows; a portal also its mega-menus, side lists and footer, and every site its comment widgets.
At least one publisher in five per language is held out (``meta.split = "heldout"``), and
held-out publishers draw their wordings from the last third of every variant list, which train
publishers never use, so a held-out score measures generalisation rather than template memory.
Their article prose is their own too (``languages.for_split``).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

TRAIN = "train"
HELDOUT = "heldout"
HELDOUT_SHARE = 0.2

#: Which page types each kind of publisher prints, with weights.
KIND_PAGES = {
    "aggregator": {"aggregator": 1.0},
    "broadcast": {"broadcast": 1.0},
    "news": {"news": 0.7, "interview": 0.12, "listing": 0.08, "blog": 0.1},
    "blog": {"blog": 0.85, "interview": 0.15},
    "forum": {"forum": 0.6, "qa": 0.4},
    "recipe": {"recipe": 0.65, "blog": 0.35},
    "shop": {"product": 0.7, "listing": 0.3},
    "docs": {"docs": 0.7, "blog": 0.3},
    "portal": {"news": 1.0},
}
#: The era of a portal's layout: the first portal of a language is a 2000s portal (table
#: layouts dumped as lines of links joined by '|'), the others are modern.
CLASSIC, MODERN = "classic", "modern"
CONVERTER_MIXES = ((0.6, 0.25, 0.15), (0.2, 0.6, 0.2), (0.2, 0.2, 0.6), (0.34, 0.33, 0.33))


@dataclass
class Publisher:
    lang: str
    name: str
    domain: str
    kind: str
    split: str
    style: dict = field(default_factory=dict)


def share_of(pool: list, split: str) -> list:
    """The part of a variant list a split may use: train the first two thirds, held-out the rest."""
    if len(pool) < 3:
        return list(pool)
    held = max(1, round(len(pool) / 3))
    return list(pool[: len(pool) - held]) if split == TRAIN else list(pool[len(pool) - held :])


class Styler:
    """Draws one publisher's house style from the language's variant lists."""

    def __init__(self, lang: dict, split: str, rng: random.Random) -> None:
        self.lang, self.split, self.rng = lang, split, rng

    def pick(self, pool):
        if isinstance(pool, str):
            pool = self.lang[pool]
        return self.rng.choice(share_of(pool, self.split))

    def some(self, pool, low: int, high: int) -> list:
        """A few distinct variants; held-out publishers mix in one or two shared ones."""
        if isinstance(pool, str):
            pool = self.lang[pool]
        own = share_of(pool, self.split)
        count = min(self.rng.randint(low, high), len(pool))
        chosen = self.rng.sample(own, min(count, len(own)))
        rest = [item for item in pool if item not in chosen]
        while len(chosen) < count and rest:
            chosen.append(rest.pop(self.rng.randrange(len(rest))))
        return chosen

    def maybe(self, chance: float, pool):
        return self.pick(pool) if self.rng.random() < chance else None

    def chance(self) -> float:
        return self.rng.choice((0.0, 0.25, 0.5, 0.8, 1.0))


def menu_pool(lang: dict, kind: str) -> list[str]:
    """The menu items a kind of site shows: news sections, or the shop's, forum's, docs' own."""
    return {
        "forum": lang["forum"]["nav"],
        "recipe": lang["recipe"]["sections"],
        "shop": lang["shop"]["nav"],
        "docs": lang["docs"]["nav"],
    }.get(kind, lang["sections"])


def house_style(lang: dict, kind: str, split: str, rng: random.Random) -> dict:
    s = Styler(lang, split, rng)
    cases = ("as_is", "as_is", "upper") if split == TRAIN else ("as_is", "upper", "lower")
    cues = lang["cues"]
    return {
        "converters": rng.choice(CONVERTER_MIXES),
        # A title line ("Headline | Site") on about half the pages, where real dumps have one on
        # 3-8% (cwced_zh, WCXB). Scaled by 0.15 (12% of pages; every other draw the same), the
        # recipe's model trained on the train split (seeds 0, 1 and 2, same real pages) scored the
        # held-out publishers' pages of this corpus as it is: untitled headlines dropped 30 -> 21,
        # 20 -> 21 and 25 -> 29 of 132; category accuracy 0.856 -> 0.870, 0.857 -> 0.867 and
        # 0.861 -> 0.859; WCXB test token F1 -0.004 (seeds 0 and 2; seed 1 chose another
        # threshold); cwced_zh's held-out content-line recall -0.06 to -0.08 at seed 2. No
        # consistent gain: not changed.
        "title_line": s.chance(),
        "title_sep": rng.choice((" | ", " - ", " – ", " | ", " · ", " :: ")),
        "skip_link": s.maybe(0.5, "skip_link"),
        "menu_word": s.maybe(0.6, "menu_word"),
        "home": s.maybe(0.7, "home"),
        "sections": s.some(menu_pool(lang, kind), 4, 11),
        "case": rng.choice(cases),
        "search": s.maybe(0.6, "search"),
        "login": s.maybe(0.5, "login"),
        "subscribe": s.maybe(0.4, "subscribe"),
        "weather": s.maybe(0.2, "weather_widget"),
        "breadcrumbs": rng.random() < 0.5,
        "crumb_sep": rng.choice((" > ", " › ", " / ", " » ", " | ", " → ")),
        "byline": s.pick("byline"),
        "byline_first": rng.random() < 0.4,
        "beat": s.pick("beats"),
        "stamp": s.pick("stamp"),
        "updated": s.maybe(0.4, "updated"),
        "reading": s.maybe(0.35, "reading"),
        "share_label": s.maybe(0.8, "share_label"),
        "share_nets": s.some("share_nets", 2, 6),
        "share_where": rng.choice(("top", "bottom", "both", "top")),
        "follow": s.maybe(0.4, "follow"),
        "font_size": s.maybe(0.3 if kind != "broadcast" else 0.9, "font_size"),
        "listen": s.maybe(0.2, "listen"),
        "photo": s.maybe(0.5, "photo_credit"),
        "agency": s.pick("agencies"),
        "read_more": s.pick("read_more"),
        "related_head": s.pick("related_head"),
        "recent_head": s.pick("recent_head"),
        "most_read_head": s.pick("most_read_head"),
        "also_read": s.maybe(0.4, "also_read"),
        "teaser_summary": rng.random() < 0.5,
        "related": s.chance(),
        "most_read": s.chance() * 0.7,
        "ad": s.maybe(0.5, "ad_marker"),
        "newsletter_head": s.pick("newsletter_head"),
        "newsletter_pitch": s.pick("newsletter_pitch"),
        "newsletter_form": s.some("newsletter_form", 1, 3),
        "newsletter": s.chance() * 0.8,
        "app": s.maybe(0.3, "app_promo"),
        "comments": s.chance() if kind in ("news", "blog", "recipe") else 0.0,
        "comment_count": s.pick("comment_count"),
        "comment_head": s.pick("comment_head"),
        "comment_form": s.some("comment_form", 1, 4),
        "comment_reply": s.pick("comment_reply"),
        "comment_date": s.pick("comment_date"),
        "bio": s.maybe(0.35, "bio"),
        "tags": s.maybe(0.4, "tags_label"),
        "editorial_disclaimer": s.maybe(0.2, "editorial_disclaimer"),
        "cookie": s.maybe(0.6, "cookie"),
        "cookie_first": rng.random() < 0.5,
        "cookie_buttons": s.some("cookie_buttons", 1, 3),
        "legal_links": s.some("legal_links", 2, 5),
        "copyright": s.pick("copyright"),
        "footer_nav": s.some("footer_nav", 2, 6) if rng.random() < 0.75 else [],
        "contact": s.some("contact", 1, 3) if rng.random() < 0.5 else [],
        "footer_order": rng.sample(["footer_nav", "contact", "legal", "copyright", "follow", "app", "back_to_top"], 7),
        "back_to_top": s.maybe(0.3, "back_to_top"),
        "prev_next": s.maybe(0.3, "prev_next"),
        "misc": s.maybe(0.3, "misc_other"),
        "pagination": s.some("pagination", 1, 3),
        "tip_head": s.maybe(0.8, "tip_head"),
        "tip_lines": s.some("tip_lines", 2, 4),
        "cue_anchor": s.pick(cues["anchor"]),
        "cue_reporter": s.pick(cues["reporter"]),
        "cue_interview": s.pick(cues["interview"]),
        "cue_closing": s.maybe(0.3, cues["closing"]),
        "signoff": s.pick("signoff"),
        "video_credit": s.pick("video_credit"),
        "edit_credit": s.pick("edit_credit"),
        "agg_disclaimer": s.pick("agg_disclaimer"),
        "publisher_credit": s.pick("publisher_credit"),
        "phone": s.pick("phone_formats"),
        "long_form": rng.random() < 0.3,
        # share of pages printed inside a long, navigation-heavy page (mega-menus, long lists,
        # a comment thread of 10-40 comments, a sitemap footer): 10-50 %; portals print only those
        "heavy": 1.0 if kind == "portal" else rng.choice((0.1, 0.2, 0.3, 0.5)) if kind == "news" else 0.0,
        "era": MODERN,
        "portal": portal_style(s, lang, rng),
        "thread": thread_style(s, lang, rng),
    }


def portal_style(s: Styler, lang: dict, rng: random.Random) -> dict:
    """Which mega-menu items, side lists and footer parts the site's heavy pages show."""
    p = lang["portal"]
    return {
        "sep": rng.choice((" | ", " | ", "|", "　", "  ", " · ")),  # classic portals join links with it
        "top_bar": s.some(p["top_bar"], 3, 7),
        "channels": s.some(p["channels"], 16, 40),
        "channel_rows": rng.choice((1, 2, 2, 3, 4)),
        "subchannels": s.some(p["subchannels"], 6, 14),
        "regions_label": s.pick(p["regions_label"]),
        "regions": s.some(p["regions"], 10, 28),
        "directory_label": s.pick(p["directory_label"]),
        "directory": s.some(p["directory"], 8, 20),
        "hot_label": s.pick(p["hot_label"]),
        "hot_words": s.some(p["hot_words"], 4, 9),
        "more": s.pick(p["more"]),
        "heads": {key: s.pick(pool) for key, pool in p["list_heads"].items()},
        "rank_head": s.pick(p["rank_heads"]),
        "rank_tabs": s.maybe(0.5, p["rank_tabs"]),
        "list_date": s.maybe(0.8, p["list_date"]),
        "date_first": rng.random() < 0.3,
        "bullet": s.maybe(0.6, p["bullets"]),
        "sides": rng.sample(["hot", "photo", "video", "picks", "region", "rank", "rank2", "ads"], rng.randint(3, 7)),
        "sitemap": s.some(p["sitemap"], 3, len(p["sitemap"])),
        "footer_links": s.some(p["footer_links"], 5, 12),
        "license": s.some(p["license"], 1, 3),
        "rights": s.maybe(0.6, p["rights"]),
        "meta_line": s.maybe(0.7, p["meta_line"]),
        "editor": s.pick(p["editor"]),
        "origin": s.maybe(0.3, p["origin"]),
        "tools": s.pick(p["tools"]),
        "correction": s.maybe(0.4, p["correction"]),
        "ads": s.some(p["ad_texts"], 2, 5),
    }


def thread_style(s: Styler, lang: dict, rng: random.Random) -> dict:
    """The site's comment widgets: header, like counts, buttons, sorting, moderation notice."""
    c = lang["comment_ui"]
    return {
        "header": s.pick(c["header"]),
        "likes": s.maybe(0.8, c["likes"]),
        "actions": s.some(c["actions"], 1, 3),
        "reply_to": s.pick(c["reply_to"]),
        "more": s.pick(c["more"]),
        "sort": s.maybe(0.5, c["sort"]),
        "policy": s.maybe(0.6, c["policy"]),
        "form_first": rng.random() < 0.3,
        "split_header": rng.random() < 0.4,
    }


def publishers(lang: dict, seed: int) -> list[Publisher]:
    """The language's publishers with their split and house style, deterministic for ``seed``."""
    code = lang["code"]
    listed = lang["publishers"]
    rng = random.Random(f"{seed}:{code}:split")
    held = set(rng.sample(range(len(listed)), max(1, math.ceil(len(listed) * HELDOUT_SHARE))))
    result, portals = [], 0
    for index, (name, domain, kind) in enumerate(listed):
        split = HELDOUT if index in held else TRAIN
        style = house_style(lang, kind, split, random.Random(f"{seed}:{code}:{domain}"))
        if kind == "portal":
            style["era"] = CLASSIC if portals == 0 else MODERN
            portals += 1
        result.append(Publisher(code, name, domain, kind, split, style))
    return result
