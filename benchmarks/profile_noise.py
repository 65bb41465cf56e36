"""Profile noise's batch cleaning with pyinstrument: ``python -m benchmarks.profile_noise``.

Cleans the evaluated pages' raw dumps (one converter, WCXB ``test`` by default) with the
benchmark's model, in batches as the benchmark does, pinned to one core, and writes pyinstrument's
call tree to ``benchmarks/results/profile.txt`` so the hot path can be read.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from benchmarks.measure import CHUNK_PAGES  # noqa: E402
from benchmarks.pages import CONVERTERS, DEFAULT_CORPUS_ROOT, REFERENCE_CONVERTER, REPO_ROOT, BenchPage, load_pages  # noqa: E402

log = logging.getLogger("benchmarks.profile_noise")

PROFILE_PATH = REPO_ROOT / "benchmarks" / "results" / "profile.txt"


def profile(model_dir: Path, pages: list[BenchPage], converter: str = REFERENCE_CONVERTER, path: Path = PROFILE_PATH) -> Path:
    """Profile ``clean_batch`` over ``pages``' ``converter`` dumps; write the report to ``path``."""
    from pyinstrument import Profiler

    from noise import Cleaner

    os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
    load0 = time.perf_counter()
    cleaner = Cleaner.load(model_dir)
    load_s = time.perf_counter() - load0
    texts = [page.dumps[converter].text for page in pages]
    lines = sum(len(page.dumps[converter].lines) for page in pages)
    cleaner.clean_batch(texts[:1])  # warm-up, as in the benchmark
    profiler = Profiler(interval=0.0005)
    started = time.process_time()
    profiler.start()
    for start in range(0, len(texts), CHUNK_PAGES):
        cleaner.clean_batch(texts[start : start + CHUNK_PAGES])
    profiler.stop()
    cpu_s = time.process_time() - started
    header = (
        f"noise clean_batch over {len(texts)} pages ({lines:,} lines) of the {converter} dump, "
        f"batches of {CHUNK_PAGES}, one core, under pyinstrument: {cpu_s:.2f} s CPU "
        f"({len(texts) / cpu_s:.0f} pages/s, {lines / cpu_s:,.0f} lines/s with profiler overhead); "
        f"Cleaner.load {load_s:.3f} s.\n\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_noise", description=__doc__)
    parser.add_argument("--converter", choices=CONVERTERS, default=REFERENCE_CONVERTER)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS_ROOT)
    parser.add_argument("--model", type=Path, help="a model directory (default: the benchmark's: training/heldout/model, else its cached model)")
    parser.add_argument("--all-corpora", action="store_true", help="also profile cwced_zh pages (default: WCXB test only)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S", stream=sys.stderr)
    if args.model is None:  # the model `python -m benchmarks` measures, chosen the same way
        from benchmarks.noise_model import HELDOUT_MODEL, ensure_model

        args.model = HELDOUT_MODEL if HELDOUT_MODEL.is_dir() else ensure_model(args.corpus).directory
    pages = load_pages(args.corpus)
    if not args.all_corpora:
        pages = [page for page in pages if page.corpus == "wcxb-test"]
    path = profile(args.model, pages, args.converter)
    log.info("wrote %s", path.relative_to(REPO_ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
