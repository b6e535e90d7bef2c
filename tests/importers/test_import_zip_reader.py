"""Office files are opened with the one zip reader (safe_io.SafeZip): the same path checks and
size caps as REFI-QDA archives, in the importers' own one-line messages."""

from __future__ import annotations

import pytest

from glocal_annotator.importers import extract
from glocal_annotator.safe_io import SafeZip

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_xml(text: str) -> str:
    body = f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body>"
    return f'<w:document xmlns:w="{W}">{body}</w:document>'


@pytest.mark.parametrize("entry", ["../evil.txt", "/etc/evil", "C:\\evil.txt"])
@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_entries_that_climb_out_refuse_the_file(zip_file, odt_xml, expect_failure, entry,
                                                 suffix):
    main = ({"word/document.xml": docx_xml("x")} if suffix == ".docx"
            else {"content.xml": odt_xml("<text:p>x</text:p>")})
    path = zip_file(f"climb{suffix}", {**main, entry: "boo"})
    expect_failure(path, "refused", "it was not read")


def test_part_names_are_found_whatever_their_case(zip_file):
    """OPC part names are case-insensitive; the reader finds ``Word/Document.xml`` too."""
    path = zip_file("case.docx", {"Word/Document.xml": docx_xml("Hi")})
    assert extract(path).text == "Hi"
    with SafeZip(path) as archive:
        assert archive.namelist() == ["Word/Document.xml"]
        assert archive.find("word/document.xml") == "Word/Document.xml"
