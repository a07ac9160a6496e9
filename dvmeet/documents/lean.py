"""A lean text flowable: runs of plain text broken into lines and drawn as PDF text.

ReportLab's Paragraph parses markup into fragments, breaks lines fragment by fragment and
draws each fragment through a text object; in a møtebok of 300 cases that was most of the
render. `LeanText` takes the text already as runs (text, font, size), breaks greedily on
whole words with the embedded fonts' widths (the same widths ReportLab measures, a word
longer than the line split by characters as ReportLab's `splitLongWords` does), and draws
each paragraph as one text block. What it keeps of Paragraph: the style's leading,
indents (a hanging first line), spaceBefore/After, keepWithNext, text colour, left
alignment (every style the documents use), a "\\n" as a line break, whitespace collapsed
(no break at a no-break space), `split` across pages line by line with the style's
orphan and widow rules, and the first baseline at the height less the line's largest size.

The text must be normalised (`text.normalise`): every character is one the fonts carry.
Used by the møtebok from layout 3 (`minutes.py`); layouts 1 and 2 keep Paragraph, so
approved minutes render to the bytes they were approved as.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Frame

# ReportLab's whitespace (platypus.paragraph._wsc): Python's, less the no-break space,
# plus the zero-width space.
_SPACE = re.compile("(?:[^\\S\xa0]|\u200b)+")
_FUZZ = 1e-6

Run = tuple[str, str, float]  # text, font name, size
Piece = tuple[str, float, str]  # font name, size, text (a word, a part of one, or a space)
_BREAK = None  # a line break in the word list


# A word: (pieces, width, the space after it (a piece in the font it was written in, or
# None), that space's width, its (font, size) when it is one piece with its space in the
# same font (else None)); a list while it may still change. Pieces are more than one where
# the font changes in the word.
Word = Any
PIECES, WIDTH, SPACE, SPACE_WIDTH, KEY = range(5)

# Widths measured, per (font, size): line breaking looks up every word of every paragraph.
_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}
WIDTH_CACHE_SIZE = 50_000


def _widths(font: str, size: float) -> dict[str, float]:
    table = _WIDTHS.get((font, size))
    if table is None or len(table) > WIDTH_CACHE_SIZE:
        table = _WIDTHS[(font, size)] = {}
    return table


def _measure(table: dict[str, float], font: str, size: float, text: str) -> float:
    width: float = pdfmetrics.getFont(font).stringWidth(text, size)
    table[text] = width
    return width


def words(runs: Iterable[Run]) -> list[Word | None]:
    """The runs as words and line breaks (None): split at whitespace, a word going on
    across runs when no whitespace is between them."""
    out: list[Word | None] = []
    last: Word | None = None  # the last word since the last line break
    open_word = False  # `last` ended its run without whitespace after it
    for text, font, size in runs:
        if not text:
            continue
        widths = _widths(font, size)
        get = widths.get
        key = (font, size)
        space: Piece = (font, size, " ")
        space_width = get(" ")
        if space_width is None:
            space_width = _measure(widths, font, size, " ")
        for n, segment in enumerate(text.split("\n")):
            if n:
                out.append(_BREAK)
                last, open_word = None, False
            if not segment:
                continue
            tokens = _SPACE.split(segment)
            head = tokens[0]
            if head and open_word and last is not None:  # the word goes on from the last run
                width = get(head)
                last[PIECES].append((font, size, head))
                last[WIDTH] += _measure(widths, font, size, head) if width is None else width
                last[KEY] = None
                head = ""
            if not head and len(tokens) > 1 and last is not None and last[SPACE] is None:
                last[SPACE], last[SPACE_WIDTH] = space, space_width  # whitespace after it
                if last[KEY] != key:
                    last[KEY] = None
            rest = tokens[1:] if not head else tokens
            if rest and not rest[-1]:
                rest.pop()
            if rest:
                found = [get(t) for t in rest]
                if None in found:
                    found = [_measure(widths, font, size, t) if w is None else w
                             for t, w in zip(rest, found, strict=True)]  # fmt: skip
                # tuples (fewer objects), but the last word a list: what follows may
                # go on with it or give it its space
                new: list[Word] = [
                    (((font, size, t),), w, space, space_width, key)
                    for t, w in zip(rest, found, strict=True)
                ]
                ends_open = bool(tokens[-1])  # no whitespace after the last word (yet)
                last = [
                    [(font, size, rest[-1])],
                    found[-1],
                    None if ends_open else space,
                    0.0 if ends_open else space_width,
                    key,
                ]
                new[-1] = last
                out.extend(new)
            open_word = bool(tokens[-1])
    return out


class Line:
    """One line: the pieces to draw (same-font neighbours merged), its largest size,
    whether it is a paragraph's first line (drawn at the first-line indent), and the word
    spacing that makes a line squeezed into its width fit (0 for most lines)."""

    __slots__ = ("first", "pieces", "size", "word_space")

    def __init__(self, pieces: list[Piece], size: float, first: bool, word_space: float) -> None:
        self.pieces = pieces
        self.size = size
        self.first = first
        self.word_space = word_space


def break_lines(
    items: Sequence[Word | None], first: float, later: float, shrink: float = 0.0
) -> list[Line]:
    """Greedy line breaking as ReportLab's Paragraph does it: as many whole words as fit
    each line (`first`: the first line's width, `later`: every other's). A line may take a
    word that overflows it by up to `shrink` (a fraction) of the width of its spaces: the
    spaces are then drawn that much narrower. A word wider than the line it comes to is
    split by characters, its first part filling what is left of that line."""
    lines: list[Line] = []
    current: list[Word] = []
    used = gaps = 0.0
    room = first

    def flush() -> None:
        nonlocal current, used, gaps, room
        lines.append(_line(current, not lines, room, used))
        current, used, gaps, room = [], 0.0, 0.0, later

    for item in items:
        if item is None:
            flush()
            continue
        width = item[WIDTH]
        gap = current[-1][SPACE_WIDTH] if current else 0.0
        if used + gap + width <= room + shrink * (gaps + gap):
            current.append(item)
            used += gap + width
            gaps += gap
            continue
        if width <= room:  # too long for this line, not for a line of its own
            if current:
                flush()
            current, used = [item], width
            continue
        parts = _split_word(item, room - used - gap, later)
        if parts[0][PIECES]:
            current.append(parts[0])
            used += gap + parts[0][WIDTH]
        elif current and used > room + shrink * (gaps + gap):
            flush()  # an overfull line (a word wider than it) ends; an empty line follows
        for part in parts[1:]:
            flush()
            current, used = [part], part[WIDTH]
    if current or (items and items[-1] is None):
        flush()
    return lines


def _split_word(word: Word, room: float, later: float) -> list[Word]:
    """A word too wide for a line in parts: the first fills `room` (it may be empty when
    not even a character fits there), each other a line of `later` (at least a character
    each); the last keeps the space after the word."""
    parts: list[Word] = []
    part: Word = [[], 0.0, None, 0.0, None]
    for font, size, text in word[PIECES]:
        widths = _widths(font, size)
        for char in text:
            w = widths.get(char)
            if w is None:
                w = _measure(widths, font, size, char)
            pieces = part[PIECES]
            if part[WIDTH] + w > room and (pieces or w <= later):
                parts.append(part)
                part, room = [[], 0.0, None, 0.0, None], later
                pieces = part[PIECES]
            if pieces and pieces[-1][:2] == (font, size):
                pieces[-1] = (font, size, pieces[-1][2] + char)
            else:
                pieces.append((font, size, char))
            part[WIDTH] += w
    part[SPACE], part[SPACE_WIDTH] = word[SPACE], word[SPACE_WIDTH]
    parts.append(part)
    return parts


def _line(current: list[Word], first: bool, room: float, used: float) -> Line:
    count = len(current) - 1
    squeeze = (room - used) / count if used > room and count > 0 else 0.0
    if not current:
        return Line([], 0.0, first, 0.0)
    keys = {word[KEY] for word in current}
    if len(keys) == 1 and None not in keys:  # one font and size (most lines)
        font, size = current[0][KEY]
        text = " ".join([word[PIECES][0][2] for word in current])
        return Line([(font, size, text)], size, first, squeeze)
    pieces: list[Piece] = []
    size = 0.0
    for n, word in enumerate(current):
        chunk = list(word[PIECES])
        if n < count and word[SPACE] is not None:
            chunk.append(word[SPACE])
        for piece in chunk:
            size = max(size, piece[1])
            if pieces and pieces[-1][:2] == piece[:2]:
                pieces[-1] = (piece[0], piece[1], pieces[-1][2] + piece[2])
            else:
                pieces.append(piece)
    return Line(pieces, size, first, squeeze)


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Encoder:
    """Text as PDF string operands in the fonts' subsets, for one document.

    A character keeps the subset code the font gave it first (ReportLab's `splitString`),
    so what it is written as is remembered per font: a text of characters already seen in
    subset 0 is translated in one step; anything else goes through `splitString`."""

    def __init__(self, canvas: Any) -> None:
        self.doc = canvas._doc
        self.fonts: dict[str, tuple[Any, dict[int, str], set[str], str]] = {}

    def font(self, name: str) -> tuple[Any, dict[int, str], set[str], str]:
        known = self.fonts.get(name)
        if known is None:
            font = pdfmetrics.getFont(name)
            font.splitString(" ", self.doc)  # the font's state in this document
            known = self.fonts[name] = (font, {}, set(), font.getSubsetInternalName(0, self.doc))
        return known

    def operands(self, name: str, text: str) -> list[tuple[str, str]]:
        """(the subset's PDF font name, the escaped string) runs of `text`."""
        font, table, seen, first = self.font(name)
        if seen.issuperset(text):
            return [(first, text.translate(table))]
        runs = [
            (font.getSubsetInternalName(subset, self.doc), escapePDF(codes))
            for subset, codes in font.splitString(text, self.doc)
        ]
        assignments = font.state[self.doc].assignments
        for char in set(text) - seen:
            code = assignments.get(32 if char == "\xa0" else ord(char))
            if code is not None and code < 256:
                table[ord(char)] = escapePDF(bytes([code]))
                seen.add(char)
        return runs


def _encoder(canvas: Any) -> _Encoder:
    encoder: _Encoder | None = getattr(canvas, "_dv_encoder", None)
    if encoder is None or encoder.doc is not canvas._doc:
        encoder = _Encoder(canvas)
        canvas._dv_encoder = encoder
    return encoder


class LeanText(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """A paragraph of plain-text runs in a ParagraphStyle (see the module's docstring)."""

    def __init__(
        self,
        runs: Sequence[Run] | None,
        style: ParagraphStyle,
        *,
        lines: list[Line] | None = None,
    ) -> None:
        super().__init__()
        if style.alignment != TA_LEFT:
            raise ValueError("LeanText draws left-aligned text only")
        self.style = style
        self._items = words(runs) if runs is not None else []
        self._lines = lines
        self._wrapped: float | None = None if lines is None else -1.0

    @classmethod
    def line(cls, text: str, font: str, size: float, style: ParagraphStyle) -> LeanText:
        """`text` on one line, not broken (the caller knows it fits), whitespace
        collapsed: a table cell."""
        words = " ".join(word for word in _SPACE.split(text) if word)
        return cls(None, style, lines=[Line([(font, size, words)], size, True, 0.0)])

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped != availWidth and self._wrapped != -1.0:
            style = self.style
            later = availWidth - style.leftIndent - style.rightIndent
            self._lines = break_lines(
                self._items,
                later - style.firstLineIndent,
                later,
                getattr(style, "spaceShrinkage", 0.0),
            )
            self._wrapped = availWidth
        self.width = availWidth
        self.height = len(self._lines or ()) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """As Paragraph.split: as many whole lines as fit, none if only one would (an
        orphan, unless the style allows it), the rest a paragraph of its own."""
        if availWidth < _FUZZ or availHeight < _FUZZ:
            return []
        if self._lines is None or self._wrapped not in (availWidth, -1.0):
            self.wrap(availWidth, availHeight)
        lines = self._lines or []
        style = self.style
        fits = int(availHeight / float(style.leading))
        orphans = getattr(style, "allowOrphans", 0)
        if (not orphans and fits <= 1) or fits == 0:
            return []
        count = len(lines)
        if count <= fits:
            return [self]
        if not getattr(style, "allowWidows", 1) and count == fits + 1:
            if (orphans and count == 3) or count > 3:
                fits -= 1
            else:
                return []
        head = LeanText(None, style, lines=lines[:fits])
        tail = LeanText(None, style, lines=lines[fits:])
        for part in (head, tail):
            part.width = availWidth
            part.height = len(part._lines or ()) * style.leading
        return [head, tail]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        """Draw at (x, y) as one text block in its own graphics state: the lines at
        absolute positions, so no translation (and no canvas state) is needed around it."""
        lines = self._lines or []
        if not lines:
            return
        style = self.style
        encoder = _encoder(canvas)
        colour = style.textColor
        code = [f"q {_num(colour.red)} {_num(colour.green)} {_num(colour.blue)} rg BT"]
        add = code.append
        current: tuple[str, float] | None = None
        word_space = 0.0
        top = y + self.height - lines[0].size
        for n, line in enumerate(lines):
            left = x + style.leftIndent + (style.firstLineIndent if line.first else 0)
            add(f"1 0 0 1 {_num(left)} {_num(top - n * style.leading)} Tm")
            if line.word_space != word_space:
                word_space = line.word_space
                add(f"{_num(word_space)} Tw")
            for font, size, text in line.pieces:
                for name, operand in encoder.operands(font, text):
                    if current != (name, size):
                        add(f"{name} {_num(size)} Tf")
                        current = (name, size)
                    add(f"({operand}) Tj")
        add("ET Q")
        canvas._code.append(" ".join(code))

    def draw(self) -> None:
        self.drawOn(self.canv, 0, 0)


def runs_of(spans: Iterable[tuple[str, bool, bool]], style: ParagraphStyle, bold: str) -> list[Run]:
    """(text, bold, small) spans as runs in `style`: bold in the `bold` face, small at 7.5
    points (as the møtebok's markup has them)."""
    return [
        (text, bold if is_bold else style.fontName, 7.5 if small else style.fontSize)
        for text, is_bold, small in spans
    ]


def draw_string(
    canvas: Any, x: float, y: float, text: str, font: str, size: float, align: float = 0.0
) -> None:
    """One line of `text` at (x, y) in the canvas's fill colour, as canvas.drawString
    writes it (`align`: 0 from x, 1 ending at x, 0.5 centred on x)."""
    if align:
        x -= align * pdfmetrics.getFont(font).stringWidth(text, size)
    code = [f"BT 1 0 0 1 {_num(x)} {_num(y)} Tm"]
    for name, operand in _encoder(canvas).operands(font, text):
        code.append(f"{name} {_num(size)} Tf ({operand}) Tj")
    code.append("ET")
    canvas._code.append(" ".join(code))


class LeanPen:
    """The header's and footer's strings written as `draw_string` writes them (the
    renderer's `pen`): the same text, fonts and places as ReportLab's calls."""

    def __init__(self) -> None:
        self._font: tuple[str, float] = ("", 0.0)

    def font(self, canvas: Any, name: str, size: float) -> None:
        self._font = (name, size)

    def left(self, canvas: Any, x: float, y: float, text: str) -> None:
        draw_string(canvas, x, y, text, *self._font)

    def right(self, canvas: Any, x: float, y: float, text: str) -> None:
        draw_string(canvas, x, y, text, *self._font, align=1.0)

    def centre(self, canvas: Any, x: float, y: float, text: str) -> None:
        draw_string(canvas, x, y, text, *self._font, align=0.5)


_SCALARS = (str, int, float, bool, type(None))


class CopyableFrame(Frame):  # type: ignore[misc]  # ReportLab is untyped
    """A Frame that deep-copies itself quickly: platypus copies the frame every time it
    measures a group of flowables kept together (a heading kept with what follows), and
    the generic deepcopy of its thirty attributes was a tenth of a short møtebok's render.
    The copy is the same: numbers and strings are shared (they cannot change in place),
    anything else is deep-copied."""

    def __deepcopy__(self, memo: dict[int, Any]) -> CopyableFrame:
        new = self.__class__.__new__(self.__class__)
        memo[id(self)] = new
        new.__dict__.update(
            {
                key: value if isinstance(value, _SCALARS) else copy.deepcopy(value, memo)
                for key, value in self.__dict__.items()
            }
        )
        return new
