"""The quality gate: pinned floors for the figures the model card and the issues promise.

The held-out model (training/heldout/model: same recipe as the bundled model, trained without
the WCXB test split, those pages' publishers and half of cwced_zh's publishers, named in its
metadata) is re-scored here on the pages it never saw, and every figure must reach its floor in
tests/quality_floors.json. The floors file
records the SHA-256 of the data the figures come from: if the data changes, the gate fails
until the figures are re-measured. Lowering a floor is an edit to that file, visible in review.

Without ../shared/corpus the gate skips with a reason; NOISE_REQUIRE_CORPUS=1 (set by .ci/run)
turns that skip into a failure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from noise.artifact import sha256_of
from noise.cleaner import Cleaner
from noise.corpus import read_pages
from noise.evaluation import predict_pages, summarise
from noise.training import publisher
from tests.conftest import ROOT

FLOORS = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))
CORPUS = Path(os.environ.get("NOISE_CORPUS", ROOT.parent / "shared" / "corpus"))
HELDOUT_MODEL = ROOT / "training" / "heldout" / "model"


def _corpus_or_skip() -> Path:
    if CORPUS.is_dir():
        return CORPUS
    if os.environ.get("NOISE_REQUIRE_CORPUS"):
        pytest.fail(f"NOISE_REQUIRE_CORPUS is set but the corpus is missing at {CORPUS}")
    pytest.skip(f"labeled corpus not found at {CORPUS} (set NOISE_CORPUS); the quality gate needs it")


@pytest.fixture(scope="module")
def heldout_scores() -> dict:
    corpus = _corpus_or_skip()
    for name, expected in FLOORS["data_sha256"].items():
        actual = sha256_of(corpus / name)
        assert actual == expected, (
            f"{name} changed (sha256 {actual[:12]}…, floors measured on {expected[:12]}…): "
            "re-measure with training/build_default.py and update tests/quality_floors.json"
        )
    cleaner = Cleaner.load(HELDOUT_MODEL)
    scored_zh = set(_heldout_meta()["heldout"]["scored_publishers"]["cwced_zh"])
    scores = {}
    for name in FLOORS["data_sha256"]:
        pages = read_pages([corpus / name])
        if name.startswith("wcxb/"):
            pages = [page for page in pages if (page.meta or {}).get("split") == "test"]
        else:
            pages = [page for page in pages if publisher(page) in scored_zh]
        scores[name] = summarise(pages, predict_pages(cleaner, pages))
    return scores


@pytest.mark.parametrize("check", FLOORS["floors"], ids=lambda check: f"{check['data']}:{check['slice']}:{check['metric']}")
def test_heldout_figure_reaches_its_floor(heldout_scores, check):
    report = heldout_scores[check["data"]]
    kind, _, name = check["slice"].partition("=")
    metrics = report[kind][name or "all"]
    group, key = check["metric"].split(".")
    value = metrics[group][key]
    assert value >= check["floor"], f"{check['data']} {check['slice']} {check['metric']} = {value:.4f} < floor {check['floor']}"


def test_the_figures_the_issues_name_are_pinned_for_every_converter():
    """Token F1 overall, and noise-line F1 and content-line recall on WCXB articles, for each of
    the six scored files: a floor cannot go missing unnoticed."""
    pinned = {(c["data"], c["slice"], c["metric"]) for c in FLOORS["floors"]}
    for data in FLOORS["data_sha256"]:
        assert (data, "overall", "tokens.f1") in pinned
        if data.startswith("wcxb/"):
            assert (data, "page_type=article", "lines.noise_f1") in pinned
            assert (data, "page_type=article", "lines.content_recall") in pinned


def _heldout_meta() -> dict:
    return json.loads((HELDOUT_MODEL / "metadata.json").read_text(encoding="utf-8"))


def test_heldout_model_never_saw_the_scored_publishers():
    corpus = _corpus_or_skip()
    heldout = _heldout_meta()["heldout"]
    assert heldout["excluded_split"] == "test"
    scored = {name: set(found) for name, found in heldout["scored_publishers"].items()}
    assert scored["wcxb"] and scored["cwced_zh"]
    # The training files the model recorded are the build's filtered copies; check the rule they
    # were written by instead: no page of a scored publisher may be outside the scored set.
    for name, directory in (("wcxb", "wcxb"), ("cwced_zh", "cwced_zh")):
        pages = read_pages([corpus / directory / "html_text.jsonl.gz"])
        if name == "wcxb":
            test_publishers = {publisher(page) for page in pages if (page.meta or {}).get("split") == "test"}
            assert test_publishers == scored["wcxb"]
        else:
            everyone = sorted({publisher(page) for page in pages})
            assert scored["cwced_zh"] == set(everyone[1::2])
