"""``noise clean`` from the outside: files, stdin, bad input, bad records, exit codes, kill and resume."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from crawl_pages import is_ordered_subset, page
from typer.testing import CliRunner

import noise
from noise.cli import app

runner = CliRunner()
REPO = Path(noise.__file__).resolve().parent.parent
SUMMARY = re.compile(
    r"(?P<done>\d+) of (?P<files>\d+) files done.*?; (?P<records>[\d,]+) pages?: (?P<cleaned>[\d,]+) cleaned, "
    r"(?P<kept>[\d,]+) bad kept, (?P<skipped>[\d,]+) bad skipped;.*; (?P<errors>[\d,]+) errors?"
)


def clean(*args, input=None):
    return runner.invoke(app, ["clean", "--workers", "1", *map(str, args)], input=input)


def summary(stderr: str) -> dict[str, int]:
    match = SUMMARY.search(stderr)
    assert match, stderr
    return {key: int(value.replace(",", "")) for key, value in match.groupdict().items()}


def errors_on(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("noise: error: ")]


# -- plain text: the behaviours of the first `noise clean`


def test_stdin_to_stdout_is_an_ordered_subset_with_crlf_and_no_trailing_newline():
    for text in (page(1), page(2, crlf=True), page(3, trailing_newline=False)):
        result = clean(input=text.encode())
        assert result.exit_code == 0, result.stderr
        assert is_ordered_subset(result.stdout_bytes, text.encode())
        if "\r\n" in text:
            assert b"\n" not in result.stdout_bytes.replace(b"\r\n", b"")
        assert "noise: " in result.stderr and not errors_on(result.stderr)


def test_bad_files_are_reported_one_line_each_and_the_good_ones_written(tmp_path):
    (tmp_path / "good.txt").write_text(page(1))
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 binary")
    (tmp_path / "latin1.txt").write_bytes("caf\u00e9 menu\n".encode("latin-1"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "long.txt").write_bytes(b"word " * 2_000_000)  # one 10 MB line
    result = clean(tmp_path, tmp_path / "missing.txt", "--out", tmp_path / "out")
    assert result.exit_code == 1
    errors = errors_on(result.stderr)
    assert len(errors) == 3, errors
    assert any("missing.txt: no such file" in e for e in errors)
    assert any("binary.txt: binary file" in e and "kept unchanged" in e for e in errors)
    assert any("latin1.txt: not valid UTF-8" in e for e in errors)
    out = tmp_path / "out"
    assert is_ordered_subset((out / "good.txt").read_bytes(), page(1).encode())
    assert (out / "binary.txt").read_bytes() == (tmp_path / "binary.txt").read_bytes()  # kept unchanged
    assert (out / "empty.txt").read_bytes() == b""
    assert is_ordered_subset((out / "long.txt").read_bytes(), (tmp_path / "long.txt").read_bytes())
    counts = summary(result.stderr)
    assert counts["records"] == 5 and counts["cleaned"] == 3 and counts["kept"] == 2
    assert (counts["done"], counts["files"]) == (5, 6) and ", 1 failed;" in result.stderr  # the missing file counts among the files


def test_the_summary_counts_one_page_and_one_error_in_the_singular(tmp_path):
    (tmp_path / "good.txt").write_text(page(1))
    result = clean(tmp_path / "good.txt", tmp_path / "missing.txt", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "; 1 page: 1 cleaned," in result.stderr and "; 1 error;" in result.stderr, result.stderr
    (tmp_path / "other.txt").write_text(page(2))
    result = clean(tmp_path / "good.txt", tmp_path / "other.txt", "--out", tmp_path / "out2")
    assert "; 2 pages: " in result.stderr and "; 0 errors;" in result.stderr, result.stderr


def test_stdout_carries_data_only_and_quiet_drops_the_summary(tmp_path):
    (tmp_path / "a.txt").write_text(page(1))
    result = clean(tmp_path / "a.txt", "--quiet")
    assert result.exit_code == 0 and result.stderr == ""
    assert is_ordered_subset(result.stdout_bytes, page(1).encode())


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device whose writes fail")
@pytest.mark.parametrize("command", ["clean", "show"])
def test_a_full_stdout_is_one_error_line_not_a_traceback(tmp_path, command):
    (tmp_path / "a.txt").write_text(page(1))
    (tmp_path / "b.txt").write_text(page(2))
    inputs = [tmp_path / "a.txt", tmp_path / "b.txt"] if command == "clean" else [tmp_path / "a.txt"]
    with open("/dev/full", "wb") as full:
        process = subprocess.run([sys.executable, "-m", "noise", command, *map(str, inputs)], stdout=full, stderr=subprocess.PIPE, timeout=120)
    stderr = process.stderr.decode()
    assert process.returncode == 1
    assert "Traceback" not in stderr
    assert errors_on(stderr) == [f"noise: error: {tmp_path / 'a.txt'}: cannot write <stdout> (No space left on device)" + ("; no output" if command == "clean" else "")]


def test_a_reader_that_leaves_early_gets_no_error_line(tmp_path):
    (tmp_path / "many.jsonl").write_text("".join(json.dumps({"text": page(n % 7)}) + "\n" for n in range(3000)))
    reader = subprocess.Popen([sys.executable, "-m", "noise", "clean", str(tmp_path / "many.jsonl"), "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.readline()
    reader.stdout.close()  # as `| head -1` does
    assert reader.wait(timeout=120) == 1
    assert reader.stderr.read().decode() == ""


@pytest.mark.parametrize(
    "args",
    [
        ["--resume"],
        ["--shard", "3/3"],
        ["--shard", "x"],
        ["--on-error", "ignore"],
        ["--format", "parquet", "-"],
        ["--max-record-size", "lots"],
        ["--max-record-size", "-5"],
        ["--max-record-size", "infk"],
        ["--keep", "bogus"],
        ["--threshold", "nan"],
        ["--errors", "/nonexistent/folder/errors.jsonl"],
    ],
)
def test_usage_errors_exit_2(tmp_path, args):
    (tmp_path / "a.txt").write_text(page(1))
    result = clean(*args, input=b"x")
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout_bytes == b""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["clean", "--threshold", "1.5"], "Invalid value for '--threshold' / '-t': 1.5 is not in the range 0.0<=x<=1.0. (see 'noise clean --help')"),
        (["show"], "Missing argument 'path'. (see 'noise show --help')"),
        (["bogus"], "No such command 'bogus'. (see 'noise --help')"),
    ],
)
def test_a_usage_error_of_the_noise_command_is_one_line(args, message):
    process = subprocess.run([sys.executable, "-m", "noise", *args], capture_output=True, text=True, timeout=60)
    assert process.returncode == 2
    assert process.stderr == f"noise: error: {message}\n" and process.stdout == ""


def test_a_model_whose_metadata_is_not_an_object_is_one_error_line(tmp_path):
    (tmp_path / "a.txt").write_text(page(1))
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "metadata.json").write_text("[]")
    result = clean(tmp_path / "a.txt", "--model", tmp_path / "model")
    assert result.exit_code == 1
    assert errors_on(result.stderr) == [f"noise: error: {tmp_path / 'model' / 'metadata.json'}: unreadable metadata (not a JSON object)"]


def test_progress_only_on_request_when_not_a_terminal(tmp_path):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(page(n))
    quiet = clean(tmp_path, "--out", tmp_path / "a")
    assert "\r" not in quiet.stderr
    shown = clean(tmp_path, "--out", tmp_path / "b", "--progress")
    assert "\r" in shown.stderr and "pages" in shown.stderr


def test_an_output_that_cannot_be_written_is_reported_and_the_others_written(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    crawl, out = tmp_path / "crawl", tmp_path / "out"
    (crawl / "sub").mkdir(parents=True)
    (crawl / "a.txt").write_text(page(1))
    (crawl / "sub" / "b.txt").write_text(page(2))
    pq.write_table(pa.table({"text": [page(3)]}), crawl / "sub" / "c.parquet")
    out.mkdir()
    (out / "sub").write_text("a file where the output folder must go")
    result = clean(crawl, "--out", out)
    assert result.exit_code == 1
    assert errors_on(result.stderr) == [
        f"noise: error: {crawl / 'sub' / 'b.txt'}: cannot write {out / 'sub' / 'b.txt'} (a file is in the way); no output",
        f"noise: error: {crawl / 'sub' / 'c.parquet'}: cannot write {out / 'sub' / 'c.parquet'} (a file is in the way); no output",
    ]
    assert is_ordered_subset((out / "a.txt").read_bytes(), page(1).encode())
    assert sorted(path.name for path in out.iterdir()) == ["a.txt", "sub"]  # no temporary file left


def test_an_out_folder_that_cannot_be_made_stops_before_any_work(tmp_path):
    (tmp_path / "a.txt").write_text(page(1))
    (tmp_path / "taken").write_text("a file")
    result = clean(tmp_path / "a.txt", "--out", tmp_path / "taken")
    assert result.exit_code == 2
    assert errors_on(result.stderr) == [f"noise: error: --out {tmp_path / 'taken'}: cannot make that folder (a file is in the way)"]


@pytest.mark.parametrize("named", ["folder", "file"])
def test_an_out_folder_that_would_overwrite_the_inputs_is_refused_before_any_work(tmp_path, named):
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "a.txt").write_text(page(1))
    (folder / "b.txt").write_text(page(2))
    result = clean(folder if named == "folder" else folder / "a.txt", "--out", folder)
    assert result.exit_code == 2
    assert "would be overwritten by its cleaned copy" in errors_on(result.stderr)[0]
    assert (folder / "a.txt").read_text() == page(1) and (folder / "b.txt").read_text() == page(2)


def test_glob_picks_files_in_folders(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text(json.dumps({"text": page(1)}) + "\n")
    (tmp_path / "in" / "b.txt").write_text(page(2))
    result = clean(tmp_path / "in", "--glob", "*.jsonl", "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.jsonl"]


# -- a dump with every kind of bad record


def bad_dump(path: Path) -> tuple[list[bytes], dict[int, str]]:
    """A JSON Lines dump mixing good records with one of every kind of bad one; returns lines and {number: kind}."""
    lines, bad = [], {}

    def add(line: bytes, kind: str | None = None) -> None:
        lines.append(line)
        if kind:
            bad[len(lines)] = kind

    for n in range(6):
        add(json.dumps({"id": n, "text": page(n), "lang": "en"}, ensure_ascii=False).encode() + b"\n")
        if n == 0:
            add(b'{"id": "w", "text": 42}\n', "wrong type")
            add(b'{"id": "n", "text": null}\n', "null")
        if n == 1:
            add(b'{"id": "u", "text": "caf\xe9 au lait"}\n', "invalid UTF-8 bytes")
            add(b'{"id": "s", "text": "lone \\ud800 surrogate"}\n', "invalid unicode")
        if n == 2:
            add(b'{"id": "m", "body": "no text here"}\n', "missing field")
            add(b'{"id": "j", "text": "unterminated\n', "invalid JSON")
        if n == 3:
            add(b'["a", "list"]\n', "not an object")
            add(json.dumps({"id": "e", "text": "enormous " * 5000}).encode() + b"\n", "enormous")
    path.write_bytes(b"".join(lines))
    return lines, bad


@pytest.mark.parametrize("policy", ["keep", "skip", "fail"])
def test_every_kind_of_bad_record_is_reported_and_handled_as_on_error_says(tmp_path, policy):
    dump = tmp_path / "in" / "dump.jsonl"
    dump.parent.mkdir()
    lines, bad = bad_dump(dump)
    errors_file = tmp_path / "errors.jsonl"
    result = clean(
        dump, "--out", tmp_path / "out", "--on-error", policy, "--errors", errors_file, "--max-record-size", "20k"
    )
    assert result.exit_code == 1
    reported = [json.loads(line) for line in errors_file.read_text().splitlines()]
    stderr_errors = errors_on(result.stderr)
    assert len(reported) == len(stderr_errors)
    out = tmp_path / "out" / "dump.jsonl"
    if policy == "fail":
        assert len(reported) == 1 and reported[0]["record"] == min(bad) and reported[0]["action"] == "run stopped"
        assert not (tmp_path / "out").exists() or tree(tmp_path / "out") == {}  # not even a temporary file
        return
    assert [r["record"] for r in reported] == sorted(bad)
    assert all(r["file"] == str(dump) and r["reason"] for r in reported)
    assert all(f"dump.jsonl: record {number}: " in line for number, line in zip(sorted(bad), stderr_errors))
    output = out.read_bytes().splitlines(keepends=True)
    good = [line for number, line in enumerate(lines, 1) if number not in bad]
    expected_kept = [line for number, line in enumerate(lines, 1) if number in bad] if policy == "keep" else []
    assert len(output) == len(good) + len(expected_kept)
    cleaned = [line for line in output if line not in expected_kept]
    for before, after in zip(good, cleaned):  # every good record comes out cleaned, fields and order intact
        before, after = json.loads(before), json.loads(after)
        assert {k: v for k, v in before.items() if k != "text"} == {k: v for k, v in after.items() if k != "text"}
        assert is_ordered_subset(after["text"].encode(), before["text"].encode())
    for line in expected_kept:  # bad records pass through byte for byte, where they were
        assert line in output
    counts = summary(result.stderr)
    assert counts["records"] == len(lines) == counts["cleaned"] + counts["kept"] + counts["skipped"]
    assert counts["cleaned"] == len(good) and counts["errors"] == len(bad)
    assert counts["kept" if policy == "keep" else "skipped"] == len(bad)


def test_a_truncated_gzip_dump_keeps_what_could_be_read(tmp_path):
    data = b"".join(json.dumps({"text": page(n)}).encode() + b"\n" for n in range(50))
    (tmp_path / "d.jsonl.gz").write_bytes(gzip.compress(data)[:-200])
    result = clean(tmp_path / "d.jsonl.gz", "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "unreadable" in errors_on(result.stderr)[0]
    with gzip.open(tmp_path / "out" / "d.jsonl.gz") as handle:
        assert 0 < len(handle.read().splitlines()) <= 50


# -- killed midway, then resumed


def run_noise(*args, **kwargs) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    command = [sys.executable, "-c", "from noise.cli import main; main()", "clean", *map(str, args)]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, **kwargs)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    """Eight shards of JSON Lines (gzip) and text files, and the tree an uninterrupted run writes for them."""
    root = tmp_path_factory.mktemp("crawl")
    source = root / "in"
    for shard in range(8):
        folder = source / f"part{shard}"
        folder.mkdir(parents=True)
        with gzip.open(folder / "pages.jsonl.gz", "wt", encoding="utf-8") as out:
            for n in range(60):
                out.write(json.dumps({"id": shard * 100 + n, "text": page(shard * 100 + n)}) + "\n")
        for n in range(8):
            (folder / f"page{n}.txt").write_text(page(1000 + shard * 10 + n))
    full = run_noise(source, "--out", root / "full", "--workers", "2")
    assert full.wait(timeout=300) == 0, full.stderr.read().decode()
    expected = tree(root / "full")
    assert len(expected) == 8 * 9
    return source, expected


def start_and_stop(source: Path, out: Path, how: signal.Signals) -> subprocess.Popen:
    """Start a two-worker run and signal it as soon as its first JSON Lines output is finished."""
    process = run_noise(source, "--out", out, "--workers", "2")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out.exists() and any(p.name == "pages.jsonl.gz" for p in out.rglob("*"))):
        time.sleep(0.01)
    if how == signal.SIGKILL:
        os.killpg(process.pid, signal.SIGKILL)  # the main process and its workers, all at once
    else:
        process.send_signal(how)
    process.wait(timeout=120)
    return process


def test_a_run_killed_midway_and_resumed_writes_what_an_uninterrupted_run_writes(tmp_path, crawl):
    source, expected = crawl
    partial = tmp_path / "partial"
    start_and_stop(source, partial, signal.SIGKILL)
    finals = {name: data for name, data in tree(partial).items() if not name.rsplit("/", 1)[-1].startswith(".")}
    assert 0 < len(finals) < len(expected), "the kill should land midway"
    for name, data in finals.items():  # nothing half-written under a final name
        assert data == expected[name], name

    resumed = run_noise(source, "--out", partial, "--workers", "2", "--resume")
    _, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, stderr.decode()
    assert f"({len(finals)} finished before: skipped)" in stderr.decode()
    assert tree(partial) == expected  # byte-identical, and no temporary file left behind


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads a process's children from /proc (Linux)")
def test_workers_end_when_the_main_process_is_killed(tmp_path):
    source = tmp_path / "big.jsonl"  # tens of seconds of work: the run is still going when it is killed
    source.write_text("".join(json.dumps({"text": page(n % 50)}) + "\n" for n in range(100_000)))
    process = run_noise(source, "--out", tmp_path / "out", "--workers", "2")

    def children() -> list[int]:
        found = []
        for task in Path(f"/proc/{process.pid}/task").glob("*"):
            found += [int(pid) for pid in (task / "children").read_text().split()]
        return found

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(children()) < 2:
        time.sleep(0.01)
    workers = children()
    assert len(workers) >= 2, "the run should have started its workers"
    time.sleep(1.0)  # the workers busy with chunks, as a crashed run leaves them
    process.kill()  # SIGKILL to the main process alone: no clean-up runs in it
    process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)], "workers outlived the main process"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"


def test_sigterm_stops_cleanly_leaving_only_finished_files(tmp_path, crawl):
    source, expected = crawl
    stopped = start_and_stop(source, tmp_path / "out", signal.SIGTERM)
    assert stopped.returncode == 130
    assert "rerun with --resume" in stopped.stderr.read().decode()
    files = tree(tmp_path / "out")
    assert files and all(not name.rsplit("/", 1)[-1].startswith(".") for name in files), "temporary files left"
    assert all(data == expected[name] for name, data in files.items())


def test_a_terminal_gets_a_progress_line(tmp_path):
    import pty

    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(page(n))
    leader, follower = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    command = [sys.executable, "-c", "from noise.cli import main; main()", "clean", str(tmp_path), "-o", str(tmp_path / "out")]
    process = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=follower, timeout=120)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.returncode == 0
    assert b"\r" in shown and b"pages" in shown and b"MB/s" in shown
    assert process.stdout == b""


def test_a_single_parquet_file_can_go_to_stdout(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"id": [1, 2], "text": [page(1), page(2)]}), tmp_path / "t.parquet")
    result = clean(tmp_path / "t.parquet")
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(pa.BufferReader(result.stdout_bytes))
    assert table.column("id").to_pylist() == [1, 2]
    pq.write_table(pa.table({"text": ["x"]}), tmp_path / "u.parquet")
    assert clean(tmp_path / "t.parquet", tmp_path / "u.parquet").exit_code == 2
