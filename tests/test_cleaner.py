"""The library API on the bundled model: invariants that hold whatever the verdicts are,
and the seed pages coming out exactly as labeled."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from noise import CATEGORIES, Cleaner, LineVerdict
from tests.conftest import ARTICLES, SEEDS, page_lines
from tests.crawl_pages import is_ordered_subset

words = st.sampled_from(["the", "harbour", "Menu", "Share", "council", "said", "2026", "©", "cookies", "reopened", "."])
lines = st.lists(words, max_size=12).map(" ".join)
pages = st.lists(st.one_of(lines, st.just(""), st.just("   ")), max_size=25).map("\n".join) | st.text(max_size=200)


def _is_in_order_subset(output: str, text: str) -> bool:
    return is_ordered_subset(output.encode("utf-8"), text.encode("utf-8"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages)
@example("\r0")  # a page split on "\r" (no "\n"): its blank first line dropped, "0" kept
def test_output_is_an_in_order_subset_of_the_input_lines(cleaner, text):
    assert _is_in_order_subset(cleaner.clean(text), text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages)
@example("\r")
@example("a\r\nb\r")
@example("Menu\rThe council agreed on Monday.\r")
def test_one_verdict_per_line_and_clean_agrees_with_label(cleaner, text):
    verdicts = cleaner.label(text)
    separator = "\r" if "\n" not in text and "\r" in text else "\n"  # classic Mac OS endings: a page without "\n"
    expected_lines = text.split(separator)
    if expected_lines[-1] == "":
        expected_lines.pop()  # an empty text, or nothing after the final newline
    assert [v.index for v in verdicts] == list(range(len(expected_lines)))
    # A line's text is without its ending; "\r\n" is an ending only where a "\n" follows.
    ended = len(text.split(separator)) - 1
    assert [v.text for v in verdicts] == [line.removesuffix("\r") if i < ended else line for i, line in enumerate(expected_lines)]
    kept = "".join(line + separator for v, line in zip(verdicts, expected_lines) if not v.is_noise)
    cleaned = cleaner.clean(text)
    assert kept.removesuffix(separator) == cleaned.removesuffix(separator)
    for verdict in verdicts:
        assert verdict.is_blank == (not verdict.text.strip())
        if not verdict.is_blank:
            assert 0.0 <= verdict.score <= 1.0
            assert verdict.is_noise == (verdict.score >= cleaner.threshold)


def test_batch_equals_one_by_one(cleaner):
    texts = ["\n".join(page_lines(article)[0]) for article in ARTICLES] + ["", "\n\n", "only one line"]
    assert cleaner.clean_batch(texts) == [cleaner.clean(text) for text in texts]
    together = cleaner.label_batch(texts)
    alone = [cleaner.label(text) for text in texts]
    for page_together, page_alone in zip(together, alone, strict=True):
        for a, b in zip(page_together, page_alone, strict=True):
            assert (a.index, a.text, a.is_noise, a.category) == (b.index, b.text, b.is_noise, b.category)
            # Matrix products may round differently for different batch sizes: the last digits only.
            assert a.score == pytest.approx(b.score, abs=1e-5) if a.score is not None else b.score is None


@pytest.mark.parametrize("text, named", [(None, "NoneType"), (b"Menu\nBody", "bytes")])
def test_text_that_is_not_str_is_refused_by_name(cleaner, text, named):
    for call in (cleaner.clean, cleaner.label, lambda t: cleaner.clean_batch(["fine", t])):
        with pytest.raises(TypeError, match=rf"text must be str, not {named}"):
            call(text)


def test_bundled_model_cleans_both_seeds_exactly(cleaner, seed_records):
    assert len(seed_records) == 2
    for record in seed_records:
        text = (SEEDS / record["meta"]["file"]).read_text(encoding="utf-8")
        verdicts = cleaner.label(text)
        assert len(verdicts) == len(record["labels"])
        wrong = [
            (v.index, v.text)
            for v, label in zip(verdicts, record["labels"])
            if label is not None and v.is_noise != (label == "noise")
        ]
        assert wrong == [], f"{record['id']}: mislabeled lines {wrong}"


def test_keeping_a_category_keeps_those_lines(seed_records):
    text = (SEEDS / seed_records[1]["meta"]["file"]).read_text(encoding="utf-8")
    plain = Cleaner.load()
    if plain.model.categories is None:
        pytest.skip("the bundled model has no categories")
    dropped = {v.category for v in plain.label(text) if v.is_noise and v.category}
    assert dropped, "the seed has noise lines with categories"
    chosen = sorted(dropped)[0]
    keeping = Cleaner.load(keep=[chosen])
    kept_now = [v for v in keeping.label(text) if not v.is_noise]
    assert any(plain.label(text)[v.index].category == chosen for v in kept_now)


def test_threshold_and_category_are_validated():
    with pytest.raises(ValueError, match="threshold"):
        Cleaner.load(threshold=1.5)
    with pytest.raises(ValueError, match="unknown categories"):
        Cleaner.load(keep=["not-a-category"])


def test_one_category_may_be_named_by_a_string_and_a_batch_must_be_a_sequence_of_texts(cleaner):
    assert Cleaner(cleaner.model, keep="credit").keep == {"credit"}
    for batched in (cleaner.clean_batch, cleaner.label_batch, cleaner.clean_group, cleaner.label_group):
        with pytest.raises(TypeError, match="sequence of str"):
            batched("Menu\nThe council agreed on Monday.")


def test_an_empty_model_path_is_refused_not_taken_for_the_default():
    from noise.artifact import ModelError

    with pytest.raises(ModelError, match="empty"):
        Cleaner.load("")


def test_text_with_an_unpaired_surrogate_is_refused_naming_its_page_and_line(cleaner):
    with pytest.raises(ValueError, match="page 2 of the batch, line 3: not valid Unicode"):
        cleaner.clean_batch(["Menu\nThe council agreed.", "Menu\n\nHello \ud800 world"])


def test_threshold_extremes(cleaner):
    text = "\n".join(page_lines(ARTICLES[0])[0])
    keep_all = Cleaner(cleaner.model, threshold=1.0)
    assert keep_all.clean(text).split("\n") == [line for line in text.split("\n")]
    drop_all = Cleaner(cleaner.model, threshold=0.0)
    assert drop_all.clean(text) == ""


def test_categories_are_known_names(cleaner):
    for verdict in cleaner.label("\n".join(page_lines(ARTICLES[1])[0])):
        assert isinstance(verdict, LineVerdict)
        assert verdict.category is None or verdict.category in CATEGORIES
