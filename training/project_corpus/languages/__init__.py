"""The eleven languages of the corpus, each a package with five parts:

- ``SITE`` (``site.py``): site furniture: publishers, menus, widgets, footers, date formats.
- ``TEXT`` (``text.py``): prose written for the project, used by train publishers.
- ``HELDOUT`` (``heldout.py``): prose that only held-out publishers use (their own topic banks).
- ``PORTAL`` (``portal.py``): the furniture of big portal pages: mega-menus, region and department
  lists, headline lists, rankings, sitemaps, licence lines, editor credits.
- ``COMMENTS`` (``comments.py``): reader-comment widgets and the pieces comment bodies are made of.

``load(code)`` merges them into one dict. ``for_split(code, split)`` is the view a publisher of
one split writes with: train pages see ``TEXT``; held-out pages see ``HELDOUT``'s topic banks,
one-liners, quotes, interview, tables, service sentences and notices instead. The small lists
that ``HELDOUT`` does not replace (threads, recipes, products, docs pages, events, list intros,
the anchor's lead-in) are split: train gets the first two thirds, held-out the last third. So no
article sentence of a held-out page is ever printed on a train page.
``check()`` fills every template once so a typo in a slot name fails loudly at generation time.
"""

from __future__ import annotations

import importlib
import string
from functools import cache

CODES = ("en", "de", "fr", "es", "pt", "it", "pl", "ru", "zh", "ja", "ko")
CJK = ("zh", "ja", "ko")

REQUIRED = (
    # SITE
    "publishers", "outlets", "skip_link", "home", "menu_word", "sections", "search", "login",
    "subscribe", "share_label", "share_nets", "follow", "font_size", "listen", "read_more",
    "related_head", "recent_head", "most_read_head", "also_read", "agg_disclaimer",
    "editorial_disclaimer", "publisher_credit", "byline", "beats", "photo_credit", "agencies",
    "video_credit", "edit_credit", "signoff", "anchor_lead", "cues", "tip_head", "tip_lines",
    "contact", "phone_formats", "mail_users", "cookie", "cookie_buttons", "legal_links",
    "copyright", "footer_nav", "newsletter_head", "newsletter_pitch", "newsletter_form",
    "app_promo", "ad_marker", "comment_count", "comment_head", "comment_form", "comment_reply",
    "bio", "tags_label", "back_to_top", "pagination", "prev_next", "misc_other", "weather_widget",
    "stamp", "updated", "reading", "comment_date", "post_date", "months", "months_short",
    "weekdays", "weekdays_short", "ampm", "forum", "shop", "docs", "recipe",
    # TEXT
    "first_names", "surnames", "name_order", "name_sep", "towns", "orgs", "companies", "teams",
    "roles", "verbs", "decimal", "thousands", "money", "score_sep", "date_in_text", "stop",
    "sentence_sep", "topics", "generic", "quotes", "quote_frames", "bracket_frames", "interview",
    "list_intros", "tables", "comments", "nicknames", "threads", "recipes", "products",
    "docs_pages", "events", "service", "notices",
)
PORTAL_KEYS = (
    "top_bar", "channels", "subchannels", "regions_label", "regions", "directory_label", "directory",
    "hot_label", "hot_words", "more", "list_heads", "rank_heads", "rank_tabs", "list_date", "bullets",
    "sitemap", "footer_links", "license", "rights", "meta_line", "editor", "origin", "tools",
    "correction", "ad_texts",
)
LIST_HEADS = ("related", "hot", "photo", "video", "picks", "region")
COMMENT_KEYS = ("header", "likes", "actions", "reply_to", "more", "sort", "policy", "anon", "open", "body", "close")
HELDOUT_KEYS = ("topics", "generic", "quotes", "interview", "tables", "service", "notices")
TOPIC_KEYS = ("headlines", "standfirsts", "subheads", "sentences", "items")

TOPICS = ("politics", "economy", "sport", "science", "culture", "local", "technology", "health", "weather")

TRAIN, HELDOUT = "train", "heldout"
#: Prose that held-out publishers take from ``HELDOUT`` instead of ``TEXT``.
OWN = ("topics", "generic", "quotes", "service", "notices")
#: Small prose lists split between the splits: train gets the first part, held-out the rest.
PARTITIONED = ("list_intros", "anchor_lead", "threads", "recipes", "products", "docs_pages")
EVENT_PARTS = ("title", "intro", "names", "line", "venues")


def part(pool: list, split: str) -> list:
    """Train's or held-out's part of a prose list: the last third (at least one item) is held out."""
    if len(pool) < 2:
        raise ValueError(f"cannot split a prose list of {len(pool)} item(s) between train and held-out")
    held = max(1, round(len(pool) / 3))
    return list(pool[: len(pool) - held]) if split == TRAIN else list(pool[len(pool) - held :])


@cache
def load(code: str) -> dict:
    module = importlib.import_module(f"{__name__}.{code}")
    lang = {**module.SITE, **module.TEXT, "code": code}
    lang.update(portal=module.PORTAL, comment_ui=module.COMMENTS, heldout=module.HELDOUT)
    missing = [key for key in REQUIRED if key not in lang]
    missing += [f"portal.{key}" for key in PORTAL_KEYS if key not in module.PORTAL]
    missing += [f"portal.list_heads.{key}" for key in LIST_HEADS if key not in module.PORTAL.get("list_heads", {})]
    missing += [f"comments.{key}" for key in COMMENT_KEYS if key not in module.COMMENTS]
    missing += [f"heldout.{key}" for key in HELDOUT_KEYS if key not in module.HELDOUT]
    if missing:
        raise KeyError(f"language {code!r} lacks {missing}")
    for name, topics in (("topics", lang["topics"]), ("heldout.topics", module.HELDOUT["topics"])):
        absent = [f"{topic}.{key}" for topic in TOPICS for key in TOPIC_KEYS if key not in topics.get(topic, {})]
        if absent:
            raise KeyError(f"language {code!r} lacks {name} {absent}")
    check(lang)
    return lang


@cache
def for_split(code: str, split: str) -> dict:
    """The language as a publisher of ``split`` writes it (see the module docstring)."""
    lang = load(code)
    held = lang["heldout"]
    view = dict(lang)
    for key in PARTITIONED:
        view[key] = part(lang[key], split)
    view["events"] = {**lang["events"], **{key: part(lang["events"][key], split) for key in EVENT_PARTS}}
    if split == HELDOUT:
        view.update({key: held[key] for key in OWN})
        view["interview"] = {**lang["interview"], **held["interview"]}
        view["tables"] = {kind: {**spec, **held["tables"][kind]} for kind, spec in lang["tables"].items()}
    view["split"] = split
    return view


#: Every slot a template may name: the article cast (slots.Cast), the page furniture
#: (chrome.Chrome.fill), date fields (dates.fields) and a few page-specific ones.
SLOTS = frozenset(
    "person person2 reporter surname surname2 role role2 city in_city city2 in_city2 org company "
    "team team2 score num num2 n_small big pct pct2 money year date temp temp2 hot site said added "
    "explained said2 added2 explained2 "
    "author author_upper beat agency topic net source phone mail n total minor r x stamp title user "
    "d dd m mm month mon month_gen wd wds Y yy H HH h hh MM ampm quote venue price "
    "when region code".split()
)


def check(lang: dict) -> None:
    """Fail loudly on a template that names an unknown slot or does not parse."""
    formatter = string.Formatter()

    def walk(value, where: str) -> None:
        if isinstance(value, str):
            try:
                names = {name for _, name, _, _ in formatter.parse(value) if name is not None}
            except ValueError as error:
                raise ValueError(f"{lang['code']}: {where}: {value!r}: {error}") from None
            unknown = names - SLOTS
            if unknown:
                raise KeyError(f"{lang['code']}: {where}: {value!r} names unknown slots {sorted(unknown)}")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]")

    walk(lang, "")
