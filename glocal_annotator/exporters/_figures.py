"""Figures in a Word report: each :class:`~._common.ReportFigure` (a PNG made elsewhere) as an
inline picture on its own centred line, with a numbered caption in Word's "Caption" style and
its title as the picture's alternative text.

The picture goes into the package through python-docx (its image part and relationship); the
``wp:inline`` element is python-docx's own (``CT_Inline.new_pic_inline``), serialised into the
body string as :mod:`._wordml` builds every other paragraph. Shape ids are given here, counted
from :data:`FIRST_SHAPE_ID`, since python-docx's ``next_id`` only sees the tree, not the body
strings added at save time.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx.document import Document
from docx.image.exceptions import UnrecognizedImageError
from docx.oxml.shape import CT_Inline
from docx.shared import Cm, Emu
from lxml import etree

from glocal_annotator.errors import ExportFailure
from glocal_annotator.exporters import _wordml as wml
from glocal_annotator.exporters._common import ReportFigure

FIRST_SHAPE_ID = 5000
MAX_HEIGHT_SHARE = 0.85  # of the text area's height: room for the caption on the same page


def _box(document: Document) -> tuple[int, int]:
    """The text area of the report's first section, (width, height) in EMU."""
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    height = section.page_height - section.top_margin - section.bottom_margin
    return int(width), int(height * MAX_HEIGHT_SHARE)


def picture_run(document: Document, figure: ReportFigure, shape_id: int) -> str:
    """A run holding ``figure``'s picture, sized as :class:`ReportFigure` says (EMU: 1 cm is
    360,000). Raises :class:`ExportFailure` when ``figure.png`` is not an image."""
    try:
        relationship, image = document.part.get_or_add_image(io.BytesIO(figure.png))
    except (UnrecognizedImageError, ValueError, OSError) as error:
        raise ExportFailure(f"the figure {figure.title!r} is not a readable image ({error})") \
            from None
    max_width, max_height = _box(document)
    width = int(Cm(figure.width_cm)) if figure.width_cm else int(image.width)
    width = min(width, max_width)
    height = int(image.height) * width // max(int(image.width), 1)
    if height > max_height:
        width = width * max_height // height
        height = max_height
    inline = CT_Inline.new_pic_inline(shape_id, relationship, image.filename, Emu(width),
                                      Emu(height))
    alternative = figure.title + (f": {figure.description}" if figure.description else "")
    inline.docPr.set("descr", wml.clean(alternative))
    xml = etree.tostring(inline, encoding="unicode")
    return f"<w:r><w:drawing>{xml}</w:drawing></w:r>"


def figure_parts(document: Document, figures: Sequence[ReportFigure]) -> list[str]:
    """The body XML of a "Figures" section (Heading 1) holding ``figures`` in order, each
    picture kept on the page of its caption (``Figure 1. Title``); [] for no figures."""
    if not figures:
        return []
    parts = [wml.paragraph(wml.run("Figures"), "Heading1")]
    for number, figure in enumerate(figures, start=1):
        parts.append(wml.paragraph(picture_run(document, figure, FIRST_SHAPE_ID + number),
                                   keep_next=True, align="center"))
        caption = wml.run(f"Figure {number}. ", wml.rpr(bold=True)) + wml.run(figure.title)
        parts.append(wml.paragraph(caption, "Caption", align="center"))
    return parts
