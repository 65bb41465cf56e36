"""The boosted trees evaluated split by split over bit sets: ``BoostedTrees.decision`` for large batches.

Walking the trees (``noise.trees``) costs a few gathers per line, tree and level, and a numpy
gather costs nanoseconds per element whatever it reads. Here the gathers go: every distinct split
(feature, threshold) of the ensemble is decided for a block of lines at once, one feature's splits
per comparison over that feature's contiguous row of a column-major feature matrix, and the
answers are packed eight lines to a byte. A tree is then followed with bitwise operations on
those bytes: the lines that reach a node and go right are ``reach & decided``, the node's left
child is reached by ``reach & ~decided``, and the bit a line takes at each level (the lines going
right at any node of that level) is the OR over the level. The bits of the levels, read top down,
number the leaf each line lands in, exactly as the walk's ``2 * position + right`` does.

The answers are the walk's to the bit: the same float32 comparisons, the same leaves, summed per
line in the same order. A block has a fixed cost of a few hundred numpy calls, so small batches
are left to the walk (``MIN_LINES``).
"""

from __future__ import annotations

import numpy as np

MIN_LINES = 2048  # fewer lines than this are walked: a block's few hundred numpy calls would cost more than the gathers they save
BLOCK_LINES = 4096  # lines decided per block: its bit sets and leaf indices stay within a core's L2 cache


class SplitBits:
    """The tables that evaluating by bit sets reads, built once per ensemble.

    ``node_split`` maps each (tree, heap node) to its row among the distinct splits; the splits are
    ordered by feature, so each feature's thresholds form one run, decided in one comparison.
    """

    def __init__(self, feature: np.ndarray, threshold: np.ndarray, value: np.ndarray) -> None:
        trees, nodes = feature.shape
        self.depth = int(value.shape[1]).bit_length() - 1
        key = (feature.astype(np.int64) << 32) | threshold.view(np.uint32).astype(np.int64)
        splits, node_split = np.unique(key.reshape(-1), return_inverse=True)
        self.node_split = node_split.reshape(trees, nodes)
        self.n_splits = len(splits)
        split_feature = (splits >> 32).astype(np.intp)
        split_threshold = (splits & 0xFFFFFFFF).astype(np.uint32).view(np.float32)
        runs = np.flatnonzero(np.r_[True, split_feature[1:] != split_feature[:-1], True]) if len(splits) else np.zeros(1, dtype=np.intp)
        # (feature, first split, end of its splits, its thresholds as a column)
        self.runs = [
            (int(split_feature[lo]), lo, hi, split_threshold[lo:hi, None])
            for lo, hi in zip(runs[:-1].tolist(), runs[1:].tolist())
        ]
        self.leaves = value.reshape(-1)
        self.first_leaf = np.arange(trees, dtype=np.intp) << self.depth  # of each tree, in ``leaves``
        self.code_type = np.uint8 if self.depth <= 8 else np.uint16

    def decision(self, by_feature: np.ndarray, baseline: float) -> np.ndarray:
        """The logit of each line of ``by_feature``, a C-ordered (features, lines) float32 array."""
        lines = by_feature.shape[1]
        out = np.empty(lines, dtype=np.float64)
        for start in range(0, lines, BLOCK_LINES):
            stop = min(start + BLOCK_LINES, lines)
            value = self._leaf_values(by_feature[:, start:stop])
            out[start:stop] = np.add.reduce(value, axis=0, dtype=np.float64) + baseline
        return out

    def _leaf_values(self, by_feature: np.ndarray) -> np.ndarray:
        """(trees, lines) float32: the leaf value each tree gives each line. Tree by tree, so that
        every gather and the sum over trees run along contiguous rows (the same sum, tree after
        tree in float64, as the walk's)."""
        lines = by_feature.shape[1]
        decided = np.empty((self.n_splits, (lines + 7) // 8), dtype=np.uint8)
        for feature, lo, hi, thresholds in self.runs:
            decided[lo:hi] = np.packbits(by_feature[feature] > thresholds, axis=1)
        goes_right = decided[self.node_split]  # (trees, nodes, bytes)
        trees = len(self.first_leaf)
        reach = np.full((trees, 1, decided.shape[1]), 0xFF, dtype=np.uint8)
        level_bits = np.empty((self.depth, trees, decided.shape[1]), dtype=np.uint8)
        for level in range(self.depth):
            right = goes_right[:, 2**level - 1 : 2 ** (level + 1) - 1]
            went_right = reach & right
            np.bitwise_or.reduce(went_right, axis=1, out=level_bits[level])
            if level < self.depth - 1:
                children = np.empty((trees, 2 * reach.shape[1], reach.shape[2]), dtype=np.uint8)
                np.bitwise_and(reach, ~right, out=children[:, 0::2])
                children[:, 1::2] = went_right
                reach = children
        leaf = np.zeros((trees, lines), dtype=self.code_type)
        for level_bit in np.unpackbits(level_bits, axis=2, count=lines):  # (levels, trees, lines), 0 or 1
            leaf += leaf
            leaf += level_bit
        index = leaf.astype(np.intp)
        index += self.first_leaf[:, None]
        return np.take(self.leaves, index)
