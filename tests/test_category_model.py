"""The run-time category model (noise.model.CategoryModel) scores as the estimators it was exported from."""

import numpy as np
import pytest

pytest.importorskip("sklearn")


def test_the_exported_first_pass_gives_its_estimators_probabilities():
    """The first pass reads its dense columns scaled (``category_training.DENSE_SCALE``) after
    standardising them; the export folds both into one matrix. Left out of the export, the scale
    would leave the run-time probabilities far from the fitted model's."""
    import scipy.sparse as sp

    from noise.batch import Layout
    from noise.category_training import _probabilities, fit_categories, fold_buckets
    from noise.hashing import HashedLines

    rng = np.random.default_rng(0)
    n_lines, per_line, full_bits, bits = 400, 5, 12, 8
    rows = np.repeat(np.arange(n_lines), per_line)
    buckets = rng.integers(0, 2**full_bits, len(rows))
    hashed = sp.csr_matrix((np.full(len(rows), 1 / np.sqrt(per_line)), (rows, buckets)), shape=(n_lines, 2**full_bits))
    # Columns of very different means and scales, some of which tell the categories apart.
    dense = rng.normal(size=(n_lines, 6)) * [1, 10, 100, 0.1, 1, 1] + [3, -20, 50, 0, 1, 0]
    standardised = (dense[:, :4] - [3, -20, 50, 0]) / [1, 10, 100, 0.1]
    category = np.argmax(standardised + rng.normal(scale=1.5, size=(n_lines, 4)), axis=1)  # not separable: probabilities in between
    category[::7] = -1  # lines of unknown category, as content lines are
    pages = np.repeat(np.arange(20), 20)
    layout = Layout(page_of_line=pages, lengths=np.full(n_lines, 40.0), headings=np.zeros(n_lines, dtype=bool))
    before = hashed.copy()
    fit = fit_categories(hashed, dense, layout, category, pages % 5, folds=2, bits=bits, seed=0, hidden=(8,))
    assert (hashed != before).nnz == 0, "folding the buckets must leave the caller's features as they were"

    expected = _probabilities(fit.estimators["categories_first"], fold_buckets(hashed, bits), dense)
    got = fit.model.first_probabilities(HashedLines(rows, buckets, n_lines), dense.astype(np.float32), full_bits)
    assert expected.max(axis=1).mean() < 0.99, "the probabilities should not all be saturated, or the check proves little"
    np.testing.assert_allclose(got, expected, atol=1e-4)
