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

_BATCH_PAGES = 64

ModelOption = typer.Option(
    None, "--model", "-m", help="Model directory. Default: $NOISE_MODEL, then the bundled model.", show_default=False
)
ThresholdOption = typer.Option(
    None, "--threshold", "-t", min=0.0, max=1.0, help="Drop lines whose noise score is at least this. Default: the model's."
)
KeepOption = typer.Option(
    None, "--keep", "-k", help="Keep noise lines of this category anyway (repeatable), e.g. --keep credit --keep comments."
)


def _error(message: str) -> None:
    typer.echo(f"noise: error: {message}", err=True)


def _cleaner(model: Optional[Path], threshold: Optional[float], keep: Optional[List[str]] = None):
    from noise.artifact import ModelError
    from noise.cleaner import Cleaner

    try:
        return Cleaner.load(model, threshold=threshold, keep=keep or ())
    except (ModelError, ValueError) as error:
        _error(str(error))
        raise typer.Exit(1)


@app.command()
def clean(
    paths: List[str] = typer.Argument(None, help="Text files or folders (read recursively); '-' or nothing: stdin."),
    out: Optional[Path] = typer.Option(
        None, "--out", "-o", help="Write one cleaned file per input into this folder, mirroring the tree. Default: stdout."
    ),
    jsonl: bool = typer.Option(False, "--jsonl", help="Inputs are JSON Lines; clean each record's text field."),
    field: str = typer.Option("text", "--field", help="With --jsonl: the field holding the page text."),
    model: Optional[Path] = ModelOption,
    threshold: Optional[float] = ThresholdOption,
    keep: Optional[List[str]] = KeepOption,
) -> None:
    """Print (or write) each input without its noise lines: an exact, in-order subset of its lines."""
    from noise.pipeline import clean_sources

    cleaner = _cleaner(model, threshold, keep)
    failures = clean_sources(cleaner, paths or [], out=out, jsonl=jsonl, field=field, on_error=_error)
    raise typer.Exit(1 if failures else 0)


@app.command()
def show(
    path: str = typer.Argument(..., help="A text file, or '-' for stdin."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line, for programs."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour verdicts. Default: on a terminal."),
    model: Optional[Path] = ModelOption,
    threshold: Optional[float] = ThresholdOption,
    keep: Optional[List[str]] = KeepOption,
) -> None:
    """Every line with its verdict, noise score and category."""
    from noise.io import InputError, expand

    cleaner = _cleaner(model, threshold, keep)
    source = next(iter(expand([path])))
    try:
        if isinstance(source, InputError):
            raise source
        text = source.read_text()
    except InputError as error:
        _error(str(error))
        raise typer.Exit(1)
    verdicts = cleaner.label(text)
    use_color = sys.stdout.isatty() if color is None else color
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
        typer.echo(typer.style(line, fg="red" if verdict.is_noise else "green") if use_color else line)


@app.command()
def train(
    data: List[Path] = typer.Option(..., "--data", "-d", help="Labeled pages (corpus-format JSON Lines, plain or .gz). Repeatable."),
    out: Path = typer.Option(..., "--out", "-o", help="Model directory to write (model, metadata and card together)."),
    folds: int = typer.Option(5, "--folds", min=2, help="Cross-validation folds, grouped by publisher domain."),
    threshold: Optional[float] = typer.Option(None, "--threshold", min=0.0, max=1.0, help="Fix the decision threshold instead of choosing it."),
    seed: int = typer.Option(0, "--seed", help="Random seed."),
) -> None:
    """Train a model; print cross-validated metrics (folds grouped by publisher); write the model directory."""
    from noise.recipe import train_command

    try:
        report = train_command(data, out, folds=folds, threshold=threshold, seed=seed)
    except (OSError, ValueError) as error:
        _error(str(error))
        raise typer.Exit(1)
    typer.echo(report)


@app.command(name="eval")
def evaluate(
    data: List[Path] = typer.Option(..., "--data", "-d", help="Labeled pages to score against. Repeatable."),
    model: Optional[Path] = ModelOption,
    threshold: Optional[float] = ThresholdOption,
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON."),
) -> None:
    """Line-level noise P/R/F1 and content-line recall; token-level P/R/F1 of the kept text where pages have gold."""
    from noise.evaluation import evaluate_files, format_report

    cleaner = _cleaner(model, threshold)
    try:
        report = evaluate_files(cleaner, data)
    except (OSError, ValueError) as error:
        _error(str(error))
        raise typer.Exit(1)
    typer.echo(json.dumps(report, indent=2) if as_json else format_report(report))


@app.command()
def info(
    model: Optional[Path] = ModelOption,
    as_json: bool = typer.Option(False, "--json", help="Print the model's metadata as JSON."),
) -> None:
    """The model in use and the summary of its card."""
    from noise.artifact import ModelError, check_compatible, read_metadata, resolve_model_dir

    directory = resolve_model_dir(model)
    try:
        meta = read_metadata(directory)
    except ModelError as error:
        _error(str(error))
        raise typer.Exit(1)
    if as_json:
        typer.echo(json.dumps({"path": str(directory), **meta}, indent=2))
        return
    typer.echo(f"model: {directory}")
    try:
        check_compatible(directory, meta)
        typer.echo("status: loadable")
    except ModelError as error:
        typer.echo(f"status: not loadable here: {error}")
    summary = meta.get("summary")
    if summary:
        typer.echo(summary.rstrip())


def main() -> None:
    app()
