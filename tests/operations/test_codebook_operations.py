"""Every codebook operation, its effect in the file, and its inverse."""

from __future__ import annotations

import pytest

from glocal_annotator.errors import InvalidOperation, NotFound
from tests.projects import add_text, empty_project


@pytest.fixture
def project(tmp_path):
    with empty_project(tmp_path) as project:
        yield project


def _snapshot(project):
    return (
        [
            (c.id, c.guid, c.path, c.position, c.color, c.definition, c.memo)
            for c in project.codes()
        ],
        [(c.id, c.code_id, c.start, c.end) for c in project.codings()],
    )


def _check_undo_redo(project, change):
    after = _snapshot(project)
    inverse = change.undo()
    undone = _snapshot(project)
    redo = inverse.undo()
    assert _snapshot(project) == after
    redo.undo()
    assert _snapshot(project) == undone
    return undone


def test_add_code_with_fields_and_undo(project):
    before = _snapshot(project)
    change = project.add_code(
        "Hybridization", color="#aabbcc", definition="Mixing.", when_to_use="When mixed."
    )
    code = project.code(change.result)
    assert (code.name, code.color, code.definition, code.when_to_use) == (
        "Hybridization",
        "#AABBCC",
        "Mixing.",
        "When mixed.",
    )
    assert _check_undo_redo(project, change) == before


def test_sibling_names_are_unique_case_insensitively(project):
    parent = project.add_code("Parent").result
    project.add_code("Child", parent)
    with pytest.raises(InvalidOperation, match="exists under the same parent"):
        project.add_code("child", parent)
    project.add_code("Child")  # same name elsewhere is fine
    with pytest.raises(InvalidOperation, match="needs a name"):
        project.add_code("   ")


def test_bad_colour_is_refused(project):
    code = project.add_code("A").result
    with pytest.raises(InvalidOperation, match="#RRGGBB"):
        project.recolor_code(code, "red")
    change = project.recolor_code(code, "#123456")
    assert project.code(code).color == "#123456"
    change.undo()
    assert project.code(code).color != "#123456"


def test_new_codes_get_distinct_colours(project):
    colours = {project.code(project.add_code(f"C{i}").result).color for i in range(10)}
    assert len(colours) == 10


def test_rename_and_edit_fields_undo(project):
    code = project.add_code("Old").result
    rename = project.rename_code(code, "New")
    assert project.code(code).name == "New"
    edit = project.update_code(code, definition="Full.", memo="Why.", codable=False)
    assert (project.code(code).definition, project.code(code).codable) == ("Full.", False)
    edit.undo()
    assert (project.code(code).definition, project.code(code).codable) == ("", True)
    rename.undo()
    assert project.code(code).name == "Old"
    with pytest.raises(InvalidOperation, match="no field"):
        project.update_code(code, colour="#000000")


def test_move_reparent_reorder_and_cycles(project):
    a = project.add_code("A").result
    b = project.add_code("B").result
    c = project.add_code("C").result
    child = project.add_code("Child", a).result
    change = project.move_code(c, None, 0)
    assert [x.name for x in project.codes()] == ["C", "A", "Child", "B"]
    _check_undo_redo(project, change)
    change = project.move_code(b, a, 0)
    assert [x.path for x in project.codes() if x.parent_id == a] == ["A/B", "A/Child"]
    assert project.code(b).path == "A/B"
    _check_undo_redo(project, change)
    with pytest.raises(InvalidOperation, match="inside itself"):
        project.move_code(a, child)
    with pytest.raises(InvalidOperation, match="inside itself"):
        project.move_code(a, a)
    positions = sorted(x.position for x in project.codes() if x.parent_id is None)
    assert positions == list(range(len(positions)))


def test_move_refuses_name_clash(project):
    a = project.add_code("A").result
    project.add_code("X", a)
    x = project.add_code("X").result
    with pytest.raises(InvalidOperation, match="exists"):
        project.move_code(x, a)


def test_delete_code_takes_subtree_and_codings_and_undo_restores_all(project):
    doc = add_text(project, "d.txt", "one two three four five six")
    parent = project.add_code("Parent").result
    child = project.add_code("Child", parent).result
    grandchild = project.add_code("Grandchild", child).result
    keep = project.add_code("Keep").result
    project.add_coding(doc, parent, 0, 3)
    project.add_coding(doc, grandchild, 4, 7, memo="memo survives")
    project.add_coding(doc, keep, 8, 13)
    before = _snapshot(project)
    change = project.delete_code(parent)
    assert change.result == 2
    assert [c.name for c in project.codes()] == ["Keep"]
    assert project.code(keep).position == 0
    assert [c.code_id for c in project.codings()] == [keep]
    change.undo()
    assert _snapshot(project) == before
    assert [c.memo for c in project.codings(code_ids=[grandchild])] == ["memo survives"]


def test_merge_moves_codings_collapses_duplicates_and_children(project):
    doc = add_text(project, "d.txt", "alpha beta gamma delta epsilon")
    source = project.add_code("Source", memo="source memo").result
    target = project.add_code("Target", memo="target memo").result
    shared_child_src = project.add_code("Shared", source).result
    shared_child_tgt = project.add_code("Shared", target).result
    only_child = project.add_code("Only", source).result
    project.add_coding(doc, source, 0, 5)  # duplicate of a target coding: collapses
    project.add_coding(doc, target, 0, 5)
    project.add_coding(doc, source, 6, 10)  # moves
    project.add_coding(doc, shared_child_src, 11, 16)
    project.add_coding(doc, shared_child_tgt, 11, 16)  # duplicate inside merged child
    before = _snapshot(project)
    change = project.merge_codes(source, target)
    assert [c.path for c in project.codes()] == ["Target", "Target/Shared", "Target/Only"]
    target_codings = sorted((c.start, c.end) for c in project.codings(code_ids=[target]))
    assert target_codings == [(0, 5), (6, 10)]
    assert len(project.codings(code_ids=[shared_child_tgt])) == 1
    assert project.code(target).memo == "target memo\n\nsource memo"
    assert project.code(only_child).parent_id == target
    change.undo()
    assert _snapshot(project) == before
    with pytest.raises(InvalidOperation):
        project.merge_codes(target, target)
    with pytest.raises(InvalidOperation, match="own sub-codes"):
        project.merge_codes(target, shared_child_tgt)


def test_find_code_by_name_or_path(project):
    hyb = project.add_code("Hybridization").result
    creo = project.add_code("Creolization", hyb).result
    other = project.add_code("Other").result
    project.add_code("Creolization", other)
    assert project.find_code("hybridization/creolization").id == creo
    assert project.find_code("HYBRIDIZATION").id == hyb
    with pytest.raises(NotFound, match="2 codes: /Hybridization/Creolization, /Other/Creo"):
        project.find_code("creolization")
    with pytest.raises(NotFound, match="no code named"):
        project.find_code("nothing")


def test_undo_refuses_when_rows_changed_since(project):
    code = project.add_code("A").result
    rename = project.rename_code(code, "B")
    project.rename_code(code, "C")
    with pytest.raises(InvalidOperation, match="changed since"):
        rename.undo()
    assert project.code(code).name == "C"


def test_listeners_hear_changes_and_undo(project):
    heard = []
    unsubscribe = project.subscribe(heard.append)
    change = project.add_code("A")
    change.undo()
    assert [c.summary.codes_restructured for c in heard] == [{change.result}, {change.result}]
    unsubscribe()
    project.add_code("B")
    assert len(heard) == 2


def test_broken_listener_does_not_break_the_change(project):
    def broken(change):
        raise RuntimeError("view bug")

    project.subscribe(broken)
    code = project.add_code("A").result
    assert project.code(code).name == "A"


def test_default_codebook(tmp_path):
    from glocal_annotator.project import Project

    with Project.create(tmp_path / "d.glocal") as project:
        codes = project.codes()
        top = [c.name for c in codes if c.parent_id is None]
        assert top == ["Homogenization", "Hybridization", "Accountability", "Ecofeminism"]
        assert all(c.short_definition and c.definition and c.when_to_use for c in codes)
        assert all(c.when_not_to_use and c.example for c in codes)
        assert len({c.color for c in codes}) == len(codes)
        assert len({c.guid for c in codes}) == len(codes)
        assert all(
            sum(1 for c in codes if c.parent_id == t.id) >= 3 for t in codes if t.parent_id is None
        )
    with Project.create(tmp_path / "e.glocal") as again:
        # fixed GUIDs: two projects from the default codebook share code identities
        assert [c.guid for c in again.codes()] == [c.guid for c in codes]
