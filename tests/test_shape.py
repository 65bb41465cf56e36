"""Shape features: the patterns counted per line."""

import re

from hypothesis import given
from hypothesis import strategies as st

from noise.shape import _BRANCHES, _PATTERNS, _match_starts

url_piece = st.sampled_from([*"htps:w.comrgnelx _/\n", "é", "𝔘", "www.", "http", "https:", ".com", ".html", ".php"])
url_like = st.lists(url_piece, max_size=30).map("".join)


@given(url_like)
def test_patterns_searched_branch_by_branch_match_where_the_alternation_does(text):
    for name, branches in _PATTERNS.items():
        alternation = re.compile("|".join(branches))
        assert _match_starts(text, _BRANCHES[name]) == [match.start() for match in alternation.finditer(text)]


def test_a_web_address_sharing_its_dot_counts_once():
    assert _match_starts("see www.com or https://x.org/a.html", _BRANCHES["url"]) == [4, 15, 24, 30]
