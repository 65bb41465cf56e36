"""Hugging Face ``datasets``: clean a text column inside ``Dataset.map(batched=True, num_proc=N)``.

    from noise.hf import clean_batch_fn

    cleaned = dataset.map(clean_batch_fn(), batched=True, batch_size=64, num_proc=8)
    # adds "clean_text"; clean_batch_fn(labels_column="noise_labels") also adds one label per line

The function object carries only its settings and the identity (SHA-256) of the model it will
use, never the loaded model: it pickles small, each ``num_proc`` process loads the model once,
on its first batch, and two objects with the same settings and model hash alike, so ``datasets``
finds its cached results when a map is run again (and computes afresh when the model changes).

A row whose text is not a string (``None``), or that the model fails on, gets ``None`` in the
new columns; the row itself is never dropped, so the dataset keeps its length and order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Collection

import numpy as np

from noise.artifact import MODEL_FILE, ModelError, read_metadata, resolve_model_dir
from noise.labels import CONTENT, NOISE
from noise.lines import Page
from noise.records import clean_isolating

__all__ = ["BatchCleaner", "clean_batch_fn"]


class BatchCleaner:
    """Callable for ``Dataset.map(batched=True)``: ``{column: texts}`` in, ``{output_column: cleaned}`` out."""

    def __init__(
        self,
        model: str | Path | None = None,
        column: str = "text",
        output_column: str = "clean_text",
        labels_column: str | None = None,
        threshold: float | None = None,
        keep: Collection[str] | str = (),
    ) -> None:
        directory = resolve_model_dir(model)
        digest = read_metadata(directory).get("files", {}).get(MODEL_FILE)
        if digest is None:
            raise ModelError(f"{directory}: metadata vouches for no {MODEL_FILE}")
        self.model = str(directory.resolve())
        self.model_sha256 = digest
        self.column = column
        self.output_column = output_column
        self.labels_column = labels_column
        from noise.cleaner import check_settings

        self.threshold = threshold
        self.keep = check_settings(threshold, keep)  # here, not as a column of None on every row
        self._cleaner = None

    def __getstate__(self) -> dict:
        """Settings only: what ``datasets`` hashes for its cache and what ``num_proc`` workers receive."""
        return {key: value for key, value in self.__dict__.items() if key != "_cleaner"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._cleaner = None

    def __repr__(self) -> str:
        return f"BatchCleaner(model={self.model!r}, column={self.column!r}, output_column={self.output_column!r})"

    def cleaner(self):
        """The loaded ``Cleaner``, once per process; refuses a model that changed since this object was made."""
        if self._cleaner is None:
            from noise.cleaner import Cleaner

            cleaner = Cleaner.load(self.model, threshold=self.threshold, keep=self.keep)
            if cleaner.model.info.get("files", {}).get(MODEL_FILE) != self.model_sha256:
                raise ModelError(f"{self.model}: the model changed since this function was made; make it again")
            self._cleaner = cleaner
        return self._cleaner

    def __call__(self, batch: dict) -> dict:
        texts = batch[self.column]
        if isinstance(texts, str):  # one row: each character would be cleaned as a page
            raise TypeError(f"{self!r} takes a batch of rows: use Dataset.map(..., batched=True)")
        cleaner = self.cleaner()  # a model that cannot be used fails the map, not each row
        rows = [index for index, text in enumerate(texts) if isinstance(text, str)]
        cleaned: list[str | None] = [None] * len(texts)
        labels: list[list[str] | None] = [None] * len(texts)
        if self.labels_column is None:
            for index, result in zip(rows, clean_isolating(cleaner, [texts[i] for i in rows])):
                cleaned[index] = None if isinstance(result, Exception) else result
            return {self.output_column: cleaned}
        for index, verdicts in zip(rows, self._label(cleaner, [texts[i] for i in rows])):
            if verdicts is None:
                continue
            kept = np.flatnonzero([not verdict.is_noise for verdict in verdicts])
            cleaned[index] = Page.from_text(texts[index]).join(kept)
            labels[index] = [NOISE if v.is_noise else CONTENT for v in verdicts]
        return {self.output_column: cleaned, self.labels_column: labels}

    def _label(self, cleaner, texts: list[str]) -> list:
        try:
            return cleaner.label_batch(texts)
        except Exception:  # noqa: BLE001 - one page the model fails on must not cost the batch
            if len(texts) == 1:
                return [None]
        return [verdicts for text in texts for verdicts in self._label(cleaner, [text])]


def clean_batch_fn(
    model: str | Path | None = None,
    column: str = "text",
    output_column: str = "clean_text",
    labels_column: str | None = None,
    threshold: float | None = None,
    keep: Collection[str] | str = (),
) -> BatchCleaner:
    """A function for ``Dataset.map(fn, batched=True, num_proc=N)`` that adds the cleaned text as a column.

    ``model``: a model directory (default ``$NOISE_MODEL``, then the bundled model). ``column``:
    the text column to clean. ``output_column``: where the cleaned text goes (``"text"`` to
    replace it). ``labels_column``: if given, also a column with one label (``"content"`` or
    ``"noise"``) per line of the input text, split as ``noise.lines.Page`` splits it.
    ``threshold`` and ``keep`` are as for ``Cleaner.load``.
    """
    return BatchCleaner(model, column, output_column, labels_column, threshold, keep)
