"""Time the whole "add a publisher" loop on one core, with the real commands:

    python training/time_publisher_loop.py [--work /tmp/harbourside-loop] [--pages 20] [--base default]

1. a 20-page dump of a made-up publisher (``training/publisher_dump.py``; not timed);
2. ``noise label dump --pick 3``: review files for the three pages most worth labeling;
3. the person's edits, played by ``publisher_dump.py --correct`` (true labels; not timed: it is
   the person's time);
4. ``noise train --base BASE --data reviews --out model``;
5. ``noise clean dump --group-by folder --model model`` into a folder;

each under ``taskset -c 0`` with one BLAS thread, then ``noise eval`` of the base and the adapted
model on the pages nobody labeled. Prints every command with its output and wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(command: list[str], cwd: Path, timed: bool = True) -> float:
    environment = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    prefix = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    print(f"$ {' '.join(command)}", flush=True)
    started = time.time()
    result = subprocess.run(prefix + command, cwd=cwd, env=environment, capture_output=True, text=True)
    seconds = time.time() - started
    sys.stdout.write(result.stdout)
    sys.stdout.write(result.stderr)
    if result.returncode not in (0,):
        raise SystemExit(f"failed with exit code {result.returncode}")
    if timed:
        print(f"[{seconds:.1f} s]\n", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path("/tmp/harbourside-loop"))
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--base", default="default")
    args = parser.parse_args()
    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    python = sys.executable
    noise = [python, "-m", "noise"] if not shutil.which("noise") else ["noise"]
    run([python, str(ROOT / "training" / "publisher_dump.py"), "--out", str(work), "--pages", str(args.pages)], work, timed=False)
    seconds = run(noise + ["label", "dump", "--pick", "3", "--domain", "harbourside-gazette.example"] + _model(args.base), work)
    run([python, str(ROOT / "training" / "publisher_dump.py"), "--out", str(work), "--correct", "reviews"], work, timed=False)
    seconds += run(noise + ["train", "--base", args.base, "--data", "reviews", "--out", "harbourside-model"], work)
    seconds += run(noise + ["clean", "dump", "--group-by", "folder", "--model", "harbourside-model", "--out", "cleaned", "-w", "1"], work)
    print(f"loop on one core (label, train --base, clean {args.pages} pages): {seconds:.1f} s\n")

    labeled = {Path(json.loads(line)["source"]).name for line in _reviews(work)}
    with open(work / "truth.jsonl", encoding="utf-8") as truth, open(work / "unlabeled.jsonl", "w", encoding="utf-8") as out:
        for line in truth:
            if Path(json.loads(line)["id"]).name not in labeled:
                out.write(line)
    run(noise + ["eval", "--data", "unlabeled.jsonl"] + _model(args.base), work, timed=False)
    run(noise + ["eval", "--data", "unlabeled.jsonl", "--model", "harbourside-model"], work, timed=False)


def _model(base: str) -> list[str]:
    return [] if base == "default" else ["--model", base]


def _reviews(work: Path):
    from noise.review import read

    for path in sorted((work / "reviews").rglob("*.review.txt")):
        yield json.dumps({"source": read(path).source})


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
