"""The codebook import preview dialog, driven offscreen with real plans from real files."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialog  # noqa: E402

from glocal_annotator.exporters.codebook_refi import export_project_codebook  # noqa: E402
from glocal_annotator.model import Codebook, CodebookNode  # noqa: E402
from glocal_annotator.operations.codebook_merge_plan import plan_codebook_import  # noqa: E402
from glocal_annotator.project import Project  # noqa: E402
from glocal_annotator.refi.codebook import write_qdc  # noqa: E402
from glocal_annotator.refi.codebook_files import read_codebook_file  # noqa: E402
from glocal_annotator.refi.guids import new_guid  # noqa: E402
from glocal_annotator.ui.codebook.import_dialog import CodebookImportDialog  # noqa: E402

SAMPLES = Path(__file__).parents[2] / "refi" / "samples"


@pytest.fixture
def project(tmp_path: Path):
    with Project.create(tmp_path / "dialog.glocal") as opened:
        yield opened


def theirs(project: Project, tmp_path: Path) -> Path:
    """A colleague's codebook: NVivo-wrapped, one recoloured and one redefined code, two new."""
    hybrid = project.find_code("Hybridization")
    creole = project.find_code("Hybridization/Creolization")
    codebook = Codebook(
        [
            CodebookNode(
                "Nodes",
                new_guid(),
                None,
                codable=False,
                children=[
                    CodebookNode(
                        "Hybridization",
                        hybrid.guid,
                        "#FF0000",
                        children=[
                            CodebookNode(
                                "Creolization", creole.guid, None, example="A new example."
                            ),
                            CodebookNode("Tourism", new_guid(), "#3366CC", short_definition="x"),
                        ],
                    ),
                    CodebookNode("Accountability", new_guid(), None),  # by name, other GUID
                    CodebookNode("Diaspora", new_guid(), None, codable=False),
                ],
            )
        ]
    )
    path = tmp_path / "colleague.qdc"
    write_qdc(codebook, path)
    return path


def make_plan(project: Project, path: Path):
    return plan_codebook_import(project.codes(), read_codebook_file(path), source=path.name)


def test_preview_shows_counts_tree_and_notes_then_imports(qtbot, project, tmp_path) -> None:
    plan = make_plan(project, theirs(project, tmp_path))
    dialog = CodebookImportDialog(plan)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    assert dialog.windowTitle() == "Import codebook from colleague.qdc"
    assert dialog.findChild(type(dialog.summary_label), "addCount").text() == "2 to add"
    assert dialog.count_labels["update"].text() == "2 to update"
    assert dialog.count_labels["unchanged"].text() == "1 unchanged"
    assert dialog.summary_label.text() == (
        "Import adds 2 codes and updates 2; 1 already matches yours."
    )
    assert dialog.notes_label.isVisible() and "'Nodes'" in dialog.notes_label.text()

    tree = dialog.tree
    assert tree.topLevelItemCount() == 3  # the Nodes wrapper is gone
    hybrid = tree.topLevelItem(0)
    assert (hybrid.text(0), hybrid.text(1)) == ("Hybridization", "Update")
    assert hybrid.text(2) == "changes colour"
    creole, tourism = hybrid.child(0), hybrid.child(1)
    assert (creole.text(1), creole.text(2)) == ("Update", "changes example")
    assert (tourism.text(1), tourism.text(2)) == ("Add", "new code")
    accountability = tree.topLevelItem(1)
    assert accountability.text(1) == "Unchanged" and "keeps its GUID" in accountability.text(2)
    assert tree.topLevelItem(2).text(2) == "new folder (not codable)"
    # Unchanged codes show only when they carry a note, or on request.
    assert dialog.visible_paths() == [
        "Hybridization",
        "Hybridization/Creolization",
        "Hybridization/Tourism",
        "Accountability",
        "Diaspora",
    ]
    assert not dialog.show_unchanged.isChecked()

    assert dialog.import_button.isEnabled() and dialog.import_button.isDefault()
    picture = tmp_path / "codebook_import_dialog.png"
    assert dialog.grab().save(str(picture))
    assert picture.stat().st_size > 5000
    os.makedirs("/tmp/glocal_shots", exist_ok=True)
    dialog.grab().save("/tmp/glocal_shots/codebook_import_dialog.png")

    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted

    change = project.apply_codebook_plan(dialog.plan)
    assert change.result == {"added": 2, "updated": 2, "unchanged": 1}
    assert project.find_code("Hybridization").color == "#FF0000"
    assert project.find_code("Hybridization/Tourism").short_definition == "x"


def test_unchanged_codes_can_be_shown_and_nothing_to_import_disables_import(
    qtbot, project, tmp_path
) -> None:
    path = tmp_path / "mine.qdc"
    export_project_codebook(project, path)
    dialog = CodebookImportDialog(make_plan(project, path))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.count_labels["unchanged"].text() == "24 unchanged"
    assert not dialog.import_button.isEnabled()
    assert dialog.cancel_button.text() == "Close"
    assert "Nothing to import" in dialog.summary_label.text()
    assert len(dialog.visible_paths()) == 24
    dialog.show_unchanged.setChecked(False)
    assert dialog.visible_paths() == []
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_cancel_changes_nothing_and_a_big_plan_shows(qtbot, tmp_path) -> None:
    with Project.create(tmp_path / "empty.glocal", default_codebook=False) as empty:
        plan = make_plan(empty, SAMPLES / "04_nvivo-mac-15.0.0_nvivo_project.qdpx")
        dialog = CodebookImportDialog(plan)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.count_labels["add"].text() == "262 to add"
        assert len(dialog.visible_paths()) == 262
        assert dialog.tree.topLevelItemCount() == 3
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.result() == QDialog.DialogCode.Rejected
        assert empty.codes() == []
