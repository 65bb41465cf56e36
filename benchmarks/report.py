"""Tables and target ratios from scored rows, as Markdown (stdout, latest.md, README) and JSON.

Rows are plain dicts (``scoring.Row.as_dict()``), so these functions work as well on numbers
read back from ``latest.json`` or written by hand in a test.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable

#: Targets of issue 3, each a ratio (or a number) measured in the same run.
F1_VS_TRAFILATURA_MIN = 1.0
SPEED_VS_TRAFILATURA_MIN = 10.0
SPEED_VS_C4_MIN = 0.5
MODEL_LOAD_MAX_S = 0.5
CLI_ONE_PAGE_MAX_S = 1.0
PEAK_MEMORY_MAX_MB = 300.0

REFERENCE_PEER = "trafilatura"
NOISE = "noise"
C4 = "c4"
ALL_TYPES = "all"

CORPUS_COLUMNS = (
    ("system", "system"),
    ("reads", "reads"),
    ("precision", "token P"),
    ("recall", "token R"),
    ("f1", "token F1"),
    ("page_mean_f1", "page-mean F1"),
    ("noise_f1", "noise-line F1"),
    ("content_recall", "content-line R"),
    ("pages_per_s", "pages/s"),
    ("lines_per_s", "lines/s"),
    ("peak_mb", "peak MB"),
    ("import_s", "import s"),
    ("load_s", "load s"),
    ("errors", "errors"),
)
PAGE_TYPE_COLUMNS = tuple(column for column in CORPUS_COLUMNS if column[0] not in ("peak_mb", "import_s", "load_s"))


def fmt(key: str, value) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if key in ("precision", "recall", "f1", "page_mean_f1", "noise_f1", "content_recall"):
        return f"{value:.3f}"
    if key in ("pages_per_s", "lines_per_s"):
        return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"
    if key == "peak_mb":
        return f"{value:.0f}"
    if key in ("import_s", "load_s"):
        return f"{value:.2f}"
    return str(value)


def markdown_table(rows: Iterable[dict], columns=CORPUS_COLUMNS) -> str:
    """A Markdown table of ``rows``, best token F1 first, noise's rows in bold."""
    ordered = sorted(rows, key=lambda row: (-row["f1"], row["system"]))
    lines = [
        "| " + " | ".join(title for _, title in columns) + " |",
        "|" + "|".join("---" if key in ("system", "reads") else "---:" for key, _ in columns) + "|",
    ]
    for row in ordered:
        cells = [fmt(key, row.get(key)) for key, _ in columns]
        if row.get("base") == NOISE:
            cells[0] = f"**{cells[0]}**"
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def corpora(rows: Iterable[dict]) -> list[str]:
    seen: list[str] = []
    for row in rows:
        if row["corpus"] not in seen:
            seen.append(row["corpus"])
    return seen


def page_types(rows: Iterable[dict], corpus: str) -> list[str]:
    return sorted({row["page_type"] for row in rows if row["corpus"] == corpus and row["page_type"] != ALL_TYPES})


def _find(rows: list[dict], corpus: str, system: str) -> dict | None:
    for row in rows:
        if row["corpus"] == corpus and row["page_type"] == ALL_TYPES and row["system"] == system:
            return row
    return None


@dataclass(frozen=True)
class Ratio:
    measure: str
    corpus: str
    system: str
    value: float | None
    target: str
    met: bool | None

    def as_dict(self) -> dict:
        return asdict(self)


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def ratios(
    rows: list[dict], noise_load_s: float | None = None, cli_one_page_s: float | None = None, paired: dict | None = None
) -> list[Ratio]:
    """noise against trafilatura (F1, speed) and C4 (speed) per corpus and converter, and limits.
    ``paired`` (converter -> corpus -> ``benchmarks.paired`` result) gives the C4 ratio measured in
    pairs; without it, the ratio of the two systems' rows."""
    found: list[Ratio] = []
    noise_rows = [row for row in rows if row["base"] == NOISE and row["page_type"] == ALL_TYPES]
    for row in noise_rows:
        corpus, converter = row["corpus"], row["reads"]
        peer = _find(rows, corpus, REFERENCE_PEER)
        c4 = _find(rows, corpus, f"{C4}[{converter}]")
        if peer:
            value = _ratio(row["f1"], peer["f1"])
            found.append(Ratio("token F1 / trafilatura's", corpus, row["system"], value, f">= {F1_VS_TRAFILATURA_MIN:g}", None if value is None else value >= F1_VS_TRAFILATURA_MIN))
            value = _ratio(row["pages_per_s"], peer["pages_per_s"])
            found.append(Ratio("pages/s / trafilatura's", corpus, row["system"], value, f">= {SPEED_VS_TRAFILATURA_MIN:g}", None if value is None else value >= SPEED_VS_TRAFILATURA_MIN))
        pair = (paired or {}).get(converter, {}).get(corpus)
        if pair:
            value = pair["ratio"]
            found.append(Ratio("pages/s / C4 rules' (paired)", corpus, row["system"], value, f">= {SPEED_VS_C4_MIN:g}", value >= SPEED_VS_C4_MIN))
        elif c4:
            value = _ratio(row["pages_per_s"], c4["pages_per_s"])
            found.append(Ratio("pages/s / C4 rules'", corpus, row["system"], value, f">= {SPEED_VS_C4_MIN:g}", None if value is None else value >= SPEED_VS_C4_MIN))
    peaks = [row["peak_mb"] for row in noise_rows if row.get("peak_mb") is not None]
    if peaks:
        found.append(Ratio("peak memory, MB", "all", NOISE, max(peaks), f"<= {PEAK_MEMORY_MAX_MB:g}", max(peaks) <= PEAK_MEMORY_MAX_MB))
    if noise_load_s is not None:
        found.append(Ratio("model load (Cleaner.load), s", "all", NOISE, noise_load_s, f"<= {MODEL_LOAD_MAX_S:g}", noise_load_s <= MODEL_LOAD_MAX_S))
    if cli_one_page_s is not None:
        found.append(Ratio("`noise clean` one page, s", "all", NOISE, cli_one_page_s, f"<= {CLI_ONE_PAGE_MAX_S:g}", cli_one_page_s <= CLI_ONE_PAGE_MAX_S))
    return found


def ratio_table(found: Iterable[Ratio]) -> str:
    lines = ["| measure | corpus | system | value | target | met |", "|---|---|---|---:|---:|---|"]
    for ratio in found:
        value = "–" if ratio.value is None else f"{ratio.value:.3g}" if ratio.value < 1000 else f"{ratio.value:,.0f}"
        met = "–" if ratio.met is None else ("yes" if ratio.met else "**no**")
        lines.append(f"| {ratio.measure} | {ratio.corpus} | {ratio.system} | {value} | {ratio.target} | {met} |")
    return "\n".join(lines)


def corpus_title(corpus: str, rows: list[dict]) -> str:
    pages = next((row["pages"] for row in rows if row["corpus"] == corpus and row["page_type"] == ALL_TYPES), 0)
    return f"{corpus}, all page types ({pages} pages)"


def render(rows: list[dict], found: list[Ratio], notes: list[str], page_type_tables: bool = True) -> str:
    """The whole report: a table per corpus, per WCXB page type, then ratios and notes."""
    parts = []
    for corpus in corpora(rows):
        parts.append(f"### {corpus_title(corpus, rows)}\n")
        parts.append(markdown_table(r for r in rows if r["corpus"] == corpus and r["page_type"] == ALL_TYPES))
        parts.append("")
    if page_type_tables:
        for corpus in corpora(rows):
            for page_type in page_types(rows, corpus):
                members = [r for r in rows if r["corpus"] == corpus and r["page_type"] == page_type]
                parts.append(f"### {corpus}, page type {page_type} ({members[0]['pages']} pages)\n")
                parts.append(markdown_table(members, PAGE_TYPE_COLUMNS))
                parts.append("")
    parts.append("### Ratios against the targets (same run)\n")
    parts.append(ratio_table(found))
    parts.append("")
    if notes:
        parts.append("### Notes\n")
        parts.extend(f"- {note}" for note in notes)
        parts.append("")
    return "\n".join(parts)
