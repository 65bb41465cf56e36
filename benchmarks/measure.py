"""The parent side of a run: write each input kind once, start one pinned worker per system.

Systems run one after the other, never side by side, each in a fresh ``python -m
benchmarks.worker`` child pinned to the same core, so they compete with nothing of ours.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.pages import REPO_ROOT, BenchPage
from benchmarks.systems import HTML, System
from benchmarks.worker import BASELINE, read_chunks
from noise.batch import PAGES_PER_BATCH

log = logging.getLogger(__name__)

CHUNK_PAGES = PAGES_PER_BATCH  # as many pages per clean_batch call as `noise clean` hands the model
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
WORKER_TIMEOUT_S = 1800


def pick_core() -> int:
    """The last core this process may use; every worker is pinned to it."""
    return max(os.sched_getaffinity(0))


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({variable: "1" for variable in THREAD_VARIABLES})
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def input_key(system: System) -> str:
    return HTML if system.input == HTML else f"text-{system.converter}"


def write_inputs(pages: list[BenchPage], key: str, path: Path, chunk_pages: int = CHUNK_PAGES) -> Path:
    """Chunks of inputs, each from one corpus and page type, so speed can be told per group.

    HTML is gzip-decompressed and decoded as UTF-8 here, once, before any timer starts.
    """
    by_group: dict[tuple, list[BenchPage]] = defaultdict(list)
    for page in pages:
        by_group[page.group].append(page)
    with open(path, "wb") as handle:
        for group, members in by_group.items():
            for start in range(0, len(members), chunk_pages):
                chunk = members[start : start + chunk_pages]
                if key == HTML:
                    inputs = [page.html_bytes().decode("utf-8", errors="replace") for page in chunk]
                else:
                    converter = key.removeprefix("text-")
                    inputs = [page.dumps[converter].text for page in chunk]
                pickle.dump(
                    {
                        "group": group,
                        "ids": [page.id for page in chunk],
                        "inputs": inputs,
                        "langs": [page.lang for page in chunk],
                    },
                    handle,
                )
    return path


@dataclass
class SystemRun:
    """What one worker produced: outputs per page, timings per group, and its summary."""

    system: str
    summary: dict
    outputs: dict[str, str] = field(default_factory=dict)
    line_noise: dict[str, list] = field(default_factory=dict)
    group_cpu_s: dict[tuple, float] = field(default_factory=dict)
    group_wall_s: dict[tuple, float] = field(default_factory=dict)
    group_errors: dict[tuple, int] = field(default_factory=dict)


def run_worker(spec: dict, timeout: float = WORKER_TIMEOUT_S) -> SystemRun:
    output = Path(spec["output"])
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.worker", json.dumps(spec)],
        cwd=REPO_ROOT,
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=timeout,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"worker for {spec['system']} failed:\n{completed.stderr[-3000:]}")
    run = SystemRun(spec["system"], summary={})
    for record in read_chunks(output):
        if "summary" in record:
            run.summary = record["summary"]
            continue
        group = tuple(record["group"])
        run.group_cpu_s[group] = run.group_cpu_s.get(group, 0.0) + record["cpu_s"]
        run.group_wall_s[group] = run.group_wall_s.get(group, 0.0) + record["wall_s"]
        run.group_errors[group] = run.group_errors.get(group, 0) + record["errors"]
        for index, page_id in enumerate(record["ids"]):
            run.outputs[page_id] = record["outputs"][index]
            if record["line_noise"] is not None:
                run.line_noise[page_id] = record["line_noise"][index]
    output.unlink()
    run.summary["process_wall_s"] = time.perf_counter() - started
    return run


def run_system(system: System, input_file: Path, workdir: Path, core: int | None, model_dir: Path | None) -> SystemRun:
    spec = {
        "system": system.name,
        "base": system.base,
        "input": system.input,
        "converter": system.converter,
        "input_file": str(input_file),
        "output": str(workdir / f"out-{system.name}.pkl"),
        "core": core,
        "model_dir": str(model_dir) if model_dir else None,
    }
    return run_worker(spec)


def run_baseline(input_file: Path, workdir: Path, core: int | None, label: str) -> dict:
    """Peak RSS of a worker that reads the same inputs and runs nothing."""
    spec = {
        "system": BASELINE,
        "input_file": str(input_file),
        "output": str(workdir / f"out-baseline-{label}.pkl"),
        "core": core,
        "line_scores": False,
    }
    return run_worker(spec).summary


def noise_command() -> list[str]:
    """The ``noise`` console script next to this interpreter, else ``python -m noise``."""
    script = Path(sys.executable).with_name("noise")
    if script.exists():
        return [str(script)]
    found = shutil.which("noise")
    return [found] if found else [sys.executable, "-m", "noise"]


def time_cli_clean(seed: Path, model_dir: Path, core: int | None, repeats: int = 5) -> dict:
    """Wall time of ``noise clean SEED`` as a fresh process, process start included."""
    env = child_env()
    env["NOISE_MODEL"] = str(model_dir)
    command = [*noise_command(), "clean", str(seed)]
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        completed = subprocess.run(
            command,
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            preexec_fn=(lambda: os.sched_setaffinity(0, {core})) if core is not None else None,
        )
        times.append(time.perf_counter() - started)
        if completed.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{completed.stderr[-2000:]}")
    return {
        "command": " ".join(["noise", "clean", seed.name]),
        "seed": seed.name,
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
        "repeats": repeats,
    }
