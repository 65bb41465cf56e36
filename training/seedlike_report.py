"""Score a model on the seed-shaped pages written by hand (training/seedlike) and put the figures
in its card:

    python training/seedlike_report.py [--model models/default]

The report goes to training/heldout/seedlike_report.json when the model is the bundled one, and
the card's section "Seed-shaped pages written by hand" is replaced in place. training/build_default.py
runs this on the model it builds.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

PAGES = ROOT / "training" / "seedlike" / "pages.jsonl"
DEFAULT_MODEL = ROOT / "models" / "default"
REPORT = ROOT / "training" / "heldout" / "seedlike_report.json"
SECTION_TITLE = "## Seed-shaped pages written by hand"


def seedlike_report(model_dir: Path) -> dict:
    """``noise eval``'s report of ``model_dir`` on the seed-shaped pages."""
    from noise.cleaner import Cleaner
    from noise.corpus import read_pages
    from noise.evaluation import evaluate_pages

    cleaner = Cleaner.load(model_dir)
    return {"threshold": cleaner.threshold, "report": evaluate_pages(cleaner, read_pages([PAGES]))}


def card_section(document: dict) -> str:
    from noise.card import metrics_table

    report = document["report"]
    overall = report["overall"]["all"]
    table = metrics_table({kind: report[kind] for kind in ("overall", "lang", "page_type") if kind in report})
    categories = overall.get("categories") or {}
    leaks = ", ".join(
        f"{name} {1 - m['dropped']:.2f}"
        for name, m in sorted(categories.get("by_category", {}).items(), key=lambda item: -item[1]["noise_lines"])
        if "dropped" in m
    )
    accuracy = categories.get("accuracy")
    summary = textwrap.fill(
        f"Category accuracy on the {categories.get('lines', 0)} noise lines it drops: "
        + (f"{accuracy:.3f}" if accuracy is not None else "–")
        + (f". Share of each category's noise lines it keeps: {leaks}." if leaks else "."),
        width=100,
    )
    return f"""
{SECTION_TITLE}
The {overall['pages']} short pages of `training/seedlike/` (news, broadcast, aggregator and interview pages in
{len(report.get('lang', {}))} languages, shaped like the seeds: the article with a few noise lines beside it), written by
hand for this check and never trained on; threshold {document['threshold']:.2f}
(`python training/seedlike_report.py`):

{table}

{summary}
"""


def report_into_card(model_dir: Path) -> str:
    """Score ``model_dir``, keep the report when it is the bundled model, refresh its card's section."""
    from project_heldout import refresh_card

    from noise.artifact import CARD_FILE

    document = seedlike_report(model_dir)
    if model_dir.resolve() == DEFAULT_MODEL.resolve():
        REPORT.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    section = card_section(document)
    if (model_dir / CARD_FILE).is_file():
        refresh_card(model_dir / CARD_FILE, section, SECTION_TITLE)
    return section


def main() -> None:
    parser = argparse.ArgumentParser(prog="python training/seedlike_report.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="model directory (its card is refreshed)")
    args = parser.parse_args()
    print(report_into_card(args.model))


if __name__ == "__main__":
    main()
