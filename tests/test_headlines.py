"""The training labels' headline policy (noise.headlines): a page's own headline is content."""

from noise.corpus import LabeledPage
from noise.headlines import headline_line, restore_headlines

TITLE = "Harbour ferry keeps its winter timetable"


def page(lines, labels, title=TITLE, categories=None):
    return LabeledPage(lines=lines, labels=labels, id="t:1", meta={"title": title} if title else {}, categories=categories)


def test_the_copy_of_the_title_above_the_article_becomes_content():
    lines = ["News | Sport", f"{TITLE} | Harbour Gazette", "", "  harbour FERRY keeps its  winter timetable ", "By A. Writer", "The council agreed on Monday.", TITLE]
    labels = ["noise", "noise", None, "noise", "noise", "content", "noise"]
    categories = ["navigation", "navigation", None, "navigation", "credit", None, "related"]
    [restored], changed = restore_headlines([page(lines, labels, categories=categories)])
    assert changed == 1
    assert restored.labels == ["noise", "noise", None, "content", "noise", "content", "noise"]
    assert restored.categories == ["navigation", "navigation", None, None, "credit", None, "related"]
    assert restored.lines == lines


def test_the_nearest_copy_above_the_article_is_the_headline():
    lines = [TITLE, "Home", TITLE, "The council agreed on Monday."]
    assert headline_line(page(lines, ["noise", "noise", "noise", "content"])) == 2


def test_pages_without_a_title_a_short_title_or_a_copy_above_the_article_are_left_alone():
    lines = ["Home", "Contact", "The council agreed on Monday.", TITLE]
    labels = ["noise", "noise", "content", "noise"]
    untitled = page(lines, labels, title=None)
    short = page(lines, labels, title="Contact")
    below_only = page(lines, labels)
    no_content = page(["Home", TITLE], ["noise", "noise"])
    pages = [untitled, short, below_only, no_content]
    restored, changed = restore_headlines(pages)
    assert changed == 0
    assert all(after is before for after, before in zip(restored, pages))


def test_a_headline_already_labeled_content_is_not_counted():
    lines = [TITLE, "The council agreed on Monday."]
    original = page(lines, ["content", "content"])
    [restored], changed = restore_headlines([original])
    assert changed == 0 and restored is original


def test_the_input_pages_are_not_changed():
    lines = [TITLE, "The council agreed on Monday."]
    original = page(lines, ["noise", "content"])
    restore_headlines([original])
    assert original.labels == ["noise", "content"]
