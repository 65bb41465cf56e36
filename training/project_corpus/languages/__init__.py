"""The eleven languages of the corpus, each a package with ``SITE`` (site furniture: publishers,
menus, widgets, footers, date formats) and ``TEXT`` (prose written for the project).

``load(code)`` merges both into one dict. ``REQUIRED`` lists the keys every language provides;
``check()`` fills every template once so a typo in a slot name fails loudly at generation time.
"""

from __future__ import annotations

import importlib
import string
from functools import cache

CODES = ("en", "de", "fr", "es", "pt", "it", "pl", "ru", "zh", "ja", "ko")

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
    "docs_pages", "events",
)

TOPICS = ("politics", "economy", "sport", "science", "culture", "local", "technology", "health", "weather")


@cache
def load(code: str) -> dict:
    module = importlib.import_module(f"{__name__}.{code}")
    lang = {**module.SITE, **module.TEXT, "code": code}
    missing = [key for key in REQUIRED if key not in lang]
    if missing:
        raise KeyError(f"language {code!r} lacks {missing}")
    absent = [topic for topic in TOPICS if topic not in lang["topics"]]
    if absent:
        raise KeyError(f"language {code!r} lacks topics {absent}")
    check(lang)
    return lang


#: Every slot a template may name: the article cast (slots.Cast), the page furniture
#: (chrome.Chrome.fill), date fields (dates.fields) and a few page-specific ones.
SLOTS = frozenset(
    "person person2 reporter surname surname2 role role2 city in_city city2 in_city2 org company "
    "team team2 score num num2 n_small big pct pct2 money year date temp temp2 hot site said added "
    "explained said2 added2 explained2 "
    "author author_upper beat agency topic net source phone mail n total minor r x stamp title user "
    "d dd m mm month mon month_gen wd wds Y yy H HH h hh MM ampm quote venue price".split()
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
