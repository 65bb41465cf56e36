"""Per-line feature columns gathered into the float32 matrix the model reads, one line per row.

The matrix may be laid out either way. Row-major (C order) is what a matrix product wants;
column-major (a (columns, lines) array seen through ``.T``) is what the trees want, since they read
one feature of many lines at a time, and it is also how the columns are computed: writing a
column-major matrix costs no transposition at all.
"""

from __future__ import annotations

import numpy as np

_TRANSPOSE_LINES = 2048  # lines of the matrix transposed at a time


def float32_matrix(columns: list[np.ndarray], out: np.ndarray | None = None) -> np.ndarray:
    """``np.column_stack(columns).astype(np.float32)`` for columns that are float64 or exact in it
    (bool, small integers), without the float64 matrix. Into ``out`` when given, a (lines, columns)
    float32 array or view: when it is column-major each column is rounded straight into its row of
    ``out.T``; otherwise into a row of a (columns, lines) array, transposed into ``out`` a
    cache-sized block of lines at a time."""
    lines = len(columns[0]) if columns else 0
    if out is not None and out.T.flags.c_contiguous:
        by_column = out.T
    else:
        by_column = np.empty((len(columns), lines), dtype=np.float32)
    for number, column in enumerate(columns):
        by_column[number] = column
    if out is None or by_column is not out.T:
        out = transposed(by_column, out)
    return out


def transposed(matrix: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """The C-ordered transpose of a C-ordered 2-D array (a (columns, lines) array made (lines,
    columns), or back), copied a cache-sized block of lines at a time (a plain ``.T.copy()``
    strides through all of memory per line), into ``out`` when given."""
    columns, lines = matrix.shape
    if out is None:
        out = np.empty((lines, columns), dtype=matrix.dtype)
    for start in range(0, lines, _TRANSPOSE_LINES):
        out[start : start + _TRANSPOSE_LINES] = matrix[:, start : start + _TRANSPOSE_LINES].T
    return out
