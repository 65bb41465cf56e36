"""Page furniture: every noise block a page can carry, worded in the publisher's house style.

``Chrome`` is bound to one page (language, publisher, random source, the page's moment) and
returns ready-labelled blocks. Page assemblers in ``page_types/`` decide which to use where.
"""

from __future__ import annotations

import random
import re
import string

from training.project_corpus import dates, discussion
from training.project_corpus.blocks import LINES, LIST, MENU, Block, noise
from training.project_corpus.publishers import Publisher
from training.project_corpus.slots import number, person_name


_FORMATTER = string.Formatter()
#: Slots ``Chrome.fill`` draws at random: (low, high, decimals); decimals None = a plain int.
_DRAWN = {
    "net": None, "source": None, "phone": None, "mail": None, "stamp": None, "company": None,
    "big": (2_000, 250_000, 0), "n": (2, 48, None), "total": (5, 60, None), "minor": (0, 12, None),
    "r": (3.6, 4.9, 1), "x": (4, 240, 2), "temp": (-5, 33, 0),
}


class Chrome:
    def __init__(self, lang: dict, pub: Publisher, rng: random.Random, moment) -> None:
        self.lang, self.pub, self.rng, self.moment = lang, pub, rng, moment
        self.style = pub.style
        author, _ = person_name(lang, rng, rng.choice("mf"))
        self.author = author
        self.values = {
            "site": pub.name,
            "author": author,
            "author_upper": author.upper(),
            "beat": self.style["beat"],
            "agency": self.style["agency"],
            "city": rng.choice(lang["towns"])[0],
            "year": str(moment.year),
            "topic": _topic_word(lang, rng.choice(lang["sections"])),
        }

    # -- wording -------------------------------------------------------------------------
    def fill(self, template: str, at=None, **extra) -> str:
        """Fill a furniture template; date fields come from ``at`` (default: the page's moment).
        Random values are drawn only for the slots the template names."""
        names = {name for _, name, _, _ in _FORMATTER.parse(template) if name}
        values = dict(self.values)
        values.update((name, self._draw(name)) for name in sorted(names & _DRAWN.keys() - extra.keys()))
        values.update(extra)
        fields = dates.fields(self.lang, at or self.moment, values.get("n", 3))
        return _FORMATTER.vformat(template, (), {**fields, **values})

    def _draw(self, name: str) -> str | int:
        rng, lang = self.rng, self.lang
        if name == "net":
            return rng.choice(lang["share_nets"][:3])  # the first three are social networks
        if name == "source":
            return rng.choice(lang["outlets"] + [p[0] for p in lang["publishers"][2:5]])
        if name in ("phone", "mail", "stamp"):
            return getattr(self, name)()
        if name == "company":
            return rng.choice(lang["companies"])
        low, high, decimals = _DRAWN[name]
        if decimals is None:
            return rng.randint(low, high)
        value = rng.randint(low, high) if decimals == 0 else rng.uniform(low, high)
        return str(value) if name == "temp" else number(lang, value, decimals)

    def cased(self, text: str) -> str:
        case = self.style["case"]
        return text.upper() if case == "upper" else text.lower() if case == "lower" else text

    def phone(self) -> str:
        return "".join(str(self.rng.randint(0, 9)) if ch == "#" else ch for ch in self.style["phone"])

    def mail(self) -> str:
        host = self.pub.domain.removeprefix("forum.").removeprefix("docs.")
        return f"{self.rng.choice(self.lang['mail_users'])}@{host}"

    def bare_stamp(self) -> str:
        """A date pattern without words ("Published ..."), to go inside "Updated {stamp}"."""
        bare = [p for p in self.lang["stamp"] if not any(c.isalpha() for c in re.sub(r"\{[^}]*\}", "", p))]
        return self.style["stamp"] if self.style["stamp"] in bare else bare[0]

    def stamp(self, pattern: str | None = None) -> str:
        return dates.write(pattern or self.style["stamp"], self.lang, self.moment, self.rng.randint(1, 23))

    # -- header --------------------------------------------------------------------------
    def title_line(self, headline: str) -> list[Block]:
        if self.rng.random() < self.style["title_line"]:
            return [noise("navigation", headline + self.style["title_sep"] + self.pub.name)]
        return []

    def header(self, section: str | None = None) -> list[Block]:
        st, out = self.style, []
        if st["skip_link"]:
            out.append(noise("navigation", st["skip_link"]))
        if self.rng.random() < 0.6:
            out.append(noise("navigation", self.pub.name))
        if st["menu_word"]:
            out.append(noise("navigation", st["menu_word"]))
        items = ([st["home"]] if st["home"] else []) + [self.cased(s) for s in st["sections"]]
        if self.rng.random() < 0.3:
            items = items[: self.rng.randint(2, len(items))]
        out.append(noise("navigation", *items, kind=MENU, depth=2))
        tools = [t for t in (st["search"], st["login"]) if t]
        if tools:
            out.append(noise("navigation", *tools, kind=MENU, depth=2))
        if st["subscribe"]:
            out.append(noise("promo", st["subscribe"], depth=2))
        if st["weather"] and self.rng.random() < 0.8:
            out.append(noise("other", self.fill(st["weather"]), depth=2))
        if self.rng.random() < 0.15:
            out.append(noise("timestamp", self.stamp(self.rng.choice(self.lang["stamp"]))))
        if self.rng.random() < 0.3:
            self.rng.shuffle(out)
        if st["cookie"] and st["cookie_first"]:
            out = self.cookie() + out
        if section:
            out.extend(self.crumbs(section))
        return out

    def crumbs(self, section: str, leaf: str | None = None) -> list[Block]:
        st = self.style
        if not st["breadcrumbs"]:
            if self.rng.random() < 0.35:  # a lone section label above the headline
                return [noise("navigation", self.cased(section))]
            return []
        trail = [st["home"] or self.lang["home"][0], section] + ([leaf] if leaf else [])
        if self.rng.random() < 0.5:
            return [noise("navigation", st["crumb_sep"].strip().join(f" {t} " for t in trail).strip())]
        return [noise("navigation", *trail, kind=MENU, depth=2)]

    # -- around the headline ---------------------------------------------------------------
    def byline(self, author: str | None = None) -> list[Block]:
        name = author or self.author
        return [noise("credit", self.fill(self.style["byline"], author=name, author_upper=name.upper()))]

    def dateline(self) -> list[Block]:
        st, lines = self.style, [self.stamp()]
        if st["updated"] and self.rng.random() < 0.6:
            later = self.moment.replace(hour=min(23, self.moment.hour + 2))
            lines.append(self.fill(st["updated"], stamp=dates.write(self.bare_stamp(), self.lang, later)))
        if st["reading"]:
            lines.append(self.fill(st["reading"], n=self.rng.randint(2, 14)))
        if len(lines) > 1 and self.rng.random() < 0.4:
            return [noise("timestamp", " · ".join(lines))]
        return [noise("timestamp", line) for line in lines]

    def share(self) -> list[Block]:
        st, out = self.style, []
        nets = list(st["share_nets"])
        if st["share_label"] and self.rng.random() < 0.5:
            out.append(noise("share", st["share_label"], *nets, kind=MENU))
        else:
            if st["share_label"]:
                out.append(noise("share", st["share_label"]))
            out.append(noise("share", *nets, kind=MENU))
        return out

    def font_size(self) -> list[Block]:
        st = self.style
        if not st["font_size"]:
            return []
        if st["share_label"] and self.rng.random() < 0.5:  # "글자 크기 설정 Share" on one line
            return [noise("share", f"{st['font_size']} {st['share_label']}")]
        return [noise("share", st["font_size"])]

    def listen(self) -> list[Block]:
        return [noise("other", self.style["listen"])] if self.style["listen"] else []

    def photo_credit(self) -> list[Block]:
        if self.style["photo"] and self.rng.random() < 0.7:
            return [noise("credit", self.fill(self.style["photo"]))]
        return []

    # -- inside and after the article --------------------------------------------------------
    def ad(self) -> list[Block]:
        return [noise("promo", self.style["ad"])] if self.style["ad"] else []

    def also_read(self, title: str) -> list[Block]:
        return [noise("related", self.fill(self.style["also_read"], title=title))]

    def teasers(self, head: str, items: list[tuple[str, str]], summaries: bool) -> list[Block]:
        """A related / recent / most-read list; with summaries each teaser carries a full sentence."""
        out = [noise("related", self.fill(head))]
        if summaries:
            for title, summary in items:
                out.append(noise("related", title, depth=2))
                out.append(noise("related", summary, depth=2))
                if self.rng.random() < 0.3:
                    out.append(noise("related", self.style["read_more"], depth=2))
        else:
            kind = LIST if self.rng.random() < 0.6 else LINES
            out.append(noise("related", *(t for t, _ in items), kind=kind, depth=2))
        return out

    def tags(self, words: list[str]) -> list[Block]:
        if not self.style["tags"]:
            return []
        if self.rng.random() < 0.5:
            return [noise("navigation", self.style["tags"] + " " + ", ".join(words))]
        return [noise("navigation", self.style["tags"]), noise("navigation", *words, kind=MENU)]

    def bio(self) -> list[Block]:
        if not self.style["bio"]:
            return []
        return [noise("credit", self.fill(self.style["bio"]))]

    def newsletter(self) -> list[Block]:
        st = self.style
        return [
            noise("promo", self.fill(st["newsletter_head"])),
            noise("promo", self.fill(st["newsletter_pitch"])),
            noise("promo", *st["newsletter_form"], kind=LINES),
        ]

    def editorial_disclaimer(self) -> list[Block]:
        text = self.style["editorial_disclaimer"]
        return [noise("disclaimer", self.fill(text))] if text else []

    def comments(self, count: int | None = None, long: bool = False) -> list[Block]:
        """A comment section (``discussion.py``): 1-6 comments, or ``count`` in a long thread."""
        return discussion.comment_section(self, count or self.rng.randint(1, 6), long)

    # -- footer ----------------------------------------------------------------------------
    def cookie(self) -> list[Block]:
        st = self.style
        if not st["cookie"]:
            return []
        return [noise("legal", st["cookie"]), noise("legal", *st["cookie_buttons"], kind=MENU)]

    def footer(self) -> list[Block]:
        st, out = self.style, []
        parts = {
            "footer_nav": lambda: [noise("navigation", *st["footer_nav"], kind=MENU)] if st["footer_nav"] else [],
            "contact": lambda: [noise("contact", *(self.fill(c) for c in st["contact"]), kind=LINES)] if st["contact"] else [],
            "legal": lambda: [noise("legal", *st["legal_links"], kind=MENU)],
            "copyright": lambda: [noise("legal", self.fill(st["copyright"]))],
            "follow": lambda: [noise("share", self.fill(st["follow"]))] if st["follow"] else [],
            "app": lambda: [noise("promo", self.fill(st["app"]))] if st["app"] else [],
            "back_to_top": lambda: [noise("navigation", st["back_to_top"])] if st["back_to_top"] else [],
        }
        for name in st["footer_order"]:
            if name in ("legal", "copyright") or self.rng.random() < 0.85:
                out.extend(parts[name]())
        if st["cookie"] and not st["cookie_first"]:
            out.extend(self.cookie())
        return out

    def tip_footer(self) -> list[Block]:
        st, out = self.style, []
        if st["tip_head"]:
            out.append(noise("contact", st["tip_head"]))
        out.append(noise("contact", *(self.fill(t) for t in st["tip_lines"]), kind=LINES))
        return out

    def pagination(self, count: int | None = None) -> list[Block]:
        items = [self.fill(p) for p in self.style["pagination"]]
        return [noise("navigation", *items[:count], kind=MENU)]

    def misc(self) -> list[Block]:
        return [noise("other", self.style["misc"])] if self.style["misc"] else []

    def section_name(self) -> str:
        return self.rng.choice(self.style["sections"])

    def list_kind(self) -> str:
        return LIST if self.rng.random() < 0.5 else LINES


def _topic_word(lang: dict, section: str) -> str:
    """A section name used inside a sentence (German keeps its nouns capitalised)."""
    return section if lang["code"] == "de" else section.lower()
