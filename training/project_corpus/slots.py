"""The invented cast of one article: people, places, organisations and numbers.

Language templates name slots like ``{person}``, ``{in_city}`` or ``{pct}``; a ``Cast`` fills
them consistently for one page (the same mayor throughout), in the language's own number and
name conventions. Gendered verb forms (``{said}``) agree with ``{person}``.
"""

from __future__ import annotations

import random
import string

from training.project_corpus import dates


def person_name(lang: dict, rng: random.Random, gender: str) -> tuple[str, str]:
    """A full name and the family name alone, e.g. ("Anna Keller", "Keller")."""
    given = rng.choice(lang["first_names"][gender])
    family = rng.choice(lang["surnames"])
    if not isinstance(family, str):  # languages whose surnames agree in gender
        family = family[0] if gender == "m" else family[1]
    parts = (family, given) if lang["name_order"] == "family_given" else (given, family)
    return lang["name_sep"].join(parts), family


def number(lang: dict, value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", lang["decimal"]).replace("\0", lang["thousands"])


class Cast:
    def __init__(self, lang: dict, rng: random.Random, site: str = "") -> None:
        self.lang = lang
        self.rng = rng
        genders = [rng.choice("mf") for _ in range(3)]
        people = [person_name(lang, rng, g) for g in genders]
        names = [full for full, _ in people]
        roles = rng.sample(lang["roles"], 2)
        towns = rng.sample(lang["towns"], 2)
        teams = rng.sample(lang["teams"], 2)
        moment = dates.random_moment(rng)
        verbs = lang["verbs"]
        index = 0 if genders[0] == "m" else 1
        index2 = 0 if genders[1] == "m" else 1
        money_value = number(lang, rng.uniform(1.2, 95.0), 1)
        self.moment = moment
        self.values: dict[str, str] = {
            "person": names[0],
            "person2": names[1],
            "reporter": names[2],
            "surname": people[0][1],
            "surname2": people[1][1],
            "role": roles[0][index],
            "role2": roles[1][index2],
            "city": towns[0][0],
            "in_city": towns[0][1],
            "city2": towns[1][0],
            "in_city2": towns[1][1],
            "org": rng.choice(lang["orgs"]),
            "company": rng.choice(lang["companies"]),
            "team": teams[0],
            "team2": teams[1],
            "score": f"{rng.randint(0, 4)}{lang['score_sep']}{rng.randint(0, 3)}",
            "num": number(lang, rng.randint(12, 940)),
            "num2": number(lang, rng.randint(12, 940)),
            "n_small": str(rng.randint(2, 9)),
            "big": number(lang, rng.randint(1_200, 480_000)),
            "pct": number(lang, rng.uniform(1.1, 48.9), 1),
            "pct2": number(lang, rng.uniform(1.1, 48.9), 1),
            "money": rng.choice(lang["money"]).format(x=money_value, n=number(lang, rng.randint(40, 9_000))),
            "year": str(rng.randint(2019, 2025)),
            "date": dates.write(rng.choice(lang["date_in_text"]), lang, moment),
            "temp": str(rng.randint(-8, 12)),  # overnight lows, frost
            "temp2": str(rng.randint(-8, 12)),
            "hot": str(rng.randint(27, 39)),  # the hottest day of the year
            "site": site,
        }
        for verb, forms in verbs.items():
            self.values[verb] = forms[index]
            self.values[verb + "2"] = forms[index2]

    def fill(self, template: str) -> str:
        return string.Formatter().vformat(template, (), self.values)

