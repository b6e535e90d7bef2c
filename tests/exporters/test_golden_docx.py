"""A golden file for the Word export: the coded excerpts report of the small fixed project of
:mod:`tests.exporters.helpers`, its ``word/document.xml`` normalised (no rsids, dates or GUIDs;
attributes sorted; indented), is the checked-in ``golden/excerpts_report.document.xml``.

A change to the report's layout shows here as a readable XML diff. When the change is meant,
write the file again and review the diff before committing it::

    GLOCAL_UPDATE_GOLDEN=1 python -m pytest tests/exporters/test_golden_docx.py
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from lxml import etree

from glocal_annotator.exporters.excerpts_docx import ExcerptReportOptions, export_excerpts_docx

GOLDEN = Path(__file__).parent / "golden" / "excerpts_report.document.xml"
UPDATE = "GLOCAL_UPDATE_GOLDEN"
OPTIONS = ExcerptReportOptions(group_by="code", include_context=True, context_chars=40,
                               include_memos=True, title="Golden report")

# Words of the moment of export and of coding, and identities made fresh each time.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?Z?)?")
_GUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                   r"[0-9a-fA-F]{12}\b")
_VOLATILE_ATTRIBUTES = re.compile(r"^rsid|^paraId$|^textId$|^date$")


def normalised(document_xml: bytes) -> str:
    """``document_xml`` with rsids, paragraph ids and dates dropped, dates and GUIDs in text
    replaced by ``DATE`` and ``GUID``, every element's attributes in name order, indented."""
    root = etree.fromstring(document_xml)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        items = sorted((name, value) for name, value in element.attrib.items()
                       if not _VOLATILE_ATTRIBUTES.match(etree.QName(name).localname))
        element.attrib.clear()
        for name, value in items:
            element.set(name, _GUID.sub("GUID", _DATE.sub("DATE", value)))
        if element.text:
            element.text = _GUID.sub("GUID", _DATE.sub("DATE", element.text))
    return etree.tostring(root, encoding="unicode", pretty_print=True)


def _report_xml(built, tmp_path: Path) -> str:
    path = tmp_path / "report.docx"
    export_excerpts_docx(built.project, path, OPTIONS)
    with zipfile.ZipFile(path) as archive:
        return normalised(archive.read("word/document.xml"))


def test_the_excerpts_report_matches_its_golden_file(built, tmp_path):
    actual = _report_xml(built, tmp_path)
    if os.environ.get(UPDATE):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(actual, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert actual.splitlines() == expected.splitlines(), (
        f"the report's document.xml changed; if that is meant, run with {UPDATE}=1 and review "
        "the diff of the golden file")


def test_normalising_keeps_what_the_reader_sees_and_drops_what_changes_each_time():
    xml = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b'<w:p w:rsidR="00AB12CD" w:rsidRDefault="00EF3456"><w:r><w:t xml:space="preserve">'
           b'Coded 2025-03-01 by ana, 0f8fad5b-d9cb-469f-a165-70867728950e</w:t></w:r></w:p>'
           b'<w:p w:rsidR="00112233"><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:t>Other</w:t>'
           b'</w:r></w:p></w:document>')
    text = normalised(xml)
    assert "rsid" not in text
    assert "Coded DATE by ana, GUID" in text
    assert "Other" in text and 'w:val="left"' in text
