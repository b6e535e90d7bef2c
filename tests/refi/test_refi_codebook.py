from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from glocal_annotator.errors import CodebookError, ExportFailure
from glocal_annotator.model import Codebook, CodebookNode, CodeSet, walk
from glocal_annotator.refi import codebook as codebook_module
from glocal_annotator.refi.codebook import (
    CODEBOOK_NS,
    codebook_to_xml,
    parse_code_elements,
    read_qdc,
    write_qdc,
)
from glocal_annotator.refi.description import FIELD_NAMES
from glocal_annotator.refi.guids import new_guid, normalize_guid
from glocal_annotator.safe_io import safe_zip

GUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

TAGUETTE = "06_taguette-1.4.1_codebook.qdc"
ATLAS_QDC = "07_atlasti-win-23.4.0_requal-test-embedded.qdc"
ATLAS_QDE = "08_atlasti-mac-8.4.0_spec-example-A2_Project.qde"
ATLAS_BLANK = "01_atlasti-win-23.2.3_blank-atlas-project.qdpx"
ATLAS_QDPX = "02_atlasti-win-23.2.3_target-atlas-project.qdpx"
NVIVO_QDPX = "04_nvivo-mac-15.0.0_nvivo_project.qdpx"


def glocal_tree() -> Codebook:
    """Three levels, unicode everywhere, multi-line fields, label-like lines, a folder."""
    leaf = CodebookNode(
        name="Cuisine locale 🍜 地方料理",
        guid=new_guid(),
        color="#00AA55",
        example='Example: "We kept the franchise, but the menu is ours."\nExample: a second one',
        memo="Memo: ask coder B\nWhen to use: this is still the memo",
    )
    hybrid = CodebookNode(
        name="Hybridization — تهجين",
        guid=new_guid(),
        color="#1F77B4",
        short_definition="Local actors adapt a global form.",
        definition="First paragraph: with a colon.\n\nSecond paragraph\n  indented line\n",
        when_to_use="Use when:\n- adaptation is explicit\n- both forms remain visible",
        when_not_to_use="  leading spaces kept\nShort definition: not a label here",
        example="עברית ושפות RTL\ne\u0301te\u0301 with combining marks",
        memo="",
        children=[leaf],
    )
    folder = CodebookNode(
        name="Glocalization 🌍",
        guid=new_guid(),
        color=None,
        codable=False,
        definition="A folder that only groups codes.",
        children=[
            hybrid,
            CodebookNode(name="Homogenization 同质化", guid=new_guid(), color="#FF0000"),
        ],
    )
    plain = CodebookNode(name="Accountability", guid=new_guid(), color=None)
    return Codebook(
        codes=[folder, plain],
        origin="Glocal Annotator",
        sets=[CodeSet(name="Core 🔑", guid=new_guid(), member_guids=[hybrid.guid, plain.guid])],
    )


# ------------------------------------------------------------------------------------ round trip


def test_round_trip_write_read_is_equal(tmp_path: Path, codebook_schema: xmlschema.XMLSchema):
    original = glocal_tree()
    path = tmp_path / "glocal.qdc"
    write_qdc(original, path)
    codebook_schema.validate(str(path))
    again = read_qdc(path)
    assert again == original
    assert again.warnings == []
    depths = [depth for depth, _ in again.walk()]
    assert max(depths) == 3
    assert len(depths) == 5
    assert again.codes[0].codable is False


def test_round_trip_from_bytes_and_str_path(tmp_path: Path) -> None:
    original = glocal_tree()
    assert read_qdc(codebook_to_xml(original)) == original
    path = tmp_path / "cb.qdc"
    write_qdc(original, str(path))
    assert read_qdc(str(path)) == original


def test_round_trip_of_random_field_values(codebook_schema: xmlschema.XMLSchema) -> None:
    pieces = ["a", " ", "  ", "\n", ":", "\t", "\r", "\r\n", "😀", "中", "ע", "e\u0301",
              "Example:", "memo :", "When not to use:", "&", "<", "]]>", "\"'"]  # fmt: skip
    rng = random.Random(7)
    nodes = []
    for index in range(60):
        values = {
            name: "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
            for name in FIELD_NAMES
        }
        name = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 5))) + str(index)
        nodes.append(CodebookNode(name=name, guid=new_guid(), color=None, **values))
    original = Codebook(codes=nodes, origin="Glocal Annotator")
    data = codebook_to_xml(original)
    codebook_schema.validate(etree.fromstring(data))
    assert read_qdc(data) == original


def test_written_file_shape(tmp_path: Path) -> None:
    codebook = Codebook(
        codes=[
            CodebookNode(
                name="No extras", guid="{D7AA29DA-519B-4946-9B90-253B6DB8FD0A}", color=None
            ),
            CodebookNode(name="Folder", guid=new_guid(), color="#abc", codable=False),
        ]
    )
    path = tmp_path / "shape.qdc"
    write_qdc(codebook, path, origin="Test Tool 1.0")
    data = path.read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = etree.fromstring(data)
    assert root.tag == f"{{{CODEBOOK_NS}}}CodeBook"
    assert root.get("origin") == "Test Tool 1.0"
    assert root.find(f"{{{CODEBOOK_NS}}}Sets") is None
    first, second = root.iter(f"{{{CODEBOOK_NS}}}Code")
    assert first.attrib == {
        "guid": "d7aa29da-519b-4946-9b90-253b6db8fd0a",
        "name": "No extras",
        "isCodable": "true",
    }
    assert len(first) == 0  # no empty Description
    assert second.get("color") == "#AABBCC"
    assert second.get("isCodable") == "false"


def test_empty_codebook_cannot_be_written(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="at least one code"):
        write_qdc(Codebook(codes=[]), tmp_path / "empty.qdc")
    assert not (tmp_path / "empty.qdc").exists()


def test_invalid_or_duplicate_guid_is_refused_on_write() -> None:
    with pytest.raises(CodebookError, match="no valid GUID"):
        codebook_to_xml(Codebook(codes=[CodebookNode(name="x", guid="nope", color=None)]))
    guid = new_guid()
    twice = Codebook(
        codes=[
            CodebookNode(
                name="a", guid=guid, color=None,
                children=[CodebookNode(name="b", guid=guid.upper(), color=None)],
            )
        ]
    )  # fmt: skip
    with pytest.raises(CodebookError, match="repeats the GUID"):
        codebook_to_xml(twice)


def test_characters_xml_cannot_carry_are_dropped(codebook_schema: xmlschema.XMLSchema) -> None:
    node = CodebookNode(
        name="bell\x07 and nul\x00", guid=new_guid(), color=None, definition="vt\x0b ff\x0c\ud800"
    )
    data = codebook_to_xml(Codebook(codes=[node]))
    codebook_schema.validate(etree.fromstring(data))
    again = read_qdc(data).codes[0]
    assert again.name == "bell and nul"
    assert again.definition == "vt ff"


def test_sets_write_only_known_code_members(codebook_schema: xmlschema.XMLSchema) -> None:
    code = CodebookNode(name="a", guid=new_guid(), color=None)
    codebook = Codebook(
        codes=[code],
        sets=[CodeSet(name="s", guid=new_guid(), member_guids=[code.guid.upper(), new_guid()])],
    )
    data = codebook_to_xml(codebook)
    codebook_schema.validate(etree.fromstring(data))
    assert read_qdc(data).sets[0].member_guids == [code.guid]


def test_write_is_atomic_and_leaves_no_temporary_files(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "cb.qdc"
    path.write_bytes(b"old content")
    write_qdc(glocal_tree(), path)
    assert read_qdc(path).codes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cb.qdc"]

    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ExportFailure, match="the disk is full"):  # atomic_write's wording
        write_qdc(glocal_tree(), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cb.qdc"]


def test_write_into_missing_folder_is_an_export_failure(tmp_path: Path) -> None:
    with pytest.raises(ExportFailure) as caught:
        write_qdc(glocal_tree(), tmp_path / "missing" / "cb.qdc")
    assert "\n" not in str(caught.value)


# --------------------------------------------------------------------------------------- samples


def test_taguette_sample_with_empty_sets(samples: Path, codebook_schema, tmp_path: Path) -> None:
    path = samples / TAGUETTE
    assert not codebook_schema.is_valid(str(path))  # empty <Sets/>: known to be invalid
    codebook = read_qdc(path)
    assert codebook.origin == "Taguette 1.4.1"
    assert [code.name for code in codebook.codes] == ["xsd:element name", "CodeBook", "Variables"]
    assert all(not code.children and code.codable and code.color is None for code in codebook.codes)
    assert codebook.codes[0].guid == "098ac082-a9c7-50f4-9728-48730081a95e"
    assert codebook.sets == []
    out = tmp_path / "taguette.qdc"
    write_qdc(codebook, out)
    codebook_schema.validate(str(out))  # and our copy is valid
    assert read_qdc(out).codes == codebook.codes


def test_atlas_qdc_sample(samples: Path, codebook_schema) -> None:
    path = samples / ATLAS_QDC
    codebook_schema.validate(str(path))
    codebook = read_qdc(path)
    assert codebook.origin == "ATLAS.ti Win 23.4.0"
    (code,) = codebook.codes
    assert code.name == "code1"
    assert code.guid == "1ff58b12-6f6f-4b0c-8be5-bbdc91f55294"
    assert code.color == "#46AA00"
    assert code.short_definition == "description"  # unlabelled one-liner
    assert code.definition == ""
    assert codebook.sets == [
        CodeSet(
            name="code group 1",
            guid="eca18d76-2b8b-4f26-bc1d-19eca19fb3f0",
            member_guids=[code.guid],
            description="kategorie 1",
        )
    ]
    assert read_qdc(codebook_to_xml(codebook)) == Codebook(
        codes=codebook.codes, origin="Glocal Annotator", sets=codebook.sets
    )


def test_codebook_of_the_spec_project_qde(samples: Path, codebook_schema) -> None:
    codebook = read_qdc(samples / ATLAS_QDE)
    assert codebook.origin.startswith("ATLAS.ti 8.4.0")
    assert len(codebook.codes) == 14
    assert all(not code.children for code in codebook.codes)
    by_name = {code.name: code for code in codebook.codes}
    assert by_name["Coke"].color == "#966450"
    assert by_name["Coke"].short_definition == "the breakfast of champions"
    assert by_name["milk"].color is None
    assert by_name['"rushed"'].guid == "9f43fe32-c2cb-4ba8-b766-a0734c826e49"
    assert by_name["cornflakes"].short_definition == "breakfast cereal made by Kellogg’s"
    # Project sets of sources are not code sets; code sets use targetGUID.
    sets = {code_set.name: code_set for code_set in codebook.sets}
    assert set(sets) == {"Feelings", "negative feelings", "Breakfast food", "<3",
                         "positive feelings"}  # fmt: skip
    assert len(sets["Feelings"].member_guids) == 6
    assert by_name["happiness"].guid in sets["Feelings"].member_guids
    assert codebook.warnings == []
    codebook_schema.validate(etree.fromstring(codebook_to_xml(codebook)))


def read_qdpx_codebook(path: Path) -> Codebook:
    with safe_zip(path) as archive:
        (qde,) = [name for name in archive.namelist() if name.lower().endswith(".qde")]
        return read_qdc(archive.read(qde))


def test_codebook_of_atlas_qdpx_with_three_nested_codes(samples: Path) -> None:
    codebook = read_qdpx_codebook(samples / ATLAS_QDPX)
    assert codebook.origin == "ATLAS.ti for Windows 23.2.3.27778"
    (commits,) = codebook.codes
    assert commits.name == "Commits"
    assert commits.guid == "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6"
    assert [child.name for child in commits.children] == [
        "2022-05-10T02:05:59Z 19e4dce",
        "2022-02-11T10:39:25Z cdbfd92",
    ]
    assert [depth for depth, _ in codebook.walk()] == [1, 2, 2]
    assert all(node.color is None for _, node in codebook.walk())


def test_codebook_of_nvivo_qdpx(samples: Path, codebook_schema) -> None:
    codebook = read_qdpx_codebook(samples / NVIVO_QDPX)
    assert codebook.origin == "NVivo for Mac 15.0.0"
    nodes = list(codebook.walk())
    assert len(nodes) == 262
    # This export has three top-level codes (no "Nodes" wrapper); the deepest code sits six
    # levels below the top level.
    assert [code.name for code in codebook.codes] == [
        "rq1_definition",
        "rq2_curriculum_and_instruction",
        "rq3_process",
    ]
    assert max(depth for depth, _ in nodes) == 7
    deepest = [node.name for depth, node in nodes if depth == 7]
    assert {"writing", "social_studies", "algebra"} <= set(deepest)
    assert all(GUID_RE.fullmatch(node.guid) for _, node in nodes)
    assert len({node.guid for _, node in nodes}) == 262
    assert codebook.warnings == []
    data = codebook_to_xml(codebook)
    codebook_schema.validate(etree.fromstring(data))
    assert read_qdc(data).codes == codebook.codes


def test_blank_project_has_an_empty_codebook(samples: Path) -> None:
    codebook = read_qdpx_codebook(samples / ATLAS_BLANK)
    assert codebook.codes == []
    assert codebook.origin == "ATLAS.ti for Windows 23.2.3.27778"


# ------------------------------------------------------------------------------ tolerant reading


@pytest.mark.parametrize(
    "namespace",
    ["urn:QDA-XML:codebook:1:0", "urn:QDA-XML:codebook:0:4", "urn:QDA-XML:project:1.0", None],
)
def test_namespace_variants(samples: Path, namespace: str | None) -> None:
    text = (samples / ATLAS_QDC).read_text(encoding="utf-8")
    replacement = "" if namespace is None else f'xmlns="{namespace}"'
    variant = text.replace('xmlns="urn:QDA-XML:codebook:1.0"', replacement)
    assert variant != text
    original = read_qdc(samples / ATLAS_QDC)
    assert read_qdc(variant.encode("utf-8")) == original


def test_prefixed_namespace_and_mixed_attribute_case() -> None:
    data = b"""<?xml version="1.0"?>
    <q:CodeBook xmlns:q="urn:QDA-XML:codebook:1:0" Origin="Somebody">
      <q:Codes>
        <q:Code GUID="{5215CC69-B628-4E02-AFB9-9BEEAEE55808}" Name="Topics" IsCodable="FALSE">
          <q:Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="Economy" isCodable="1"/>
        </q:Code>
      </q:Codes>
    </q:CodeBook>"""
    codebook = read_qdc(data)
    assert codebook.origin == "Somebody"
    (topics,) = codebook.codes
    assert (topics.name, topics.guid, topics.codable) == (
        "Topics",
        "5215cc69-b628-4e02-afb9-9beeaee55808",
        False,
    )
    assert topics.children[0].codable is True


def test_unknown_namespace_is_refused() -> None:
    with pytest.raises(CodebookError, match="unknown namespace"):
        read_qdc(b'<CodeBook xmlns="http://example.com/other"><Codes/></CodeBook>')


def test_nvivo_nodes_root_is_kept_as_read() -> None:
    data = b"""<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo 12">
      <Codes>
        <Code guid="00000000-0000-0000-0000-000000000001" name="Nodes" isCodable="false">
          <Code guid="00000000-0000-0000-0000-000000000002" name="Theme" isCodable="true">
            <Code guid="00000000-0000-0000-0000-000000000003" name="Sub" isCodable="true"/>
          </Code>
        </Code>
      </Codes>
    </CodeBook>"""
    codebook = read_qdc(data)
    (nodes,) = codebook.codes
    assert nodes.name == "Nodes" and nodes.codable is False
    assert [(depth, node.name) for depth, node in codebook.walk()] == [
        (1, "Nodes"),
        (2, "Theme"),
        (3, "Sub"),
    ]


def test_colour_forms_in_a_file() -> None:
    colours = ["#46aa00", "#F0A", "rgb(255, 0, 0)", "rgba(0,128,255,0.5)", "00ff00", "#FF336699",
               "not a colour", None]  # fmt: skip
    codes = []
    for index, colour in enumerate(colours):
        attribute = "" if colour is None else f' color="{colour}"'
        codes.append(f'<Code guid="{new_guid()}" name="c{index}" isCodable="true"{attribute}/>')
    data = (
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        + "".join(codes)
        + "</Codes></CodeBook>"
    ).encode()
    codebook = read_qdc(data)
    assert [code.color for code in codebook.codes] == [
        "#46AA00", "#FF00AA", "#FF0000", "#0080FF", "#00FF00", "#336699", None, None,
    ]  # fmt: skip
    assert len(codebook.warnings) == 1
    assert "not a colour" in codebook.warnings[0]


def test_guid_forms_and_repairs() -> None:
    data = b"""<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
      <Code guid="{D7AA29DA-519B-4946-9B90-253B6DB8FD0A}" name="braces upper" isCodable="true"/>
      <Code guid="0DCEF2F5-E55C-49DA-8C33-9B0803C7AEB4" name="upper" isCodable="true"/>
      <Code name="missing" isCodable="true"/>
      <Code guid="not-a-guid" name="invalid" isCodable="true"/>
      <Code guid="{d7aa29da-519b-4946-9b90-253b6db8fd0a}" name="duplicate" isCodable="true"/>
      <Code guid="12365523-1035-4afa-9e7b-281fe0bc51c5" isCodable="true"/>
    </Codes></CodeBook>"""
    codebook = read_qdc(data)
    guids = [code.guid for code in codebook.codes]
    assert guids[0] == "d7aa29da-519b-4946-9b90-253b6db8fd0a"
    assert guids[1] == "0dcef2f5-e55c-49da-8c33-9b0803c7aeb4"
    assert all(GUID_RE.fullmatch(guid) for guid in guids)
    assert len(set(guids)) == len(guids)
    assert codebook.codes[5].name == "Unnamed code"
    warnings = " | ".join(codebook.warnings)
    assert "'missing' had no GUID" in warnings
    assert "'invalid' had an invalid GUID" in warnings
    assert "'duplicate' repeated the GUID" in warnings
    assert "without a name" in warnings
    assert len(codebook.warnings) == 4


def test_missing_codes_empty_sets_and_unknown_elements_are_tolerated() -> None:
    codebook = read_qdc(b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="x"><Sets/></CodeBook>')
    assert codebook.codes == [] and codebook.sets == []
    data = b"""<CodeBook xmlns="urn:QDA-XML:codebook:1.0" xmlns:v="urn:vendor">
      <v:Extra a="1"><v:Deep/></v:Extra>
      <Codes>
        <Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="a" isCodable="true" v:x="y">
          <v:Whatever>ignored</v:Whatever>
          <Description>Example: e</Description>
          <NoteRef targetGUID="0dcef2f5-e55c-49da-8c33-9b0803c7aeb4"/>
          <Code guid="0dcef2f5-e55c-49da-8c33-9b0803c7aeb4" name="b" isCodable="true"/>
        </Code>
      </Codes>
      <Sets>
        <Set guid="12365523-1035-4afa-9e7b-281fe0bc51c5" name="s">
          <MemberCode guid="0DCEF2F5-E55C-49DA-8C33-9B0803C7AEB4"/>
          <MemberCode guid="7c108712-b650-4892-ac0b-fc9a10190c3b"/>
        </Set>
      </Sets>
    </CodeBook>"""
    codebook = read_qdc(data)
    (code,) = codebook.codes
    assert code.example == "e"
    assert [child.name for child in code.children] == ["b"]
    assert codebook.sets[0].member_guids == ["0dcef2f5-e55c-49da-8c33-9b0803c7aeb4"]
    assert any("not in the codebook" in warning for warning in codebook.warnings)


def test_parse_code_elements_is_reusable_on_any_codes_element(samples: Path) -> None:
    root = etree.fromstring((samples / ATLAS_QDE).read_bytes())
    codes_element = next(el for el in root.iter() if etree.QName(el).localname == "Codes")
    warnings: list[str] = []
    nodes = parse_code_elements(codes_element, warnings=warnings)
    assert len(nodes) == 14 and warnings == []
    assert list(walk(nodes))[0][1].name == "happiness"
    assert normalize_guid(nodes[0].guid) == nodes[0].guid


# ------------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"this is not xml", "not well-formed XML"),
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"<CodeBook><Codes>", "not well-formed XML"),
        (b"PK\x03\x04\x14\x00\x00\x00binary", "not well-formed XML"),
        (b"<html><body/></html>", "the XML is <html>, expected <CodeBook>"),
        (b'<Codes xmlns="urn:QDA-XML:codebook:1.0"/>', "the XML is <Codes>"),
    ],
)
def test_bad_input_gives_one_line_codebook_error(data: bytes, message: str) -> None:
    with pytest.raises(CodebookError) as caught:
        read_qdc(data)
    text = str(caught.value)
    assert message in text
    assert "\n" not in text


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="'nope.qdc': the file does not exist"):
        read_qdc(tmp_path / "nope.qdc")
    with pytest.raises(CodebookError, match="folder"):
        read_qdc(tmp_path)


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.qdc"
    with path.open("wb") as handle:  # sparse: 50 MB + 1 byte without writing them
        handle.truncate(50 * 1024 * 1024 + 1)
    with pytest.raises(CodebookError, match="larger than 50 MB"):
        read_qdc(path)


def test_oversize_bytes_are_refused(monkeypatch) -> None:
    monkeypatch.setattr(codebook_module, "MAX_XML_BYTES", 1000)
    small = codebook_to_xml(Codebook(codes=[CodebookNode("a", new_guid(), None)]))
    assert read_qdc(small).codes
    big = codebook_to_xml(Codebook(codes=[CodebookNode("a" * 2000, new_guid(), None)]))
    with pytest.raises(CodebookError, match="larger than 1000 bytes"):
        read_qdc(big)


def test_nesting_limit_on_write_and_read() -> None:
    def chain(depth: int) -> CodebookNode:
        node = CodebookNode("leaf", new_guid(), None)
        for level in range(depth - 1):
            node = CodebookNode(f"c{level}", new_guid(), None, children=[node])
        return node

    deep = Codebook(codes=[chain(codebook_module.MAX_CODE_DEPTH)])
    again = read_qdc(codebook_to_xml(deep))
    assert max(depth for depth, _ in again.walk()) == codebook_module.MAX_CODE_DEPTH
    with pytest.raises(CodebookError, match="nested more than"):
        codebook_to_xml(Codebook(codes=[chain(codebook_module.MAX_CODE_DEPTH + 1)]))
    looped = CodebookNode("loop", new_guid(), None)
    looped.children.append(looped)
    with pytest.raises(CodebookError, match="nested more than"):
        codebook_to_xml(Codebook(codes=[looped]))
    too_deep_file = (
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        + b'<Code guid="%s" name="x" isCodable="true">' * 300
        + b"</Code>" * 300
        + b"</Codes></CodeBook>"
    )
    with pytest.raises(CodebookError, match="not well-formed XML"):
        read_qdc(too_deep_file % tuple(new_guid().encode() for _ in range(300)))
