"""The project corpus's held-out publishers, scored by a model that never saw them:

    python training/project_heldout.py --corpus ../shared/corpus --work /tmp/noise-adapt

The model is the adaptation study's base (``training/adaptation_data.py``: the project corpus's
``train`` split, the seeds and 600 WCXB pages, ``noise train``'s recipe with three folds), trained
once into WORK/base or given with ``--base``. It scores the project corpus's ``heldout`` pages
(publishers, wordings and prose no training page has) by language and by noise category, the
figures the "beyond English" issue asks for. The report goes to
``training/heldout/project_report.json``; ``training/build_default.py`` renders it into the
bundled model's card (``card_section``), and this script refreshes that section of the card in
place, so the card never carries figures of a model it was not measured on.
"""

from __future__ import annotations

import argparse
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


def card_section(document: dict) -> str:
    """The card section for a report written by ``heldout_report``."""
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


def refresh_card(card: Path, section: str) -> None:
    """Replace the card's section (or add it before the held-out WCXB evaluation)."""
    text = card.read_text(encoding="utf-8")
    existing = re.compile(rf"\n{re.escape(SECTION_TITLE)}\n.*?(?=\n## )", re.S)
    if existing.search(text):
        text = existing.sub(lambda _: section.rstrip("\n") + "\n", text, count=1)
    else:
        anchor = "\n## Held-out evaluation\n"
        text = text.replace(anchor, section.rstrip("\n") + "\n" + anchor, 1) if anchor in text else text + section
    temporary = card.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(card)


def main() -> None:
    from evaluate_adaptation import base_model

    parser = argparse.ArgumentParser(prog="python training/project_heldout.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "noise-adapt")
    parser.add_argument("--base", type=Path, help="base model directory (default: train one into WORK/base)")
    parser.add_argument("--card", type=Path, default=CARD, help="model card whose section to refresh")
    args = parser.parse_args()
    model_dir = args.base or base_model(args.work, args.corpus, 600)
    document = heldout_report(model_dir)
    REPORT.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    section = card_section(document)
    if args.card.is_file():
        refresh_card(args.card, section)
    print(section)


if __name__ == "__main__":
    main()
