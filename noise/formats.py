"""Which format an input is in, told by its name: plain text, JSON Lines or Parquet, and its compression.

- ``.jsonl`` and ``.ndjson``, and ``.json`` when compressed (crawl dumps such as C4 and Dolma name
  their JSON Lines shards ``.json.gz``): JSON Lines, one page per record.
- ``.parquet``: Parquet, one page per row.
- anything else: plain text, one page per file.

A trailing ``.gz`` or ``.zst`` adds compression to JSON Lines and text. Standard input has no
name: its format is plain text unless forced, and its compression is told by its first bytes.
"""

from __future__ import annotations

from noise.compression import GZIP, NONE, ZSTD, by_suffix

TEXT, JSONL, PARQUET = "text", "jsonl", "parquet"
FORMATS = (TEXT, JSONL, PARQUET)
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_EXTENSIONS = {TEXT: ".txt", JSONL: ".jsonl", PARQUET: ".parquet"}
_COMPRESSED_EXTENSIONS = {NONE: "", GZIP: ".gz", ZSTD: ".zst"}


def detect(name: str, forced: str | None = None) -> tuple[str, str]:
    """``(format, compression)`` of a file called ``name``; ``forced`` overrides the format."""
    compression = by_suffix(name)
    lower = name.lower()
    if compression:
        lower = lower[: lower.rfind(".")]
    if forced:
        return forced, compression
    if lower.endswith(".parquet") and not compression:
        return PARQUET, NONE
    if lower.endswith(_JSONL_SUFFIXES) or (compression and lower.endswith(".json")):
        return JSONL, compression
    return TEXT, compression


def stdin_name(fmt: str, compression: str) -> str:
    """The file name that stdin's output gets under ``--out``: ``stdin.jsonl.gz`` and the like."""
    return "stdin" + _EXTENSIONS[fmt] + _COMPRESSED_EXTENSIONS[compression]

