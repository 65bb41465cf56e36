"""Adapt a trained model to a publisher from a few labeled pages, without its training data.

``noise train --base DIR --data PAGES --out NEW`` runs ``adapt_command``, in four steps:

1. ``score_base``: the base model scores the labeled pages; its final logit and the hashed
   text features of every line are recorded (the base model itself is not changed);
2. ``fit_adapter``: a publisher layer (``noise.adapter``) is fitted on them: a residual over the
   hashed text features, with the base logit as a fixed offset and an L2 penalty, so that it moves
   only the lines the base model got wrong or was unsure of; content lines weigh more than noise
   lines, because dropping article text costs more than keeping a menu line; a shift common to
   all the labeled lines is fitted with it and left out, so the residual does not learn the base
   model's calibration on these pages as a push on every line;
3. it is measured twice: on the labeled pages, each scored by a layer fitted without it
   (before and after), and on the regression set shipped in the package (``noise/data/
   regression.jsonl.gz``, see ``training/build_regression_set.py``), so the user sees that
   other publishers did not get worse;
4. the base model with the layer (merged into the layer it already had, if any) is written as a
   normal model directory, usable with ``--model`` or ``NOISE_MODEL``.

Fitting needs numpy and scipy only, and takes well under a second for a few pages.
"""

from __future__ import annotations

import copy
import gzip
import json
import logging
import time
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Sequence

import numpy as np

from noise.adapter import PageScope, PublisherAdapter
from noise.probe import final_logits
from noise.batch import Batch
from noise.corpus import LabeledPage, page_of_record
from noise.lines import Page
from noise.linekeys import KEYS, line_keys, member, pages_per_key
from noise.labels import CONTENT, NOISE
from noise.scores import score_logit

log = logging.getLogger(__name__)

REGRESSION_SET = "regression.jsonl.gz"
_MAX_FOLDS = 10


@dataclass(frozen=True)
class AdaptConfig:
    """How the publisher layer is fitted (chosen on the tuning publishers of ``training/evaluate_adaptation.py``)."""

    l2: float = 1.0  # penalty on the residual's weights: higher stays closer to the base model
    content_weight: float = 2.0  # a content line counts this many noise lines in the loss
    absorb_shift: bool = True  # fit a shift of every labeled line's logit beside the residual, and leave it out of the layer (``fit_adapter``)
    max_iter: int = 300
    keep_labeled_content: bool = True  # lines labeled content are never dropped (``content_keys``)
    noise_boost: float = 3.0  # added to the logit of lines labeled noise on every labeled page of their publisher (``noise_keys``)
    scoped: bool = True  # the layer applies only to pages that carry the publisher's template (``PageScope``)
    template_share: float = 0.15  # a page must carry this share of the template lines a labeled page typically has
    template_min_lines: int = 3  # and at least this many


@dataclass
class BaseScores:
    """What the base model made of the non-blank lines of some labeled pages."""

    logit: np.ndarray  # final noise logit of each line (after the base's own layer, if any)
    hashed: object  # noise.hashing.HashedLines of those lines
    lines: list[str]  # stripped text
    page: np.ndarray  # index of each line's page
    is_noise: np.ndarray  # the person's label
    threshold: float
    category: list[str | None] = field(default_factory=list)  # the person's category of each noise line, if given
    domains: list[str] = field(default_factory=list)  # the publisher (registrable domain) of each line's page

    def __len__(self) -> int:
        return len(self.logit)

    def predicted(self, logit: np.ndarray | None = None) -> np.ndarray:
        logit = self.logit if logit is None else logit
        return logit >= score_logit(self.threshold)


def score_base(model, pages: Sequence[LabeledPage]) -> BaseScores:
    """Run the base model over labeled pages and keep its final logits and hashed features."""
    batch = Batch.from_pages([Page.from_lines(page.lines) for page in pages])
    if len(batch):
        logit, hashed = final_logits(model, batch)
    else:
        from noise.hashing import HashedLines

        logit, hashed = np.zeros(0), HashedLines(np.zeros(0, np.int64), np.zeros(0, np.int64), 0)
    from noise.training import publisher

    publishers = [publisher(page) for page in pages]
    where = list(zip(batch.page_of_line.tolist(), batch.line_numbers.tolist()))
    labels = [pages[p].labels[i] for p, i in where]
    categories = [pages[p].categories[i] if pages[p].categories else None for p, i in where]
    for (p, i), label in zip(where, labels):
        if label not in (CONTENT, NOISE):
            raise ValueError(f"{pages[p].id}: line {i + 1} has text but no label")
    return BaseScores(
        logit=np.asarray(logit, dtype=np.float64),
        hashed=hashed,
        lines=list(batch.lines),
        page=np.asarray(batch.page_of_line, dtype=np.int64),
        is_noise=np.array([label == NOISE for label in labels], dtype=bool),
        threshold=model.threshold,
        category=[category if label == NOISE else None for label, category in zip(labels, categories)],
        domains=[publishers[p] for p, _ in where],
    )


def _design(scores: BaseScores, rows: np.ndarray):
    """The lines' hashed features as a sparse matrix over the buckets they use, scaled as the text model does."""
    import scipy.sparse as sp

    hashed = scores.hashed
    chosen = np.zeros(hashed.n_lines, dtype=bool)
    chosen[rows] = True
    take = chosen[hashed.rows]
    line_index = np.cumsum(chosen) - 1
    feature_rows = line_index[hashed.rows[take]]
    buckets, columns = np.unique(hashed.buckets[take], return_inverse=True)
    matrix = sp.csr_matrix(
        (np.ones(len(columns)), (feature_rows, columns)), shape=(len(rows), len(buckets))
    )
    norm = np.sqrt(np.maximum(np.bincount(feature_rows, minlength=len(rows)), 1))
    return sp.csr_matrix(sp.diags(1.0 / norm) @ matrix), buckets


def fit_adapter(scores: BaseScores, config: AdaptConfig = AdaptConfig(), rows: np.ndarray | None = None) -> PublisherAdapter:
    """The publisher layer fitted on ``rows`` of ``scores`` (default: all lines).

    With ``config.absorb_shift``, one more parameter is fitted beside the residual's weights: a
    shift added to every labeled line's logit, unpenalised, and then left out of the layer. On a
    publisher's pages the base model is often under-confident across the board (its noise lines
    sit just below the threshold); without the shift, the residual learns that as positive
    weights on the character n-grams every line shares, and pushes the publisher's unlabeled
    article lines towards noise with them. With it, the weights keep what tells this publisher's
    noise from its content. On the held-out publishers of ``training/evaluate_adaptation.py``
    this kept content-line recall at 0.98 or more on more publishers (see
    docs/adding-a-publisher.md for the figures)."""
    from scipy.optimize import minimize
    from scipy.special import expit

    rows = np.arange(len(scores)) if rows is None else np.asarray(rows)
    matrix, buckets = _design(scores, rows)
    offset = scores.logit[rows]
    target = scores.is_noise[rows].astype(np.float64)
    weight = np.where(target > 0, 1.0, config.content_weight)
    n_weights = len(buckets)

    def loss(parameters: np.ndarray):
        w = parameters[:n_weights]
        shift = parameters[n_weights] if config.absorb_shift else 0.0
        z = offset + matrix @ w + shift
        value = weight @ (np.logaddexp(0.0, z) - target * z) + 0.5 * config.l2 * (w @ w)
        residual = weight * (expit(z) - target)
        gradient = matrix.T @ residual + config.l2 * w
        return value, np.concatenate([gradient, [residual.sum()]]) if config.absorb_shift else gradient

    if len(rows) and n_weights:
        start = np.zeros(n_weights + int(config.absorb_shift))
        result = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": config.max_iter})
        weights = result.x[:n_weights]  # the shift, if fitted, stays out of the layer
    else:
        weights = np.zeros(n_weights)
    keep = np.abs(weights) > 1e-4
    keys = line_keys([scores.lines[i] for i in rows.tolist()])
    content_keys = np.unique(keys[~scores.is_noise[rows]])
    noisy = scores.is_noise[rows]
    domains = np.array([scores.domains[i] for i in rows.tolist()] if scores.domains else [""] * len(rows), dtype=object)
    noise_keys = np.setdiff1d(_recurring(keys[noisy], scores.page[rows][noisy], domains[noisy]), content_keys)
    category_keys, category_names = _labeled_categories(keys, [scores.category[i] for i in rows.tolist()] if scores.category else [])
    return PublisherAdapter(
        scopes=page_scopes(keys, scores.page[rows], domains, noisy, config) if config.scoped else (),
        category_keys=category_keys,
        category_names=category_names,
        buckets=buckets[keep].astype(np.int64),
        weights=weights[keep].astype(np.float32),
        content_keys=content_keys if config.keep_labeled_content else np.zeros(0, np.uint64),
        noise_keys=noise_keys if config.noise_boost else np.zeros(0, np.uint64),
        noise_boost=config.noise_boost,
    )


def _labeled_categories(keys: np.ndarray, categories: list[str | None]) -> tuple[np.ndarray, tuple[str, ...]]:
    """Each labeled line's category (its most frequent one where the person gave several), by key, sorted."""
    from collections import Counter

    counts: dict[int, Counter] = {}
    for key, category in zip(keys.tolist(), categories):
        if category:
            counts.setdefault(key, Counter())[category] += 1
    ordered = sorted(counts)
    return np.array(ordered, dtype=np.uint64), tuple(counts[key].most_common(1)[0][0] for key in ordered)


def page_scopes(
    keys: np.ndarray, pages: np.ndarray, domains: np.ndarray, noisy: np.ndarray, config: "AdaptConfig | None" = None
) -> tuple[PageScope, ...]:
    """One scope per publisher: its template is the lines on two or more of its labeled pages (its
    noise lines when it has one labeled page), and a page is the publisher's when it carries
    ``template_share`` of the template lines its labeled pages typically carry (the median), and
    at least ``template_min_lines`` of them."""
    config = config or AdaptConfig()
    scopes = []
    for domain in np.unique(domains):
        mine = domains == domain
        if len(np.unique(pages[mine])) < 2:
            template = np.unique(keys[mine & noisy])
        else:
            values, count = pages_per_key(keys[mine], pages[mine])
            template = values[count >= 2]
        page_keys = {page: np.unique(keys[mine & (pages == page)]) for page in np.unique(pages[mine]).tolist()}
        on_page = {page: int(member(found, template).sum()) for page, found in page_keys.items()}
        need = max(config.template_min_lines, int(np.ceil(config.template_share * float(np.median(list(on_page.values()))))))
        scopes.append(PageScope(template, need))
        for page, carried in on_page.items():
            if carried < need:  # a labeled page unlike the others: it is still the publisher's
                own = page_keys[page]
                scopes.append(PageScope(own, max(1, int(np.ceil(0.5 * len(own))))))
    return tuple(scopes)


def _recurring(keys: np.ndarray, pages: np.ndarray, domains: np.ndarray) -> np.ndarray:
    """The keys labeled noise on every labeled page of one publisher (at least two pages; all of a
    publisher's noise keys when it has one labeled page). A line labeled noise on some pages only
    may be a teaser of a rotating sidebar, which is another page's headline; a line labeled noise
    on every page is the publisher's template."""
    found = []
    for domain in np.unique(domains):
        mine = domains == domain
        values, count = pages_per_key(keys[mine], pages[mine])
        found.append(values[count >= len(np.unique(pages[mine]))])
    return np.unique(np.concatenate(found)) if found else np.zeros(0, np.uint64)


class _Lines:
    """The attributes of a batch that a publisher layer reads."""

    def __init__(self, lines: list[str], page_of_line: np.ndarray) -> None:
        self.lines = lines
        self.page_of_line = page_of_line
        self.keys = line_keys(lines)


def adapted_logit(adapter: PublisherAdapter, scores: BaseScores, rows: np.ndarray | None = None) -> np.ndarray:
    """The final logit of ``rows`` once ``adapter`` is on top of the base model."""
    if rows is None:
        return adapter.adjust(scores.logit, _Lines(scores.lines, scores.page), scores.hashed)
    keep = np.zeros(len(scores), dtype=bool)
    keep[rows] = True
    hashed = scores.hashed.subset(keep)
    return adapter.adjust(scores.logit[keep], _Lines([scores.lines[i] for i in np.flatnonzero(keep)], scores.page[keep]), hashed)


def held_out_predictions(scores: BaseScores, config: AdaptConfig = AdaptConfig()) -> np.ndarray | None:
    """Each labeled line's prediction from a layer fitted without its page (pages split in at most
    ten folds); ``None`` with fewer than two pages."""
    pages = np.unique(scores.page)
    if len(pages) < 2:
        return None
    folds = np.array_split(pages, min(len(pages), _MAX_FOLDS))
    predicted = np.zeros(len(scores), dtype=bool)
    for fold in folds:
        held = np.isin(scores.page, fold)
        adapter = fit_adapter(scores, config, np.flatnonzero(~held))
        rows = np.flatnonzero(held)
        predicted[rows] = adapted_logit(adapter, scores, rows) >= score_logit(scores.threshold)
    return predicted


# -- the regression set


def read_jsonl_pages(path: Path) -> list[LabeledPage]:
    """Labeled pages from a corpus-format JSON Lines file (plain or gzip), without ``datasets``."""
    opener = gzip.open if path.name.endswith(".gz") else open
    pages = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            page = page_of_record(json.loads(line), f"{path.name}:{number}")
            page.check(f"{path}: record {number}")
            pages.append(page)
    return pages


def regression_set_path() -> Path:
    return Path(str(resources.files("noise").joinpath("data", REGRESSION_SET)))


def regression_pages() -> list[LabeledPage]:
    """The bundled regression set: project-written pages of many languages and page types, and the seeds."""
    return read_jsonl_pages(regression_set_path())


# -- metrics


@dataclass
class LineMetrics:
    lines: int
    noise_precision: float
    noise_recall: float
    noise_f1: float
    content_recall: float
    noise_lines: int | None = None  # None in models adapted before the counts were kept

    @classmethod
    def of(cls, is_noise: np.ndarray, predicted: np.ndarray) -> "LineMetrics":
        from noise.metrics import line_scores

        scores = line_scores(is_noise.tolist(), predicted.tolist())
        rates = (scores.noise_precision, scores.noise_recall, scores.noise_f1, scores.content_recall)
        return cls(scores.lines, *rates, scores.noise_lines)

    def row(self, name: str) -> str:
        from noise.metrics import printed_rates

        cells = printed_rates(asdict(self))
        return f"  {name:<12} {cells[0]:>8} {cells[1]:>8} {cells[2]:>9} {cells[3]:>10}"


_HEADER = f"  {'':<12} {'noise P':>8} {'noise R':>8} {'noise F1':>9} {'content R':>10}"


def regression_check(model, adapted_model, pages: Sequence[LabeledPage] | None = None) -> tuple[LineMetrics, LineMetrics]:
    """Line metrics of the base and the adapted model on the regression set."""
    pages = regression_pages() if pages is None else pages
    before, after = score_base(model, pages), score_base(adapted_model, pages)
    return LineMetrics.of(before.is_noise, before.predicted()), LineMetrics.of(after.is_noise, after.predicted())


# -- the command


def adapt_model(model, pages: Sequence[LabeledPage], config: AdaptConfig = AdaptConfig()):
    """The base ``model`` with a publisher layer fitted on ``pages`` (a new object; ``model`` is unchanged)."""
    scores = score_base(model, pages)
    adapter = fit_adapter(scores, config)
    publishers = tuple(dict.fromkeys(page.domain for page in pages if page.domain))
    adapter.publishers = publishers
    adapter.info = {"publishers": list(publishers), "pages": len(pages), "lines": len(scores), "config": asdict(config)}
    adapted = copy.copy(model)
    adapted.adapter = model.adapter.merged(adapter) if model.adapter is not None else adapter
    return adapted, scores


def adapt_command(
    base: Path | None, data: Sequence[Path], out: Path, config: AdaptConfig = AdaptConfig(), base_label: str | None = None
) -> str:
    """``noise train --base``: fit, measure, write; returns the report to print. ``base_label``
    names the base model in the card and metadata (default: its directory)."""
    from noise.artifact import CARD_FILE, load_estimators, load_model, read_metadata, resolve_model_dir, save_model
    from noise.corpus import file_hashes

    started = time.time()
    base_dir = resolve_model_dir(base)
    model = load_model(base_dir)
    base_meta = read_metadata(base_dir)
    estimators = load_estimators(base_dir)  # before the work: a base without them cannot be adapted
    from noise.corpus import read_pages
    from noise.review import labeled_files

    found = labeled_files([Path(path) for path in data])  # a folder stands for the review files in it
    pages = read_pages(found)
    if not pages:
        raise ValueError("no labeled pages in the given files")
    adapted, scores = adapt_model(model, pages, config)

    held_out = held_out_predictions(scores, config)
    lines = [f"adapting {base_dir} to {len(pages)} labeled pages ({len(scores)} non-blank lines)"]
    summary: dict = {}
    if held_out is not None:
        before = LineMetrics.of(scores.is_noise, scores.predicted())
        after = LineMetrics.of(scores.is_noise, held_out)
        summary["held_out"] = {"base": asdict(before), "adapted": asdict(after)}
        lines += [
            "",
            "held out: each labeled page scored by a layer fitted on the other pages",
            _HEADER,
            before.row("base model"),
            after.row("adapted"),
        ]
    else:
        lines += ["", "held out: one labeled page is too few to hold one out; label at least two"]
    regression_before, regression_after = regression_check(model, adapted)
    summary["regression"] = {"base": asdict(regression_before), "adapted": asdict(regression_after)}
    change = regression_after.noise_f1 - regression_before.noise_f1
    lines += [
        "",
        f"regression set ({REGRESSION_SET}: {regression_before.lines} lines of project-written pages and the seeds)",
        _HEADER,
        regression_before.row("base model"),
        regression_after.row("adapted"),
        f"  noise F1 {'+' if change >= 0 else ''}{change * 100:.1f} points" + ("  (WARNING: more than 1 point worse)" if change < -0.01 else ""),
    ]
    on_own_pages = score_base(adapted, pages)
    dropped_content = int((~on_own_pages.is_noise & on_own_pages.predicted()).sum())
    if dropped_content:
        raise RuntimeError(f"the adapted model drops {dropped_content} lines labeled content on its own pages")

    meta = dict(base_meta)
    for key in ("files", "file_sizes", "summary"):
        meta.pop(key, None)
    meta["created"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    meta["adaptation"] = {
        "base": base_label or str(base_dir),
        "base_model_sha256": base_meta.get("files", {}).get("model.joblib"),
        "publishers": list(adapted.adapter.publishers),  # this layer's; earlier layers are in the card above
        "pages": len(pages),
        "lines": len(scores),
        "data": {str(path): digest for path, digest in zip(found, file_hashes(found))},
        "config": asdict(config),
        "line_keys": KEYS,  # the layers' keys; loading checks it (noise.artifact)
        "seconds": round(time.time() - started, 1),
        **summary,
    }
    meta["summary"] = (base_meta.get("summary") or "").rstrip() + "\n" + _adaptation_summary(meta["adaptation"])
    try:
        card = (base_dir / CARD_FILE).read_text(encoding="utf-8").rstrip() + "\n"
    except OSError:
        card = "# noise line classifier: model card\n"
    directory = save_model(out, adapted, estimators, meta, card + _adaptation_card(meta["adaptation"]))
    lines += ["", f"model written to {directory}"]
    return "\n".join(lines)


def _adaptation_summary(info: dict) -> str:
    publishers = ", ".join(info["publishers"]) or "unnamed publishers"
    text = f"Adapted to {publishers} from {info['pages']} labeled pages."
    if "regression" in info:
        before, after = info["regression"]["base"]["noise_f1"], info["regression"]["adapted"]["noise_f1"]
        text += f" Regression set noise-line F1 {before:.3f} -> {after:.3f}."
    return text


def _adaptation_card(info: dict) -> str:
    from noise.metrics import printed_rates

    rows = []
    for name, label in (("held_out", "labeled pages, each held out"), ("regression", "regression set")):
        if name in info:
            for model in ("base", "adapted"):
                m = info[name][model]
                rows.append(f"| {label} | {model} | {m['lines']} | " + " | ".join(printed_rates(m, dash="–")) + " |")
    table = "\n".join(rows)
    scope = (
        "The layer applies to pages that carry the publisher's template (lines on two or more of its labeled pages)."
        if info.get("config", {}).get("scoped", True)
        else "The layer applies to every page (`--all-pages`)."
    )
    return f"""
## Publisher adaptation
This model is `{info['base']}` with a publisher layer (`noise train --base`) fitted on {info['pages']} pages
({info['lines']} non-blank lines) of {', '.join(info['publishers']) or 'unnamed publishers'}. {scope} Lines labeled
content there are never dropped, lines labeled noise on every labeled page of their publisher (or on its only one) are
pushed towards noise wherever they occur, and a dropped line labeled with a category gets that category. The figures
above this section are the base model's.

| data | model | lines | noise P | noise R | noise F1 | content-line recall |
|---|---|---:|---:|---:|---:|---:|
{table}
"""
