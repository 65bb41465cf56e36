"""A crawl dump of one made-up publisher, for walking and timing the "add a publisher" loop:

    python training/publisher_dump.py --out /tmp/harbourside --pages 20
    python training/publisher_dump.py --out /tmp/harbourside --correct /tmp/harbourside/reviews

The first form writes ``dump/page-01.txt`` ... (the raw text a scraper saved) and ``truth.jsonl``
(every page's true labels, corpus format). The publisher is invented for the walkthrough: the
project corpus's generator writes its pages (held-out wordings and prose, its own house style),
so no model has seen them. The second form plays the person at the editor: it rewrites the
verdicts of the review files under ``--correct`` with the true labels.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from training.project_corpus.corpus import DEFAULT_SEED, _record  # noqa: E402
from training.project_corpus.languages import for_split, load  # noqa: E402
from training.project_corpus.layout import CONVERTERS, render  # noqa: E402
from training.project_corpus.page_types import assemblers, new_page  # noqa: E402
from training.project_corpus.publishers import HELDOUT, KIND_PAGES, Publisher, house_style  # noqa: E402

NAME, DOMAIN = "Harbourside Gazette", "harbourside-gazette.example"


def pages(count: int, lang_code: str = "en", kind: str = "news", seed: int = DEFAULT_SEED) -> list[dict]:
    lang = load(lang_code)
    style = house_style(lang, kind, HELDOUT, random.Random(f"{seed}:{DOMAIN}"))
    publisher = Publisher(lang_code, NAME, DOMAIN, kind, HELDOUT, style)
    written = for_split(lang_code, HELDOUT)
    build = assemblers()
    records = []
    for number in range(count):
        rng = random.Random(f"{seed}:{DOMAIN}:{number}")
        page_type = max(KIND_PAGES[kind], key=KIND_PAGES[kind].get)  # one page type: a news site's articles
        blocks, template = build[page_type](new_page(written, publisher, rng))
        converter = CONVERTERS[0]  # one scraper for the whole dump
        records.append(_record(number, lang, publisher, page_type, template, converter, render(blocks, converter, rng), number))
    return records


def write_dump(out: Path, count: int) -> None:
    (out / "dump").mkdir(parents=True, exist_ok=True)
    with open(out / "truth.jsonl", "w", encoding="utf-8") as truth:
        for number, record in enumerate(pages(count), 1):
            (out / "dump" / f"page-{number:02d}.txt").write_text("\n".join(record["lines"]) + "\n", encoding="utf-8")
            record["id"] = f"dump/page-{number:02d}.txt"
            truth.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {count} pages of {DOMAIN} to {out / 'dump'} and their labels to {out / 'truth.jsonl'}", file=sys.stderr)


def correct(out: Path, reviews: Path) -> None:
    """Rewrite each review file's verdicts with the true labels, as a careful person would."""
    from noise.review import ReviewLine, read, write

    truth = {}
    for line in open(out / "truth.jsonl", encoding="utf-8"):
        record = json.loads(line)
        truth[Path(record["id"]).name] = record
    for path in sorted(reviews.rglob("*.review.txt")):
        review = read(path)
        record = truth[Path(review.source).name]
        review.lines = [
            ReviewLine(line.text, label, category if label == "noise" else None, line.uncertain)
            for line, label, category in zip(review.lines, record["labels"], record["categories"])
        ]
        write(path, review)
    print(f"corrected the review files under {reviews}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--correct", type=Path, help="review folder to correct with the true labels")
    args = parser.parse_args()
    if args.correct:
        correct(args.out, args.correct)
    else:
        write_dump(args.out, args.pages)


if __name__ == "__main__":
    main()
