"""The child process that runs one system: ``python -m benchmarks.worker SPEC_JSON``.

It pins itself to one core, refuses network connections, times the system's imports and setup,
then reads its inputs chunk by chunk (before each chunk's timer starts), times only the
extraction of the chunk, and streams the outputs to a file, so neither the inputs nor the outputs
of the whole corpus stay in memory and the peak RSS is the tool's plus one chunk's. A
``"baseline"`` spec does everything but load and run a system: its peak RSS is the interpreter's
and the harness's own.

Input file: a pickle stream of chunks ``{"group", "ids", "inputs", "langs"}``. Output file: a
pickle stream of ``{"group", "ids", "outputs", "line_noise", "cpu_s", "wall_s", "errors"}`` and a final
``{"summary": {...}}``.
"""

from __future__ import annotations

import os

# Before any numerical library is imported: one thread, whatever BLAS the tool brings.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import importlib  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import pickle  # noqa: E402
import resource  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Iterator  # noqa: E402

BASELINE = "baseline"
#: A chunk extracted faster than this is timed again (up to MAX_REPEATS more passes).
MIN_CHUNK_S = 0.2
MAX_REPEATS = 50


class NetworkDisabled(OSError):
    pass


def disable_network() -> None:
    """Every tool runs offline: any attempt to connect or resolve a name raises."""

    def refuse(*args, **kwargs):
        raise NetworkDisabled("network access is disabled in benchmark workers")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    socket.getaddrinfo = refuse  # type: ignore[assignment]


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MiB.

    ``getrusage(RUSAGE_SELF).ru_maxrss`` is not used for the table: on Linux a child started by
    fork (or vfork) and exec inherits its parent's peak at exec time, so every worker would
    report at least the benchmark parent's memory. ``VmHWM`` is the peak of the process's own
    address space, which exec starts anew. ``ru_maxrss`` is still recorded in latest.json.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_chunks(path: Path) -> Iterator[dict]:
    with open(path, "rb") as handle:
        while True:
            try:
                yield pickle.load(handle)
            except EOFError:
                return


class _Nothing:
    """The baseline's runner: keeps nothing, so only the harness's own cost is measured."""

    errors = 0

    def extract(self, inputs, langs):
        return [""] * len(inputs)

    def line_noise(self, inputs):
        return None


def _repeats_needed(cpu_s: float) -> int:
    """Extra timed passes for a chunk that took under ``MIN_CHUNK_S``, at most ``MAX_REPEATS``."""
    if cpu_s >= MIN_CHUNK_S:
        return 0
    return min(MAX_REPEATS, math.ceil(MIN_CHUNK_S / max(cpu_s, 1e-6)) - 1)


def run(spec: dict) -> dict:
    if spec.get("core") is not None:
        os.sched_setaffinity(0, {int(spec["core"])})
    disable_network()
    started = time.perf_counter()
    if spec["system"] == BASELINE:
        runner, import_s, load_s = _Nothing(), 0.0, 0.0
    else:
        from benchmarks.systems import System, load_runner

        system = System(spec["base"], spec["input"], spec.get("converter"))
        for module in system.modules:
            importlib.import_module(module)
        import_s = time.perf_counter() - started
        model_dir = Path(spec["model_dir"]) if spec.get("model_dir") else None
        runner = load_runner(system, model_dir)
        load_s = time.perf_counter() - started - import_s

    chunks = read_chunks(Path(spec["input_file"]))
    first = next(chunks, None)
    warmup_s = 0.0
    if first is not None and spec["system"] != BASELINE:
        # One untimed page first: lazy imports and caches that fill on the first call are
        # start-up cost, reported as warmup_s, not throughput.
        warm0 = time.perf_counter()
        runner.extract(first["inputs"][:1], first["langs"][:1])
        warmup_s = time.perf_counter() - warm0

    pages = cpu_total = wall_total = first_total = 0.0
    errors = repeated_chunks = 0
    with open(spec["output"], "wb") as out:
        for chunk in itertools.chain([first] if first is not None else [], chunks):
            inputs, langs = chunk["inputs"], chunk["langs"]
            errors_before = runner.errors
            cpu0, wall0 = time.process_time(), time.perf_counter()
            outputs = runner.extract(inputs, langs)
            wall_s, cpu_s = time.perf_counter() - wall0, time.process_time() - cpu0
            first_cpu_s = cpu_s
            repeats = _repeats_needed(cpu_s)
            if repeats:
                # A chunk this fast is timed again, and its mean time used, so that a system
                # doing a chunk of pages in a few milliseconds gets a number, not timer noise.
                errors_counted = runner.errors
                cpu0, wall0 = time.process_time(), time.perf_counter()
                for _ in range(repeats):
                    runner.extract(inputs, langs)
                wall_s = (wall_s + time.perf_counter() - wall0) / (repeats + 1)
                cpu_s = (cpu_s + time.process_time() - cpu0) / (repeats + 1)
                runner.errors = errors_counted
            if len(outputs) != len(inputs):
                raise RuntimeError(f"{spec['system']} returned {len(outputs)} outputs for {len(inputs)} inputs")
            line_noise = runner.line_noise(inputs) if spec.get("line_scores", True) else None
            pickle.dump(
                {
                    "group": chunk["group"],
                    "ids": chunk["ids"],
                    "outputs": outputs,
                    "line_noise": line_noise,
                    "cpu_s": cpu_s,
                    "wall_s": wall_s,
                    "errors": runner.errors - errors_before,
                    "first_cpu_s": first_cpu_s,
                    "repeats": repeats,
                },
                out,
            )
            pages += len(inputs)
            errors += runner.errors - errors_before
            first_total += first_cpu_s
            repeated_chunks += bool(repeats)
            cpu_total += cpu_s
            wall_total += wall_s
        summary = {
            "system": spec["system"],
            "import_s": import_s,
            "load_s": load_s,
            "peak_mb": peak_rss_mb(),
            "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "warmup_s": warmup_s,
            "errors": errors,
            "misaligned_pages": getattr(runner, "misaligned_pages", 0),
            "pages": pages,
            "cpu_s": cpu_total,
            "wall_s": wall_total,
            "first_pass_cpu_s": first_total,
            "repeated_chunks": repeated_chunks,
            "core": spec.get("core"),
        }
        pickle.dump({"summary": summary}, out)
    return summary


def main(argv: list[str]) -> int:
    summary = run(json.loads(argv[0]))
    print(json.dumps(summary), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
