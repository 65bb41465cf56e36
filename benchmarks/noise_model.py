"""The model noise is benchmarked with: trained by ``noise train`` without the evaluated domains.

The training file holds every record of all three converters of both corpus directories whose
``domain`` is not the domain of any page with HTML (the evaluated pages), plus the project's own
corpus (``training/project_corpus/pages.jsonl.gz``) when it exists, with the same domains left
out. The trained model is cached under ``benchmarks/results/cache/<key>``, where the key hashes
the training data, noise's version and noise's source files, so a rerun with unchanged data and
code reuses it, and a change to either retrains.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.measure import child_env, noise_command
from benchmarks.pages import REPO_ROOT, evaluated_domains, training_lines

log = logging.getLogger(__name__)

RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"
CACHE_DIR = RESULTS_DIR / "cache"
TMP_DIR = RESULTS_DIR / "tmp"
PROJECT_CORPUS = REPO_ROOT / "training" / "project_corpus" / "pages.jsonl.gz"
NOISE_SOURCE = REPO_ROOT / "noise"
READY_MARK = "benchmark-model.json"


@dataclass(frozen=True)
class BenchModel:
    directory: Path
    key: str
    noise_version: str
    training_records: int
    training_data_sha256: str
    excluded_domains: int
    project_corpus: bool
    trained_now: bool
    train_s: float | None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["directory"] = str(self.directory.relative_to(REPO_ROOT))
        return data


def noise_version() -> str:
    try:
        return importlib.metadata.version("noise")
    except importlib.metadata.PackageNotFoundError:
        from noise import __version__  # type: ignore[attr-defined]

        return str(__version__)


def source_sha256(root: Path = NOISE_SOURCE) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def write_training_file(corpus_root: Path, path: Path, exclude: set[str], extra: list[Path]) -> tuple[str, int]:
    """Write the training records; return the SHA-256 of their text and how many there are."""
    digest = hashlib.sha256()
    count = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as handle:
        for line in training_lines(corpus_root, exclude, extra):
            data = (line + "\n").encode("utf-8")
            digest.update(data)
            handle.write(data)
            count += 1
    return digest.hexdigest(), count


def ensure_model(corpus_root: Path, cache_dir: Path = CACHE_DIR) -> BenchModel:
    """The cached benchmark model, trained through ``noise train`` first if it is missing."""
    exclude = evaluated_domains(corpus_root)
    extra = [PROJECT_CORPUS] if PROJECT_CORPUS.exists() else []
    training_file = TMP_DIR / f"train-{os.getpid()}.jsonl.gz"
    data_sha, count = write_training_file(corpus_root, training_file, exclude, extra)
    version = noise_version()
    key = hashlib.sha256(f"{data_sha}\n{version}\n{source_sha256()}".encode()).hexdigest()[:16]
    directory = cache_dir / key
    mark = directory / READY_MARK
    model = BenchModel(directory, key, version, count, data_sha, len(exclude), bool(extra), False, None)
    if mark.exists():
        training_file.unlink()
        log.info("benchmark model: cached %s", directory.relative_to(REPO_ROOT))
        return BenchModel(**{**asdict(model), "train_s": json.loads(mark.read_text()).get("train_s")})

    staging = cache_dir / f"{key}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    command = [*noise_command(), "train", "--data", str(training_file), "--out", str(staging)]
    log.info("benchmark model: training on %d records without %d evaluated domains: %s", count, len(exclude), " ".join(command))
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=REPO_ROOT, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    train_s = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"noise train failed ({completed.returncode}):\n{completed.stderr[-3000:]}")
    training_file.unlink()
    shutil.rmtree(directory, ignore_errors=True)
    staging.rename(directory)
    model = BenchModel(**{**asdict(model), "trained_now": True, "train_s": train_s})
    (directory / READY_MARK).write_text(json.dumps(model.as_dict(), indent=2) + "\n")
    log.info("benchmark model: trained in %.0f s into %s", train_s, directory.relative_to(REPO_ROOT))
    return model
