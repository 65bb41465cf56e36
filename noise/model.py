"""The trained model in the form that runs: numpy arrays only, no scikit-learn at run time.

Training (``noise.training``) fits stock scikit-learn estimators and exports their learned
arrays into the classes below. Scoring a batch then needs numpy alone, which keeps loading a
model and starting the CLI fast (importing scikit-learn takes seconds).

A line is scored in three steps, the way jusText revises a verdict from its neighbours:

1. ``text``: a linear model over the line's hashed words and character n-grams;
2. ``first_pass``: a small neural network over the line's shape, position, repetition and the
   text scores of its neighbourhood;
3. ``second_pass``: gradient-boosted trees (``noise.trees``) over the same features with the
   first pass's scores of the neighbourhood added. (Models saved before the trees have a
   network here; both give a logit per line.)

``categories`` (optional) names the kind of noise for lines judged noise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from noise.batch import Batch, Layout
from noise.columns import transposed
from noise.features import BASE_NAMES, FEATURE_SET, base_features, category_context, context_features, context_names
from noise.hashing import HashedLines, HashingSpec, hash_lines
from noise.scores import SCORE_CEILING, SCORE_FLOOR
from noise.trees import BoostedTrees


def _sigmoid(values: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(values, -40, 40)))


@dataclass
class HashedLinear:
    """A linear model over hashed features; rows are scaled by 1/sqrt(features in the line)."""

    weights: np.ndarray  # float32, (buckets,), or (classes, buckets) for one score per class
    intercept: np.ndarray  # float64, () or (classes,)

    def decision(self, hashed: HashedLines) -> np.ndarray:
        norm = np.sqrt(np.maximum(hashed.counts(), 1))
        if self.weights.ndim == 1:
            return hashed.line_sums(self.weights[hashed.buckets]) / norm + self.intercept
        columns = [hashed.line_sums(class_weights[hashed.buckets]) for class_weights in self.weights]
        return np.column_stack(columns) / norm[:, None] + self.intercept


@dataclass
class DenseNet:
    """Standardisation followed by a ReLU network (no hidden layer: logistic regression)."""

    mean: np.ndarray
    scale: np.ndarray
    weights: list[np.ndarray]
    biases: list[np.ndarray]

    @classmethod
    def averaged(cls, nets: Sequence["DenseNet"]) -> "DenseNet":
        """One network whose logit is the mean of ``nets``' logits (networks of one input width
        and one depth): the members side by side, block-diagonal past the first layer, each
        member's standardisation folded into its first layer so that all share the first's."""
        if len(nets) == 1:
            return nets[0]
        from scipy.linalg import block_diag  # training only: scoring never averages

        mean, scale = nets[0].mean.astype(np.float64), nets[0].scale.astype(np.float64)
        layers = []
        for depth in range(len(nets[0].weights)):
            blocks, biases = [], []
            for net in nets:
                weights, bias = net.weights[depth].astype(np.float64), net.biases[depth].astype(np.float64)
                if depth == 0:  # (x - m_k) / s_k == ((x - m) / s) * s / s_k + (m - m_k) / s_k
                    shift = (mean - net.mean) / net.scale
                    bias = bias + shift @ weights
                    weights = weights * (scale / net.scale)[:, None]
                blocks.append(weights)
                biases.append(bias)
            if depth == len(nets[0].weights) - 1:  # the output: the mean of the members' outputs
                weights = (np.vstack(blocks) if depth else sum(blocks)) / len(nets)
                bias = np.mean(biases, axis=0)
            else:  # the members' units side by side, each reading only its own member's units
                weights = np.hstack(blocks) if depth == 0 else block_diag(*blocks)
                bias = np.concatenate(biases)
            layers.append((weights.astype(np.float32), bias.astype(np.float32)))
        return cls(
            mean=mean.astype(np.float32),
            scale=scale.astype(np.float32),
            weights=[weights for weights, _ in layers],
            biases=[bias for _, bias in layers],
        )

    def decision(self, features: np.ndarray) -> np.ndarray:
        activation = _row_wise(np.subtract, np.ascontiguousarray(features), self.mean)
        activation = _row_wise(np.divide, activation, self.scale, in_place=True).astype(np.float32, copy=False)
        for layer, (weights, bias) in enumerate(zip(self.weights, self.biases)):
            activation = _row_wise(np.add, activation @ weights, bias, in_place=True)
            if layer < len(self.weights) - 1:
                np.maximum(activation, 0, out=activation)
        return activation[:, 0] if activation.shape[1] == 1 else activation


_BLOCK_VALUES = 4096


def _row_wise(operation: np.ufunc, matrix: np.ndarray, row: np.ndarray, in_place: bool = False) -> np.ndarray:
    """``operation(matrix, row)`` for a C-contiguous (lines, width) matrix, the same arithmetic,
    over blocks of lines flattened into one long row each with ``row`` tiled to match: numpy
    broadcasting a row of a few dozen values line by line spends most of its time per call.
    Written over ``matrix`` when ``in_place`` and the result has its type anyway."""
    result_type = np.result_type(matrix, row)
    out = matrix if in_place and result_type == matrix.dtype else np.empty(matrix.shape, dtype=result_type)
    lines, width = matrix.shape
    per_block = max(_BLOCK_VALUES // max(width, 1), 1)
    blocked = lines // per_block * per_block if width else 0
    if blocked:
        flat = (-1, per_block * width)
        operation(matrix[:blocked].reshape(flat), np.tile(row, per_block), out=out[:blocked].reshape(flat))
    operation(matrix[blocked:], row, out=out[blocked:])
    return out


@dataclass
class CategoryModel:
    """Which kind of noise a line is, in two passes like the noise score itself: a linear model
    over the line's hashed text and dense features gives per-category probabilities for every
    line; a small network then reads those of the line and of its neighbourhood."""

    names: tuple[str, ...]
    bits: int  # the text part uses the top ``bits`` bits of each bucket number
    text: HashedLinear  # weights (2 ** bits, categories)
    dense: DenseNet  # linear: features -> categories
    second: DenseNet  # network: category context + features -> categories

    def first_probabilities(self, hashed: HashedLines, features: np.ndarray, bits: int) -> np.ndarray:
        """The first pass's per-category probabilities, as its estimator gives them in training
        (what the second pass was fitted on): scikit-learn's SGD classifier scores each category
        against the rest and normalises the sigmoids of those scores to sum to one, which is not
        a softmax of them (the softmax is far sharper where scores are large). Two categories are
        one score, the second's (the first's column is 0): a sigmoid of it."""
        folded = hashed.with_buckets(hashed.buckets >> (bits - self.bits))
        scores = self.text.decision(folded) + self.dense.decision(features)
        if scores.shape[1] == 2:
            return _softmax(scores)
        probabilities = _sigmoid(scores)
        return probabilities / probabilities.sum(axis=1, keepdims=True)

    def predict(self, hashed: HashedLines, features: np.ndarray, layout: Layout, bits: int, lines: np.ndarray) -> np.ndarray:
        """Category index of the chosen ``lines`` (a boolean mask over the batch)."""
        probabilities = self.first_probabilities(hashed, features, bits)
        second_input = np.hstack([category_context(layout, probabilities), features])[lines]
        return np.argmax(self.second.decision(second_input), axis=1)


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


@dataclass
class LineScores:
    """The model's output for a batch: P(noise) per non-blank line, and a category index or -1."""

    noise: np.ndarray
    category: np.ndarray


@dataclass
class NoiseModel:
    feature_set: str
    hashing: HashingSpec
    text: HashedLinear
    first_pass: DenseNet
    second_pass: BoostedTrees | DenseNet
    threshold: float
    categories: CategoryModel | None = None
    info: dict = field(default_factory=dict)
    adapter: Any = None  # optional publisher layer (noise.adapter): adjust(logit, batch, hashed) -> logit

    def score(self, batch: Batch, category_threshold: float | None = None) -> LineScores:
        """P(noise) of every line of the batch; with ``category_threshold``, also the category of
        every line scoring at least that (categories cost a pass over the hashed features per
        category, so cleaning without ``--keep`` skips them)."""
        if self.feature_set != FEATURE_SET:
            raise ValueError(f"model uses feature set {self.feature_set!r}, this noise computes {FEATURE_SET!r}")
        hashed = hash_lines(batch, self.hashing)
        text_score = _sigmoid(self.text.decision(hashed))
        # The second pass reads the first pass's input and more: one column-major array (features
        # are computed a column at a time and the trees read them so), each part written in place;
        # the first pass's network gets its part row-major, as a matrix product wants it.
        base_width, context_width = len(BASE_NAMES), len(context_names(""))
        first_width = base_width + context_width
        by_feature = np.empty((first_width + context_width, len(batch)), dtype=np.float32)
        second_input = by_feature.T
        base_features(batch, out=second_input[:, :base_width])
        context_features(batch.layout, text_score, out=second_input[:, base_width:first_width])
        first = _sigmoid(self.first_pass.decision(transposed(by_feature[:first_width])))
        context_features(batch.layout, first, out=second_input[:, first_width:])
        logit = self.second_pass.decision(second_input)
        if self.adapter is not None:
            logit = self.adapter.adjust(logit, batch, hashed)
        noise = np.clip(_sigmoid(logit), SCORE_FLOOR, SCORE_CEILING)
        category = np.full(len(batch), -1, dtype=np.int64)
        if self.categories is not None and category_threshold is not None:
            is_noise = noise >= category_threshold
            if is_noise.any():
                category[is_noise] = self.categories.predict(
                    hashed, transposed(by_feature), batch.layout, self.hashing.bits, is_noise
                )
                if self.adapter is not None and hasattr(self.adapter, "revise_categories"):
                    category = self.adapter.revise_categories(category, batch, self.categories.names)
        return LineScores(noise=noise, category=category)
