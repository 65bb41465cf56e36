"""The noise command: help for every command, documentation, show, info, train and eval."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from noise.cli import app
from tests.conftest import ROOT, SEEDS

runner = CliRunner()
COMMANDS = [name for name in (c.name or c.callback.__name__ for c in app.registered_commands)]


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert COMMANDS, "no commands registered"
    for name in COMMANDS:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage" in result.output
        assert f"noise {name}" in readme, f"`noise {name}` is not documented in README.md"


def test_help_answers_without_importing_scikit_learn():
    code = "import sys; from noise.cli import main; sys.argv=['noise','--help']\ntry:\n main()\nexcept SystemExit: pass\nprint('sklearn' in sys.modules, 'numpy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "False False"


def test_show_json_gives_one_object_per_line(cleaner):
    seed = sorted(SEEDS.glob("*.txt"))[1]
    result = runner.invoke(app, ["show", str(seed), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    text_lines = seed.read_text(encoding="utf-8").split("\n")
    if text_lines[-1] == "":
        text_lines.pop()
    assert [row["text"] for row in rows] == text_lines
    for row in rows:
        assert row["verdict"] in {"content", "noise", "blank"}
        assert row["kept"] == (row["verdict"] == "content") or row["verdict"] == "blank"
        assert (row["score"] is None) == (row["verdict"] == "blank")


def test_show_is_plain_when_piped_and_coloured_on_request():
    seed = str(sorted(SEEDS.glob("*.txt"))[0])
    plain = runner.invoke(app, ["show", seed])
    assert "\x1b[" not in plain.output
    coloured = runner.invoke(app, ["show", seed, "--color"])
    assert "\x1b[" in coloured.output


def test_show_names_a_missing_file():
    result = runner.invoke(app, ["show", "no-such-file.txt"])
    assert result.exit_code == 1
    assert "no-such-file.txt" in result.output


def test_show_reads_a_compressed_page_and_refuses_what_is_not_one_page(tmp_path):
    import gzip

    seed = sorted(SEEDS.glob("*.txt"))[0]
    packed = tmp_path / "page.txt.gz"
    packed.write_bytes(gzip.compress(seed.read_bytes()))
    assert runner.invoke(app, ["show", str(packed)]).output == runner.invoke(app, ["show", str(seed)]).output
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "a.txt").write_text("Menu\nA page in a folder.\n")
    records = tmp_path / "pages.jsonl"
    records.write_text('{"text": "Menu"}\n')
    for target, reason in [(tmp_path / "folder", "a folder; show takes one page"), (records, "JSON Lines holds a page per record")]:
        result = runner.invoke(app, ["show", str(target)])
        assert result.exit_code == 1 and len(result.output.splitlines()) == 1
        assert result.output.startswith(f"noise: error: {target}: {reason}")


def test_info_names_the_model_and_its_card_summary():
    result = runner.invoke(app, ["info"])
    assert result.exit_code == 0, result.output
    assert "models/default" in result.output or "noise/models/default" in result.output
    assert "status: loadable" in result.output
    assert "noise-line F1" in result.output


def test_info_does_not_call_a_model_with_a_changed_file_loadable(tmp_path):
    import shutil

    copy = tmp_path / "model"
    shutil.copytree(ROOT / "models" / "default", copy)
    with open(copy / "model.joblib", "ab") as model_file:
        model_file.write(b"x")
    result = runner.invoke(app, ["info", "--model", str(copy)])
    assert result.exit_code == 1
    assert "status: not loadable here: " in result.output and "SHA-256 does not match" in result.output
    as_json = runner.invoke(app, ["info", "--model", str(copy), "--json"])
    assert as_json.exit_code == 1
    status = json.loads(as_json.stdout)
    assert status["loadable"] is False and "SHA-256 does not match" in status["problem"]
    assert json.loads(runner.invoke(app, ["info", "--json"]).stdout)["loadable"] is True


def test_noise_model_environment_variable_picks_the_model(tmp_path):
    env = {**os.environ, "NOISE_MODEL": str(tmp_path / "missing-model")}
    result = subprocess.run([sys.executable, "-m", "noise", "info"], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "missing-model" in result.stderr


@pytest.fixture(scope="module")
def trained_model(tmp_path_factory, labeled_file_module):
    out = tmp_path_factory.mktemp("model") / "m"
    result = runner.invoke(app, ["train", "--data", str(labeled_file_module), "--out", str(out), "--folds", "3"])
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.fixture(scope="module")
def labeled_file_module(tmp_path_factory):
    from tests.conftest import ARTICLES, page_lines

    path = tmp_path_factory.mktemp("data") / "pages.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(12):
            lines, labels = page_lines(ARTICLES[number % len(ARTICLES)])
            gold = "\n".join(line for line, label in zip(lines, labels) if label == "content")
            out.write(json.dumps({"id": f"t/{number}", "domain": f"p{number % 4}.example", "lines": lines, "labels": labels, "gold": gold}) + "\n")
    return path


def test_train_prints_grouped_metrics_and_writes_model_metadata_and_card(trained_model):
    out, output = trained_model
    assert "noise F1" in output and "threshold" in output
    assert {p.name for p in out.iterdir()} >= {"model.joblib", "estimators.joblib", "metadata.json", "README.md"}
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["feature_set"] and meta["versions"]["scikit-learn"]
    assert "pages.jsonl" in next(iter(meta["training_data"]))
    assert "model card" in (out / "README.md").read_text()


def test_eval_reports_line_and_token_metrics(trained_model, labeled_file_module):
    out, _ = trained_model
    result = runner.invoke(app, ["eval", "--data", str(labeled_file_module), "--model", str(out), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    overall = report["overall"]["all"]
    assert overall["pages"] == 12
    assert set(overall["lines"]) >= {"noise_precision", "noise_recall", "noise_f1", "content_recall"}
    assert set(overall["tokens"]) >= {"precision", "recall", "f1", "page_mean_f1"}
    # its records carry no 'source': they are reported (and weighed, --weight) by their file's name
    assert list(report["source"]) == ["pages.jsonl"]


def test_a_model_directory_gets_the_permissions_of_a_new_folder(trained_model):
    out, _ = trained_model
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~umask


def test_train_refuses_to_replace_a_folder_that_is_not_a_model(tmp_path, labeled_file_module, trained_model):
    notes = tmp_path / "work" / "notes.txt"
    notes.parent.mkdir()
    notes.write_text("mine")
    result = runner.invoke(app, ["train", "--data", str(labeled_file_module), "--out", str(notes.parent), "--folds", "3"])
    assert result.exit_code == 1
    assert "is not a model directory" in result.output
    assert notes.read_text() == "mine"
    for base in (None, trained_model[0]):  # from scratch and adapting: both refused before any work
        arguments = ["train", "--data", str(labeled_file_module), "--out", str(notes)] + (["--base", str(base)] if base else [])
        result = runner.invoke(app, arguments)
        assert result.exit_code == 1 and "is a file, not a model directory" in result.output
    assert notes.read_text() == "mine"


def test_train_refuses_an_unwritable_destination_before_training(tmp_path, labeled_file_module, monkeypatch):
    import noise.recipe

    (tmp_path / "a-file").write_text("in the way")
    out = tmp_path / "a-file" / "model"
    monkeypatch.setattr(noise.recipe, "train_command", lambda *args, **kwargs: pytest.fail("trained before checking --out"))
    result = runner.invoke(app, ["train", "--data", str(labeled_file_module), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.strip() == f"noise: error: {out}: cannot write a model directory there (a file is in the way)"


def test_training_on_fewer_lines_than_a_batch_says_nothing_about_batch_sizes():
    import warnings

    import numpy as np

    from noise.training import TrainConfig, _fit_dense

    rng = np.random.default_rng(0)
    features, target = rng.normal(size=(40, 5)), np.arange(40) % 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _fit_dense(TrainConfig(epochs=2))(features, target, np.ones(40))
    assert not [w for w in caught if "batch_size" in str(w.message)]


def test_train_names_a_bad_data_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"lines": ["a", "b"], "labels": ["content"]}\n')
    result = runner.invoke(app, ["train", "--data", str(bad), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "bad.jsonl" in result.output and "labels" in result.output


def test_a_trained_model_is_known_as_made_from_its_data_and_settings_only(trained_model, labeled_file_module, tmp_path):
    from noise.recipe import made_from
    from noise.training import TrainConfig

    out, _ = trained_model
    assert made_from(out, [labeled_file_module], TrainConfig(folds=3))
    assert not made_from(out, [labeled_file_module], TrainConfig(folds=5))  # other settings
    changed = tmp_path / "pages.jsonl"
    changed.write_text(labeled_file_module.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not made_from(out, [changed], TrainConfig(folds=3))  # other data
    assert not made_from(tmp_path / "nothing-here", [labeled_file_module], TrainConfig(folds=3))
    assert not made_from(out, [labeled_file_module], TrainConfig(folds=3, category_weights={"cue": 4.0}))
    meta_path = out / "metadata.json"
    original = meta_path.read_text(encoding="utf-8")
    try:  # a model trained under another labeling policy (before the headlines were relabeled)
        meta = json.loads(original)
        del meta["config"]["label_policy"]
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
        assert not made_from(out, [labeled_file_module], TrainConfig(folds=3))
    finally:
        meta_path.write_text(original, encoding="utf-8")


def test_train_counts_the_headlines_of_titled_pages_as_content(tmp_path):
    from tests.conftest import ARTICLES, page_lines

    data = tmp_path / "titled.jsonl"
    with data.open("w", encoding="utf-8") as out:
        for number in range(6):
            lines, labels = page_lines(ARTICLES[number % len(ARTICLES)])
            title = f"Harbour council story number {number} of the week"
            first = labels.index("content")  # the headline sits above the article, labeled noise as WCXB's gold has it
            lines[first:first] = [title, ""]
            labels[first:first] = ["noise", None]
            record = {"id": f"t/{number}", "domain": f"p{number % 3}.example", "lines": lines, "labels": labels, "meta": {"title": title}}
            out.write(json.dumps(record) + "\n")
    result = runner.invoke(app, ["train", "--data", str(data), "--out", str(tmp_path / "m"), "--folds", "3"])
    assert result.exit_code == 0, result.output
    assert "6 headlines trained as content" in result.output
    assert json.loads((tmp_path / "m" / "metadata.json").read_text())["headlines_relabeled"] == 6


def test_category_weights_multiply_the_weight_of_that_categorys_noise_lines_only():
    from noise.corpus import LabeledPage
    from noise.hashing import HashingSpec
    from noise.training import featurize

    page = LabeledPage(
        lines=["[Studio]", "The ferry runs again from Monday.", "", "[Studio]", "Share", "Filed at noon"],
        labels=["noise", "content", None, "noise", "noise", "noise"],
        categories=["cue", None, None, "cue", "share", None],
        source="handmade",
        domain="ferry.example",
    )
    table = featurize([page], HashingSpec(bits=10), {"handmade": 2.0}, {"cue": 4.0, "share": 0.5})
    assert table.weight.tolist() == [8.0, 2.0, 8.0, 1.0, 2.0]  # blank line left out; no category: the source's weight
    with pytest.raises(ValueError, match="unknown noise category 'cues'"):
        featurize([page], HashingSpec(bits=10), None, {"cues": 4.0})


def test_second_pass_weights_multiply_the_weight_of_that_sources_lines_in_the_second_pass_only():
    from noise.corpus import LabeledPage
    from noise.hashing import HashingSpec
    from noise.training import featurize

    pages = [
        LabeledPage(lines=["Menu", "The ferry runs again from Monday."], labels=["noise", "content"], source=source, domain=f"{source}.example")
        for source in ("handmade", "other")
    ]
    table = featurize(pages, HashingSpec(bits=10), {"handmade": 2.0}, None, {"handmade": 3.0})
    assert table.weight.tolist() == [2.0, 2.0, 1.0, 1.0]
    assert table.second_pass_weight.tolist() == [6.0, 6.0, 1.0, 1.0]
    assert featurize(pages, HashingSpec(bits=10), {"handmade": 2.0}).second_pass_weight is None


def test_a_second_pass_weight_changes_the_trees_and_nothing_before_them(labeled_file_module):
    from noise.corpus import read_pages
    from noise.training import TrainConfig, train

    pages = read_pages([labeled_file_module])
    for number, page in enumerate(pages):
        page.source = "heavy" if number % 2 else "light"
    plain = train(pages, TrainConfig(folds=3, trees=10)).model
    weighed = train(pages, TrainConfig(folds=3, trees=10, second_pass_source_weights={"heavy": 5.0})).model
    assert np.array_equal(plain.text.weights, weighed.text.weights)
    assert all(np.array_equal(a, b) for a, b in zip(plain.first_pass.weights, weighed.first_pass.weights))
    assert not np.array_equal(plain.second_pass.value, weighed.second_pass.value)


def test_train_records_category_and_second_pass_weights_and_refuses_malformed_ones(labeled_file_module, tmp_path):
    unknown = runner.invoke(app, ["train", "--data", str(labeled_file_module), "--out", str(tmp_path / "a"), "--category-weight", "cues=4"])
    assert unknown.exit_code == 2
    assert "unknown category 'cues'" in unknown.output and "cue" in unknown.output
    malformed = runner.invoke(app, ["train", "--data", str(labeled_file_module), "--out", str(tmp_path / "b"), "--category-weight", "cue"])
    assert malformed.exit_code == 2 and "CATEGORY=WEIGHT" in malformed.output
    out = tmp_path / "m"
    trained = runner.invoke(
        app, ["train", "--data", str(labeled_file_module), "--out", str(out), "--folds", "3", "--category-weight", "cue=4"]
    )
    assert trained.exit_code == 0, trained.output
    config = json.loads((out / "metadata.json").read_text(encoding="utf-8"))["config"]
    assert config["category_weights"] == {"cue": 4.0}
    assert "second_pass_source_weights" not in config  # recorded only when given: older models' settings still match
    assert "noise lines of category `cue` x4. Seed 0." in (out / "README.md").read_text(encoding="utf-8")
    weighed = tmp_path / "w"
    trained = runner.invoke(
        app, ["train", "--data", str(labeled_file_module), "--out", str(weighed), "--folds", "3", "--second-pass-weight", "pages.jsonl=2"]
    )
    assert trained.exit_code == 0, trained.output
    assert json.loads((weighed / "metadata.json").read_text(encoding="utf-8"))["config"]["second_pass_source_weights"] == {"pages.jsonl": 2.0}
    assert "In the second pass only, lines of `pages.jsonl` pages x2." in (weighed / "README.md").read_text(encoding="utf-8")
    malformed = runner.invoke(app, ["train", "--data", str(labeled_file_module), "--out", str(tmp_path / "c"), "--second-pass-weight", "2"])
    assert malformed.exit_code == 2 and "SOURCE=WEIGHT" in malformed.output


@pytest.mark.parametrize("weight", ["pages.jsonl=-1", "pages.jsonl=nan", "pages.jsonl=inf"])
@pytest.mark.parametrize("option", ["--weight", "--second-pass-weight"])
def test_train_refuses_a_negative_or_non_finite_weight(labeled_file_module, tmp_path, option, weight):
    result = runner.invoke(app, ["train", "--data", str(labeled_file_module), "--out", str(tmp_path / "m"), option, weight])
    assert result.exit_code == 2 and "a weight must be a finite number, 0 or more" in _unboxed(result.output)
    assert not (tmp_path / "m").exists()


def test_train_refuses_a_weight_for_a_source_no_page_has(labeled_file_module, tmp_path):
    """It was recorded in the card as if it had weighed something, and changed nothing."""
    result = runner.invoke(app, ["train", "--data", str(labeled_file_module), "--out", str(tmp_path / "m"), "--weight", "handwritten=3"])
    assert result.exit_code == 1
    assert "--weight handwritten: no page's source is 'handwritten' (sources: pages.jsonl)" in result.output
    assert not (tmp_path / "m").exists()


def test_train_hashes_each_file_and_states_the_folds_it_used(labeled_file_module, tmp_path):
    """Two files of one name were one entry, paired with the wrong hash; the card stated the
    folds asked for, not the ones there were publishers for."""
    import hashlib

    first, second = tmp_path / "a" / "pages.jsonl", tmp_path / "b" / "pages.jsonl"
    for folder, path in (("a", first), ("b", second)):
        path.parent.mkdir()
        path.write_text(labeled_file_module.read_text(encoding="utf-8").replace('"id": "t/', f'"id": "{folder}/'), encoding="utf-8")
    out = tmp_path / "m"
    result = runner.invoke(app, ["train", "--data", str(first), str(second), "--out", str(out), "--folds", "5"])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert sorted(meta["training_data"].values()) == sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in (first, second))
    assert len(meta["training_data"]) == 2
    assert meta["folds_used"] == 4 and meta["config"]["folds"] == 5  # four publishers
    assert "Cross-validated with 4 folds grouped by publisher" in (out / "README.md").read_text(encoding="utf-8")


def test_train_explains_data_it_cannot_learn_or_cross_validate_from(labeled_file_module, tmp_path):
    records = [json.loads(line) for line in labeled_file_module.read_text(encoding="utf-8").splitlines()]
    all_noise, no_domain = tmp_path / "noise.jsonl", tmp_path / "nodomain.jsonl"
    all_noise.write_text("".join(json.dumps({**r, "labels": [l and "noise" for l in r["labels"]]}) + "\n" for r in records))
    no_domain.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "domain"}) + "\n" for r in records))
    one_class = runner.invoke(app, ["train", "--data", str(all_noise), "--out", str(tmp_path / "a")])
    assert one_class.exit_code == 1
    assert "the training pages have only noise lines: a model learns from content and noise lines both" in one_class.output
    one_group = runner.invoke(app, ["train", "--data", str(no_domain), "--out", str(tmp_path / "b")])
    assert one_group.exit_code == 1 and "pages without one are grouped by their 'source', by default their file" in one_group.output


def test_train_refuses_options_the_chosen_way_of_training_would_ignore(labeled_file_module, tmp_path):
    adapting = runner.invoke(
        app,
        ["train", "--base", "default", "--data", str(labeled_file_module), "--out", str(tmp_path / "a"), "--threshold", "0.7", "--seed", "0",
         "--second-pass-weight", "project=2", "--members", "3"],
    )
    assert adapting.exit_code == 2
    assert "--threshold, --seed, --second-pass-weight, --members have no effect with --base" in _unboxed(adapting.output)
    scratch = runner.invoke(app, ["train", "--data", str(labeled_file_module), "--out", str(tmp_path / "b"), "--all-pages"])
    assert scratch.exit_code == 2
    assert "--all-pages has no effect without --base" in _unboxed(scratch.output)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_train_with_members_averages_them_into_one_network_and_one_tree_ensemble(labeled_file_module, tmp_path):
    from noise.artifact import load_model
    from noise.training import TrainConfig

    out = tmp_path / "m"
    trained = runner.invoke(app, ["train", "--data", str(labeled_file_module), "--out", str(out), "--folds", "3", "--members", "2"])
    assert trained.exit_code == 0, trained.output
    assert json.loads((out / "metadata.json").read_text(encoding="utf-8"))["config"]["members"] == 2
    assert "averages 2 networks or tree ensembles" in (out / "README.md").read_text(encoding="utf-8")
    model = load_model(out)
    assert model.first_pass.weights[0].shape[1] == 2 * TrainConfig().hidden[0]
    assert len(model.second_pass.value) == 2 * TrainConfig().trees
    shown = runner.invoke(app, ["show", "--model", str(out), str(SEEDS / "004_320a69566450c3bc.txt")])
    assert shown.exit_code == 0 and shown.output.count("\n") == len((SEEDS / "004_320a69566450c3bc.txt").read_text().split("\n"))


def _unboxed(output: str) -> str:
    """A usage error's text without the box drawn around it and the line breaks inside it."""
    return " ".join(output.replace("│", " ").split())
