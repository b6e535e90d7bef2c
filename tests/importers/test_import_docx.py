"""Word .docx: paragraphs and tables in reading order, run content, tracked changes, bad files."""

from __future__ import annotations

import zipfile

import docx
import pytest
from docx.shared import Inches

from glocal_annotator.importers import extract, safety

EMOJI = "\U0001f469\U0001f3fd\u200d\U0001f52c"
CJK = "全球本土化"
COMBINING = "e\u0301"
RTL = "العولمة"


@pytest.fixture
def study_docx(tmp_path):
    """Heading, a paragraph of several runs, a 2x2 table, a closing paragraph; core properties."""
    document = docx.Document()
    document.core_properties.title = "Glocal study"
    document.core_properties.author = "Ana Pérez"
    document.add_heading("Glocalization study", level=1)
    paragraph = document.add_paragraph("First paragraph: ")
    paragraph.add_run(CJK).bold = True
    paragraph.add_run(" and ")
    paragraph.add_run(EMOJI).italic = True
    paragraph.add_run(" in runs.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "R1C1"
    table.cell(0, 1).text = "R1C2"
    table.cell(0, 1).add_paragraph("second paragraph in the cell")
    table.cell(1, 0).text = RTL
    table.cell(1, 1).text = f"caf{COMBINING}"
    document.add_paragraph("After the table.")
    path = tmp_path / "study.docx"
    document.save(path)
    return path


def test_paragraphs_and_table_in_reading_order(study_docx):
    result = extract(study_docx)
    assert result.format == "docx"
    assert result.page_starts == ()
    assert result.text == (
        "Glocalization study\n"
        f"First paragraph: {CJK} and {EMOJI} in runs.\n"
        "R1C1\n"
        "R1C2\n"
        "second paragraph in the cell\n"
        f"{RTL}\n"
        f"caf{COMBINING}\n"
        "After the table."
    )


def test_core_properties_give_title_and_author(study_docx):
    assert extract(study_docx).metadata == {"title": "Glocal study", "author": "Ana Pérez"}


def test_tabs_and_breaks_but_not_tab_stops(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.tab_stops.add_tab_stop(Inches(1))  # a w:tab inside w:pPr/w:tabs
    run = paragraph.add_run("Speaker")
    run.add_tab()
    run.add_text("Answer")
    run.add_break()
    run.add_text("second line")
    path = tmp_path / "tabs.docx"
    document.save(path)
    assert extract(path).text == "Speaker\tAnswer\nsecond line"


def test_tracked_changes_show_the_accepted_text(make_docx_xml):
    path = make_docx_xml(
        '<w:p><w:r><w:t xml:space="preserve">Kept </w:t></w:r>'
        '<w:ins w:id="1" w:author="A"><w:r><w:t xml:space="preserve">inserted </w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="A"><w:r><w:delText>deleted </w:delText></w:r></w:del>'
        '<w:moveFrom w:id="3" w:author="A"><w:r><w:t>moved away </w:t></w:r></w:moveFrom>'
        "<w:r><w:t>end.</w:t></w:r></w:p>"
        '<w:p><w:moveTo w:id="4" w:author="A"><w:r><w:t>Moved here.</w:t></w:r></w:moveTo></w:p>'
        # This paragraph's mark was deleted: it runs on into the next one.
        '<w:p><w:pPr><w:rPr><w:del w:id="5" w:author="A"/></w:rPr></w:pPr>'
        '<w:r><w:t xml:space="preserve">Joined </w:t></w:r></w:p>'
        "<w:p><w:r><w:t>paragraph.</w:t></w:r></w:p>"
    )
    assert extract(path).text == "Kept inserted end.\nMoved here.\nJoined paragraph."


def test_special_run_content(make_docx_xml):
    path = make_docx_xml(
        "<w:p><w:r><w:t>non</w:t><w:noBreakHyphen/><w:t>breaking</w:t><w:tab/><w:t>tab</w:t>"
        "<w:br/><w:t>break</w:t><w:cr/><w:t>cr</w:t><w:softHyphen/><w:t>soft</w:t>"
        '<w:sym w:font="Symbol" w:char="03A9"/><w:sym w:char="D800"/>'  # a surrogate: dropped
        "<w:instrText> PAGE </w:instrText></w:r></w:p>"
        "<w:p/>"
        f"<w:p><w:r><w:t>{EMOJI} {CJK}</w:t></w:r></w:p>"
    )
    assert extract(path).text == (
        f"non\u2011breaking\ttab\nbreak\ncr\u00adsoft\u03a9\n\n{EMOJI} {CJK}"
    )


def test_text_box_fallback_is_not_doubled(make_docx_xml):
    box = "<w:txbxContent><w:p><w:r><w:t>In a text box</w:t></w:r></w:p></w:txbxContent>"
    path = make_docx_xml(
        "<w:p><w:r><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing>{box}</w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r><w:r><w:t>Anchor paragraph</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Next</w:t></w:r></w:p>"
    )
    assert extract(path).text == "In a text box\nAnchor paragraph\nNext"


def test_document_without_text_refused(tmp_path, expect_failure):
    path = tmp_path / "blank.docx"
    document = docx.Document()
    document.add_paragraph("   ")
    document.save(path)
    expect_failure(path, "no text")


def test_random_bytes_refused(tmp_path, expect_failure):
    path = tmp_path / "noise.docx"
    path.write_bytes(bytes(range(256)) * 8)
    error = expect_failure(path, "not a valid Word (.docx) file")
    assert isinstance(error.__cause__, zipfile.BadZipFile)


def test_old_binary_word_file_refused_with_advice(tmp_path, expect_failure):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    expect_failure(path, "old binary", "save it as Word (.docx)")


def test_truncated_docx_refused(study_docx, tmp_path, expect_failure):
    path = tmp_path / "truncated.docx"
    path.write_bytes(study_docx.read_bytes()[:3000])
    expect_failure(path, "not a valid")


def test_zip_without_document_xml_refused(zip_file, expect_failure):
    path = zip_file("parts.docx", {"word/styles.xml": "<styles/>", "docProps/core.xml": "<x/>"})
    expect_failure(path, "word/document.xml")


def test_billion_laughs_refused(make_docx_xml, billion_laughs, expect_failure):
    path = make_docx_xml("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", name="lol.docx",
                         prolog=billion_laughs)
    expect_failure(path, "DTD", "word/document.xml")


def test_undefined_entity_refused(make_docx_xml, expect_failure):
    path = make_docx_xml("<w:p><w:r><w:t>&ext;</w:t></w:r></w:p>", name="entity.docx")
    expect_failure(path, "not well-formed")


def test_malformed_xml_refused(make_docx_xml, expect_failure):
    path = make_docx_xml("<w:p><w:r><w:t>unclosed</w:r></w:p>", name="broken.docx")
    error = expect_failure(path, "not well-formed", "word/document.xml")
    assert error.__cause__ is not None


def test_zip_bomb_refused(make_docx_xml, monkeypatch, expect_failure):
    monkeypatch.setattr(safety, "MAX_ENTRY_BYTES", 1024 * 1024)
    # 4 MB of legal trailing white space compresses to a few KB.
    path = make_docx_xml("<w:p><w:r><w:t>bomb</w:t></w:r></w:p>" + " " * (4 * 1024 * 1024),
                         name="bomb.docx")
    assert path.stat().st_size < 64 * 1024
    expect_failure(path, "zip bomb", "1 MB")


def test_deleted_mark_with_a_text_box_inside(make_docx_xml):
    box = ("<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p>"
           "</w:txbxContent></w:drawing></w:r>")
    path = make_docx_xml(
        '<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr>'
        f'<w:r><w:t xml:space="preserve">One </w:t></w:r>{box}</w:p>'
        "<w:p><w:r><w:t>two</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>three</w:t></w:r></w:p>"
    )
    assert extract(path).text == "Box\nOne two\nthree"
