"""The unit a page is assembled from: a block of text with one verdict and category.

A page is a list of blocks in reading order. ``layout.py`` turns the blocks into the lines a
particular HTML-to-text converter would print, so the label of every line is known by
construction.
"""

from __future__ import annotations

from dataclasses import dataclass

from noise.labels import CATEGORIES, CONTENT, NOISE

# How a block's texts sit in the HTML, which decides how each converter prints them.
TEXT = "text"  # one <p>, <h1>, <div>: a single line
LINES = "lines"  # several lines split by <br>: never blank lines between them
LIST = "list"  # <ul>/<ol> items of the article or of a widget
MENU = "menu"  # inline links (<a> in a <nav>): converters may run them together on one line
TABLE = "table"  # rows of cells; ``texts`` holds the rows joined by TAB_SEP
KINDS = (TEXT, LINES, LIST, MENU, TABLE)

#: Cells of a table row are stored joined by this separator and laid out by the converter.
TAB_SEP = "\x1f"


@dataclass(frozen=True)
class Block:
    kind: str
    texts: tuple[str, ...]
    label: str
    category: str | None
    depth: int = 0  # nesting depth of the block in the page, used for inscriptis indentation

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")
        if self.label == CONTENT and self.category is not None:
            raise ValueError("content blocks carry no category")
        if self.label == NOISE and self.category not in CATEGORIES:
            raise ValueError(f"noise block needs a category, got {self.category!r}")
        for text in self.texts:
            if not text.replace(TAB_SEP, "").strip() or "\n" in text:
                raise ValueError(f"block text must be one non-blank line: {text!r}")


def content(*texts: str, kind: str = TEXT, depth: int = 1) -> Block:
    """Article text: one block per paragraph or heading (or one list/table)."""
    return Block(kind, tuple(texts), CONTENT, None, depth)


def noise(category: str, *texts: str, kind: str = TEXT, depth: int = 0) -> Block:
    """Page furniture of one category."""
    return Block(kind, tuple(texts), NOISE, category, depth)


def table(rows: list[list[str]], label: str = CONTENT, category: str | None = None) -> Block:
    return Block(TABLE, tuple(TAB_SEP.join(row) for row in rows), label, category, 1)
