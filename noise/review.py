"""Review files: one page's lines with the model's verdicts, for a person to correct in any editor.

A review file is UTF-8 text. Comment lines start with ``#``; the header names the page's source
and publisher and carries checksums of its text. Every other line is one line of the page::

    # noise review file v1
    # Fix the verdict before "|" (C content, N noise, optionally followed by a category).
    # Lines marked ? are the ones the model is least sure of. Keep the text after "| " as it is.
    # source: dump/page-07.txt
    # domain: riverside-ledger.example
    # text: lines=9 sha256=3f0c...
    # check: AbCd...
    N  navigation | Home
    N? navigation | Weather
                  |
    C             | Harbour bridge reopens after two years of repairs

The verdict column may be ``C``/``N`` in either case or the words ``content``/``noise``; the
``?`` mark and the category are optional and the spacing is free. Blank page lines have no
verdict. Reading checks every text line against the header's per-line checksums and names the
first line that changed (editors' trailing whitespace and CRLF line endings do not count).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from noise.corpus import CorpusError, LabeledPage
from noise.labels import CATEGORIES, CONTENT, NOISE
from noise.scores import score_logit

MAGIC = "# noise review file v1"
SUFFIX = ".review.txt"
#: A line is marked ``?`` when its noise score's logit is this close to the threshold's.
UNCERTAIN_LOGIT = 1.5
_VERDICTS = {"c": CONTENT, "content": CONTENT, "n": NOISE, "noise": NOISE}
_CATEGORY_WIDTH = max(len(name) for name in CATEGORIES)
_HELP = (
    '# Fix the verdict before "|" (C content, N noise, optionally followed by a category).',
    '# Lines marked ? are the ones the model is least sure of. Keep the text after "| " as it is.',
)


class ReviewError(CorpusError):
    """A review file that cannot be read back: a changed text line, a bad verdict, a bad header."""


@dataclass
class ReviewLine:
    """One page line as the review file shows it."""

    text: str
    label: str | None  # CONTENT, NOISE, or None for a blank line
    category: str | None = None
    uncertain: bool = False


@dataclass
class Review:
    """A page with its verdicts, and where it came from."""

    lines: list[ReviewLine]
    source: str = ""
    domain: str = ""
    extra: dict = field(default_factory=dict)  # other ``# key: value`` header fields

    def to_page(self, page_id: str = "") -> LabeledPage:
        """The labeled page, its content lines as its gold text: what a person kept is the article."""
        labels = [line.label for line in self.lines]
        categories = [line.category if line.label == NOISE else None for line in self.lines]
        return LabeledPage(
            lines=[line.text for line in self.lines],
            labels=labels,
            id=page_id or self.source,
            domain=self.domain,
            lang=self.extra.get("lang", ""),
            source="review",
            gold="\n".join(line.text for line in self.lines if line.label == CONTENT),
            categories=categories if any(categories) else None,
            meta={"review_source": self.source},
        )


def is_uncertain(score: float, threshold: float) -> bool:
    """Is a noise score within ``UNCERTAIN_LOGIT`` of the threshold, on the logit scale?"""
    return abs(score_logit(score) - score_logit(threshold)) < UNCERTAIN_LOGIT


def _line_check(text: str) -> int:
    """16 bits of a line's hash, after removing what editors change (trailing whitespace)."""
    return int.from_bytes(hashlib.blake2b(text.rstrip().encode("utf-8"), digest_size=2).digest(), "big")


def text_digest(texts: Sequence[str]) -> str:
    joined = "\n".join(text.rstrip() for text in texts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def _checks(texts: Sequence[str]) -> str:
    raw = b"".join(_line_check(text).to_bytes(2, "big") for text in texts)
    return base64.b64encode(raw).decode("ascii")


def render(review: Review) -> str:
    """The review file's text."""
    show_categories = any(line.category for line in review.lines)
    texts = [line.text for line in review.lines]
    header = [MAGIC, *_HELP]
    header.append(f"# source: {review.source}")
    header.append(f"# domain: {review.domain}")
    for key, value in review.extra.items():
        header.append(f"# {key}: {value}")
    header.append(f"# text: lines={len(texts)} sha256={text_digest(texts)}")
    header.append(f"# check: {_checks(texts)}")
    rows = []
    for line in review.lines:
        if line.label is None:
            prefix = ""
        else:
            prefix = ("C" if line.label == CONTENT else "N") + ("?" if line.uncertain else " ")
        if show_categories:
            prefix = f"{prefix:<2} {line.category or '':<{_CATEGORY_WIDTH}}" if prefix else " " * (_CATEGORY_WIDTH + 3)
        else:
            prefix = f"{prefix:<2}"
        rows.append(f"{prefix} | {line.text}" if line.text.strip() else f"{prefix} |")
    return "\n".join(header + rows) + "\n"


def write(path: Path, review: Review) -> None:
    from noise.io import write_atomic

    write_atomic(path, render(review).encode("utf-8"))


def looks_like_review(path: Path) -> bool:
    """Does the file start with the review-file header (a UTF-8 byte-order mark allowed)?"""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(MAGIC) + 3)
    except OSError:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").startswith(MAGIC.encode("ascii"))


def parse(text: str, name: str) -> Review:
    """A review file's text back into a ``Review``; raises ``ReviewError`` naming the line at fault."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    rows = text.split("\n")
    while rows and not rows[-1].strip():  # empty rows an editor left at the end: every page line has a "|"
        rows.pop()
    if not rows or rows[0].rstrip() != MAGIC:
        raise ReviewError(f"{name}: not a noise review file (its first line is not {MAGIC!r})")
    header: dict[str, str] = {}
    lines: list[ReviewLine] = []
    numbers: list[int] = []  # the review-file line number of each page line
    for number, row in enumerate(rows, 1):
        if row.startswith("#"):
            key, colon, value = row[1:].partition(":")
            if colon and lines == []:
                header.setdefault(key.strip(), value.strip())
            continue
        lines.append(_parse_row(row, f"{name}: line {number}"))
        numbers.append(number)
    _verify(lines, numbers, header, name)
    extra = {key: value for key, value in header.items() if key not in {"source", "domain", "text", "check"}}
    return Review(lines, source=header.get("source", ""), domain=header.get("domain", ""), extra=extra)


def _parse_row(row: str, where: str) -> ReviewLine:
    prefix, bar, rest = row.partition("|")
    if not bar:
        raise ReviewError(f'{where}: no "|" between the verdict and the text')
    text = rest[1:] if rest.startswith(" ") else rest
    words = prefix.replace("?", " ? ").split()
    uncertain = "?" in words
    words = [word for word in words if word != "?"]
    if not text.strip():
        if words:
            raise ReviewError(f"{where}: a blank line takes no verdict (found {' '.join(words)!r})")
        return ReviewLine(text, None)
    if not words:
        raise ReviewError(f'{where}: no verdict before "|" (C for content, N for noise)')
    label = _VERDICTS.get(words[0].lower())
    if label is None:
        raise ReviewError(f"{where}: verdict {words[0]!r} is neither C (content) nor N (noise)")
    category = None
    if len(words) > 1:
        category = words[1].lower()
        if category not in CATEGORIES or len(words) > 2:
            raise ReviewError(f"{where}: {' '.join(words[1:])!r} is not a category (known: {', '.join(CATEGORIES)})")
    return ReviewLine(text, label, category if label == NOISE else None, uncertain)


def _verify(lines: list[ReviewLine], numbers: list[int], header: dict[str, str], name: str) -> None:
    fields = dict(part.split("=", 1) for part in header.get("text", "").split() if "=" in part)
    try:
        expected_count = int(fields["lines"])
        checks = base64.b64decode(header["check"], validate=True)
    except (KeyError, ValueError):
        raise ReviewError(f"{name}: the '# text:' or '# check:' header line is missing or damaged") from None
    expected = [int.from_bytes(checks[i : i + 2], "big") for i in range(0, len(checks), 2)]
    for index, line in enumerate(lines):
        if index >= len(expected):
            raise ReviewError(
                f"{name}: line {numbers[index]}: a line was added (the page has {expected_count} lines); "
                "only the verdicts may change"
            )
        if _line_check(line.text) != expected[index]:
            if len(lines) < expected_count and index + 1 < len(expected) and _line_check(line.text) == expected[index + 1]:
                raise ReviewError(
                    f"{name}: line {numbers[index]}: page line {index + 1} was removed above it; only the verdicts may change"
                )
            if len(lines) > expected_count and index + 1 < len(lines) and _line_check(lines[index + 1].text) == expected[index]:
                raise ReviewError(f"{name}: line {numbers[index]}: a line was added; only the verdicts may change")
            raise ReviewError(
                f"{name}: line {numbers[index]}: the text of page line {index + 1} changed; only the verdict "
                'before "|" may change (undo the edit, or run `noise label` again)'
            )
    if len(lines) < expected_count:
        after = numbers[-1] if numbers else 1
        raise ReviewError(
            f"{name}: line {after}: page line {len(lines) + 1} and those after it were removed "
            f"(the page has {expected_count} lines); only the verdicts may change"
        )
    if fields.get("sha256") != text_digest([line.text for line in lines]):
        raise ReviewError(f"{name}: the page's text changed (its SHA-256 does not match the header)")


def read(path: str | Path) -> Review:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        from noise.io import os_reason

        raise ReviewError(f"{path}: {os_reason(error)}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReviewError(f"{path}: not valid UTF-8 (byte {error.start})") from None
    return parse(text, str(path))


def read_page(path: str | Path) -> LabeledPage:
    """A review file as a labeled page (the corpus format)."""
    page = read(path).to_page()
    if not page.id:
        page.id = str(path)
    return page


def labeled_files(paths: Sequence[str | Path]) -> list[Path]:
    """The files behind ``--data`` arguments: a folder stands for the review files under it."""
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            found.append(path)
            continue
        inside = sorted(
            file for file in path.rglob(f"*{SUFFIX}") if not any(part.startswith(".") for part in file.relative_to(path).parts)
        )
        if not inside:
            raise CorpusError(f"{path}: folder holds no review files (*{SUFFIX})")
        found.extend(inside)
    return found
