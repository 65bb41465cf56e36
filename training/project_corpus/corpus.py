"""Build the corpus: publishers, pages, records; write them reproducibly; count them."""

from __future__ import annotations

import gzip
import io
import json
import random
from collections import Counter
from pathlib import Path

from noise.labels import CATEGORIES, CONTENT, NOISE
from training.project_corpus.languages import CODES, for_split, load
from training.project_corpus.layout import CONVERTERS, render
from training.project_corpus.page_types import assemblers, new_page
from training.project_corpus.publishers import KIND_PAGES, publishers

DEFAULT_SEED = 20241229
#: How many pages a publisher of each kind has (portals and news sites have the most).
PAGES_PER_PUBLISHER = {"portal": (10, 18), "news": (8, 15)}
OTHER_PAGES = (5, 12)
#: Page types whose written material is small (a few threads, recipes...): fewer pages.
SCARCE = {"forum": 6, "recipe": 6, "shop": 6, "docs": 6}


def pick_weighted(rng: random.Random, weights: dict[str, float]) -> str:
    roll, total = rng.random() * sum(weights.values()), 0.0
    for key, weight in weights.items():
        total += weight
        if roll < total:
            return key
    return key


def build(seed: int = DEFAULT_SEED) -> list[dict]:
    records: list[dict] = []
    build_page = assemblers()
    for code in CODES:
        lang = load(code)
        for pub in publishers(lang, seed):
            written = for_split(code, pub.split)  # held-out publishers write their own prose
            rng = random.Random(f"{seed}:{code}:{pub.domain}:pages")
            count = rng.randint(*PAGES_PER_PUBLISHER.get(pub.kind, OTHER_PAGES))
            count = min(count, SCARCE.get(pub.kind, count))
            for number in range(count):
                page_rng = random.Random(f"{seed}:{code}:{pub.domain}:{number}")
                page_type = pick_weighted(page_rng, KIND_PAGES[pub.kind])
                page = new_page(written, pub, page_rng)
                blocks, template = build_page[page_type](page)
                converter = page_rng.choices(CONVERTERS, weights=pub.style["converters"])[0]
                rendered = render(blocks, converter, page_rng)
                records.append(_record(len(records), lang, pub, page_type, template, converter, rendered, number))
    return records


def _record(index, lang, pub, page_type, template, converter, rendered, number) -> dict:
    gold = "\n".join(line for line, label in zip(rendered.lines, rendered.labels) if label == CONTENT)
    slug = f"{page_type}-{number + 1}"
    return {
        "id": f"project/{index}",
        "source": "project",
        "url": f"https://{pub.domain}/{slug}",
        "domain": pub.domain,
        "lang": lang["code"],
        "converter": converter,
        "lines": rendered.lines,
        "labels": rendered.labels,
        "categories": rendered.categories,
        "gold": gold,
        "meta": {"page_type": page_type, "split": pub.split, "template": template, "publisher": pub.name, "publisher_kind": pub.kind},
    }


def write(records: list[dict], path: Path) -> None:
    """gzip JSON Lines with a fixed header (no name, mtime 0): same seed, same bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        for record in records:
            gz.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(buffer.getvalue())
    tmp.replace(path)


def stats(records: list[dict]) -> dict[str, Counter]:
    counts = {name: Counter() for name in ("lang", "page_type", "split", "converter", "lines", "category")}
    for record in records:
        counts["lang"][record["lang"]] += 1
        counts["page_type"][record["meta"]["page_type"]] += 1
        counts["split"][record["meta"]["split"]] += 1
        counts["converter"][record["converter"]] += 1
        for label, category in zip(record["labels"], record["categories"]):
            counts["lines"][label or "blank"] += 1
            if label == NOISE:
                counts["category"][category] += 1
    counts["domains"] = Counter({s: len({r["domain"] for r in records if r["meta"]["split"] == s}) for s in counts["split"]})
    missing = [c for c in CATEGORIES if not counts["category"][c]]
    if missing:
        counts["category"].update({c: 0 for c in missing})
    return counts


def format_stats(records: list[dict]) -> str:
    out = [f"pages: {len(records)}"]
    for name, counter in stats(records).items():
        out.append(f"\n{name}:")
        for key, value in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            out.append(f"  {key:<14} {value:>7}")
    return "\n".join(out)
