"""Scoring a model against labeled pages: line-level noise P/R/F1 and content-line recall, and
token-level P/R/F1 of the kept text against each page's gold (see ``noise.metrics``).

Results are given overall and per source (the record's ``source``, else its file name), per
language and per page type where records say so.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

from noise.batch import PAGES_PER_BATCH
from noise.cleaner import Cleaner
from noise.corpus import LabeledPage, read_pages
from noise.labels import NOISE
from noise.metrics import ShingleMatch, line_scores, printed_rates, printed_token_rates, token_scores


def kept_text(page: LabeledPage, predicted_noise: Sequence[bool]) -> str:
    """The page's non-blank lines that are not predicted noise, one per line."""
    return "\n".join(line for line, noise in zip(page.lines, predicted_noise) if line.strip() and not noise)


def summarise(
    pages: Sequence[LabeledPage],
    predicted_noise: Sequence[Sequence[bool]],
    predicted_categories: Sequence[Sequence[str | None]] | None = None,
) -> dict:
    """Metrics of per-line predictions (aligned with each page's ``lines``), overall and by slice;
    with ``predicted_categories``, also the category accuracy on the pages that have categories."""
    slices: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for number, page in enumerate(pages):
        slices["overall"]["all"].append(number)
        slices["source"][page.source or "unknown"].append(number)
        if page.lang:
            slices["lang"][page.lang].append(number)
        page_type = (page.meta or {}).get("page_type")
        if page_type:
            slices["page_type"][page_type].append(number)
    report: dict = {}
    for kind, groups in slices.items():
        report[kind] = {}
        for name, members in sorted(groups.items()):
            metrics = _metrics([pages[i] for i in members], [predicted_noise[i] for i in members])
            if predicted_categories is not None:
                accuracy = _category_accuracy(
                    [pages[i] for i in members], [predicted_noise[i] for i in members], [predicted_categories[i] for i in members]
                )
                if accuracy is not None:
                    metrics["categories"] = accuracy
            report[kind][name] = metrics
    return report


def _category_accuracy(
    pages: Sequence[LabeledPage], noise: Sequence[Sequence[bool]], predicted: Sequence[Sequence[str | None]]
) -> dict | None:
    """Share of the noise lines with a known category, dropped by the model, whose predicted
    category is the labeled one (the category a user sees is that of a dropped line), overall
    and by the line's labeled category; and, by labeled category, how many such lines the pages
    have and what share of them the model dropped (which kinds of noise leak through)."""
    lines: dict[str, int] = defaultdict(int)
    correct: dict[str, int] = defaultdict(int)
    labeled: dict[str, int] = defaultdict(int)
    dropped_lines: dict[str, int] = defaultdict(int)
    for page, dropped, categories in zip(pages, noise, predicted):
        if not page.categories:
            continue
        for label, truth, is_dropped, guess in zip(page.labels, page.categories, dropped, categories):
            if label == NOISE and truth:
                labeled[truth] += 1
                dropped_lines[truth] += bool(is_dropped)
                if is_dropped and guess:
                    lines[truth] += 1
                    correct[truth] += truth == guess
    total = sum(lines.values())
    if not total:
        return None
    by_category = {
        name: {
            "lines": lines[name],
            "accuracy": correct[name] / lines[name] if lines[name] else None,
            "noise_lines": labeled[name],
            "dropped": dropped_lines[name] / labeled[name],
        }
        for name in sorted(labeled)
    }
    return {"lines": total, "accuracy": sum(correct.values()) / total, "by_category": by_category}


def _metrics(pages: Sequence[LabeledPage], predicted: Sequence[Sequence[bool]]) -> dict:
    truth, guess, matches = [], [], []
    for page, noise in zip(pages, predicted):
        for label, is_noise in zip(page.labels, noise):
            if label is not None:
                truth.append(label == NOISE)
                guess.append(bool(is_noise))
        if page.gold is not None:
            matches.append(ShingleMatch.between(page.gold, kept_text(page, noise)))
    result = {"pages": len(pages), "lines": line_scores(truth, guess).as_dict()}
    if matches:
        result["tokens"] = token_scores(matches).as_dict()
    return result


def _verdicts(cleaner: Cleaner, pages: Sequence[LabeledPage]) -> Iterator[list]:
    """Each page's verdicts, the pages scored a batch at a time."""
    from noise.lines import Page

    for first in range(0, len(pages), PAGES_PER_BATCH):
        chunk = pages[first : first + PAGES_PER_BATCH]
        yield from cleaner.label_pages([Page.from_lines(page.lines) for page in chunk])


def predict_pages(cleaner: Cleaner, pages: Sequence[LabeledPage]) -> list[np.ndarray]:
    """Per page, per line: is it dropped as noise (blank lines: False)."""
    return [np.array([v.is_noise and not v.is_blank for v in verdicts], dtype=bool) for verdicts in _verdicts(cleaner, pages)]


def predict_pages_with_categories(cleaner: Cleaner, pages: Sequence[LabeledPage]) -> tuple[list[np.ndarray], list[list[str | None]]]:
    """``predict_pages``, and per line the category of a dropped line (else None)."""
    noise, categories = [], []
    for verdicts in _verdicts(cleaner, pages):
        noise.append(np.array([v.is_noise and not v.is_blank for v in verdicts], dtype=bool))
        categories.append([v.category for v in verdicts])
    return noise, categories


def noise_scores(cleaner: Cleaner, pages: Sequence[LabeledPage]) -> list[np.ndarray]:
    """Per page, per line: the noise score (blank lines: NaN). At any threshold ``t``, ``score >= t``
    is ``predict_pages`` of a cleaner at ``t`` that keeps no category and has no memory."""
    return [np.array([np.nan if v.score is None else v.score for v in verdicts]) for verdicts in _verdicts(cleaner, pages)]


def evaluate_files(cleaner: Cleaner, paths: Sequence[Path]) -> dict:
    return evaluate_pages(cleaner, read_pages(paths))


def evaluate_pages(cleaner: Cleaner, pages: Sequence[LabeledPage]) -> dict:
    """``summarise`` of the cleaner's verdicts on labeled pages, with categories where pages have them."""
    if any(page.categories for page in pages):
        return summarise(pages, *predict_pages_with_categories(cleaner, pages))
    return summarise(pages, predict_pages(cleaner, pages))


def format_report(report: dict) -> str:
    with_categories = any("categories" in m for groups in report.values() for m in groups.values())
    header = f"{'slice':<28} {'pages':>6} {'lines':>8} {'noise P':>8} {'noise R':>8} {'noise F1':>8} {'content R':>9} {'token P':>8} {'token R':>8} {'token F1':>8}"
    if with_categories:
        header += f" {'category acc':>12}"
    rows = [header, "-" * len(header)]
    for kind, groups in report.items():
        for name, metrics in groups.items():
            lines = metrics["lines"]
            tokens = metrics.get("tokens")
            token_cells = (
                " ".join(f"{cell:>8}" for cell in printed_token_rates(tokens)) if tokens else f"{'-':>8} {'-':>8} {'-':>8}"
            )
            label = "overall" if kind == "overall" else f"{kind}={name}"
            precision, recall, f1, content = printed_rates(lines)
            row = (
                f"{label:<28} {metrics['pages']:>6} {lines['lines']:>8} {precision:>8} "
                f"{recall:>8} {f1:>8} {content:>9} {token_cells}"
            )
            if with_categories:
                categories = metrics.get("categories")
                row += f" {categories['accuracy']:>12.3f}" if categories else f" {'-':>12}"
            rows.append(row)
    overall = report.get("overall", {}).get("all", {}).get("categories")
    if overall:
        rows += ["", "by labeled category: noise lines, share dropped, category accuracy on the dropped ones:"]
        rows += [
            f"  {name:<12} {m['noise_lines']:>7} lines  dropped {m['dropped']:.3f}  accuracy "
            + (f"{m['accuracy']:.3f}" if m["accuracy"] is not None else "-")
            for name, m in overall["by_category"].items()
        ]
    return "\n".join(rows)
