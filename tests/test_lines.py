"""Page splitting and writing back: exact bytes, in-order subsets, endings kept."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from noise.batch import Batch
from noise.lines import Page

line_text = st.text(alphabet=st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)), max_size=20)
raw_text = st.lists(st.one_of(line_text, st.just(""), st.just("  "), st.just("x\r")), max_size=15).map("\n".join) | st.text(
    alphabet="ab \r\n\t", max_size=40
)


def _selection(page: Page, kept) -> np.ndarray:
    """The lines written back for ``page`` when its lines ``kept`` are kept (``Batch.selection``)."""
    batch = Batch.from_pages([page])
    written, _ = batch.selection(np.isin(batch.line_numbers, np.asarray(kept, dtype=np.int64)))
    return written


@given(raw_text)
def test_writing_every_line_back_reproduces_the_text(text):
    page = Page.from_text(text)
    assert page.join(np.arange(len(page))) == text


@given(raw_text, st.data())
def test_selection_is_an_in_order_subset_of_the_input_lines(text, data):
    page = Page.from_text(text)
    blank = np.array([i for i in range(len(page)) if not page.text(i).strip()], dtype=np.int64)
    non_blank = [i for i in range(len(page)) if page.text(i).strip()]
    kept = np.array(sorted(data.draw(st.sets(st.sampled_from(non_blank)) if non_blank else st.just(set()))), dtype=np.int64)
    selection = _selection(page, kept)
    assert list(selection) == sorted(set(selection.tolist()))  # in order, no repeats
    assert set(kept.tolist()) <= set(selection.tolist())
    assert set(selection.tolist()) - set(kept.tolist()) <= set(blank.tolist())  # only blank separators added
    written = page.join(selection)
    original = [page.text(i) + page.ending(i) for i in range(len(page))]
    assert written == "".join(original[i] for i in selection)


def test_crlf_and_missing_final_newline_survive():
    page = Page.from_text("one\r\ntwo\r\nthree")
    assert [page.text(i) for i in range(3)] == ["one", "two", "three"]
    assert [page.ending(i) for i in range(3)] == ["\r\n", "\r\n", ""]
    assert page.join(np.array([0, 2])) == "one\r\nthree"
    assert page.join(np.array([1])) == "two\r\n"


def test_one_blank_line_separates_kept_paragraphs():
    page = Page.from_text("a\n\n\nmenu\n\nb\nc\n")
    assert page.join(_selection(page, [0, 5, 6])) == "a\n\nb\nc\n"


def test_empty_text_has_no_lines():
    page = Page.from_text("")
    assert len(page) == 0
    assert page.join(_selection(page, [])) == ""


def test_a_page_with_only_carriage_returns_is_split_on_them_and_written_back_with_them():
    text = "Home | News\rShare\r\rThe bridge reopened on Tuesday.\rIt had been shut for months.\r"
    page = Page.from_text(text)
    assert page.texts == ["Home | News", "Share", "", "The bridge reopened on Tuesday.", "It had been shut for months."]
    assert page.join(np.arange(len(page))) == text
    assert page.join(_selection(page, [3, 4])) == "The bridge reopened on Tuesday.\rIt had been shut for months.\r"
    assert page.join(_selection(page, [0, 4])) == "Home | News\r\rIt had been shut for months.\r"  # the blank line between them kept


def test_a_lone_carriage_return_in_a_page_with_newlines_stays_inside_its_line():
    page = Page.from_text("one\rstill one\ntwo\r\n")
    assert page.texts == ["one\rstill one", "two"]


def test_line_counts_agree_with_the_page_for_either_ending():
    from noise.records import line_counts

    for text in ("a\nb\n", "a\rb\r", "a\rb", "a\r\nb", "one\rstill one\ntwo"):
        assert line_counts(text, text) == (len(Page.from_text(text)),) * 2, text
    assert line_counts("menu\nkept\rline\n", "kept\rline") == (2, 1)  # a cleaned copy counted as its input was split
