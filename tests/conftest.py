"""Shared fixtures: pages written for the tests (never corpus text) and the bundled model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

MENU = ["Home", "World", "Business", "Sport", "Weather", "Sign in", "Subscribe"]
FOOTER = [
    "Share on Facebook",
    "Share on X",
    "© 2026 Riverside Ledger. All rights reserved.",
    "We use cookies to improve your experience. Accept all",
    "Contact us: newsroom@riverside-ledger.example",
]
ARTICLES = [
    [
        "Harbour bridge reopens after two years of repairs",
        "The old harbour bridge carried its first cars on Tuesday morning, two years after engineers closed it over rusted cables.",
        "Commuters who had been driving a twenty-minute detour lined up before dawn to cross, and several honked as they reached the far side.",
        "The city council said the repairs came in slightly under budget, although the opening was delayed twice by storms last winter.",
    ],
    [
        "Library extends weekend opening hours",
        "Starting next month the central library will stay open until eight in the evening on Saturdays and Sundays.",
        "Librarians said evening visits had doubled since the reading room was renovated, mostly by students preparing for exams.",
    ],
    [
        "Local bakery wins regional bread prize",
        "A small bakery on Mill Street took first place in the regional rye competition, beating forty entrants from across the valley.",
        "The owners, who opened the shop three years ago, said the recipe came from a grandmother's notebook found in the attic.",
        "They plan to use the prize money to buy a second oven before the holiday season.",
    ],
]


def page_lines(article: list[str]) -> tuple[list[str], list[str | None]]:
    """A small page: menu, headline, body, footer; with its labels."""
    lines: list[str] = []
    labels: list[str | None] = []
    for item in MENU:
        lines.append(item)
        labels.append("noise")
    lines.append("")
    labels.append(None)
    for sentence in article:
        lines += [sentence, ""]
        labels += ["content", None]
    for item in FOOTER:
        lines.append(item)
        labels.append("noise")
    return lines, labels


@pytest.fixture(scope="session")
def cleaner():
    from noise import Cleaner

    return Cleaner.load()


@pytest.fixture(scope="session")
def seed_records() -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.labels.jsonl"))]


@pytest.fixture()
def labeled_file(tmp_path: Path) -> Path:
    """Corpus-format JSON Lines with hand-written pages from several publishers."""
    path = tmp_path / "pages.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(12):
            lines, labels = page_lines(ARTICLES[number % len(ARTICLES)])
            record = {
                "id": f"test/{number}",
                "domain": f"publisher{number % 4}.example",
                "source": "handwritten",
                "lang": "en",
                "lines": lines,
                "labels": labels,
                "gold": "\n".join(line for line, label in zip(lines, labels) if label == "content"),
            }
            out.write(json.dumps(record) + "\n")
    return path
