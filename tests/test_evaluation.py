"""Scoring: line metrics, category accuracy, and the cost-based threshold choice."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from noise.corpus import LabeledPage
from noise.evaluation import summarise
from noise.metrics import line_scores
from noise.recipe import choose_threshold


def test_line_scores_count_noise_as_the_positive_class():
    truth = [True, True, False, False, False]
    predicted = [True, False, True, False, False]
    scores = line_scores(truth, predicted)
    assert scores.noise_precision == pytest.approx(0.5)
    assert scores.noise_recall == pytest.approx(0.5)
    assert scores.content_recall == pytest.approx(2 / 3)
    assert scores.lines == 5
    assert line_scores(np.array(truth), np.array(predicted)) == scores


def test_line_scores_refuse_misaligned_inputs():
    with pytest.raises(ValueError):
        line_scores([True, False], [True])


def _page() -> LabeledPage:
    return LabeledPage(
        lines=["Home | News", "", "Harbour bridge reopens", "Share this", "By A. Writer"],
        labels=["noise", None, "content", "noise", "noise"],
        categories=["navigation", None, None, "share", "credit"],
        id="p1",
        lang="en",
    )


def test_category_accuracy_counts_dropped_noise_lines_with_a_known_category():
    page = _page()
    dropped = [np.array([True, False, False, True, False])]
    categories = [["navigation", None, None, "promo", None]]
    report = summarise([page], dropped, categories)
    assert report["overall"]["all"]["categories"] == {
        "lines": 2,
        "accuracy": 0.5,
        "by_category": {"navigation": {"lines": 1, "accuracy": 1.0}, "share": {"lines": 1, "accuracy": 0.0}},
    }
    assert "categories" not in summarise([page], dropped)["overall"]["all"]


def test_threshold_choice_weighs_a_dropped_content_line_as_four_kept_noise_lines():
    # Three lines: a content line scored 0.62 and two noise lines scored 0.6 and 0.7.
    # Dropping at 0.6 or below costs the content line (4); at 0.65 and 0.7 one noise line is kept
    # (1); at 0.75 and above both are (2). The cheapest, ties to the higher threshold: 0.7.
    table = SimpleNamespace(is_noise=np.array([False, True, True]), page=np.zeros(3, dtype=np.int64))
    result = SimpleNamespace(table=table, out_of_fold=np.array([0.62, 0.6, 0.7]))
    assert choose_threshold(result, []) == pytest.approx(0.7)
    assert choose_threshold(result, [], content_cost=0.1) == pytest.approx(0.6)


def test_threshold_choice_weighs_every_page_the_same():
    # Page 0: one content line scored 0.62. Page 1: eight noise lines scored 0.6. Counted per line,
    # keeping the eight (cost 8) is worse than dropping the content line (4): 0.6. Counted per
    # page, keeping page 1's noise costs 8 x 1/8 = 1 against 4 x 1 for page 0's content line, so
    # the cheapest thresholds are those above 0.62, and ties go to the highest: 0.95.
    table = SimpleNamespace(is_noise=np.array([False] + [True] * 8), page=np.array([0] + [1] * 8))
    result = SimpleNamespace(table=table, out_of_fold=np.array([0.62] + [0.6] * 8))
    assert choose_threshold(result, []) == pytest.approx(0.95)
