"""``noise train`` end to end: read labeled files, train, cross-validate, write the model directory.

The cross-validated metrics come from the second pass's out-of-fold scores: every page is scored
by models that never saw a page of its publisher. The model card and metadata are written from
the same numbers, together with the model, so they cannot drift apart.
"""

from __future__ import annotations

import platform
import time
from pathlib import Path
from typing import Sequence

import numpy as np

from noise.artifact import save_model
from noise.card import render_card, render_summary
from noise.corpus import LabeledPage, file_hashes, read_pages
from noise.evaluation import format_report, summarise
from noise.headlines import LABEL_POLICY, restore_headlines
from noise.labels import CATEGORIES
from noise.training import TrainConfig, TrainingResult, train


def predictions_by_page(result: TrainingResult, pages: Sequence[LabeledPage], threshold: float) -> list[np.ndarray]:
    """Per page, per line: predicted noise from the out-of-fold scores (blank lines False)."""
    table = result.table
    predicted = []
    for number, page in enumerate(pages):
        flags = np.zeros(len(page.lines), dtype=bool)
        scores = result.out_of_fold[table.page == number]
        non_blank = [i for i, line in enumerate(page.lines) if line.strip()]
        flags[non_blank] = scores >= threshold
        predicted.append(flags)
    return predicted


#: What dropping one line of article text costs, in lines of noise left in: the threshold is chosen
#: to minimise the out-of-fold cost. For calibrated scores the best threshold would be
#: ``CONTENT_COST / (1 + CONTENT_COST)`` = 0.8: drop a line only when it is at least four times as
#: likely to be noise as content.
#: The out-of-fold cost is flat near its minimum: the bundled recipe without the project corpus's
#: held-out publishers chose 0.85 with seed 0 and 0.80 with seed 1, which moved content-line recall
#: on those publishers from 0.964 to 0.935 (and the seed itself moves figures: see
#: training/build_default.py, CATEGORY_WEIGHTS).
CONTENT_COST = 4.0


def choose_threshold(result: TrainingResult, pages: Sequence[LabeledPage], content_cost: float = CONTENT_COST) -> float:
    """The threshold with the lowest out-of-fold cost: ``content_cost`` per content line dropped
    plus one per noise line kept (dropping article text is worse than keeping a menu line), every
    page weighing the same (each of its lines ``1 / lines``), as in the page-averaged figures users
    see: counted per line, a few portal pages of 400 menu lines would set the threshold for every
    short article. Ties go to the higher threshold (keeps more content)."""
    truth = result.table.is_noise
    page = result.table.page
    line_weight = 1.0 / np.bincount(page)[page] if len(page) else np.zeros(0)
    best, best_cost = 0.5, np.inf
    for threshold in np.round(np.arange(0.30, 0.951, 0.05), 2):
        flagged = result.out_of_fold >= threshold
        cost = content_cost * line_weight[flagged & ~truth].sum() + line_weight[truth & ~flagged].sum()
        if cost <= best_cost + 1e-12:
            best, best_cost = float(threshold), min(cost, best_cost)
    return best


def category_accuracy(result: TrainingResult, pages: Sequence[LabeledPage]) -> dict:
    """Out-of-fold accuracy of the predicted category on noise lines whose category is known,
    overall and per language and source."""
    if result.category_out_of_fold is None:
        return {}
    table = result.table
    known = (table.category >= 0) & (result.category_out_of_fold >= 0)
    if not known.any():
        return {}
    correct = result.category_out_of_fold == table.category
    slices: dict[str, dict[str, np.ndarray]] = {"overall": {"all": known}}
    page_lang = np.array([page.lang or "unknown" for page in pages])[table.page]
    page_source = np.array([page.source or "unknown" for page in pages])[table.page]
    for kind, values in (("lang", page_lang), ("source", page_source)):
        slices[kind] = {name: known & (values == name) for name in np.unique(values[known])}
    true_category = np.where(known, table.category, -1)
    slices["category"] = {CATEGORIES[index]: true_category == index for index in np.unique(true_category[known])}
    return {
        kind: {name: {"lines": int(mask.sum()), "accuracy": float(correct[mask].mean())} for name, mask in groups.items()}
        for kind, groups in slices.items()
    }


def versions() -> dict:
    from importlib.metadata import version

    found = {"python": platform.python_version()}
    for package in ("noise", "scikit-learn", "numpy", "scipy", "joblib", "datasets"):
        try:
            found[package] = version(package)
        except Exception:
            found[package] = None
    return found


def _training_data(data: Sequence[Path]) -> dict[str, str]:
    """Each training file as the card shows it, with the SHA-256 of its bytes; files that would be
    shown alike (two temporary copies of one name) by their whole paths."""
    import os
    from collections import Counter

    shown = [_shown(path) for path in data]
    alike = Counter(name for name, path in dict.fromkeys(zip(shown, map(os.path.abspath, data))))
    return {
        (os.path.abspath(path) if alike[name] > 1 else name): digest for name, path, digest in zip(shown, data, file_hashes(data))
    }


def _shown(path) -> str:
    """A training file's path as the card shows it: relative to the working directory (a build
    run from the repository names ``../shared/corpus/...``, not one machine's absolute path); a
    file in the temporary directory (a build's filtered copy) by its name."""
    import os
    import tempfile

    absolute = os.path.abspath(path)
    if absolute.startswith(os.path.abspath(tempfile.gettempdir()) + os.sep) and not absolute.startswith(os.getcwd() + os.sep):
        return f"{os.path.basename(absolute)} (a filtered copy, see the held-out section)"
    return os.path.relpath(absolute)


def recorded_settings(config: TrainConfig) -> dict:
    """The training settings a model's metadata records (its card quotes them), as JSON has them.
    Second-pass weights are recorded only when there are any, so a model trained without them
    records what it did before they existed."""
    settings = {
        "folds": config.folds,
        "seed": config.seed,
        "hidden": list(config.hidden),
        "category_hidden": list(config.category_hidden),
        "trees": config.trees,
        "tree_depth": config.tree_depth,
        "tree_learning_rate": config.tree_learning_rate,
        "hashing_bits": config.hashing.bits,
        "lines_per_page": config.lines_per_page,
        "members": config.members,
        "source_weights": dict(config.source_weights),
        "category_weights": dict(config.category_weights),
        "label_policy": LABEL_POLICY,
    }
    if config.second_pass_source_weights:
        settings["second_pass_source_weights"] = dict(config.second_pass_source_weights)
    return settings


def made_from(directory: Path, data: Sequence[Path], config: TrainConfig) -> bool:
    """Whether ``directory`` holds a model that this code's recipe made with ``config`` from
    exactly the files ``data`` (same feature set, settings and data digests): a training script
    need not run again."""
    import json

    from noise.features import FEATURE_SET

    meta = Path(directory) / "metadata.json"
    if not meta.is_file():
        return False
    recorded = json.loads(meta.read_text(encoding="utf-8"))
    return (
        recorded.get("feature_set") == FEATURE_SET
        and recorded.get("config") == recorded_settings(config)
        and sorted(recorded.get("training_data", {}).values()) == sorted(_training_data(data).values())
    )


def train_command(
    data: Sequence[Path],
    out: Path,
    folds: int = 5,
    threshold: float | None = None,
    seed: int = 0,
    extra_card: str = "",
    extra_meta: dict | None = None,
    source_weights: dict[str, float] | None = None,
    category_weights: dict[str, float] | None = None,
    members: int = 1,
    second_pass_source_weights: dict[str, float] | None = None,
) -> str:
    started = time.time()
    pages = read_pages(data)
    if not pages:
        raise ValueError("no labeled pages in the given files")
    pages, headlines = restore_headlines(pages)
    config = TrainConfig(
        folds=folds,
        threshold=threshold,
        seed=seed,
        source_weights=dict(source_weights or {}),
        category_weights=dict(category_weights or {}),
        members=members,
        second_pass_source_weights=dict(second_pass_source_weights or {}),
    )
    result = train(pages, config)
    chosen = threshold if threshold is not None else choose_threshold(result, pages)
    result.model.threshold = chosen
    cv = summarise(pages, predictions_by_page(result, pages, chosen))
    category_cv = category_accuracy(result, pages)
    meta = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "threshold": chosen,
        "threshold_fixed": threshold is not None,
        "classes": ["content", "noise"],
        "categories": list(result.model.categories.names) if result.model.categories else [],
        "training_data": _training_data(data),
        "training_pages": len(pages),
        "training_lines": int(len(result.table.is_noise)),
        "headlines_relabeled": headlines,
        "config": recorded_settings(config),
        "folds_used": result.folds,
        "cross_validation": cv,
        "category_accuracy": category_cv,
        "versions": versions(),
        "training_seconds": round(time.time() - started, 1),
    }
    meta.update(extra_meta or {})
    meta["summary"] = render_summary(meta)
    directory = save_model(out, result.model, result.estimators, meta, lambda final: render_card(final, extra_card))
    categories = ""
    if category_cv:
        overall = category_cv["overall"]["all"]
        categories = f"\ncategory accuracy (out of fold, {overall['lines']} noise lines with a known category): {overall['accuracy']:.3f}"
    relabeled = f"\n{headlines} headlines trained as content (meta.title; noise/headlines.py)" if headlines else ""
    return f"{format_report(cv)}{categories}{relabeled}\n\nthreshold {chosen:.2f}; model written to {directory}"
