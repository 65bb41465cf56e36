"""The crawl pipeline as a library: formats, parallel order, resume, shards and the counts.

Invariants only, never the bundled model's verdicts: output lines are an exact in-order subset
of the input's, every other field passes through, workers change nothing, the counts add up.
"""

from __future__ import annotations

import gzip
import json

import pytest
from crawl_pages import is_ordered_subset, page

from noise import Cleaner
from noise.pipeline import Settings, UsageError, clean_inputs


@pytest.fixture(scope="module")
def cleaner():
    return Cleaner.load()


def write_jsonl(path, records, opener=open):
    with opener(path, "wt", encoding="utf-8", newline="") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_jsonl(path, opener=open):
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def check_counts(tally):
    counts = tally.counts
    assert counts.records == counts.cleaned + counts.kept + counts.skipped
    assert counts.bytes_out <= counts.bytes_in


def test_text_files_mirror_the_tree_as_ordered_subsets(tmp_path, cleaner):
    source = tmp_path / "in"
    pages = {"a.txt": page(1), "sub/b.txt": page(2, crlf=True), "sub/deeper/c.txt": page(3, trailing_newline=False)}
    for name, text in pages.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_bytes(text.encode())
    tally = clean_inputs(cleaner, [str(source)], out=tmp_path / "out")
    assert tally.ok and tally.files_done == 3
    for name, text in pages.items():
        output = (tmp_path / "out" / name).read_bytes()
        assert is_ordered_subset(output, text.encode())
    check_counts(tally)


def test_jsonl_keeps_fields_order_and_compression(tmp_path, cleaner):
    records = [{"id": n, "url": f"https://example.org/{n}", "text": page(n), "score": 0.5} for n in range(40)]
    write_jsonl(tmp_path / "dump.jsonl.gz", records, gzip.open)
    tally = clean_inputs(cleaner, [str(tmp_path / "dump.jsonl.gz")], out=tmp_path / "out")
    out = read_jsonl(tmp_path / "out" / "dump.jsonl.gz", gzip.open)
    assert [list(r) for r in out] == [list(r) for r in records]
    for before, after in zip(records, out):
        assert {k: v for k, v in after.items() if k != "text"} == {k: v for k, v in before.items() if k != "text"}
        assert is_ordered_subset(after["text"].encode(), before["text"].encode())
    assert tally.counts.cleaned == 40 and tally.ok
    check_counts(tally)


def test_zstd_jsonl_stays_zstd(tmp_path, cleaner):
    zstandard = pytest.importorskip("zstandard")
    lines = b"".join(json.dumps({"text": page(n)}).encode() + b"\n" for n in range(10))
    (tmp_path / "d.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(lines))
    tally = clean_inputs(cleaner, [str(tmp_path / "d.jsonl.zst")], out=tmp_path / "out")
    data = (tmp_path / "out" / "d.jsonl.zst").read_bytes()
    decoded = zstandard.ZstdDecompressor().stream_reader(data).read()
    assert len(decoded.splitlines()) == 10 and tally.ok


def test_two_workers_write_what_one_writes(tmp_path, cleaner):
    source = tmp_path / "in"
    source.mkdir()
    write_jsonl(source / "a.jsonl", [{"text": page(n)} for n in range(150)])
    for n in range(30):
        (source / f"p{n:02d}.txt").write_text(page(200 + n))
    settings = Settings(chunk_records=7)
    one = clean_inputs(cleaner, [str(source)], out=tmp_path / "one", settings=settings, workers=1)
    two = clean_inputs(cleaner, [str(source)], out=tmp_path / "two", settings=settings, workers=2)
    assert one.counts == two.counts
    for file in (tmp_path / "one").rglob("*"):
        if file.is_file():
            assert file.read_bytes() == (tmp_path / "two" / file.relative_to(tmp_path / "one")).read_bytes()


def test_parquet_keeps_schema_columns_order_and_codec(tmp_path, cleaner):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    texts = [page(n) for n in range(30)] + [None]
    table = pa.table(
        {"id": list(range(31)), "text": texts, "raw": [t.encode() if t else None for t in texts]},
        metadata={b"origin": b"test"},
    )
    pq.write_table(table, tmp_path / "t.parquet", compression="zstd", row_group_size=10)
    tally = clean_inputs(cleaner, [str(tmp_path / "t.parquet")], out=tmp_path / "out")
    result = pq.ParquetFile(tmp_path / "out" / "t.parquet")
    assert result.schema_arrow == table.schema and result.schema_arrow.metadata == table.schema.metadata
    assert result.metadata.row_group(0).column(0).compression == "ZSTD"
    assert result.metadata.num_row_groups == 4
    out = result.read()
    assert out.column("id").to_pylist() == list(range(31))
    assert out.column("raw").to_pylist() == table.column("raw").to_pylist()
    for before, after in zip(texts[:-1], out.column("text").to_pylist()):
        assert is_ordered_subset(after.encode(), before.encode())
    assert out.column("text")[30].as_py() is None  # the null row: a bad record, kept
    assert tally.counts.cleaned == 30 and tally.counts.kept == 1 and tally.problems == 1
    check_counts(tally)
    # a binary text column is cleaned too, and stays binary
    tally = clean_inputs(cleaner, [str(tmp_path / "t.parquet")], out=tmp_path / "raw", settings=Settings(field="raw"))
    out = pq.read_table(tmp_path / "raw" / "t.parquet")
    assert out.schema == table.schema and tally.counts.cleaned == 30


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("kind", ["string", "large_string"])
def test_invalid_utf8_in_a_parquet_string_column_is_one_bad_record(tmp_path, cleaner, workers, kind):
    """It crashed the run (two workers) or lost the whole file as 'unreadable' (one)."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    raw = pa.array([b"caf\xe9 menu", page(2).encode()], pa.large_binary() if kind == "large_string" else pa.binary())
    pq.write_table(pa.table({"text": raw.view(getattr(pa, kind)()), "id": [1, 2]}), tmp_path / "t.parquet")
    problems = []
    tally = clean_inputs(cleaner, [str(tmp_path / "t.parquet")], out=tmp_path / "out", report=problems.append, workers=workers)
    assert [problem.reason for problem in problems] == ["'text' is not valid UTF-8 (byte 3)"]
    out = pq.read_table(tmp_path / "out" / "t.parquet")
    assert out.schema.field("text").type == getattr(pa, kind)()
    kept = out.column("text").cast(pa.large_binary()).to_pylist()
    assert kept[0] == b"caf\xe9 menu" and is_ordered_subset(kept[1], page(2).encode())
    assert tally.counts.cleaned == 1 and tally.counts.kept == 1


def test_parquet_without_the_column_passes_through_with_one_report(tmp_path, cleaner):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"body": ["a", "b"]}), tmp_path / "t.parquet")
    problems = []
    tally = clean_inputs(cleaner, [str(tmp_path / "t.parquet")], out=tmp_path / "out", report=problems.append)
    assert len(problems) == 1 and "no 'text' column" in problems[0].reason
    assert pq.read_table(tmp_path / "out" / "t.parquet").column("body").to_pylist() == ["a", "b"]
    assert tally.counts.kept == 2


@pytest.mark.parametrize("policy", ["keep", "skip"])
def test_bad_records_are_kept_or_skipped_and_counted(tmp_path, cleaner, policy):
    lines = [
        json.dumps({"text": page(1)}),
        json.dumps({"text": 7}),
        "{broken",
        json.dumps({"text": page(2)}),
        json.dumps({"other": "x"}),
    ]
    (tmp_path / "d.jsonl").write_text("\n".join(lines) + "\n")
    problems = []
    tally = clean_inputs(
        cleaner, [str(tmp_path / "d.jsonl")], out=tmp_path / "out", settings=Settings(on_error=policy), report=problems.append
    )
    out = (tmp_path / "out" / "d.jsonl").read_text().splitlines()
    assert [p.record for p in problems] == [2, 3, 5]
    if policy == "keep":
        assert out[1:3] == lines[1:3] and out[4] == lines[4] and len(out) == 5
    else:
        assert len(out) == 2
    assert tally.counts.cleaned == 2 and tally.counts.errors == 3 and not tally.ok
    check_counts(tally)


def test_fail_stops_at_the_first_bad_record_and_leaves_no_output_for_it(tmp_path, cleaner):
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text(page(1))
    (source / "b.jsonl").write_text(json.dumps({"text": page(2)}) + "\nnot json\n")
    (source / "c.txt").write_text(page(3))
    tally = clean_inputs(cleaner, [str(source)], out=tmp_path / "out", settings=Settings(on_error="fail"))
    assert tally.aborted and not tally.ok
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt"]


def test_resume_skips_finished_outputs_and_clears_stale_temporaries(tmp_path, cleaner):
    source = tmp_path / "in"
    source.mkdir()
    for n in range(5):
        (source / f"{n}.txt").write_text(page(n))
    clean_inputs(cleaner, [str(source)], out=tmp_path / "full")
    out = tmp_path / "out"
    out.mkdir()
    (out / "0.txt").write_bytes((tmp_path / "full" / "0.txt").read_bytes())
    (out / ".3.txt.k1ll3d.noise-part").write_text("half")
    tally = clean_inputs(cleaner, [str(source)], out=out, resume=True)
    assert tally.files_finished_before == 1 and tally.files_done == 4
    assert sorted(p.name for p in out.iterdir()) == [f"{n}.txt" for n in range(5)]
    for n in range(5):
        assert (out / f"{n}.txt").read_bytes() == (tmp_path / "full" / f"{n}.txt").read_bytes()


def test_shards_split_the_inputs_without_overlap(tmp_path, cleaner):
    source = tmp_path / "in"
    source.mkdir()
    for n in range(12):
        (source / f"{n}.txt").write_text(page(n))
    shards = []
    for k in range(3):
        clean_inputs(cleaner, [str(source)], out=tmp_path / f"shard{k}", shard=(k, 3))
        shards.append({p.name for p in (tmp_path / f"shard{k}").iterdir()} if (tmp_path / f"shard{k}").exists() else set())
    assert set().union(*shards) == {f"{n}.txt" for n in range(12)}
    assert sum(len(names) for names in shards) == 12


def test_usage_errors_come_before_any_work(tmp_path, cleaner):
    with pytest.raises(UsageError):
        clean_inputs(cleaner, [str(tmp_path)], resume=True)


def test_same_output_twice_is_an_error_not_an_overwrite(tmp_path, cleaner):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "p.txt").write_text(page(len(folder)))
    problems = []
    tally = clean_inputs(
        cleaner, [str(tmp_path / "x" / "p.txt"), str(tmp_path / "y" / "p.txt")], out=tmp_path / "out", report=problems.append
    )
    assert tally.files_done == 1 and tally.files_failed == 1
    assert "same output file" in problems[0].reason


def slow_square(cleaner, number):
    import time

    time.sleep(0.002 * (number % 5))
    return number * number


def test_ordered_pool_calls_back_in_order_with_a_bounded_queue():
    from noise.parallel import OrderedPool

    results, in_flight = [], []
    with OrderedPool(None, workers=2, depth=3) as pool:
        for number in range(40):
            pool.submit(slow_square, number, results.append)
            in_flight.append(pool._in_flight)
        pool.after(lambda: results.append("end"))
        pool.drain()
    assert results == [n * n for n in range(40)] + ["end"]
    assert max(in_flight) <= 3
