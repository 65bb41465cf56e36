"""What the bundled model's publisher layer costs in speed: ``python -m benchmarks.layer_cost``.

The bundled model (models/default) is the held-out recipe trained on every page plus a publisher
layer fitted on the two seeds, which matches every line against the lines the seeds labeled. This
cleans the WCXB ``test`` pages' dumps (one converter, batches as the benchmark's) with the bundled
model and with the held-out model (training/heldout/model, no layer), in alternating rounds in one
process pinned to one core, and prints each model's median pages per second of CPU time and their
ratio; it writes them to ``benchmarks/results/layer_cost.json``.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from benchmarks.measure import CHUNK_PAGES, pick_core  # noqa: E402
from benchmarks.pages import CONVERTERS, DEFAULT_CORPUS_ROOT, REFERENCE_CONVERTER, REPO_ROOT, load_pages  # noqa: E402

RESULT = REPO_ROOT / "benchmarks" / "results" / "layer_cost.json"
MODELS = {"bundled": REPO_ROOT / "models" / "default", "held-out": REPO_ROOT / "training" / "heldout" / "model"}


def pages_per_second(cleaner, texts: list[str]) -> float:
    started = time.process_time()
    for start in range(0, len(texts), CHUNK_PAGES):
        cleaner.clean_batch(texts[start : start + CHUNK_PAGES])
    return len(texts) / (time.process_time() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.layer_cost", description=__doc__)
    parser.add_argument("--converter", choices=CONVERTERS, default=REFERENCE_CONVERTER)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS_ROOT)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args(argv)
    from noise import Cleaner

    os.sched_setaffinity(0, {pick_core()})
    texts = [page.dumps[args.converter].text for page in load_pages(args.corpus) if page.corpus == "wcxb-test"]
    cleaners = {name: Cleaner.load(path) for name, path in MODELS.items()}
    for cleaner in cleaners.values():
        cleaner.clean_batch(texts[:1])  # warm-up
    speeds: dict[str, list[float]] = {name: [] for name in cleaners}
    for _ in range(args.rounds):
        for name, cleaner in cleaners.items():
            speeds[name].append(pages_per_second(cleaner, texts))
    medians = {name: statistics.median(values) for name, values in speeds.items()}
    result = {
        "pages": len(texts),
        "converter": args.converter,
        "rounds": args.rounds,
        "pages_per_cpu_second": medians,
        "bundled_over_held_out": medians["bundled"] / medians["held-out"],
        "date": time.strftime("%Y-%m-%d"),
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"{len(texts)} WCXB test pages ({args.converter}), medians of {args.rounds} alternating rounds, one core: "
        f"bundled {medians['bundled']:.0f} pages/s, held-out {medians['held-out']:.0f} pages/s, "
        f"ratio {result['bundled_over_held_out']:.2f}",
        file=sys.stdout,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
