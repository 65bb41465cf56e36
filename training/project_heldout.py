"""The project corpus's held-out publishers, scored by models that never saw them:

    python training/project_heldout.py --corpus ../shared/corpus --work /tmp/noise-adapt
    python training/project_heldout.py --recipe shipped      # about 20 minutes more

Two models, two reports, one card section:

- ``--recipe adaptation`` (the default): the adaptation study's base (``training/adaptation_data.py``:
  the project corpus's ``train`` split, the seeds and 600 WCXB pages, ``noise train``'s recipe with
  three folds), trained once into WORK/base or given with ``--base``. Its report, by language and
  by noise category, goes to ``training/heldout/project_report.json``.
- ``--recipe shipped``: the bundled model's own recipe (``training/build_default.py``: both real
  corpora with every converter, the seeds weighed as there) with the project corpus's ``train``
  split only, trained into WORK/shipped or given with ``--base``. Its report goes to
  ``training/heldout/project_report_shipped.json``. The project corpus is a fifth of this
  model's pages rather than most of them, and its figures on these publishers are lower: they
  are the ones that describe the bundled model.

Either run refreshes the section of the bundled model's card in place (``card_section`` renders
both reports; ``training/build_default.py`` carries them into a rebuilt card), so the card never
carries figures of a model they were not measured on.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))
sys.path.insert(0, str(ROOT))

from adaptation_data import PROJECT  # noqa: E402

REPORT = ROOT / "training" / "heldout" / "project_report.json"
SHIPPED_REPORT = ROOT / "training" / "heldout" / "project_report_shipped.json"
CARD = ROOT / "models" / "default" / "README.md"
SECTION_TITLE = "## Held-out publishers of the project corpus"
LANGUAGES = {
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "pl": "Polish",
    "pt": "Portuguese",
    "ru": "Russian",
    "zh": "Chinese",
}


def heldout_report(model_dir: Path) -> dict:
    """``noise eval``'s report of ``model_dir`` on the project corpus's held-out pages."""
    from noise.cleaner import Cleaner
    from noise.corpus import read_pages
    from noise.evaluation import evaluate_pages

    cleaner = Cleaner.load(model_dir)
    pages = [page for page in read_pages([PROJECT]) if page.meta.get("split") == "heldout"]
    return {"model": model_description(model_dir), "threshold": cleaner.threshold, "report": evaluate_pages(cleaner, pages)}


def model_description(model_dir: Path) -> dict:
    meta = json.loads((model_dir / "metadata.json").read_text(encoding="utf-8"))
    return {"training_pages": meta.get("training_pages"), "training_data": meta.get("training_data"), "config": meta.get("config")}


def card_section(document: dict, shipped: dict | None = None) -> str:
    """The card section for a report written by ``heldout_report`` (the adaptation base's), and
    the shipped recipe's beside it when there is one."""
    if shipped is not None:
        return _two_model_section(shipped, document)
    report = document["report"]
    overall = report["overall"]["all"]
    categories = overall.get("categories") or {}
    language_rows = "\n".join(
        f"| {LANGUAGES.get(code, code)} | {m['pages']} | {m['lines']['lines']} | {m['lines']['noise_f1']:.3f} | {m['lines']['content_recall']:.3f} |"
        for code, m in sorted(report.get("lang", {}).items())
    )
    category_rows = "\n".join(
        f"| {name} | {m['lines']} | {m['accuracy']:.3f} |"
        for name, m in sorted(categories.get("by_category", {}).items(), key=lambda item: -item[1]["lines"])
        if m["lines"]  # a category none of whose lines was dropped has no accuracy
    )
    lines = overall["lines"]
    text = f"""
{SECTION_TITLE}
The project corpus's {overall['pages']} held-out pages (`training/project_corpus`: publishers, wordings
and prose no training page has), scored by a model trained by this recipe without them (the
project corpus's train split, the seeds and 600 WCXB pages; threshold {document['threshold']:.2f};
`python training/project_heldout.py`): noise-line F1 {lines['noise_f1']:.3f}, content-line recall
{lines['content_recall']:.3f}. By language:

| language | pages | lines | noise-line F1 | content-line recall |
|---|---:|---:|---:|---:|
{language_rows}
"""
    if categories:
        text += f"""
Category accuracy on the {categories['lines']:,} noise lines it drops that have a labeled category:
{categories['accuracy']:.3f}. By the line's labeled category:

| category | dropped lines | accuracy |
|---|---:|---:|
{category_rows}
"""
    return text


def _two_model_section(shipped: dict, base: dict) -> str:
    """Both models' figures, language by language and category by category."""
    reports = (shipped["report"], base["report"])
    overall = [report["overall"]["all"] for report in reports]
    categories = [o.get("categories") or {} for o in overall]

    def pair(metrics: list[dict | None], render) -> str:
        return " | ".join(render(m) if m else " | " for m in metrics)  # two empty cells where one has none

    by_language = [report.get("lang", {}) for report in reports]
    language_rows = "\n".join(
        f"| {LANGUAGES.get(code, code)} | {m['pages']} | {m['lines']['lines']} | "
        + pair(
            [languages.get(code) for languages in by_language],
            lambda x: f"{x['lines']['noise_f1']:.3f} | {x['lines']['content_recall']:.3f}",
        )
        + " |"
        for code, m in sorted({**by_language[1], **by_language[0]}.items())
    )
    by_category = [c.get("by_category", {}) for c in categories]
    shipped_lines = {name: m["lines"] for name, m in by_category[0].items()}

    def accuracy(x: dict) -> str:
        return f"{x['lines']} | " + (f"{x['accuracy']:.3f}" if x["accuracy"] is not None else "-")

    def leaked(x: dict | None) -> str:
        return f"{x['noise_lines']} | {1 - x['dropped']:.3f}" if x and "dropped" in x else " | "

    category_rows = "\n".join(
        f"| {name} | {leaked(by_category[0].get(name))} | "
        + pair([b.get(name) for b in by_category], accuracy)
        + " |"
        for name in sorted({**by_category[1], **by_category[0]}, key=lambda name: -shipped_lines.get(name, 0))
    )
    lines = [o["lines"] for o in overall]
    thresholds = sorted({f"{shipped['threshold']:.2f}", f"{base['threshold']:.2f}"})
    threshold = f"threshold {thresholds[0]}" if len(thresholds) == 1 else f"thresholds {thresholds[0]} and {thresholds[1]}"
    text = f"""
{SECTION_TITLE}
The project corpus's {overall[0]['pages']} held-out pages (`training/project_corpus`: publishers, wordings
and prose no training page has), scored by two models trained without them ({threshold}):

- **shipped recipe**: this model's recipe and data (both real corpora, every converter, the seeds)
  with the project corpus's train split only (`python training/project_heldout.py --recipe
  shipped`): noise-line F1 {lines[0]['noise_f1']:.3f}, content-line recall {lines[0]['content_recall']:.3f}. These are
  the figures that describe this model on publishers it has not seen.
- **adaptation base**: the project corpus's train split, the seeds and 600 WCXB pages, where the
  project corpus is most of the data (`python training/project_heldout.py`; the base of
  `docs/adding-a-publisher.md`): noise-line F1 {lines[1]['noise_f1']:.3f}, content-line recall {lines[1]['content_recall']:.3f}.

| language | pages | lines | shipped: noise-line F1 | content-line recall | base: noise-line F1 | content-line recall |
|---|---:|---:|---:|---:|---:|---:|
{language_rows}
"""
    if categories[0] and categories[1]:
        text += f"""
Category accuracy on the noise lines each drops that have a labeled category: shipped recipe
{categories[0]['accuracy']:.3f} ({categories[0]['lines']:,} lines), adaptation base {categories[1]['accuracy']:.3f}
({categories[1]['lines']:,} lines). By the line's labeled category, with the share of that
category's noise lines the shipped recipe keeps (the kinds of noise that leak through):

| category | noise lines | shipped: kept | dropped lines | accuracy | base: dropped lines | accuracy |
|---|---:|---:|---:|---:|---:|---:|
{category_rows}
"""
    return text


def refresh_card(card: Path, section: str, title: str = SECTION_TITLE) -> None:
    """Replace the card's section called ``title`` (or add it before the held-out WCXB evaluation)."""
    text = card.read_text(encoding="utf-8")
    existing = re.compile(rf"\n{re.escape(title)}\n.*?(?=\n## )", re.S)
    if existing.search(text):
        text = existing.sub(lambda _: section.rstrip("\n") + "\n", text, count=1)
    else:
        anchor = "\n## Held-out evaluation\n"
        text = text.replace(anchor, section.rstrip("\n") + "\n" + anchor, 1) if anchor in text else text + section
    temporary = card.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(card)


def shipped_model(work: Path, corpus: Path) -> Path:
    """The bundled model's recipe without the project corpus's held-out publishers, in
    ``work/shipped``: trained unless one made by today's recipe from today's data is there."""
    from build_default import CATEGORY_WEIGHTS, MEMBERS, SEEDS, SOURCE_WEIGHTS, corpus_files
    from threadpoolctl import threadpool_limits

    from noise.recipe import made_from, train_command
    from noise.training import TrainConfig

    work.mkdir(parents=True, exist_ok=True)
    project_train = work / "shipped-project-train.jsonl"  # plain: a gzip header's time would change its digest
    with gzip.open(PROJECT, "rt", encoding="utf-8") as records, project_train.open("w", encoding="utf-8") as out:
        out.writelines(line for line in records if json.loads(line)["meta"]["split"] != "heldout")
    files = [*(path for paths in corpus_files(corpus).values() for path in paths), project_train, *SEEDS]
    directory = work / "shipped"
    config = TrainConfig(source_weights=dict(SOURCE_WEIGHTS), category_weights=dict(CATEGORY_WEIGHTS), members=MEMBERS)
    if not made_from(directory, files, config):
        with threadpool_limits(limits=1):  # as the build does: the same model on every rebuild
            print(
                train_command(files, directory, source_weights=SOURCE_WEIGHTS, category_weights=CATEGORY_WEIGHTS, members=MEMBERS),
                file=sys.stderr,
            )
    return directory


def main() -> None:
    from evaluate_adaptation import base_model

    parser = argparse.ArgumentParser(prog="python training/project_heldout.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "noise-adapt")
    parser.add_argument(
        "--recipe",
        choices=("adaptation", "shipped"),
        default="adaptation",
        help="which model to train and score: the adaptation base, or the bundled model's recipe",
    )
    parser.add_argument("--base", type=Path, help="model directory to score (default: train one into WORK)")
    parser.add_argument("--card", type=Path, default=CARD, help="model card whose section to refresh")
    args = parser.parse_args()
    if args.recipe == "shipped":
        model_dir, report = args.base or shipped_model(args.work, args.corpus), SHIPPED_REPORT
    else:
        model_dir, report = args.base or base_model(args.work, args.corpus, 600), REPORT
    report.write_text(json.dumps(heldout_report(model_dir), indent=2) + "\n", encoding="utf-8")
    section = card_section(*reports())
    if args.card.is_file():
        refresh_card(args.card, section)
    print(section)


def reports() -> tuple[dict, dict | None]:
    """The adaptation base's report and the shipped recipe's (``None`` until it is measured)."""
    base = json.loads(REPORT.read_text(encoding="utf-8"))
    shipped = json.loads(SHIPPED_REPORT.read_text(encoding="utf-8")) if SHIPPED_REPORT.is_file() else None
    return base, shipped


if __name__ == "__main__":
    main()
