"""The model card's generated sentences (noise.card)."""


def test_the_card_says_where_the_threshold_came_from():
    from noise.card import threshold_origin

    assert threshold_origin({"threshold_fixed": True}) == "fixed by `noise train --threshold`"
    assert threshold_origin({"threshold_fixed": True, "threshold_origin": "the held-out model's"}) == "the held-out model's"
    assert threshold_origin({}).startswith("chosen to minimise the cross-validated cost")


def test_the_card_counts_the_headlines_relabeled_for_training_only_when_there_are_some():
    from noise.card import relabeled_headlines

    assert relabeled_headlines({}) == "" and relabeled_headlines({"headlines_relabeled": 0}) == ""
    assert relabeled_headlines({"headlines_relabeled": 12}).startswith("Of these, 12 pages had their headline relabeled content")
