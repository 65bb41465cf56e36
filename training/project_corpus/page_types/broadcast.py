"""Broadcast transcripts in the manner of the second seed: cues, spoken text, credits, tip line."""

from __future__ import annotations

from training.project_corpus import articles
from training.project_corpus.blocks import LINES, Block, content, noise
from training.project_corpus.languages import TOPICS
from training.project_corpus.page_types import Page


def broadcast(page: Page) -> tuple[list[Block], str]:
    lang, rng, ch, st, cast = page.lang, page.rng, page.chrome, page.style, page.cast
    topic = rng.choice(TOPICS)
    spoken = rng.randint(3, 16)
    art = articles.article(lang, topic, cast, rng, spoken, plain=True)
    texts = [b.texts[0] for b in art.body if b.kind == "text"] or [art.headline]
    blocks: list[Block] = ch.title_line(art.headline)
    if rng.random() < 0.8:
        blocks.append(noise("navigation", st["menu_word"] or lang["menu_word"][0]))
    else:
        blocks += ch.header()
    blocks.append(noise("navigation", ch.cased(ch.section_name())))
    blocks.append(content(art.headline))
    blocks.append(noise("timestamp", ch.stamp()))
    blocks += ch.font_size() or [noise("share", st["share_label"] or lang["share_label"][0])]
    anchor = rng.randint(1, min(3, len(texts)))
    blocks.append(noise("cue", st["cue_anchor"]))
    blocks += [content(text) for text in texts[:anchor]]
    blocks.append(content(ch.fill(rng.choice(lang["anchor_lead"]), reporter=cast.values["reporter"])))
    blocks.append(noise("cue", st["cue_reporter"]))
    body = texts[anchor:]
    quotes = rng.randint(1, 3)
    said = articles.shuffled(lang["quotes"], rng)  # each quote at most once per transcript
    for index, text in enumerate(body):
        blocks.append(content(text))
        if quotes and rng.random() < 0.35:
            quotes -= 1
            if rng.random() < 0.4:
                blocks.append(noise("cue", st["cue_interview"]))
            blocks.append(content(articles.bracket_quote(lang, cast, rng, rng.choice(("person", "person2")), said.pop())))
    if quotes and rng.random() < 0.5:  # a bracket opened and never closed, running over lines
        opened = articles.bracket_quote(lang, cast, rng, said=said.pop()).rstrip("]")
        blocks.append(content(opened))
        blocks.append(content(cast.fill(rng.choice(lang["generic"]))))
    signoff = ch.fill(st["signoff"], author=cast.values["reporter"])
    blocks.append(noise("credit", signoff))
    if st["cue_closing"] and rng.random() < 0.6:
        blocks.append(noise("cue", st["cue_closing"]))
        blocks.append(content(cast.fill(rng.choice(lang["generic"]))))
    credits = [ch.fill(st["edit_credit"]), ch.fill(st["video_credit"])]
    if rng.random() < 0.4:
        credits.reverse()
    blocks.append(noise("credit", *credits, kind=LINES))
    blocks += ch.tip_footer()
    if rng.random() < 0.4:
        blocks += ch.footer()
    return blocks, "broadcast"
