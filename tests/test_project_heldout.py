"""training/project_heldout.py renders the project corpus's held-out figures into the model card:
one section, replaced in place when the figures change, never duplicated."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _script():
    sys.path.insert(0, str(ROOT / "training"))
    try:
        spec = importlib.util.spec_from_file_location("project_heldout", ROOT / "training" / "project_heldout.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "training"))


def _document(f1: float, accuracy: float) -> dict:
    lines = {"noise_f1": f1, "content_recall": 0.97, "lines": 120}
    return {
        "threshold": 0.85,
        "report": {
            "overall": {"all": {"pages": 4, "lines": lines, "categories": {"lines": 90, "accuracy": accuracy, "by_category": {"share": {"lines": 30, "accuracy": 0.5}, "navigation": {"lines": 60, "accuracy": 0.9}}}}},
            "lang": {"de": {"pages": 3, "lines": lines}, "zh": {"pages": 1, "lines": {**lines, "noise_f1": 0.5}}},
        },
    }


CARD = "# Model\n\n## Evaluation\ntext\n\n## Held-out evaluation\ntables\n\n## Limitations\n- few\n"


def test_section_goes_before_the_held_out_evaluation_then_is_replaced(tmp_path):
    script = _script()
    card = tmp_path / "README.md"
    card.write_text(CARD, encoding="utf-8")

    script.refresh_card(card, script.card_section(_document(0.912, 0.851)))
    first = card.read_text(encoding="utf-8")
    assert first.index(script.SECTION_TITLE) < first.index("## Held-out evaluation")
    assert "| German | 3 | 120 | 0.912 | 0.970 |" in first
    assert "| Chinese | 1 | 120 | 0.500 | 0.970 |" in first
    assert "0.851" in first and first.index("| navigation | 60 | 0.900 |") < first.index("| share | 30 | 0.500 |")

    script.refresh_card(card, script.card_section(_document(0.934, 0.862)))
    second = card.read_text(encoding="utf-8")
    assert second.count(script.SECTION_TITLE) == 1
    assert "0.912" not in second and "| German | 3 | 120 | 0.934 | 0.970 |" in second and "0.862" in second
    assert second.replace(script.card_section(_document(0.934, 0.862)).rstrip("\n"), "") == first.replace(
        script.card_section(_document(0.912, 0.851)).rstrip("\n"), ""
    )


def test_with_the_shipped_recipe_both_models_stand_side_by_side(tmp_path):
    script = _script()
    base, shipped = _document(0.957, 0.845), _document(0.910, 0.861)
    del shipped["report"]["lang"]["zh"]  # a language one report lacks gets empty cells
    shipped_categories = shipped["report"]["overall"]["all"]["categories"]["by_category"]
    shipped_categories["navigation"].update(noise_lines=80, dropped=0.75)  # noise eval's share dropped
    shipped_categories["cue"] = {"lines": 0, "accuracy": None, "noise_lines": 4, "dropped": 0.0}  # none dropped
    section = script.card_section(base, shipped)
    assert section.count(script.SECTION_TITLE) == 1
    assert "noise-line F1 0.910" in section and "noise-line F1 0.957" in section
    assert "| German | 3 | 120 | 0.910 | 0.970 | 0.957 | 0.970 |" in section
    assert "| Chinese | 1 | 120 |  |  | 0.500 | 0.970 |" in section
    assert "shipped recipe\n0.861" in section and "adaptation base 0.845" in section
    assert "| navigation | 80 | 0.250 | 60 | 0.900 | 60 | 0.900 |" in section
    assert "| share |  |  | 30 | 0.500 | 30 | 0.500 |" in section  # a report from before shares were counted
    assert "| cue | 4 | 1.000 | 0 | - |  |  |" in section

    card = tmp_path / "README.md"
    card.write_text(CARD, encoding="utf-8")
    script.refresh_card(card, script.card_section(base))
    script.refresh_card(card, section)
    text = card.read_text(encoding="utf-8")
    assert text.count(script.SECTION_TITLE) == 1 and "| German | 3 | 120 | 0.910 | 0.970 | 0.957 | 0.970 |" in text
