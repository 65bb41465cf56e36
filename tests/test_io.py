"""Inputs, capped reads, atomic files, compression, format detection and JSON Lines splicing."""

from __future__ import annotations

import gzip
import io
import json
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noise import compression
from noise.formats import JSONL, PARQUET, TEXT, detect, stdin_name
from noise.io import (
    AtomicFile,
    InputError,
    Oversized,
    Source,
    Unreadable,
    expand,
    read_capped,
    read_lines,
    stale_temporaries,
    write_atomic,
)
from noise.jsonl import Parsed, parse, splice, value_span


def test_expand_walks_folders_sorted_skipping_hidden_and_the_output_folder(tmp_path):
    for name in ["b.txt", "a/c.txt", "a/.hidden.txt", ".git/config", "out/old.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [source.relative.as_posix() for source in expand([str(tmp_path)], exclude=tmp_path / "out")]
    assert found == ["a/c.txt", "b.txt"]


def test_expand_filters_folders_by_glob_but_not_named_files(tmp_path):
    for name in ["a.jsonl.gz", "sub/b.jsonl.gz", "sub/c.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [s.relative.as_posix() for s in expand([str(tmp_path)], globs=["*.jsonl.gz"])]
    assert found == ["a.jsonl.gz", "sub/b.jsonl.gz"]
    named = list(expand([str(tmp_path / "sub" / "c.txt")], globs=["*.jsonl.gz"]))
    assert [s.relative.as_posix() for s in named] == ["c.txt"]


def test_expand_reports_missing_paths_and_empty_folders(tmp_path):
    (tmp_path / "empty").mkdir()
    items = list(expand([str(tmp_path / "nope"), str(tmp_path / "empty"), "-"]))
    assert isinstance(items[0], InputError) and "no such file" in items[0].reason
    assert isinstance(items[1], InputError) and "no files" in items[1].reason
    assert isinstance(items[2], Source) and items[2].path is None


def _walked(items):
    return [(type(item).__name__, item.relative.as_posix() if isinstance(item, Source) else item.name) for item in items]


def test_expand_reads_a_folder_once_however_many_links_lead_to_it(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub" / "b.txt").write_text("x")
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a loop: sub/up/sub/up/... without end
    (tmp_path / "again").symlink_to(tmp_path / "sub")
    items = list(expand([str(tmp_path)]))
    # sorted order meets "again" before "sub": the folder is read there, and only there
    assert [name for kind, name in _walked(items) if kind == "Source"] == ["a.txt", "again/b.txt"]
    errors = {Path(item.name).relative_to(tmp_path).as_posix(): item.reason for item in items if isinstance(item, InputError)}
    assert set(errors) == {"again/up", "sub"} and all("already read" in reason for reason in errors.values())


def test_expand_reports_broken_links_and_special_files_and_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "z.txt").write_text("x")
    assert _walked(expand([str(tmp_path)])) == [
        ("Source", "a.txt"),
        ("InputError", str(tmp_path / "gone.txt")),
        ("InputError", str(tmp_path / "pipe.txt")),
        ("Source", "z.txt"),
    ]
    reasons = [item.reason for item in expand([str(tmp_path)]) if isinstance(item, InputError)]
    assert reasons == ["broken symbolic link", "not a regular file (a pipe, socket or device)"]
    assert _walked(expand([str(tmp_path)], globs=["a.*", "z.*"])) == [("Source", "a.txt"), ("Source", "z.txt")]


def test_a_link_to_itself_is_reported_also_when_an_out_folder_is_excluded(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "self").symlink_to(tmp_path / "self")
    items = list(expand([str(tmp_path)], exclude=tmp_path / "out"))
    assert _walked(items) == [("Source", "a.txt"), ("InputError", str(tmp_path / "self"))]
    assert items[1].reason == "broken symbolic link"


def test_expand_reports_a_folder_it_cannot_list(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text("x")
    (tmp_path / "open.txt").write_text("x")
    listing = Path.iterdir

    def iterdir(folder):
        if folder.name == "locked":  # chmod cannot lock out root, who runs CI
            raise PermissionError(13, "Permission denied")
        return listing(folder)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    items = list(expand([str(tmp_path)], globs=["*.txt"]))
    assert _walked(items) == [("InputError", str(tmp_path / "locked")), ("Source", "open.txt")]
    assert items[0].reason == "folder cannot be listed (permission denied)"


def test_discarding_a_file_that_could_not_be_opened_raises_nothing(tmp_path):
    (tmp_path / "taken").write_text("a file where a folder must go")
    output = AtomicFile(tmp_path / "taken" / "page.txt")
    with pytest.raises(OSError):
        output.open()
    output.discard()  # its temporary name lies under a file: there is nothing to remove


def test_read_lines_hands_over_long_lines_as_streams_and_keeps_every_byte():
    data = b"short\n" + b"x" * 50 + b"\nafter\r\n" + b"y" * 30
    stream = io.BytesIO(data)
    rebuilt = b""
    kinds = []
    for line in read_lines(stream, limit=20):
        if isinstance(line, Oversized):
            kinds.append("big")
            rebuilt += b"".join(line.pieces())
        else:
            kinds.append("line")
            rebuilt += line
    assert kinds == ["line", "big", "line", "big"]
    assert rebuilt == data


def test_read_capped_and_a_truncated_gzip_stream():
    assert read_capped(io.BytesIO(b"abc"), 3) == b"abc"
    assert isinstance(read_capped(io.BytesIO(b"abcd"), 3), Oversized)
    truncated = gzip.compress(b"line\n" * 1000)[:-20]
    items = list(read_lines(compression.reader(io.BytesIO(truncated), compression.GZIP), 100))
    assert isinstance(items[-1], Unreadable)
    assert all(item == b"line\n" for item in items[:-1])


def test_atomic_file_appears_whole_or_not_at_all(tmp_path):
    destination = tmp_path / "deep" / "out.txt"
    output = AtomicFile(destination)
    output.open().write(b"half")
    assert not destination.exists()
    assert output.temporary.name.startswith(".out.txt.") and output.temporary.name.endswith(".noise-part")
    output.discard()
    assert list(destination.parent.iterdir()) == []
    write_atomic(destination, b"whole")
    assert destination.read_bytes() == b"whole"
    mode = stat.S_IMODE(destination.stat().st_mode)
    assert mode & 0o044, "finished output is readable by others, as files made by open() are"


def test_stale_temporaries_are_found_only_for_the_named_destinations(tmp_path):
    for name in [".a.txt.abc123.noise-part", ".b.txt.x9.noise-part", "a.txt", ".a.txt.other"]:
        (tmp_path / name).write_text("x")
    assert [p.name for p in stale_temporaries(tmp_path, {"a.txt"})] == [".a.txt.abc123.noise-part"]


@pytest.mark.parametrize("kind", [compression.GZIP, compression.ZSTD])
def test_compression_round_trips_and_is_deterministic(kind):
    if kind == compression.ZSTD:
        pytest.importorskip("zstandard")
    outputs = []
    for _ in range(2):
        raw = io.BytesIO()
        with compression.writer(raw, kind) as stream:
            stream.write(b"hello\n" * 100)
        outputs.append(raw.getvalue())
        assert compression.sniff(raw.getvalue()[:4]) == kind
    assert outputs[0] == outputs[1]
    assert compression.reader(io.BytesIO(outputs[0]), kind).read() == b"hello\n" * 100


@pytest.mark.parametrize("name", ["records.jsonl.gz", "records.jsonl"])
def test_text_writer_compresses_by_suffix_and_the_same_text_gives_the_same_bytes(tmp_path, name, monkeypatch):
    path = tmp_path / name
    digests = []
    for clock in (1_000_000_000.0, 1_700_000_000.0):  # a gzip header with the time of writing would differ
        monkeypatch.setattr(gzip.time, "time", lambda: clock)
        with compression.text_writer(path) as out:
            out.write('{"lines": ["Grüße"]}\n')
        digests.append(path.read_bytes())
    assert digests[0] == digests[1]
    opened = gzip.open(path, "rt", encoding="utf-8") if name.endswith(".gz") else path.open(encoding="utf-8")
    with opened as text:
        assert text.read() == '{"lines": ["Grüße"]}\n'


@pytest.mark.parametrize(
    "name, forced, expected",
    [
        ("a.jsonl", None, (JSONL, "")),
        ("A.JSONL.GZ", None, (JSONL, "gzip")),
        ("c4-00000.json.gz", None, (JSONL, "gzip")),
        ("x.ndjson.zst", None, (JSONL, "zstd")),
        ("plain.json", None, (TEXT, "")),
        ("t.parquet", None, (PARQUET, "")),
        ("page.txt.gz", None, (TEXT, "gzip")),
        ("page.html", None, (TEXT, "")),
        ("dump.txt", "jsonl", (JSONL, "")),
    ],
)
def test_detect_format_and_compression_by_name(name, forced, expected):
    assert detect(name, forced) == expected


def test_stdin_output_names():
    assert stdin_name(JSONL, compression.GZIP) == "stdin.jsonl.gz"
    assert stdin_name(TEXT, "") == "stdin.txt"


def test_parse_tells_each_kind_of_bad_record():
    assert isinstance(parse(b'{"text": "a"}\n', "text"), Parsed)
    assert "not valid UTF-8" in parse(b'{"text": "\xff"}\n', "text")
    assert "not valid JSON" in parse(b'{"text": \n', "text")
    assert "not a JSON object" in parse(b"[1, 2]\n", "text")
    assert "no 'text' field" in parse(b'{"body": "a"}\n', "text")
    assert "int, not a string" in parse(b'{"text": 3}\n', "text")
    assert "null" in parse(b'{"text": null}\n', "text")
    assert "unpaired surrogate" in parse(b'{"text": "a\\ud800b"}\n', "text")


def test_splice_rewrites_only_the_text_value():
    line = '{"id":1,  "score": 1.50e3, "text" : "a\\nb", "meta": {"text": "inner"}, "z": [1,2]}\r\n'
    parsed = parse(line.encode(), "text")
    out = splice(parsed, "text", "a\n")
    assert out == '{"id":1,  "score": 1.50e3, "text" : "a\\n", "meta": {"text": "inner"}, "z": [1,2]}\r\n'


def test_splice_keeps_the_inputs_escaping_style():
    escaped = json.dumps({"text": "caf\u00e9\nmenu"}, ensure_ascii=True) + "\n"
    assert "\\u00e9" in splice(parse(escaped.encode(), "text"), "text", "caf\u00e9\n")
    raw = json.dumps({"text": "caf\u00e9\nmenu"}, ensure_ascii=False) + "\n"
    assert "caf\u00e9" in splice(parse(raw.encode(), "text"), "text", "caf\u00e9\n")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_the_input_escaped_stays_escaped_beside_raw_letters(separator):
    escape = f"\\u{ord(separator):04x}"
    line = '{"text": "caf\u00e9 ' + escape + ' menu\\nHome"}\n'  # a raw letter, an escaped separator
    out = splice(parse(line.encode(), "text"), "text", f"caf\u00e9 {separator} menu\n")
    assert out == '{"text": "caf\u00e9 ' + escape + ' menu\\n"}\n' and len(out.splitlines()) == 1
    raw = '{"text": "caf\u00e9 ' + separator + ' menu\\nHome"}\n'  # written raw: stays raw
    assert separator in splice(parse(raw.encode(), "text"), "text", f"caf\u00e9 {separator} menu\n")


def test_a_record_after_a_byte_order_mark_is_cleaned_and_the_mark_kept():
    line = "\ufeff" + json.dumps({"id": 1, "text": "Menu\nThe council agreed on Monday.\n"}) + "\n"
    parsed = parse(line.encode("utf-8"), "text")
    assert isinstance(parsed, Parsed), parsed
    assert splice(parsed, "text", "The council agreed on Monday.\n") == '\ufeff{"id": 1, "text": "The council agreed on Monday.\\n"}\n'


def test_value_span_takes_the_last_duplicate_key_as_json_loads_does():
    line = '{"text": "first", "text": "second"}'
    start, end = value_span(line, "text")
    assert line[start:end] == '"second"'


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(
    others=st.dictionaries(st.text(max_size=6).filter(lambda key: key != "text"), json_values, max_size=4),
    text=st.text(max_size=40),
    cleaned=st.text(max_size=20),
    indent=st.sampled_from([None, 0]),
    ascii_only=st.booleans(),
)
def test_splice_changes_nothing_but_the_text_value(others, text, cleaned, indent, ascii_only):
    value = dict(others, text=text)
    line = json.dumps(value, ensure_ascii=ascii_only, separators=(",", ":") if indent is None else (", ", ": ")) + "\n"
    parsed = parse(line.encode("utf-8"), "text")
    if isinstance(parsed, str):  # surrogates hypothesis may draw are bad records, tested above
        return
    cleaned = cleaned.encode("utf-8", "ignore").decode("utf-8")
    out = splice(parsed, "text", cleaned)
    assert json.loads(out) == dict(value, text=cleaned)
    start, end = value_span(line, "text")
    new_start, new_end = value_span(out, "text")
    assert out[:new_start] == line[:start] and out[new_end:] == line[end:]
