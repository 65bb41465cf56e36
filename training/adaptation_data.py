"""The data behind ``training/evaluate_adaptation.py``: held-out publishers and a base model that never saw them.

Publishers (registrable domains) are held out from the base model's training when they have at
least three pages:

- **test**: WCXB publishers with at least five pages, and the project corpus's ``heldout``
  publishers with at least five pages. Nothing is tuned on them.
- **tune**: WCXB publishers with three or four pages and the project corpus's other ``heldout``
  publishers. The adaptation's and publisher memory's settings were chosen on these.

The base model trains with ``noise train``'s recipe on the project corpus's ``train`` split, the
seeds and a fixed sample of the remaining WCXB pages (one converter per page, rotating, so all
three converters are represented at a third of the cost). It stands in for the shipped model:
a user's publisher is one the shipped model has not seen.

Corpus text is written only to the work directory (never into the repository).
"""

from __future__ import annotations

import gzip
import json
import random
from collections import defaultdict
from pathlib import Path

from noise.compression import text_writer
from noise.corpus import LabeledPage, page_of_record
from noise.training import publisher

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "training" / "project_corpus" / "pages.jsonl.gz"
SEEDS = sorted((ROOT / "seeds").glob("*.labels.jsonl"))
CONVERTERS = ("html_text", "lxml_blocks", "inscriptis")
TEST_MIN_PAGES = 5
HELD_OUT_MIN_PAGES = 3


def publisher_of(record: dict) -> str:
    return publisher(LabeledPage(lines=[], labels=[], domain=record.get("domain") or "", source=record.get("source") or ""))


def _records(path: Path):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def wcxb_records(corpus: Path) -> dict[str, list[dict]]:
    """Every WCXB record by converter, in file order."""
    return {converter: list(_records(corpus / "wcxb" / f"{converter}.jsonl.gz")) for converter in CONVERTERS}


def held_out_publishers(wcxb: dict[str, list[dict]]) -> dict[str, str]:
    """Publisher -> ``test`` or ``tune``, for WCXB (``wcxb:`` prefix) and the project corpus (``project:``)."""
    roles = {}
    counts: dict[str, int] = defaultdict(int)
    for record in wcxb["html_text"]:
        counts[publisher_of(record)] += 1
    for name, count in counts.items():
        if count >= HELD_OUT_MIN_PAGES and not name.startswith("unknown:"):
            roles[f"wcxb:{name}"] = "test" if count >= TEST_MIN_PAGES else "tune"
    project: dict[str, int] = defaultdict(int)
    for record in _records(PROJECT):
        if record["meta"]["split"] == "heldout":
            project[publisher_of(record)] += 1
    for name, count in project.items():
        roles[f"project:{name}"] = "test" if count >= TEST_MIN_PAGES else "tune"
    return roles


def write_base_training_data(corpus: Path, folder: Path, wcxb_pages: int, seed: int = 0) -> list[Path]:
    """The base model's training files (see the module docstring): a WCXB sample, the project
    corpus's ``train`` split (one file each: their records differ in shape) and the seeds."""
    wcxb = wcxb_records(corpus)
    held_out = held_out_publishers(wcxb)
    candidates = [
        number
        for number, record in enumerate(wcxb["html_text"])
        if f"wcxb:{publisher_of(record)}" not in held_out and not publisher_of(record).startswith("unknown:")
    ]
    chosen = sorted(random.Random(seed).sample(candidates, min(wcxb_pages, len(candidates))))
    folder.mkdir(parents=True, exist_ok=True)
    wcxb_path, project_path = folder / "base-wcxb.jsonl.gz", folder / "base-project.jsonl.gz"
    with text_writer(wcxb_path) as out:
        for position, number in enumerate(chosen):
            record = wcxb[CONVERTERS[position % len(CONVERTERS)]][number]
            out.write(json.dumps(_slim(record), ensure_ascii=False) + "\n")
    with text_writer(project_path) as out:
        for record in _records(PROJECT):
            if record["meta"]["split"] == "train":
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return [wcxb_path, project_path, *SEEDS]


def _slim(record: dict) -> dict:
    keep = ("id", "source", "domain", "lang", "converter", "lines", "labels", "gold", "meta")
    return {key: record[key] for key in keep if key in record}


def publisher_pages(corpus: Path) -> dict[str, dict[str, list[LabeledPage]]]:
    """Held-out publisher -> converter -> its pages (sorted by id). Project pages have one converter each."""
    wcxb = wcxb_records(corpus)
    roles = held_out_publishers(wcxb)
    found: dict[str, dict[str, list[LabeledPage]]] = defaultdict(lambda: defaultdict(list))
    for converter, records in wcxb.items():
        for record in records:
            name = f"wcxb:{publisher_of(record)}"
            if name in roles:
                found[name][converter].append(_page(record))
    for record in _records(PROJECT):
        name = f"project:{publisher_of(record)}"
        if name in roles and record["meta"]["split"] == "heldout":
            found[name]["project"].append(_page(record))
    for by_converter in found.values():
        for pages in by_converter.values():
            pages.sort(key=lambda page: page.id)
    return {name: dict(by_converter) for name, by_converter in found.items()}


def _page(record: dict) -> LabeledPage:
    return page_of_record(record)
