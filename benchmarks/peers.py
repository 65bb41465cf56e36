"""One adapter per HTML extraction tool: ``setup()`` returns ``extract(html, lang) -> text``.

Every tool gets the same input: the page's HTML bytes, gzip-decompressed from the corpus and
decoded once as UTF-8 (the corpus stores every page in UTF-8 whatever its ``<meta charset>``
says, so no tool is misled by a stale charset); all of these tools accept ``str``. Each adapter
uses the tool's documented entry point with its defaults, except where noted:

* ``trafilatura``: ``trafilatura.extract(html)``; ``trafilatura-precision`` adds
  ``favor_precision=True``.
* ``readability``: readability-lxml's ``Document(html).summary()``, an HTML fragment, turned into
  text by :func:`fragment_text` (lxml ``text_content()`` after putting a newline around every
  block element).
* ``justext``: the paragraphs jusText does not mark as boilerplate, one per line. The stoplist
  follows the page's ``lang`` (ISO 639-1 mapped to jusText's list names, English when the
  language has no list); Chinese has no jusText stoplist, so it runs in jusText's documented
  language-independent mode (empty stoplist, ``stopwords_low = stopwords_high = 0``).
* ``boilerpy3``: ``extractors.ArticleExtractor(raise_on_failure=False).get_content(html)``: its
  documented switch to return what it extracted where its parser trips, instead of raising.
* ``resiliparse``: ``extract_plain_text(html, main_content=True)``.
* ``goose3``: ``Goose().extract(raw_html=html).cleaned_text`` with image fetching off (it never
  fetches: no URL is given, and the benchmark's worker refuses every socket connection);
  Chinese pages use goose3's ``StopWordsChinese`` (needs ``jieba``, goose3's ``chinese`` extra),
  other pages its default language handling.

An adapter that raises on a page is counted as an error and scores as an empty output.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import Callable

Extract = Callable[[str, str], str]

#: jusText's stoplist names for the languages found in the corpus (English is the fallback).
JUSTEXT_STOPLISTS = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "ru": "Russian",
    "la": "Latin",
    "no": "Norwegian_Bokmal",
    "id": "Indonesian",
    "pl": "Polish",
    "sv": "Swedish",
}
#: Languages jusText has no stoplist for, run in its language-independent mode.
JUSTEXT_LANGUAGE_INDEPENDENT = {"zh", "ja", "ko", "th"}

_BREAK = "\ue000"  # a private-use character: lxml refuses control characters
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)


def fragment_text(html_fragment: str) -> str:
    """Text of an HTML fragment, a line per block element, blank lines and spacing collapsed."""
    import lxml.html

    if not html_fragment or not html_fragment.strip():
        return ""
    root = lxml.html.fromstring(html_fragment)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.text = _BREAK + (element.text or "")
            element.tail = _BREAK + (element.tail or "")
    # Source newlines are mere whitespace in HTML; only block boundaries break lines.
    lines = (" ".join(part.split()) for part in root.text_content().split(_BREAK))
    return "\n".join(line for line in lines if line)


def _trafilatura(**options) -> Extract:
    import trafilatura

    def extract(html: str, lang: str) -> str:
        return trafilatura.extract(html, **options) or ""

    return extract


def _readability() -> Extract:
    from readability import Document

    def extract(html: str, lang: str) -> str:
        return fragment_text(Document(html).summary())

    return extract


def _justext() -> Extract:
    import justext

    stoplists: dict[str, frozenset] = {}

    def stoplist(lang: str) -> frozenset:
        if lang not in stoplists:
            if lang in JUSTEXT_LANGUAGE_INDEPENDENT:
                stoplists[lang] = frozenset()
            else:
                stoplists[lang] = justext.get_stoplist(JUSTEXT_STOPLISTS.get(lang, "English"))
        return stoplists[lang]

    def extract(html: str, lang: str) -> str:
        words = stoplist(lang)
        options = {} if words else {"stopwords_low": 0, "stopwords_high": 0}
        paragraphs = justext.justext(html, words, **options)
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    stoplist("en")
    return extract


def _boilerpy3() -> Extract:
    from boilerpy3 import extractors

    extractor = extractors.ArticleExtractor(raise_on_failure=False)

    def extract(html: str, lang: str) -> str:
        return extractor.get_content(html) or ""

    return extract


def _resiliparse() -> Extract:
    from resiliparse.extract.html2text import extract_plain_text

    def extract(html: str, lang: str) -> str:
        return extract_plain_text(html, main_content=True) or ""

    return extract


def _goose3() -> Extract:
    import logging

    import jieba
    from goose3 import Configuration, Goose
    from goose3.text import StopWordsChinese

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # load the segmenter's dictionary now, not on the first Chinese page

    def goose(**settings) -> Goose:
        config = Configuration()
        config.enable_image_fetching = False
        for key, value in settings.items():
            setattr(config, key, value)
        return Goose(config)

    default = goose()
    chinese = goose(stopwords_class=StopWordsChinese, use_meta_language=False, target_language="zh")

    def extract(html: str, lang: str) -> str:
        article = (chinese if lang == "zh" else default).extract(raw_html=html)
        return article.cleaned_text or ""

    return extract


@dataclass(frozen=True)
class Peer:
    name: str
    package: str  # the distribution to install, for messages
    modules: tuple[str, ...]  # imported (and timed) before setup
    setup: Callable[[], Extract]

    def installed(self) -> bool:
        return all(importlib.util.find_spec(module.split(".")[0]) is not None for module in self.modules)


PEERS: dict[str, Peer] = {
    peer.name: peer
    for peer in (
        Peer("trafilatura", "trafilatura", ("trafilatura",), lambda: _trafilatura()),
        Peer("trafilatura-precision", "trafilatura", ("trafilatura",), lambda: _trafilatura(favor_precision=True)),
        Peer("readability", "readability-lxml", ("readability", "lxml.html"), _readability),
        Peer("justext", "jusText", ("justext",), _justext),
        Peer("boilerpy3", "boilerpy3", ("boilerpy3",), _boilerpy3),
        Peer("resiliparse", "Resiliparse", ("resiliparse.extract.html2text",), _resiliparse),
        Peer("goose3", "goose3[chinese]", ("goose3", "jieba"), _goose3),
    )
}
