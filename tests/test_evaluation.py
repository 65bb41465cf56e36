"""Scoring: line metrics, category accuracy, and the cost-based threshold choice."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from noise.card import metrics_table
from noise.corpus import LabeledPage, read_pages
from noise.evaluation import format_report, summarise
from noise.labels import CONTENT, NOISE
from noise.metrics import line_scores, printed_rates, printed_token_rates
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


def test_rates_without_their_lines_print_as_a_dash_not_a_score():
    """A slice with no noise line has no noise precision, recall or F1 (line_scores gives 0.0),
    one with no content line no content recall (1.0): the table says "-", the card "–"."""
    only_content = line_scores([False, False], [False, True]).as_dict()
    only_noise = line_scores([True, True], [True, False]).as_dict()
    assert (only_content["noise_lines"], only_noise["noise_lines"]) == (0, 2)
    assert printed_rates(only_content) == ["-", "-", "-", "0.500"]
    assert printed_rates(only_noise, dash="–") == ["1.000", "0.500", "0.667", "–"]
    pages = [
        LabeledPage(lines=["A", "B"], labels=[CONTENT, CONTENT], lang="en"),
        LabeledPage(lines=["Menu", "Home"], labels=[NOISE, NOISE], lang="de"),
    ]
    table = format_report(summarise(pages, [np.array([False, True]), np.array([True, False])])).splitlines()
    assert next(row for row in table if row.startswith("lang=en")).split()[3:7] == ["-", "-", "-", "0.500"]
    assert next(row for row in table if row.startswith("lang=de")).split()[3:7] == ["1.000", "0.500", "0.667", "-"]
    card = metrics_table(summarise(pages[:1], [np.array([False, True])]))
    assert "| overall | 1 | 2 | – | – | – | 0.500 |" in card


def test_token_rates_no_page_defines_print_as_a_dash():
    """An all-noise page whose gold is empty, cleaned to nothing: right, but token P, R and F1
    have no page to average over (they were printed 0.000 beside a page-mean F1 of 1.0)."""
    pages = [LabeledPage(lines=["Menu", "Share"], labels=[NOISE, NOISE], gold="", lang="en")]
    report = summarise(pages, [np.array([True, True])])
    tokens = report["overall"]["all"]["tokens"]
    assert (tokens["precision_pages"], tokens["recall_pages"], tokens["page_mean_f1"]) == (0, 0, 1.0)
    assert printed_token_rates(tokens) == ["-", "-", "-"]
    row = next(row for row in format_report(report).splitlines() if row.startswith("overall"))
    assert row.split()[-3:] == ["-", "-", "-"]
    kept_all = summarise(pages, [np.array([False, False])])["overall"]["all"]["tokens"]
    assert printed_token_rates(kept_all, dash="–") == ["0.000", "–", "–"]  # kept text, none of it gold


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
        "by_category": {
            "credit": {"lines": 0, "accuracy": None, "noise_lines": 1, "dropped": 0.0},  # kept: it leaked through
            "navigation": {"lines": 1, "accuracy": 1.0, "noise_lines": 1, "dropped": 1.0},
            "share": {"lines": 1, "accuracy": 0.0, "noise_lines": 1, "dropped": 1.0},
        },
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


def _corpus_error(path) -> str:
    from noise.corpus import CorpusError, read_pages

    with pytest.raises(CorpusError) as caught:
        read_pages([path])
    return str(caught.value)


def test_a_corpus_file_datasets_cannot_load_is_reported_by_its_first_bad_line(tmp_path, capfd):
    import gzip

    good = '{"lines": ["Menu", "Body text."], "labels": ["noise", "content"]}\n'
    broken = tmp_path / "broken.jsonl"
    broken.write_text(good + "{not json\n" + good)
    assert _corpus_error(broken) == f"{broken}: not corpus-format JSON Lines (line 2: not valid JSON (Expecting property name enclosed in double quotes))"
    listed = tmp_path / "listed.jsonl.gz"
    listed.write_bytes(gzip.compress((good + "[1, 2]\n").encode()))
    assert _corpus_error(listed).endswith("(line 2: a JSON list, not an object)")
    unlabeled = tmp_path / "unlabeled.jsonl"
    unlabeled.write_text('{"text": "a page"}\n' + "{not json\n")
    assert _corpus_error(unlabeled).endswith("(line 1: no 'lines' or 'labels')")
    assert capfd.readouterr().err == ""  # one error, raised; nothing logged besides


def test_a_record_whose_lines_are_not_a_list_of_strings_is_refused(tmp_path):
    path = tmp_path / "string.jsonl"
    path.write_text('{"lines": ["a"], "labels": ["content"]}\n{"lines": "a", "labels": ["content"]}\n')
    assert _corpus_error(path) == f"{path}: record 2: 'lines' is not a list of strings"


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ('{"lines": ["Menu", "", "Body."], "labels": ["noise", "noise", "content"]}', "line 2 is blank but labeled noise; a blank line takes null"),
        ('{"lines": ["Body."], "labels": ["content"], "gold": 5}', "'gold' must be a string, not int"),
        ('{"lines": ["Body."], "labels": ["content"], "lang": ["en"]}', "'lang' must be a string, not list"),
        ('{"lines": ["Body."], "labels": ["content"], "meta": "hello"}', "'meta' must be an object, not str"),
        ('{"lines": ["Body."], "labels": ["content"], "meta": {"page_type": 3}}', "'meta.page_type' is not a string"),
        ('{"lines": ["Body."], "labels": ["content"], "categories": "navigation"}', "'categories' is not a list"),
    ],
)
def test_a_record_that_breaks_the_format_is_named_before_any_scoring(tmp_path, record, reason):
    """Each of these scored wrongly or crashed with a traceback after the model had run."""
    path = tmp_path / "pages.jsonl"
    path.write_text('{"lines": ["Menu", "Body."], "labels": ["noise", "content"], "meta": {"page_type": "news"}}\n' + record + "\n")
    assert _corpus_error(path) in (f"{path}: record 2: {reason}", f"{path}: not corpus-format JSON Lines (line 2: {reason})")


def test_empty_files_numeric_ids_and_bad_utf8_in_corpus_files(tmp_path):
    import json

    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    assert _corpus_error(empty) == f"{empty}: not corpus-format JSON Lines (no records: the file is empty or blank)"
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"lines": ["caf\u00e9 au lait"], "labels": ["content"]}\n'.encode("latin-1"))
    assert _corpus_error(latin) == f"{latin}: record 1: not valid UTF-8 (invalid continuation byte)"
    mixed = tmp_path / "mixed.jsonl"  # datasets gives the second record's meta a page_type of None
    records = [{"lines": ["A."], "labels": ["content"], "meta": {"page_type": "news"}}, {"lines": ["B."], "labels": ["content"], "meta": {"title": "B"}}]
    mixed.write_text("".join(json.dumps(record) + "\n" for record in records))
    assert [page.meta.get("page_type") for page in read_pages([mixed])] == ["news", None]
    numbered = tmp_path / "numbered.jsonl"
    numbered.write_text('{"id": 7, "lines": ["Body."], "labels": ["content"]}\n')
    assert [page.id for page in read_pages([numbered])] == ["7"]


def test_a_file_rewritten_at_the_same_size_and_time_is_read_anew(tmp_path, monkeypatch):
    """datasets keyed its cache on path, size and mtime: the old labels came back."""
    import json
    import os

    datasets = pytest.importorskip("datasets")
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "pages.jsonl"
    record = {"lines": ["Menu", "The council agreed the budget."], "labels": ["noise", "content"]}
    path.write_text(json.dumps(record) + "\n")
    before = os.stat(path)
    assert read_pages([path])[0].labels == ["noise", "content"]
    path.write_text(json.dumps({**record, "labels": ["content", "noise"]}) + "\n")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_size == before.st_size
    assert read_pages([path])[0].labels == ["content", "noise"]
