"""Forum threads and Q&A pages: here the posts are the content; the furniture around each post
(usernames, ranks, post dates, buttons, signatures, votes) is noise."""

from __future__ import annotations

from datetime import timedelta

from training.project_corpus.blocks import LINES, MENU, Block, content, noise
from training.project_corpus.page_types import Page
from training.project_corpus.publishers import share_of


def _thread(page: Page) -> tuple[dict, list[list[str]], list[str]]:
    rng, lang = page.rng, page.lang
    thread = rng.choice(lang["threads"])
    replies = list(thread["posts"][1:])
    if len(replies) > 2 and rng.random() < 0.4:
        replies = rng.sample(replies, rng.randint(2, len(replies)))
    nicks = share_of(lang["nicknames"], page.pub.split)
    if len(nicks) < len(replies) + 1:
        nicks = list(lang["nicknames"])
    users = rng.sample(nicks, len(replies) + 1)
    return thread, [thread["posts"][0]] + replies, users


def _user(page: Page, user: str) -> list[Block]:
    rng, ch, forum = page.rng, page.chrome, page.lang["forum"]
    lines = [user]
    if rng.random() < 0.6:
        lines.append(page.pick(forum["ranks"]))
    for stat in page.some(forum["user_stats"], 0, 2):
        lines.append(ch.fill(stat, n=rng.randint(3, 4_800)))
    return [noise("credit", *lines, kind=LINES, depth=3)]


def forum(page: Page) -> tuple[list[Block], str]:
    lang, rng, ch, st = page.lang, page.rng, page.chrome, page.style
    f = lang["forum"]
    thread, posts, users = _thread(page)
    blocks = ch.title_line(thread["title"])
    if st["cookie"] and st["cookie_first"]:
        blocks += ch.cookie()
    blocks.append(noise("navigation", *page.some(f["nav"], 3, len(f["nav"])), kind=MENU))
    blocks += ch.crumbs(rng.choice(f["nav"][:2]), rng.choice(lang["sections"]))
    blocks.append(content(thread["title"]))
    meta = ch.fill(page.pick(f["thread_meta"]), user=users[0], n=len(posts) - 1)
    blocks.append(noise("credit" if users[0] in meta else "other", meta))
    if rng.random() < 0.5:
        blocks += ch.pagination()
    buttons = page.some(f["buttons"], 2, 4)
    date_pattern = page.pick(page.lang["post_date"])
    for number, (post, user) in enumerate(zip(posts, users), start=1):
        head = _user(page, user)
        posted = ch.moment + timedelta(hours=number * rng.randint(1, 30))
        stamp = noise("timestamp", ch.fill(date_pattern, at=posted, n=number))
        blocks += head + [stamp] if rng.random() < 0.6 else [stamp] + head
        blocks += [content(paragraph) for paragraph in post]
        if rng.random() < 0.2:
            blocks.append(noise("other", ch.fill(page.pick(f["votes"]), n=rng.randint(0, 40))))
        if rng.random() < 0.25:
            blocks.append(noise("other", page.pick(f["signature"]), depth=3))
        blocks.append(noise("other", *buttons, kind=MENU, depth=3))
    items = [(t["title"], "") for t in lang["threads"] if t is not thread]
    if items and rng.random() < 0.6:
        blocks += ch.teasers(st["related_head"], items[: rng.randint(1, len(items))], False)
    blocks += ch.footer()
    return blocks, "forum"


def qa(page: Page) -> tuple[list[Block], str]:
    lang, rng, ch, st = page.lang, page.rng, page.chrome, page.style
    f = lang["forum"]
    thread, posts, users = _thread(page)
    question, answers = posts[0], posts[1:]
    blocks = ch.title_line(thread["title"]) + ch.header()
    blocks.append(content(thread["title"]))
    blocks.append(noise("timestamp", *(ch.fill(a, n=rng.randint(2, 30)) for a in page.some(f["asked"], 2, 2)), kind=LINES))
    blocks.append(noise("other", ch.fill(page.pick(f["votes"]), n=rng.randint(0, 90))))
    blocks += [content(paragraph) for paragraph in question]
    blocks.append(noise("navigation", ch.fill(page.pick(f["tags_label"])), *rng.sample(lang["sections"], 3), kind=MENU))
    buttons = f["qa_buttons"][:4] + f["qa_buttons"][5:]  # [4] is the accepted-answer mark
    qa_buttons = page.some(buttons, 2, 4)
    blocks.append(noise("other", *(ch.fill(b) for b in qa_buttons), kind=MENU))
    blocks.append(noise("credit", ch.fill(page.pick(f["answered_by"]), user=users[0], n=rng.randint(1, 9000))))
    blocks.append(noise("other", ch.fill(page.pick(f["answers"]), n=len(answers))))
    for index, (answer, user) in enumerate(zip(answers, users[1:])):
        blocks.append(noise("other", ch.fill(page.pick(f["votes"]), n=rng.randint(0, 120))))
        if index == 0 and rng.random() < 0.5:
            blocks.append(noise("other", f["qa_buttons"][4]))
        blocks += [content(paragraph) for paragraph in answer]
        blocks.append(noise("other", *(ch.fill(b) for b in qa_buttons), kind=MENU))
        blocks.append(noise("credit", ch.fill(page.pick(f["answered_by"]), user=user, n=rng.randint(1, 9000))))
    related = [(t["title"], "") for t in lang["threads"] if t is not thread]
    if related and rng.random() < 0.7:
        blocks += ch.teasers(st["related_head"], related, False)
    blocks += ch.footer()
    return blocks, "qa"
