"""Polynomial rolling hashes modulo 2**32 over arrays of code points.

``PrefixHash`` gives the hash of any span in two lookups, whatever its length or position;
``mix`` spreads a hash's bits so that its top bits can serve as a bucket number.
"""

from __future__ import annotations

import numpy as np

P = np.uint32(0x01000193)  # odd, so invertible modulo 2**32
P_INVERSE = np.uint32(pow(0x01000193, -1, 2**32))


class _Powers:
    """P**i and P**-i modulo 2**32 for i < n, computed once and grown on demand."""

    def __init__(self) -> None:
        self.forward = np.ones(1, dtype=np.uint32)
        self.inverse = np.ones(1, dtype=np.uint32)

    def up_to(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self.forward) < n:
            size = max(n, 2 * len(self.forward))
            with np.errstate(over="ignore"):
                forward = np.full(size, P, dtype=np.uint32)
                forward[0] = 1
                inverse = np.full(size, P_INVERSE, dtype=np.uint32)
                inverse[0] = 1
                self.forward = np.cumprod(forward, dtype=np.uint32)
                self.inverse = np.cumprod(inverse, dtype=np.uint32)
        return self.forward[:n], self.inverse[:n]


_POWERS = _Powers()


class PrefixHash:
    """Position-independent hashes of any span of an array of code points."""

    def __init__(self, values: np.ndarray) -> None:
        powers, inverse_powers = _POWERS.up_to(len(values))
        self._prefix = np.empty(len(values) + 1, dtype=np.uint32)
        self._prefix[0] = 0
        with np.errstate(over="ignore"):
            np.multiply(values, inverse_powers, out=self._prefix[1:])
            np.cumsum(self._prefix[1:], out=self._prefix[1:])
        self._powers = powers

    def span(self, starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return (self._prefix[stops] - self._prefix[starts]) * self._powers[starts]


def mix(values: np.ndarray, salt: int, out: np.ndarray | None = None) -> np.ndarray:
    """MurmurHash3's finaliser, so that the top bits (the bucket) depend on every input bit
    (into ``out``, which may be ``values``)."""
    with np.errstate(over="ignore"):
        value = np.add(values, np.uint32(salt), out=out)
        value ^= value >> np.uint32(16)
        value *= np.uint32(0x85EBCA6B)
        value ^= value >> np.uint32(13)
        value *= np.uint32(0xC2B2AE35)
        value ^= value >> np.uint32(16)
    return value
