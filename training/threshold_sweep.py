"""What other thresholds buy on the held-out pages; one command, after ``build_default.py``:

    python training/threshold_sweep.py [--corpus ../shared/corpus] [--model training/heldout/model]

Scores build_default's held-out model (trained without the WCXB ``test`` split's publishers and
half of cwced_zh's) on the pages it never saw, at each threshold of ``THRESHOLDS``, and writes
training/heldout/threshold_sweep.json: per corpus and converter, the kept text's token F1 and the
share of content lines kept, on all pages and on WCXB's articles (their noise-line F1 too). The
README's figures for thresholds other than the model's come from this file. The threshold the
model ships with is chosen in training, never here (``noise/recipe.py``): this only shows what
``--threshold`` trades.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

from threadpoolctl import threadpool_limits  # noqa: E402

from build_default import HELDOUT_DIR, corpus_files, heldout_pages  # noqa: E402
from noise.cleaner import Cleaner  # noqa: E402
from noise.evaluation import noise_scores, summarise  # noqa: E402

THRESHOLDS = (0.7, 0.75, 0.8, 0.85, 0.9)
SWEEP = HELDOUT_DIR / "threshold_sweep.json"


def figures(metrics: dict) -> dict:
    """The few numbers a threshold trades, from one ``summarise`` result."""
    overall = metrics["overall"]["all"]
    row = {"token_f1": overall["tokens"]["f1"], "content_recall": overall["lines"]["content_recall"]}
    article = metrics.get("page_type", {}).get("article")
    if article is not None:
        row |= {
            "article_token_f1": article["tokens"]["f1"],
            "article_noise_f1": article["lines"]["noise_f1"],
            "article_content_recall": article["lines"]["content_recall"],
        }
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--model", type=Path, default=HELDOUT_DIR / "model")
    args = parser.parse_args()
    threadpool_limits(limits=1)
    cleaner = Cleaner.load(args.model)
    scored = {source: (pages, noise_scores(cleaner, pages)) for source, pages in heldout_pages(args.model, corpus_files(args.corpus)).items()}
    sweep = {"model_threshold": cleaner.threshold, "thresholds": {}}
    for threshold in THRESHOLDS:  # scored once: the scores do not depend on the threshold
        sweep["thresholds"][f"{threshold:.2f}"] = {
            source: figures(summarise(pages, [page_scores >= threshold for page_scores in scores]))
            for source, (pages, scores) in scored.items()
        }
        for source, row in sweep["thresholds"][f"{threshold:.2f}"].items():
            print(f"{threshold:.2f} {source:22} " + " ".join(f"{name} {value:.3f}" for name, value in row.items()))
    if args.model == HELDOUT_DIR / "model":
        SWEEP.write_text(json.dumps(sweep, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
