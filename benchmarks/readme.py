"""Rewrite the marked region of a README with the latest results; leave it alone without markers."""

from __future__ import annotations

import re
from pathlib import Path

START = "<!-- bench:start -->"
END = "<!-- bench:end -->"


def _marker_line(text: str, marker: str, start: int = 0) -> int:
    """Offset of ``marker`` standing alone on a line (not quoted in prose), or -1."""
    for match in re.finditer(re.escape(marker), text[start:]):
        offset = start + match.start()
        line_start = text.rfind("\n", 0, offset) + 1
        line_end = text.find("\n", offset)
        line_end = len(text) if line_end < 0 else line_end
        if text[line_start:line_end].strip() == marker:
            return offset
    return -1


def replace_region(text: str, body: str) -> str | None:
    """``text`` with what lies between the marker lines replaced by ``body``; None without them.

    Markers count only on a line of their own, so a README may name them in its prose.
    """
    start = _marker_line(text, START)
    end = _marker_line(text, END, start + len(START)) if start >= 0 else -1
    if start < 0 or end < 0:
        return None
    return text[: start + len(START)] + "\n" + body.strip("\n") + "\n" + text[end:]


def update(path: Path, body: str) -> bool:
    """Write ``body`` into ``path``'s marked region; False when the file or markers are missing."""
    if not path.exists():
        return False
    text = path.read_text(encoding="utf-8")
    updated = replace_region(text, body)
    if updated is None:
        return False
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return True
