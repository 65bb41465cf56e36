"""The second pass's trees in numpy decide exactly as scikit-learn's, for the float32 features noise computes."""

import numpy as np
import pytest

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
    got = trees.decision(probe)
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
    assert np.allclose(trees.decision(probe, chunk=7), expected, atol=1e-5)


def test_an_empty_batch_scores_nothing():
    estimator, _ = _fitted()
    assert BoostedTrees.from_estimator(estimator).decision(np.zeros((0, 6), dtype=np.float32)).shape == (0,)


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
    assert np.allclose(trees.decision(features), expected, atol=1e-5)


def test_the_chunk_size_does_not_change_a_single_bit():
    estimator, features = _fitted()
    trees = BoostedTrees.from_estimator(estimator)
    whole = trees.decision(features, chunk=len(features))
    for chunk in (1, 7, 512, 5000):
        assert np.array_equal(trees.decision(features, chunk=chunk), whole)
