"""CSV codebooks: the columns other tools write, delimiters, encodings, nesting, refusals."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from glocal_annotator.cli_export import import_codebook
from glocal_annotator.errors import CodebookError
from glocal_annotator.model import Codebook, CodebookNode
from glocal_annotator.operations.codebook_merge_plan import ADD, UNCHANGED, plan_codebook_import
from glocal_annotator.project import Project
from glocal_annotator.refi.codebook_csv import (
    codebook_csv_text,
    read_codebook_csv,
    write_codebook_csv,
)


def write(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "book.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def tree(codebook: Codebook) -> list[tuple[int, str]]:
    return [(depth, node.name) for depth, node in codebook.walk()]


def test_taguette_tag_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "tag,description,number of highlights\r\n"
        "interesting,Something worth a second look,12\r\n"
        '"people, places","A long description\nover two lines",3\r\n'
        "  spaced   out  ,,0\r\n",
    )
    codebook = read_codebook_csv(path)
    assert tree(codebook) == [(1, "interesting"), (1, "people, places"), (1, "spaced out")]
    first, second, third = codebook.codes
    assert first.short_definition == "Something worth a second look"
    assert second.definition == "A long description\nover two lines"
    assert third.short_definition == "" and third.guid == "" and third.color is None
    assert codebook.warnings == []


def test_path_column_with_slashes_nests_and_creates_missing_parents(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Path,Colour,Memo\n"
        "Hybridization,#f2a65a,\n"
        'Hybridization/Creolization,"rgb(246, 170, 146)",mixing\n'
        "Homogenization/Westernization/Fast food,,\n",
    )
    codebook = read_codebook_csv(path)
    assert tree(codebook) == [
        (1, "Hybridization"),
        (2, "Creolization"),
        (1, "Homogenization"),
        (2, "Westernization"),
        (3, "Fast food"),
    ]
    hybrid = codebook.codes[0]
    assert hybrid.color == "#F2A65A"
    assert (hybrid.children[0].color, hybrid.children[0].memo) == ("#F6AA92", "mixing")
    assert codebook.warnings == []


def test_rows_longer_than_the_header_are_warned_about(tmp_path: Path) -> None:
    codebook = read_codebook_csv(write(tmp_path, "name,colour\nA,rgb(1, 2, 3)\n"))
    assert codebook.codes[0].name == "A"
    assert "Row 2 has more cells than the header" in codebook.warnings[0]


@pytest.mark.parametrize("separator", [" > ", "\\"])
def test_other_path_separators(tmp_path: Path, separator: str) -> None:
    rows = ["code path", f"A{separator}B", f"A{separator}B{separator}C/D"]
    codebook = read_codebook_csv(write(tmp_path, "\n".join(rows)))
    assert tree(codebook) == [(1, "A"), (2, "B"), (3, "C/D")]


def test_semicolon_delimiter_with_bom_and_description_layout(tmp_path: Path) -> None:
    description = 'Short definition: brief\nWhen to use: always; really\n\nExample: "yes"'
    text = "\ufeffNAME;Definition;Description;Color\n" + (
        f'Küche 🍜;long one;"{description.replace(chr(34), chr(34) * 2)}";#0a0\nZweite;;;\n'
    )
    path = write(tmp_path, text)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    first, second = read_codebook_csv(path).codes
    assert first.name == "Küche 🍜"
    assert first.short_definition == "brief"
    assert first.definition == "long one"
    assert first.when_to_use == "always; really"
    assert first.example == '"yes"'
    assert first.color == "#00AA00"
    assert second.name == "Zweite"


def test_parent_column_and_duplicate_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "code\tparent\tmemo\tcodable\n"
        "Parent\t\tfirst\tno\n"
        "Child\tParent\t\t\n"
        "parent\t\tsecond\t\n"
        "\t\tnothing\t\n",
    )
    codebook = read_codebook_csv(path)
    assert tree(codebook) == [(1, "Parent"), (2, "Child")]
    assert codebook.codes[0].memo == "first"  # the second row only fills empty fields
    assert codebook.codes[0].codable is False
    assert any("Row 5" in warning for warning in codebook.warnings)


def test_excel_sep_line(tmp_path: Path) -> None:
    codebook = read_codebook_csv(write(tmp_path, "sep=;\r\nCode;Comment\r\na, b;note\r\n"))
    assert [(node.name, node.memo) for node in codebook.codes] == [("a, b", "note")]


def test_a_single_column_file(tmp_path: Path) -> None:
    codebook = read_codebook_csv(write(tmp_path, "Name\nOne\nTwo\n"))
    assert tree(codebook) == [(1, "One"), (1, "Two")]


def test_windows_1252_is_read_with_a_warning(tmp_path: Path) -> None:
    codebook = read_codebook_csv(write(tmp_path, "tag\ncafé\n", encoding="cp1252"))
    assert codebook.codes[0].name == "café"
    assert "Windows-1252" in codebook.warnings[0]


def test_utf16_with_bom(tmp_path: Path) -> None:
    codebook = read_codebook_csv(write(tmp_path, "\ufefftag\tdescription\nözel\tx\n",
                                       encoding="utf-16-le"))  # fmt: skip
    assert codebook.codes[0].name == "özel"


def test_guid_column_is_used_when_valid(tmp_path: Path) -> None:
    guid = "ABCDEF00-1111-2222-3333-444455556666"
    codebook = read_codebook_csv(write(tmp_path, f"name,guid\nA,{{{guid}}}\nB,not-a-guid\n"))
    assert [node.guid for node in codebook.codes] == [guid.lower(), ""]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"document,text\nfoo.txt,hello\n", "no code column"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (b"tag\n\x01\x02\x03\n", "binary"),
        (b"", "no code column"),
        (b"tag,description\n,\n", "holds no codes"),
        (b"tag\n\x81\x8d\x8f\n", "encoding is uncertain"),  # Cyrillic? Arabic? Greek?
    ],
)
def test_bad_csv_is_refused_in_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CodebookError) as caught:
        read_codebook_csv(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value) and "'bad.csv'" in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="does not exist"):
        read_codebook_csv(tmp_path / "nope.csv")


def test_write_and_read_back(tmp_path: Path) -> None:
    codebook = Codebook(
        [
            CodebookNode(
                "A / slash", "11111111-1111-1111-1111-111111111111", "#ABCDEF", codable=False,
                definition="two\nlines, with comma", memo='"quoted"',
                children=[CodebookNode("B", "22222222-2222-2222-2222-222222222222", None)],
            )
        ]
    )  # fmt: skip
    path = tmp_path / "out.csv"
    write_codebook_csv(codebook, path)
    assert read_codebook_csv(path).codes == codebook.codes
    flat = Codebook([CodebookNode("Yes/No", "33333333-3333-3333-3333-333333333333", None)])
    assert codebook_csv_text(flat).startswith("name,")
    write_codebook_csv(flat, path)
    assert [node.name for node in read_codebook_csv(path).codes] == ["Yes/No"]
    with pytest.raises(CodebookError):
        write_codebook_csv(Codebook([]), tmp_path / "empty.csv")


def test_csv_import_into_a_project_matches_by_path(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.glocal") as project:
        path = write(
            tmp_path,
            "path;description;colour\n"
            "hybridization/creolization;;\n"  # exists (case differs): unchanged
            "Hybridization/Tourism;Global forms sold as local;#112233\n",
        )
        plan = plan_codebook_import(project.codes(), read_codebook_csv(path))
        assert [(item.path, item.action, item.matched_by) for item in plan.items] == [
            ("hybridization", UNCHANGED, "path"),
            ("hybridization/creolization", UNCHANGED, "path"),
            ("hybridization/Tourism", ADD, ""),
        ]
        assert not any(item.notes for item in plan.items)  # no GUID in a CSV, nothing to say
        line = import_codebook(project, path, False, out=io.StringIO())
        assert line.endswith("1 added, 0 updated, 2 unchanged.")
        tourism = project.find_code("Hybridization/Tourism")
        assert tourism.short_definition == "Global forms sold as local"
        assert tourism.color == "#112233"
        assert len(tourism.guid) == 36
        again = plan_codebook_import(project.codes(), read_codebook_csv(path))
        assert not again.has_changes
