"""Hashed text features: the per-line feature counts hash_lines records are those of its rows."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from noise.batch import Batch
from noise.hashing import HashingSpec, hash_lines
from noise.lines import Page

line_text = st.text(alphabet=st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)), max_size=150)
pages = st.lists(st.lists(line_text, max_size=8).map("\n".join), min_size=1, max_size=4)


@given(pages, st.sampled_from([HashingSpec(), HashingSpec(bits=12, ngram_sizes=(2, 3, 4), whole_line_max=10)]))
def test_recorded_counts_are_the_counts_of_the_rows(texts, spec):
    batch = Batch.from_pages([Page.from_text(text) for text in texts])
    hashed = hash_lines(batch, spec)
    assert np.array_equal(hashed.counts(), np.bincount(hashed.rows, minlength=hashed.n_lines))
    assert hashed.rows.dtype == hashed.buckets.dtype == np.int64
    assert hashed.buckets.min(initial=0) >= 0 and hashed.buckets.max(initial=0) < 2**spec.bits
    keep = np.arange(len(batch)) % 2 == 0
    subset = hashed.subset(keep)
    assert np.array_equal(subset.counts(), np.bincount(subset.rows, minlength=subset.n_lines))
    # Summing each line's runs gives the scatter-add's sums, with or without the runs.
    values = np.random.default_rng(len(hashed.buckets)).normal(size=len(hashed.buckets))
    scattered = np.bincount(hashed.rows, weights=values, minlength=hashed.n_lines)
    assert hashed.kind_counts is not None or hashed.n_lines == 0
    assert np.allclose(hashed.line_sums(values), scattered, rtol=1e-12, atol=1e-12)
    assert np.allclose(subset.line_sums(values[keep[hashed.rows]]), scattered[keep], rtol=1e-12, atol=1e-12)


def test_a_line_has_its_ngrams_words_first_and_last_word_and_whole_line():
    batch = Batch.from_pages([Page.from_text("ab cd")])
    hashed = hash_lines(batch, HashingSpec())
    # "\nab cd\n": 3-grams starting at the newline before up to the one ending at the newline
    # after (5), 5-grams (3), two words, the first and the last word, the whole (short) line.
    assert hashed.counts().tolist() == [5 + 3 + 2 + 2 + 1]
