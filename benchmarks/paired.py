"""noise's speed against the C4 line rules, measured in pairs.

The main table times each system alone, one after the other, minutes apart. On a shared machine
that is not enough for a ratio: two full runs on the same day measured C4 on the same `html_text`
dump at 941 and 1,276 pages/s. Here noise and C4 take turns on the same pages in one process
pinned to one core, the order alternating from round to round, so whatever slows the machine
down slows both alike; the ratio is the median over the rounds of noise's pages/s over C4's.

Run by ``python -m benchmarks`` (``paired_ratios``); the child is ``python -m benchmarks.paired SPEC``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROUNDS = 11
#: Each timed turn runs over a corpus's pages as many times as it takes to fill this much CPU time.
MIN_TURN_S = 1.0


def paired_ratios(input_file: Path, model_dir: Path, core: int | None, env: dict, cwd: Path, rounds: int = ROUNDS) -> dict:
    """Per corpus: noise's and C4's pages/s on ``input_file`` (one converter's dump) and their ratio."""
    spec = {"input_file": str(input_file), "model_dir": str(model_dir), "core": core, "rounds": rounds}
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.paired", json.dumps(spec)], cwd=cwd, env=env, capture_output=True, text=True, timeout=1800
    )
    if completed.returncode != 0:
        raise RuntimeError(f"paired timing failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout)


def _turn(runner, chunks: list[dict]) -> float:
    """Pages per CPU second of ``runner`` over ``chunks``, repeated until ``MIN_TURN_S`` is filled."""
    pages = sum(len(chunk["inputs"]) for chunk in chunks)
    done, started = 0, time.process_time()
    while True:
        for chunk in chunks:
            runner.extract(chunk["inputs"], chunk["langs"])
        done += pages
        spent = time.process_time() - started
        if spent >= MIN_TURN_S:
            return done / spent


def run(spec: dict) -> dict:
    import os

    from benchmarks.systems import C4Lines, NoiseRunner
    from benchmarks.worker import read_chunks

    if spec.get("core") is not None:
        os.sched_setaffinity(0, {int(spec["core"])})
    by_corpus: dict[str, list[dict]] = defaultdict(list)
    for chunk in read_chunks(Path(spec["input_file"])):
        by_corpus[chunk["group"][0]].append(chunk)
    runners = {"noise": NoiseRunner.load(Path(spec["model_dir"])), "c4": C4Lines()}
    results = {}
    for corpus, chunks in by_corpus.items():
        for runner in runners.values():  # warm-up: caches and lazy imports are not throughput
            runner.extract(chunks[0]["inputs"][:1], chunks[0]["langs"][:1])
        speeds: dict[str, list[float]] = {"noise": [], "c4": []}
        for number in range(spec["rounds"]):
            order = ("c4", "noise") if number % 2 == 0 else ("noise", "c4")
            for name in order:
                speeds[name].append(_turn(runners[name], chunks))
        ratios = [noise / c4 for noise, c4 in zip(speeds["noise"], speeds["c4"])]
        results[corpus] = {
            "pages": sum(len(chunk["inputs"]) for chunk in chunks),
            "rounds": spec["rounds"],
            "noise_pages_per_s": statistics.median(speeds["noise"]),
            "c4_pages_per_s": statistics.median(speeds["c4"]),
            "ratio": statistics.median(ratios),
            "ratio_min": min(ratios),
            "ratio_max": max(ratios),
        }
    return results


def main(argv: list[str]) -> int:
    print(json.dumps(run(json.loads(argv[0]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
