"""Where a system loses: ``python -m benchmarks.worst_pages [--system S] [--against P] [--lines]``.

Reads the per-page F1 of the last full run (``results/latest.json``) and lists the pages where
``--system`` (default ``noise[html_text]``) falls furthest below ``--against`` (default
trafilatura), with their page type and each side's F1. ``--lines`` relabels those pages with the
benchmark's noise model and prints the lines it got wrong with their scores, for reading on a
terminal only: corpus text is never written to a file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks.pages import DEFAULT_CORPUS_ROOT, REPO_ROOT, load_pages

LATEST = REPO_ROOT / "benchmarks" / "results" / "latest.json"


def losses(page_f1: dict[str, dict[str, float]], system: str, against: str) -> list[tuple[str, float, float]]:
    """(page id, system's F1, other's F1), biggest shortfall first."""
    mine, theirs = page_f1[system], page_f1[against]
    found = [(page_id, mine[page_id], theirs.get(page_id, 0.0)) for page_id in mine]
    return sorted(found, key=lambda item: (item[1] - item[2], item[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worst_pages", description=__doc__)
    parser.add_argument("--system", default="noise[html_text]")
    parser.add_argument("--against", default="trafilatura")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--results", type=Path, default=LATEST)
    parser.add_argument("--lines", action="store_true", help="print the wrongly labelled lines (terminal only)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS_ROOT)
    args = parser.parse_args(argv)

    results = json.loads(args.results.read_text())
    worst = losses(results["page_f1"], args.system, args.against)[: args.top]
    pages = {page.id: page for page in load_pages(args.corpus)}
    print(f"{'page':<40} {'type':<14} {args.system:>18} {args.against:>14}")
    for page_id, mine, theirs in worst:
        page = pages[page_id]
        print(f"{page_id:<40} {page.page_type or '-':<14} {mine:>18.3f} {theirs:>14.3f}")
    if args.lines:
        converter = args.system.partition("[")[2].rstrip("]") or "html_text"
        model = results["run"]["model"]["directory"]
        from noise import Cleaner

        cleaner = Cleaner.load(REPO_ROOT / model)
        for page_id, mine, theirs in worst:
            dump = pages[page_id].dumps[converter]
            print(f"\n=== {page_id} ({pages[page_id].page_type}) {mine:.3f} vs {theirs:.3f}")
            for result in cleaner.label(dump.text):
                label = dump.labels[result.index] if result.index < len(dump.labels) else None
                if label is None or (label == "noise") == bool(result.is_noise):
                    continue
                kind = "DROPPED content" if result.is_noise else "KEPT noise     "
                print(f"{kind} {result.score:5.2f} {result.index:4d} {dump.lines[result.index][:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
