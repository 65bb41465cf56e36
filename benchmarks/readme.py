"""Rewrite the marked region of a README with the latest results; leave it alone without markers."""

from __future__ import annotations

from pathlib import Path

START = "<!-- bench:start -->"
END = "<!-- bench:end -->"


def replace_region(text: str, body: str) -> str | None:
    """``text`` with what lies between the markers replaced by ``body``; None without markers."""
    start = text.find(START)
    end = text.find(END, start + len(START)) if start >= 0 else -1
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
