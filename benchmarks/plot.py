"""The picture: token F1 against pages/s (log scale), one labelled point per system and corpus.

keep-all is left out of the picture (its speed is that of copying a list); its F1 is in the tables.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.report import ALL_TYPES, NOISE, corpora

KEEP_ALL = "keep-all"


def plot(rows: list[dict], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = corpora(rows)
    figure, axes = plt.subplots(1, len(names), figsize=(6.5 * len(names), 5.2), squeeze=False)
    for axis, corpus in zip(axes[0], names):
        # keep-all copies its input (millions of pages/s): it would only stretch the axis.
        points = [
            r
            for r in rows
            if r["corpus"] == corpus and r["page_type"] == ALL_TYPES and r.get("pages_per_s") and r["base"] != KEEP_ALL
        ]
        # Stagger labels of points that sit close together, so their names stay readable.
        for rank, row in enumerate(sorted(points, key=lambda r: (r["pages_per_s"], r["f1"]))):
            is_noise = row["base"] == NOISE
            axis.scatter(
                row["pages_per_s"],
                row["f1"],
                s=70 if is_noise else 40,
                marker="*" if is_noise else ("s" if row["reads"] != "html" else "o"),
                color="tab:red" if is_noise else ("tab:gray" if row["reads"] != "html" else "tab:blue"),
                zorder=3,
            )
            axis.annotate(row["system"], (row["pages_per_s"], row["f1"]), textcoords="offset points", xytext=(5, 3 - 9 * (rank % 3)), fontsize=7)
        axis.set_xscale("log")
        axis.set_xlabel("pages/s on one core (log scale)")
        axis.set_ylabel("token F1 (article-extraction-benchmark)")
        axis.set_title(f"{corpus} ({points[0]['pages'] if points else 0} pages)")
        axis.grid(True, which="both", alpha=0.3)
    figure.suptitle("Accuracy against speed: red stars noise on raw text, blue circles peers on HTML, grey squares text baselines", fontsize=9)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
