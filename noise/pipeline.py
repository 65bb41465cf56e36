"""Cleaning a crawl: plan the inputs, clean them on every core, write outputs in order, count everything.

``clean_inputs`` is what ``noise clean`` runs, in three steps:

1. ``plan``: expand the arguments into inputs, tell each one's format, decide its output (a file
   of the same relative path under ``out``, or stdout), drop what ``--resume`` finds finished or
   what another ``--shard`` owns, and remove temporary files killed runs left for these outputs
   (lazily: one input at a time, so a crawl of millions of files takes no more memory than one);
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
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from noise import jsonl, parquet
from noise.formats import JSONL, PARQUET, TEXT, detect, stdin_name
from noise.io import STDIN, InputError, Source, expand, stale_temporaries, temporary_for
from noise.jobs import Abort, Job, Run, Settings, StdoutFailed
from noise.parallel import OrderedPool
from noise.progress import Tally
from noise.records import Problem
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
) -> Iterator[Job]:
    """The jobs to run, one at a time, so that memory does not grow with the number of files.

    A first walk over the inputs counts what is to be done (for progress) and raises
    ``UsageError`` for what cannot work, before anything is written; the jobs themselves are
    made on a second walk, as they are needed.
    """
    if resume and out is None:
        raise UsageError("--resume needs --out: it skips inputs whose output file is complete")
    arguments = list(arguments) or [STDIN]
    parquet_files = 0
    for item in expand(arguments, globs, exclude=out):
        if isinstance(item, InputError):
            run.tally.files += 1  # it will be reported as failed: the summary's counts add up
            continue
        if not _in_shard(item, shard):
            continue
        kind = detect(item.name, fmt)[0] if item.path is not None else (fmt or TEXT)
        if kind == PARQUET:
            if item.path is None:
                raise UsageError("Parquet cannot be read from stdin (it needs a seekable file); name the file")
            parquet_files += 1
        if out is not None and item.path is not None and _same_file(out / item.relative, item.path):
            raise UsageError(f"--out {out}: {item.name} would be overwritten by its cleaned copy; choose an output folder outside the inputs")
        if resume and item.path is not None and (out / item.relative).is_file():
            continue
        run.tally.files += 1
        run.tally.bytes_total += item.size()
    if out is None and parquet_files and run.tally.files > 1:
        raise UsageError("Parquet files cannot be concatenated on stdout: use --out DIR")
    return _jobs(run, arguments, out, fmt, globs, resume, shard)


def _same_file(destination: Path, source: Path) -> bool:
    try:
        return destination.samefile(source)
    except OSError:  # FileNotFoundError too: no output there yet
        return False


def _jobs(run: Run, arguments: list[str], out, fmt, globs, resume, shard) -> Iterator[Job]:
    owners: dict[Path, str] = {}  # only needed when several arguments could map to one output
    stale: dict[Path, list[Path]] = {}  # per output folder: temporary files that killed runs left
    for item in expand(arguments, globs, exclude=out):
        if isinstance(item, InputError):
            job = Job(run, Source(item.name, None, Path()), TEXT, "", None)
            job.failure = item.reason
            yield job
            continue
        if not _in_shard(item, shard):
            continue
        kind, compressed = detect(item.name, fmt) if item.path is not None else (fmt or TEXT, "")
        job = Job(run, item, kind, compressed, None)
        if item.path is None:
            job.open_input()  # sniff stdin's compression now: its output's name depends on it
        if out is not None:
            destination = out / (Path(stdin_name(kind, job.compression)) if item.path is None else item.relative)
            if len(arguments) > 1:
                if destination in owners:
                    job.failure = f"same output file as {owners[destination]} ({destination})"
                    yield job
                    continue
                owners[destination] = item.name
            if resume and destination.is_file():
                run.tally.files_finished_before += 1
                continue
            _remove_stale(stale, destination)
            job.destination = destination
        yield job


def _remove_stale(stale: dict[Path, list[Path]], destination: Path) -> None:
    folder = destination.parent
    if folder not in stale:
        stale[folder] = stale_temporaries(folder)
    for temporary in [t for t in stale[folder] if t.name.startswith(f".{destination.name}.")]:
        if temporary_for(temporary) == destination.name:
            temporary.unlink(missing_ok=True)
            stale[folder].remove(temporary)


def execute(run: Run, jobs: Iterable[Job], cleaner, workers: int = 1) -> Tally:
    """Clean every job on ``workers`` processes; outputs are written in input order."""
    try:
        with OrderedPool(cleaner, workers) as pool:
            group = Group(pool, run.settings)
            for job in jobs:
                try:
                    if job.failure is not None:
                        raise InputError(job.source.name, job.failure)
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
    except (Abort, StdoutFailed):
        pass  # the problem is reported; the tally says the run stopped
    finally:
        for job in list(run.open_jobs):
            job.abandon()  # outputs not finished: their temporary files go
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
    jobs = plan(run, arguments, out=out, fmt=fmt, globs=globs, resume=resume, shard=shard)
    return execute(run, jobs, cleaner, workers)
