"""The article itself: headline, standfirst and body blocks built from a language's prose.

Bodies mix topic sentences, short one-line paragraphs, quotes, subheadings, bullet lists and
tables (all content), so that content also comes in shapes that look like noise. The
aggregator's mangled re-publication (lines broken mid-sentence, sentences glued without a
space) and headline-plus-summary teasers for related lists are built here too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from training.project_corpus import dates
from training.project_corpus.blocks import LINES, LIST, Block, content, table
from training.project_corpus.languages import TOPICS
from training.project_corpus.slots import Cast, number

CLOSING = "”」』）)\"'"
TABLE_FOR_TOPIC = {"sport": "league", "weather": "weather", "politics": "election", "economy": "prices"}
#: Where a long article goes on once its own topic's sentences are used up.
SISTER = {
    "politics": "local", "local": "politics", "economy": "technology", "technology": "economy",
    "science": "health", "health": "science", "sport": "local", "culture": "local", "weather": "local",
}


@dataclass
class Article:
    topic: str
    headline: str
    standfirst: str | None
    body: list[Block]
    sentences: list[str]  # the body's running text, for the aggregator's re-publication


def headline(lang: dict, topic: str, cast: Cast, rng: random.Random) -> str:
    return cast.fill(rng.choice(lang["topics"][topic]["headlines"]))


def teaser(lang: dict, rng: random.Random, exclude: str) -> tuple[str, str]:
    """Another story's headline and a one-sentence summary, with its own invented cast."""
    topic = rng.choice([t for t in TOPICS if t != exclude])
    cast = Cast(lang, rng)
    bank = lang["topics"][topic]
    return cast.fill(rng.choice(bank["headlines"])), cast.fill(rng.choice(bank["standfirsts"]))


def teasers(lang: dict, rng: random.Random, exclude: str, count: int) -> list[tuple[str, str]]:
    """``count`` teasers, each from a different headline template while there are enough."""
    templates = [(t, h) for t in TOPICS if t != exclude for h in range(len(lang["topics"][t]["headlines"]))]
    rng.shuffle(templates)
    out = []
    while len(out) < count:
        for topic, index in templates[: count - len(out)]:
            cast = Cast(lang, rng)
            bank = lang["topics"][topic]
            out.append((cast.fill(bank["headlines"][index]), cast.fill(rng.choice(bank["standfirsts"]))))
        rng.shuffle(templates)
    return out


def quote(lang: dict, cast: Cast, rng: random.Random, said: str | None = None) -> str:
    """A quotation in one of the language's frames (``said`` or a random quote)."""
    text = said or rng.choice(lang["quotes"])
    return cast.fill(rng.choice(lang["quote_frames"]).replace("{quote}", text))


def bracket_quote(lang: dict, cast: Cast, rng: random.Random, who: str = "person2", said: str | None = None) -> str:
    """An interview quote in brackets, "[Name, Title: what they said.]" (second seed)."""
    frame = rng.choice(lang["bracket_frames"])
    if who == "person2":
        frame = frame.replace("{person}", "{person2}").replace("{role}", "{role2}")
    return cast.fill(frame.replace("{quote}", said or rng.choice(lang["quotes"])))


def _table_block(lang: dict, kind: str, cast: Cast, rng: random.Random) -> list[Block]:
    spec = lang["tables"][kind]
    rows = [list(spec["header"])]
    if kind == "league":
        teams = rng.sample(lang["teams"], min(len(lang["teams"]), rng.randint(4, 6)))
        points = sorted((rng.randint(8, 60) for _ in teams), reverse=True)
        played = rng.randint(10, 30)
        rows += [[team, str(played), str(p)] for team, p in zip(teams, points)]
    elif kind == "weather":
        start = rng.randrange(7)
        for offset in range(rng.randint(3, 5)):
            low = rng.randint(-6, 18)
            rows.append([lang["weekdays"][(start + offset) % 7], f"{low}°", f"{low + rng.randint(3, 12)}°", f"{rng.randint(0, 95)}%"])
    elif kind == "election":
        votes = sorted((rng.randint(80, 4_000) for _ in range(rng.randint(3, 5))), reverse=True)
        total = sum(votes)
        for count in votes:
            name = Cast(lang, rng).values["person"]
            rows.append([name, number(lang, count), number(lang, 100 * count / total, 1) + "%"])
    else:
        for item in rng.sample(spec["items"], rng.randint(3, len(spec["items"]))):
            price = spec["currency"].format(x=number(lang, rng.uniform(0.5, 6), 2))
            rows.append([item, price, f"{rng.choice('+-')}{number(lang, rng.uniform(0.1, 9.9), 1)}%"])
    caption = dates.write(cast.fill(rng.choice(spec["caption"]).replace("{n}", str(rng.randint(5, 30)))), lang, cast.moment)
    return [content(caption), table(rows)]


def article(
    lang: dict,
    topic: str,
    cast: Cast,
    rng: random.Random,
    paragraphs: int,
    plain: bool = False,
    per_paragraph: tuple[int, ...] | None = None,
    numbered: tuple[str, ...] = (),
) -> Article:
    """Headline, standfirst and up to ``paragraphs`` body paragraphs; ``plain`` leaves out
    subheadings, lists and tables (a spoken transcript has none); ``per_paragraph`` sets how
    many sentences a paragraph may have (portals print long ones); ``numbered`` gives the
    subheadings numbers ("一、", "二、"...) and makes them more frequent. No sentence is used twice:
    when the topic's sentences run out the article borrows from a neighbouring topic, then
    from quotes and one-liners, and ends when those are gone too."""
    bank = lang["topics"][topic]
    sep = lang["sentence_sep"]
    # popped from the end: the topic's own sentences first, the neighbouring topic's after
    sentences = shuffled(lang["topics"][SISTER[topic]]["sentences"], rng) + shuffled(bank["sentences"], rng)
    generic = shuffled(lang["generic"], rng)[: max(1, paragraphs // 4)]
    quotes = shuffled(lang["quotes"], rng)
    subheads = [] if plain else shuffled(bank["subheads"], rng)
    extras_done = {"list", "table"} if plain else set()
    per_paragraph = per_paragraph or ((1, 1, 2) if paragraphs > 8 or plain else (1, 2, 2, 3))
    body: list[Block] = []
    running: list[str] = []
    for index in range(paragraphs):
        if index and subheads and (paragraphs > 5 and rng.random() < 0.18 or numbered and rng.random() < 0.45):
            number = numbered[min(len(numbered) - 1, sum(1 for b in body if b.texts[0].startswith(numbered)))] if numbered else ""
            body.append(content(number + cast.fill(subheads.pop())))
        roll = rng.random()
        if index and quotes and (roll < 0.12 or not sentences):
            text = quote(lang, cast, rng, quotes.pop())
        elif index and generic and (roll < 0.22 or not sentences):
            text = cast.fill(generic.pop())  # a one-line paragraph: content that looks like noise
        elif sentences:
            take = min(len(sentences), rng.choice(per_paragraph))
            text = sep.join(cast.fill(sentences.pop()) for _ in range(take))
        else:
            break
        body.append(content(text))
        running.append(text)
        if index and "list" not in extras_done and rng.random() < 0.08:
            extras_done.add("list")
            items = [cast.fill(item) for item in rng.sample(bank["items"], rng.randint(3, len(bank["items"])))]
            body.append(content(rng.choice(lang["list_intros"])))
            body.append(content(*items, kind=LIST if rng.random() < 0.7 else LINES, depth=2))
        if index and "table" not in extras_done and topic in TABLE_FOR_TOPIC and rng.random() < 0.07:
            extras_done.add("table")
            body.extend(_table_block(lang, TABLE_FOR_TOPIC[topic], cast, rng))
    standfirst = cast.fill(rng.choice(bank["standfirsts"])) if rng.random() < 0.7 else None
    return Article(topic, headline(lang, topic, cast, rng), standfirst, body, running)


def notice(lang: dict, fill, rng: random.Random) -> tuple[str, list[Block]]:
    """An official notice printed as an article: numbered headings ("一、活动时间"), the time,
    the address, a contact phone number, the issuing body and the date, all content."""
    spec = rng.choice(lang["notices"])
    return fill(spec["title"]), [content(fill(line)) for line in spec["lines"]]


def shuffled(items: list, rng: random.Random) -> list:
    items = list(items)
    rng.shuffle(items)
    return items


def mangled(lang: dict, art: Article, rng: random.Random) -> list[str]:
    """The aggregator's copy of an article: sentences glued, lines broken in odd places, cut off."""
    glue_cjk = lang["sentence_sep"] == ""
    text = ""
    for paragraph in art.sentences:
        if text:
            text += "" if glue_cjk or rng.random() < 0.85 else " "
        text += paragraph
    if not glue_cjk:
        stop = lang["stop"]
        text = text.replace(stop + " ", stop if rng.random() < 0.85 else stop + " ")
    lines, rest = [], text
    while rest:
        size = rng.randint(120, 420) if not glue_cjk else rng.randint(50, 160)
        if len(rest) <= size:
            lines.append(rest)
            break
        cut = _cut(rest, size, lang, rng)
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    lines = [line for line in lines if line.strip()]
    if len(lines) > 2 and rng.random() < 0.8:  # the excerpt is cut off
        lines = lines[: rng.randint(2, len(lines))]
        lines[-1] = lines[-1].rstrip(".。") + rng.choice((" ...", "…", " …", "..."))
    return lines


def _cut(text: str, size: int, lang: dict, rng: random.Random) -> int:
    """Where the aggregator broke the line: after a sentence stop, or mid-sentence after a word."""
    stop = lang["stop"]
    if lang["sentence_sep"] == "":
        if rng.random() < 0.5:
            found = text.find(stop, size)
            if 0 < found < size * 2:
                found += 1
                while found < len(text) and text[found] in CLOSING:  # keep 。」 together
                    found += 1
                return found
        return size
    if rng.random() < 0.7:
        found = text.find(stop, size)
        if 0 < found < size * 2:
            found += len(stop)
            while found < len(text) and text[found] in CLOSING + "“»":
                found += 1
            return found
    found = text.find(" ", size)
    return found if found > 0 else len(text)
