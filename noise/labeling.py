"""``noise label`` and ``noise import``: pages out to review files, corrected review files back in as data.

``write_reviews`` scores pages with a model and writes one review file per page (see
``noise.review`` for the format); ``import_reviews`` turns corrected review files into
corpus-format JSON Lines records, the format ``noise train`` and ``noise eval`` read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from noise.dump import DumpPage
from noise.labels import CONTENT, NOISE
from noise.review import SUFFIX, Review, ReviewLine, is_uncertain, read, write

_BATCH_PAGES = 32


class ExistsError(FileExistsError):
    """A review file is already there (it may hold a person's corrections)."""


@dataclass
class Written:
    page: DumpPage
    path: Path
    lines: int
    uncertain: int


def review_of(page: DumpPage, verdicts, threshold: float, model_name: str = "") -> Review:
    lines = []
    for verdict in verdicts:
        if verdict.is_blank:
            lines.append(ReviewLine(verdict.text, None))
            continue
        lines.append(
            ReviewLine(
                verdict.text,
                NOISE if verdict.is_noise else CONTENT,
                verdict.category if verdict.is_noise else None,
                is_uncertain(verdict.score, threshold),
            )
        )
    extra = {"lang": page.lang} if page.lang else {}
    if model_name:
        extra["model"] = model_name
    return Review(lines, source=page.name, domain=page.domain, extra=extra)


def review_path(out: Path, page: DumpPage) -> Path:
    return out / Path(*page.stem.parts).with_name(page.stem.name + SUFFIX)


def write_reviews(
    cleaner, pages: Iterable[DumpPage], out: Path, force: bool = False, model_name: str = ""
) -> Iterator[Written | ExistsError]:
    """One review file per page under ``out``, each reported as it is written. A page whose review
    file exists comes as an ``ExistsError`` instead (unless ``force``), and the others are written;
    so does a page whose review file an earlier page of the run took (two inputs named alike)."""
    pending: list[DumpPage] = []
    taken: dict[Path, str] = {}

    def flush() -> Iterator[Written]:
        for page, verdicts in zip(pending, cleaner.label_batch([page.text for page in pending])):
            review = review_of(page, verdicts, cleaner.threshold, model_name)
            path = review_path(out, page)
            write(path, review)
            uncertain = sum(line.uncertain for line in review.lines)
            yield Written(page, path, sum(line.label is not None for line in review.lines), uncertain)
        pending.clear()

    for page in pages:
        path = review_path(out, page)
        if path in taken:
            yield ExistsError(f"{path}: already written for {taken[path]} in this run; {page.name} would overwrite it (label it into another --out)")
            continue
        taken[path] = page.name
        if path.exists() and not force:
            yield ExistsError(f"{path}: already exists (it may hold your corrections); use --force to overwrite it")
            continue
        pending.append(page)
        if len(pending) >= _BATCH_PAGES:
            yield from flush()
    yield from flush()


def import_reviews(paths: Sequence[Path]) -> Iterable[str]:
    """Corpus-format JSON Lines records (one per review file), in order; raises ``ReviewError``."""
    for path in paths:
        review = read(path)
        page = review.to_page(page_id=review.source or str(path))
        record = {
            "id": page.id,
            "domain": page.domain,
            "lang": page.lang,
            "source": "review",
            "lines": page.lines,
            "labels": page.labels,
            "categories": page.categories or [None] * len(page.lines),
            "gold": page.gold,
            "meta": {"review_file": str(path)},
        }
        yield json.dumps(record, ensure_ascii=False)
