"""The ``noise`` command: a thin typer layer over the library (parse, call, report).

stdout carries data only; errors go to stderr as ``noise: error: <file>: <reason>``. Exit codes:
0 success, 1 some input failed (the rest were still processed), 2 usage error.
scikit-learn and datasets are imported only by the commands that train or evaluate.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(
    help="Strip the lines of scraped web-page text that are not the article: menus, share widgets, "
    "bylines, timestamps, disclaimers, cookie notices, related-article teasers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ModelOption = typer.Option(
    None, "--model", "-m", help="Model directory. Default: $NOISE_MODEL, then the bundled model.", show_default=False
)
ThresholdOption = typer.Option(
    None,
    "--threshold",
    "-t",
    min=0.0,
    max=1.0,
    help="A line whose noise score is at least this is noise (clean drops it). Default: the model's.",
)
KeepOption = typer.Option(
    None, "--keep", "-k", help="Keep noise lines of this category anyway (repeatable), e.g. --keep credit --keep comments."
)


def _error(message: str) -> None:
    typer.echo(f"noise: error: {message}", err=True)


def _cleaner(model: Optional[Path], threshold: Optional[float], keep: Optional[List[str]] = None):
    from noise.artifact import ModelError
    from noise.cleaner import Cleaner, check_settings

    try:
        check_settings(threshold, keep or ())
    except ValueError as error:  # a usage error, as typer's own checks are
        _error(str(error))
        raise typer.Exit(2)
    try:
        return Cleaner.load(model, threshold=threshold, keep=keep or ())
    except (ModelError, ValueError) as error:
        _error(str(error))
        raise typer.Exit(1)


from enum import Enum  # noqa: E402 - the choices of the clean command's options


class _Format(str, Enum):
    auto = "auto"
    text = "text"
    jsonl = "jsonl"
    parquet = "parquet"


class _OnError(str, Enum):
    keep = "keep"
    skip = "skip"
    fail = "fail"


def _size_option(text: str) -> int:
    """``16M``, ``512k``, ``1G`` or a number of bytes."""
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    text = text.strip().lower().removesuffix("b")
    try:
        size = int(float(text[:-1]) * units[text[-1]]) if text and text[-1] in units else int(text)
    except (ValueError, OverflowError):
        raise typer.BadParameter(f"{text!r} is not a size (e.g. 16M, 512k, 1G)") from None
    if size < 0:
        raise typer.BadParameter(f"{text!r} is not a size: it is below 0")
    return size


class _Status:
    """Problems to stderr (and the errors file); a progress line on a terminal; the summary at the end."""

    def __init__(self, errors_path: Optional[Path], append: bool, show_progress: bool) -> None:
        self.errors = open(errors_path, "a" if append else "w", encoding="utf-8") if errors_path else None
        self.show_progress = show_progress
        self.shown = 0.0

    def report(self, problem) -> None:
        self.clear()
        _error(str(problem))
        if self.errors is not None:
            record = {"file": problem.file, "record": problem.record, "reason": problem.reason, "action": problem.action}
            self.errors.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.errors.flush()

    def progress(self, tally) -> None:
        import time

        from noise.progress import progress_line

        if self.show_progress and time.monotonic() - self.shown >= 0.2:
            self.shown = time.monotonic()
            sys.stderr.write("\r" + progress_line(tally)[: _terminal_width() - 1] + "\x1b[K")
            sys.stderr.flush()

    def clear(self) -> None:
        if self.show_progress and self.shown:
            sys.stderr.write("\r\x1b[K")

    def close(self) -> None:
        self.clear()
        if self.errors is not None:
            self.errors.close()


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 20)).columns


@app.command()
def clean(
    paths: List[str] = typer.Argument(
        None, help="Files or folders (read recursively; hidden entries skipped); '-' or nothing: stdin.", show_default=False
    ),
    out: Optional[Path] = typer.Option(
        None, "--out", "-o", help="Write one cleaned file per input into this folder, mirroring the tree. Default: stdout."
    ),
    fmt: _Format = typer.Option(
        _Format.auto,
        "--format",
        "-f",
        help="auto: by file name (.jsonl/.ndjson[.gz|.zst], .json.gz/.json.zst, .parquet; anything else is text), "
        "or text, jsonl, parquet for every input. stdin is text unless told.",
    ),
    jsonl: bool = typer.Option(False, "--jsonl", help="Same as --format jsonl."),
    field: str = typer.Option("text", "--field", help="JSON Lines field or Parquet column holding the page text."),
    globs: Optional[List[str]] = typer.Option(
        None, "--glob", "-g", help="In folders, read only files whose path matches, e.g. '*.jsonl.gz' (repeatable)."
    ),
    workers: Optional[int] = typer.Option(
        None, "--workers", "-w", min=1, help="Processes cleaning in parallel. Default: all cores.", show_default=False
    ),
    resume: bool = typer.Option(
        False, "--resume", help="With --out: skip inputs whose output file is complete, redo the rest (per file)."
    ),
    on_error: _OnError = typer.Option(
        _OnError.keep,
        "--on-error",
        help="A bad record (wrong type, invalid encoding, missing field, enormous): keep it unchanged, skip it, "
        "or fail (stop the run). Always reported; the exit code is 1 either way.",
    ),
    errors_path: Optional[Path] = typer.Option(
        None, "--errors", help="Also write each problem as a JSON line (file, record, reason, action) here."
    ),
    max_record_size: str = typer.Option(
        "16M", "--max-record-size", help="Records (pages, JSON lines) larger than this are bad records: enormous."
    ),
    shard: Optional[str] = typer.Option(
        None, "--shard", help="K/N: take only shard K (counted from 0) of N shards of the inputs (by path), to split a crawl over machines."
    ),
    progress: Optional[bool] = typer.Option(
        None, "--progress/--no-progress", help="Progress line on stderr. Default: when stderr is a terminal.", show_default=False
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary at the end (problems are still reported)."),
    group_by: Optional[str] = typer.Option(
        None,
        "--group-by",
        help="Publisher memory: clean the pages of one publisher together, so that lines recurring across them "
        "count as boilerplate. JSON Lines: the record field naming the publisher, e.g. domain (a URL field "
        "groups by host); text files: any value (e.g. folder) groups the files of each folder.",
    ),
    model: Optional[Path] = ModelOption,
    threshold: Optional[float] = ThresholdOption,
    keep: Optional[List[str]] = KeepOption,
) -> None:
    """Print (or write) each input without its noise lines: an exact, in-order subset of its lines.

    Text files, JSON Lines (plain, .gz, .zst) and Parquet; output keeps the input's format, fields,
    record order and compression. Exit code: 0 all clean, 1 something was reported, 2 usage error.
    """
    import signal

    from noise.parallel import WorkerDied, available_cores
    from noise.pipeline import Settings, UsageError, clean_inputs, parse_shard
    from noise.progress import summary_line

    try:
        shard_range = parse_shard(shard) if shard else None
        if resume and out is None:
            raise UsageError("--resume needs --out: it skips inputs whose output file is complete")
        if out is not None:
            _output_folder(out)  # before any work: every output would fail the same way
    except UsageError as error:
        _error(str(error))
        raise typer.Exit(2)
    settings = Settings(field=field, on_error=on_error.value, max_record_bytes=_size_option(max_record_size))
    if group_by:
        from noise.grouping import grouped

        settings = grouped(settings, group_by)
    cleaner = _cleaner(model, threshold, keep)
    try:
        status = _Status(errors_path, append=resume, show_progress=sys.stderr.isatty() if progress is None else progress)
    except OSError as error:
        from noise.io import os_reason

        _error(f"--errors {errors_path}: {os_reason(error)}")
        raise typer.Exit(2)

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        tally = clean_inputs(
            cleaner,
            paths or [],
            out=out,
            fmt="jsonl" if jsonl else (None if fmt == _Format.auto else fmt.value),
            settings=settings,
            workers=workers or available_cores(),
            resume=resume,
            globs=globs or (),
            shard=shard_range,
            report=status.report,
            progress=status.progress,
        )
    except UsageError as error:
        status.close()
        _error(str(error))
        raise typer.Exit(2)
    except WorkerDied as error:
        status.close()
        _error(str(error))
        raise typer.Exit(1)
    except KeyboardInterrupt:
        status.close()
        _error("interrupted: finished output files are complete; rerun with --resume to do the rest")
        raise typer.Exit(130)
    except BrokenPipeError:
        _reader_left()
        raise typer.Exit(1)
    finally:
        signal.signal(signal.SIGTERM, previous)
    status.close()
    if not quiet:
        typer.echo(summary_line(tally), err=True)
    raise typer.Exit(0 if tally.ok else 1)


@app.command()
def show(
    path: str = typer.Argument(..., help="A text file (plain, .gz or .zst), or '-' for stdin.", show_default=False),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line, for programs."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour verdicts. Default: on a terminal."),
    model: Optional[Path] = ModelOption,
    threshold: Optional[float] = ThresholdOption,
    keep: Optional[List[str]] = KeepOption,
) -> None:
    """Every line of one page with its verdict, noise score and category."""
    from noise.io import InputError

    cleaner = _cleaner(model, threshold, keep)
    try:
        text = _one_page(path)
    except InputError as error:
        _error(str(error))
        raise typer.Exit(1)
    verdicts = cleaner.label(text)
    use_color = sys.stdout.isatty() if color is None else color
    try:
        _print_verdicts(verdicts, as_json, use_color)
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_left()
        raise typer.Exit(1)
    except OSError as error:
        from noise.io import os_reason

        _error(f"{path}: cannot write <stdout> ({os_reason(error)})")
        raise typer.Exit(1)


def _print_verdicts(verdicts, as_json: bool, use_color: bool) -> None:
    for verdict in verdicts:
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "index": verdict.index,
                        "verdict": "blank" if verdict.is_blank else ("noise" if verdict.is_noise else "content"),
                        "kept": not verdict.is_noise,
                        "score": None if verdict.score is None else round(verdict.score, 4),
                        "category": verdict.category,
                        "text": verdict.text,
                    },
                    ensure_ascii=False,
                )
            )
            continue
        if verdict.is_blank:
            typer.echo("")
            continue
        tag = "noise  " if verdict.is_noise else "content"
        category = f"{verdict.category or '':<10}" if verdict.is_noise else " " * 10
        line = f"{tag} {verdict.score:.2f} {category} | {verdict.text}"
        if use_color:
            typer.echo(typer.style(line, fg="red" if verdict.is_noise else "green"), color=True)
        else:
            typer.echo(line)


def _output_folder(out: Path) -> None:
    """Make the --out folder, or say in one line why it cannot be (a ``UsageError``)."""
    from noise.io import os_reason
    from noise.pipeline import UsageError

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"--out {out}: cannot make that folder ({os_reason(error)})") from None


def _one_page(path: str) -> str:
    """The text of the one page ``path`` names (a text file, compressed or not, or stdin)."""
    import io

    from noise import compression
    from noise.formats import TEXT, detect
    from noise.io import STDIN, InputError, Source, decode

    if path != STDIN:
        if Path(path).is_dir():
            raise InputError(path, "a folder; show takes one page (`noise clean --out` cleans folders)")
        kind, _ = detect(path)
        if kind != TEXT:
            named = {"jsonl": "JSON Lines", "parquet": "Parquet"}.get(kind, kind)
            raise InputError(path, f"{named} holds a page per record; `noise label` writes each one's verdicts to a review file")
    source = Source("<stdin>", None, Path("stdin")) if path == STDIN else Source(path, Path(path), Path(Path(path).name))
    data = source.read_bytes()
    packed = compression.sniff(data[:4])
    if packed:
        try:
            data = compression.reader(io.BytesIO(data), packed).read()
        except (OSError, EOFError, compression.CompressionUnavailable) as error:
            raise InputError(source.name, f"unreadable ({error})") from None
    return decode(data, source.name)


@app.command()
def label(
    paths: List[str] = typer.Argument(
        ..., help="Pages to label: text files (one page each), folders of them, JSON Lines (one page per record).", show_default=False
    ),
    out: Path = typer.Option(Path("reviews"), "--out", "-o", help="Folder to write the review files into."),
    pick: Optional[int] = typer.Option(
        None, "--pick", "-p", min=1, help="Write review files only for the N pages most worth labeling, and say why."
    ),
    field: str = typer.Option("text", "--field", help="JSON Lines field holding the page text."),
    domain: str = typer.Option(
        "", "--domain", help="Publisher of text-file pages (JSON Lines records name theirs in 'domain' or 'url')."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite review files that exist (they may hold corrections)."),
    model: Optional[Path] = ModelOption,
    threshold: Optional[float] = ThresholdOption,
) -> None:
    """Write a review file per page: every line with the model's verdict, the least certain marked '?'.

    Fix the verdicts in any editor (C content, N noise), then `noise train --base default --data DIR`.
    Prints each review file written; with --pick, the chosen pages and why they were chosen.
    A file or record that cannot be read, and a page whose review file exists, get a one-line
    error each; the other pages are written, and the exit code is 1.
    """
    from noise.dump import read_dump
    from noise.io import InputError
    from noise.labeling import Written, write_reviews

    cleaner = _cleaner(model, threshold)
    failures = []  # every input or review file that could not be done, reported as it comes

    def report(error: Exception) -> None:
        failures.append(error)
        _error(str(error))

    def readable(items):
        for item in items:
            if isinstance(item, InputError):
                report(item)
            else:
                yield item

    pages = readable(read_dump(paths, field=field, domain=domain, exclude=out))
    picks = None
    if pick is not None:
        from noise.pick import pick_pages

        picks = pick_pages(cleaner, list(pages), pick)
        pages = [choice.page for choice in picks]
    written: dict[int, Written] = {}
    try:
        for item in write_reviews(cleaner, pages, out, force=force, model_name=_model_name(cleaner)):
            if not isinstance(item, Written):  # its review file exists: the others are still written
                report(item)
            elif picks is None:
                _say(f"{item.path}  ({item.lines} lines, {item.uncertain} marked ?)")
            else:
                written[id(item.page)] = item
    except OSError as error:  # the review folder cannot be written: no page can be
        from noise.io import os_reason

        _error(f"{error.filename or out}: cannot write review files there ({os_reason(error)})")
        raise typer.Exit(1)
    for number, choice in enumerate(picks or [], 1):
        if id(choice.page) in written:
            _say(f"{number}. {written[id(choice.page)].path}  ({choice.page.name})")
            _say(f"   {choice.reason}")
    if failures:
        raise typer.Exit(1)


def _reader_left() -> None:
    """The reader of stdout has left (``| head``): what is still written to it goes nowhere, with
    no error at exit either."""
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _say(line: str) -> None:
    """Print a line that lists what a command wrote; the work goes on if nobody reads it."""
    try:
        typer.echo(line)
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_left()


def _model_name(cleaner) -> str:
    info = cleaner.model.info or {}
    digest = (info.get("files") or {}).get("model.joblib", "")
    return f"{cleaner.model.feature_set} {digest[:12]} threshold {cleaner.threshold:.2f}".strip()


@app.command(name="import")
def import_reviews(
    reviews: List[Path] = typer.Argument(..., help="Review files (from `noise label`) or folders of them.", show_default=False),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="JSON Lines file to write. Default: stdout."),
) -> None:
    """Turn corrected review files into corpus-format JSON Lines (for `noise train` and `noise eval`).

    Checks that every text line is unchanged, and names the first line that is not in each file.
    Every file is checked; if any needs fixing, nothing is written (a data set with pages missing
    would train without a word), and the exit code is 1.
    """
    from noise.corpus import CorpusError
    from noise.labeling import import_reviews as records
    from noise.review import labeled_files

    lines: list[str] = []
    try:
        files = labeled_files(reviews)
    except CorpusError as error:
        _error(str(error))
        raise typer.Exit(1)
    failed = 0
    for path in files:
        try:
            lines.extend(record + "\n" for record in records([path]))
        except (CorpusError, OSError) as error:
            failed += 1
            _error(str(error))
    if failed:
        _error(f"{failed} of {len(files)} review files could not be imported; nothing written")
        raise typer.Exit(1)
    try:
        if out is None:
            sys.stdout.write("".join(lines))
        else:
            from noise.io import write_atomic

            write_atomic(out, "".join(lines).encode("utf-8"))
    except OSError as error:
        from noise.io import os_reason

        _error(f"{out or '<stdout>'}: {os_reason(error)}")
        raise typer.Exit(1)
    if out is not None:
        typer.echo(f"{len(lines)} pages written to {out}", err=True)


@app.command()
def train(
    data: List[Path] = typer.Option(
        ...,
        "--data",
        "-d",
        help="Labeled pages: corpus-format JSON Lines (plain or .gz), review files or folders of them. "
        "Repeatable, or several paths after one --data.",
    ),
    more_data: Optional[List[Path]] = typer.Argument(None, hidden=True, show_default=False),
    out: Path = typer.Option(..., "--out", "-o", help="Model directory to write (model, metadata and card together)."),
    folds: Optional[int] = typer.Option(None, "--folds", min=2, help="Cross-validation folds, grouped by publisher domain (default 5)."),
    threshold: Optional[float] = typer.Option(None, "--threshold", min=0.0, max=1.0, help="Fix the decision threshold instead of choosing it."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Random seed (default 0)."),
    weight: Optional[List[str]] = typer.Option(
        None,
        "--weight",
        help="SOURCE=W: weigh the lines of pages whose 'source' is SOURCE (else their file name) W times. Repeatable.",
    ),
    category_weight: Optional[List[str]] = typer.Option(
        None,
        "--category-weight",
        help="CATEGORY=W: weigh noise lines of that category W times (on pages whose labels have categories), "
        "for a rare kind of noise the model should learn as a kind rather than by its wording. Repeatable.",
    ),
    second_pass_weight: Optional[List[str]] = typer.Option(
        None,
        "--second-pass-weight",
        help="SOURCE=W: weigh those lines W times more in the second pass only (the trees, which read each "
        "line's neighbourhood), on top of --weight. Repeatable.",
    ),
    members: Optional[int] = typer.Option(
        None,
        "--members",
        min=1,
        help="Networks and tree ensembles per pass, each on its own sample of lines, averaged: steadier "
        "verdicts on unseen publishers for that many times the passes' training time and about 1.3x the "
        "cleaning time at 3 (default 1; the bundled model uses 3).",
    ),
    base: Optional[Path] = typer.Option(
        None,
        "--base",
        help="Adapt this model directory to the --data pages instead of training from scratch (no original "
        "training data needed); 'default' means $NOISE_MODEL, then the bundled model. Prints before and after "
        "on held-out labeled pages and on the bundled regression set.",
    ),
    all_pages: bool = typer.Option(
        False,
        "--all-pages",
        help="With --base: apply the publisher layer to every page, not only to pages that carry the "
        "publisher's template lines.",
    ),
) -> None:
    """Train a model; print cross-validated metrics (folds grouped by publisher); write the model directory.

    --data takes corpus-format JSON Lines, review files from `noise label` and folders of review files.
    A page whose record names its title (meta.title, as WCXB's do) has the line that heads its article
    trained as content, whatever its label (noise/headlines.py).
    With --base, adapt an existing model to a publisher instead (see docs/adding-a-publisher.md).
    """
    from noise.artifact import check_writable
    from noise.review import labeled_files

    data = [*data, *(more_data or [])]
    _refuse_options_without_effect(
        base is not None,
        folds=folds,
        threshold=threshold,
        seed=seed,
        weight=weight,
        category_weight=category_weight,
        second_pass_weight=second_pass_weight,
        members=members,
        all_pages=all_pages,
    )
    try:
        check_writable(out)
        if base is not None:
            from noise.adapt import AdaptConfig, adapt_command

            config = AdaptConfig(scoped=not all_pages)
            report = adapt_command(None if str(base) == "default" and not base.exists() else base, data, out, config)
        else:
            from noise.recipe import train_command

            report = train_command(
                labeled_files(data),
                out,
                folds=5 if folds is None else folds,
                threshold=threshold,
                seed=0 if seed is None else seed,
                source_weights=_weights(weight or [], "--weight", "SOURCE=WEIGHT, e.g. seeds=20"),
                category_weights=_category_weights(category_weight or []),
                members=1 if members is None else members,
                second_pass_source_weights=_weights(second_pass_weight or [], "--second-pass-weight", "SOURCE=WEIGHT, e.g. project=2"),
            )
    except (OSError, ValueError, RuntimeError) as error:
        _error(str(error))
        raise typer.Exit(1)
    typer.echo(report)


def _refuse_options_without_effect(adapting: bool, **given) -> None:
    """A usage error naming the options given that the chosen way of training would ignore:
    training from scratch's settings with --base, --all-pages without it."""
    from_scratch = ("folds", "threshold", "seed", "weight", "category_weight", "second_pass_weight", "members")
    names = from_scratch if adapting else ("all_pages",)
    given_names = [name for name in names if given[name] not in (None, [], ()) and given[name] is not False]
    unused = ["--" + name.replace("_", "-") for name in given_names]
    if unused:
        raise typer.BadParameter(
            f"{', '.join(unused)} {'has' if len(unused) == 1 else 'have'} no effect {'with' if adapting else 'without'} --base",
            param_hint=unused[0],
        )


def _weights(items: List[str], option: str, expected: str) -> dict[str, float]:
    import math

    weights = {}
    for item in items:
        name, _, value = item.rpartition("=")
        try:
            weights[name] = float(value)
        except ValueError:
            name = ""
        if not name:
            raise typer.BadParameter(f"{item!r}: expected {expected}", param_hint=option)
        if not math.isfinite(weights[name]) or weights[name] < 0:  # a negative weight trains the model backwards
            raise typer.BadParameter(f"{item!r}: a weight must be a finite number, 0 or more", param_hint=option)
    return weights


def _category_weights(items: List[str]) -> dict[str, float]:
    from noise.labels import CATEGORIES

    weights = _weights(items, "--category-weight", "CATEGORY=WEIGHT, e.g. cue=4")
    unknown = sorted(set(weights) - set(CATEGORIES))
    if unknown:
        raise typer.BadParameter(f"unknown category {unknown[0]!r}; known: {', '.join(CATEGORIES)}", param_hint="--category-weight")
    return weights


@app.command(name="eval")
def evaluate(
    data: List[Path] = typer.Option(
        ...,
        "--data",
        "-d",
        help="Labeled pages to score against: corpus-format JSON Lines (plain or .gz), review files or folders of them. "
        "Repeatable, or several paths after one --data.",
    ),
    more_data: Optional[List[Path]] = typer.Argument(None, hidden=True, show_default=False),
    model: Optional[Path] = ModelOption,
    threshold: Optional[float] = ThresholdOption,
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON."),
) -> None:
    """Line-level noise P/R/F1 and content-line recall; token-level P/R/F1 of the kept text where pages have gold;
    category accuracy where pages have categories."""
    from noise.evaluation import evaluate_files, format_report
    from noise.review import labeled_files

    cleaner = _cleaner(model, threshold)
    try:
        report = evaluate_files(cleaner, labeled_files([*data, *(more_data or [])]))
    except (OSError, ValueError) as error:
        _error(str(error))
        raise typer.Exit(1)
    typer.echo(json.dumps(report, indent=2) if as_json else format_report(report))


@app.command()
def info(
    model: Optional[Path] = ModelOption,
    as_json: bool = typer.Option(False, "--json", help="Print the model's metadata as JSON."),
) -> None:
    """The model in use and the summary of its card; exit code 1 if it cannot be loaded here."""
    from noise.artifact import ModelError, check_compatible, checked_model_file, read_metadata, resolve_model_dir

    directory = resolve_model_dir(model)
    try:
        meta = read_metadata(directory)
    except ModelError as error:
        _error(str(error))
        raise typer.Exit(1)
    try:
        check_compatible(directory, meta)
        checked_model_file(directory, meta)
        problem = None
    except ModelError as error:
        problem = error
    if as_json:
        status = {"loadable": problem is None, "problem": None if problem is None else str(problem)}
        typer.echo(json.dumps({"path": str(directory), **status, **meta}, indent=2))
    else:
        typer.echo(f"model: {directory}")
        typer.echo("status: loadable" if problem is None else f"status: not loadable here: {problem}")
        if meta.get("summary"):
            typer.echo(meta["summary"].rstrip())
    if problem is not None:
        raise typer.Exit(1)


def main() -> None:
    """The ``noise`` command: typer's run, with its usage errors as one ``noise: error:`` line
    (typer draws them in a box of several lines) and the same exit code, 2."""
    try:
        code = app(prog_name="noise", standalone_mode=False)
    except Exception as error:
        # typer's usage errors: click's, or (typer 0.28) its own copy of click's, so by what they do
        if not (hasattr(error, "format_message") and hasattr(error, "exit_code")):
            raise
        context = getattr(error, "ctx", None)
        where = f" (see '{context.command_path} --help')" if context is not None else ""
        if error.format_message():  # none after the help that a bare `noise` prints
            _error(f"{error.format_message()}{where}")
        sys.exit(error.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
