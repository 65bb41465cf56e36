"""The project-written labeled corpus (training/project_corpus): format, labels, split, determinism."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from noise.labels import CATEGORIES, CONTENT, NOISE

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "training" / "project_corpus"
PAGES = CORPUS / "pages.jsonl.gz"
LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "pl", "ru", "zh", "ja", "ko")
PAGE_TYPES = ("aggregator", "broadcast", "news", "interview", "blog", "forum", "qa", "recipe", "product", "docs", "listing")
CONVERTERS = ("html_text", "lxml_blocks", "inscriptis")
FIELDS = ("id", "source", "url", "domain", "lang", "converter", "lines", "labels", "categories", "gold", "meta")


@pytest.fixture(scope="module")
def records() -> list[dict]:
    with gzip.open(PAGES, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    datasets = pytest.importorskip("datasets")
    cache = tmp_path_factory.mktemp("hf-cache")
    return datasets.load_dataset("json", data_files=str(PAGES), split="train", cache_dir=str(cache))


def test_datasets_reads_the_same_pages(records, dataset):
    assert dataset.num_rows == len(records)
    assert set(FIELDS) <= set(dataset.column_names)
    assert dataset["id"] == [r["id"] for r in records]
    assert dataset[0]["lines"] == records[0]["lines"]
    assert dataset[len(records) - 1]["labels"] == records[-1]["labels"]


def test_enough_pages_in_every_language(records):
    assert len(records) >= 300
    per_lang = Counter(r["lang"] for r in records)
    assert set(per_lang) == set(LANGUAGES)
    assert all(per_lang[lang] >= 25 for lang in LANGUAGES), per_lang


def test_record_shape(records):
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    for r in records:
        assert tuple(r)[: len(FIELDS)] == FIELDS
        assert r["source"] == "project" and r["id"].startswith("project/")
        assert r["converter"] in CONVERTERS
        assert r["url"].startswith(f"https://{r['domain']}/")
        assert r["meta"]["split"] in ("train", "heldout")
        assert r["meta"]["page_type"] in PAGE_TYPES
        assert r["meta"]["template"]


def test_every_page_type_and_converter_occurs(records):
    assert {r["meta"]["page_type"] for r in records} == set(PAGE_TYPES)
    assert {r["converter"] for r in records} == set(CONVERTERS)


def test_seed_page_kinds_in_every_language(records):
    kinds = defaultdict(set)
    for r in records:
        kinds[r["lang"]].add(r["meta"]["page_type"])
    for lang in LANGUAGES:
        assert {"aggregator", "broadcast", "news"} <= kinds[lang], lang
        assert kinds[lang] & {"forum", "qa"}, lang


def test_converter_layouts(records):
    for r in records:
        lines = r["lines"]
        blank_runs = sum(1 for a, b in zip(lines, lines[1:]) if not a.strip() and not b.strip())
        if r["converter"] == "lxml_blocks":
            assert blank_runs == 0, r["id"]  # at most one blank line in a row
        if r["converter"] == "inscriptis":
            assert all(line == line.rstrip() for line in lines), r["id"]  # right-stripped
    assert any(line.startswith(" ") for r in records if r["converter"] == "inscriptis" for line in r["lines"])


def test_labels_align_with_lines(records):
    for r in records:
        lines, labels = r["lines"], r["labels"]
        assert len(labels) == len(lines) == len(r["categories"]), r["id"]
        for line, label in zip(lines, labels):
            assert "\n" not in line and "\r" not in line
            if line.strip() == "":
                assert label is None, (r["id"], line)
            else:
                assert label in (CONTENT, NOISE), (r["id"], line)
        assert CONTENT in labels and NOISE in labels, r["id"]


def test_categories_exactly_on_noise_lines(records):
    for r in records:
        for line, label, category in zip(r["lines"], r["labels"], r["categories"]):
            if label == NOISE:
                assert category in CATEGORIES, (r["id"], line, category)
            else:
                assert category is None, (r["id"], line, category)


def test_every_category_occurs(records):
    seen = Counter(c for r in records for c in r["categories"] if c)
    assert set(seen) == set(CATEGORIES), set(CATEGORIES) - set(seen)


def test_gold_is_the_content_lines(records):
    for r in records:
        content = [line for line, label in zip(r["lines"], r["labels"]) if label == CONTENT]
        assert r["gold"] == "\n".join(content), r["id"]


def test_heldout_domains_disjoint_and_in_every_language(records):
    domains = defaultdict(set)
    for r in records:
        domains[r["meta"]["split"]].add(r["domain"])
    assert domains["train"].isdisjoint(domains["heldout"])
    heldout_langs = {r["lang"] for r in records if r["meta"]["split"] == "heldout"}
    assert heldout_langs == set(LANGUAGES)
    share = len(domains["heldout"]) / (len(domains["heldout"]) + len(domains["train"]))
    assert 0.1 <= share <= 0.3


def test_publishers_recur(records):
    per_domain = Counter(r["domain"] for r in records)
    assert min(per_domain.values()) >= 3 and max(per_domain.values()) <= 18
    per_lang = defaultdict(set)
    for r in records:
        per_lang[r["lang"]].add(r["domain"])
    assert all(len(per_lang[lang]) >= 10 for lang in LANGUAGES)


def test_regeneration_is_byte_identical(tmp_path):
    out = tmp_path / "pages.jsonl.gz"
    subprocess.run([sys.executable, str(CORPUS / "generate.py"), "--out", str(out)], check=True, cwd=tmp_path, timeout=120)
    assert out.read_bytes() == PAGES.read_bytes(), "pages.jsonl.gz is stale: rerun training/project_corpus/generate.py"


# -- long pages, comments, portals, held-out prose --------------------------------------------

CJK = ("zh", "ja", "ko")
CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
WORD = re.compile(r"[^\W\d_]{2,}")
SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[.!?])\s+")


def _nonblank(record: dict) -> int:
    return sum(1 for line in record["lines"] if line.strip())


def test_page_lengths_include_long_navigation_heavy_pages(records):
    lengths = [_nonblank(r) for r in records]
    long_pages = [r for r, n in zip(records, lengths) if n >= 150]
    assert len(long_pages) >= 0.15 * len(records)
    assert sum(1 for n in lengths if n >= 400) >= 10 and max(lengths) <= 700
    assert {r["lang"] for r in long_pages} == set(LANGUAGES)
    # the short article inside a long page of navigation, in every language
    short_in_long = [r for r in long_pages if r["meta"]["template"].endswith(".short")]
    assert len(short_in_long) >= 40 and {r["lang"] for r in short_in_long} == set(LANGUAGES)
    for r in short_in_long:
        assert 1 <= sum(1 for label in r["labels"] if label == CONTENT) <= 0.2 * _nonblank(r), r["id"]


def test_every_language_has_comment_threads_labeled_comments(records):
    threads = defaultdict(int)
    sentences = defaultdict(int)
    for r in records:
        comment_lines = [line for line, cat in zip(r["lines"], r["categories"]) if cat == "comments"]
        if len(comment_lines) >= 40:  # a thread of 10-40 comments: heading, names, bodies, likes
            threads[r["lang"]] += 1
        for line in comment_lines:  # bodies are full sentences, not just "First!"
            if len(WORD.findall(line)) >= 8 or len(CJK_CHAR.findall(line)) >= 20:
                sentences[r["lang"]] += 1
    for lang in LANGUAGES:
        assert threads[lang] >= 5, (lang, threads[lang])
        assert sentences[lang] >= 100, (lang, sentences[lang])


def test_forum_posts_stay_content_while_comments_are_noise(records):
    for r in records:
        if r["meta"]["page_type"] in ("forum", "qa"):
            assert "comments" not in r["categories"], r["id"]
            assert sum(1 for label in r["labels"] if label == CONTENT) >= 3, r["id"]


#: Lines that a portal page of each language must show somewhere, with their label/category.
PORTAL_MARKERS = {
    "zh": {"related": ("相关新闻", "相关阅读", "相关链接", "延伸阅读", "更多>>"), "legal": ("ICP",), "credit": ("责任编辑", "编辑："),
           "share": ("打印本页", "关闭窗口", "【打印】"), "comments": ("网友评论仅供其表达个人看法", "发表评论"), "navigation": ("局", "频道")},
    "ja": {"related": ("関連記事", "関連ニュース", "ランキング", "アクセスランキング"), "legal": ("Copyright ©", "無断"),
           "promo": ("PR",), "comments": ("返信", "共感"), "navigation": ("課",)},
    "ko": {"related": ("관련기사", "관련 뉴스", "많이 본 뉴스"), "legal": ("무단전재", "무단 전재"), "credit": ("기자",),
           "comments": ("댓글", "답글", "공감"), "contact": ("제보", "[전화]", "[메일]", "[카카오톡]"), "navigation": ("과",)},
}


def test_cjk_portal_pages_carry_the_portal_blocks(records):
    for lang, markers in PORTAL_MARKERS.items():
        portals = [r for r in records if r["lang"] == lang and r["meta"]["publisher_kind"] == "portal"]
        assert {r["meta"]["template"].split(".")[2] for r in portals} == {"classic", "modern"}, lang
        assert any(r["meta"]["template"].endswith(".notice") for r in portals), lang
        for category, needles in markers.items():
            found = any(
                cat == category and any(n in line for n in needles)
                for r in portals
                for line, cat in zip(r["lines"], r["categories"])
            )
            assert found, (lang, category, needles)
        # classic portals print their table layouts as lines of links joined by separators
        assert any(line.count(" | ") >= 4 or line.count("|") >= 5 for r in portals for line in r["lines"]), lang


def test_cjk_content_that_looks_like_noise(records):
    """Numbered headings, phone numbers and long paragraphs inside articles are content."""
    for lang in CJK:
        content_lines = [line.strip() for r in records if r["lang"] == lang for line, label in zip(r["lines"], r["labels"]) if label == CONTENT]
        assert any(re.match(r"(一、|（一）|１．|1\. |1．)", line) for line in content_lines), lang
        assert any(re.search(r"\d{3,4}[- ]\d{3,4}", line) for line in content_lines), lang  # a phone number
        assert sum(1 for line in content_lines if len(line) >= 200) >= 20, lang


def test_at_least_a_fifth_of_publishers_per_language_held_out(records):
    domains = defaultdict(lambda: defaultdict(set))
    for r in records:
        domains[r["lang"]][r["meta"]["split"]].add(r["domain"])
    for lang in LANGUAGES:
        held, train = len(domains[lang]["heldout"]), len(domains[lang]["train"])
        assert held / (held + train) >= 0.2, lang


def _corpus_languages():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from training.project_corpus import languages

    return languages


def _names_pattern(lang: dict) -> re.Pattern:
    """Every invented name of a language: people, places, organisations, teams, publishers."""
    names = {n for g in ("m", "f") for n in lang["first_names"][g]}
    names |= {n for s in lang["surnames"] for n in ([s] if isinstance(s, str) else s)}
    names |= {n for pair in lang["towns"] for n in pair} | {n for pair in lang["roles"] for n in pair}
    names |= set(lang["orgs"]) | set(lang["companies"]) | set(lang["teams"]) | set(lang["outlets"])
    names |= {p[0] for p in lang["publishers"]}
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


def _sentences(text: str) -> set[str]:
    """The sentences of a line long enough to be prose (4+ words, or 8+ CJK characters),
    with names and numbers already replaced, case-folded."""
    out = set()
    for part in SENTENCE_END.split(" ".join(text.split()).lower()):
        part = part.strip(" *+-•·»>")
        if len(CJK_CHAR.findall(part)) >= 8 or len(WORD.findall(part)) >= 4:
            out.add(part)
    return out


def test_heldout_content_sentences_never_appear_on_train_pages(records):
    """After replacing names and numbers, no content sentence of a held-out page occurs on any
    train page (as content or as noise, e.g. a teaser)."""
    languages = _corpus_languages()
    train, held = defaultdict(set), defaultdict(set)
    for lang in LANGUAGES:
        names = _names_pattern(languages.load(lang))
        for r in (r for r in records if r["lang"] == lang):
            for line, label in zip(r["lines"], r["labels"]):
                if label is None or (r["meta"]["split"] == "heldout" and label != CONTENT):
                    continue
                found = _sentences(re.sub(r"\d", "0", names.sub("§", line)))
                (train if r["meta"]["split"] == "train" else held)[lang].update(found)
    for lang in LANGUAGES:
        assert len(held[lang]) >= 100, lang
        shared = held[lang] & train[lang]
        assert not shared, (lang, sorted(shared)[:5])


def test_heldout_prose_banks_are_disjoint_from_train_banks():
    """The same at the source: every prose template a held-out page can print differs from every
    one a train page can print, with slots and digits blanked, so other seeds keep the property."""
    languages = _corpus_languages()
    keys = ("topics", "generic", "quotes", "interview", "list_intros", "anchor_lead", "tables", "threads",
            "recipes", "products", "docs_pages", "events", "service", "notices")

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                yield from strings(item)

    def prose(view: dict) -> set[str]:
        found = set()
        for key in keys:
            for text in strings(view[key]):
                found |= _sentences(re.sub(r"\d", "0", re.sub(r"\{[^}]*\}", "§", text)))
        return found

    for lang in LANGUAGES:
        train, held = prose(languages.for_split(lang, "train")), prose(languages.for_split(lang, "heldout"))
        assert len(held) >= 150, lang
        assert not train & held, (lang, sorted(train & held)[:5])
