"""The model card's generated sentences (noise.card)."""


def test_the_card_says_where_the_threshold_came_from():
    from noise.card import threshold_origin

    assert threshold_origin({"threshold_fixed": True}) == "fixed by `noise train --threshold`"
    assert threshold_origin({"threshold_fixed": True, "threshold_origin": "the held-out model's"}) == "the held-out model's"
    assert threshold_origin({}).startswith("chosen to minimise the cross-validated cost")


def test_the_card_counts_the_headlines_relabeled_for_training_only_when_there_are_some():
    from noise.card import relabeled_headlines

    assert relabeled_headlines({}) == ("", "") and relabeled_headlines({"headlines_relabeled": 0}) == ("", "")
    data, figures = relabeled_headlines({"headlines_relabeled": 12})
    assert data.startswith("Of these, 12 pages had their headline relabeled content")
    assert figures.startswith("These figures count the 12 relabeled headlines as content")


def test_a_card_states_what_its_own_training_data_supports():
    """A user's model trained on their own pages got the bundled model's WCXB figures and
    languages in its limitations, and 'the project corpus and the seeds' as its category data."""
    from noise.card import _category_sources, limitations

    own = limitations({"cross_validation": {"source": {"crawl.jsonl": {}}}})
    assert "241 of 297" not in own and "project-written corpus" not in own
    assert "`noise eval`" in own and "Reader comments" in own
    bundled = limitations({"cross_validation": {"source": {"wcxb": {}, "project": {}}}})
    assert "241 of 297" in bundled and "Reader comments" in bundled
    assert _category_sources({"source": {"project": {}, "seeds": {}}}) == "the project corpus and the seeds"
    assert _category_sources({"source": {"mine.jsonl": {}}}) == "`mine.jsonl`"


def test_the_bundled_cards_say_their_cross_validation_counts_relabeled_headlines():
    import json
    from pathlib import Path

    from noise.card import relabeled_headlines

    root = Path(__file__).resolve().parents[1]
    for folder in (root / "models" / "default", root / "training" / "heldout" / "model"):
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        assert relabeled_headlines(meta)[1].strip() in (folder / "README.md").read_text(encoding="utf-8")
