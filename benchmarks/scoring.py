"""Scores of one system's run, per corpus and per WCXB page type, with ``noise.metrics``.

Token scores are the article-extraction-benchmark's (``noise.metrics.token_scores``: 4-token
shingles, per-page normalised counts, precision and recall averaged over pages, F1 of the two
averages), against the benchmark's gold text. Line scores (noise is the positive class; blank
lines, whose label is null, left out) exist only for systems that read the raw dump, since only
they keep or drop the dump's own lines. Speed is pages (and lines) per second of the worker's
CPU time spent in extraction, on one pinned core.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from noise.labels import NOISE
from noise.metrics import ShingleMatch, line_scores, token_scores

from benchmarks.measure import SystemRun
from benchmarks.pages import REFERENCE_CONVERTER, BenchPage
from benchmarks.systems import System

#: The page_type of a row that covers a whole corpus.
ALL_TYPES = "all"


@dataclass(frozen=True)
class Row:
    system: str
    base: str
    reads: str  # "html" or the converter whose dump the system reads
    corpus: str
    page_type: str
    pages: int
    precision: float
    recall: float
    f1: float
    page_mean_f1: float
    noise_f1: float | None
    content_recall: float | None
    pages_per_s: float | None
    lines_per_s: float | None
    wall_pages_per_s: float | None
    peak_mb: float | None
    import_s: float | None
    load_s: float | None
    errors: int

    def as_dict(self) -> dict:
        return asdict(self)


def page_sets(pages: list[BenchPage]) -> list[tuple[str, str, list[BenchPage]]]:
    """(corpus, page type, pages): each corpus whole, then each of its page types."""
    sets = []
    for corpus in sorted({page.corpus for page in pages}, key=lambda name: (name != "wcxb-test", name)):
        members = [page for page in pages if page.corpus == corpus]
        sets.append((corpus, ALL_TYPES, members))
        for page_type in sorted({page.page_type for page in members if page.page_type}):
            sets.append((corpus, page_type, [page for page in members if page.page_type == page_type]))
    return sets


def score(system: System, run: SystemRun, pages: list[BenchPage]) -> list[Row]:
    rows = []
    for corpus, page_type, members in page_sets(pages):
        matches = [ShingleMatch.between(page.gold, run.outputs.get(page.id, "")) for page in members]
        tokens = token_scores(matches)
        noise_f1 = content_recall = None
        if system.converter and all(page.id in run.line_noise for page in members):
            truth, predicted = [], []
            for page in members:
                labels = page.dumps[system.converter].labels
                verdicts = run.line_noise[page.id]
                for index, label in enumerate(labels):
                    if label is None:
                        continue
                    truth.append(label == NOISE)
                    verdict = verdicts[index] if index < len(verdicts) else None
                    predicted.append(bool(verdict))
            lines = line_scores(truth, predicted)
            # undefined (printed "–") rather than 0.0 where the pages have no noise line, or no content line
            noise_f1 = lines.noise_f1 if lines.noise_lines else None
            content_recall = lines.content_recall if lines.noise_lines < lines.lines else None
        groups = {page.group for page in members}
        cpu_s = sum(run.group_cpu_s.get(group, 0.0) for group in groups)
        wall_s = sum(run.group_wall_s.get(group, 0.0) for group in groups)
        n_lines = sum(page.n_lines(system.converter or REFERENCE_CONVERTER) for page in members)
        summary = run.summary
        rows.append(
            Row(
                system=system.name,
                base=system.base,
                reads=system.converter or "html",
                corpus=corpus,
                page_type=page_type,
                pages=len(members),
                precision=tokens.precision,
                recall=tokens.recall,
                f1=tokens.f1,
                page_mean_f1=tokens.page_mean_f1,
                noise_f1=noise_f1,
                content_recall=content_recall,
                pages_per_s=len(members) / cpu_s if cpu_s > 0 else None,
                lines_per_s=n_lines / cpu_s if cpu_s > 0 else None,
                wall_pages_per_s=len(members) / wall_s if wall_s > 0 else None,
                peak_mb=summary.get("peak_mb"),
                import_s=summary.get("import_s"),
                load_s=summary.get("load_s"),
                errors=sum(run.group_errors.get(group, 0) for group in groups),
            )
        )
    return rows



def page_f1(run: SystemRun, pages: list[BenchPage]) -> dict[str, float]:
    """Each page's own token F1 (empty output 0), for finding the pages a system loses on."""
    return {page.id: round(ShingleMatch.between(page.gold, run.outputs.get(page.id, "")).f1, 4) for page in pages}
