"""Write the project-written labeled corpus: ``python training/project_corpus/generate.py``.

Options: ``--out PATH`` (default: pages.jsonl.gz beside this file), ``--seed N`` (default fixed,
so the committed file is reproducible byte for byte), ``--stats`` (print counts per language,
page type, split, converter and category).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(HERE.parents[1]))

from training.project_corpus.corpus import DEFAULT_SEED, build, format_stats, write  # noqa: E402

DEFAULT_OUT = HERE / "pages.jsonl.gz"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the gzip JSON Lines file")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    parser.add_argument("--stats", action="store_true", help="print counts to stderr after writing")
    args = parser.parse_args(argv)
    records = build(args.seed)
    write(records, args.out)
    print(f"wrote {len(records)} pages to {args.out}", file=sys.stderr)
    if args.stats:
        print(format_stats(records), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
