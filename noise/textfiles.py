"""Plain text: one page per file, cleaned to an exact, in-order subset of its lines.

Files are small and many, so the main process reads them and sends them to the workers in groups
(``clean_pages``), sharing the model's work across a group; each file still gets its own output.
A file that is binary or not UTF-8 is a bad record; one larger than the size cap is streamed
through unchanged (or skipped) without being read into memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from noise.io import Oversized, Unreadable, read_capped, undecodable
from noise.jsonl import pass_oversized
from noise.grouping import clean_by_group
from noise.records import Counts, failure_reason, line_counts

if TYPE_CHECKING:
    from noise.jobs import Job, Settings
    from noise.parallel import OrderedPool


@dataclass(frozen=True)
class Pages:
    pages: list[bytes]
    keep_bad: bool
    folders: list[str] | None = None  # with --group-by: each page's folder, its publisher (noise.grouping)


def clean_pages(cleaner, chunk: Pages) -> list[tuple[bytes, Counts, str | None]]:
    """Worker side: per page, its output bytes, counts and the reason it is bad (``None`` if it is not)."""
    reasons = [undecodable(page) for page in chunk.pages]
    texts = [page.decode("utf-8") for page, reason in zip(chunk.pages, reasons) if reason is None]
    folders = [folder for folder, reason in zip(chunk.folders, reasons) if reason is None] if chunk.folders else None
    results = iter(clean_by_group(cleaner, texts, folders))
    out = []
    for page, reason in zip(chunk.pages, reasons):
        counts = Counts()
        if reason is None:
            cleaned = next(results)
            if isinstance(cleaned, Exception):
                reason = failure_reason(cleaned)
            else:
                data = cleaned.encode("utf-8")
                text = page.decode("utf-8")
                counts.cleaned_page(len(page), len(data), *line_counts(text, cleaned))
                out.append((data, counts, None))
                continue
        counts.bad_record(len(page), chunk.keep_bad)
        out.append((page if chunk.keep_bad else b"", counts, reason))
    return out


class Group:
    """Text files read and waiting to be cleaned together."""

    def __init__(self, pool: "OrderedPool", settings: "Settings") -> None:
        self.pool = pool
        self.settings = settings
        self.jobs: list["Job"] = []
        self.pages: list[bytes] = []
        self.folders: list[str] = []
        self.size = 0

    def add(self, job: "Job") -> None:
        """Read ``job``'s file; send the group when full; stream an oversized file through in place."""
        try:
            stream = job.open_input()
        except Exception:
            job.close_input()
            raise
        content = read_capped(stream, self.settings.max_record_bytes)
        if isinstance(content, Oversized):
            self.send()
            self.pool.drain()
            pass_oversized(job, content, None)
            if content.broken:
                job.fail(f"unreadable ({content.broken.reason})")
            _finish(job)
            return
        job.seen()
        job.close_input()
        if isinstance(content, Unreadable):
            self.send()  # the files before it are reported first
            self.pool.after(lambda: job.fail(f"unreadable ({content.reason})"))
            return
        self.jobs.append(job)
        self.pages.append(content)
        self.folders.append(str(job.source.path.parent) if job.source.path is not None else "")
        self.size += len(content)
        if len(self.pages) >= self.settings.chunk_records or self.size >= self.settings.chunk_bytes:
            self.send()

    def send(self) -> None:
        if not self.jobs:
            return
        jobs = self.jobs
        folders = self.folders if self.settings.group_by else None
        self.pool.submit(clean_pages, Pages(self.pages, self.settings.keep_bad, folders), lambda results: _take(jobs, results))
        self.jobs, self.pages, self.folders, self.size = [], [], [], 0


def _take(jobs: list["Job"], results: list[tuple[bytes, Counts, str | None]]) -> None:
    for job, (data, counts, reason) in zip(jobs, results):
        job.take(counts, [] if reason is None else [(None, reason)], data)
        _finish(job)


def _finish(job: "Job") -> None:
    if job.counts.skipped:
        job.skip()  # a skipped page gets no output file at all, not an empty one
    else:
        job.finish()
