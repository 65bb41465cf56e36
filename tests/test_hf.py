"""``noise.hf.clean_batch_fn`` in real ``datasets`` maps: columns, None rows, num_proc and the cache."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from crawl_pages import is_ordered_subset, page, split_lines

import noise
from noise.hf import clean_batch_fn

datasets = pytest.importorskip("datasets")
REPO = Path(noise.__file__).resolve().parent.parent


@pytest.fixture()
def dataset(tmp_path):
    texts = [page(n, crlf=n % 5 == 0) for n in range(40)] + [None]
    original = datasets.Dataset.from_dict({"id": list(range(41)), "text": texts})
    original.save_to_disk(str(tmp_path / "pages"))
    return datasets.load_from_disk(str(tmp_path / "pages"))  # on disk, so that map results are cached


def test_map_adds_cleaned_text_and_keeps_every_row(dataset):
    cleaned = dataset.map(clean_batch_fn(), batched=True, batch_size=8)
    assert cleaned.column_names == ["id", "text", "clean_text"]
    assert cleaned["id"] == dataset["id"]
    for before, after in zip(dataset["text"], cleaned["clean_text"]):
        if before is None:
            assert after is None
        else:
            assert is_ordered_subset(after.encode(), before.encode())


def test_labels_line_up_with_the_lines(dataset):
    cleaned = dataset.map(clean_batch_fn(labels_column="labels"), batched=True, batch_size=16)
    for text, clean, labels in zip(cleaned["text"], cleaned["clean_text"], cleaned["labels"]):
        if text is None:
            assert clean is None and labels is None
            continue
        lines = [line.decode() for line in split_lines(text.encode())]
        assert len(labels) == len(lines) and set(labels) <= {"content", "noise"}
        assert clean == "".join(line for line, label in zip(lines, labels) if label == "content")


def test_num_proc_2_matches_one_process_and_a_second_map_hits_the_cache(dataset):
    single = dataset.map(clean_batch_fn(), batched=True, batch_size=8, load_from_cache_file=False)
    first = dataset.map(clean_batch_fn(), batched=True, batch_size=8, num_proc=2)
    assert first["clean_text"] == single["clean_text"]
    files = [entry["filename"] for entry in first.cache_files]
    stamps = {name: os.stat(name).st_mtime_ns for name in files}
    again = dataset.map(clean_batch_fn(), batched=True, batch_size=8, num_proc=2)  # a new, equal object
    assert again._fingerprint == first._fingerprint
    assert [entry["filename"] for entry in again.cache_files] == files
    assert {name: os.stat(name).st_mtime_ns for name in files} == stamps, "recomputed instead of read from the cache"
    other = dataset.map(clean_batch_fn(threshold=0.9), batched=True, batch_size=8, num_proc=2)
    assert other._fingerprint != first._fingerprint


def test_the_function_pickles_without_the_model_and_hashes_the_same_in_another_process():
    from datasets.fingerprint import Hasher

    function = clean_batch_fn()
    function({"text": [page(1)]})  # loads the model in this process
    assert function._cleaner is not None
    restored = pickle.loads(pickle.dumps(function))
    assert restored._cleaner is None and len(pickle.dumps(function)) < 2000
    here = Hasher.hash(function)
    code = "from noise.hf import clean_batch_fn; from datasets.fingerprint import Hasher; print(Hasher.hash(clean_batch_fn()))"
    there = subprocess.run(
        [sys.executable, "-c", code], env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True, check=True
    )
    assert there.stdout.strip() == here


def test_labels_of_a_page_that_ends_its_lines_with_a_lone_cr_match_clean():
    """Classic Mac OS endings: the labels path split on "\\n" only and kept the noise (or raised)."""
    from noise import Cleaner

    text = "The council agreed the budget on Monday after a long debate, officials said.\rShare on Facebook\rCookie policy | Privacy | Terms\r"
    out = clean_batch_fn(labels_column="labels")({"text": [text]})
    assert out["clean_text"] == [Cleaner.load().clean(text)]
    assert len(out["labels"][0]) == 3


def test_settings_are_checked_when_the_function_is_made_and_keep_takes_one_name():
    with pytest.raises(ValueError, match="threshold"):
        clean_batch_fn(labels_column="labels", threshold=2.0)
    with pytest.raises(ValueError, match="unknown categories: credits"):
        clean_batch_fn(labels_column="labels", keep=["credits"])
    assert clean_batch_fn(keep="credit").keep == ("credit",)


def test_a_map_without_batched_is_refused_rather_than_cleaned_letter_by_letter():
    one_row = datasets.Dataset.from_dict({"text": [page(1)]})
    with pytest.raises(TypeError, match="batched=True"):
        one_row.map(clean_batch_fn())
