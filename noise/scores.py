"""Noise scores: the range a line's final score keeps to, and its logit (numpy-free, so that reading
review files does not load the model's modules)."""

from __future__ import annotations

import math

# Final scores stay strictly inside (0, 1), so threshold 0 drops every line and 1 keeps every line.
SCORE_FLOOR, SCORE_CEILING = 1e-6, 1.0 - 1e-6


def score_logit(score: float) -> float:
    """The logit of a noise score or threshold, clipped as final scores are, so that thresholds 0
    and 1 stay finite."""
    score = min(max(float(score), SCORE_FLOOR), SCORE_CEILING)
    return math.log(score / (1.0 - score))
