"""Review files (noise.review, noise label, noise import): round trips, editors, and changed text caught by line."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from typer.testing import CliRunner

from noise.cli import app
from noise.corpus import read_pages
from noise.review import Review, ReviewError, ReviewLine, parse, read, render
from tests.adaptation_fixtures import PUBLISHER, gazette_page, train_tiny_model

runner = CliRunner()


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    return train_tiny_model(tmp_path_factory.mktemp("models") / "tiny")


def _review() -> Review:
    return Review(
        [
            ReviewLine("Home", "noise", "navigation", True),
            ReviewLine("", None),
            ReviewLine("Harbour bridge reopens | after repairs", "content"),
            ReviewLine("   ", None),
            ReviewLine("  indented code line", "content", None, True),
            ReviewLine("Share on Facebook", "noise", None),
        ],
        source="dump/page.txt",
        domain=PUBLISHER,
        extra={"lang": "en"},
    )


def test_round_trip_keeps_text_verdicts_categories_and_marks():
    review = _review()
    back = parse(render(review), "x")
    assert [line.text for line in back.lines] == ["Home", "", "Harbour bridge reopens | after repairs", "", "  indented code line", "Share on Facebook"]
    assert [line.label for line in back.lines] == [line.label for line in review.lines]
    assert [line.category for line in back.lines] == ["navigation", None, None, None, None, None]
    assert [line.uncertain for line in back.lines] == [True, False, False, False, True, False]
    assert (back.source, back.domain, back.extra["lang"]) == ("dump/page.txt", PUBLISHER, "en")


def test_what_editors_do_is_tolerated_crlf_bom_trailing_spaces_free_spacing():
    text = render(_review())
    edited = "\ufeff" + "\r\n".join(row.rstrip() for row in text.split("\n"))  # BOM, CRLF, no trailing blanks
    edited = edited.replace("N? navigation | Home", "n   | Home")  # lower case, free spacing
    back = parse(edited, "x")
    assert back.lines[0].label == "noise" and back.lines[0].category is None
    assert [line.label for line in back.lines] == [line.label for line in _review().lines]
    assert back.lines[4].text == "  indented code line"


def test_flipped_verdicts_are_read_back():
    text = render(_review()).replace("C             | Harbour bridge", "N  related    | Harbour bridge")
    text = text.replace("N             | Share on Facebook", "content | Share on Facebook")
    back = parse(text, "x")
    assert (back.lines[2].label, back.lines[2].category) == ("noise", "related")
    assert back.lines[5].label == "content"


def _row_number(text: str, needle: str) -> int:
    return next(number for number, row in enumerate(text.split("\n"), 1) if needle in row)


def test_a_changed_text_line_is_rejected_naming_its_line_number():
    text = render(_review())
    number = _row_number(text, "Harbour bridge")
    with pytest.raises(ReviewError, match=rf"x: line {number}: the text of page line 3 changed"):
        parse(text.replace("Harbour bridge reopens", "Harbour bridge reopened"), "x")


def test_an_added_or_removed_line_is_rejected_naming_its_line_number():
    text = render(_review())
    number = _row_number(text, "Harbour bridge")
    rows = text.split("\n")
    with pytest.raises(ReviewError, match=rf"line {number}: page line 3 was removed above it"):
        parse("\n".join(rows[: number - 1] + rows[number:]), "x")
    with pytest.raises(ReviewError, match=rf"line {number}: a line was added"):
        parse("\n".join(rows[: number - 1] + ["C             | An extra line"] + rows[number - 1 :]), "x")
    with pytest.raises(ReviewError, match="a line was added"):
        parse(text + "C | one more line\n", "x")
    with pytest.raises(ReviewError, match="page line 6 and those after it were removed"):
        parse("\n".join(rows[:-2]) + "\n", "x")


@pytest.mark.parametrize("ending", ["\n", "\n\n", "   \n", "\r\n\r\n"])
def test_empty_rows_an_editor_leaves_at_the_end_are_ignored(ending):
    review = _review()
    assert parse(render(review) + ending, "x").lines == parse(render(review), "x").lines


def test_a_review_file_saved_as_utf16_is_named_as_a_review_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "page.review.txt"
    path.write_text(render(_review()), encoding="utf-16")  # an editor's "Unicode"
    with pytest.raises(ReviewError, match="page.review.txt: not valid UTF-8"):
        read_pages([path])  # what noise train and noise eval read --data with


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X  | Home", "verdict 'X' is neither"),
        ("   | Home", "no verdict"),
        ("N  menus | Home", "'menus' is not a category"),
        ("Home", 'no "|"'),
    ],
)
def test_bad_rows_are_rejected_with_their_line_number(row, message):
    text = render(_review())
    number = _row_number(text, "| Home")
    rows = text.split("\n")
    rows[number - 1] = row
    with pytest.raises(ReviewError, match=rf"line {number}: .*{message}"):
        parse("\n".join(rows), "x")


def test_a_blank_line_takes_no_verdict():
    text = render(_review()).split("\n")
    number = next(n for n, row in enumerate(text, 1) if row.strip() == "|")
    text[number - 1] = "C |"
    with pytest.raises(ReviewError, match=rf"line {number}: a blank line takes no verdict"):
        parse("\n".join(text), "x")


def _dump(folder: Path, pages: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(pages):
        lines, _ = gazette_page(number)
        (folder / f"page-{number:02d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_label_writes_one_review_per_page_and_train_data_reads_them(tiny_model, tmp_path):
    dump = _dump(tmp_path / "dump", 3)
    result = runner.invoke(app, ["label", str(dump), "--out", str(tmp_path / "reviews"), "--model", str(tiny_model), "--domain", PUBLISHER])
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "reviews").glob("*.review.txt"))
    assert [file.name for file in files] == ["page-00.review.txt", "page-01.review.txt", "page-02.review.txt"]
    review = read(files[0])
    lines, _ = gazette_page(0)
    assert [line.text for line in review.lines] == lines
    assert review.domain == PUBLISHER
    pages = read_pages(files)  # what noise train --data reads
    assert [page.lines for page in pages[:1]] == [lines]
    assert all(label is None for line, label in zip(pages[0].lines, pages[0].labels) if not line.strip())


def test_label_refuses_to_overwrite_corrections(tiny_model, tmp_path):
    dump = _dump(tmp_path / "dump", 1)
    arguments = ["label", str(dump), "--out", str(tmp_path / "reviews"), "--model", str(tiny_model)]
    assert runner.invoke(app, arguments).exit_code == 0
    result = runner.invoke(app, arguments)
    assert result.exit_code == 1 and "already exists" in result.output
    assert runner.invoke(app, arguments + ["--force"]).exit_code == 0


def test_label_refuses_a_second_page_for_a_review_file_it_wrote_in_the_same_run(tiny_model, tmp_path):
    first, second = _dump(tmp_path / "a", 1), _dump(tmp_path / "b", 2)  # both hold page-00.txt
    (second / "page-00.txt").write_text("Another page\nwith other lines\n", encoding="utf-8")
    out = tmp_path / "reviews"
    result = runner.invoke(app, ["label", str(first / "page-00.txt"), str(second / "page-00.txt"), str(second / "page-01.txt"), "--out", str(out), "--model", str(tiny_model)])
    assert result.exit_code == 1
    assert "would overwrite it" in result.output
    assert sorted(path.name for path in out.iterdir()) == ["page-00.review.txt", "page-01.review.txt"]
    assert "Another page" not in (out / "page-00.review.txt").read_text(encoding="utf-8")  # the first page's review


def test_label_reports_what_it_cannot_read_and_writes_the_rest(tiny_model, tmp_path):
    import gzip

    dump = _dump(tmp_path / "dump", 2)
    (dump / "binary.txt").write_bytes(b"\x00\x01 not text")
    (dump / "cut.txt.gz").write_bytes(gzip.compress(b"a page cut short\n")[:15])
    lines, _ = gazette_page(5)
    record = json.dumps({"text": "\n".join(lines)})
    (dump / "records.jsonl").write_text(record + "\n{oops\n" + record + "\n", encoding="utf-8")
    result = runner.invoke(app, ["label", str(dump), "--out", str(tmp_path / "reviews"), "--model", str(tiny_model)])
    assert result.exit_code == 1
    reviews = sorted(path.name for path in (tmp_path / "reviews").glob("*.review.txt"))
    assert reviews == ["page-00.review.txt", "page-01.review.txt", "records-0001.review.txt", "records-0003.review.txt"]
    errors = [line for line in result.output.splitlines() if line.startswith("noise: error: ")]
    assert errors == [
        f"noise: error: {dump / 'binary.txt'}: binary file (NUL bytes), not text",
        f"noise: error: {dump / 'cut.txt.gz'}: unreadable (Compressed file ended before the end-of-stream marker was reached)",
        f"noise: error: {dump / 'records.jsonl'}: record 2: not valid JSON",
    ]


def test_label_keeps_existing_reviews_and_writes_the_missing_ones(tiny_model, tmp_path):
    dump = _dump(tmp_path / "dump", 3)
    reviews = tmp_path / "reviews"
    arguments = ["label", str(dump), "--out", str(reviews), "--model", str(tiny_model)]
    assert runner.invoke(app, arguments).exit_code == 0
    corrected = reviews / "page-00.review.txt"
    corrected.write_text(corrected.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # stands for a person's edits
    (reviews / "page-01.review.txt").unlink()
    result = runner.invoke(app, arguments)
    assert result.exit_code == 1
    assert (reviews / "page-01.review.txt").exists() and corrected.read_text(encoding="utf-8").endswith("\n\n")
    assert sum("already exists" in line for line in result.output.splitlines()) == 2


def test_label_names_a_review_folder_it_cannot_write(tiny_model, tmp_path):
    dump = _dump(tmp_path / "dump", 1)
    (tmp_path / "taken").write_text("a file where the review folder must go")
    result = runner.invoke(app, ["label", str(dump), "--out", str(tmp_path / "taken"), "--model", str(tiny_model)])
    assert result.exit_code == 1
    assert result.output.strip() == f"noise: error: {tmp_path / 'taken'}: cannot write review files there (a file is in the way)"


def test_label_reads_json_lines_records_with_their_domain(tiny_model, tmp_path):
    source = tmp_path / "crawl.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for number in range(2):
            lines, _ = gazette_page(number)
            out.write(json.dumps({"url": f"https://www.{PUBLISHER}/story/{number}", "text": "\n".join(lines)}) + "\n")
    result = runner.invoke(app, ["label", str(source), "--out", str(tmp_path / "reviews"), "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    reviews = sorted((tmp_path / "reviews").glob("*.review.txt"))
    assert [path.name for path in reviews] == ["crawl-0001.review.txt", "crawl-0002.review.txt"]
    assert read(reviews[1]).domain == PUBLISHER
    assert read(reviews[1]).source.endswith("crawl.jsonl:2")


def test_import_writes_corpus_records_and_names_a_changed_line(tiny_model, tmp_path):
    dump = _dump(tmp_path / "dump", 2)
    reviews = tmp_path / "reviews"
    runner.invoke(app, ["label", str(dump), "--out", str(reviews), "--model", str(tiny_model)])
    result = runner.invoke(app, ["import", str(reviews), "--out", str(tmp_path / "pages.jsonl")])
    assert result.exit_code == 0, result.output
    pages = read_pages([tmp_path / "pages.jsonl"])
    assert [page.lines for page in pages] == [gazette_page(0)[0], gazette_page(1)[0]]
    target = reviews / "page-01.review.txt"
    text = target.read_text(encoding="utf-8")
    number = _row_number(text, "Harbourside Gazette is printed")
    target.write_text(text.replace("printed on recycled", "printed on new"), encoding="utf-8")
    result = runner.invoke(app, ["import", str(reviews)])
    assert result.exit_code == 1
    assert f"page-01.review.txt: line {number}: the text of page line" in result.output


def test_import_names_every_changed_file_and_writes_nothing(tiny_model, tmp_path):
    dump = _dump(tmp_path / "dump", 3)
    reviews = tmp_path / "reviews"
    runner.invoke(app, ["label", str(dump), "--out", str(reviews), "--model", str(tiny_model)])
    for name in ("page-00.review.txt", "page-02.review.txt"):
        target = reviews / name
        target.write_text(target.read_text(encoding="utf-8").replace("printed on recycled", "printed on new"), encoding="utf-8")
    result = runner.invoke(app, ["import", str(reviews), "--out", str(tmp_path / "pages.jsonl")])
    assert result.exit_code == 1 and not (tmp_path / "pages.jsonl").exists()
    named = [line for line in result.output.splitlines() if "the text of page line" in line]
    assert [line.split(": line ")[0] for line in named] == [f"noise: error: {reviews / 'page-00.review.txt'}", f"noise: error: {reviews / 'page-02.review.txt'}"]
    assert "2 of 3 review files could not be imported; nothing written" in result.output


def test_eval_reads_a_folder_of_review_files_as_train_does(tiny_model, tmp_path):
    dump = _dump(tmp_path / "dump", 2)
    reviews = tmp_path / "reviews"
    runner.invoke(app, ["label", str(dump), "--out", str(reviews), "--model", str(tiny_model)])
    result = runner.invoke(app, ["eval", "--data", str(reviews), "--model", str(tiny_model), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["overall"]["all"]["pages"] == 2
    assert report["overall"]["all"]["lines"]["noise_f1"] == 1.0  # the verdicts were the model's own
    imported = tmp_path / "pages.jsonl"
    assert runner.invoke(app, ["import", str(reviews), "--out", str(imported)]).exit_code == 0
    again = json.loads(runner.invoke(app, ["eval", "--data", str(imported), "--model", str(tiny_model), "--json"]).output)
    assert report["overall"]["all"]["tokens"] == again["overall"]["all"]["tokens"]  # the folder had none


def test_pick_returns_n_pages_with_reasons(tiny_model, tmp_path):
    dump = _dump(tmp_path / "dump", 8)
    result = runner.invoke(app, ["label", str(dump), "--pick", "2", "--out", str(tmp_path / "reviews"), "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    chosen = [line for line in result.output.splitlines() if line[:1].isdigit()]
    reasons = [line for line in result.output.splitlines() if line.startswith("   ")]
    assert len(chosen) == 2 and len(reasons) == 2
    assert all("uncertain" in reason and "unlike the model's training data" in reason for reason in reasons)
    assert len(list((tmp_path / "reviews").glob("*.review.txt"))) == 2


def test_pick_takes_the_page_whose_uncertain_lines_recur_most_then_one_with_lines_not_yet_covered(monkeypatch):
    from pathlib import PurePosixPath

    import noise.pick
    from noise.dump import DumpPage
    from noise.pick import _Lines, pick_pages

    # page 0: three uncertain lines that page 1 repeats; page 2: one uncertain line of its own;
    # page 3: one line unlike the training data; page 4: nothing to learn
    page = np.array([0, 0, 0, 1, 1, 1, 2, 2, 3, 4])
    key = np.array([0, 1, 2, 0, 1, 2, 3, 4, 5, 6])
    uncertain = np.array([1, 1, 1, 1, 1, 1, 1, 0, 0, 0], dtype=bool)
    unfamiliar = np.array([0, 0, 0, 0, 0, 0, 0, 0, 1, 0], dtype=bool)
    monkeypatch.setattr(noise.pick, "_score", lambda model, pages, threshold: _Lines(page, key, uncertain, unfamiliar))
    pages = [DumpPage(f"p{n}.txt", "", "", "", PurePosixPath(f"p{n}")) for n in range(5)]
    choices = pick_pages(SimpleNamespace(model=None, threshold=0.85), pages, 4)
    assert [choice.page.name for choice in choices] == ["p0.txt", "p2.txt", "p3.txt", "p1.txt"]
    assert (choices[0].uncertain, choices[0].new_uncertain, choices[0].reach) == (3, 3, 6)  # each of its lines stands for two
    assert choices[1].reason.startswith("1 of 2 lines uncertain")
    assert choices[2].unfamiliar == 1
    assert choices[3].new_uncertain == 0  # its lines were all on the first page


def test_label_does_not_label_its_own_review_folder_inside_the_dump(tiny_model, tmp_path):
    dump = _dump(tmp_path / "dump", 2)
    arguments = ["label", str(dump), "--out", str(dump / "reviews"), "--model", str(tiny_model)]
    assert runner.invoke(app, arguments).exit_code == 0
    result = runner.invoke(app, arguments)  # the review files are there now: not pages to label
    assert sorted(path.relative_to(dump).as_posix() for path in dump.rglob("*.review.txt")) == [
        "reviews/page-00.review.txt",
        "reviews/page-01.review.txt",
    ]
    assert "review.review" not in result.output


def test_pick_counts_uncertain_lines_at_the_threshold_it_is_given(tiny_model, tmp_path):
    """The reason's "N of M lines uncertain" counts the lines the review file marks ?, also
    under --threshold."""
    dump = _dump(tmp_path / "dump", 1)
    for threshold in ("0.3", "0.7"):
        out = tmp_path / f"reviews-{threshold}"
        arguments = ["label", str(dump), "--pick", "1", "--threshold", threshold, "--out", str(out), "--model", str(tiny_model)]
        result = runner.invoke(app, arguments)
        assert result.exit_code == 0, result.output
        reason = next(line for line in result.output.splitlines() if line.startswith("   "))
        marked = sum(1 for line in read(next(out.glob("*.review.txt"))).lines if line.uncertain)
        assert reason.strip().startswith(f"{marked} of "), (threshold, reason, marked)


def test_label_writes_every_review_file_when_the_reader_of_its_listing_leaves(tiny_model, tmp_path):
    import subprocess
    import sys

    dump = _dump(tmp_path / "dump", 40)
    command = f"{sys.executable} -m noise label {dump} --out {tmp_path / 'reviews'} --model {tiny_model} | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, timeout=300)
    assert len(done.stdout.splitlines()) == 1 and done.stderr == ""
    assert len(list((tmp_path / "reviews").glob("*.review.txt"))) == 40
