"""Word .docx: paragraphs and tables in reading order, run content, tracked changes, bad files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Inches

from glocal_annotator.importers import extract, safety
from tests.importers.builders import W_NS

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


def test_paragraphs_and_table_rows_in_reading_order(study_docx):
    result = extract(study_docx)
    assert result.format == "docx"
    assert result.page_starts == ()
    assert result.text == (
        "Glocalization study\n"
        f"First paragraph: {CJK} and {EMOJI} in runs.\n"
        "R1C1\tR1C2 second paragraph in the cell\n"  # a row per line, cells split by tabs
        f"{RTL}\tcaf{COMBINING}\n"
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
    monkeypatch.setattr(safety, "MAX_OFFICE_PART_BYTES", 1024 * 1024)
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


# -- Strict Open XML, package relationships, hidden text, notes, headers (issue 8) ---------------

SAMPLES = Path(__file__).resolve().parent / "samples"
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
STRICT_R = "http://purl.oclc.org/ooxml/officeDocument/relationships"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TRANSITIONAL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
STRICT_TYPES = "http://purl.oclc.org/ooxml/officeDocument/relationships/"


def _rels(*relationships: tuple[str, str, str]) -> str:
    body = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'
                   for rid, kind, target in relationships)
    return f'<?xml version="1.0"?><Relationships xmlns="{RELS_NS}">{body}</Relationships>'


def _part(root: str, body: str, w: str = W_NS, r: str = STRICT_R) -> str:
    return f'<?xml version="1.0"?><w:{root} xmlns:w="{w}" xmlns:r="{r}">{body}</w:{root}>'


def test_trial_strict_docx_reads_like_the_transitional_one():
    result = extract(SAMPLES / "trial" / "strict.docx")
    assert result.text.split("\n")[0] == "Strict Open XML document text."
    # Its header (a transitional part in a Strict package) is imported under its label.
    assert result.text.endswith("\n\nHeaders\nCONFIDENTIAL header text")
    assert result.notices == ("added after the text, each under its label: 1 header",)


def test_trial_structures_docx():
    result = extract(SAMPLES / "trial" / "structures.docx")
    lines = result.text.split("\n")
    assert "SECRET-HIDDEN" not in result.text
    assert "Hidden: visible words." in lines
    assert "Before ptab\tafter ptab" in lines
    assert lines[0] == "Footnote ref here and endnote."
    assert result.text.endswith(
        "\n\nFootnotes\n[1] The footnote text: interviewee later retracted this."
        "\n\nEndnotes\n[1] The endnote text: interviewee later retracted this."
        "\n\nHeaders\nCONFIDENTIAL header text")
    assert result.notices == (
        "added after the text, each under its label: 1 footnote, 1 endnote, 1 header",)


@pytest.mark.parametrize("types", [TRANSITIONAL_TYPES, STRICT_TYPES])
@pytest.mark.parametrize("w", [W_NS, STRICT_W])
def test_main_part_found_through_relationships(zip_file, types, w):
    body = ('<w:body><w:p><w:r><w:t>Main story</w:t></w:r><w:r><w:footnoteReference w:id="2"/>'
            '</w:r><w:r><w:commentReference w:id="0"/></w:r></w:p>'
            '<w:sectPr><w:footerReference r:id="rF"/></w:sectPr></w:body>')
    notes = ('<w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p>'
             '</w:footnote><w:footnote w:id="2"><w:p><w:r><w:t>Note one</w:t></w:r></w:p>'
             '<w:p><w:r><w:t>second paragraph</w:t></w:r></w:p></w:footnote>'
             '<w:footnote w:id="3"><w:p><w:r><w:t>Never referred to</w:t></w:r></w:p>'
             '</w:footnote>')
    path = zip_file("strict.docx", {
        "_rels/.rels": _rels(("r1", types + "officeDocument", "/content/main.xml")),
        "content/main.xml": _part("document", body, w),
        "content/_rels/main.xml.rels": _rels(
            ("rN", types + "footnotes", "notes.xml"), ("rC", types + "comments", "talk.xml"),
            ("rF", types + "footer", "../content/foot.xml")),
        "content/notes.xml": _part("footnotes", notes, w),
        "content/talk.xml": _part("comments", '<w:comment w:id="0" w:author="Ana"><w:p><w:r>'
                                  "<w:t>Check this</w:t></w:r></w:p></w:comment>", w),
        "content/foot.xml": _part("ftr", "<w:p><w:r><w:t>Footer text</w:t></w:r></w:p>", w),
        "word/document.xml": _part("document", "<w:body><w:p><w:r><w:t>Decoy</w:t></w:r></w:p>"
                                   "</w:body>", w),
    })
    result = extract(path)
    assert result.text == ("Main story\n\nFootnotes\n[1] Note one\nsecond paragraph\n\n"
                           "Comments\n[1] Ana: Check this\n\nFooters\nFooter text")
    assert result.notices == (
        "added after the text, each under its label: 1 footnote, 1 comment, 1 footer",)


def test_hidden_text_directly_and_through_a_character_style(zip_file):
    body = ("<w:body><w:p><w:r><w:t xml:space='preserve'>Shown </w:t></w:r>"
            "<w:r><w:rPr><w:vanish/></w:rPr><w:t>direct </w:t></w:r>"
            "<w:r><w:rPr><w:vanish w:val='0'/></w:rPr><w:t xml:space='preserve'>unhidden </w:t>"
            "</w:r><w:r><w:rPr><w:rStyle w:val='Secret'/></w:rPr><w:t>styled </w:t></w:r>"
            "<w:r><w:rPr><w:rStyle w:val='Child'/></w:rPr><w:t>inherited </w:t></w:r>"
            "<w:r><w:t>end.</w:t></w:r></w:p>"
            "<w:p><w:r><w:rPr><w:vanish w:val='true'/></w:rPr><w:t>all hidden</w:t></w:r></w:p>"
            "</w:body>")
    styles = ('<w:style w:type="character" w:styleId="Secret"><w:rPr><w:vanish/></w:rPr>'
              '</w:style><w:style w:type="character" w:styleId="Child"><w:basedOn '
              'w:val="Secret"/></w:style>')
    path = zip_file("hidden.docx", {
        "_rels/.rels": _rels(("r1", TRANSITIONAL_TYPES + "officeDocument",
                              "word/document.xml")),
        "word/document.xml": _part("document", body),
        "word/_rels/document.xml.rels": _rels(("s", TRANSITIONAL_TYPES + "styles",
                                               "styles.xml")),
        "word/styles.xml": _part("styles", styles),
    })
    assert extract(path).text == "Shown unhidden end."


@pytest.mark.parametrize("w", [W_NS, STRICT_W])
def test_hidden_through_a_paragraph_style_and_hidden_paragraph_marks(zip_file, w):
    """Trial variants: a paragraph style that hides its text (direct formatting and a run's
    own style still rule), a hidden paragraph mark (the paragraph runs on into the next, as
    Word shows it), and a Strict table."""
    body = ("<w:body><w:p><w:r><w:t>Visible first.</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:pStyle w:val='Child'/></w:pPr><w:r><w:t>PSTYLE-SECRET</w:t></w:r>"
            "<w:r><w:rPr><w:vanish w:val='0'/></w:rPr><w:t>Unhidden run.</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:pStyle w:val='Secret'/><w:rPr><w:vanish w:val='0'/></w:rPr></w:pPr>"
            "<w:r><w:t>MARK-SHOWN-SECRET</w:t></w:r></w:p>"
            "<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t xml:space='preserve'>"
            "First half of a sentence</w:t></w:r></w:p>"
            "<w:p><w:r><w:t xml:space='preserve'> continues here.</w:t></w:r></w:p>"
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Q1</w:t></w:r></w:p></w:tc><w:tc>"
            "<w:p><w:pPr><w:pStyle w:val='Secret'/></w:pPr><w:r><w:t>CELL-SECRET</w:t></w:r>"
            "</w:p><w:p><w:r><w:t>Answer</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
            "<w:p><w:r><w:t>Visible last.</w:t></w:r></w:p></w:body>")
    styles = ('<w:style w:type="paragraph" w:styleId="Secret"><w:rPr><w:vanish/></w:rPr>'
              '</w:style><w:style w:styleId="Child"><w:basedOn w:val="Secret"/></w:style>')
    path = zip_file("hidden.docx", {
        "_rels/.rels": _rels(("r1", TRANSITIONAL_TYPES + "officeDocument",
                              "word/document.xml")),
        "word/document.xml": _part("document", body, w),
        "word/_rels/document.xml.rels": _rels(("s", TRANSITIONAL_TYPES + "styles",
                                               "styles.xml")),
        "word/styles.xml": _part("styles", styles, w),
    })
    assert extract(path).text == ("Visible first.\nUnhidden run.\n"
                                  "First half of a sentence continues here.\nQ1\tAnswer\n"
                                  "Visible last.")


def test_nested_table_stays_inside_its_cell(make_docx_xml):
    def row(*cells: str) -> str:
        return "<w:tr>" + "".join(f"<w:tc>{c}</w:tc>" for c in cells) + "</w:tr>"

    def p(text: str) -> str:
        return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"

    inner = f"<w:tbl>{row(p('x1'), p('x2'))}</w:tbl>"
    path = make_docx_xml(f"<w:tbl>{row(p('a'), p('b') + inner)}{row(p('c'), p('d'))}</w:tbl>"
                         + p("after"))
    assert extract(path).text == "a\tb x1\tx2\nc\td\nafter"


def test_libreoffice_docx():
    result = extract(SAMPLES / "report.docx")
    lines = result.text.split("\n")
    assert "HIDDEN-REMARK" not in result.text
    assert "Village\tCooperative" in lines and "Nyeri\tWomen\u2019s dairy" in lines
    assert "Before the tab\tafter the tab" in lines
    assert "First listed finding about water." in lines
    assert "הנשים בנו את השוק בעצמן." in lines
    assert result.text.endswith(
        "\n\nFootnotes\n[1] The interviews were anonymised before transcription.\n\n"
        "Headers\nGlocal Field Report \u2014 draft\n\nFooters\nPage 4")


def test_python_docx_hidden_run_header_and_footer(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Visible ")
    paragraph.add_run("secret ").font.hidden = True
    paragraph.add_run("text.")
    section = document.sections[0]
    section.header.paragraphs[0].text = "Project header"
    section.footer.paragraphs[0].text = "Project footer"
    path = tmp_path / "made.docx"
    document.save(path)
    result = extract(path)
    assert result.text == ("Visible text.\n\nHeaders\nProject header\n\nFooters\n"
                           "Project footer")
    assert result.notices == ("added after the text, each under its label: 1 header, 1 footer",)
