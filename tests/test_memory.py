"""Publisher memory (noise.memory, Cleaner.clean_group, noise clean --group-by): recurring lines
count as boilerplate; lines a person labeled content never do."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from noise import Cleaner
from noise.adapt import adapt_model
from noise.artifact import load_model
from noise.cli import app
from noise.grouping import clean_by_group, grouped
from noise.linekeys import line_keys, normalise
from noise.memory import Memory, copies_in_page, recurrence
from noise.pipeline import Settings, clean_inputs
from tests.adaptation_fixtures import FOOTER, HEADER, gazette_page, gazette_pages, train_tiny_model

runner = CliRunner()


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    return train_tiny_model(tmp_path_factory.mktemp("models") / "tiny")


def test_keys_ignore_case_digits_and_spacing():
    assert normalise("  Updated  12:04 TODAY ") == "updated 0:0 today"
    a, b, c = line_keys(["Updated 12:04", "updated  9:31", "Updated at 9:31"])
    assert a == b != c


def test_recurrence_counts_distinct_pages():
    keys = line_keys(["menu", "menu", "story one", "menu", "story two", "menu"])
    pages = np.array([0, 0, 0, 1, 1, 2])
    assert recurrence(keys, pages).tolist() == [3, 3, 1, 3, 1, 3]


def _template_pages(stories: list[str], template: tuple[str, ...] = ("menu", "sign in")) -> tuple[list[str], np.ndarray]:
    """One page per story: the template's lines, then the story (lines, page of each line)."""
    lines = [line for story in stories for line in (*template, story)]
    return lines, np.repeat(np.arange(len(stories)), len(template) + 1)


def test_memory_raises_recurring_lines_only_in_large_enough_groups():
    lines, pages = _template_pages(["story one", "story two", "story three"])
    noise = np.full(len(lines), 0.3)
    revised = Memory(boost=3.0, full_at=3, min_pages=3, spare_below=0.02).revise(noise, lines, pages)
    template = np.isin(lines, ["menu", "sign in"])
    assert (revised[template] > 0.8).all()
    assert (revised[~template] == 0.3).all()
    assert (Memory(min_pages=4, spare_below=0.02).revise(noise, lines, pages) == noise).all()


def test_memory_needs_a_line_on_enough_of_the_groups_pages():
    lines = ["menu", "sign in", "story one", "menu", "sign in", "story two", "story three", "story four", "story five"]
    pages = np.array([0, 0, 0, 1, 1, 1, 2, 3, 4])
    noise = np.full(len(lines), 0.6)
    assert (Memory(min_share=0.5).revise(noise, lines, pages) == noise).all(), "on 2 of 5 pages"
    assert Memory(min_share=0.4).revise(noise, lines, pages)[0] > 0.6


def test_memory_leaves_lines_the_model_leans_to_call_content():
    lines, pages = _template_pages(["story one", "story two", "story three"])
    noise = np.array([0.4, 0.6, 0.1] + [0.6, 0.6, 0.1] * 2)
    revised = Memory().revise(noise, lines, pages)
    assert revised[0] == 0.4 and (revised[[1, 3, 4, 6, 7]] > 0.6).all()


def test_memory_spares_protected_lines_and_lines_sure_to_be_content():
    lines, pages = _template_pages(["one", "two", "three"], template=("menu", "heading"))
    noise = np.array([0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.001, 0.3, 0.3])
    protected = np.array([False, True, False] * 3)
    revised = Memory(spare_below=0.01).revise(noise, lines, pages, protected)
    assert (revised[protected] == 0.3).all()
    assert revised[6] == 0.001
    assert revised[0] > 0.3


def test_a_lone_recurring_line_inside_the_article_is_not_a_template():
    # "Ingredients" is on every page, but between lines that are not: a heading of the article.
    # "menu" and "sign in" recur side by side: the site's template.
    dishes = ("soup", "bread", "salad", "stew")  # not numbered: keys ignore digits
    stories = [(f"how to cook the {dish}", "Ingredients", f"serve the {dish} warm") for dish in dishes]
    lines = [line for story in stories for line in ("menu", "sign in", *story)]
    pages = np.repeat(np.arange(4), 5)
    noise = np.full(len(lines), 0.6)
    revised = Memory().revise(noise, lines, pages)
    heading = np.array([line == "Ingredients" for line in lines])
    chrome = np.isin(lines, ["menu", "sign in"])
    assert (revised[heading] == 0.6).all()
    assert (revised[chrome] > 0.6).all()
    assert (Memory(in_template_run=False).revise(noise, lines, pages)[heading] > 0.6).all()


def test_a_line_repeated_within_a_page_is_a_list_item_not_chrome():
    # Every page lists products with a price line each (digits fold: "$19.99" and "$24.50" share a
    # key) under the same two template lines.
    prices = ["$19.99", "$24.50", "$7.25"]
    lines, pages = [], []
    for page, shop in enumerate(("tents", "boots", "stoves", "maps")):
        page_lines = ["menu", "sign in"] + [line for price, size in zip(prices, "SML") for line in (f"{shop}, size {size}", price)]
        lines += page_lines
        pages += [page] * len(page_lines)
    noise = np.full(len(lines), 0.6)
    revised = Memory().revise(noise, lines, np.array(pages))
    price = np.array([line.startswith("$") for line in lines])
    assert (revised[price] == 0.6).all()
    assert (revised[np.isin(lines, ["menu", "sign in"])] > 0.6).all()
    assert (Memory(max_copies_in_page=None, in_template_run=False).revise(noise, lines, np.array(pages))[price] > 0.6).all()


_WORDS = ("menu", "sign in", "share", "story", "Ingredients", "$19.99", "more")


@given(
    st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8), min_size=1, max_size=6),
    st.floats(1e-6, 1 - 1e-6),  # the model's scores stay strictly inside (0, 1)
)
def test_memory_only_raises_template_lines_beside_another_and_never_lowers(page_lines, base):
    lines = [line for page in page_lines for line in page]
    pages = np.repeat(np.arange(len(page_lines)), [len(page) for page in page_lines])
    noise = np.full(len(lines), base)
    memory = Memory()
    revised = memory.revise(noise, lines, pages)
    assert (revised >= noise).all()
    raised = np.flatnonzero(revised > noise)
    keys = line_keys(lines)
    on_pages = recurrence(keys, pages)
    copies = copies_in_page(keys, pages)
    template = (on_pages >= 2) & (on_pages >= memory.min_share * len(set(map(tuple, page_lines))))
    for row in raised:
        assert template[row] and copies[row] <= memory.max_copies_in_page
        beside = [other for other in (row - 1, row + 1) if 0 <= other < len(lines) and pages[other] == pages[row]]
        assert any(template[other] for other in beside), (lines, row)


def _pages_with_shared_lines(count: int) -> list[str]:
    return ["\n".join(gazette_page(number)[0]) + "\n" for number in range(count)]


def test_clean_group_is_an_in_order_subset_and_drops_at_least_what_clean_drops(tiny_model):
    cleaner = Cleaner.load(tiny_model)
    texts = _pages_with_shared_lines(6)
    alone, together = cleaner.clean_batch(texts), cleaner.clean_group(texts)
    for text, one, group in zip(texts, alone, together):
        group_lines = [line for line in group.split("\n") if line.strip()]
        assert set(group_lines) <= set(one.split("\n"))
        remaining = iter(text.split("\n"))
        assert all(line in remaining for line in group_lines), "an in-order subset of the page's lines"
    dropped = lambda outputs: sum(text.count("\n") - out.count("\n") for text, out in zip(texts, outputs))  # noqa: E731
    assert dropped(together) >= dropped(alone)
    recurring = [v for page in cleaner.label_group(texts) for v in page if v.text in HEADER + FOOTER]
    plain = [v for page in cleaner.label_batch(texts) for v in page if v.text in HEADER + FOOTER]
    assert sum(v.score for v in recurring) > sum(v.score for v in plain)


def test_a_line_labeled_content_is_never_dropped_for_recurring(tiny_model):
    model = load_model(tiny_model)
    pages = gazette_pages(3)
    kept_line = FOOTER[0]  # on every page, so memory would push it out; the person says it is content
    for page in pages:
        page.labels[page.lines.index(kept_line)] = "content"
    adapted, _ = adapt_model(model, pages)
    cleaner = Cleaner(adapted)
    texts = _pages_with_shared_lines(8)
    strong = Memory(boost=40.0, full_at=2, spare_below=0.0)
    for cleaned in cleaner.clean_group(texts, strong):
        assert kept_line in cleaned.split("\n")


class _Recording:
    """A stand-in cleaner that records how the pipeline calls it (it keeps every page whole)."""

    def __init__(self) -> None:
        self.groups: list[list[str]] = []
        self.batches: list[list[str]] = []

    def clean_batch(self, texts):
        self.batches.append(list(texts))
        return list(texts)

    def clean_group(self, texts):
        self.groups.append(list(texts))
        return list(texts)


def test_clean_by_group_cleans_each_key_together_and_keeps_order():
    cleaner = _Recording()
    results = clean_by_group(cleaner, ["a1", "b1", "x", "a2", "b2"], ["a.example", "b.example", None, "a.example", "b.example"])
    assert results == ["a1", "b1", "x", "a2", "b2"]
    assert sorted(cleaner.groups) == [["a1", "a2"], ["b1", "b2"]]
    assert cleaner.batches == [["x"]]


def test_pipeline_groups_json_lines_by_domain_and_text_files_by_folder(tmp_path):
    source = tmp_path / "crawl.jsonl"
    records = [
        {"domain": "a.example", "text": "a1"},
        {"url": "https://www.b.example/x", "text": "b1"},
        {"domain": "a.example", "text": "a2"},
        {"text": "alone"},
    ]
    source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    cleaner = _Recording()
    clean_inputs(cleaner, [str(source)], out=tmp_path / "out", settings=grouped(Settings(), "domain"))
    assert sorted(cleaner.groups) == [["a1", "a2"], ["b1"]]
    assert (tmp_path / "out" / "crawl.jsonl").read_text(encoding="utf-8") == source.read_text(encoding="utf-8")

    for folder, names in (("one", ("p1", "p2")), ("two", ("q1",))):
        (tmp_path / "site" / folder).mkdir(parents=True)
        for name in names:
            (tmp_path / "site" / folder / f"{name}.txt").write_text(name + "\n", encoding="utf-8")
    cleaner = _Recording()
    clean_inputs(cleaner, [str(tmp_path / "site")], out=tmp_path / "clean", settings=grouped(Settings(), "folder"))
    assert sorted(cleaner.groups) == [["p1\n", "p2\n"], ["q1\n"]]
    cleaner = _Recording()
    clean_inputs(cleaner, [str(tmp_path / "site")], out=tmp_path / "plain", settings=Settings())
    assert cleaner.groups == []


def test_clean_cli_group_by(tiny_model, tmp_path):
    source = tmp_path / "crawl.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for text in _pages_with_shared_lines(4):
            out.write(json.dumps({"domain": "harbourside-gazette.example", "text": text}) + "\n")
    result = runner.invoke(app, ["clean", str(source), "--group-by", "domain", "--model", str(tiny_model), "-w", "1", "-q"])
    assert result.exit_code == 0, result.output
    cleaned = [json.loads(line)["text"] for line in result.stdout.splitlines()]
    assert cleaned == Cleaner.load(tiny_model).clean_group(_pages_with_shared_lines(4))


def test_a_page_crawled_twice_counts_once():
    lines, pages = _template_pages(["story one", "story one", "story two"])
    noise = np.full(len(lines), 0.3)
    revised = Memory(boost=3.0, full_at=2, min_pages=2, spare_below=0.02).revise(noise, lines, pages)
    story = np.array([line.startswith("story") for line in lines])
    assert (revised[~story] > 0.3).all()
    assert (revised[story] == 0.3).all(), "the story is on one distinct page"
    assert (Memory(min_pages=3).revise(noise, lines, pages) == noise).all()


def test_an_empty_page_is_no_page_of_the_group_wherever_it_sits():
    lines, pages = _template_pages(["story one", "story two", "story three"])
    noise = np.full(len(lines), 0.6)
    memory = Memory()
    first = memory.revise(noise, lines, pages)  # pages 0-2
    after_an_empty_page = memory.revise(noise, lines, pages + 1)  # page 0 had no line
    between = memory.revise(noise, lines, np.where(pages == 2, 3, pages))  # page 2 had none
    assert (first > 0.6).sum() == 6  # the template's two lines on all three pages
    assert first.tolist() == after_an_empty_page.tolist() == between.tolist()


def test_a_line_memory_drops_has_a_category_and_keep_keeps_it():
    rounds = [
        ["The allotment society met on Saturday to plan the spring planting.", "Volunteers cleared the paths and mended the fence."],
        ["Seed swaps return to the village hall next month.", "Bring labelled packets and a pencil for the list."],
        ["The pond was cleaned out before the first frost.", "Frogs were moved to the bucket and back again."],
    ]
    footer = "Thanks for reading, see you next Sunday."
    pages = [
        "This week in the garden\nNotes from the allotment society\n\n" + "\n\n".join(body) + f"\n\n{footer}\nWritten with care by the volunteers of the society.\n"
        for body in rounds
    ]
    memory = Memory(boost=4.0, spare_below=0.0)  # whatever the bundled model makes of the footer
    cleaner = Cleaner.load()
    before = next(v.score for v in cleaner.label_batch(pages)[0] if v.text == footer)
    after = next(v.score for v in cleaner.label_group(pages, memory)[0] if v.text == footer)
    assert after > before, "memory raises the footer that every page of the group carries"
    threshold = (before + after) / 2  # dropped only for recurring
    [verdict] = [v for v in Cleaner.load(threshold=threshold).label_group(pages, memory)[0] if v.text == footer]
    assert verdict.is_noise and verdict.category is not None
    keeping = Cleaner.load(threshold=threshold, keep=[verdict.category])
    assert footer in keeping.clean_group(pages, memory)[0]
    assert footer not in Cleaner.load(threshold=threshold).clean_group(pages, memory)[0]
