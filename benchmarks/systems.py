"""What the benchmark runs: the HTML peers, the text baselines and noise, under one interface.

A :class:`Runner` takes a batch of inputs (HTML for the peers, a converter's raw dump for text
systems) and returns one kept text per input; text systems also say, line by line, which lines
they dropped, so they get line-level scores too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence

from benchmarks.c4 import KEEP, c4_filter
from benchmarks.pages import CONVERTERS
from benchmarks.peers import PEERS, Extract

log = logging.getLogger(__name__)

HTML = "html"
TEXT = "text"
NOISE = "noise"
KEEP_ALL = "keep-all"
C4 = "c4"
C4_PAGE = "c4-page"
TEXT_BASES = (NOISE, KEEP_ALL, C4, C4_PAGE)
#: Run unless ``--systems`` says otherwise (``c4-page`` only on request: it empties pages).
DEFAULT_BASES = (NOISE, *PEERS, KEEP_ALL, C4)


@dataclass(frozen=True)
class System:
    base: str  # "noise", "trafilatura", "c4", ...
    input: str  # HTML or TEXT
    converter: str | None = None  # the raw dump a text system reads

    @property
    def name(self) -> str:
        return f"{self.base}[{self.converter}]" if self.converter else self.base

    @property
    def modules(self) -> tuple[str, ...]:
        if self.base in PEERS:
            return PEERS[self.base].modules
        return ("noise",) if self.base == NOISE else ("benchmarks.c4",)


def all_systems(bases: Sequence[str] = DEFAULT_BASES) -> list[System]:
    systems = []
    for base in bases:
        if base in PEERS:
            systems.append(System(base, HTML))
        elif base in TEXT_BASES:
            systems.extend(System(base, TEXT, converter) for converter in CONVERTERS)
        else:
            raise ValueError(f"unknown system {base!r}; known: {', '.join((*PEERS, *TEXT_BASES))}")
    return systems


def select(names: str | None) -> list[System]:
    """Systems named in a comma list; a base name ("noise") selects it on every converter."""
    if not names:
        return all_systems()
    wanted = [name.strip() for name in names.split(",") if name.strip()]
    known = {system.name: system for system in all_systems((*PEERS, *TEXT_BASES))}
    chosen: list[System] = []
    for name in wanted:
        matches = [s for s in known.values() if name in (s.name, s.base)]
        if not matches:
            raise ValueError(f"unknown system {name!r}; known: {', '.join(known)}")
        chosen.extend(s for s in matches if s not in chosen)
    return chosen


class Runner(Protocol):
    errors: int

    def extract(self, inputs: list[str], langs: list[str]) -> list[str]:
        """One kept text per input."""

    def line_noise(self, inputs: list[str]) -> list[list[bool | None]] | None:
        """Per input, per ``\\n``-separated line, whether it was dropped (None: not classified)."""


class PerPage:
    """Runs a one-page extraction function over a batch; a page that raises keeps nothing."""

    def __init__(self, extract: Extract):
        self._extract = extract
        self.errors = 0

    def extract(self, inputs: list[str], langs: list[str]) -> list[str]:
        outputs = []
        for text, lang in zip(inputs, langs):
            try:
                outputs.append(self._extract(text, lang))
            except Exception as error:  # a peer failing on one page must not end the run
                self.errors += 1
                log.debug("extraction failed: %r", error)
                outputs.append("")
        return outputs

    def line_noise(self, inputs: list[str]) -> None:
        return None


class KeepAll:
    errors = 0

    def extract(self, inputs: list[str], langs: list[str]) -> list[str]:
        return list(inputs)

    def line_noise(self, inputs: list[str]) -> list[list[bool | None]]:
        return [[False] * len(text.split("\n")) for text in inputs]


class C4Lines:
    errors = 0

    def __init__(self, page_rules: bool = False):
        self.page_rules = page_rules

    def extract(self, inputs: list[str], langs: list[str]) -> list[str]:
        outputs = []
        for text in inputs:
            lines = text.split("\n")
            outputs.append("\n".join(c4_filter(lines, self.page_rules).kept(lines)))
        return outputs

    def line_noise(self, inputs: list[str]) -> list[list[bool | None]]:
        noise = []
        for text in inputs:
            lines = text.split("\n")
            result = c4_filter(lines, self.page_rules)
            page_dropped = result.page_verdict != KEEP
            noise.append([page_dropped or verdict != KEEP for verdict in result.verdicts])
        return noise


class NoiseRunner:
    """noise's library API: ``Cleaner.load(dir)``, ``clean_batch`` timed, ``label_batch`` not."""

    def __init__(self, cleaner):
        self.cleaner = cleaner
        self.errors = 0
        self.misaligned_pages = 0

    @classmethod
    def load(cls, model_dir: Path) -> "NoiseRunner":
        from noise import Cleaner

        return cls(Cleaner.load(model_dir))

    def extract(self, inputs: list[str], langs: list[str]) -> list[str]:
        return list(self.cleaner.clean_batch(inputs))

    def line_noise(self, inputs: list[str]) -> list[list[bool | None]]:
        pages = []
        for text, results in zip(inputs, self.cleaner.label_batch(inputs)):
            lines = text.split("\n")
            verdicts: list[bool | None] = [None] * len(lines)
            aligned = True
            for result in results:
                index = result.index
                if 0 <= index < len(lines) and _same_line(result.text, lines[index]):
                    verdicts[index] = bool(result.is_noise)
                else:
                    aligned = False
            self.misaligned_pages += not aligned
            pages.append(verdicts)
        return pages


def _same_line(result_text: str | None, line: str) -> bool:
    return result_text is None or result_text.rstrip("\r\n") == line.rstrip("\r\n")


def load_runner(system: System, model_dir: Path | None = None) -> Runner:
    if system.base in PEERS:
        return PerPage(PEERS[system.base].setup())
    if system.base == KEEP_ALL:
        return KeepAll()
    if system.base in (C4, C4_PAGE):
        return C4Lines(page_rules=system.base == C4_PAGE)
    if system.base == NOISE:
        if model_dir is None:
            raise ValueError("noise needs a model directory")
        return NoiseRunner.load(model_dir)
    raise ValueError(f"unknown system {system.name!r}")

