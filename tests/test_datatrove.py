"""``NoiseCleaner`` in a real datatrove pipeline: JsonlReader -> NoiseCleaner -> JsonlWriter on the local executor."""

from __future__ import annotations

import gzip
import json
import pickle

import pytest
from crawl_pages import is_ordered_subset, page

pytest.importorskip("datatrove")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from noise.datatrove_step import NoiseCleaner  # noqa: E402


def write_crawl(folder, files=4, per_file=15):
    folder.mkdir(parents=True)
    originals = {}
    for shard in range(files):
        with gzip.open(folder / f"crawl-{shard}.jsonl.gz", "wt", encoding="utf-8") as out:
            for n in range(per_file):
                doc_id = f"{shard}-{n}"
                originals[doc_id] = page(shard * 100 + n, crlf=n % 4 == 0)
                out.write(json.dumps({"id": doc_id, "text": originals[doc_id], "url": f"https://example.org/{doc_id}"}) + "\n")
    return originals


def read_output(folder):
    documents = {}
    for file in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(file, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                documents[record["id"]] = record
    return documents


def test_local_executor_pipeline_cleans_every_document(tmp_path):
    originals = write_crawl(tmp_path / "crawl")
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "crawl")),
            NoiseCleaner(batch_size=8, metadata_key="noise"),
            JsonlWriter(str(tmp_path / "cleaned")),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    documents = read_output(tmp_path / "cleaned")
    assert set(documents) == set(originals)
    dropped = 0
    for doc_id, record in documents.items():
        assert is_ordered_subset(record.get("text", "").encode(), originals[doc_id].encode())  # the writer omits ""
        assert record["metadata"]["url"] == f"https://example.org/{doc_id}"
        assert record["metadata"]["noise"]["lines"] == len(originals[doc_id].splitlines())
        dropped += record["metadata"]["noise"]["lines_dropped"]
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    mine = next(step for step in stats if "noise" in step["name"])
    assert mine["stats"]["total"] == len(originals) == mine["stats"]["forwarded"]
    assert mine["stats"]["lines_dropped"]["total"] == dropped


def test_bad_documents_pass_on_unchanged_and_empty_ones_can_be_dropped():
    step = NoiseCleaner(drop_empty=True)
    docs = [Document(text=page(1), id="a"), Document(text=None, id="b"), Document(text="\n\n", id="c")]
    left_over = step.cleaner().clean(page(1))  # whatever the model keeps of a real page
    out = list(step.run(iter(docs)))
    assert [doc.id for doc in out] == (["a", "b"] if left_over.strip() else ["b"])
    assert out[-1].text is None
    assert step.stats["noise_errors"].total == 1
    assert step.stats["dropped"].total == 1 + (not left_over.strip())
    assert step.stats["total"].total == 3


def test_the_step_pickles_without_its_model():
    step = NoiseCleaner()
    list(step.run(iter([Document(text=page(2), id="x")])))
    assert step._cleaner is not None
    restored = pickle.loads(pickle.dumps(step))
    assert restored._cleaner is None and restored.batch_size == step.batch_size


def test_keep_takes_one_name_and_bad_settings_fail_when_the_step_is_made():
    assert NoiseCleaner(keep="credit").keep == ("credit",)
    with pytest.raises(ValueError, match="unknown categories"):
        NoiseCleaner(keep=["credits"])
    with pytest.raises(ValueError, match="threshold"):
        NoiseCleaner(threshold=1.5)
