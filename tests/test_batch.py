"""Per-line counts a batch computes once and shares (shape features, hashing, layout)."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from noise.batch import HEAD, NON_ASCII, TAIL, Batch
from noise.lines import Page

line_text = st.text(alphabet=st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)), max_size=150)
pages = st.lists(st.lists(line_text, max_size=8).map("\n".join), min_size=1, max_size=4)


def _samples(batch: Batch) -> list[slice]:
    return [slice(start, start + length) for start, length in zip(batch.starts.tolist(), batch.sample_lengths.tolist())]


@given(pages)
def test_char_counts_count_each_class_bit_and_non_ascii_over_the_sample(texts):
    batch = Batch.from_pages([Page.from_text(text) for text in texts])
    assert batch.char_counts.shape == (len(batch), NON_ASCII + 1)
    for line, sample in enumerate(_samples(batch)):
        classes, codes = batch.classes[sample], batch.raw_codes[sample]
        expected = [int(((classes & (1 << bit)) != 0).sum()) for bit in range(8)] + [int((codes > 127).sum())]
        assert batch.char_counts[line].tolist() == expected


@given(pages)
def test_words_per_line_counts_the_starts_of_letter_and_digit_runs(texts):
    batch = Batch.from_pages([Page.from_text(text) for text in texts])
    for line, sample in enumerate(_samples(batch)):
        wordish = batch.wordish[sample]
        starts = wordish & ~np.concatenate(([False], wordish[:-1]))
        assert batch.words_per_line[line] == starts.sum()


def test_code_points_beyond_the_bmp_are_symbols_that_fold_to_themselves():
    batch = Batch.from_pages([Page.from_text("a😀b 𝔘")])
    emoji = batch.starts[0] + 1
    assert batch.codes[emoji] == ord("😀") and batch.raw_codes[emoji] == ord("😀")
    assert batch.char_counts[0, NON_ASCII] == 2


spaced_line = st.one_of(st.sampled_from(["", "  ", "\r", "x", " y\r"]), line_text)
spaced_pages = st.lists(st.lists(spaced_line, max_size=10).map("\n".join), min_size=1, max_size=4)


def _one_page_selection(kept: np.ndarray, blank: np.ndarray) -> np.ndarray:
    """The rule, one page at a time: the kept lines, plus the first blank line wherever two kept
    lines have blank lines between them."""
    if len(kept) < 2 or len(blank) == 0:
        return kept
    after = np.searchsorted(blank, kept[:-1], side="right")
    first_blank = blank[np.minimum(after, len(blank) - 1)]
    separated = (after < len(blank)) & (first_blank < kept[1:])
    return np.sort(np.concatenate((kept, first_blank[separated])))


@given(spaced_pages, st.data())
def test_selection_of_the_batch_is_each_pages_selection(texts, data):
    pages = [Page.from_text(text) for text in texts]
    batch = Batch.from_pages(pages)
    keep = np.array(data.draw(st.lists(st.booleans(), min_size=len(batch), max_size=len(batch))), dtype=bool)
    written, bounds = batch.selection(keep)
    for number, page in enumerate(pages):
        on_page = batch.page_of_line == number
        blank = np.array([i for i in range(len(page)) if not page.text(i).strip()], dtype=np.int64)
        expected = _one_page_selection(batch.line_numbers[on_page & keep], blank)
        assert written[bounds[number] : bounds[number + 1]].tolist() == expected.tolist()


whitespace_heavy = st.text(
    alphabet=st.sampled_from(["a", "b", "中", " ", "\t", "\r", "\x0b", "\x1c", "\x85", "\u2028", "\u3000", "\xa0"]), max_size=130
)


@given(st.lists(st.lists(whitespace_heavy, max_size=6).map("\n".join), min_size=1, max_size=4))
def test_lines_are_the_stripped_non_blank_lines_with_their_indents_and_samples(texts):
    pages = [Page.from_text(text) for text in texts]
    batch = Batch.from_pages(pages)
    expected = [
        (number, index, piece)
        for number, page in enumerate(pages)
        for index, piece in enumerate(page.pieces[: page.size])
        if piece.strip()
    ]
    assert batch.lines == [piece.strip() for _, _, piece in expected]
    assert batch.page_of_line.tolist() == [number for number, _, _ in expected]
    assert batch.line_numbers.tolist() == [index for _, index, _ in expected]
    assert batch.indents.tolist() == [len(piece) - len(piece.lstrip()) for _, _, piece in expected]
    samples = [line if len(line) <= HEAD + TAIL else f"{line[:HEAD]} {line[-TAIL:]}" for line in batch.lines]
    assert batch.sample_text == "\n" + "\n".join(samples) + "\n"
