"""Rebuild the regression set shipped in the package, noise/data/regression.jsonl.gz:

    python training/build_regression_set.py

``noise train --base`` scores it before and after adapting a model to a publisher, so the user
sees that other publishers did not get worse. It holds project-written data only (it ships with
the package):

- from the project corpus's ``train`` split, for every language and page type, the page of that
  kind with the smallest id (about 120 pages: 11 languages, 11 page types, three converters);
- the two seed pages.

The selection depends only on the project corpus and the seeds, so it changes only when they do.
It does not depend on the features: nothing needs rebuilding when the feature set changes.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "training" / "project_corpus" / "pages.jsonl.gz"
SEEDS = sorted((ROOT / "seeds").glob("*.labels.jsonl"))
OUT = ROOT / "noise" / "data" / "regression.jsonl.gz"
FIELDS = ("id", "source", "domain", "lang", "converter", "lines", "labels", "categories", "gold")


def _number(record: dict) -> int:
    return int(str(record["id"]).rsplit("/", 1)[-1])


def select() -> list[dict]:
    with gzip.open(PROJECT, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    chosen: dict[tuple[str, str], dict] = {}
    for record in sorted(records, key=_number):
        if record["meta"]["split"] != "train":
            continue
        kind = (record["lang"], record["meta"]["page_type"])
        chosen.setdefault(kind, record)
    pages = [
        {**{name: record.get(name) for name in FIELDS}, "meta": {"page_type": record["meta"]["page_type"]}}
        for record in sorted(chosen.values(), key=_number)
    ]
    for path in SEEDS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                record.setdefault("categories", [None] * len(record["lines"]))
                record["meta"] = {"page_type": (record.get("meta") or {}).get("page_type", "seed")}
                pages.append({**{name: record.get(name) for name in FIELDS}, "meta": record["meta"]})
    return pages


def main() -> None:
    pages = select()
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as out:
        for page in pages:
            out.write((json.dumps(page, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    OUT.write_bytes(buffer.getvalue())
    lines = sum(1 for page in pages for label in page["labels"] if label is not None)
    print(f"{OUT.relative_to(ROOT)}: {len(pages)} pages, {lines} labeled lines, {OUT.stat().st_size / 1e3:.0f} kB", file=sys.stderr)


if __name__ == "__main__":
    main()
