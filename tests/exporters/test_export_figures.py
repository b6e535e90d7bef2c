"""Figures in the coded excerpts report: plain PNG bytes in, pictures with numbered captions out,
sized to the page; the exporter itself never draws (no Qt)."""

from __future__ import annotations

import struct
import zipfile
import zlib

import docx
import pytest
from docx.shared import Cm

from glocal_annotator.errors import ExportFailure
from glocal_annotator.exporters.excerpts_docx import (
    ExcerptReportOptions,
    ReportFigure,
    export_excerpts_docx,
)

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def png(width: int, height: int, dpi: int = 96, rgb=(66, 146, 198)) -> bytes:
    """A plain PNG of one colour, with its resolution in a pHYs chunk (no imaging library)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    row = b"\x00" + bytes(rgb) * width
    dots_per_metre = round(dpi / 0.0254)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"pHYs", struct.pack(">IIB", dots_per_metre, dots_per_metre, 1))
            + chunk(b"IDAT", zlib.compress(row * height))
            + chunk(b"IEND", b""))


def _figures_in(path):
    document = docx.Document(path)
    paragraphs = [p for p in document.paragraphs]
    titles = [p.text for p in paragraphs if p.style.name == "Caption"]
    return document, titles


def test_figures_follow_the_summary_with_numbered_captions(built, tmp_path):
    out = tmp_path / "report.docx"
    first, second = png(400, 200), png(300, 300, rgb=(200, 30, 30))
    figures = (ReportFigure("Code frequencies", first, description="bars per code"),
               ReportFigure("Codes by document", second))
    count = export_excerpts_docx(built.project, out, ExcerptReportOptions(figures=figures))
    assert count > 0
    document, captions = _figures_in(out)
    assert captions == ["Figure 1. Code frequencies", "Figure 2. Codes by document"]
    names = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert names.index("Summary") < names.index("Figures") < names.index("Change")
    shapes = document.inline_shapes
    assert len(shapes) == 2
    # natural size at 96 dpi: 400 px is 4.23 in; the aspect ratio is kept
    assert shapes[0].width == pytest.approx(Cm(400 / 96 * 2.54), rel=0.01)
    assert shapes[0].height * 2 == pytest.approx(shapes[0].width, rel=0.01)
    with zipfile.ZipFile(out) as package:
        media = sorted(n for n in package.namelist() if n.startswith("word/media/"))
        assert sorted(package.read(n) for n in media) == sorted([first, second])
    inline = shapes[0]._inline
    assert inline.find(f"{WP}docPr").get("descr") == "Code frequencies: bars per code"
    ids = {s._inline.find(f"{WP}docPr").get("id") for s in shapes}
    assert len(ids) == 2  # each drawing its own id, or Word calls the file damaged


def test_a_figure_is_never_wider_than_the_text_nor_taller_than_the_page(built, tmp_path):
    out = tmp_path / "report.docx"
    wide, tall = png(4000, 1000, dpi=96), png(500, 6000, dpi=96)
    sized = png(1000, 500, dpi=300)
    figures = (ReportFigure("Wide", wide), ReportFigure("Tall", tall),
               ReportFigure("Sized", sized, width_cm=8))
    export_excerpts_docx(built.project, out, ExcerptReportOptions(figures=figures))
    document = docx.Document(out)
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    text_height = section.page_height - section.top_margin - section.bottom_margin
    wide_shape, tall_shape, sized_shape = document.inline_shapes
    assert wide_shape.width == pytest.approx(text_width, abs=2)
    assert wide_shape.height * 4 == pytest.approx(wide_shape.width, rel=0.01)
    assert tall_shape.height <= text_height * 0.86
    assert tall_shape.width * 12 == pytest.approx(tall_shape.height, rel=0.01)
    assert sized_shape.width == pytest.approx(Cm(8), abs=2)


def test_no_figures_asked_no_figures_section(built, tmp_path):
    out = tmp_path / "report.docx"
    export_excerpts_docx(built.project, out)
    document = docx.Document(out)
    assert len(document.inline_shapes) == 0
    assert "Figures" not in [p.text for p in document.paragraphs]


def test_bytes_that_are_no_image_stop_the_export_and_write_nothing(built, tmp_path):
    out = tmp_path / "report.docx"
    options = ExcerptReportOptions(figures=(ReportFigure("Broken", b"not a picture"),))
    with pytest.raises(ExportFailure, match="Broken"):
        export_excerpts_docx(built.project, out, options)
    assert list(tmp_path.glob("report*")) == []
