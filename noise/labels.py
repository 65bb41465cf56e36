"""The label vocabulary, in one place: verdicts and the categories of noise lines."""

from __future__ import annotations

CONTENT = "content"
NOISE = "noise"
VERDICTS = (CONTENT, NOISE)

#: Every noise line may carry one of these categories (``None`` where unknown).
CATEGORIES = (
    "navigation",  # menus, section names, breadcrumbs, skip links, the page <title> line
    "share",  # share / follow / print / font-size widgets
    "disclaimer",  # aggregator and editorial disclaimers
    "credit",  # bylines, publisher and source credits, photo/video/edit credits, sign-offs
    "timestamp",  # standalone dates and times, "updated", reading time
    "contact",  # tip lines, phone, mail, messenger channels
    "legal",  # cookie notices, copyright, terms, privacy
    "promo",  # newsletter, subscribe, app, ads
    "related",  # teasers, "Read More", recent and most-read lists
    "cue",  # broadcast and transcript markers such as [Anchor]
    "comments",  # reader comments under an article and the comment widget
    "other",
)
