"""The evaluated pages: those of the shared corpus that come with their HTML.

That is the WCXB ``test`` split (504 pages, seven page types) and cwced_zh (67 pages; with a
held-out model, the pages of the publishers it never saw).
Each page carries its gold text, the HTML file's path, and the raw dump of every converter with
its line labels, so HTML tools and text tools are scored on exactly the same pages.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

CONVERTERS = ("html_text", "lxml_blocks", "inscriptis")
#: The converter whose line count stands for an HTML page's size in lines/s.
REFERENCE_CONVERTER = "html_text"
CORPUS_DIRS = {"wcxb": "wcxb-test", "cwced_zh": "cwced_zh"}
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS_ROOT = REPO_ROOT.parent / "shared" / "corpus"


@dataclass(frozen=True)
class Dump:
    """One converter's raw text of a page, split on newlines, with a label per line."""

    lines: tuple[str, ...]
    labels: tuple[str | None, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class BenchPage:
    id: str
    corpus: str  # "wcxb-test" or "cwced_zh"
    domain: str
    lang: str
    page_type: str | None  # WCXB's page type; None for cwced_zh
    html_path: Path
    gold: str
    dumps: dict[str, Dump] = field(default_factory=dict)

    @property
    def group(self) -> tuple[str, str | None]:
        return (self.corpus, self.page_type)

    def html_bytes(self) -> bytes:
        with gzip.open(self.html_path, "rb") as handle:
            return handle.read()

    def n_lines(self, converter: str = REFERENCE_CONVERTER) -> int:
        return len(self.dumps[converter].lines)


def _read_jsonl(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load_pages(
    root: Path = DEFAULT_CORPUS_ROOT, per_group: int | None = None, publishers: dict[str, set[str]] | None = None
) -> list[BenchPage]:
    """Every page with HTML, with all converters' dumps; ``per_group`` keeps a fixed sample;
    ``publishers`` (corpus directory -> registrable domains) keeps only those publishers' pages
    of the corpora it names (the pages a held-out model never saw).

    The sample (for ``--quick``) takes the first ``per_group`` pages of each corpus and page type
    in an order fixed by a hash of the page id, so it is the same on every run.
    """
    pages: dict[str, BenchPage] = {}
    for dirname, corpus in CORPUS_DIRS.items():
        for record in _read_jsonl(root / dirname / "pages.jsonl.gz"):
            if not record.get("html_file"):
                continue
            if publishers is not None and dirname in publishers and _publisher(record["domain"]) not in publishers[dirname]:
                continue
            pages[record["id"]] = BenchPage(
                id=record["id"],
                corpus=corpus,
                domain=record["domain"],
                lang=record.get("lang") or "en",
                page_type=(record.get("meta") or {}).get("page_type"),
                html_path=root / record["html_file"],
                gold=record["gold"] or "",
            )
    if per_group is not None:
        pages = {page.id: page for page in sample(pages.values(), per_group)}
    for dirname in CORPUS_DIRS:
        for converter in CONVERTERS:
            for record in _read_jsonl(root / dirname / f"{converter}.jsonl.gz"):
                page = pages.get(record["id"])
                if page is not None:
                    page.dumps[converter] = Dump(tuple(record["lines"]), tuple(record["labels"]))
    missing = [page.id for page in pages.values() if set(page.dumps) != set(CONVERTERS)]
    if missing:
        raise ValueError(f"{len(missing)} pages lack a converter's dump, e.g. {missing[0]}")
    return sorted(pages.values(), key=lambda page: page.id)


def _publisher(domain: str) -> str:
    from noise.corpus import LabeledPage
    from noise.training import publisher

    return publisher(LabeledPage(lines=[], labels=[], domain=domain))


def sample(pages, per_group: int) -> list[BenchPage]:
    by_group: dict[tuple, list[BenchPage]] = defaultdict(list)
    for page in sorted(pages, key=lambda page: hashlib.sha1(page.id.encode()).hexdigest()):
        by_group[page.group].append(page)
    return [page for group in by_group.values() for page in group[:per_group]]


def evaluated_domains(root: Path = DEFAULT_CORPUS_ROOT) -> set[str]:
    """Domains of every page that has HTML, whether or not this run samples it.

    The benchmark model is trained without all of them, so that ``--quick`` and full runs use
    the same model (and the same cache entry).
    """
    domains = set()
    for dirname in CORPUS_DIRS:
        for record in _read_jsonl(root / dirname / "pages.jsonl.gz"):
            if record.get("html_file"):
                domains.add(record["domain"])
    return domains


def _digest(text: str) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest(), 16)


def training_lines(
    root: Path, exclude_domains: set[str], extra: list[Path], max_pages: int | None = None
) -> Iterator[tuple[str, str]]:
    """(source, corpus-format JSON line) for training: records of the kept domains.

    With ``max_pages=None``, every converter's record of every kept page. Otherwise at most
    ``max_pages`` pages of each corpus directory (a fixed sample ordered by a hash of the page
    id), each through one converter chosen by that hash, so all three converters are represented
    without the same page counted three times. The ``extra`` files are always taken whole.

    The source names the file a line belongs in: records of one source share a schema, and
    ``datasets`` (which ``noise train`` reads with) wants one schema per file.
    """
    for dirname in CORPUS_DIRS:
        chosen: dict[str, str] | None = None
        if max_pages is not None:
            kept = [
                record["id"]
                for record in _read_jsonl(root / dirname / f"{REFERENCE_CONVERTER}.jsonl.gz")
                if record["domain"] not in exclude_domains
            ]
            kept = sorted(kept, key=_digest)[:max_pages]
            chosen = {page_id: CONVERTERS[_digest(page_id) % len(CONVERTERS)] for page_id in kept}
        for converter in CONVERTERS:
            with gzip.open(root / dirname / f"{converter}.jsonl.gz", "rt", encoding="utf-8") as handle:
                for line in handle:
                    if not line.strip():
                        continue
                    record = json.loads(line)
                    if record["domain"] in exclude_domains:
                        continue
                    if chosen is not None and chosen.get(record["id"]) != converter:
                        continue
                    yield dirname, line.rstrip("\n")
    for path in extra:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if line.strip() and json.loads(line).get("domain") not in exclude_domains:
                    yield path.parent.name, line.rstrip("\n")
