"""Adapting a model to a publisher (noise.adapt, noise.adapter, noise train --base), on a tiny model
trained from project-written pages and a hand-written publisher it has never seen."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from noise import Cleaner
from noise.adapt import AdaptConfig, adapt_model, fit_adapter, held_out_predictions, score_base
from noise.artifact import ModelError, load_model
from noise.cli import app
from noise.labels import CONTENT, NOISE
from noise.review import Review, ReviewLine, write
from tests.adaptation_fixtures import PUBLISHER, gazette_pages, project_pages, train_tiny_model

runner = CliRunner()


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    return train_tiny_model(tmp_path_factory.mktemp("models") / "tiny")


def _noise_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    tp = (truth & predicted).sum()
    return 2 * tp / max(truth.sum() + predicted.sum(), 1)


def test_a_layer_fitted_on_three_pages_improves_the_other_pages(tiny_model):
    model = load_model(tiny_model)
    pages = gazette_pages(6)
    adapted, _ = adapt_model(model, pages[:3])
    before, after = score_base(model, pages[3:]), score_base(adapted, pages[3:])
    assert _noise_f1(after.is_noise, after.predicted()) > _noise_f1(before.is_noise, before.predicted())
    content_dropped = lambda scores: int((scores.predicted() & ~scores.is_noise).sum())  # noqa: E731
    assert content_dropped(after) <= content_dropped(before)


def test_lines_labeled_content_are_never_dropped_even_against_the_evidence(tiny_model):
    model = load_model(tiny_model)
    pages = gazette_pages(3)
    odd = "Share on Facebook"  # boilerplate by any measure, but the person says it is article text here
    for page in pages:
        page.lines.append(odd)
        page.labels.append(CONTENT)
    adapted, _ = adapt_model(model, pages, AdaptConfig(l2=0.01, content_weight=0.01))
    verdicts = Cleaner(adapted).label_batch([page.text for page in pages])
    for page, page_verdicts in zip(pages, verdicts):
        for label, verdict in zip(page.labels, page_verdicts):
            if label == CONTENT:
                assert not verdict.is_noise, verdict
    other_site = "Other site\nMarket report\n" + odd + "\n"
    base_scores = [v.score for v in Cleaner(model).label(other_site)]
    assert [v.score for v in Cleaner(adapted).label(other_site)] == base_scores, "another publisher's page is left alone"
    everywhere, _ = adapt_model(model, pages, AdaptConfig(l2=0.01, content_weight=0.01, scoped=False))
    assert not Cleaner(everywhere).label(other_site)[2].is_noise


def test_the_layer_applies_to_the_publishers_other_pages_and_not_to_other_publishers(tiny_model):
    from noise.adapt import _Lines
    from noise.linekeys import line_keys

    model = load_model(tiny_model)
    pages = gazette_pages(6)
    adapted, _ = adapt_model(model, pages[:3])
    unseen = score_base(model, pages[3:])
    assert adapted.adapter.on_its_pages(line_keys(unseen.lines), unseen.page).all()
    for scope in adapted.adapter.scopes:  # searched with np.searchsorted: sorted as uint64
        assert scope.keys.dtype == np.uint64 and (scope.keys[1:] > scope.keys[:-1]).all()
    strangers = [page for page in project_pages(2, 2)]
    others = score_base(model, strangers)
    assert not adapted.adapter.on_its_pages(line_keys(others.lines), others.page).any()
    assert np.array_equal(score_base(adapted, strangers).logit, others.logit)
    assert isinstance(_Lines(unseen.lines, unseen.page).page_of_line, np.ndarray)


def test_a_model_without_a_layer_scores_as_before(tiny_model):
    model = load_model(tiny_model)
    assert model.adapter is None
    text = "\n".join(gazette_pages(1)[0].lines)
    empty = fit_adapter(score_base(model, []))
    with_empty = load_model(tiny_model)
    with_empty.adapter = empty
    plain = [v.score for v in Cleaner(model).label(text)]
    assert [v.score for v in Cleaner(with_empty).label(text)] == plain


def test_the_residual_does_not_learn_the_base_models_calibration_on_the_labeled_pages(tiny_model):
    """Scores the base model gives every labeled line, moved by one constant (a model that is
    under-confident on this publisher), leave the residual as it was: the fitted shift takes the
    constant. Without the shift, the residual learns it as a push on the n-grams every line shares."""
    import copy

    from noise.adapt import adapted_logit

    model = load_model(tiny_model)
    pages = gazette_pages(6)
    scores = score_base(model, pages)
    labeled = np.flatnonzero(scores.page < 3)
    unlabeled = np.flatnonzero(scores.page >= 3)
    under_confident = copy.copy(scores)
    under_confident.logit = scores.logit - 1.5

    def residual_on_unlabeled(base, absorb_shift: bool) -> np.ndarray:
        adapter = fit_adapter(base, AdaptConfig(absorb_shift=absorb_shift, noise_boost=0.0, keep_labeled_content=False), labeled)
        return (adapted_logit(adapter, base) - base.logit)[unlabeled]

    with_shift = residual_on_unlabeled(scores, True), residual_on_unlabeled(under_confident, True)
    np.testing.assert_allclose(with_shift[0], with_shift[1], atol=0.02)
    without = residual_on_unlabeled(scores, False), residual_on_unlabeled(under_confident, False)
    assert (without[1] - without[0]).mean() > 0.1, "the calibration would have leaked into the residual"


def test_held_out_predictions_need_two_pages(tiny_model):
    model = load_model(tiny_model)
    assert held_out_predictions(score_base(model, gazette_pages(1))) is None
    predicted = held_out_predictions(score_base(model, gazette_pages(3)))
    assert predicted is not None and predicted.dtype == bool


def _reviews(folder: Path, pages) -> Path:
    for page in pages:
        lines = [ReviewLine(text, label) for text, label in zip(page.lines, page.labels)]
        write(folder / f"{page.id.replace('/', '-')}.review.txt", Review(lines, source=page.id, domain=page.domain))
    return folder


def test_train_base_writes_a_loadable_model_directory(tiny_model, tmp_path, monkeypatch):
    reviews = _reviews(tmp_path / "reviews", gazette_pages(3))
    out = tmp_path / "adapted"
    result = runner.invoke(app, ["train", "--base", str(tiny_model), "--data", str(reviews), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "held out" in result.output and "regression set" in result.output and "base model" in result.output
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["adaptation"]["publishers"] == [PUBLISHER]
    assert meta["adaptation"]["pages"] == 3
    assert meta["adaptation"]["data"] == {  # each review file the folder stood for, with its own hash
        str(path): hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(reviews.glob("*.review.txt"))
    }
    assert "Publisher adaptation" in (out / "README.md").read_text()
    monkeypatch.setenv("NOISE_MODEL", str(out))
    cleaner = Cleaner.load()
    assert cleaner.model.adapter is not None
    for page in gazette_pages(3):
        kept = cleaner.clean(page.text).split("\n")
        assert all(line in kept for line, label in zip(page.lines, page.labels) if label == CONTENT)


def test_a_layer_whose_line_keys_another_version_made_is_refused(tiny_model, tmp_path):
    reviews = _reviews(tmp_path / "reviews", gazette_pages(3))
    out = tmp_path / "adapted"
    assert runner.invoke(app, ["train", "--base", str(tiny_model), "--data", str(reviews), "--out", str(out)]).exit_code == 0
    load_model(out)
    meta = json.loads((out / "metadata.json").read_text())
    del meta["adaptation"]["line_keys"]  # as a layer fitted before keys were versioned
    (out / "metadata.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="keys of another noise version"):
        load_model(out)


def test_adapting_an_adapted_model_keeps_both_publishers(tiny_model):
    model = load_model(tiny_model)
    first, _ = adapt_model(model, gazette_pages(3))
    other = gazette_pages(2)
    for page in other:
        page.domain = "second.example"
        page.lines.append("Keep this sentence about the second publisher's harbour.")
        page.labels.append(CONTENT)
    second, _ = adapt_model(first, other)
    assert set(second.adapter.all_publishers()) == {PUBLISHER, "second.example"}
    assert [layer.publishers for layer in second.adapter.layers()] == [(PUBLISHER,), ("second.example",)]
    for pages in (gazette_pages(3), other):  # each layer's content lines are kept on its publisher's pages
        scores = score_base(second, pages)
        assert not (scores.predicted() & ~scores.is_noise).any()


def test_a_base_without_its_estimators_is_refused_before_fitting(tiny_model, tmp_path, monkeypatch):
    import shutil

    import noise.adapt

    base = tmp_path / "base"
    shutil.copytree(tiny_model, base)
    (base / "estimators.joblib").unlink()
    monkeypatch.setattr(noise.adapt, "adapt_model", lambda *args, **kwargs: pytest.fail("fitted before checking the base"))
    reviews = _reviews(tmp_path / "reviews", gazette_pages(2))
    result = runner.invoke(app, ["train", "--base", str(base), "--data", str(reviews), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "estimators.joblib: missing" in result.output


def test_train_base_reports_bad_review_files(tiny_model, tmp_path):
    reviews = _reviews(tmp_path / "reviews", gazette_pages(2))
    target = next(reviews.glob("*.review.txt"))
    target.write_text(target.read_text(encoding="utf-8").replace("Harbourside Gazette", "Harborside Gazette", 1), encoding="utf-8")
    result = runner.invoke(app, ["train", "--base", str(tiny_model), "--data", str(reviews), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "the text of page line 1 changed" in result.output
    assert not (tmp_path / "m").exists()


def test_noise_labels_are_learned_for_recurring_boilerplate(tiny_model):
    model = load_model(tiny_model)
    pages = gazette_pages(6)
    before = score_base(model, pages[3:])
    adapted, _ = adapt_model(model, pages[:3])
    after = score_base(adapted, pages[3:])
    tides = [i for i, line in enumerate(after.lines) if line.startswith("Tides today")]
    assert tides and before.is_noise[tides].all()
    assert not before.predicted()[tides].any(), "the base model keeps the tides box"
    assert after.predicted()[tides].all(), "the layer learned it from the three labeled pages"


def test_a_category_the_person_gave_is_the_category_of_that_line_on_other_pages(tiny_model):
    model = load_model(tiny_model)
    pages = gazette_pages(4)
    for page in pages[:3]:
        page.categories = ["promo" if line.startswith("Listen to the Harbourside podcast") else None for line in page.lines]
    adapted, _ = adapt_model(model, pages[:3])
    verdicts = Cleaner(adapted).label(pages[3].text)
    footer = [v for v in verdicts if v.text.startswith("Listen to the Harbourside podcast")]
    assert footer and all(v.is_noise and v.category == "promo" for v in footer)
    before = Cleaner(model).label(pages[3].text)
    assert [v.category for v in before if v.text.startswith("Listen")] != ["promo"], "the base model must not already say so"


def test_a_page_scope_counts_distinct_template_lines_per_page():
    from noise.adapter import PageScope
    from noise.linekeys import line_keys

    template = np.sort(line_keys(["Harbourside Gazette", "Top stories", "Contact the newsroom", "Listen to our podcast"]))
    scope = PageScope(template, min_lines=3)
    lines = [
        "Top stories", "Top stories", "Top stories", "Harbourside Gazette", "A sentence of the article.",  # page 0: two distinct
        "TOP STORIES", "Harbourside  Gazette", "Contact the newsroom", "Another article sentence.",  # page 1: three, up to case and spacing
        "Nothing of the template here.",  # page 2
    ]
    pages = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 2])
    assert scope.pages(line_keys(lines), pages, 3).tolist() == [False, True, False]


def test_metrics_without_noise_lines_print_a_dash_not_zero(tiny_model, tmp_path):
    """Pages whose lines are all labeled content have no noise precision, recall or F1: the report
    says "-" and the card "–" where 0.000 would read as the worst score."""
    pages = [dataclasses.replace(page, labels=[None if label is None else CONTENT for label in page.labels]) for page in gazette_pages(3)]
    reviews = _reviews(tmp_path / "reviews", pages)
    out = tmp_path / "adapted"
    result = runner.invoke(app, ["train", "--base", str(tiny_model), "--data", str(reviews), "--out", str(out)])
    assert result.exit_code == 0, result.output
    held_out = result.output.split("held out:")[1].split("regression set")[0]
    rows = [line.split() for line in held_out.splitlines() if line.strip().startswith(("base model", "adapted"))]
    assert len(rows) == 2 and all(row[-4:-1] == ["-", "-", "-"] and 0 <= float(row[-1]) <= 1 for row in rows)
    card = (out / "README.md").read_text()
    held_out_rows = [line for line in card.splitlines() if line.startswith("| labeled pages, each held out |")]
    assert len(held_out_rows) == 2 and all(" | – | – | – | " in line for line in held_out_rows)
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["adaptation"]["held_out"]["adapted"]["noise_lines"] == 0
