"""Parquet: the text column of every row cleaned; schema, other columns, row order and codecs kept.

The file is read in batches of rows, row group by row group, so memory is bounded by the input's
row-group size; each output row group holds the rows of one input row group. A text column of
``binary`` type is decoded as UTF-8 per row (a row that does not decode is a bad record) and
written back as bytes. pyarrow comes with ``datasets``, a core dependency.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from noise.records import Counts, clean_isolating, failure_reason, line_counts, text_problem, too_big

if TYPE_CHECKING:
    from noise.jobs import Job
    from noise.parallel import OrderedPool

_CODECS = {"uncompressed": "none", "lz4_raw": "lz4"}


@dataclass(frozen=True)
class Rows:
    """A batch of rows (a ``pyarrow.RecordBatch``), the first being row number ``first``."""

    batch: Any
    column: int
    first: int
    keep_bad: bool
    limit: int


def clean_rows(cleaner, chunk: Rows) -> tuple[Any, Counts, list[tuple[int, str]]]:
    """Worker side: the batch with its text column cleaned (bad rows kept or dropped), counts, problems."""
    import pyarrow as pa

    batch = chunk.batch
    column = batch.column(chunk.column)
    field = batch.schema.field(chunk.column)
    binary = pa.types.is_binary(field.type) or pa.types.is_large_binary(field.type)
    values = _values(column)
    texts, reasons = [], []
    for value in values:
        reason = None
        if isinstance(value, bytes):  # a binary column's value, or a string column's invalid one
            try:
                value = value.decode("utf-8")
            except UnicodeDecodeError as error:
                reason = f"{field.name!r} is not valid UTF-8 (byte {error.start})"
        reason = reason or text_problem(value, field.name)
        if reason is None and len(value) > chunk.limit // 4 and len(value.encode("utf-8")) > chunk.limit:
            reason = too_big(chunk.limit, len(value.encode("utf-8")))
        texts.append(value)
        reasons.append(reason)
    results = iter(clean_isolating(cleaner, [text for text, reason in zip(texts, reasons) if reason is None]))
    counts, problems, out, keep = Counts(), [], [], []
    for number, (original, text, reason) in enumerate(zip(values, texts, reasons), chunk.first):
        if reason is None:
            cleaned = next(results)
            if isinstance(cleaned, Exception):
                reason = failure_reason(cleaned)
            else:
                encoded = cleaned.encode("utf-8")
                counts.cleaned_page(len(text.encode("utf-8")), len(encoded), *line_counts(text, cleaned))
                out.append(encoded if binary else cleaned)
                keep.append(True)
                continue
        problems.append((number, reason))
        counts.bad_record(_size(original), chunk.keep_bad)
        out.append(original)
        keep.append(chunk.keep_bad)
    arrays = list(batch.columns)
    arrays[chunk.column] = _column(out, field.type, binary)
    cleaned_batch = pa.RecordBatch.from_arrays(arrays, schema=batch.schema)
    if not all(keep):
        cleaned_batch = cleaned_batch.filter(pa.array(keep))
    return cleaned_batch, counts, problems


def _column(values: list, kind, binary: bool):
    """``values`` as a column of type ``kind`` (``binary`` or a string type). A string column's
    invalid UTF-8 value passes through as the bytes it was (a string column cannot be built from it
    otherwise)."""
    import pyarrow as pa

    if binary or not any(isinstance(v, bytes) for v in values):
        return pa.array(values, type=kind)
    raw = [value.encode("utf-8") if isinstance(value, str) else value for value in values]
    return pa.array(raw, type=pa.large_binary() if pa.types.is_large_string(kind) else pa.binary()).view(kind)


def _values(column) -> list:
    """The column as Python values; a value that will not convert (invalid UTF-8 in a string column) as raw bytes."""
    try:
        return column.to_pylist()
    except (UnicodeDecodeError, ValueError):
        values = []
        for index in range(len(column)):
            try:
                values.append(column[index].as_py())
            except (UnicodeDecodeError, ValueError):
                values.append(column.cast("binary")[index].as_py())
        return values


def _size(value: object) -> int:
    if isinstance(value, bytes):
        return len(value)
    if isinstance(value, str):
        return len(value.encode("utf-8", "surrogatepass"))
    return 0


def submit(job: "Job", pool: "OrderedPool") -> None:
    """Main side: send the file's row batches to the pool; write each row group once all its batches are back."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    settings = job.run.settings
    try:
        parquet = pq.ParquetFile(job.source.path)
    except (OSError, pa.ArrowException) as error:
        job.fail(f"not a readable Parquet file ({str(error).splitlines()[0][:120]})")
        return
    schema = parquet.schema_arrow
    metadata = parquet.metadata
    column = schema.get_field_index(settings.field)
    size_per_row = job.source.size() / max(metadata.num_rows, 1)
    state: dict[str, Any] = {"writer": None, "batches": []}

    def writer():
        if state["writer"] is None:
            state["writer"] = pq.ParquetWriter(job.output(), schema, compression=_codecs(metadata))
        return state["writer"]

    def write_group() -> None:
        if job.failed:
            return
        table = pa.Table.from_batches(state["batches"], schema=schema)
        state["batches"] = []
        try:
            writer().write_table(table, row_group_size=max(len(table), 1))
        except OSError as error:  # the output folder or file cannot be made, or the disk is full
            job.fail(job.write_failure(error))

    def close() -> None:
        if not job.failed:
            try:
                writer().close()
            except OSError as error:
                job.fail(job.write_failure(error))
        job.finish()

    def collect(result) -> None:
        batch, counts, problems = result
        state["batches"].append(batch)
        job.take(counts, problems)

    problem = None
    if column < 0:
        problem = f"no {settings.field!r} column (columns: {', '.join(schema.names)})"
    elif not _is_text(schema.field(column).type):
        problem = f"{settings.field!r} column is {schema.field(column).type}, not text"
    if problem:
        action = f"all {metadata.num_rows:,} rows {'kept unchanged' if settings.keep_bad else 'skipped'}"
        pool.after(partial(job.problem, None, problem, action))  # after the inputs before it, in order
    number = 1
    try:
        for group in range(metadata.num_row_groups):
            for batch in parquet.iter_batches(batch_size=settings.chunk_records, row_groups=[group], use_threads=False):
                if problem:
                    counts = Counts()
                    for value in batch.column(column).to_pylist() if column >= 0 else [None] * batch.num_rows:
                        counts.bad_record(_size(value), settings.keep_bad)
                    pool.after(partial(collect, (batch if settings.keep_bad else batch.slice(0, 0), counts, [])))
                else:
                    rows = Rows(batch, column, number, settings.keep_bad, settings.max_record_bytes)
                    pool.submit(clean_rows, rows, collect)
                job.advance(int(size_per_row * batch.num_rows))
                number += batch.num_rows
            pool.after(write_group)
    except (OSError, pa.ArrowException) as error:
        reason = f"unreadable from here on ({str(error).splitlines()[0][:120]})"
        pool.after(lambda: job.problem(number, reason, "what came before is written"))
    pool.after(close)


def _is_text(kind) -> bool:
    import pyarrow as pa

    return pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_binary(kind) or pa.types.is_large_binary(kind)


def _codecs(metadata) -> dict[str, str] | str:
    """Each column's codec as the input has it (in its first row group); snappy, pyarrow's default, otherwise."""
    if metadata.num_row_groups == 0:
        return "snappy"
    group = metadata.row_group(0)
    codecs = {}
    for index in range(group.num_columns):
        chunk = group.column(index)
        codec = chunk.compression.lower()
        codecs[chunk.path_in_schema] = _CODECS.get(codec, codec)
    return codecs
