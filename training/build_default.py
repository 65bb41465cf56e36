"""Rebuild the bundled model, models/default, from the data; one command:

    python training/build_default.py [--corpus ../shared/corpus]

Two trainings, one recipe (``noise train``'s):

1. held-out: every page except the WCXB ``test`` split, the pages of those test pages'
   publishers and all of cwced_zh; saved to training/heldout/model and scored on the pages it
   never saw (WCXB test and cwced_zh, all three converters). These are the figures the model
   card reports as held out and that the quality gate (tests/test_quality_gate.py) re-measures;
   the benchmarks compare them with trafilatura on the same pages' HTML.
2. default: every page (both corpora, all converters, the project corpus, the seeds); saved to
   models/default with the held-out figures in its card.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from noise.cleaner import Cleaner  # noqa: E402
from noise.corpus import read_pages  # noqa: E402
from noise.evaluation import predict_pages, summarise  # noqa: E402
from noise.card import metrics_table  # noqa: E402
from noise.recipe import train_command  # noqa: E402
from noise.training import publisher  # noqa: E402

CONVERTERS = ("html_text", "lxml_blocks", "inscriptis")
PROJECT = ROOT / "training" / "project_corpus" / "pages.jsonl.gz"
SEEDS = sorted((ROOT / "seeds").glob("*.labels.jsonl"))
HELDOUT_DIR = ROOT / "training" / "heldout"
# The seeds are two pages among thousands; they weigh as much as a few dozen pages so that the
# bundled model gets the pages the project started from exactly right.
SOURCE_WEIGHTS = {"seeds": 25.0}


def corpus_files(corpus: Path) -> dict[str, list[Path]]:
    return {name: [corpus / name / f"{converter}.jsonl.gz" for converter in CONVERTERS] for name in ("wcxb", "cwced_zh")}


def held_out_publishers(wcxb_files: list[Path]) -> set[str]:
    return {publisher(page) for page in read_pages(wcxb_files[:1]) if (page.meta or {}).get("split") == "test"}


def write_filtered(source: Path, destination: Path, keep) -> int:
    kept = 0
    with gzip.open(source, "rt", encoding="utf-8") as records, gzip.open(destination, "wt", encoding="utf-8") as out:
        for line in records:
            record = json.loads(line)
            if keep(record):
                out.write(line)
                kept += 1
    return kept


def heldout_report(model_dir: Path, files: dict[str, list[Path]]) -> dict:
    cleaner = Cleaner.load(model_dir)
    report = {}
    for name, paths in files.items():
        for path in paths:
            pages = read_pages([path])
            if name == "wcxb":
                pages = [page for page in pages if (page.meta or {}).get("split") == "test"]
            for page in pages:
                page.source = f"{name}/{path.name.removesuffix('.jsonl.gz')}"
            report[page.source] = summarise(pages, predict_pages(cleaner, pages))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "default")
    parser.add_argument("--skip-heldout", action="store_true", help="reuse training/heldout as it is")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    files = corpus_files(args.corpus)

    if not args.skip_heldout:
        test_publishers = held_out_publishers(files["wcxb"])
        with tempfile.TemporaryDirectory() as scratch:
            train_files = []
            for path in files["wcxb"]:
                filtered = Path(scratch) / f"wcxb-{path.name}"
                write_filtered(
                    path,
                    filtered,
                    lambda r: r["meta"].get("split") != "test"
                    and publisher_of_record(r) not in test_publishers,
                )
                train_files.append(filtered)
            train_files += [PROJECT, *SEEDS]
            heldout = {"excluded_split": "test", "excluded_publishers": len(test_publishers), "excluded_sources": ["cwced_zh"]}
            print(
                train_command(
                    train_files,
                    HELDOUT_DIR / "model",
                    extra_card=HELDOUT_NOTE,
                    extra_meta={"heldout": heldout},
                    source_weights=SOURCE_WEIGHTS,
                ),
                file=sys.stderr,
            )
        report = heldout_report(HELDOUT_DIR / "model", files)
        (HELDOUT_DIR / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    report = json.loads((HELDOUT_DIR / "report.json").read_text(encoding="utf-8"))
    sections = "\n\n".join(f"### {name}\n\n{metrics_table(metrics)}" for name, metrics in report.items())
    extra = (
        "\n## Held-out evaluation\n"
        "A model trained by the same recipe without the WCXB `test` pages, without every page of their\n"
        "publishers and without cwced_zh (training/heldout/model), scored on those pages, per converter:\n\n"
        f"{sections}\n"
    )
    all_files = [*files["wcxb"], *files["cwced_zh"], PROJECT, *SEEDS]
    print(train_command(all_files, args.out, extra_card=extra, source_weights=SOURCE_WEIGHTS), file=sys.stderr)


def publisher_of_record(record: dict) -> str:
    from noise.corpus import LabeledPage

    return publisher(LabeledPage(lines=[], labels=[], domain=record.get("domain") or "", source=record.get("source") or ""))


HELDOUT_NOTE = (
    "\nThis is the held-out model: trained without the WCXB `test` split, the publishers of those pages and\n"
    "cwced_zh, so that it can be scored on them. The bundled model (models/default) trains on everything.\n"
)

if __name__ == "__main__":
    main()
