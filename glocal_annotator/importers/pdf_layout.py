"""From a PDF's printed lines to a reader's paragraphs (pure: no PDF parsing here).

:mod:`.pdf` gives each page as text blocks in reading order (:mod:`.pdf_blocks`: lines grouped
into blocks, blocks ordered column by column), each block a list of printed lines
with their positions in PDF points (y grows upwards). This module decides what a reader sees:

- **Paragraphs.** A block is one paragraph unless a line inside it starts a new one: a line
  indented (first-line indent) or outdented (hanging indent) by more than half the line height
  against the block's usual left edge, or a line starting with a bullet. The lines of a
  paragraph are joined with one space.
- **Line-end hyphens** (rule without a word list): a line ending in ``-`` (or U+2010) right
  after a lowercase letter, followed by a line starting with a lowercase letter, is a word split
  by hyphenation and is rejoined without the hyphen (``inter-`` + ``national``), unless the
  hyphen is a real one: the word before it already holds a hyphen (``mother-in-`` + ``law``),
  or the document itself writes that word hyphenated on one line and never solid (``well-known``
  seen, ``wellknown`` not). A soft hyphen (U+00AD) at a line end is always a split. Any other
  line-end hyphen (after a capital or digit, before a capital or digit: ``Franco-`` +
  ``German``, ``COVID-`` + ``19``) stays, with no space added. Lines that meet between two
  Chinese or Japanese characters are joined without a space (these scripts break lines
  anywhere and put no spaces between words).
- **Ligature glyphs** U+FB00 to U+FB06 become their letters (their NFKC form, for these
  characters only, so that nothing else the author wrote is changed).
- **Running headers, footers and page numbers are left out** (not moved elsewhere: they are
  printing furniture, and page boundaries are kept in ``page_starts``). A candidate is a block
  of at most two lines in the top-most or bottom-most band of a page that holds other text; it
  is furniture when it is a page number (``12``, ``- 12 -``, ``Page 3 of 9``, ``xii``) or when
  the same text, digits aside, stands in that band on several pages (2 in documents of up to
  3 pages, else 3); a band is left out only when every block in it is furniture.
- **Paragraphs across breaks.** When a page, column or block ends without a sentence end and
  the next one starts with a lowercase letter, the paragraph runs on (with the hyphen rule
  above); so a sentence interrupted by the end of a page or column stays one sentence.

Every step is linear in the number of lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from glocal_annotator.importers.bidi import has_rtl, mostly_rtl

LIGATURES = {chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}
_LIGATURE_TABLE = str.maketrans(LIGATURES)
_LIGATURE_CHARS = re.compile("[\ufb00-\ufb06]")
_BULLETS = frozenset("•◦▪▫‣⁃●○■□–—*·➢➤►✓")
_HYPHENS = ("-", "\u2010")
_SOFT_HYPHEN = "\u00ad"
_SENTENCE_END = re.compile(r"[.!?…:;。！？][\"'”’»)\]]*$")
_PAGE_NUMBER = re.compile(
    r"^[\W_]*(?:(?:page|p\.|seite|s\.|página|pág\.|pagina|страница|стр\.)\s*)?"
    r"(?:\d{1,5}|[ivxlcdm]{1,8})(?:\s*(?:of|/|de|von|di|из|sur)\s*\d{1,5})?[\W_]*$",
    re.IGNORECASE,
)
_WORD_BEFORE = re.compile(r"[\w\u00ad\u2010-]+$")
_HYPHENATED = re.compile(r"\b(\w+)[-\u2010](\w+)\b")
_WORDS = re.compile(r"\w+")
_TAIL = 200  # characters of a paragraph's end that the joining rules look at
# One Chinese or Japanese character: Han, kana, their punctuation, full-width forms.
CJK = re.compile("[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                 "\uff00-\uffef\U00020000-\U0003134f]")


@dataclass
class Line:
    """One printed line: its text (reading order) and box in PDF points (y grows upwards).

    ``row``: pieces cut from one line that the PDF draws in one go (at a wide gap: two columns
    drawn across, table cells, or a gap left by a glyph without text) share a number; ``None``
    for a line drawn whole.
    """

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    row: int | None = None


@dataclass
class Block:
    """Lines grouped into one text block (:mod:`.pdf_blocks`), top to bottom."""

    lines: list[Line]

    @property
    def top(self) -> float:
        return max(line.y1 for line in self.lines)

    @property
    def bottom(self) -> float:
        return min(line.y0 for line in self.lines)


@dataclass
class Page:
    """One page's blocks, in reading order."""

    blocks: list[Block] = field(default_factory=list)


@dataclass
class Assembled:
    """The document's text with the offset where each page starts (one entry per page)."""

    text: str
    page_starts: tuple[int, ...]
    left_out: int  # running headers, footers and page numbers left out


def fix_ligatures(text: str) -> str:
    """``text`` with U+FB00..U+FB06 (ff, fi, fl, ffi, ffl, long s t, st) spelled out."""
    return text.translate(_LIGATURE_TABLE) if _LIGATURE_CHARS.search(text) else text


def assemble(pages: list[Page]) -> Assembled:
    """Paragraph text for ``pages``: one paragraph per line, page starts, furniture dropped."""
    for page in pages:
        ligatures = any(_LIGATURE_CHARS.search(line.text)
                        for block in page.blocks for line in block.lines)
        for block in page.blocks:
            for line in block.lines:
                line.text = (fix_ligatures(line.text) if ligatures else line.text).strip()
            block.lines = [line for line in block.lines if line.text]
        page.blocks = [block for block in page.blocks if block.lines]
    furniture = _furniture(pages)
    lexicon = _Lexicon(pages)
    out = _Text(lexicon)
    page_starts: list[int] = []
    previous_page_empty = False
    full_end = False  # the last block ended on a full-width line: its paragraph may go on
    last_line = Line("", 0, 0, 0, 0)
    for page_index, page in enumerate(pages):
        page_starts.append(out.next_paragraph_start())
        first_on_page = True
        for block_index, block in enumerate(page.blocks):
            if (page_index, block_index) in furniture:
                continue
            groups, starts_indented = _split(block)
            for number, lines in enumerate(groups):
                may_run_on = not (first_on_page and previous_page_empty)
                continues = (number == 0 and full_end and not starts_indented
                             and _same_size(last_line, block.lines[0]))
                if out.size and may_run_on and _runs_on(out.tail, lines[0], continues):
                    start = out.add_line(lines[0])
                else:
                    start = out.new_paragraph(lines[0])
                if first_on_page:
                    page_starts[-1] = start
                for line in lines[1:]:
                    out.add_line(line)
                first_on_page = False
            full_end = _ends_full(block)
            last_line = block.lines[-1]
        # A page without text starts where the next text will (on a line of its own).
        previous_page_empty = first_on_page
    text = out.text()
    starts = tuple(min(start, len(text)) for start in page_starts)
    return Assembled(text=text, page_starts=starts, left_out=len(furniture))


class _Text:
    """The document text being built, in parts (appending stays linear however long a paragraph
    runs); ``tail`` is the end of the current paragraph, enough for the joining rules."""

    def __init__(self, lexicon: _Lexicon) -> None:
        self.lexicon = lexicon
        self.parts: list[str] = []
        self.size = 0
        self.tail = ""

    def next_paragraph_start(self) -> int:
        return self.size + 1 if self.size else 0

    def new_paragraph(self, line: str) -> int:
        """Start a paragraph with ``line``; return the offset where ``line`` starts."""
        if self.size:
            self.parts.append("\n")
            self.size += 1
        self.tail = ""
        return self._append(line)

    def add_line(self, line: str) -> int:
        """Join ``line`` to the current paragraph; return the offset where ``line`` starts."""
        drop, separator = _joint(self.tail, line, self.lexicon)
        if drop:
            last = self.parts.pop()
            self.parts.append(last[:-drop])
            self.size -= drop
            self.tail = self.tail[:-drop]
        if separator:
            self.parts.append(separator)
            self.size += len(separator)
            self.tail += separator
        return self._append(line)

    def _append(self, line: str) -> int:
        start = self.size
        self.parts.append(line)
        self.size += len(line)
        self.tail = (self.tail + line)[-_TAIL:]
        return start

    def text(self) -> str:
        return "".join(self.parts)


# -- paragraphs inside a block --------------------------------------------------------------------

def _split(block: Block) -> tuple[list[list[str]], bool]:
    """The block's lines grouped into paragraphs (see the module notes), and whether its first
    line is indented (so that it cannot continue a paragraph from before)."""
    lines = block.lines
    if len(lines) == 1:
        return [[lines[0].text]], False
    # Right-to-left paragraphs align on the right: their indents show at the right edge.
    right_aligned = (has_rtl("\n".join(line.text for line in lines))  # one search, mostly
                     and sum(mostly_rtl(line.text) for line in lines) * 2 > len(lines))
    edges = [-line.x1 if right_aligned else line.x0 for line in lines]
    # The edge most lines start at; on a tie, the one where lines start in lowercase (the
    # continuation lines: indented in a hanging list, flush in first-line-indent paragraphs).
    counts = Counter(round(edge) for edge in edges)
    lowercase = Counter(round(edge) for edge, line in zip(edges, lines, strict=True)
                        if line.text[0].islower())
    usual_edge = max(counts, key=lambda edge: (counts[edge], lowercase[edge]))
    groups: list[list[str]] = []
    first_indented = abs(edges[0] - usual_edge) > 0.5 * max(lines[0].y1 - lines[0].y0, 1.0)
    for line, edge in zip(lines, edges, strict=True):
        height = max(line.y1 - line.y0, 1.0)
        starts_new = (
            not groups
            or abs(edge - usual_edge) > 0.5 * height
            or line.text[0] in _BULLETS and len(line.text) > 1 and line.text[1].isspace()
        )
        if starts_new:
            groups.append([line.text])
        else:
            groups[-1].append(line.text)
    return groups, first_indented


def _ends_full(block: Block) -> bool:
    """Does the block's last line reach the block's far edge (a paragraph's last line seldom
    does, so its paragraph probably goes on in the next column or page)?"""
    lines = block.lines
    if len(lines) < 2:
        return False
    last = lines[-1]
    tolerance = 0.5 * max(last.y1 - last.y0, 1.0)
    if mostly_rtl(last.text):
        edge = min(line.x0 for line in lines)
        full = [line.x0 <= edge + tolerance for line in lines]
    else:
        edge = max(line.x1 for line in lines)
        full = [line.x1 >= edge - tolerance for line in lines]
    # The edge must be one that other lines reach too (a filled column), not just this line's.
    return full[-1] and sum(full) >= 2


def _same_size(first: Line, second: Line) -> bool:
    """Lines of about the same height (a footnote or heading is not the same paragraph)."""
    a, b = first.y1 - first.y0, second.y1 - second.y0
    return abs(a - b) <= 0.1 * max(a, b, 1.0)


def _joint(before: str, after: str, lexicon: _Lexicon) -> tuple[int, str]:
    """How two lines of one paragraph meet: characters to drop from the end of ``before`` (the
    hyphen of a split word) and the separator (one space; nothing after a hyphen, or between two
    Chinese or Japanese characters, which are written without spaces between words)."""
    if before.endswith(_SOFT_HYPHEN):
        return 1, ""
    if before.endswith(_HYPHENS) and len(before) > 1 and not before[-2].isspace():
        return (1, "") if _is_split_word(before, after, lexicon) else (0, "")
    if before and after and CJK.fullmatch(before[-1]) and CJK.fullmatch(after[0]):
        return 0, ""
    return 0, " "


def _is_split_word(before: str, after: str, lexicon: _Lexicon) -> bool:
    if not (before[-2].isalpha() and before[-2].islower() and after[:1].isalpha()
            and after[0].islower()):
        return False
    head = _WORD_BEFORE.search(before[:-1])
    head_word = head.group() if head else ""
    if any(h in head_word for h in (*_HYPHENS, _SOFT_HYPHEN)):
        return False  # mother-in- + law: the hyphen belongs to a compound
    tail = _WORDS.match(after)
    tail_word = tail.group() if tail else ""
    return not lexicon.hyphenated_only(head_word.casefold(), tail_word.casefold())


def _runs_on(before: str, after: str, continues: bool) -> bool:
    """Does ``after`` (the next block, column or page) continue the paragraph ``before``?

    ``continues``: ``before`` ended its block on a full-width line and ``after`` starts its
    block without an indent, so the paragraph goes on even after a sentence end.
    """
    if after[:1].isalpha() and after[0].islower() and not _SENTENCE_END.search(before):
        return True
    return continues and after[:1].isalnum()


class _Lexicon:
    """The document's own words: which hyphenated pairs it writes, and which solid words."""

    def __init__(self, pages: list[Page]) -> None:
        # One pass of each expression over all lines (a line break is no word character).
        folded = "\n".join(line.text for page in pages for block in page.blocks
                           for line in block.lines).casefold()
        self.hyphenated: set[tuple[str, str]] = set(_HYPHENATED.findall(folded))
        # Only the solid forms of the hyphenated pairs are ever asked about.
        wanted = {head + tail for head, tail in self.hyphenated}
        self.words: set[str] = wanted.intersection(_WORDS.findall(folded)) if wanted else set()

    def hyphenated_only(self, head: str, tail: str) -> bool:
        """Written ``head-tail`` on one line somewhere, and never ``headtail``."""
        return (head, tail) in self.hyphenated and head + tail not in self.words


# -- running headers, footers, page numbers ------------------------------------------------------

def _furniture(pages: list[Page]) -> set[tuple[int, int]]:
    """(page, block) indices of running headers, footers and page numbers."""
    candidates: list[tuple[int, int, str, str]] = []  # page, block, band, key
    for page_index, page in enumerate(pages):
        if len(page.blocks) < 2:
            continue
        top = max(block.top for block in page.blocks)
        bottom = min(block.bottom for block in page.blocks)
        for block_index, block in enumerate(page.blocks):
            if len(block.lines) > 2:
                continue
            height = max(line.y1 - line.y0 for line in block.lines)
            if block.top >= top - 0.5 * height:
                band = "top"
            elif block.bottom <= bottom + 0.5 * height:
                band = "bottom"
            else:
                continue
            text = " ".join(line.text for line in block.lines)
            if len(text) > 200:
                continue
            candidates.append((page_index, block_index, band, _key(text)))
    # On how many pages each text stands in its band (a row of cells on one page is no header).
    counts = Counter((band, key) for _, band, key in
                     {(page_index, band, key) for page_index, _, band, key in candidates})
    needed = 2 if len(pages) <= 3 else 3
    verdicts: dict[tuple[int, str], list[bool]] = {}  # (page, band) -> each block furniture?
    for page_index, block_index, band, key in candidates:
        text = " ".join(line.text for line in pages[page_index].blocks[block_index].lines)
        is_furniture = bool(_PAGE_NUMBER.match(text)) or counts[band, key] >= needed
        verdicts.setdefault((page_index, band), []).append(is_furniture)
    found: set[tuple[int, int]] = set()
    for page_index, block_index, band, _key_text in candidates:
        # A band is furniture only as a whole: a lone number beside other text in the last
        # row of a table ("Total 125") is not a page number.
        if all(verdicts[page_index, band]):
            found.add((page_index, block_index))
    return found


def _key(text: str) -> str:
    return " ".join(re.sub(r"\d+", "#", text.casefold()).split())
