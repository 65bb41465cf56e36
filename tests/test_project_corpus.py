"""The project-written labeled corpus (training/project_corpus): format, labels, split, determinism."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from noise.labels import CATEGORIES, CONTENT, NOISE

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "training" / "project_corpus"
PAGES = CORPUS / "pages.jsonl.gz"
LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "pl", "ru", "zh", "ja", "ko")
PAGE_TYPES = ("aggregator", "broadcast", "news", "interview", "blog", "forum", "qa", "recipe", "product", "docs", "listing")
CONVERTERS = ("html_text", "lxml_blocks", "inscriptis")
FIELDS = ("id", "source", "url", "domain", "lang", "converter", "lines", "labels", "categories", "gold", "meta")


@pytest.fixture(scope="module")
def records() -> list[dict]:
    with gzip.open(PAGES, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    datasets = pytest.importorskip("datasets")
    cache = tmp_path_factory.mktemp("hf-cache")
    return datasets.load_dataset("json", data_files=str(PAGES), split="train", cache_dir=str(cache))


def test_datasets_reads_the_same_pages(records, dataset):
    assert dataset.num_rows == len(records)
    assert set(FIELDS) <= set(dataset.column_names)
    assert dataset["id"] == [r["id"] for r in records]
    assert dataset[0]["lines"] == records[0]["lines"]
    assert dataset[len(records) - 1]["labels"] == records[-1]["labels"]


def test_enough_pages_in_every_language(records):
    assert len(records) >= 300
    per_lang = Counter(r["lang"] for r in records)
    assert set(per_lang) == set(LANGUAGES)
    assert all(per_lang[lang] >= 25 for lang in LANGUAGES), per_lang


def test_record_shape(records):
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    for r in records:
        assert tuple(r)[: len(FIELDS)] == FIELDS
        assert r["source"] == "project" and r["id"].startswith("project/")
        assert r["converter"] in CONVERTERS
        assert r["url"].startswith(f"https://{r['domain']}/")
        assert r["meta"]["split"] in ("train", "heldout")
        assert r["meta"]["page_type"] in PAGE_TYPES
        assert r["meta"]["template"]


def test_every_page_type_and_converter_occurs(records):
    assert {r["meta"]["page_type"] for r in records} == set(PAGE_TYPES)
    assert {r["converter"] for r in records} == set(CONVERTERS)


def test_seed_page_kinds_in_every_language(records):
    kinds = defaultdict(set)
    for r in records:
        kinds[r["lang"]].add(r["meta"]["page_type"])
    for lang in LANGUAGES:
        assert {"aggregator", "broadcast", "news"} <= kinds[lang], lang
        assert kinds[lang] & {"forum", "qa"}, lang


def test_converter_layouts(records):
    for r in records:
        lines = r["lines"]
        blank_runs = sum(1 for a, b in zip(lines, lines[1:]) if not a.strip() and not b.strip())
        if r["converter"] == "lxml_blocks":
            assert blank_runs == 0, r["id"]  # at most one blank line in a row
        if r["converter"] == "inscriptis":
            assert all(line == line.rstrip() for line in lines), r["id"]  # right-stripped
    assert any(line.startswith(" ") for r in records if r["converter"] == "inscriptis" for line in r["lines"])


def test_labels_align_with_lines(records):
    for r in records:
        lines, labels = r["lines"], r["labels"]
        assert len(labels) == len(lines) == len(r["categories"]), r["id"]
        for line, label in zip(lines, labels):
            assert "\n" not in line and "\r" not in line
            if line.strip() == "":
                assert label is None, (r["id"], line)
            else:
                assert label in (CONTENT, NOISE), (r["id"], line)
        assert CONTENT in labels and NOISE in labels, r["id"]


def test_categories_exactly_on_noise_lines(records):
    for r in records:
        for line, label, category in zip(r["lines"], r["labels"], r["categories"]):
            if label == NOISE:
                assert category in CATEGORIES, (r["id"], line, category)
            else:
                assert category is None, (r["id"], line, category)


def test_every_category_occurs(records):
    seen = Counter(c for r in records for c in r["categories"] if c)
    assert set(seen) == set(CATEGORIES), set(CATEGORIES) - set(seen)


def test_gold_is_the_content_lines(records):
    for r in records:
        content = [line for line, label in zip(r["lines"], r["labels"]) if label == CONTENT]
        assert r["gold"] == "\n".join(content), r["id"]


def test_heldout_domains_disjoint_and_in_every_language(records):
    domains = defaultdict(set)
    for r in records:
        domains[r["meta"]["split"]].add(r["domain"])
    assert domains["train"].isdisjoint(domains["heldout"])
    heldout_langs = {r["lang"] for r in records if r["meta"]["split"] == "heldout"}
    assert heldout_langs == set(LANGUAGES)
    share = len(domains["heldout"]) / (len(domains["heldout"]) + len(domains["train"]))
    assert 0.1 <= share <= 0.3


def test_publishers_recur(records):
    per_domain = Counter(r["domain"] for r in records)
    assert min(per_domain.values()) >= 3 and max(per_domain.values()) <= 18
    per_lang = defaultdict(set)
    for r in records:
        per_lang[r["lang"]].add(r["domain"])
    assert all(len(per_lang[lang]) >= 10 for lang in LANGUAGES)


def test_regeneration_is_byte_identical(tmp_path):
    out = tmp_path / "pages.jsonl.gz"
    subprocess.run([sys.executable, str(CORPUS / "generate.py"), "--out", str(out)], check=True, cwd=tmp_path, timeout=120)
    assert out.read_bytes() == PAGES.read_bytes(), "pages.jsonl.gz is stale: rerun training/project_corpus/generate.py"
