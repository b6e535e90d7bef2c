"""OpenDocument .odt: paragraphs, white space rules, lists, tables, frames, bad files."""

from __future__ import annotations

import zipfile
from pathlib import Path

from glocal_annotator.importers import extract
from tests.importers.builders import ODT_NAMESPACES, write_zip

EMOJI = "\U0001f469\U0001f3fd\u200d\U0001f52c"
CJK = "全球本土化"
COMBINING = "e\u0301"
RTL = "العولمة"

BODY = (
    # Deleted text of tracked changes lives here and must not appear.
    "<text:tracked-changes><text:changed-region text:id='c1'><text:deletion>"
    "<office:change-info><dc:creator>A</dc:creator></office:change-info>"
    "<text:p>deleted words</text:p></text:deletion></text:changed-region></text:tracked-changes>"
    "<text:sequence-decls/>"
    "<text:h text:outline-level='1'>Glocal <text:span>heading</text:span></text:h>"
    "<text:p>\n    Collapsed    white\n    space<text:s text:c='3'/>three<text:s/>one"
    "<text:tab/>tab<text:line-break/>break\n</text:p>"
    "<text:p>Footnote here<text:note text:note-class='footnote'>"
    "<text:note-citation>1</text:note-citation><text:note-body><text:p>the note</text:p>"
    "</text:note-body></text:note>, comment<office:annotation><dc:creator>B</dc:creator>"
    "<text:p>a comment</text:p></office:annotation> and <text:change-start text:change-id='c1'/>"
    "<text:change-end text:change-id='c1'/>done.</text:p>"
    f"<text:list><text:list-item><text:p>{EMOJI} item</text:p></text:list-item>"
    f"<text:list-item><text:p>{CJK} item</text:p><text:list><text:list-item>"
    f"<text:p>nested {RTL}</text:p></text:list-item></text:list></text:list-item></text:list>"
    "<table:table table:name='T'><table:table-column table:number-columns-repeated='2'/>"
    "<table:table-row><table:table-cell><text:p>A1</text:p></table:table-cell>"
    "<table:table-cell><text:p>B1</text:p><text:p>B1 second</text:p></table:table-cell>"
    f"</table:table-row><table:table-row><table:table-cell><text:p>caf{COMBINING}</text:p>"
    "</table:table-cell><table:covered-table-cell/></table:table-row></table:table>"
    "<text:p>Anchor<draw:frame draw:name='f'><draw:text-box><text:p>Boxed text</text:p>"
    "</draw:text-box></draw:frame> after frame</text:p>"
    "<text:p/>"
    "<text:p><text:span>Last</text:span> <text:a>link</text:a>&#160;&amp; more</text:p>"
)

EXPECTED = (
    "Glocal heading\n"
    "Collapsed white space   three one\ttab\nbreak\n"
    "Footnote here, comment and done.\n"
    f"{EMOJI} item\n"
    f"{CJK} item\n"
    f"nested {RTL}\n"
    "A1\tB1 B1 second\n"  # a table row per line, cells split by tabs
    f"caf{COMBINING}\n"
    "Anchor after frame\n"
    "Boxed text\n"
    "\n"
    "Last link\u00a0& more\n"
    "\n"
    "Footnotes\n"
    "[1] the note\n"
    "\n"
    "Comments\n"
    "[1] B: a comment"
)


def test_reading_order_and_white_space(make_odt):
    result = extract(make_odt(BODY))
    assert result.format == "odt"
    assert result.text == EXPECTED
    assert result.notices == (
        "added after the text, each under its label: 1 footnote, 1 comment",)


def test_meta_gives_title_and_author(make_odt):
    meta = ("<dc:title>Glocal field notes</dc:title>"
            "<meta:initial-creator>Ana Pérez</meta:initial-creator><dc:creator>Ben</dc:creator>")
    result = extract(make_odt("<text:p>x</text:p>", meta=meta))
    assert result.metadata == {"title": "Glocal field notes", "author": "Ana Pérez"}


def test_no_meta_no_metadata(make_odt):
    assert extract(make_odt("<text:p>x</text:p>")).metadata == {}


def test_empty_text_body_refused(make_odt, expect_failure):
    expect_failure(make_odt("<text:p>  </text:p><text:p/>", name="blank.odt"), "no text")


def test_spreadsheet_mimetype_refused(make_odt, expect_failure):
    path = make_odt("<text:p>x</text:p>", name="sheet.odt",
                    mimetype="application/vnd.oasis.opendocument.spreadsheet")
    expect_failure(path, "not a text document", "spreadsheet")


def test_content_without_text_body_refused(make_odt, odt_xml, expect_failure):
    content = odt_xml("").replace("office:text", "office:spreadsheet")
    expect_failure(make_odt("", name="nobody.odt", content=content), "no text body")


def test_random_bytes_refused(tmp_path, expect_failure):
    path = tmp_path / "noise.odt"
    path.write_bytes(bytes(range(255, -1, -1)) * 8)
    error = expect_failure(path, "not a valid OpenDocument text (.odt) file")
    assert isinstance(error.__cause__, zipfile.BadZipFile)


def test_zip_without_content_xml_refused(zip_file, expect_failure):
    path = zip_file("nocontent.odt", {"mimetype": "application/vnd.oasis.opendocument.text",
                                      "styles.xml": "<x/>"})
    expect_failure(path, "content.xml")


def test_billion_laughs_refused(make_odt, odt_xml, billion_laughs, expect_failure):
    content = odt_xml("<text:p>&lol9;</text:p>", prolog=billion_laughs)
    expect_failure(make_odt("", name="lol.odt", content=content), "DTD", "content.xml")


def test_malformed_content_refused(make_odt, expect_failure):
    expect_failure(make_odt("<text:p>open", name="broken.odt"), "not well-formed", "content.xml")


def test_space_amplification_refused(make_odt, expect_failure):
    path = make_odt("<text:p>a<text:s text:c='2000000000'/>b</text:p>", name="spaces.odt")
    expect_failure(path, "spaces")


# -- hidden text, notes, headers and footers (issue 8) ---------------------------------------------

SAMPLES = Path(__file__).resolve().parent / "samples"
STYLE_NS = 'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'


def test_hidden_paragraphs_fields_sections_and_styles_are_left_out(tmp_path, odt_xml):
    body = (
        "<text:p>Shown <text:span text:style-name='T1'>hidden by an automatic style </text:span>"
        "<text:span text:style-name='Secret'>hidden by a common style </text:span>"
        "<text:span text:style-name='Child'>inherited </text:span>end.</text:p>"
        "<text:p><text:hidden-paragraph text:condition='ooow:1' text:is-hidden='true'/>Gone"
        "</text:p><text:p><text:hidden-paragraph text:condition='ooow:0' "
        "text:is-hidden='false'/>Kept</text:p>"
        "<text:p>A <text:hidden-text text:condition='ooow:1' text:string-value='secret '"
        " text:is-hidden='true'/>b <text:hidden-text text:condition='ooow:0' "
        "text:string-value='shown' text:is-hidden='false'/></text:p>"
        "<text:p text:style-name='P1'>A hidden paragraph style</text:p>"
        "<text:section text:name='S' text:display='none'><text:p>Hidden section</text:p>"
        "</text:section>"
    )
    automatic = ("<office:automatic-styles><style:style style:name='T1' style:family='text'>"
                 "<style:text-properties text:display='none'/></style:style>"
                 "<style:style style:name='P1' style:family='paragraph'>"
                 "<style:text-properties text:display='none'/></style:style>"
                 "</office:automatic-styles>")
    content = odt_xml(body).replace("<office:body>", automatic + "<office:body>").replace(
        "<office:document-content ", f"<office:document-content {STYLE_NS} ")
    styles = (f'<?xml version="1.0"?><office:document-styles {ODT_NAMESPACES} {STYLE_NS}>'
              "<office:styles><style:style style:name='Secret' style:family='text'>"
              "<style:text-properties text:display='none'/></style:style>"
              "<style:style style:name='Child' style:family='text' "
              "style:parent-style-name='Secret'/></office:styles>"
              "<office:master-styles><style:master-page style:name='Standard'>"
              "<style:header><text:p>Running head</text:p></style:header>"
              "<style:header-left><text:p>Running head</text:p></style:header-left>"
              "<style:footer><text:p>Page <text:page-number>3</text:page-number></text:p>"
              "</style:footer></style:master-page></office:master-styles>"
              "</office:document-styles>")
    path = write_zip(tmp_path / "hidden.odt", {
        "mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content,
        "styles.xml": styles}, stored=("mimetype",))
    result = extract(path)
    assert result.text == ("Shown end.\nKept\nA b shown\n\nHeaders\nRunning head\n\n"
                           "Footers\nPage 3")
    assert result.notices == ("added after the text, each under its label: 1 header, 1 footer",)


def test_endnotes_and_several_notes_in_order(make_odt):
    def note(cls: str, text: str) -> str:
        return (f"<text:note text:note-class='{cls}'><text:note-citation>x</text:note-citation>"
                f"<text:note-body><text:p>{text}</text:p><text:p>more</text:p></text:note-body>"
                "</text:note>")

    body = (f"<text:p>One{note('footnote', 'first')} two{note('endnote', 'end')} "
            f"three{note('footnote', 'second')}</text:p>")
    assert extract(make_odt(body)).text == (
        "One two three\n\nFootnotes\n[1] first\nmore\n[2] second\nmore\n\n"
        "Endnotes\n[1] end\nmore")


def test_libreoffice_odt():
    result = extract(SAMPLES / "report.odt")
    lines = result.text.split("\n")
    assert "HIDDEN-REMARK" not in result.text
    assert "Village\tCooperative" in lines and "Nyeri\tWomen\u2019s dairy" in lines
    assert "Before the tab\tafter the tab" in lines
    assert "הנשים בנו את השוק בעצמן." in lines
    assert result.text.endswith(
        "\n\nFootnotes\n[1] The interviews were anonymised before transcription.\n\n"
        "Headers\nGlocal Field Report \u2014 draft\n\nFooters\nPage 1")
