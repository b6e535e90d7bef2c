"""Codebook exchange for a project: export, read by suffix, plan a merge, apply, undo, CLI.

The plan itself is :mod:`glocal_annotator.operations.codebook_merge_plan`; the files it reads come
through :mod:`glocal_annotator.refi.codebook_files`, and the CLI prints it
(:func:`glocal_annotator.cli_export.import_codebook`)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import asdict
from pathlib import Path

import pytest
from lxml import etree

from glocal_annotator.cli_export import import_codebook
from glocal_annotator.errors import CodebookError
from glocal_annotator.exporters.codebook_refi import export_project_codebook
from glocal_annotator.model import CODE_TEXT_FIELDS as FIELD_NAMES
from glocal_annotator.model import Codebook, CodebookNode
from glocal_annotator.operations.codebook_merge_plan import (
    ADD,
    UNCHANGED,
    UPDATE,
    plan_codebook_import,
)
from glocal_annotator.project import Project
from glocal_annotator.refi.codebook import read_qdc, write_qdc
from glocal_annotator.refi.codebook_files import read_codebook_file
from glocal_annotator.refi.guids import new_guid

SAMPLE_COUNTS = {
    "01_atlasti-win-23.2.3_blank-atlas-project.qdpx": 0,
    "02_atlasti-win-23.2.3_target-atlas-project.qdpx": 3,
    "04_nvivo-mac-15.0.0_nvivo_project.qdpx": 262,
    "06_taguette-1.4.1_codebook.qdc": 3,
    "07_atlasti-win-23.4.0_requal-test-embedded.qdc": 1,
    "08_atlasti-mac-8.4.0_spec-example-A2_Project.qde": 14,
}


def snapshot(project: Project) -> list[dict]:
    """Every code with every stored column, for exact comparisons."""
    return [asdict(code) for code in project.codes()]


def comparable(project: Project) -> dict[str, tuple]:
    """Codes by path: what must survive an exchange (ids and counts aside)."""
    return {
        code.path: (
            code.guid,
            code.color,
            code.codable,
            *(getattr(code, name) for name in FIELD_NAMES),
        )
        for code in project.codes()
    }


@pytest.fixture
def default_project(tmp_path: Path):
    with Project.create(tmp_path / "default.glocal") as project:
        yield project


@pytest.fixture
def empty_project(tmp_path: Path):
    with Project.create(tmp_path / "empty.glocal", default_codebook=False) as project:
        yield project


def node(name: str, guid: str | None = None, **kwargs) -> CodebookNode:
    return CodebookNode(
        name=name, guid=guid or new_guid(), color=kwargs.pop("color", None), **kwargs
    )


# ------------------------------------------------------------------------------------------ export


def test_default_codebook_exports_valid_and_imports_identically(
    default_project: Project, empty_project: Project, tmp_path: Path, codebook_schema
) -> None:
    target = tmp_path / "glocal.qdc"
    assert export_project_codebook(default_project, target) == 24
    codebook_schema.validate(etree.fromstring(target.read_bytes()))
    text = target.read_text(encoding="utf-8")
    assert "Short definition:" in text and "When not to use:" in text

    plan = plan_codebook_import(empty_project.codes(), read_codebook_file(target))
    assert plan.counts() == {ADD: 24, UPDATE: 0, UNCHANGED: 0}
    assert [item.guid for item in plan.items] == [c.guid for c in default_project.codes()]
    change = empty_project.apply_codebook_plan(plan)
    assert change.result == {"added": 24, "updated": 0, "unchanged": 0}

    original, copied = comparable(default_project), comparable(empty_project)
    assert list(copied) == list(original)  # same paths in the same order
    assert copied == original  # guid, colour, codable and every entry field
    assert any(values[3] for values in original.values())  # the fields are not all empty
    # The nesting: sub-codes under their parents.
    assert "Hybridization/Creolization" in copied


def test_round_trip_into_the_same_project_changes_nothing(
    default_project: Project, tmp_path: Path
) -> None:
    target = tmp_path / "same.qdc"
    export_project_codebook(default_project, target)
    before = snapshot(default_project)
    plan = plan_codebook_import(default_project.codes(), read_codebook_file(target))
    assert plan.summary() == "0 to add, 0 to update, 24 unchanged"
    assert all(item.matched_by == "guid" and not item.notes for item in plan.items)
    change = default_project.apply_codebook_plan(plan)
    assert change.summary.is_empty
    assert snapshot(default_project) == before


def test_export_of_an_empty_codebook_is_refused(empty_project: Project, tmp_path: Path) -> None:
    target = tmp_path / "none.qdc"
    with pytest.raises(CodebookError) as caught:
        export_project_codebook(empty_project, target)
    assert "\n" not in str(caught.value) and "no codes" in str(caught.value)
    assert not target.exists()


def test_export_keeps_folders_and_deep_nesting(empty_project: Project, tmp_path: Path) -> None:
    folder = empty_project.add_code("Folder", codable=False, color="#123456").result
    middle = empty_project.add_code("Middle", folder, memo="a memo\nline 2").result
    empty_project.add_code("Leaf", middle, example="Example: quoted\n  indented")
    target = tmp_path / "deep.qdc"
    export_project_codebook(empty_project, target)
    read = read_qdc(target)
    (top,) = read.codes
    assert (top.name, top.codable, top.color) == ("Folder", False, "#123456")
    assert top.children[0].memo == "a memo\nline 2"
    assert top.children[0].children[0].example == "Example: quoted\n  indented"
    assert Codebook.from_codes(empty_project.codes()).codes == read.codes


def test_export_to_csv_and_back(default_project: Project, empty_project: Project, tmp_path):
    target = tmp_path / "glocal.csv"
    export_project_codebook(default_project, target)
    assert target.read_bytes().startswith(b"\xef\xbb\xbfpath,")
    import_codebook(empty_project, target, dry_run=False, out=io.StringIO())
    assert comparable(empty_project) == comparable(default_project)
    plan = plan_codebook_import(default_project.codes(), read_codebook_file(target))
    assert plan.counts()[UNCHANGED] == 24 and not plan.has_changes


# ----------------------------------------------------------------------------------------- samples


@pytest.mark.parametrize("name", sorted(SAMPLE_COUNTS))
def test_every_sample_imports_into_an_empty_project_once(
    name: str, samples: Path, empty_project: Project
) -> None:
    codebook = read_codebook_file(samples / name)
    plan = plan_codebook_import(empty_project.codes(), codebook)
    assert plan.counts() == {ADD: SAMPLE_COUNTS[name], UPDATE: 0, UNCHANGED: 0}
    empty_project.apply_codebook_plan(plan)
    codes = empty_project.codes()
    assert len(codes) == SAMPLE_COUNTS[name]
    incoming = {n.guid for _, n in codebook.walk()}
    assert {code.guid for code in codes} == incoming  # the file's GUIDs are kept
    for _, incoming_node in codebook.walk():
        if incoming_node.color:
            assert incoming_node.color in {code.color for code in codes}
    again = plan_codebook_import(empty_project.codes(), read_codebook_file(samples / name))
    assert again.counts() == {ADD: 0, UPDATE: 0, UNCHANGED: SAMPLE_COUNTS[name]}


@pytest.mark.parametrize("name", sorted(SAMPLE_COUNTS))
def test_every_sample_merges_into_the_default_codebook_without_loss(
    name: str, samples: Path, default_project: Project
) -> None:
    before = snapshot(default_project)
    result = import_codebook(default_project, samples / name, False, out=io.StringIO())
    assert "\n" not in result
    after = snapshot(default_project)
    assert len(after) == 24 + SAMPLE_COUNTS[name]
    kept = {code["id"]: code for code in after}
    for code in before:
        assert kept[code["id"]] == code  # nothing existing lost or changed
    second = import_codebook(default_project, samples / name, False, out=io.StringIO())
    assert second.startswith("Nothing to import")
    assert snapshot(default_project) == after


def test_nvivo_sample_keeps_its_six_levels(samples: Path, empty_project: Project) -> None:
    path = samples / "04_nvivo-mac-15.0.0_nvivo_project.qdpx"
    import_codebook(empty_project, path, False, out=io.StringIO())
    codes = empty_project.codes()
    assert len(codes) == 262
    assert max(code.path.count("/") for code in codes) == 6
    assert [c.name for c in codes if c.parent_id is None] == [
        "rq1_definition",
        "rq2_curriculum_and_instruction",
        "rq3_process",
    ]


def test_sample_with_sets_and_descriptions(samples: Path, empty_project: Project) -> None:
    path = samples / "08_atlasti-mac-8.4.0_spec-example-A2_Project.qde"
    plan = plan_codebook_import(empty_project.codes(), read_codebook_file(path))
    assert any("5 code sets were not imported" in note for note in plan.notes)
    empty_project.apply_codebook_plan(plan)
    coke = empty_project.find_code("Coke")
    assert (coke.color, coke.short_definition) == ("#966450", "the breakfast of champions")
    assert empty_project.find_code('"rushed"').guid == "9f43fe32-c2cb-4ba8-b766-a0734c826e49"
    assert empty_project.find_code("milk").color.startswith("#")  # a palette colour


# ------------------------------------------------------------------------------------- merge rules


@pytest.fixture
def small(empty_project: Project) -> Project:
    """Parent (with a child and fields) and Other at the top level."""
    project = empty_project
    parent = project.add_code(
        "Parent", guid="11111111-1111-1111-1111-111111111111", color="#AA0000",
        short_definition="ours short", definition="ours long",
    ).result  # fmt: skip
    project.add_code("Child", parent, guid="22222222-2222-2222-2222-222222222222", color="#00AA00")
    project.add_code("Other", guid="33333333-3333-3333-3333-333333333333", color="#0000AA")
    return project


def test_guid_match_with_another_name_renames(small: Project) -> None:
    incoming = Codebook([node("Parent renamed", "{11111111-1111-1111-1111-111111111111}")])
    plan = plan_codebook_import(small.codes(), incoming)
    (item,) = plan.items
    assert (item.action, item.matched_by, list(item.changes)) == (UPDATE, "guid", ["name"])
    small.apply_codebook_plan(plan)
    assert small.find_code("Parent renamed").guid == "11111111-1111-1111-1111-111111111111"
    assert small.find_code("Parent renamed/Child").short_definition == ""


def test_rename_onto_a_sibling_name_keeps_ours(small: Project) -> None:
    incoming = Codebook([node("other", "11111111-1111-1111-1111-111111111111")])
    (item,) = plan_codebook_import(small.codes(), incoming).items
    assert item.action == UNCHANGED and "keeps its name 'Parent'" in item.notes[0]


def test_name_match_with_another_guid_keeps_our_guid(small: Project) -> None:
    theirs = new_guid()
    incoming = Codebook([node("parent", theirs, children=[node("CHILD", new_guid())])])
    plan = plan_codebook_import(small.codes(), incoming)
    assert [(i.action, i.matched_by) for i in plan.items] == [
        (UNCHANGED, "path"),
        (UNCHANGED, "path"),
    ]
    assert theirs in plan.items[0].notes[0] and "keeps its GUID" in plan.items[0].notes[0]
    small.apply_codebook_plan(plan)
    assert small.find_code("Parent").guid == "11111111-1111-1111-1111-111111111111"


def test_name_under_a_parent_matched_by_guid(small: Project) -> None:
    incoming = Codebook(
        [node("Renamed", "11111111-1111-1111-1111-111111111111", children=[node("child")])]
    )
    plan = plan_codebook_import(small.codes(), incoming)
    assert [(i.action, i.matched_by) for i in plan.items] == [(UPDATE, "guid"), (UNCHANGED, "name")]


def test_empty_fields_never_blank_ours_and_changes_are_listed(small: Project) -> None:
    incoming = Codebook(
        [
            node(
                "Parent", "11111111-1111-1111-1111-111111111111", color="#aa0000",
                short_definition="", definition="  ours long\r\n", example="new example",
                children=[node("Child", "22222222-2222-2222-2222-222222222222", color="#123456")],
            )
        ]
    )  # fmt: skip
    plan = plan_codebook_import(small.codes(), incoming)
    assert [(i.action, list(i.changes)) for i in plan.items] == [
        (UPDATE, ["example"]),
        (UPDATE, ["color"]),
    ]
    assert plan.summary() == "0 to add, 2 to update, 0 unchanged"
    small.apply_codebook_plan(plan)
    parent = small.find_code("Parent")
    assert (parent.short_definition, parent.definition, parent.example) == (
        "ours short",
        "ours long",
        "new example",
    )
    assert small.find_code("Parent/Child").color == "#123456"


def test_adds_go_under_matched_and_added_parents(small: Project) -> None:
    used = "33333333-3333-3333-3333-333333333333"
    fresh = new_guid()
    incoming = Codebook(
        [
            node("Parent", children=[node("New kid", fresh, color="rgb(1,2,3)")]),
            node("Brand new", codable=False, children=[node("Grandchild", memo="m")]),
            node("Dup"),
            node("dup"),
            node("Other", used),  # matched by GUID
            node("Also other", used),  # the same GUID again: a new one is given
        ]
    )
    plan = plan_codebook_import(small.codes(), incoming)
    actions = [(i.path, i.action) for i in plan.items]
    assert actions == [
        ("Parent", UNCHANGED),
        ("Parent/New kid", ADD),
        ("Brand new", ADD),
        ("Brand new/Grandchild", ADD),
        ("Dup", ADD),
        ("dup", ADD),
        ("Other", UNCHANGED),
        ("Also other", ADD),
    ]
    assert plan.items[5].name == "dup (2)"
    assert plan.items[7].guid != used and "GUID is used" in plan.items[7].notes[0]
    result = small.apply_codebook_plan(plan).result
    assert result == {"added": 6, "updated": 0, "unchanged": 2}
    kid = small.find_code("Parent/New kid")
    assert (kid.guid, kid.color) == (fresh, "#010203")
    assert small.find_code("Brand new").codable is False
    assert small.find_code("Brand new/Grandchild").memo == "m"
    assert small.find_code("dup (2)").parent_id is None
    # Importing the same codebook again adds nothing and changes nothing.
    assert not plan_codebook_import(small.codes(), incoming).has_changes


def test_matched_codes_are_never_moved_or_refolded(small: Project) -> None:
    incoming = Codebook(
        [node("Elsewhere", children=[node("Child", "22222222-2222-2222-2222-222222222222",
                                          codable=False)])]
    )  # fmt: skip
    plan = plan_codebook_import(small.codes(), incoming)
    child = plan.items[1]
    assert child.action == UNCHANGED
    assert any("stays under 'Parent'" in note for note in child.notes)
    assert any("not codable" in note for note in child.notes)
    small.apply_codebook_plan(plan)
    moved = small.find_code("Child")
    assert moved.path == "Parent/Child" and moved.codable


def test_nvivo_nodes_wrapper_is_unwrapped(small: Project) -> None:
    incoming = Codebook([node("Nodes", codable=False, children=[node("Parent"), node("Fresh")])])
    plan = plan_codebook_import(small.codes(), incoming)
    assert [(i.path, i.action) for i in plan.items] == [("Parent", UNCHANGED), ("Fresh", ADD)]
    assert "'Nodes'" in plan.notes[0]
    small.apply_codebook_plan(plan)
    assert small.find_code("Fresh").parent_id is None
    assert all(code.name != "Nodes" for code in small.codes())


def test_a_nodes_code_with_content_is_kept(small: Project) -> None:
    incoming = Codebook([node("Nodes", definition="a real code", children=[node("x")])])
    plan = plan_codebook_import(small.codes(), incoming)
    assert [i.path for i in plan.items] == ["Nodes", "Nodes/x"]


# ------------------------------------------------------------------------------------ undo, safety


def test_undo_restores_the_codebook_exactly(small: Project, samples: Path) -> None:
    before = snapshot(small)
    incoming = Codebook(
        [
            node("Renamed", "11111111-1111-1111-1111-111111111111", when_to_use="w",
                 color="#FFFFFF", children=[node("Kid")]),
            node("New"),
        ]
    )  # fmt: skip
    change = small.apply_codebook_plan(plan_codebook_import(small.codes(), incoming))
    assert change.result == {"added": 2, "updated": 1, "unchanged": 0}
    after = snapshot(small)
    redo = change.undo()
    assert snapshot(small) == before
    redo.undo()
    assert snapshot(small) == after

    nvivo = read_codebook_file(samples / "04_nvivo-mac-15.0.0_nvivo_project.qdpx")
    big = small.apply_codebook_plan(plan_codebook_import(small.codes(), nvivo))
    big.undo()
    assert snapshot(small) == after


def test_a_stale_plan_is_refused(small: Project) -> None:
    plan = plan_codebook_import(small.codes(), Codebook([node("New")]))
    small.update_code(small.find_code("Other").id, memo="edited meanwhile")
    before = snapshot(small)
    with pytest.raises(CodebookError, match="preview it again"):
        small.apply_codebook_plan(plan)
    assert snapshot(small) == before


def test_a_plan_applies_once(small: Project) -> None:
    plan = plan_codebook_import(small.codes(), Codebook([node("New")]))
    small.apply_codebook_plan(plan)
    after = snapshot(small)
    with pytest.raises(CodebookError, match="preview it again"):
        small.apply_codebook_plan(plan)
    assert snapshot(small) == after


def test_listeners_hear_one_change(small: Project) -> None:
    heard = []
    small.subscribe(heard.append)
    small.apply_codebook_plan(plan_codebook_import(small.codes(), Codebook([node("A"), node("B")])))
    assert len(heard) == 1
    added = {c.id for c in small.codes() if c.name in ("A", "B")}
    assert heard[0].summary.codes_restructured == added


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="44444444-4444-4444-4444-444444444444" name="&lol3;" isCodable="true"/>
</Codes></CodeBook>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="44444444-4444-4444-4444-444444444444" name="&xxe;" isCodable="true"/>
</Codes></CodeBook>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "xxe"])
def test_hostile_codebooks_are_refused_and_change_nothing(
    data: bytes, small: Project, tmp_path: Path
) -> None:
    before = snapshot(small)
    for suffix in (".qdc", ".qdpx"):
        path = tmp_path / f"hostile{suffix}"
        if suffix == ".qdc":
            path.write_bytes(data)
        else:
            with zipfile.ZipFile(path, "w") as archive:
                archive.writestr("project.qde", data)
        out = io.StringIO()
        with pytest.raises(CodebookError) as caught:
            import_codebook(small, path, dry_run=False, out=out)
        assert "\n" not in str(caught.value) and "entit" in str(caught.value)
        assert out.getvalue() == ""
    assert snapshot(small) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("escape.qdpx", {"../evil.qde": b"<x/>"}, "outside"),
        ("noqde.qdpx", {"sources/a.txt": b"hi"}, "no .qde"),
        ("broken.qdc", b"<CodeBook><Codes>", "well-formed"),
        ("other.qdc", b"<html/>", "not a REFI-QDA codebook"),
        ("notes.docx", b"PK", "not a codebook file"),
        ("missing.qdc", None, "does not exist"),
    ],
)
def test_bad_files_give_one_line(name, content, message, small: Project, tmp_path) -> None:
    path = tmp_path / name
    if isinstance(content, dict):
        with zipfile.ZipFile(path, "w") as archive:
            for entry, data in content.items():
                archive.writestr(entry, data)
    elif content is not None:
        path.write_bytes(content)
    before = snapshot(small)
    with pytest.raises(CodebookError) as caught:
        import_codebook(small, path, dry_run=False, out=io.StringIO())
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert snapshot(small) == before


# ------------------------------------------------------------------------------------------- CLI


def test_cli_dry_run_previews_and_changes_nothing(small: Project, tmp_path: Path) -> None:
    codebook = Codebook(
        [
            node("Parent", "11111111-1111-1111-1111-111111111111", color="#BBBBBB"),
            node("Added", children=[node("Below")]),
        ]
    )
    path = tmp_path / "theirs.qdc"
    write_qdc(codebook, path)
    before = snapshot(small)
    out = io.StringIO()
    line = import_codebook(small, path, dry_run=True, out=out)
    assert line == (
        "Dry run, nothing changed: theirs.qdc would give 2 to add, 1 to update, 0 unchanged."
    )
    printed = out.getvalue().splitlines()
    assert printed == [
        "update  Parent: colour",
        "add     Added",
        "add     Added/Below",
        "Plan: 2 to add, 1 to update, 0 unchanged.",
    ]
    assert snapshot(small) == before
    line = import_codebook(small, path, dry_run=False, out=io.StringIO())
    assert line == "Imported theirs.qdc: 2 added, 1 updated, 0 unchanged."
    assert small.find_code("Added/Below").guid
    assert small.find_code("Parent").color == "#BBBBBB"


def test_cli_on_a_read_only_project_can_still_preview(tmp_path: Path) -> None:
    path = tmp_path / "theirs.qdc"
    write_qdc(Codebook([node("Added")]), path)
    Project.create(tmp_path / "ro.glocal").close()
    with Project.open(tmp_path / "ro.glocal", read_only=True) as readonly:
        line = import_codebook(readonly, path, dry_run=True, out=io.StringIO())
        assert "1 to add" in line
