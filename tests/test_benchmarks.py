"""Fast checks of the benchmark's own logic: C4 rules, tables and ratios, peer adapters.

All text here is written for these tests; none comes from the corpus.
"""

from __future__ import annotations

import pytest

from benchmarks import c4, readme, report
from benchmarks.peers import PEERS, fragment_text
from benchmarks.systems import C4Lines, KeepAll, NoiseRunner, select

# --- C4 line rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, verdict",
    [
        ("The river was busy with rowers before dawn.", c4.KEEP),
        ("Did anyone see the heron by the weir?", c4.KEEP),
        ('She said it was "the best walk of the year."', c4.KEEP),
        ("The bridge was built in 1820.[3]", c4.KEEP),
        ("Home", c4.NO_TERMINAL_PUNCTUATION),
        ("Read more about the walk", c4.NO_TERMINAL_PUNCTUATION),
        ("And then the story goes on...", c4.NO_TERMINAL_PUNCTUATION),
        ("Thanks, everyone.", c4.TOO_FEW_WORDS),
        ("Please enable JavaScript to view the comments.", c4.JAVASCRIPT),
        ("This site uses cookies to improve your visit.", c4.POLICY),
        ("By signing up you accept our Privacy Policy and Terms of Use.", c4.POLICY),
        ("   ", c4.BLANK),
        ("A word " + "x" * 1001 + " ends here.", c4.LONG_WORD),
    ],
)
def test_c4_line_verdicts(line, verdict):
    assert c4.line_verdict(line) == verdict


PAGE = [
    "Menu",
    "Walking the towpath in winter",
    "We set out early on a grey morning and walked for hours.",
    "The gulls were loud over the weir, and the water was high.",
    "Subscribe to our newsletter",
    "By noon the clouds had lifted and the path filled with families.",
    "We stopped at the cafe by the lock for soup and bread.",
    "In the evening we walked back the same way, tired and happy.",
    "Copyright 2026. Read our privacy policy.",
]


def test_c4_keeps_an_in_order_subset_of_lines():
    kept = c4.c4_filter(PAGE).kept(PAGE)
    assert kept == [PAGE[2], PAGE[3], PAGE[5], PAGE[6], PAGE[7]]
    assert c4.c4_clean("\n".join(PAGE)) == "\n".join(kept)


def test_c4_page_rules_drop_whole_pages():
    assert c4.c4_filter(PAGE, page_rules=True).page_verdict == c4.KEEP
    short = PAGE[:4]
    assert c4.c4_filter(short, page_rules=True).page_verdict == c4.PAGE_TOO_FEW_SENTENCES
    braces = [*PAGE, "The function body is { return x; } in the example."]
    result = c4.c4_filter(braces, page_rules=True)
    assert result.page_verdict == c4.PAGE_CURLY_BRACKET
    assert result.kept(braces) == []
    lorem = [*PAGE, "Lorem ipsum dolor sit amet, consectetur adipiscing."]
    assert c4.c4_filter(lorem, page_rules=True).page_verdict == c4.PAGE_LOREM_IPSUM
    # Without page rules the same pages keep their good lines.
    assert c4.c4_filter(braces).kept(braces)


def test_text_runners_report_line_verdicts_aligned_with_lines():
    text = "\n".join(PAGE)
    noise = C4Lines().line_noise([text])[0]
    assert len(noise) == len(PAGE)
    assert [line for line, dropped in zip(PAGE, noise) if not dropped] == c4.c4_filter(PAGE).kept(PAGE)
    assert KeepAll().extract([text], ["en"]) == [text]
    assert KeepAll().line_noise([text]) == [[False] * len(PAGE)]


def test_select_expands_a_base_name_to_every_converter():
    names = [system.name for system in select("noise,trafilatura")]
    assert names == ["noise[html_text]", "noise[lxml_blocks]", "noise[inscriptis]", "trafilatura"]
    assert [s.name for s in select("c4[inscriptis]")] == ["c4[inscriptis]"]
    with pytest.raises(ValueError):
        select("no-such-tool")


# --- tables and ratios on hand-made numbers ----------------------------------------------------


def row(system, base, reads, f1, pages_per_s, corpus="wcxb-test", page_type="all", **extra):
    values = {
        "system": system,
        "base": base,
        "reads": reads,
        "corpus": corpus,
        "page_type": page_type,
        "pages": 10,
        "precision": f1,
        "recall": f1,
        "f1": f1,
        "page_mean_f1": f1,
        "noise_f1": None,
        "content_recall": None,
        "pages_per_s": pages_per_s,
        "lines_per_s": pages_per_s * 100 if pages_per_s else None,
        "peak_mb": 100.0,
        "import_s": 0.1,
        "load_s": 0.2,
        "errors": 0,
    }
    values.update(extra)
    return values


ROWS = [
    row("noise[html_text]", "noise", "html_text", 0.90, 600.0, peak_mb=250.0),
    row("noise[inscriptis]", "noise", "inscriptis", 0.80, 300.0, peak_mb=320.0),
    row("trafilatura", "trafilatura", "html", 0.85, 40.0),
    row("c4[html_text]", "c4", "html_text", 0.70, 1000.0),
    row("c4[inscriptis]", "c4", "inscriptis", 0.69, 1000.0),
    row("noise[html_text]", "noise", "html_text", 0.50, 100.0, page_type="product"),
    row("trafilatura", "trafilatura", "html", 0.60, 20.0, page_type="product"),
]


def by_measure(found, measure, system):
    return next(r for r in found if r.measure == measure and r.system == system)


def test_ratios_against_targets():
    found = report.ratios(ROWS, noise_load_s=0.3, cli_one_page_s=1.5)
    f1 = by_measure(found, "token F1 / trafilatura's", "noise[html_text]")
    assert f1.value == pytest.approx(0.90 / 0.85) and f1.met
    assert not by_measure(found, "token F1 / trafilatura's", "noise[inscriptis]").met
    speed = by_measure(found, "pages/s / trafilatura's", "noise[html_text]")
    assert speed.value == pytest.approx(15.0) and speed.met
    assert not by_measure(found, "pages/s / trafilatura's", "noise[inscriptis]").met  # 7.5x
    c4_ratio = by_measure(found, "pages/s / C4 rules'", "noise[inscriptis]")
    assert c4_ratio.value == pytest.approx(0.3) and not c4_ratio.met
    memory = by_measure(found, "peak memory, MB", "noise")
    assert memory.value == 320.0 and not memory.met
    assert by_measure(found, "model load (Cleaner.load), s", "noise").met
    assert not by_measure(found, "`noise clean` one page, s", "noise").met
    # Page-type rows never enter the ratios.
    assert all(r.corpus in ("wcxb-test", "all") for r in found)


def test_a_paired_measurement_decides_the_c4_ratio_where_there_is_one():
    paired = {"inscriptis": {"wcxb-test": {"ratio": 0.55, "ratio_min": 0.5, "ratio_max": 0.6, "rounds": 7}}}
    found = report.ratios(ROWS, paired=paired)
    pair = by_measure(found, "pages/s / C4 rules' (paired)", "noise[inscriptis]")
    assert pair.value == 0.55 and pair.met
    assert not [r for r in found if r.measure == "pages/s / C4 rules'" and r.system == "noise[inscriptis]"]
    assert by_measure(found, "pages/s / C4 rules'", "noise[html_text]") is not None  # no pair: the rows' ratio


def test_ratio_is_undefined_without_a_speed():
    rows = [row("noise[html_text]", "noise", "html_text", 0.9, None), row("trafilatura", "trafilatura", "html", 0.8, 40.0)]
    speed = by_measure(report.ratios(rows), "pages/s / trafilatura's", "noise[html_text]")
    assert speed.value is None and speed.met is None


def test_markdown_table_sorts_by_f1_and_formats():
    table = report.markdown_table([r for r in ROWS if r["page_type"] == "all"])
    lines = table.splitlines()
    assert lines[0].startswith("| system | reads | token P")
    assert lines[2].startswith("| **noise[html_text]** | html_text | 0.900")
    assert lines[3].startswith("| trafilatura | html | 0.850")
    assert "| 1,000 |" in lines[5]
    assert "| – |" in lines[2]  # undefined line scores


def test_render_has_a_table_per_corpus_and_page_type():
    text = report.render(ROWS, report.ratios(ROWS), ["a note"])
    assert "### wcxb-test, all page types (10 pages)" in text
    assert "### wcxb-test, page type product (10 pages)" in text
    assert "### Ratios against the targets" in text
    assert "- a note" in text
    assert "page type product" not in report.render(ROWS, [], [], page_type_tables=False)


def test_readme_region_is_replaced_only_between_markers(tmp_path):
    text = f"# Title\n\nintro\n{readme.START}\nold table\n{readme.END}\nafter\n"
    assert readme.replace_region(text, "new table") == f"# Title\n\nintro\n{readme.START}\nnew table\n{readme.END}\nafter\n"
    assert readme.replace_region("# no markers\n", "x") is None
    path = tmp_path / "README.md"
    path.write_text("# no markers\n")
    assert not readme.update(path, "x")
    assert path.read_text() == "# no markers\n"


# --- peer adapters on a tiny hand-written page -------------------------------------------------

PARAGRAPHS = [
    "We set out early on a grey morning, and the river was already busy with rowers who had come "
    "down from the boathouse before the sun was up over the hills. Nobody on the towpath seemed to "
    "mind the cold, and the gulls were loud over the weir where the water ran high after the rain.",
    "By noon the clouds had lifted, and the path along the water filled with families, dogs and "
    "cyclists, all of them heading for the old bridge where the market is held on Saturdays, with "
    "its stalls of apples, cheese, honey and second-hand books that nobody ever seems to buy.",
    "In the evening we walked back the same way, tired and happy, and stopped at the small cafe by "
    "the lock for a bowl of soup and a slice of bread that was still warm from the oven, before the "
    "last light went from the sky and the lamps came on along the far bank of the river.",
]
HTML = (
    "<html><head><title>A walk along the river</title></head><body>"
    '<nav><a href="/">Home</a> <a href="/walks">Walks</a> <a href="/about">About</a></nav>'
    "<article><h1>A walk along the river</h1>"
    + "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    + "</article><footer>Copyright 2026 River Walks. All rights reserved.</footer></body></html>"
)


@pytest.mark.parametrize("name", list(PEERS))
def test_peer_adapter_returns_the_article(name):
    peer = PEERS[name]
    if not peer.installed():
        pytest.skip(f"{peer.package} is not installed (an optional extra: pip install '.[bench]')")
    text = peer.setup()(HTML, "en")
    assert isinstance(text, str)
    assert "market is held on Saturdays" in text


def test_fragment_text_puts_blocks_on_their_own_lines():
    pytest.importorskip("lxml")
    html = "<div><h2>Title</h2><p>First  paragraph\n text.</p><ul><li>one</li><li>two</li></ul>tail</div>"
    assert fragment_text(html) == "Title\nFirst paragraph text.\none\ntwo\ntail"
    assert fragment_text("") == ""


# --- the noise adapter, against a stand-in with the documented Cleaner API -----------------------


class _Line:
    def __init__(self, index, text, is_noise):
        self.index, self.text, self.is_noise, self.score = index, text, is_noise, 0.9 if is_noise else 0.1


class _FakeCleaner:
    """Drops lines that start with "Menu" or "Share"; skips blank lines like the real one."""

    def label(self, text):
        return [
            _Line(index, line, line.startswith(("Menu", "Share")))
            for index, line in enumerate(text.split("\n"))
            if line.strip()
        ]

    def label_batch(self, texts):
        return [self.label(text) for text in texts]

    def clean_batch(self, texts):
        return ["\n".join(r.text for r in self.label(text) if not r.is_noise) for text in texts]


def test_noise_runner_maps_line_results_onto_dump_lines():
    runner = NoiseRunner(_FakeCleaner())
    text = "Menu\n\nA sentence about the river.\r\nShare this\nAnother sentence."
    assert runner.extract([text], ["en"]) == ["A sentence about the river.\r\nAnother sentence."]
    assert runner.line_noise([text]) == [[True, None, False, True, False]]
    assert runner.misaligned_pages == 0


def test_readme_markers_quoted_in_prose_are_not_the_region():
    text = f"Results go between `{readme.START}` and `{readme.END}`.\n\n{readme.START}\nold\n{readme.END}\n"
    updated = readme.replace_region(text, "new")
    assert updated == f"Results go between `{readme.START}` and `{readme.END}`.\n\n{readme.START}\nnew\n{readme.END}\n"
