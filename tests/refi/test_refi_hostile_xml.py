"""Hostile XML: entity expansion, external entities, external DTDs. Nothing may leak or explode."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from glocal_annotator.errors import CodebookError
from glocal_annotator.refi import safe_xml
from glocal_annotator.refi.codebook import read_qdc
from glocal_annotator.refi.safe_xml import make_parser, parse_xml
from glocal_annotator.safe_io import BadInput
from tests.hostile_xml import billion_laughs_doctype

SECRET = "TOP-SECRET-4711-do-not-leak"

BILLION_LAUGHS = (billion_laughs_doctype("CodeBook") + """\
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
  <Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="&lol9;" isCodable="true">
    <Description>&lol9;</Description>
  </Code>
</Codes></CodeBook>""").encode()


def external_entity(url: str) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY secret SYSTEM "{url}">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
  <Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="leak" isCodable="true">
    <Description>&secret;</Description>
  </Code>
</Codes></CodeBook>""".encode()


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def assert_refused(data: bytes, *, secret: str = SECRET) -> str:
    with pytest.raises(CodebookError) as caught:
        read_qdc(data)
    message = str(caught.value)
    assert "\n" not in message
    assert secret not in message
    assert "root:" not in message  # nothing of /etc/passwd
    return message


def test_billion_laughs_is_refused() -> None:
    message = assert_refused(BILLION_LAUGHS)
    assert "entities" in message


def test_billion_laughs_in_utf16_is_refused() -> None:
    data = BILLION_LAUGHS.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
    assert_refused(b"\xff\xfe" + data.encode("utf-16-le"))


def test_external_entity_to_etc_passwd_is_refused() -> None:
    assert_refused(external_entity("file:///etc/passwd"))


def test_external_entity_to_a_local_secret_is_refused(secret_file: Path) -> None:
    assert_refused(external_entity(secret_file.as_uri()))


def test_parameter_entity_is_refused(secret_file: Path) -> None:
    data = f"""<!DOCTYPE CodeBook [<!ENTITY % p SYSTEM "{secret_file.as_uri()}"> %p;]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>""".encode()
    assert_refused(data)


def test_network_entity_is_refused() -> None:
    assert_refused(external_entity("http://127.0.0.1:9/evil"))


def test_external_dtd_is_not_loaded(tmp_path: Path, secret_file: Path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY secret SYSTEM "{secret_file.as_uri()}">', encoding="utf-8")
    data = f"""<!DOCTYPE CodeBook SYSTEM "{dtd.as_uri()}">
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
  <Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="x" isCodable="true">
    <Description>&secret;</Description>
  </Code>
</Codes></CodeBook>""".encode()
    assert_refused(data)


def test_harmless_doctype_is_accepted() -> None:
    data = b"""<!DOCTYPE CodeBook><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
      <Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="x" isCodable="true"/>
    </Codes></CodeBook>"""
    assert read_qdc(data).codes[0].name == "x"


def test_second_line_of_defence_without_the_pre_scan(monkeypatch, secret_file: Path) -> None:
    """Even if the byte scan missed a declaration, the parsed DTD is checked."""
    monkeypatch.setattr(safe_xml, "_refuse_entity_declarations", lambda data: None)
    with pytest.raises(BadInput, match="entities") as caught:
        parse_xml(external_entity(secret_file.as_uri()))
    assert SECRET not in str(caught.value)
    # libxml2 may stop the laughs itself (amplification limit); refused either way.
    with pytest.raises(BadInput, match="entit"):
        parse_xml(BILLION_LAUGHS)


def test_parser_itself_never_resolves_entities(secret_file: Path) -> None:
    """The third line: the lxml parser leaves entities unexpanded and reads no file."""
    root = etree.fromstring(external_entity(secret_file.as_uri()), make_parser())
    assert SECRET not in etree.tostring(root, encoding="unicode")
    assert SECRET not in "".join(root.itertext())
    try:
        root = etree.fromstring(BILLION_LAUGHS, make_parser())
    except etree.XMLSyntaxError:
        return  # libxml2's own amplification limit
    assert len(etree.tostring(root)) < 10_000


def test_comments_and_processing_instructions_are_dropped() -> None:
    root = parse_xml(b"<?pi x?><a><!-- c --><?pi y?><b/></a>")
    assert [child.tag for child in root] == ["b"]
