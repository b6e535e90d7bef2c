"""Fast WordprocessingML building for the Word exports.

python-docx sets up the package, styles, footers and the comments part; the bodies and the
comments are built here as XML strings (child elements in the order the schema requires, or Word
refuses the file) and written into the saved package as they are (:func:`save`), never parsed.
Nothing here keeps state between calls: exports may run on worker threads.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from docx import Document as new_docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import nsdecls
from docx.oxml.parser import element_class_lookup
from docx.shared import Pt, RGBColor
from lxml import etree

from glocal_annotator import __version__
from glocal_annotator.colors import blend, hex_color, luminance, readable_fill, tint
from glocal_annotator.exporters._common import Ticker
from glocal_annotator.xml_chars import NOT_XML_CHAR

# python-docx's own parser settings and element classes, without libxml2's 10 MB cap on one text
# node or attribute: the XML parsed here is the export's own (escaped, no DTD, no entities), and a
# 12-million-character paragraph or a code name from an older project must not end the export.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, huge_tree=True,
                          no_network=True, load_dtd=False)
_PARSER.set_element_class_lookup(element_class_lookup)


def parse_xml(xml: str | bytes) -> etree._Element:
    """``xml`` (built by the export) as python-docx elements (``docx.oxml.parse_xml``, any size)."""
    return etree.fromstring(xml, _PARSER)


# Characters XML 1.0 cannot hold: the one rule, in glocal_annotator.xml_chars.
_ILLEGAL = NOT_XML_CHAR
_BREAKS = re.compile(r"(\r\n|[\n\r\t])")

GREY = "7F7F7F"
DARK_GREY = "595959"
RULE = "BFBFBF"


def clean(text: str) -> str:
    """``text`` without characters that XML cannot hold."""
    return _ILLEGAL.sub("", text)


_SPECIAL = re.compile(f"[&<>\"]|{NOT_XML_CHAR.pattern}")


def esc(text: str) -> str:
    """``text`` cleaned and escaped for XML content or a double-quoted attribute."""
    if _SPECIAL.search(text) is None:  # most text: one scan, nothing to change
        return text
    # chained str.replace is several times faster than str.translate with a dict
    return (
        _ILLEGAL.sub("", text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


# -- runs and paragraphs -----------------------------------------------------------------------


def rpr(
    *,
    style: str | None = None,
    bold: bool = False,
    italic: bool = False,
    color: str | None = None,
    size: float | None = None,
    shading: str | None = None,
    superscript: bool = False,
) -> str:
    """Run properties, in schema order."""
    parts = []
    if style:
        parts.append(f'<w:rStyle w:val="{style}"/>')
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if size:
        half_points = round(size * 2)
        parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    if shading:
        parts.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{shading}"/>')
    if superscript:
        parts.append('<w:vertAlign w:val="superscript"/>')
    return "".join(parts)


# Characters in one w:t: readers built on libxml2 (python-docx, and so the tests) refuse a text
# node over 10 MB, so longer text (a one-paragraph transcript, an old project's huge name) is
# written as several w:t in the same run, which Word shows as one.
TEXT_PIECE = 1_000_000


def _texts(text: str) -> str:
    if len(text) <= TEXT_PIECE:
        return f'<w:t xml:space="preserve">{esc(text)}</w:t>'
    return "".join(
        f'<w:t xml:space="preserve">{esc(text[start:start + TEXT_PIECE])}</w:t>'
        for start in range(0, len(text), TEXT_PIECE)
    )


def run(text: str, properties: str = "") -> str:
    """A run of ``text``; newlines become line breaks and tabs become tabs, text kept exact."""
    head = f"<w:r><w:rPr>{properties}</w:rPr>" if properties else "<w:r>"
    if "\n" not in text and "\t" not in text and "\r" not in text:
        return f"{head}{_texts(text)}</w:r>"
    pieces = [head]
    for piece in _BREAKS.split(text):
        if piece == "\t":
            pieces.append("<w:tab/>")
        elif piece in ("\n", "\r", "\r\n"):
            pieces.append("<w:br/>")
        elif piece:
            pieces.append(_texts(piece))
    pieces.append("</w:r>")
    return "".join(pieces)


def paragraph(
    content: str = "",
    style: str | None = None,
    *,
    keep_next: bool = False,
    keep_lines: bool = False,
    page_break_before: bool = False,
    left_bar: str | None = None,
    shading: str | None = None,
    bidi: bool = False,
    space_after: int | None = None,
    indent_left: int | None = None,
    align: str | None = None,
) -> str:
    """A paragraph holding ``content`` (run XML); spacing and indents in twips. ``keep_next``
    keeps it on the page of the next paragraph, ``keep_lines`` keeps its lines on one page."""
    props = []
    if style:
        props.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        props.append("<w:keepNext/>")
    if keep_lines:
        props.append("<w:keepLines/>")
    if page_break_before:
        props.append("<w:pageBreakBefore/>")
    if left_bar:
        props.append(
            f'<w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="{left_bar}"/></w:pBdr>'
        )
    if shading:
        props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{shading}"/>')
    if bidi:
        props.append("<w:bidi/>")
    if space_after is not None:
        props.append(f'<w:spacing w:after="{space_after}"/>')
    if indent_left is not None:
        props.append(f'<w:ind w:left="{indent_left}"/>')
    if align:
        props.append(f'<w:jc w:val="{align}"/>')
    ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{content}</w:p>"


def is_rtl(text: str) -> bool:
    """Whether the first strongly directional letter of ``text`` is right-to-left."""
    for char in text[:400]:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


# -- tables ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    content: str  # run XML
    fill: str | None = None
    align: str | None = None
    indent: int = 0  # twips


def text_cell(
    text: str, *, bold: bool = False, color: str | None = None, align: str | None = None
) -> Cell:
    return Cell(run(text, rpr(bold=bold, color=color)) if text else "", align=align)


ROW_OPEN = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"  # a row never split across pages
ROW_CLOSE = "</w:tr>"
CELL_CLOSE = "</w:p></w:tc>"


def cell_open(
    width: int,
    *,
    text_style: str | None = None,
    fill: str | None = None,
    align: str | None = None,
    indent: int = 0,
    header: bool = False,
) -> str:
    """A table cell's XML up to its paragraph's content; the content (runs) and
    :data:`CELL_CLOSE` follow. Width and indent in twips. Built once per look, a row of a big
    table is then a few string joins (:func:`table`'s ``prebuilt_rows``)."""
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if header:
        tcpr += (
            "<w:tcBorders>"
            f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{GREY}"/>'
            "</w:tcBorders>"
        )
    if fill:
        tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    pstyle = f'<w:pStyle w:val="{text_style}"/>' if text_style else ""
    jc = f'<w:ind w:left="{indent}"/>' if indent else ""
    jc += f'<w:jc w:val="{align}"/>' if align else ""
    ppr = f"<w:pPr>{pstyle}{jc}</w:pPr>" if (pstyle or jc) else ""
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p>{ppr}"


def table(
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[int],
    *,
    header: bool = True,
    text_style: str | None = None,
    label_fill: str | None = None,
    prebuilt_rows: Sequence[str] = (),
) -> str:
    """:func:`table_parts` joined into one string."""
    return "".join(
        table_parts(
            rows,
            widths,
            header=header,
            text_style=text_style,
            label_fill=label_fill,
            prebuilt_rows=prebuilt_rows,
        )
    )


def table_parts(
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[int],
    *,
    header: bool = True,
    text_style: str | None = None,
    label_fill: str | None = None,
    prebuilt_rows: Sequence[str] = (),
) -> list[str]:
    """A table with light horizontal rules; widths in twips. The first row repeats as a header
    on each page when ``header``; ``label_fill`` shades the first column (a label column). No row
    is split across pages (``cantSplit``), so a row and its swatch are always read together.
    ``prebuilt_rows`` (row XML: :data:`ROW_OPEN`, cells from :func:`cell_open`,
    :data:`ROW_CLOSE`) follow the ``rows``. The table's XML in pieces, for :func:`save` (a
    table of 50,000 rows is not joined into one string)."""
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    rule = f'w:val="single" w:sz="4" w:space="0" w:color="{RULE}"'
    parts = [
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        f"<w:tblBorders><w:top {rule}/><w:bottom {rule}/><w:insideH {rule}/></w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="100" w:type="dxa"/><w:right w:w="100" w:type="dxa"/>'
        "</w:tblCellMar>"
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    ]
    for row_number, row in enumerate(rows):
        is_header = header and row_number == 0
        if is_header:
            parts.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        else:
            parts.append(ROW_OPEN)
        for column, (cell, width) in enumerate(zip(row, widths, strict=True)):
            fill = cell.fill
            if fill is None and is_header:
                fill = "F2F2F2"
            elif fill is None and label_fill and column == 0:
                fill = label_fill
            parts.append(
                cell_open(
                    width,
                    text_style=text_style,
                    fill=fill,
                    align=cell.align,
                    indent=cell.indent,
                    header=is_header,
                )
            )
            parts.append(cell.content)
            parts.append(CELL_CLOSE)
        parts.append(ROW_CLOSE)
    parts.extend(prebuilt_rows)
    parts.append("</w:tbl>")
    return parts


# -- documents, styles, footers ----------------------------------------------------------------


def new_document(title: str, subject: str) -> Document:
    document = new_docx()
    properties = document.core_properties
    properties.title = clean(title)
    properties.subject = clean(subject)
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = f"Exported by Glocal Annotator {__version__}"
    properties.keywords = ""
    properties.created = properties.modified = datetime.now()
    properties.revision = 1
    return document


def paragraph_style(
    document: Document,
    name: str,
    *,
    base: str = "Normal",
    size: float | None = None,
    italic: bool | None = None,
    bold: bool | None = None,
    color: str | None = None,
    left_indent: float | None = None,
    right_indent: float | None = None,
    space_before: float | None = None,
    space_after: float | None = None,
    line_spacing: float | None = None,
    keep_next: bool | None = None,
) -> str:
    """Add (or reuse) a paragraph style; returns its style id for use in XML. Sizes in points."""
    styles = document.styles
    found = [s for s in styles if s.name == name]
    if found:
        return found[0].style_id
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.quick_style = True
    font = style.font
    if size is not None:
        font.size = Pt(size)
    if italic is not None:
        font.italic = italic
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = RGBColor.from_string(color)
    fmt = style.paragraph_format
    if left_indent is not None:
        fmt.left_indent = Pt(left_indent)
    if right_indent is not None:
        fmt.right_indent = Pt(right_indent)
    if space_before is not None:
        fmt.space_before = Pt(space_before)
    if space_after is not None:
        fmt.space_after = Pt(space_after)
    if line_spacing is not None:
        fmt.line_spacing = line_spacing
    if keep_next is not None:
        fmt.keep_with_next = keep_next
    return style.style_id


def table_text_style(document: Document) -> str:
    return paragraph_style(
        document, "Table Text", size=10, space_before=2, space_after=2, line_spacing=1.0
    )


def add_footer(document: Document, text: str) -> None:
    """A footer with ``text`` on the left and the page number on the right."""
    section = document.sections[0]
    footer_paragraph = section.footer.paragraphs[0]
    footer_paragraph.style = document.styles["Footer"]
    right_edge = (section.page_width - section.left_margin - section.right_margin) // 635  # twips
    xml = (
        f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="Footer"/><w:tabs>'
        # the Footer style has centre and right tabs for A4 or Letter margins: keep only ours
        + "".join(
            f'<w:tab w:val="clear" w:pos="{pos}"/>'
            for pos in (4320, 4680, 8640, 9360)
            if pos != right_edge
        )
        + f'<w:tab w:val="right" w:pos="{right_edge}"/></w:tabs></w:pPr>'
        + run(text, rpr(color=GREY, size=8.5))
        + run("\t", rpr(color=GREY, size=8.5))
        + run("Page ", rpr(color=GREY, size=8.5))
        + '<w:fldSimple w:instr=" PAGE "><w:r><w:rPr>'
        + rpr(color=GREY, size=8.5)
        + "</w:rPr><w:t>1</w:t></w:r></w:fldSimple></w:p>"
    )
    new_paragraph = parse_xml(xml)
    old = footer_paragraph._p
    old.addprevious(new_paragraph)
    old.getparent().remove(old)


# The places in the saved package where :func:`save` writes the body and the comments: XML
# comments python-docx serialises as they are, found again in the saved part's bytes.
_BODY_MARK = "glocal-annotator-body"
_COMMENTS_MARK = "glocal-annotator-comments"
CHUNK_CHARACTERS = 1 << 20  # characters of XML compressed between two progress steps
COMPRESS_LEVEL = 1  # zlib's fastest: 3-4x faster than its default, the file ~25 % larger


def save(
    document: Document,
    path: str | os.PathLike,
    body: Sequence[str],
    comments: Sequence[str] = (),
    *,
    ticker: Ticker | None = None,
    share: int = 0,
) -> None:
    """Save ``document`` as a .docx at ``path`` with ``body`` (paragraph and table XML, in order)
    added at the end of its body and ``comments`` (``w:comment`` XML) in its comments part.

    The strings go into the zip as they are, never parsed: python-docx saves the document with
    a marker where they belong, and the package is copied entry by entry, the marked parts
    written around the strings in chunks of :data:`CHUNK_CHARACTERS` (parsing them with lxml,
    moving them into python-docx's tree and serialising them again took most of a big export).
    So the strings must be well-formed: build them with this module's helpers, which escape
    text. ``ticker``: one step per chunk, the writing worth ``share`` units; the export may be
    cancelled between chunks. Raises OSError as writing a file does.
    """
    if comments:
        comments_element(document).append(etree.Comment(_COMMENTS_MARK))
    element = document.element.body
    mark = etree.Comment(_BODY_MARK)
    if element.sectPr is None:
        element.append(mark)
    else:
        element.sectPr.addprevious(mark)
    steps = (sum(map(len, body)) + sum(map(len, comments))) // CHUNK_CHARACTERS + len(
        [part for part in (*body, *comments) if len(part) > CHUNK_CHARACTERS]
    )
    if ticker is not None:
        ticker.stage(steps + 1, share)
    skeleton = io.BytesIO()
    document.save(skeleton)
    fills = {f"<!--{_BODY_MARK}-->".encode(): body, f"<!--{_COMMENTS_MARK}-->".encode(): comments}
    with (
        zipfile.ZipFile(skeleton) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            marker = next((m for m in fills if info.filename.endswith(".xml") and m in data), None)
            if marker is None:
                target.writestr(info.filename, data)
                continue
            head, tail = data.split(marker, 1)
            with target.open(info.filename, "w") as out:
                out.write(head)
                _write_chunks(out, fills[marker], ticker)
                out.write(tail)


def _write_chunks(out: IO[bytes], parts: Sequence[str], ticker: Ticker | None) -> None:
    """Write ``parts`` as UTF-8, about :data:`CHUNK_CHARACTERS` at a time (a part longer than
    that, such as a table of 50,000 rows, in slices of that size), a progress step each."""
    chunk: list[str] = []
    size = 0
    for part in parts:
        if len(part) > CHUNK_CHARACTERS:
            for start in range(0, len(part), CHUNK_CHARACTERS):
                chunk.append(part[start : start + CHUNK_CHARACTERS])
                out.write("".join(chunk).encode("utf-8"))
                chunk, size = [], 0
                if ticker is not None:
                    ticker.step()
            continue
        chunk.append(part)
        size += len(part)
        if size >= CHUNK_CHARACTERS:
            out.write("".join(chunk).encode("utf-8"))
            chunk, size = [], 0
            if ticker is not None:
                ticker.step()
    out.write("".join(chunk).encode("utf-8"))


def comments_element(document: Document):  # noqa: ANN201 - a python-docx CT_Comments element
    """The ``w:comments`` element of ``document``, creating the comments part if needed.

    python-docx 1.2's ``add_comment`` looks up the next free id by scanning every comment, which
    makes 4,000 comments take 10 s; the export adds prebuilt ``w:comment`` elements here instead.
    """
    return document.comments._comments_elm


# -- colours: the helpers live in glocal_annotator.colors (one rule for screen and print) -------
__all__ = ["blend", "hex_color", "luminance", "readable_fill", "tint"]
