"""Shared by the adaptation tests: a tiny model trained in seconds on project-written pages, and
pages of a made-up publisher whose boilerplate that model has never seen (all text hand-written).

Tests never rely on the bundled model's verdicts: it is retrained as the features change.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from noise.corpus import LabeledPage

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ROOT / "training" / "project_corpus" / "pages.jsonl.gz"

PUBLISHER = "harbourside-gazette.example"
HEADER = [
    "Harbourside Gazette",
    "Gazette Extra: puzzles, crosswords and the weekend quiz",
    "Tides today: high water at 06:12 and 18:40",
]
FOOTER = [
    "Listen to the Harbourside podcast every Friday morning",
    "Letters to the editor: write to us at the quay office",
    "Harbourside Gazette is printed on recycled paper since 1998",
]
STORIES = [
    [
        "Ferry timetable changes for the winter season",
        "The island ferry will run every ninety minutes from November, the operator announced after a month of consultation with residents.",
        "Early morning crossings stay unchanged so that pupils reach the mainland school before the first bell.",
    ],
    [
        "Fishermen welcome new cold store on the north pier",
        "A cold store big enough for a week's catch opened on the north pier, sparing crews the drive to the market town.",
        "The co-operative that runs it expects prices at the quay to rise because buyers no longer fear spoiled boxes.",
        "Its solar roof covers about a third of the cooling costs in summer.",
    ],
    [
        "Lighthouse keeper's cottage becomes a small museum",
        "Volunteers restored the cottage beside the lighthouse over three summers, scraping salt from every window frame.",
        "The museum shows the logbooks kept by four generations of keepers, including the night of the great storm.",
    ],
    [
        "Rowing club celebrates its hundredth regatta",
        "More than two hundred rowers from along the coast raced in the harbour on Saturday under a clear sky.",
        "The host club's veterans' crew, whose youngest member is sixty-one, won the final by half a length.",
    ],
    [
        "Council approves repairs to the sea wall",
        "Repairs to the crumbling stretch of sea wall below the promenade will begin in spring, the council decided on Thursday.",
        "Engineers warned that another winter of storms could undermine the road that runs behind it.",
        "Residents asked for the work to pause during the summer season so that the beach stays open.",
    ],
    [
        "Market hall to open on Sunday mornings",
        "Stallholders voted to open the market hall on Sunday mornings from next month after a trial in August drew large crowds.",
        "The bakery and the cheese counter will open first, and the flower stalls will follow once the season starts.",
    ],
]


def gazette_page(number: int) -> tuple[list[str], list[str | None]]:
    """One Harbourside Gazette page: its lines and their labels."""
    story = STORIES[number % len(STORIES)]
    lines: list[str] = []
    labels: list[str | None] = []
    for line in HEADER:
        lines.append(line)
        labels.append("noise")
    lines.append("")
    labels.append(None)
    for sentence in story:
        lines += [sentence, ""]
        labels += ["content", None]
    for line in FOOTER:
        lines.append(line)
        labels.append("noise")
    return lines, labels


def gazette_pages(count: int) -> list[LabeledPage]:
    pages = []
    for number in range(count):
        lines, labels = gazette_page(number)
        pages.append(LabeledPage(lines=lines, labels=labels, id=f"gazette/{number}", domain=PUBLISHER, lang="en"))
    return pages


def project_pages(publishers: int = 6, per_publisher: int = 4) -> list[LabeledPage]:
    """Pages of the first English publishers of the project corpus's train split."""
    by_domain: dict[str, list[dict]] = {}
    with gzip.open(PROJECT, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["lang"] == "en" and record["meta"]["split"] == "train":
                by_domain.setdefault(record["domain"], []).append(record)
    chosen = sorted(domain for domain, records in by_domain.items() if len(records) >= per_publisher)[:publishers]
    return [
        LabeledPage(
            lines=record["lines"],
            labels=record["labels"],
            id=record["id"],
            domain=record["domain"],
            lang="en",
            source="project",
            categories=record["categories"],
        )
        for domain in chosen
        for record in by_domain[domain][:per_publisher]
    ]


def train_tiny_model(directory: Path) -> Path:
    """A small model directory (seconds to train), loadable like any other."""
    from noise.artifact import save_model
    from noise.training import TrainConfig, train

    result = train(project_pages(), TrainConfig(folds=2, hidden=(16,), epochs=5, text_epochs=3))
    result.model.threshold = 0.5
    meta = {"threshold": 0.5, "summary": "A tiny test model.", "versions": {}}
    return save_model(directory, result.model, result.estimators, meta, "# tiny test model\n")
