"""The second pass's trees in numpy decide exactly as scikit-learn's, for the float32 features noise computes,
whether walked or evaluated by bit sets, and the two ways agree to the bit."""

import numpy as np
import pytest

from noise import tree_bits
from noise.trees import BoostedTrees

sklearn_ensemble = pytest.importorskip("sklearn.ensemble")


def _fitted(seed: int = 0):
    rng = np.random.default_rng(seed)
    features = rng.normal(size=(3000, 6)).astype(np.float32)
    features[:, 5] = rng.integers(0, 4, size=3000)  # a feature with few values: many rows sit on a threshold's edge
    target = (features[:, 0] + features[:, 1] * features[:, 5] - 0.5 * features[:, 2] ** 2 > 0).astype(int)
    estimator = sklearn_ensemble.HistGradientBoostingClassifier(max_iter=25, max_depth=4, random_state=seed)
    return estimator.fit(features, target), features


def test_trees_give_scikit_learns_logits_on_float32_features():
    estimator, features = _fitted()
    rng = np.random.default_rng(1)
    probe = np.vstack([features, rng.normal(size=(500, 6)).astype(np.float32) * 3])
    trees = BoostedTrees.from_estimator(estimator)
    expected = estimator.decision_function(probe.astype(np.float64))
    for got in (trees.decision(probe), trees.walk(probe), trees.by_bits(probe)):
        assert np.allclose(got, expected, atol=1e-5)
        assert np.array_equal(got > 0, expected > 0)


def test_rows_on_a_split_value_go_the_way_scikit_learn_sends_them():
    estimator, _ = _fitted(seed=2)
    trees = BoostedTrees.from_estimator(estimator)
    splits = trees.threshold.reshape(-1)  # padding splits add the value 0, a harmless extra probe
    # Every float32 at, just below and just above each split, in every column.
    values = np.concatenate([splits, np.nextafter(splits, np.float32(-np.inf)), np.nextafter(splits, np.float32(np.inf))])
    probe = np.repeat(values[:, None], 6, axis=1).astype(np.float32)
    expected = estimator.decision_function(probe.astype(np.float64))
    assert np.allclose(trees.walk(probe, chunk=7), expected, atol=1e-5)
    assert np.allclose(trees.by_bits(probe), expected, atol=1e-5)


def test_an_empty_batch_scores_nothing():
    estimator, _ = _fitted()
    trees = BoostedTrees.from_estimator(estimator)
    empty = np.zeros((0, 6), dtype=np.float32)
    assert trees.decision(empty).shape == trees.walk(empty).shape == trees.by_bits(empty).shape == (0,)


def test_unbalanced_trees_padded_to_a_complete_heap_give_scikit_learns_logits():
    # No depth limit: leaves sit at many levels, so most of each padded heap is padding.
    _, features = _fitted()
    estimator = sklearn_ensemble.HistGradientBoostingClassifier(max_iter=15, max_depth=None, max_leaf_nodes=9, random_state=0)
    target = (features[:, 0] + features[:, 1] * features[:, 5] > 0).astype(int)
    estimator.fit(features, target)
    trees = BoostedTrees.from_estimator(estimator)
    assert trees.feature.shape == trees.threshold.shape == (15, 2**trees.depth - 1)
    assert trees.value.shape == (15, 2**trees.depth)
    assert trees.depth == max(int(predictor.nodes["depth"].max()) for (predictor,) in estimator._predictors)
    expected = estimator.decision_function(features.astype(np.float64))
    assert np.allclose(trees.walk(features), expected, atol=1e-5)
    assert np.allclose(trees.by_bits(features), expected, atol=1e-5)


def test_the_chunk_size_does_not_change_a_single_bit():
    estimator, features = _fitted()
    trees = BoostedTrees.from_estimator(estimator)
    whole = trees.walk(features, chunk=len(features))
    for chunk in (1, 7, 512, 5000):
        assert np.array_equal(trees.walk(features, chunk=chunk), whole)


def _probe(features: np.ndarray, trees: BoostedTrees, lines: int, seed: int = 3) -> np.ndarray:
    """Rows of ``features`` with some values moved onto, just below and just above split values."""
    rng = np.random.default_rng(seed)
    probe = features[rng.integers(0, len(features), size=lines)].copy()
    splits = trees.threshold.reshape(-1)
    edges = np.concatenate([splits, np.nextafter(splits, np.float32(-np.inf)), np.nextafter(splits, np.float32(np.inf))])
    at_edge = rng.random(probe.shape) < 0.3
    probe[at_edge] = rng.choice(edges, size=int(at_edge.sum()))
    return probe


@pytest.mark.parametrize("lines", [1, 9, tree_bits.BLOCK_LINES, 2 * tree_bits.BLOCK_LINES + 13])
def test_bit_sets_give_the_walks_bits_on_every_line(lines):
    estimator, features = _fitted()
    trees = BoostedTrees.from_estimator(estimator)
    probe = _probe(features, trees, lines)
    walked = trees.walk(probe)
    assert np.array_equal(trees.by_bits(probe), walked)
    assert np.array_equal(trees.by_bits(np.asfortranarray(probe)), walked)  # column-major, as the model passes them
    assert np.array_equal(trees.by_bits(probe.astype(np.float64)), walked)
    assert np.array_equal(trees.decision(probe), walked)


def test_bit_sets_number_the_leaves_of_trees_deeper_than_a_byte():
    _, features = _fitted()
    rng = np.random.default_rng(4)
    target = (np.sin(3 * features[:, 0]) + features[:, 1] * features[:, 5] + rng.normal(size=len(features)) > 0).astype(int)
    estimator = sklearn_ensemble.HistGradientBoostingClassifier(
        max_iter=5, max_depth=None, max_leaf_nodes=60, min_samples_leaf=2, random_state=0
    ).fit(features, target)
    trees = BoostedTrees.from_estimator(estimator)
    assert trees.depth > 8  # leaf numbers need more than eight bits
    probe = _probe(features, trees, 3000)
    expected = estimator.decision_function(probe.astype(np.float64))
    assert np.allclose(trees.by_bits(probe), expected, atol=1e-5)
    assert np.array_equal(trees.by_bits(probe), trees.walk(probe))


def test_pickled_trees_leave_their_bit_set_tables_behind():
    import pickle

    estimator, features = _fitted()
    trees = BoostedTrees.from_estimator(estimator)
    before = trees.by_bits(features)
    restored = pickle.loads(pickle.dumps(trees))
    assert "_split_bits" not in restored.__dict__
    assert np.array_equal(restored.by_bits(features), before)


def test_trees_that_are_single_leaves_give_their_sum_either_way():
    trees = BoostedTrees(
        feature=np.zeros((3, 0), dtype=np.int32),
        threshold=np.zeros((3, 0), dtype=np.float32),
        value=np.array([[0.5], [0.25], [-1.0]], dtype=np.float32),
        baseline=0.125,
    )
    features = np.random.default_rng(0).normal(size=(tree_bits.MIN_LINES + 5, 4)).astype(np.float32)
    assert np.array_equal(trees.by_bits(features), trees.walk(features))
    assert np.array_equal(trees.decision(features), np.full(len(features), -0.125))


def test_averaged_ensembles_of_different_depths_give_the_mean_of_their_logits():
    _, features = _fitted()
    target = (features[:, 0] - features[:, 3] > 0).astype(int)
    members = [
        BoostedTrees.from_estimator(
            sklearn_ensemble.HistGradientBoostingClassifier(max_iter=10 + depth, max_depth=depth, random_state=0).fit(features, target)
        )
        for depth in (2, 3, 5)
    ]
    averaged = BoostedTrees.averaged(members)
    assert averaged.depth == 5 and len(averaged.value) == sum(len(member.value) for member in members)
    expected = np.mean([member.walk(features) for member in members], axis=0)
    assert np.allclose(averaged.walk(features), expected, atol=1e-5)
    assert np.allclose(averaged.by_bits(features), expected, atol=1e-5)
    assert BoostedTrees.averaged(members[:1]) is members[0]
