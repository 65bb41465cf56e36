"""Reader comments under an article: the heading, the form, and a thread of 1 to 40 comments.

Every line of a comment section is noise of category ``comments``: the count and heading, the
moderation notice, sorting, each commenter's name and date, the body, like counts and buttons,
"load more" and the form. Comment bodies are made of full, article-like sentences (the
language's ``comments.py``), so shape alone cannot tell them from the article above. Held-out
sites draw bodies, openers and nicknames from the part of each list train sites never use.
"""

from __future__ import annotations

from datetime import timedelta

from training.project_corpus.blocks import LINES, MENU, Block, noise
from training.project_corpus.publishers import share_of


def commenters(ch, count: int) -> list[str]:
    """Names for ``count`` comments: the site's nicknames, given names with digits, guests."""
    lang, rng = ch.lang, ch.rng
    nicks = share_of(lang["nicknames"], ch.pub.split)
    anon = share_of(lang["comment_ui"]["anon"], ch.pub.split)
    names = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.45:
            names.append(rng.choice(nicks))
        elif roll < 0.85:
            given = rng.choice(lang["first_names"][rng.choice("mf")])
            given = given.lower() if lang["code"] not in ("zh", "ja", "ko") and rng.random() < 0.6 else given
            names.append(f"{given}{rng.choice(('', '_', '.', ''))}{rng.randint(1, 99)}")
        else:
            names.append(ch.fill(rng.choice(anon), n=rng.randint(100, 9999)))
    return names


class Bodies:
    """Comment bodies for one thread, each sentence used once until the site's pool runs out."""

    def __init__(self, ch) -> None:
        self.ch, self.rng, split = ch, ch.rng, ch.pub.split
        ui = ch.lang["comment_ui"]
        self.pools = {
            "old": share_of(ch.lang["comments"], split),  # the short comments of the first version
            "open": share_of(ui["open"], split),
            "body": share_of(ui["body"], split),
            "close": share_of(ui["close"], split),
        }
        self.left = {key: [] for key in self.pools}

    def take(self, key: str) -> str:
        if not self.left[key]:
            self.left[key] = list(self.pools[key])
            self.rng.shuffle(self.left[key])
        return self.ch.fill(self.left[key].pop())

    def next(self) -> str:
        """One comment: an old short one, or one to three full sentences with an opener/closer."""
        rng = self.rng
        if rng.random() < 0.2:
            return self.take("old")
        parts = [self.take("open")] if rng.random() < 0.35 else []
        for _ in range(rng.choice((1, 1, 1, 1, 1, 2, 2, 3))):
            sentence = self.take("body")
            if sentence not in parts:  # the pool may refill mid-comment
                parts.append(sentence)
        if rng.random() < 0.25:
            parts.append(self.take("close"))
        return self.ch.lang["sentence_sep"].join(parts)


def comment_section(ch, count: int, long: bool = False) -> list[Block]:
    """The comment block of a page with ``count`` comments shown (``long``: a big thread with
    sorting, replies and "load more")."""
    st, lang, rng = ch.style, ch.lang, ch.rng
    th = st["thread"]
    total = count + (rng.randint(1, 3 * count) if long and rng.random() < 0.5 else 0)
    out = [noise("comments", ch.fill(st["comment_count"], n=total))]
    if rng.random() < 0.7:
        out.append(noise("comments", st["comment_head"]))
    if th["policy"] and rng.random() < 0.7:
        out.append(noise("comments", ch.fill(th["policy"])))
    form = noise("comments", *st["comment_form"], kind=LINES, depth=2)
    if th["form_first"] and rng.random() < 0.8:
        out.append(form)
    if th["sort"] and (long or count > 3):
        out.append(noise("comments", th["sort"], kind=MENU))
    names, bodies = commenters(ch, count), Bodies(ch)
    regions = lang["portal"]["regions"]
    when = ch.moment
    for index, user in enumerate(names):
        when = when + timedelta(minutes=rng.randint(3, 600 if long else 2000))
        stamp = ch.fill(st["comment_date"], at=when, n=rng.randint(1, 23))
        reply = index > 0 and rng.random() < (0.3 if long else 0.15)
        depth = 4 if reply else 3
        region = rng.choice(regions)
        if "{when}" not in th["header"]:  # "X wrote:" with the date on the next line
            head = noise("comments", ch.fill(th["header"], user=user, region=region), stamp, kind=LINES, depth=depth)
        elif th["split_header"]:
            head = noise("comments", user, stamp, kind=LINES, depth=depth)
        else:
            head = noise("comments", ch.fill(th["header"], user=user, when=stamp, region=region), depth=depth)
        text = bodies.next()
        if reply and rng.random() < 0.6:
            text = ch.fill(th["reply_to"], user=names[index - 1]) + text
        out += [head, noise("comments", text, depth=depth)]
        tail = [ch.fill(th["likes"], n=rng.randint(0, 180), minor=rng.randint(0, 40))] if th["likes"] else []
        roll = rng.random()
        tail += th["actions"] if roll < 0.6 else [st["comment_reply"]] if roll < 0.85 else []
        if tail:
            out.append(noise("comments", *tail, kind=MENU if rng.random() < 0.6 else LINES, depth=depth))
    if long or rng.random() < 0.2:
        out.append(noise("comments", ch.fill(th["more"], n=rng.randint(2, 30), total=total + rng.randint(0, 50))))
    if not th["form_first"] and rng.random() < 0.6:
        out.append(form)
    return out
