"""A datatrove pipeline step: ``NoiseCleaner`` strips the noise lines of each document's text.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from noise.datatrove_step import NoiseCleaner

    if __name__ == "__main__":  # workers start a new interpreter that imports the script
        LocalPipelineExecutor(
            pipeline=[JsonlReader("crawl/"), NoiseCleaner(), JsonlWriter("cleaned/")], tasks=8, workers=2
        ).run()

Runs unchanged on datatrove's Local, Slurm and Ray executors: the step pickles its settings only,
and each task loads the model once, on its first batch. Documents are cleaned in batches (the
model shares its work across a batch) and keep their order. Every document is counted: stats
``lines``, ``lines_dropped``, ``chars_dropped``, ``noise_errors`` (a document whose text is not a
string, or that the model fails on: passed on unchanged), and, with ``drop_empty``, ``dropped``.
Needs the optional extra: ``pip install 'noise[datatrove]'``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Collection

try:
    from datatrove.data import DocumentsPipeline
    from datatrove.pipeline.base import PipelineStep
    from datatrove.utils.batching import batched
    from datatrove.utils.typeshelper import StatHints
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError("noise.datatrove_step needs datatrove: pip install 'noise[datatrove]'") from error

from noise.records import clean_isolating, line_counts

__all__ = ["NoiseCleaner"]


class NoiseCleaner(PipelineStep):
    """Clean ``document.text``: keep the article lines, drop the noise lines (an exact, in-order subset).

    ``model``: model directory (default ``$NOISE_MODEL``, then the bundled model); ``threshold``
    and ``keep`` as for ``Cleaner.load``; ``batch_size``: documents per call to the model;
    ``drop_empty``: drop documents with no text left; ``metadata_key``: if set, each document's
    metadata gets ``{"lines": n, "lines_dropped": m}`` under this key.
    """

    name = "🧹 noise"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        model: str | Path | None = None,
        threshold: float | None = None,
        keep: Collection[str] | str = (),
        batch_size: int = 64,
        drop_empty: bool = False,
        metadata_key: str | None = None,
    ) -> None:
        super().__init__()
        self.model = None if model is None else str(model)
        from noise.cleaner import check_settings

        self.threshold = threshold
        self.keep = check_settings(threshold, keep)  # here, not on the first document of some task
        self.batch_size = batch_size
        self.drop_empty = drop_empty
        self.metadata_key = metadata_key
        self._cleaner = None

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_cleaner"] = None  # each task loads its own model: it is never shipped with the pipeline
        return state

    def cleaner(self):
        if self._cleaner is None:
            from noise.cleaner import Cleaner

            self._cleaner = Cleaner.load(self.model, threshold=self.threshold, keep=self.keep)
        return self._cleaner

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data is None:
            return
        for batch in batched(data, self.batch_size):
            good = [doc for doc in batch if isinstance(doc.text, str)]
            with self.track_time(unit="batch"):
                results = dict(zip(map(id, good), clean_isolating(self.cleaner(), [doc.text for doc in good])))
            for doc in batch:
                self.stat_update(StatHints.total)
                cleaned = results.get(id(doc))
                if cleaned is None or isinstance(cleaned, Exception):
                    self.stat_update("noise_errors")
                    self.stat_update(StatHints.forwarded)
                    yield doc
                    continue
                lines, kept = line_counts(doc.text, cleaned)
                self.stat_update("lines", value=lines)
                self.stat_update("lines_dropped", value=lines - kept)
                self.stat_update("chars_dropped", value=len(doc.text) - len(cleaned))
                if self.metadata_key:
                    doc.metadata[self.metadata_key] = {"lines": lines, "lines_dropped": lines - kept}
                doc.text = cleaned
                if self.drop_empty and not cleaned.strip():
                    self.stat_update(StatHints.dropped)
                    continue
                self.update_doc_stats(doc)
                self.stat_update(StatHints.forwarded)
                yield doc
