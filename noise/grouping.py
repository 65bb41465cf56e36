"""``noise clean --group-by``: the pages of one chunk cleaned publisher by publisher, with publisher memory.

The pipeline reads inputs in chunks (``noise.jobs.Settings``); with ``--group-by`` the chunks are
large (``GROUP_WINDOW`` records), and within each chunk the pages that share a key (a JSON Lines
record's field, the host when it holds a URL; a text file's folder) are cleaned together by
``Cleaner.clean_group``. A publisher whose pages are spread over several chunks is remembered per
chunk: memory stays bounded however large the input.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from noise.records import clean_isolating

#: Records (pages) per chunk when grouping, and the bytes that also end a chunk.
GROUP_WINDOW = 1000
GROUP_WINDOW_BYTES = 32_000_000


def clean_by_group(cleaner, texts: Sequence[str], keys: Sequence[str | None] | None) -> list[str | Exception]:
    """``clean_isolating`` (one result or exception per text), with pages of the same non-empty
    key cleaned together by ``cleaner.clean_group``; ``keys`` None: no grouping."""
    if keys is None:
        return clean_isolating(cleaner, texts)
    members: dict[str, list[int]] = defaultdict(list)
    alone: list[int] = []
    for index, key in enumerate(keys):
        (members[key] if key else alone).append(index)
    results: list[str | Exception | None] = [None] * len(texts)
    for index, result in zip(alone, clean_isolating(cleaner, [texts[i] for i in alone])):
        results[index] = result
    for indices in members.values():
        try:
            cleaned = cleaner.clean_group([texts[i] for i in indices])
        except Exception:  # noqa: BLE001 - a bad page costs only itself: clean them one by one
            cleaned = clean_isolating(cleaner, [texts[i] for i in indices])
        for index, result in zip(indices, cleaned):
            results[index] = result
    return results


def grouped(settings, group_by: str):
    """``settings`` for a grouped run: chunks as large as the memory window."""
    from dataclasses import replace

    return replace(settings, group_by=group_by, chunk_records=GROUP_WINDOW, chunk_bytes=GROUP_WINDOW_BYTES)
