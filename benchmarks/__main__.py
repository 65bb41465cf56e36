"""``python -m benchmarks``: run every system on the pages with HTML, print and write the results.

A full run writes ``benchmarks/results/latest.{md,json}`` and ``f1_vs_speed.png`` and rewrites the
marked results region of ``README.md`` and ``benchmarks/README.md``; ``--quick`` writes the same
files under ``benchmarks/results/tmp/quick/`` and touches no README. The table goes to stdout,
progress to stderr.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import importlib.util
import json
import logging
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import measure, noise_model, readme, report
from benchmarks.pages import DEFAULT_CORPUS_ROOT, REFERENCE_CONVERTER, REPO_ROOT, load_pages
from benchmarks.peers import PEERS
from benchmarks.plot import plot
from benchmarks.scoring import page_f1, score
from benchmarks.paired import paired_ratios
from benchmarks.systems import C4, HTML, NOISE, select

log = logging.getLogger("benchmarks")

RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"
QUICK_PER_GROUP = 5
SEED_DIRS = (REPO_ROOT / "seeds", REPO_ROOT.parent / "shared" / "seeds")
VERSIONED = ("noise", "trafilatura", "readability-lxml", "jusText", "boilerpy3", "Resiliparse", "goose3", "jieba", "lxml", "scikit-learn", "numpy")
COMMAND = "python -m benchmarks"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=f"only {QUICK_PER_GROUP} pages per corpus and page type, results under results/tmp/quick")
    parser.add_argument("--systems", help="comma list of systems or bases (noise, trafilatura, c4, c4[html_text], ...); default all but c4-page")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite the README results regions")
    parser.add_argument("--retrain", action="store_true", help="retrain noise's benchmark model even if a cached one loads")
    parser.add_argument("--train-pages", type=int, default=noise_model.TRAIN_PAGES or 0, help="WCXB pages in noise's training sample, one converter each (0: every record of every converter; hours)")
    parser.add_argument("--train-folds", type=int, default=noise_model.TRAIN_FOLDS, help="cross-fitting folds for noise train")
    parser.add_argument(
        "--model",
        type=Path,
        help="noise model directory to benchmark instead of training one (default: training/heldout/model when it exists, "
        "the held-out model of training/build_default.py)",
    )
    parser.add_argument("--profile", action="store_true", help="also profile noise's batch cleaning into results/profile.txt")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS_ROOT, help="the shared corpus root (default ../shared/corpus)")
    return parser.parse_args(argv)


def versions() -> dict[str, str | None]:
    found = {}
    for name in VERSIONED:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def noise_available() -> str | None:
    """None when noise's Cleaner can be benchmarked, else why not."""
    if importlib.util.find_spec("noise.cleaner") is None:
        return "noise/cleaner.py does not exist yet"
    try:
        from noise import Cleaner  # noqa: F401
    except ImportError as error:
        return f"noise.Cleaner cannot be imported: {error}"
    return None


def find_seed() -> Path | None:
    for directory in SEED_DIRS:
        seeds = sorted(directory.glob("*.txt"))
        if seeds:
            return seeds[0]
    return None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S", stream=sys.stderr)
    started = time.perf_counter()
    notes: list[str] = []

    systems = select(args.systems)
    default_run = not args.systems and not args.quick
    for system in list(systems):
        if system.input == HTML and not PEERS[system.base].installed():
            notes.append(f"{system.name} skipped: {PEERS[system.base].package} is not installed (pip install '.[bench]')")
            systems.remove(system)
    model = None
    if any(system.base == NOISE for system in systems):
        missing = noise_available()
        if missing:
            notes.append(f"noise not measured: {missing}")
            systems = [system for system in systems if system.base != NOISE]
        else:
            given = args.model or (noise_model.HELDOUT_MODEL if noise_model.HELDOUT_MODEL.is_dir() and not args.retrain else None)
            if given is not None:
                model = noise_model.given_model(given, args.corpus)
            else:
                max_pages = args.train_pages if args.train_pages > 0 else None
                model = noise_model.ensure_model(args.corpus, retrain=args.retrain, max_pages=max_pages, folds=args.train_folds)

    pages = load_pages(args.corpus, QUICK_PER_GROUP if args.quick else None, model.scored_publishers if model else None)
    log.info("%d pages, %d systems", len(pages), len(systems))
    out_dir = RESULTS_DIR / "tmp" / "quick" if args.quick else RESULTS_DIR
    workdir = RESULTS_DIR / "tmp" / f"run-{int(time.time())}"
    workdir.mkdir(parents=True, exist_ok=True)
    core = measure.pick_core()

    inputs: dict[str, Path] = {}
    for system in systems:
        key = measure.input_key(system)
        if key not in inputs:
            inputs[key] = measure.write_inputs(pages, key, workdir / f"in-{key}.pkl")

    baselines = {}
    for key in sorted(inputs):
        baselines[key] = measure.run_baseline(inputs[key], workdir, core, key)["peak_mb"]
    rows: list[dict] = []
    summaries: dict[str, dict] = {}
    per_page: dict[str, dict[str, float]] = {}
    noise_model_dir = model.directory if model else None
    last_noise = max((i for i, s in enumerate(systems) if s.base == NOISE), default=None)
    cli = None
    for position, system in enumerate(systems):
        log.info("running %s", system.name)
        run = measure.run_system(system, inputs[measure.input_key(system)], workdir, core, noise_model_dir)
        summaries[system.name] = run.summary
        rows.extend(row.as_dict() for row in score(system, run, pages))
        per_page[system.name] = page_f1(run, pages)
        log.info("  %s: %.1f s of CPU in extraction, peak %.0f MB, %d errors", system.name, run.summary["cpu_s"], run.summary["peak_mb"], run.summary["errors"])
        if run.summary.get("misaligned_pages"):
            notes.append(f"{system.name}: line results did not line up with the dump's lines on {run.summary['misaligned_pages']} pages")
        if position == last_noise and noise_model_dir is not None:
            # Right after noise's own workers, so both measure the same code.
            seed = find_seed()
            if seed is not None:
                try:
                    cli = measure.time_cli_clean(seed, noise_model_dir, core)
                except (RuntimeError, OSError, subprocess.SubprocessError) as error:
                    notes.append(f"`noise clean` could not be timed: {str(error).strip()}")

    noise_load_s = None
    noise_summaries = [summaries[s.name] for s in systems if s.base == NOISE]
    if noise_summaries:
        noise_load_s = max(summary["load_s"] for summary in noise_summaries)
    paired = measure_pairs(systems, inputs, noise_model_dir, core, notes)
    found = report.ratios(rows, noise_load_s, cli["median_s"] if cli else None, paired)

    notes.extend(run_notes(pages, systems, baselines, core, model, cli, args.quick))
    text = report.render(rows, found, notes)
    elapsed = time.perf_counter() - started
    header = f"## Benchmark results\n\n`{COMMAND}` on {datetime.date.today().isoformat()}, {elapsed / 60:.0f} min wall time{' (--quick sample)' if args.quick else ''}.\n"
    print(header + "\n" + text)

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "latest.md").write_text(header + "\n" + text, encoding="utf-8")
    results = {
        "run": {
            "command": COMMAND + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip(),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "wall_s": elapsed,
            "quick": args.quick,
            "pages": {corpus: sum(1 for p in pages if p.corpus == corpus) for corpus in report.corpora(rows) or []},
            "core": core,
            "cpu": cpu_name(),
            "python": platform.python_version(),
            "versions": versions(),
            "baseline_peak_mb": baselines,
            "model": model.as_dict() if model else None,
            "noise_model_load_s": noise_load_s,
            "noise_clean_one_page": cli,
            "paired_speed_vs_c4": paired,
            "workers": summaries,
        },
        "rows": rows,
        "ratios": [ratio.as_dict() for ratio in found],
        "notes": notes,
        "page_f1": per_page,
    }
    (out_dir / "latest.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    picture = plot(rows, out_dir / "f1_vs_speed.png")
    log.info("wrote %s, latest.json, %s", out_dir / "latest.md", picture.name)
    shutil.rmtree(workdir, ignore_errors=True)

    if default_run and not args.no_readme:
        update_readmes(rows, found, header)
    if args.profile and model is not None:
        # In its own process, like every measured system, so the parent's memory plays no part.
        profile_args = ["--model", str(model.directory), "--corpus", str(args.corpus)]
        profiled = subprocess.run([sys.executable, "-m", "benchmarks.profile_noise", *profile_args], cwd=REPO_ROOT, env=measure.child_env())
        if profiled.returncode != 0:
            log.warning("profiling noise failed (exit %d); the results above stand", profiled.returncode)
    return 0


def measure_pairs(systems, inputs: dict[str, Path], model_dir: Path | None, core: int | None, notes: list[str]) -> dict:
    """noise against C4 in pairs (``benchmarks.paired``), for every converter both ran on."""
    names = {system.name for system in systems}
    paired: dict[str, dict] = {}
    for system in systems:
        if system.base != NOISE or model_dir is None or f"{C4}[{system.converter}]" not in names:
            continue
        log.info("timing %s against %s[%s] in pairs", system.name, C4, system.converter)
        try:
            paired[system.converter] = paired_ratios(inputs[measure.input_key(system)], model_dir, core, measure.child_env(), REPO_ROOT)
        except (RuntimeError, OSError, subprocess.SubprocessError) as error:
            notes.append(f"{system.name} could not be timed against C4 in pairs: {str(error).strip()}")
    for converter, corpora in sorted(paired.items()):
        for corpus, pair in corpora.items():
            notes.append(
                f"noise[{converter}] against c4[{converter}] on {corpus}, in pairs ({pair['rounds']} alternating rounds in one process on one core): "
                f"{pair['noise_pages_per_s']:,.0f} against {pair['c4_pages_per_s']:,.0f} pages/s, ratio {pair['ratio']:.3f} "
                f"(rounds {pair['ratio_min']:.3f}-{pair['ratio_max']:.3f}); the target is judged on this ratio, not on the two rows above, which were timed minutes apart."
            )
    return paired


def run_notes(pages, systems, baselines, core, model, cli, quick) -> list[str]:
    notes = [
        f"Speed: pages (lines) per second of CPU time spent in extraction, each system alone in a fresh process pinned to core {core} "
        f"({cpu_name()}), OMP/OpenBLAS/MKL threads 1; lines are those of the system's own raw dump, or of the `{REFERENCE_CONVERTER}` dump of the same page for HTML tools. "
        "latest.json also has wall-clock pages/s.",
        f"peak MB: the worker process's peak resident memory, VmHWM (interpreter, tool, one chunk of {measure.CHUNK_PAGES} inputs and outputs; not ru_maxrss, which a fork+exec child inherits from its parent); "
        + ", ".join(f"a worker that only reads the {key} inputs peaks at {mb:.0f} MB" for key, mb in sorted(baselines.items()))
        + ".",
        "import s: importing the tool's modules in a fresh process; load s: building the extractor after import (for noise: `Cleaner.load` of the model).",
        "Token P/R/F1: article-extraction-benchmark shingle scores (noise.metrics); page-mean F1 averages each page's own F1 (empty output scores 0). "
        "Line scores (noise is the positive class, blank lines left out) exist only for systems that keep or drop the dump's lines.",
    ]
    if model is not None and model.given:
        notes.append(
            f"noise model: {model.directory.relative_to(REPO_ROOT) if model.directory.is_relative_to(REPO_ROOT) else model.directory}, "
            f"trained by training/build_default.py's recipe on {model.training_records} pages without the WCXB test split, "
            f"the publishers of those pages and half of cwced_zh's publishers ({model.excluded_domains} publishers; model sha256 {model.key}…). "
            "Every system is scored on the WCXB test pages and the cwced_zh pages of the held-out half only, so every page and publisher noise is scored on is unseen."
        )
    elif model is not None:
        notes.append(
            f"noise model: `noise train --folds {model.folds}` on {model.training_records} corpus records whose domains are none of the {model.excluded_domains} evaluated domains"
            f" ({f'a fixed sample of {model.max_pages} WCXB pages, one converter each' if model.max_pages else 'every record of every converter'})"
            f"{' (plus training/project_corpus)' if model.project_corpus else ''}; noise {model.noise_version}, cache key {model.key}"
            f"{f', trained in {model.train_s:.0f} s' if model.train_s else ''} at commit {model.trained_at_commit}. No cwced_zh page is in its training data: all 67 are evaluated."
        )
        if model.code_moved_on:
            notes.append("noise's source files have changed since this cached model was trained; `--retrain` trains it anew.")
    if cli:
        notes.append(f"`{cli['command']}` as a fresh process, start included: median {cli['median_s']:.2f} s of {cli['repeats']} (min {cli['min_s']:.2f} s).")
    if quick:
        notes.append(f"--quick: {QUICK_PER_GROUP} pages per corpus and page type; numbers are for development only.")
    return notes


def update_readmes(rows: list[dict], found, header: str) -> None:
    main_rows = [row for row in rows if row["page_type"] == report.ALL_TYPES]
    for path, results in ((REPO_ROOT / "README.md", "benchmarks/results"), (REPO_ROOT / "benchmarks" / "README.md", "results")):
        body = "\n".join(
            [
                header,
                report.render(main_rows, found, [], page_type_tables=False),
                f"![token F1 against pages/s, one point per system]({results}/f1_vs_speed.png)",
                "",
                f"Per page type, notes and run details: [{results}/latest.md]({results}/latest.md).",
            ]
        )
        if readme.update(path, body):
            log.info("rewrote the results region of %s", path.relative_to(REPO_ROOT))


if __name__ == "__main__":
    sys.exit(main())
