"""Dates and times written the way each language (and each house style) writes them.

Patterns are ``str.format`` templates over the fields of ``fields()``: ``{d}`` day, ``{dd}``
zero-padded day, ``{m}``/``{mm}`` month number, ``{month}``/``{mon}`` month name (full/short),
``{month_gen}`` month name in the genitive where a language needs it, ``{wd}``/``{wds}``
weekday, ``{Y}``/``{yy}`` year, ``{H}``/``{HH}``/``{h}``/``{MM}`` hour and minute, ``{ampm}``
and ``{n}`` (a small number for relative times like "3 hours ago").
"""

from __future__ import annotations

import datetime as dt
import random

START = dt.datetime(2019, 1, 1)
SPAN_MINUTES = 7 * 365 * 24 * 60  # pages dated 2019-2025


def random_moment(rng: random.Random) -> dt.datetime:
    return START + dt.timedelta(minutes=rng.randrange(SPAN_MINUTES))


def fields(lang: dict, moment: dt.datetime, n: int = 3) -> dict[str, object]:
    months = lang["months"]
    hour12 = moment.hour % 12 or 12
    return {
        "d": moment.day,
        "dd": f"{moment.day:02d}",
        "m": moment.month,
        "mm": f"{moment.month:02d}",
        "month": months[moment.month - 1],
        "mon": lang["months_short"][moment.month - 1],
        "month_gen": lang.get("months_gen", months)[moment.month - 1],
        "wd": lang["weekdays"][moment.weekday()],
        "wds": lang["weekdays_short"][moment.weekday()],
        "Y": moment.year,
        "yy": f"{moment.year % 100:02d}",
        "H": moment.hour,
        "HH": f"{moment.hour:02d}",
        "h": hour12,
        "hh": f"{hour12:02d}",
        "MM": f"{moment.minute:02d}",
        "ampm": lang["ampm"][moment.hour >= 12],
        "n": n,
    }


def write(pattern: str, lang: dict, moment: dt.datetime, n: int = 3, **extra: object) -> str:
    return pattern.format(**fields(lang, moment, n), **extra)
