"""Hand-written web-page text for the crawl tests: articles wrapped in menus, share bars and notices.

Written for these tests (no third-party text). ``page(n)`` is deterministic, so a test can build
as many distinct pages as it needs and compare runs byte for byte.
"""

from __future__ import annotations

import random

MENUS = [
    "Home | World | Business | Sport | Culture",
    "Skip to main content",
    "Sign in  Subscribe",
    "Menu",
    "Search this site",
]
FOOTERS = [
    "Share this: Facebook Twitter Email Print",
    "We use cookies to improve your experience. Accept all cookies",
    "Related articles",
    "Copyright 2024 The Riverside Courier. All rights reserved.",
    "Privacy policy | Terms of use | Contact us",
    "Read more",
]
SENTENCES = [
    "The town council voted on Tuesday to reopen the old ferry crossing after a decade of closure.",
    "Residents had campaigned for years, arguing that the detour through the valley added an hour to every trip.",
    "Engineers found the pier sound, though its timber railings will be replaced before the first crossing in May.",
    "The new timetable runs a boat every forty minutes on weekdays and every hour at weekends.",
    "Local shops expect more visitors once the crossing links the market square with the walking trails opposite.",
    "A small museum in the old ticket office will tell the story of the ferrymen who worked the river for two centuries.",
    "Fares will be kept low for residents, who can buy a yearly pass at the library or the harbour office.",
    "Critics worry about the cost of upkeep, which the council estimates at several thousand pounds a year.",
    "The mayor said the vote showed what a determined community can achieve when it refuses to give up.",
    "Schoolchildren painted the new waiting shelter with scenes of herons, otters and the river in flood.",
    "Die Fähre soll im Mai wieder fahren, sagte die Bürgermeisterin am Dienstag vor dem Rathaus.",
    "Le conseil municipal a voté mardi la réouverture du bac, fermé depuis dix ans faute de crédits.",
]


def page(number: int, crlf: bool = False, trailing_newline: bool = True) -> str:
    """A page of menus, an article of a few paragraphs, and footer noise; distinct for each ``number``."""
    rng = random.Random(number)
    lines = rng.sample(MENUS, 3) + [""]
    lines.append(f"Ferry crossing to reopen, part {number}")
    lines.append("")
    for _ in range(rng.randint(2, 5)):
        lines.append(" ".join(rng.sample(SENTENCES, rng.randint(2, 4))))
        lines.append("")
    lines += rng.sample(FOOTERS, 3)
    ending = "\r\n" if crlf else "\n"
    text = ending.join(lines)
    return text + ending if trailing_newline else text


def split_lines(data: bytes, separator: bytes = b"\n") -> list[bytes]:
    """Lines with their endings, split on ``separator``."""
    parts = data.split(separator)
    lines = [part + separator for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def is_ordered_subset(output: bytes, source: bytes) -> bool:
    """Every output line is a whole input line, byte for byte with its ending, in input order;
    lines end as noise splits them: at ``\n``, or at ``\r`` in a text without ``\n`` (classic
    Mac OS)."""
    separator = b"\r" if b"\n" not in source and b"\r" in source else b"\n"
    source_lines = split_lines(source, separator)
    position = 0
    for line in split_lines(output, separator):
        while position < len(source_lines) and source_lines[position] != line:
            position += 1
        if position == len(source_lines):
            return False
        position += 1
    return True
