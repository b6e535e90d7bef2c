"""The exporters reach past the public API of python-docx and openpyxl in a few places, for speed
(see _wordml.comments_element, _wordml.save, tables._write_xlsx and tables._save). These tests
pin exactly what they rely on, so that a release of either library that moves it fails here, by
name, instead of in an export.
The lowest allowed versions run them too (.ci/lowest.txt)."""

from __future__ import annotations

from copy import copy

import docx
from docx.comments import Comments
from docx.oxml.ns import qn
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment

from glocal_annotator.exporters import _wordml as wml


def test_python_docx_paragraph_element_is_its_w_p(tmp_path):
    """``add_footer`` swaps the footer's ``Paragraph._p`` (its ``w:p``) for one it builds."""
    document = docx.Document()
    paragraph = document.sections[0].footer.paragraphs[0]
    assert paragraph._p.tag == qn("w:p") and paragraph._p.getparent() is not None
    wml.add_footer(document, "Footer text")
    document.save(tmp_path / "f.docx")
    reopened = docx.Document(tmp_path / "f.docx")
    assert reopened.sections[0].footer.paragraphs[0].text.startswith("Footer text")


def test_python_docx_comments_part_element(tmp_path):
    """``comments_element`` appends prebuilt ``w:comment`` elements to ``Comments._comments_elm``
    (python-docx 1.2's ``add_comment`` is quadratic); the saved file must carry them."""
    document = docx.Document()
    element = wml.comments_element(document)
    assert isinstance(document.comments, Comments) and element.tag == qn("w:comments")
    comment = wml.parse_xml(
        f'<w:comment {wml.nsdecls("w")} w:id="7" w:author="Ana" w:initials="A">'
        "<w:p><w:r><w:t>a note</w:t></w:r></w:p></w:comment>"
    )
    element.append(comment)
    document.save(tmp_path / "c.docx")
    found = docx.Document(tmp_path / "c.docx").comments.get(7)
    assert found is not None and found.author == "Ana" and found.text == "a note"


def test_openpyxl_style_array_and_sheet_writer(tmp_path):
    """``tables`` copies a template cell's ``_style`` to each cell and, on failure, calls the
    write-only sheet's ``_writer.cleanup()`` to remove its temporary file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    template = WriteOnlyCell(sheet)
    template.alignment = Alignment(wrap_text=True, vertical="top")
    cell = WriteOnlyCell(sheet, "x")
    cell._style = copy(template._style)
    assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
    sheet.append([cell])
    shared = [WriteOnlyCell(sheet, value) for value in ("y", "z")]  # one array, never changed
    for each in shared:
        each._style = template._style
    sheet.append(shared)
    assert template.alignment.wrap_text and all(c.alignment.wrap_text for c in shared)
    assert callable(sheet._writer.cleanup)
    workbook.save(tmp_path / "t.xlsx")


def test_openpyxl_excel_writer_saves_into_a_zip_we_open(tmp_path):
    """``tables._save`` does what openpyxl's ``save_workbook`` does with a zip it opens itself
    (``ExcelWriter(workbook, archive).save()``, which closes the archive), to choose the
    compression level."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("S")
    sheet.append(["a", 1])
    archive = zipfile.ZipFile(tmp_path / "w.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=1)
    ExcelWriter(workbook, archive).save()
    assert archive.fp is None  # closed by the writer
    assert [c.value for c in next(load_workbook(tmp_path / "w.xlsx")["S"].iter_rows())] == ["a", 1]


def test_python_docx_keeps_an_xml_comment_where_save_splices_the_body(tmp_path):
    """``_wordml.save`` marks the body's end and the comments part with XML comments, which
    python-docx (lxml) must serialise as they are, then writes its strings there."""
    from lxml import etree

    document = docx.Document()
    wml.comments_element(document)
    body = document.element.body
    body.sectPr.addprevious(etree.Comment("mark"))
    saved = tmp_path / "m.docx"
    document.save(saved)
    import zipfile

    assert b"<!--mark-->" in zipfile.ZipFile(saved).read("word/document.xml")
    wml.save(
        docx.Document(),
        tmp_path / "s.docx",
        [wml.paragraph(wml.run("a < b & c"))],
        ['<w:comment w:id="3" w:author="Bo" w:initials="B"><w:p><w:r><w:t>note</w:t></w:r>'
         "</w:p></w:comment>"],
    )
    reopened = docx.Document(tmp_path / "s.docx")
    assert [p.text for p in reopened.paragraphs] == ["a < b & c"]
    assert reopened.comments.get(3).text == "note"


def test_python_docx_picture_inline_and_image_part(tmp_path):
    """``_figures.picture_run`` adds the image through ``document.part.get_or_add_image`` and
    builds the ``wp:inline`` with ``CT_Inline.new_pic_inline`` and an id of its own."""
    import io

    from docx.oxml.shape import CT_Inline

    from tests.exporters.test_export_figures import png

    document = docx.Document()
    relationship, image = document.part.get_or_add_image(io.BytesIO(png(20, 10)))
    assert relationship.startswith("rId") and (image.px_width, image.px_height) == (20, 10)
    inline = CT_Inline.new_pic_inline(77, relationship, image.filename, image.width, image.height)
    assert inline.docPr.get("id") == "77"
    document.add_paragraph().add_run()._r.add_drawing(inline)
    document.save(tmp_path / "p.docx")
    assert len(docx.Document(tmp_path / "p.docx").inline_shapes) == 1
