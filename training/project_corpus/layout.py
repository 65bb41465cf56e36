"""Print a page's blocks the way each of three HTML-to-text converters would.

- ``html_text`` (html-text, guess_layout): a blank line around every paragraph-like block,
  inline links run together on one line, table cells joined by spaces.
- ``lxml_blocks`` (a get_text("\\n")-style walk): every block and every item on its own line,
  at most one blank line in a row, table cells one per line.
- ``inscriptis``: indentation by nesting depth, ``*`` bullets, tables laid out in padded
  columns, sometimes several blank lines in a row; lines right-stripped.

Each printed line inherits the label and category of the block it came from; blank lines
get ``None``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from training.project_corpus.blocks import LINES, LIST, MENU, TAB_SEP, TABLE, TEXT, Block

HTML_TEXT = "html_text"
LXML_BLOCKS = "lxml_blocks"
INSCRIPTIS = "inscriptis"
CONVERTERS = (HTML_TEXT, LXML_BLOCKS, INSCRIPTIS)

NBSP = "\u00a0"


@dataclass
class Rendered:
    lines: list[str]
    labels: list[str | None]
    categories: list[str | None]

    def add(self, text: str, block: Block | None) -> None:
        if "\n" in text or "\r" in text:
            raise ValueError(f"line contains a line break: {text!r}")
        blank = text.strip() == ""
        self.lines.append(text)
        self.labels.append(None if blank or block is None else block.label)
        self.categories.append(None if blank or block is None else block.category)

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.add("", None)


@dataclass(frozen=True)
class Habits:
    """How one page's converter run behaves: drawn once per page."""

    join_menus: float  # html_text: chance a menu is printed as one line
    item_gaps: float  # lxml_blocks: chance of a blank line between list/menu items
    block_gaps: float  # lxml_blocks: chance of a blank line between blocks
    extra_blank: float  # html_text / inscriptis: chance of a second blank line
    trailing: float  # html_text / lxml_blocks: chance of trailing (nbsp) spaces on a line
    base_indent: int  # inscriptis: indentation of depth 0
    step: int  # inscriptis: spaces per depth level
    bullet: str  # inscriptis: bullet for list items


def draw_habits(rng: random.Random) -> Habits:
    return Habits(
        join_menus=rng.choice((0.0, 0.3, 0.6, 0.9)),
        item_gaps=rng.choice((0.0, 0.0, 0.5, 1.0)),
        block_gaps=rng.choice((0.3, 0.7, 1.0)),
        extra_blank=rng.choice((0.0, 0.05, 0.15)),
        trailing=rng.choice((0.0, 0.01, 0.03)),
        base_indent=rng.choice((0, 0, 2, 4)),
        step=rng.choice((2, 2, 4)),
        bullet=rng.choice(("*", "*", "*", "+", "-")),
    )


def render(blocks: list[Block], converter: str, rng: random.Random) -> Rendered:
    habits = draw_habits(rng)
    out = Rendered([], [], [])
    printer = {HTML_TEXT: _html_text, LXML_BLOCKS: _lxml_blocks, INSCRIPTIS: _inscriptis}[converter]
    printer(blocks, habits, rng, out)
    while out.lines and out.labels[-1] is None:  # converters do not end on blank lines
        out.lines.pop()
        out.labels.pop()
        out.categories.pop()
    return out


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.split(TAB_SEP)]


def _trail(text: str, habits: Habits, rng: random.Random) -> str:
    if rng.random() < habits.trailing:
        return text + rng.choice((" ", NBSP, NBSP + " ", "  "))
    return text


def _chunks(items: tuple[str, ...], rng: random.Random) -> list[list[str]]:
    """Split a menu into runs that a converter printed together."""
    runs: list[list[str]] = [[]]
    for item in items:
        if runs[-1] and rng.random() < 0.3:
            runs.append([])
        runs[-1].append(item)
    return runs


def _html_text(blocks: list[Block], habits: Habits, rng: random.Random, out: Rendered) -> None:
    for index, block in enumerate(blocks):
        if index:
            tight = block.kind in (LINES, MENU) and blocks[index - 1].kind in (LINES, MENU)
            if not (tight and rng.random() < 0.5):
                out.blank(2 if rng.random() < habits.extra_blank else 1)
        if block.kind == MENU:
            if rng.random() < habits.join_menus:
                out.add(_trail(" ".join(block.texts), habits, rng), block)
            else:
                for run in _chunks(block.texts, rng):
                    out.add(_trail(" ".join(run), habits, rng), block)
        elif block.kind == TABLE:
            for row in block.texts:
                out.add(" ".join(cell for cell in _cells(row) if cell), block)
        else:
            for text in block.texts:
                out.add(_trail(text, habits, rng), block)


def _lxml_blocks(blocks: list[Block], habits: Habits, rng: random.Random, out: Rendered) -> None:
    for index, block in enumerate(blocks):
        if index and rng.random() < habits.block_gaps:
            out.blank()
        if block.kind == TABLE:
            texts = [cell for row in block.texts for cell in _cells(row) if cell]
        else:
            texts = list(block.texts)
        gaps = block.kind in (LIST, MENU, TABLE) and rng.random() < habits.item_gaps
        for position, text in enumerate(texts):
            if position and (gaps or (block.kind == TEXT and rng.random() < habits.block_gaps)):
                out.blank()
            out.add(_trail(text, habits, rng), block)


def _inscriptis(blocks: list[Block], habits: Habits, rng: random.Random, out: Rendered) -> None:
    for index, block in enumerate(blocks):
        indent = " " * (habits.base_indent + habits.step * block.depth)
        if index:
            inline = block.kind in (LINES, LIST, MENU) and blocks[index - 1].kind in (LINES, LIST, MENU)
            if not (inline and rng.random() < 0.6):
                out.blank(2 if rng.random() < habits.extra_blank * 2 else 1)
        if block.kind in (LIST, MENU):
            bulleted = block.kind == LIST or rng.random() < 0.7
            for text in block.texts:
                prefix = f"{indent}  {habits.bullet} " if bulleted else indent
                out.add((prefix + text).rstrip(), block)
        elif block.kind == TABLE:
            rows = [_cells(row) for row in block.texts]
            width = max(len(row) for row in rows)
            rows = [row + [""] * (width - len(row)) for row in rows]
            widths = [max(len(row[col]) for row in rows) for col in range(width)]
            for row in rows:
                cells = [cell.ljust(widths[col]) for col, cell in enumerate(row)]
                out.add((indent + "  ".join(cells)).rstrip(), block)
        else:
            for text in block.texts:
                out.add((indent + text).rstrip(), block)
