"""Per-line feature columns gathered into the float32 matrix the model reads, one line per row."""

from __future__ import annotations

import numpy as np

_TRANSPOSE_LINES = 2048  # lines of the matrix transposed at a time


def float32_matrix(columns: list[np.ndarray], out: np.ndarray | None = None) -> np.ndarray:
    """``np.column_stack(columns).astype(np.float32)`` for columns that are float64 or exact in it
    (bool, small integers), without the float64 matrix: each column is rounded to float32 into a
    row of a (columns, lines) array, which is then transposed a cache-sized block of lines at a
    time, into ``out`` (a (lines, columns) float32 array or view) when given."""
    lines = len(columns[0]) if columns else 0
    by_column = np.empty((len(columns), lines), dtype=np.float32)
    for number, column in enumerate(columns):
        by_column[number] = column
    if out is None:
        out = np.empty((lines, len(columns)), dtype=np.float32)
    for start in range(0, lines, _TRANSPOSE_LINES):
        out[start : start + _TRANSPOSE_LINES] = by_column[:, start : start + _TRANSPOSE_LINES].T
    return out
