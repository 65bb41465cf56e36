"""Cleaning a crawl: plan the inputs, clean them on every core, write outputs in order, count everything.

``clean_inputs`` is what ``noise clean`` runs, in three steps:

1. ``plan``: expand the arguments into inputs, tell each one's format, decide its output (a file
   of the same relative path under ``out``, or stdout), drop what ``--resume`` finds finished or
   what another ``--shard`` owns, and remove temporary files killed runs left for these outputs;
2. feed every input to one ``OrderedPool`` (text files in groups, JSON Lines and Parquet in
   chunks), so that all cores stay busy across file boundaries;
3. write each chunk's output in input order as it comes back, and commit each output file
   (atomic rename) once its input is done.

Resuming works per output file: a file under its final name is complete, so it is skipped; an
input whose output is missing is redone from its start. One bad input or record never stops the
run unless ``on_error`` is ``fail``; the returned ``Tally`` says what happened.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable, Sequence

from noise import jsonl, parquet
from noise.formats import JSONL, PARQUET, TEXT, detect, stdin_name
from noise.io import InputError, Source, expand, stale_temporaries
from noise.jobs import Abort, Job, Run, Settings
from noise.parallel import OrderedPool
from noise.progress import Tally
from noise.records import NO_OUTPUT, Problem
from noise.textfiles import Group

__all__ = ["Settings", "UsageError", "clean_inputs", "parse_shard", "plan"]


class UsageError(ValueError):
    """Options that cannot work together (the command line's exit code 2)."""


def parse_shard(text: str) -> tuple[int, int]:
    """``"K/N"`` (0 <= K < N): this run takes the inputs whose path hashes to K of N."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise UsageError(f"--shard must look like K/N (e.g. 0/4), not {text!r}") from None
    if not 0 <= index < count:
        raise UsageError(f"--shard K/N needs 0 <= K < N, not {text!r}")
    return index, count


def _in_shard(source: Source, shard: tuple[int, int] | None) -> bool:
    if shard is None or source.path is None:
        return True
    return zlib.crc32(source.relative.as_posix().encode("utf-8")) % shard[1] == shard[0]


def plan(
    run: Run,
    arguments: Iterable[str],
    out: Path | None = None,
    fmt: str | None = None,
    globs: Sequence[str] = (),
    resume: bool = False,
    shard: tuple[int, int] | None = None,
) -> list[Job]:
    """The jobs to run; inputs that cannot be found are reported (and counted as failed) here."""
    if resume and out is None:
        raise UsageError("--resume needs --out: it skips inputs whose output file is complete")
    jobs: list[Job] = []
    owners: dict[Path, str] = {}
    for item in expand(arguments, globs, exclude=out):
        if isinstance(item, InputError):
            run.tally.files_failed += 1
            run.problem(item.name, None, item.reason, NO_OUTPUT)
            continue
        if not _in_shard(item, shard):
            continue
        kind, compressed = detect(item.name, fmt) if item.path is not None else (fmt or TEXT, "")
        job = Job(run, item, kind, compressed, None)
        if item.path is None:
            if kind == PARQUET:
                raise UsageError("Parquet cannot be read from stdin (it needs a seekable file); name the file")
            job.open_input()  # sniff stdin's compression now: its output's name depends on it
        if out is not None:
            relative = Path(stdin_name(kind, job.compression)) if item.path is None else item.relative
            job.destination = out / relative
            if job.destination in owners:
                run.tally.files_failed += 1
                run.problem(item.name, None, f"same output file as {owners[job.destination]} ({job.destination})", NO_OUTPUT)
                continue
            owners[job.destination] = item.name
            if resume and job.destination.is_file():
                run.tally.files_finished_before += 1
                continue
        jobs.append(job)
    if out is None and len(jobs) > 1 and any(job.format == PARQUET for job in jobs):
        raise UsageError("Parquet files cannot be concatenated on stdout: use --out DIR")
    if out is not None:
        _remove_stale(owners)
    run.tally.files = len(jobs)
    run.tally.bytes_total = sum(job.source.size() for job in jobs)
    return jobs


def _remove_stale(destinations: Iterable[Path]) -> None:
    by_folder: dict[Path, set[str]] = defaultdict(set)
    for destination in destinations:
        by_folder[destination.parent].add(destination.name)
    for folder, names in by_folder.items():
        for stale in stale_temporaries(folder, names):
            stale.unlink(missing_ok=True)


def execute(run: Run, jobs: list[Job], cleaner, workers: int = 1) -> Tally:
    """Clean every job on ``workers`` processes; outputs are written in input order."""
    try:
        with OrderedPool(cleaner, workers) as pool:
            group = Group(pool, run.settings)
            for job in jobs:
                try:
                    if job.format == TEXT:
                        group.add(job)
                        continue
                    group.send()  # text files before this one go out first: stdout keeps input order
                    if job.format == JSONL:
                        jsonl.submit(job, job.open_input(), pool)
                    else:
                        parquet.submit(job, pool)
                except InputError as error:
                    group.send()  # the files before it are reported first
                    pool.after(lambda job=job, reason=error.reason: job.fail(reason))
            group.send()
            pool.drain()
    except Abort:
        pass  # the problem is reported; the tally says the run stopped
    finally:
        for job in jobs:
            job.abandon()  # only unfinished outputs are left to discard
    return run.tally


def clean_inputs(
    cleaner,
    arguments: Iterable[str],
    out: Path | None = None,
    fmt: str | None = None,
    settings: Settings = Settings(),
    workers: int = 1,
    resume: bool = False,
    globs: Sequence[str] = (),
    shard: tuple[int, int] | None = None,
    report: Callable[[Problem], None] = lambda problem: None,
    progress: Callable[[Tally], None] = lambda tally: None,
) -> Tally:
    """Clean files, folders or stdin (``"-"``) into ``out`` (or stdout); see the module docstring.

    ``report`` is called once per problem, in input order; ``progress`` after every chunk. Raises
    ``UsageError`` for options that cannot work together, before anything is written.
    """
    run = Run(settings, report=report, progress=progress)
    try:
        jobs = plan(run, arguments, out=out, fmt=fmt, globs=globs, resume=resume, shard=shard)
    except Abort:
        return run.tally
    return execute(run, jobs, cleaner, workers)
