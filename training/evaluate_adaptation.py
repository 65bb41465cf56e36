"""Does adding a publisher work? The per-publisher table behind docs/adding-a-publisher.md:

    python training/evaluate_adaptation.py --corpus ../shared/corpus --work /tmp/noise-adapt

For every held-out publisher (see ``training/adaptation_data.py``: WCXB publishers with at least
five pages and the project corpus's held-out publishers with at least five pages; each WCXB
converter's dump counted as its own run), the loop a user runs:

1. ``noise label --pick 3`` chooses three pages of the publisher's dump (the base model's view
   only: no labels are looked at);
2. their true labels stand in for the person's corrections, and ``noise train --base`` fits the
   publisher layer on them;
3. the publisher's *other* pages are scored by the base model, with publisher memory alone
   (``--group-by``, over the whole dump), by the adapted model, and by both;
4. the regression set shipped in the package is scored by the base and the adapted model.

Line metrics pool a publisher's runs. ``--grid`` instead scores a grid of settings on the tuning
publishers (three or four pages), which is how ``AdaptConfig`` and ``Memory`` were chosen.
The base model is trained once (``noise train``'s recipe, cached in the work folder).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT))

import adaptation_data  # noqa: E402

from noise.adapt import AdaptConfig, adapted_logit, fit_adapter, regression_pages, score_base  # noqa: E402
from noise.cleaner import Cleaner  # noqa: E402
from noise.dump import DumpPage  # noqa: E402
from noise.memory import Memory  # noqa: E402
from noise.metrics import line_scores  # noqa: E402
from noise.pick import pick_pages  # noqa: E402

LABELED = 3
BASE_FOLDS = 3


def base_model(work: Path, corpus: Path, wcxb_pages: int) -> Path:
    """The base model in ``work/base``, trained unless one made by today's recipe from today's data
    is there (same feature set, training settings and data digests: a stale cache is retrained)."""
    from noise.recipe import made_from, train_command
    from noise.training import TrainConfig

    directory = work / "base"
    files = adaptation_data.write_base_training_data(corpus, work, wcxb_pages)
    if not made_from(directory, files, TrainConfig(folds=BASE_FOLDS)):
        print(train_command(files, directory, folds=BASE_FOLDS), file=sys.stderr)
    return directory


@dataclass
class Run:
    """One dump of one publisher: base scores of all its lines, and which pages are labeled."""

    publisher: str
    converter: str
    scores: object  # noise.adapt.BaseScores
    labeled: np.ndarray  # page indices
    pages: int
    pick_seconds: float

    @property
    def other_rows(self) -> np.ndarray:
        return np.flatnonzero(~np.isin(self.scores.page, self.labeled))

    @property
    def labeled_rows(self) -> np.ndarray:
        return np.flatnonzero(np.isin(self.scores.page, self.labeled))


def make_runs(cleaner: Cleaner, publishers: dict, roles: dict, role: str, choose: str) -> list[Run]:
    runs = []
    for name in sorted(publishers):
        if roles.get(name) != role and role != "all":
            continue
        for converter, pages in sorted(publishers[name].items()):
            if len(pages) <= LABELED:
                continue
            started = time.time()
            if choose == "pick":
                dump = [DumpPage(page.id, page.text, page.domain, page.lang, None) for page in pages]
                chosen = [dump.index(choice.page) for choice in pick_pages(cleaner, dump, LABELED)]
            else:
                chosen = list(range(LABELED))
            seconds = time.time() - started
            runs.append(Run(name, converter, score_base(cleaner.model, pages), np.array(sorted(chosen)), len(pages), seconds))
    return runs


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def evaluate(run: Run, config: AdaptConfig, memory: Memory, threshold: float) -> dict:
    """Predictions on the run's other pages under the four set-ups, and the layer."""
    scores = run.scores
    adapter = fit_adapter(scores, config, run.labeled_rows)
    after = adapted_logit(adapter, scores)
    dropped_own_content = int((~scores.is_noise[run.labeled_rows] & (after[run.labeled_rows] >= np.log(threshold / (1 - threshold)))).sum())
    assert dropped_own_content == 0, f"{run.publisher}: adapted model drops {dropped_own_content} labeled content lines"
    base_p, after_p = _sigmoid(scores.logit), _sigmoid(after)
    memory_p = memory.revise(base_p, scores.lines, scores.page)
    both_p = memory.revise(after_p, scores.lines, scores.page, adapter.protected(scores.lines))
    rows = run.other_rows
    truth = scores.is_noise[rows]
    return {
        "truth": truth,
        "base": base_p[rows] >= threshold,
        "memory": memory_p[rows] >= threshold,
        "adapted": after_p[rows] >= threshold,
        "both": both_p[rows] >= threshold,
        "adapter": adapter,
    }


def _metrics(truth: np.ndarray, predicted: np.ndarray) -> dict:
    return line_scores(truth.tolist(), predicted.tolist()).as_dict()


def regression(reg_scores, adapter, threshold: float) -> float:
    after = adapted_logit(adapter, reg_scores) >= np.log(threshold / (1 - threshold))
    return _metrics(reg_scores.is_noise, after)["noise_f1"]


SETUPS = ("base", "memory", "adapted", "both")


def table(runs: list[Run], config: AdaptConfig, memory: Memory, threshold: float, reg_scores) -> tuple[str, dict]:
    reg_base = _metrics(reg_scores.is_noise, reg_scores.predicted())["noise_f1"]
    by_publisher: dict[str, dict] = {}
    for run in runs:
        result = evaluate(run, config, memory, threshold)
        entry = by_publisher.setdefault(run.publisher, {"truth": [], **{s: [] for s in SETUPS}, "runs": 0, "pages": run.pages, "reg": []})
        entry["truth"].append(result["truth"])
        for setup in SETUPS:
            entry[setup].append(result[setup])
        entry["runs"] += 1
        entry["reg"].append(regression(reg_scores, result["adapter"], threshold) - reg_base)
    header = (
        "| publisher | runs | pages | other-page lines | noise F1 base | memory | adapted | adapted + memory "
        "| content R base | memory | adapted | adapted + memory | regression ΔF1 |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    rows, summary = [header], {s: {"f1": [], "content": []} for s in SETUPS}
    summary["reg"] = []
    for name, entry in sorted(by_publisher.items()):
        truth = np.concatenate(entry["truth"])
        metrics = {s: _metrics(truth, np.concatenate(entry[s])) for s in SETUPS}
        for s in SETUPS:
            summary[s]["f1"].append(metrics[s]["noise_f1"])
            summary[s]["content"].append(metrics[s]["content_recall"])
        summary["reg"].extend(entry["reg"])
        f1 = " | ".join(f"{metrics[s]['noise_f1']:.3f}" for s in SETUPS)
        content = " | ".join(f"{metrics[s]['content_recall']:.3f}" for s in SETUPS)
        rows.append(
            f"| {name} | {entry['runs']} | {entry['pages']} | {len(truth)} | {f1} | {content} | {min(entry['reg']) * 100:+.2f} |"
        )
    means_f1 = " | ".join(f"{np.mean(summary[s]['f1']):.3f}" for s in SETUPS)
    means_content = " | ".join(f"{np.mean(summary[s]['content']):.3f}" for s in SETUPS)
    rows.append(f"| **mean of publishers** | | | | {means_f1} | {means_content} | {min(summary['reg']) * 100:+.2f} |")
    return "\n".join(rows), summary


def headline(summary: dict) -> str:
    base_f1, adapted_f1 = np.array(summary["base"]["f1"]), np.array(summary["adapted"]["f1"])
    memory_f1 = np.array(summary["memory"]["f1"])
    adapted_content = np.array(summary["adapted"]["content"])
    base_content, memory_content = np.array(summary["base"]["content"]), np.array(summary["memory"]["content"])
    n = len(base_f1)
    return "\n".join(
        [
            f"publishers: {n}",
            f"adapted (3 labeled pages): noise F1 {base_f1.mean():.3f} -> {adapted_f1.mean():.3f}; higher on "
            f"{int((adapted_f1 > base_f1 + 1e-9).sum())}, lower on {int((adapted_f1 < base_f1 - 1e-9).sum())}; "
            f"content recall >= 0.98 on {int((adapted_content >= 0.98).sum())} (base: {int((base_content >= 0.98).sum())})",
            f"memory alone: noise F1 {base_f1.mean():.3f} -> {memory_f1.mean():.3f}; higher on "
            f"{int((memory_f1 > base_f1 + 1e-9).sum())}, lower on {int((memory_f1 < base_f1 - 1e-9).sum())}; content recall "
            f"lower on {int((memory_content < base_content - 1e-9).sum())} (mean {base_content.mean():.4f} -> {memory_content.mean():.4f})",
            f"regression set: worst change of noise F1 over all runs {min(summary['reg']) * 100:+.2f} points; "
            f"within 1 point on {sum(change >= -0.01 for change in summary['reg'])} of {len(summary['reg'])} runs",
        ]
    )


def grid(runs, threshold, reg_scores) -> None:
    configs = [AdaptConfig(l2=l2, content_weight=w) for l2, w in itertools.product((0.3, 1.0, 3.0), (1.0, 2.0, 4.0))]
    for config in configs:
        _, summary = table(runs, config, Memory(), threshold, reg_scores)
        print(f"{config}:")
        print("  " + headline(summary).replace("\n", "\n  "))
    memories = [
        Memory(boost=boost, full_at=full_at, spare_below=spare)
        for boost, full_at, spare in itertools.product((1.5, 3.0, 5.0), (2, 3, 5), (0.0, 0.02, 0.1))
    ]
    for memory in memories:
        _, summary = table(runs, AdaptConfig(), memory, threshold, reg_scores)
        print(f"{memory}:")
        print("  " + headline(summary).replace("\n", "\n  "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--work", type=Path, default=Path("/tmp/noise-adapt"))
    parser.add_argument("--base", type=Path, help="base model directory (default: train one into WORK/base)")
    parser.add_argument("--wcxb-pages", type=int, default=600, help="WCXB pages in the base model's training data")
    parser.add_argument("--set", choices=("test", "tune", "all"), default="test")
    parser.add_argument("--choose", choices=("pick", "first"), default="pick", help="which pages are labeled")
    parser.add_argument("--grid", action="store_true", help="score a grid of settings (use with --set tune)")
    parser.add_argument("--all-pages", action="store_true", help="layers apply to every page (noise train --base --all-pages)")
    args = parser.parse_args()

    base = args.base or base_model(args.work, args.corpus, args.wcxb_pages)
    cleaner = Cleaner.load(base)
    threshold = cleaner.threshold
    started = time.time()
    publishers = adaptation_data.publisher_pages(args.corpus)
    roles = adaptation_data.held_out_publishers(adaptation_data.wcxb_records(args.corpus))
    runs = make_runs(cleaner, publishers, roles, args.set, args.choose)
    reg_scores = score_base(cleaner.model, regression_pages())
    print(f"{len(runs)} runs of {len({run.publisher for run in runs})} publishers scored in {time.time() - started:.0f} s", file=sys.stderr)
    if args.grid:
        grid(runs, threshold, reg_scores)
        return
    text, summary = table(runs, AdaptConfig(scoped=not args.all_pages), Memory(), threshold, reg_scores)
    print(text)
    print()
    print(headline(summary))


if __name__ == "__main__":
    main()
