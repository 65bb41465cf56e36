"""Line keys (noise.linekeys): equal exactly when the normalised lines are equal, the same
whichever path computed them, and the same in every process."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import noise.linekeys
from noise.linekeys import _normalised_keys, line_keys, normalise

# Letters, digits of several scripts, whitespace of several kinds, characters whose casefold is
# longer than one (ß, ŉ, ﬁ) and ones above the BMP (emoji, mathematical digits).
ALPHABET = "aAbBzZ019٣۷१०  \t\u3000\u00a0\u2028ßẞŉﬁΣσς:.-😀𝟘𝟗"
line_text = st.text(alphabet=ALPHABET, max_size=30)


def _key(line: str) -> int:
    return int(line_keys([line])[0])


@given(st.lists(line_text, min_size=1, max_size=40))
def test_lines_with_equal_normalised_text_share_a_key_and_only_they(lines):
    keys = line_keys(lines).tolist()
    by_text = {}
    for line, key in zip(lines, keys):
        assert by_text.setdefault(normalise(line), key) == key
    assert len(set(by_text.values())) == len(by_text)


@given(st.lists(line_text, max_size=40))
def test_a_key_is_the_hash_of_the_normalised_line_whatever_the_path(lines):
    assert line_keys(lines).tolist() == _normalised_keys([normalise(line) for line in lines]).tolist()


@given(st.sets(st.text(max_size=12), max_size=200))
def test_distinct_normalised_strings_get_distinct_keys(texts):
    normalised = {normalise(text) for text in texts}
    assert len(set(line_keys(sorted(normalised)).tolist())) == len(normalised)


def test_case_digit_and_spacing_variants_share_a_key():
    variants = ["Updated 12:04 today", "  updated 9:31  TODAY", "UPDATED\t0:00\u00a0Today", "Updated ٣:٤٥ today"]
    assert len(set(line_keys(variants).tolist())) == 1
    assert len(set(line_keys(["Straße 5", "STRASSE 12", "strasse  0"]).tolist())) == 1
    assert _key("Updated 12:04") != _key("Updated at 12:04") != _key("Updated 12.04")


def test_every_bmp_character_is_normalised_as_normalise_does():
    lines = [f"x{c}{c}7 {c} y" for c in map(chr, range(0x10000))] + [chr(code) for code in range(0x10000)]
    assert np.array_equal(line_keys(lines), _normalised_keys([normalise(line) for line in lines]))


def test_a_key_does_not_depend_on_the_other_lines_of_the_call(monkeypatch):
    lines = [f"Line {i} of the page {'x' * (i % 50)}" for i in range(3000)] + ["", " ", "Straße 😀"]
    whole = line_keys(lines)
    monkeypatch.setattr(noise.linekeys, "CHUNK_CHARS", 7)  # many small chunks
    assert np.array_equal(line_keys(lines), whole)
    assert np.array_equal(np.concatenate([line_keys([line]) for line in lines]), whole)


@pytest.mark.parametrize(
    "line, key",
    [
        ("", 12035550249420947055),
        ("Updated 12:04", 5755091768415697735),
        ("Share on  Facebook", 839065162281678156),
    ],
)
def test_keys_are_fixed_values(line, key):
    """Saved models store keys: they must not change between processes, machines or versions."""
    assert _key(line) == key == _documented_key(normalise(line))


def _mix(value: int) -> int:
    value = (value + 0x9E3779B97F4A7C15) % 2**64
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) % 2**64
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) % 2**64
    return value ^ (value >> 31)


def _documented_key(normalised: str) -> int:
    """The hash as the module docstring states it, in plain integers."""
    salt = 0x6E6F697365
    total = sum(_mix(ord(c)) * (_mix(j + salt) | 1) for j, c in enumerate(normalised))
    return _mix((total + _mix(len(normalised))) % 2**64)
