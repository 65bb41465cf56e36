"""Gradient-boosted trees in numpy: the second pass's model at run time.

Training fits scikit-learn's ``HistGradientBoostingClassifier``; ``BoostedTrees.from_estimator``
copies its trees into flat arrays, and ``decision`` walks every tree for every line at once,
one level per step, so scoring needs numpy alone (no scikit-learn import at run time).

All trees share one node table. A leaf points to itself, so walking ``depth`` steps from the
roots lands every line on a leaf of every tree, whatever each tree's own depth. Thresholds are
stored as the largest float32 at or below scikit-learn's float64 threshold: for the float32
features noise computes, ``x <= threshold32`` then decides exactly as ``x <= threshold64``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class BoostedTrees:
    feature: np.ndarray  # int32 (nodes,): the feature a split node tests (0 for leaves)
    threshold: np.ndarray  # float32 (nodes,): go left when the feature is <= this
    children: np.ndarray  # int32 (nodes, 2): left and right child (a leaf: itself twice)
    value: np.ndarray  # float32 (nodes,): a leaf's contribution to the logit (0 for split nodes)
    roots: np.ndarray  # int32 (trees,)
    depth: int  # the deepest leaf's depth: steps that take every line to a leaf
    baseline: float  # the logit before any tree

    def decision(self, features: np.ndarray, chunk: int = 2048) -> np.ndarray:
        """The logit of each row of ``features`` (lines, width), float64."""
        features = np.ascontiguousarray(features, dtype=np.float32)
        lines, width = features.shape
        out = np.empty(lines, dtype=np.float64)
        flat = features.reshape(-1)
        children = self.children.reshape(-1)
        for start in range(0, lines, chunk):
            stop = min(start + chunk, lines)
            offsets = (np.arange(start, stop, dtype=np.int64) * width)[:, None]
            node = np.broadcast_to(self.roots, (stop - start, len(self.roots))).copy()
            for _ in range(self.depth):
                right = flat[offsets + self.feature[node]] > self.threshold[node]
                node = children[2 * node + right]
            out[start:stop] = self.value[node].sum(axis=1, dtype=np.float64) + self.baseline
        return out

    @classmethod
    def from_estimator(cls, estimator) -> "BoostedTrees":
        """The trees of a fitted binary ``HistGradientBoostingClassifier`` (numeric features, no
        missing values)."""
        features, thresholds, children, values, roots = [], [], [], [], []
        depth, offset = 0, 0
        for (predictor,) in estimator._predictors:
            nodes = predictor.nodes
            leaf = nodes["is_leaf"].astype(bool)
            own = np.arange(len(nodes), dtype=np.int64)
            left = np.where(leaf, own, nodes["left"]) + offset
            right = np.where(leaf, own, nodes["right"]) + offset
            threshold = nodes["num_threshold"].astype(np.float32)
            too_high = threshold.astype(np.float64) > nodes["num_threshold"]
            threshold[too_high] = np.nextafter(threshold[too_high], np.float32(-np.inf))
            features.append(np.where(leaf, 0, nodes["feature_idx"]))
            thresholds.append(np.where(leaf, np.float32(0), threshold))
            children.append(np.column_stack([left, right]))
            values.append(np.where(leaf, nodes["value"], 0.0))
            roots.append(offset)
            depth = max(depth, int(nodes["depth"].max()))
            offset += len(nodes)
        return cls(
            feature=np.concatenate(features).astype(np.int32),
            threshold=np.concatenate(thresholds).astype(np.float32),
            children=np.concatenate(children).astype(np.int32),
            value=np.concatenate(values).astype(np.float32),
            roots=np.asarray(roots, dtype=np.int32),
            depth=depth,
            baseline=float(np.ravel(estimator._baseline_prediction)[0]),
        )
