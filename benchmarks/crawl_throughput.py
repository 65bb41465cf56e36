"""Crawl throughput: ``noise clean`` over a JSON Lines dump of 1 GB, on 1 and 2 workers, and its peak memory.

    python -m benchmarks.crawl_throughput               # 1 GB and 100 MB dumps: about 20 minutes on 2 cores
    python -m benchmarks.crawl_throughput --quick       # 100 MB and 20 MB, for development

The dump is generated at run time in a temporary folder by repeating the pages of the shared
corpus (``wcxb/html_text.jsonl.gz``, text = its lines joined by newlines), and deleted afterwards:
the corpus is third-party text and never committed. Each run is ``noise clean DUMP --out DIR
--workers N`` in a fresh process; memory is the peak, over the run, of the summed resident set
(RSS, and PSS, which splits pages shared between forked workers) of the whole process tree,
sampled every 200 ms. It prints MB/s and pages/s per run and the two ratios the issue sets:
2-worker over 1-worker throughput (target >= 1.7) and 1 GB over 100 MB peak memory (target <= 1.2).
The machine should be otherwise idle: other processes on the cores lower the 2-worker figure.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus" / "wcxb" / "html_text.jsonl.gz"
MB = 1_000_000


@dataclass
class Measure:
    label: str
    workers: int
    input_mb: float
    pages: int
    seconds: float
    peak_rss_mb: float
    peak_pss_mb: float
    cpu_seconds: float
    load_before: float  # the machine's 1-minute load average as the run started: others' work competes

    @property
    def mb_per_s(self) -> float:
        return self.input_mb / self.seconds

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds

    @property
    def mb_per_cpu_s(self) -> float:
        return self.input_mb / self.cpu_seconds


def corpus_pages(path: Path) -> list[str]:
    pages = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            pages.append("\n".join(json.loads(line)["lines"]))
    return pages


def write_dump(path: Path, pages: list[str], size: int) -> int:
    """Repeat ``pages`` as JSON Lines records until the file holds ``size`` bytes; returns the record count."""
    written = count = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < size:
            for page in pages:
                line = json.dumps({"id": count, "url": f"https://example.org/page/{count}", "text": page}) + "\n"
                out.write(line)
                written += len(line.encode("utf-8"))
                count += 1
                if written >= size:
                    break
    return count


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(child) for child in handle.read().split()]
    except OSError:
        pass
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB of one process; zeros if it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def tree_memory(root: int) -> tuple[int, int]:
    rss = pss = 0
    pending = [root]
    while pending:
        pid = pending.pop()
        one_rss, one_pss = _memory(pid)
        rss, pss = rss + one_rss, pss + one_pss
        pending += _children(pid)
    return rss, pss


def run_clean(dump: Path, out: Path, workers: int, label: str, pages: int) -> Measure:
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])))
    command = [sys.executable, "-c", "from noise.cli import main; main()", "clean", str(dump), "--out", str(out)]
    command += ["--workers", str(workers), "--quiet"]
    load = os.getloadavg()[0]
    before = os.times()
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE)
    peak = [0, 0]

    def sample() -> None:
        while process.poll() is None:
            rss, pss = tree_memory(process.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        _, stderr = process.communicate()
    finally:
        if process.poll() is None:  # interrupted: stop the run (it removes its temporary files)
            process.terminate()
            process.wait()
    seconds = time.perf_counter() - started
    sampler.join()
    after = os.times()
    if process.returncode != 0:
        raise SystemExit(f"noise clean failed ({process.returncode}): {stderr.decode()[-2000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return Measure(label, workers, dump.stat().st_size / MB, pages, seconds, peak[0] / 1000, peak[1] / 1000, cpu, load)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 MB and 20 MB dumps instead of 1 GB and 100 MB")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSON Lines (gzip) with a 'lines' list per page")
    parser.add_argument("--workers", default="1,2", help="worker counts for the throughput runs on the large dump")
    parser.add_argument("--json", type=Path, help="also write the measures here")
    parser.add_argument("--tmp", type=Path, help="folder for the dump (default: the system's temporary folder)")
    args = parser.parse_args(argv)
    large, small = (100 * MB, 20 * MB) if args.quick else (1000 * MB, 100 * MB)
    worker_counts = [int(n) for n in args.workers.split(",")]
    memory_workers = max(worker_counts)

    pages = corpus_pages(args.corpus)
    folder = Path(tempfile.mkdtemp(prefix="noise-crawl-bench-", dir=args.tmp))
    measures: list[Measure] = []
    try:
        for label, size in (("small", small), ("large", large)):
            dump = folder / f"{label}.jsonl"
            count = write_dump(dump, pages, size)
            runs = worker_counts if label == "large" else [memory_workers]
            for workers in runs:
                measure = run_clean(dump, folder / "out", workers, label, count)
                measures.append(measure)
                print(
                    f"{label:5} {measure.input_mb:7.0f} MB  workers={workers}  {measure.seconds:7.1f} s  "
                    f"{measure.mb_per_s:5.2f} MB/s  {measure.pages_per_s:6.1f} pages/s  "
                    f"peak RSS {measure.peak_rss_mb:6.0f} MB  PSS {measure.peak_pss_mb:6.0f} MB  "
                    f"cores used {measure.cpu_seconds / measure.seconds:4.2f}  load before {measure.load_before:4.1f}",
                    flush=True,
                )
            dump.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    by = {(m.label, m.workers): m for m in measures}
    one, most = by.get(("large", min(worker_counts))), by.get(("large", memory_workers))
    summary = {}
    if one and most and most is not one:
        summary["throughput_ratio"] = most.mb_per_s / one.mb_per_s
        summary["cpu_efficiency"] = one.cpu_seconds / most.cpu_seconds
        print(f"throughput {memory_workers} workers / {min(worker_counts)}: {summary['throughput_ratio']:.2f}x (target >= 1.7)")
        print(
            f"CPU seconds {min(worker_counts)} worker / {memory_workers}: {summary['cpu_efficiency']:.2f} "
            "(1.0: parallel work costs nothing extra; throughput scales with the cores actually free)"
        )
    small_run, large_run = by.get(("small", memory_workers)), by.get(("large", memory_workers))
    if small_run and large_run:
        summary["memory_ratio_rss"] = large_run.peak_rss_mb / small_run.peak_rss_mb
        summary["memory_ratio_pss"] = large_run.peak_pss_mb / small_run.peak_pss_mb
        print(
            f"peak memory {large_run.input_mb:.0f} MB / {small_run.input_mb:.0f} MB input: "
            f"RSS {summary['memory_ratio_rss']:.2f}x, PSS {summary['memory_ratio_pss']:.2f}x (target <= 1.2)"
        )
    if args.json:
        args.json.write_text(json.dumps({"runs": [asdict(m) | {"mb_per_s": m.mb_per_s} for m in measures], **summary}, indent=2))


if __name__ == "__main__":
    main()
