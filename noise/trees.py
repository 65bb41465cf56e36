"""Gradient-boosted trees in numpy: the second pass's model at run time.

Training fits scikit-learn's ``HistGradientBoostingClassifier``; ``BoostedTrees.from_estimator``
copies its trees into flat arrays, and ``walk`` walks every tree for every line at once, one level
per step, so scoring needs numpy alone (no scikit-learn import at run time). ``decision`` walks
small batches and hands large ones to ``noise.tree_bits``, which gets the same bits with fewer
gathers.

Each tree is stored padded to a complete binary tree of the ensemble's depth, in heap order: the
split nodes of level ``l`` are ``2**l - 1`` to ``2**(l + 1) - 2``, node ``i``'s children are
``2 * i + 1`` and ``2 * i + 2``, so no child table is read. A leaf above the last level becomes a
split nobody needs (feature 0, threshold 0) whose every descendant leaf holds its value. Walking
level by level, a line's position in tree ``t`` at level ``l`` is ``t * 2**l + i`` (``i`` counted
within the level), and one level down it is ``2 * position + right``: one index per line and tree,
doubled at each step. Thresholds are stored as the largest float32 at or below scikit-learn's
float64 threshold: for the float32 features noise computes, ``x <= threshold32`` then decides
exactly as ``x <= threshold64``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

import numpy as np

from noise import tree_bits
from noise.columns import transposed

MAX_DEPTH = 16  # a padded tree of depth d holds 2**d leaves: deeper trees are refused, not padded


@dataclass
class BoostedTrees:
    feature: np.ndarray  # int32 (trees, 2**depth - 1): the feature each split tests, heap order
    threshold: np.ndarray  # float32 (trees, 2**depth - 1): go left when the feature is <= this
    value: np.ndarray  # float32 (trees, 2**depth): each last-level leaf's contribution to the logit
    baseline: float  # the logit before any tree

    @property
    def depth(self) -> int:
        """Steps that take every line to a leaf."""
        return int(self.value.shape[1]).bit_length() - 1

    def decision(self, features: np.ndarray) -> np.ndarray:
        """The logit of each row of ``features`` (lines, width), float64: by bit sets for a large
        batch (``noise.tree_bits``), by walking for a small one; both give the same bits."""
        features = np.asarray(features, dtype=np.float32)
        if len(features) >= tree_bits.MIN_LINES:
            return self.by_bits(features)
        return self.walk(features)

    def by_bits(self, features: np.ndarray) -> np.ndarray:
        """``decision`` split by split over bit sets, reading ``features`` a column at a time: free to
        reach for a column-major matrix (``features.T`` C-ordered), one transposition otherwise."""
        by_feature = features.T
        if not by_feature.flags.c_contiguous:
            by_feature = transposed(np.ascontiguousarray(features, dtype=np.float32))
        return self._split_bits.decision(by_feature.astype(np.float32, copy=False), self.baseline)

    @cached_property
    def _split_bits(self) -> tree_bits.SplitBits:
        return tree_bits.SplitBits(self.feature, self.threshold, self.value)

    def __getstate__(self) -> dict:
        """Pickle the trees only, not the tables built from them."""
        return {name: value for name, value in self.__dict__.items() if name != "_split_bits"}

    def walk(self, features: np.ndarray, chunk: int = 1024) -> np.ndarray:
        """``decision`` by walking every tree for every line, ``chunk`` lines at a time."""
        features = np.asarray(features, dtype=np.float32)
        if not features.flags.c_contiguous:
            features = transposed(np.ascontiguousarray(features.T))  # one blocked copy for a column-major matrix
        lines, width = features.shape
        trees = len(self.value)
        out = np.empty(lines, dtype=np.float64)
        flat = features.reshape(-1)
        index = np.int32 if lines * width < 2**31 else np.int64
        # Per level, the splits of all trees side by side: position t * 2**l + i.
        levels = [
            (np.ascontiguousarray(self.feature[:, 2**l - 1 : 2 ** (l + 1) - 1]).reshape(-1).astype(index),
             np.ascontiguousarray(self.threshold[:, 2**l - 1 : 2 ** (l + 1) - 1]).reshape(-1))
            for l in range(self.depth)
        ]
        leaves = self.value.reshape(-1)
        tree = np.arange(trees, dtype=index)
        # Buffers reused by every chunk; positions are in range by construction, so take's bounds
        # check is skipped (mode="wrap" never wraps here).
        rows = min(chunk, lines)
        position, at, x, limit, right, value = (
            np.empty((rows, trees), dtype=dtype) for dtype in (index, index, np.float32, np.float32, bool, np.float32)
        )
        for start in range(0, lines, chunk):
            stop = min(start + chunk, lines)
            if stop - start < rows:
                rows = stop - start
                position, at, x, limit, right, value = (a[:rows] for a in (position, at, x, limit, right, value))
            position[:] = tree
            offsets = (np.arange(start, stop, dtype=index) * width)[:, None]
            for level, (feature, threshold) in enumerate(levels):
                if level == 0:  # every line sits on each tree's root: read the root features' columns
                    np.take(features[start:stop], feature, axis=1, out=x, mode="wrap")
                    np.greater(x, threshold, out=right)
                else:
                    np.take(feature, position, out=at, mode="wrap")
                    at += offsets
                    np.take(flat, at, out=x, mode="wrap")
                    np.take(threshold, position, out=limit, mode="wrap")
                    np.greater(x, limit, out=right)
                position += position
                position += right
            np.take(leaves, position, out=value, mode="wrap")
            out[start:stop] = value.sum(axis=1, dtype=np.float64) + self.baseline
        return out

    @classmethod
    def averaged(cls, ensembles: Sequence["BoostedTrees"]) -> "BoostedTrees":
        """One ensemble whose logit is the mean of ``ensembles``' logits: all their trees, padded
        to the deepest one's depth, each leaf value divided by their number."""
        if len(ensembles) == 1:
            return ensembles[0]
        depth = max(ensemble.depth for ensemble in ensembles)
        padded = [ensemble.padded(depth) for ensemble in ensembles]
        return cls(
            feature=np.vstack([p.feature for p in padded]),
            threshold=np.vstack([p.threshold for p in padded]),
            value=(np.vstack([p.value for p in padded]).astype(np.float64) / len(padded)).astype(np.float32),
            baseline=float(np.mean([p.baseline for p in padded])),
        )

    def padded(self, depth: int) -> "BoostedTrees":
        """The same trees as complete trees of ``depth`` levels: the new splits test feature 0
        against 0 and both their children hold the leaf they replace."""
        grow = depth - self.depth
        if grow <= 0:
            return self
        trees, splits = self.feature.shape
        feature = np.zeros((trees, 2**depth - 1), dtype=self.feature.dtype)
        threshold = np.zeros((trees, 2**depth - 1), dtype=self.threshold.dtype)
        feature[:, :splits], threshold[:, :splits] = self.feature, self.threshold
        return BoostedTrees(feature, threshold, np.repeat(self.value, 2**grow, axis=1), self.baseline)

    @classmethod
    def from_estimator(cls, estimator) -> "BoostedTrees":
        """The trees of a fitted binary ``HistGradientBoostingClassifier`` (numeric features, no
        missing values)."""
        predictors = [predictor.nodes for (predictor,) in estimator._predictors]
        depth = max(int(nodes["depth"].max()) for nodes in predictors)
        if depth > MAX_DEPTH:
            raise ValueError(f"trees of depth {depth} are too deep to pad (at most {MAX_DEPTH})")
        splits = 2**depth - 1
        feature = np.zeros((len(predictors), splits), dtype=np.int32)
        threshold = np.zeros((len(predictors), splits), dtype=np.float32)
        value = np.zeros((len(predictors), 2**depth), dtype=np.float32)
        for tree, nodes in enumerate(predictors):
            float32 = nodes["num_threshold"].astype(np.float32)
            too_high = float32.astype(np.float64) > nodes["num_threshold"]
            float32[too_high] = np.nextafter(float32[too_high], np.float32(-np.inf))
            stack = [(0, 0, 0)]  # (node, level, index within the level)
            while stack:
                node, level, index = stack.pop()
                if nodes["is_leaf"][node]:
                    span = 2 ** (depth - level)
                    value[tree, index * span : (index + 1) * span] = nodes["value"][node]
                    continue
                feature[tree, 2**level - 1 + index] = nodes["feature_idx"][node]
                threshold[tree, 2**level - 1 + index] = float32[node]
                stack.append((int(nodes["left"][node]), level + 1, 2 * index))
                stack.append((int(nodes["right"][node]), level + 1, 2 * index + 1))
        return cls(
            feature=feature,
            threshold=threshold,
            value=value,
            baseline=float(np.ravel(estimator._baseline_prediction)[0]),
        )
