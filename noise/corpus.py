"""Labeled pages in the project's data format (corpus-format JSON Lines, plain or gzip), read with ``datasets``.

A record is one page: ``lines`` (the dump split on ``\\n``), ``labels`` (``"content"``, ``"noise"``
or ``null`` for blank lines), optionally ``categories`` (a noise category or ``null`` per line),
``id``, ``domain``, ``lang``, ``gold`` (the page's reference main text) and ``meta``.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from noise.labels import CATEGORIES, CONTENT, NOISE

_FIELDS = ("id", "domain", "lang", "lines", "labels", "categories", "gold", "source", "converter")


class CorpusError(ValueError):
    """A labeled-data file or record that does not follow the format."""


@dataclass
class LabeledPage:
    lines: list[str]
    labels: list[str | None]
    id: str = ""
    domain: str = ""
    lang: str = ""
    source: str = ""
    converter: str = ""
    gold: str | None = None
    categories: list[str | None] | None = None
    meta: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def check(self, where: str) -> None:
        if not isinstance(self.lines, list) or not all(isinstance(line, str) for line in self.lines):
            raise CorpusError(f"{where}: 'lines' is not a list of strings")
        if not isinstance(self.labels, list):
            raise CorpusError(f"{where}: 'labels' is not a list")
        if len(self.labels) != len(self.lines):
            raise CorpusError(f"{where}: {len(self.labels)} labels for {len(self.lines)} lines")
        for number, (line, label) in enumerate(zip(self.lines, self.labels), 1):
            if label is None:
                if line.strip():
                    raise CorpusError(f"{where}: line {number} has text but no label")
            elif label not in (CONTENT, NOISE):
                raise CorpusError(f"{where}: line {number} has label {label!r}, expected content, noise or null")
            elif not line.strip():  # it would count as a line no model ever scores
                raise CorpusError(f"{where}: line {number} is blank but labeled {label}; a blank line takes null")
        for name in ("id", "domain", "lang", "source", "converter", "gold"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise CorpusError(f"{where}: '{name}' must be a string, not {type(value).__name__}")
        if not isinstance(self.meta, dict):
            raise CorpusError(f"{where}: 'meta' must be an object, not {type(self.meta).__name__}")
        page_type = self.meta.get("page_type")  # None where other records' meta has one and this one's not
        if page_type is not None and not isinstance(page_type, str):
            raise CorpusError(f"{where}: 'meta.page_type' is not a string")
        if self.categories is not None:
            if not isinstance(self.categories, list):
                raise CorpusError(f"{where}: 'categories' is not a list")
            if len(self.categories) != len(self.lines):
                raise CorpusError(f"{where}: {len(self.categories)} categories for {len(self.lines)} lines")
            for number, category in enumerate(self.categories, 1):
                if category is not None and category not in CATEGORIES:
                    raise CorpusError(f"{where}: line {number} has unknown category {category!r}")


def read_pages(paths: Sequence[str | Path]) -> list[LabeledPage]:
    """Every page of the given files, in file order; raises ``CorpusError`` naming the bad file."""
    pages: list[LabeledPage] = []
    for path in paths:
        pages.extend(iter_file(Path(path)))
    return pages


def iter_file(path: Path) -> Iterator[LabeledPage]:
    if not path.is_file():
        raise CorpusError(f"{path}: no such file")
    from noise import review

    if review.looks_like_review(path) or path.name.endswith(review.SUFFIX):  # a page a person corrected (``noise label``)
        page = review.read_page(path)
        page.source = page.source or path.name
        yield page
        return
    import datasets  # heavy; only training and evaluation need it

    datasets.disable_progress_bars()
    try:
        with _quiet(datasets):
            table = datasets.load_dataset("json", data_files=str(path), split="train", cache_dir=_cache_for(path, datasets))
    except Exception as error:  # datasets wraps parse errors in several types, and says little
        reason = first_bad_record(path) or f"{type(error).__name__}: {error}"
        raise CorpusError(f"{path}: not corpus-format JSON Lines ({reason})") from None
    present = [name for name in _FIELDS if name in table.column_names]
    if "lines" not in present or "labels" not in present:
        raise CorpusError(f"{path}: records need 'lines' and 'labels'")
    columns = {name: table[name] for name in present}
    metas = table["meta"] if "meta" in table.column_names else [None] * len(table)
    for number in range(len(table)):
        try:  # values are decoded as they are read, not when the file is loaded
            values = {name: columns[name][number] for name in present}
            meta = metas[number]
        except UnicodeDecodeError as error:
            raise CorpusError(f"{path}: record {number + 1}: not valid UTF-8 ({error.reason})") from None
        page = page_of_record({**values, "meta": meta}, f"{path.name}:{number + 1}")
        page.source = page.source or path.name  # what --weight and the per-source report name it by
        page.check(f"{path}: record {number + 1}")
        yield page


def _cache_for(path: Path, datasets) -> str:
    """A ``datasets`` cache folder for this content: ``datasets`` keys its cache of a local file on
    its path, size and modification time, so a file rewritten with other labels at the same size
    and time was read from the old cache. One folder per SHA-256 of the bytes cannot be stale."""
    return str(Path(datasets.config.HF_DATASETS_CACHE) / "noise-corpus" / file_hashes([path])[0][:16])


@contextmanager
def _quiet(datasets) -> Iterator[None]:
    """``datasets`` logs a failed load before raising; the caller reports it in one line instead."""
    level = datasets.logging.get_verbosity()
    datasets.logging.set_verbosity(datasets.logging.CRITICAL)
    try:
        yield
    finally:
        datasets.logging.set_verbosity(level)


def first_bad_record(path: Path) -> str | None:
    """Where and why a JSON Lines file (plain or gzip) breaks the format, read record by record:
    the first line that is not a JSON object, lacks ``lines`` or ``labels``, or fails
    ``LabeledPage.check``. ``None`` when every record passes (the fault is elsewhere)."""
    from noise import compression

    records = 0
    try:
        with open(path, "rb") as raw:
            for number, line in enumerate(compression.reader(raw, compression.sniff(raw.peek(4)[:4])), 1):
                if not line.strip():
                    continue
                records += 1
                try:
                    record = json.loads(line)
                except ValueError as error:  # JSONDecodeError and UnicodeDecodeError alike
                    return f"line {number}: not valid JSON ({getattr(error, 'msg', error)})"
                if not isinstance(record, dict):
                    return f"line {number}: a JSON {type(record).__name__}, not an object"
                missing = [name for name in ("lines", "labels") if name not in record]
                if missing:
                    return f"line {number}: no {' or '.join(repr(name) for name in missing)}"
                try:
                    page_of_record(record).check(f"line {number}")
                except CorpusError as error:
                    return str(error)
    except (OSError, EOFError) as error:
        return f"unreadable: {error}"
    if not records:
        return "no records: the file is empty or blank"
    return None


def page_of_record(record: dict, default_id: str = "") -> LabeledPage:
    """A labeled page from one corpus-format record (a dict), unchecked."""
    return LabeledPage(
        lines=record["lines"],
        labels=record["labels"],
        id=_identifier(record.get("id")) or default_id,
        domain=record.get("domain") or "",
        lang=record.get("lang") or "",
        source=record.get("source") or "",
        converter=record.get("converter") or "",
        gold=record.get("gold"),
        categories=record.get("categories"),
        meta=record.get("meta") or {},
    )


def _identifier(value):
    """A record's ``id`` as a string: numbering records 1, 2, 3 is common; other types stay as
    they are, for ``LabeledPage.check`` to refuse."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def file_hashes(paths: Iterable[str | Path]) -> list[str]:
    """SHA-256 of each file's bytes, in the order given, for a model's metadata."""
    from noise.artifact import sha256_of

    return [sha256_of(Path(path)) for path in paths]
