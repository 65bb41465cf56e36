"""Where a line sits: title lines ("Headline | Site") point at the headline they repeat."""

import numpy as np
import pytest

from noise.batch import Batch
from noise.features import BASE_NAMES, base_features
from noise.lines import Page

TITLED = BASE_NAMES.index("title_of_a_line_below")
HEADLINE = BASE_NAMES.index("is_headline")


@pytest.mark.parametrize(
    "title",
    [
        "Harbour bridge reopens after repairs | Riverside Ledger",
        "Riverside Ledger: Harbour bridge reopens after repairs",
        "Harbour bridge reopens after repairs\u3000–\u3000Riverside Ledger",
        "Harbour bridge reopens after repairs \x1c- Riverside Ledger",
        "Riverside Ledger :\tHarbour bridge reopens after repairs",
        "Harbour bridge reopens after repairs｜Riverside Ledger｜News",
        "Harbour bridge reopens after repairs_Riverside Ledger",
        "Harbour bridge reopens after repairs__News_Riverside Ledger",
        "Harbour bridge reopens after repairs--Riverside Ledger",
        "Harbour bridge reopens after repairs——Riverside Ledger",
        "Riverside Ledger：Harbour bridge reopens after repairs",
    ],
)
def test_a_title_line_points_at_the_headline_it_repeats(title):
    lines = ["Home", "News", title, "Menu", "Harbour bridge reopens after repairs", "The bridge carried its first cars on Tuesday."]
    features = base_features(Batch.from_pages([Page.from_lines(lines)]))
    assert features[:, TITLED].tolist() == [0, 0, 1, 0, 0, 0]
    assert np.flatnonzero(features[:, HEADLINE]).tolist() == [4]


def test_parts_shorter_than_twelve_characters_or_without_a_match_point_nowhere():
    lines = ["Short part | Site", "Short part", "Separator › but not a title separator here", "Separator"]
    features = base_features(Batch.from_pages([Page.from_lines(lines)]))
    assert features[:, TITLED].tolist() == [0, 0, 0, 0]
    assert features[:, HEADLINE].tolist() == [0, 0, 0, 0]


def test_a_chinese_title_line_with_an_underscore_points_at_the_headline():
    lines = ["首页", "新闻", "市营公交四月起全线推行无现金支付_北滨新闻网", "市营公交四月起全线推行无现金支付", "北滨市交通局十二日宣布了这一消息。"]
    features = base_features(Batch.from_pages([Page.from_lines(lines)]))
    assert features[:, TITLED].tolist() == [0, 0, 1, 0, 0]
    assert np.flatnonzero(features[:, HEADLINE]).tolist() == [3]


def test_a_hyphen_inside_a_word_is_not_a_title_separator():
    lines = ["Harbour bridge reopens after repairs-Riverside Ledger", "Harbour bridge reopens after repairs"]
    features = base_features(Batch.from_pages([Page.from_lines(lines)]))
    assert features[:, TITLED].tolist() == [0, 0]


def test_a_lone_headline_and_a_run_of_teasers_are_told_apart_by_their_neighbours():
    lines = [
        "Home",
        "News",
        "Harbour bridge reopens after two years of repairs",
        "12 March 2026",
        "Share",
        "The old harbour bridge carried its first cars on Tuesday morning.",
        "Related stories",
        "Library extends weekend opening hours in the spring",
        "Local bakery wins the regional bread prize again",
        "Ferry timetable changes for the summer season",
        "港湾大桥修复两年后重新通车",  # fourteen Han characters: a headline's reading length
    ]
    features = base_features(Batch.from_pages([Page.from_lines(lines)]))
    shaped, run, near = (features[:, BASE_NAMES.index(name)] for name in ("headline_shaped", "log_headline_run", "headline_shaped_near"))
    assert np.flatnonzero(shaped).tolist() == [2, 7, 8, 9, 10]  # not the date (too short), the widget or the sentence
    assert np.expm1(run[[2, 7, 8, 9, 10]]).round().tolist() == [1, 4, 4, 4, 4]
    assert near[[2, 7, 8]].tolist() == [0, 3, 3]


def test_headline_columns_do_not_reach_across_pages_of_a_batch():
    teasers = [
        "Library extends weekend opening hours in the spring",
        "Local bakery wins the regional bread prize again",
    ]
    lone = ["Menu", "Harbour bridge reopens after two years of repairs", "Share"]
    names = [BASE_NAMES.index(name) for name in ("headline_shaped", "log_headline_run", "headline_shaped_near")]
    together = base_features(Batch.from_pages([Page.from_lines(teasers), Page.from_lines(lone)]))[:, names]
    alone = np.vstack([base_features(Batch.from_pages([Page.from_lines(page)]))[:, names] for page in (teasers, lone)])
    assert together.tolist() == alone.tolist()
    assert together[3, 2] == 0  # the two teaser-shaped lines just above it in the batch are on another page


def test_a_pages_sums_and_article_block_are_the_same_whichever_pages_come_before_it():
    from noise.context import PageArrays

    rng = np.random.default_rng(3)
    page = rng.random(40)
    page[[5, 9]] = 0.3  # equal values: the block's ends tie, and only exact sums keep the tie
    before = rng.random(5000) * 400  # a long page of large values: a float running sum rounds coarsely after it

    def columns(pages):
        layout = Batch.from_pages([Page.from_lines([f"line {n}" for n in range(len(p))]) for p in pages]).layout
        arrays, values = PageArrays(layout), np.concatenate(pages)
        start, end = arrays.best_block(values - 0.5)
        own = slice(len(values) - len(page), None)
        offset = len(values) - len(page)
        return (
            [arrays.window_mean(values, radius)[own].tolist() for radius in (1, 3, 10)],
            [part[own].tolist() for part in arrays.sum_before_after(values)],
            (start[own] - offset).tolist(),
            (end[own] - offset).tolist(),
        )

    assert columns([before, page]) == columns([page])


def test_a_pages_verdicts_and_scores_are_the_same_alone_and_after_other_pages():
    from noise import Cleaner

    cleaner = Cleaner.load()
    page = "Menu\nHome | World | Politics | Business | Tech\nRelated stories\nSign in\nMenu\nSign in\nSkip to main content\nSign in\n"
    others = ["Menu\n" * 3, "Harbour ferry keeps its winter timetable\nThe council agreed on Monday.\n" * 40]
    alone = [(verdict.is_noise, verdict.score) for verdict in cleaner.label(page)]
    for before in (others[:1], others[1:], others):
        assert [(verdict.is_noise, verdict.score) for verdict in cleaner.label_batch([*before, page])[-1]] == alone
