"""The model card (``README.md`` of a model directory) and its one-paragraph summary, rendered
from the metadata that training writes, so the card always states what the model measured."""

from __future__ import annotations

from noise.metrics import printed_rates, printed_token_rates

_LICENSES = {
    "wcxb": "Web Content Extraction Benchmark (WCXB v1.0) by Murrough Foley, "
    "github.com/Murrough-Foley/web-content-extraction-benchmark, CC-BY-4.0",
    "cwced_zh": "Chinese Web Content Extraction Dataset, github.com/immortal-autumn/Chinese-Web-Content-Extraction-Dataset, MIT",
    "project": "noise project corpus (training/project_corpus), written for the project, same license as noise",
    "seeds": "noise seed pages (seeds/), same license as noise",
}


def _row(name: str, metrics: dict) -> str:
    lines = metrics["lines"]
    tokens = metrics.get("tokens")
    token_cells = " | ".join(printed_token_rates(tokens, dash="–")) if tokens else "– | – | –"
    rates = " | ".join(printed_rates(lines, dash="–"))
    return f"| {name} | {metrics['pages']} | {lines['lines']} | {rates} | {token_cells} |"


def metrics_table(report: dict) -> str:
    header = (
        "| slice | pages | lines | noise P | noise R | noise F1 | content-line recall | token P | token R | token F1 |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    rows = [header]
    for kind, groups in report.items():
        for name, metrics in groups.items():
            rows.append(_row("overall" if kind == "overall" else f"{kind}: {name}", metrics))
    return "\n".join(rows)


def _category_sources(accuracy: dict) -> str:
    names = {"project": "the project corpus", "seeds": "the seeds"}
    sources = [names.get(name, f"`{name}`") for name in (accuracy.get("source") or {})]
    return " and ".join(sources) if sources else "none"


def categories_section(meta: dict) -> str:
    """Which kind of noise a dropped line is: the categories and their out-of-fold accuracy."""
    accuracy = meta.get("category_accuracy") or {}
    if not meta.get("categories") or not accuracy:
        return ""
    rows = ["| slice | noise lines | accuracy |", "|---|---:|---:|"]
    for kind in ("overall", "lang", "category", "source"):
        for name, figures in (accuracy.get(kind) or {}).items():
            label = "overall" if kind == "overall" else f"{kind}: {name}"
            rows.append(f"| {label} | {figures['lines']} | {figures['accuracy']:.3f} |")
    table = "\n".join(rows)
    return f"""
### Categories
Every dropped line also gets a category: {", ".join(f"`{name}`" for name in meta["categories"])}.
The category model trains on the pages whose labels have categories ({_category_sources(accuracy)}): a linear model over the line's hashed text and features, then a network (hidden layers
{meta['config'].get('category_hidden', [64])}) reading those category scores for the line and its neighbourhood. Its
accuracy on noise lines with a known category, cross-validated by publisher the same way, by
language and by the line's true category:

{table}
"""


def render_summary(meta: dict) -> str:
    overall = meta["cross_validation"]["overall"]["all"]
    lines = overall["lines"]
    tokens = overall.get("tokens")
    token_text = f", token F1 {tokens['f1']:.3f}" if tokens else ""
    return (
        f"Trained {meta['created']} on {meta['training_pages']} pages ({meta['training_lines']} non-blank lines); "
        f"threshold {meta['threshold']:.2f}.\n"
        f"Cross-validated by publisher: noise-line F1 {lines['noise_f1']:.3f}, content-line recall "
        f"{lines['content_recall']:.3f}{token_text}."
    )


def training_weights(config: dict) -> str:
    """The card's sentence on what each training line weighed and the seed, from the recorded settings."""
    sources = "".join(f"lines of `{name}` pages {weight:g}, " for name, weight in sorted(config.get("source_weights", {}).items()))
    categories = ", ".join(f"`{name}` x{weight:g}" for name, weight in sorted(config.get("category_weights", {}).items()))
    text = f"Training weights: {sources}{'others ' if sources else 'every line '}1"
    text += f"; noise lines of category {categories}. " if categories else ", whatever its category. "
    second = ", ".join(f"lines of `{name}` pages x{weight:g}" for name, weight in sorted(config.get("second_pass_source_weights", {}).items()))
    if second:
        text += f"In the second pass only, {second}. "
    text += f"Seed {config.get('seed', 0)}. "
    members = config.get("members", 1)
    if members > 1:
        text += f"Each dense pass averages {members} networks or tree ensembles, each trained with its own seed on its own sample of lines. "
    return text


_REAL_CORPUS_LIMITATIONS = """\
- Labels of the real pages come from aligning converter output with benchmark gold text; gold
  conventions for titles, captions and lists vary by page, so line-level figures carry that noise.
  Figures on WCXB count a kept headline as noise kept, as its gold does; the model keeps most.
- The model reads a headline by the page's `<title>` line that repeats it. Where no line does (text
  scraped without its `<title>`), it drops more headlines: on WCXB test's titled articles the
  held-out model keeps 241 of 297 with the title line and 209 without it (html_text).
- Product, listing and collection pages are where the labels and the model are weakest.
- The training data is mostly English; other languages come from the project-written corpus.
"""


def limitations(meta: dict) -> str:
    """The card's limitations: what was measured on the project's own data where the model was
    trained on it (the real corpus's WCXB pages among its sources), else what holds of any model."""
    sources = meta.get("cross_validation", {}).get("source", {})
    specific = _REAL_CORPUS_LIMITATIONS if "wcxb" in sources else (
        "- Measured only by cross-validation on its own training data's publishers (above): score it on\n"
        "  pages of the publishers you will clean with `noise eval` before relying on it.\n"
    )
    return specific + (
        "- Reader comments are noise on article pages but content on forums; the model decides from the\n"
        "  page around them, and errs on pages that mix both.\n"
    )


def relabeled_headlines(meta: dict) -> tuple[str, str]:
    """The card's sentences on the training labels brought to the project's headline policy
    (``noise.headlines``): one for the training data, one for what the cross-validated figures
    count. Empty where no headline was relabeled."""
    count = meta.get("headlines_relabeled")
    if not count:
        return "", ""
    data = (
        f"Of these, {count} pages had their headline relabeled content for training (the line that repeats "
        "the page's annotated title above its article, `noise/headlines.py`): WCXB's gold leaves titles out, "
        "the project's policy keeps them. "
    )
    figures = (
        f"These figures count the {count} relabeled headlines as content, as training does;\n"
        "`noise eval` reads the labels as they are.\n\n"
    )
    return data, figures


def threshold_origin(meta: dict) -> str:
    """How the card's model got its threshold."""
    if meta.get("threshold_origin"):
        return meta["threshold_origin"]
    if meta.get("threshold_fixed"):
        return "fixed by `noise train --threshold`"
    return (
        "chosen to minimise the cross-validated cost of its errors when dropping a line of article text "
        "costs as much as keeping four lines of noise, every page weighing the same"
    )


def render_card(meta: dict, extra: str = "") -> str:
    sources = sorted(meta["cross_validation"].get("source", {}))
    data_rows = "\n".join(f"| `{path}` | `{digest[:16]}…` |" for path, digest in meta["training_data"].items())
    licenses = "\n".join(f"- {_LICENSES.get(source, source)}" for source in sources)
    versions = ", ".join(f"{name} {version}" for name, version in meta["versions"].items() if version)
    sizes = ", ".join(f"`{name}` {size / 1e6:.1f} MB" for name, size in meta.get("file_sizes", {}).items())
    relabeled_data, relabeled_figures = relabeled_headlines(meta)
    return f"""# noise line classifier: model card

{render_summary(meta)}

## Intended use
Scores every line of raw text scraped from a web page (the output of any HTML-to-text converter)
with the probability that it is not part of the page's main text: menus, share widgets, bylines,
timestamps, disclaimers, contact footers, cookie and legal notices, related-article teasers,
reader comments. `noise clean` drops lines scoring at least the threshold ({meta['threshold']:.2f}), {threshold_origin(meta)}.
Use it to clean crawls before indexing or language-model training. It is not a summariser and
does not rewrite lines: its output is always a subset of the input lines.

## Training data
{meta['training_pages']} labeled pages, {meta['training_lines']} non-blank lines. {relabeled_data}Sources and licenses:

{licenses}

| file | SHA-256 |
|---|---|
{data_rows}

## Training procedure
Hashed character n-grams and words (2^{meta['config']['hashing_bits']} buckets) feed a linear text model; a
neural network (hidden layers {meta['config']['hidden']}) scores each line from its shape, position, repetition
within the page and the text scores of its neighbourhood; gradient-boosted trees
({meta['config']['trees']} trees of depth {meta['config']['tree_depth']}) revise each verdict from the same
features and the first pass's scores of its neighbourhood. Later stages train on out-of-fold
scores of earlier ones, with folds grouped by publisher. {training_weights(meta['config'])}Library versions: {versions}.
Feature set `{meta.get('feature_set', '')}`. Files: {sizes}.

## Evaluation
Cross-validated with {meta.get('folds_used') or meta['config']['folds']} folds grouped by publisher (registrable domain):
every page is scored by a model that saw no page of its publisher. Noise is the positive class
for line precision/recall/F1; content-line recall is the share of article lines kept. Token
scores follow the article-extraction-benchmark (4-token shingles, averaged over pages).

{relabeled_figures}{metrics_table(meta['cross_validation'])}
{categories_section(meta)}{extra}
## Limitations
{limitations(meta)}
## Loading safely
`model.joblib` is loaded only when its SHA-256 matches `metadata.json`, and only by the same
scikit-learn version and feature set that made it. joblib files can run code when loaded: use
model directories only from sources you trust.
"""
