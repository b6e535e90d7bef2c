"""A .qdpx export and an import of the same file count and name the memos alike: coding memos
(memos on codings), document memos (a document's own memo) and project memos (the project's memo
items), so a user who exports and re-imports sees matching numbers."""

from __future__ import annotations

import re
from pathlib import Path

from glocal_annotator.exporters.project_qdpx import export_project_qdpx
from glocal_annotator.project import Project
from glocal_annotator.project_exchange import import_qdpx
from tests.projects import add_text, empty_project
from tests.refi.qdpx_helpers import rich_project
from tests.refi.test_qdpx_sync import run_cli

MEMO_KINDS = ("coding memo", "document memo", "project memo")


def _memo_counts(line: str) -> dict[str, int]:
    """``{"coding memo": 21, ...}`` from a report line, whatever the number's grammar."""
    found = {}
    for kind in MEMO_KINDS:
        match = re.search(rf"(\d[\d,]*) {kind}s?\b", line)
        assert match, (kind, line)
        found[kind] = int(match[1].replace(",", ""))
    return found


def _many_memos(tmp_path: Path) -> Project:
    """21 coding memos, 2 document memos, 1 project memo, 1 coding without a memo."""
    project = empty_project(tmp_path, "many.glocal")
    first = add_text(project, "one.txt", "word " * 100)
    second = add_text(project, "two.txt", "other text here")
    code = project.add_code("Theme").result
    for n in range(21):
        project.add_coding(first, code, 5 * n, 5 * n + 4, f"memo {n}")
    project.add_coding(second, code, 0, 5)
    project.set_document_memo(first, "first document's memo")
    project.set_document_memo(second, "second document's memo")
    project.add_memo("Method", "We code in pairs.")
    return project


def test_export_and_import_reports_count_memos_alike(tmp_path: Path) -> None:
    project = _many_memos(tmp_path)
    out = tmp_path / "out.qdpx"
    exported = export_project_qdpx(project, out)
    project.close()
    assert exported.memo_parts() == ["21 coding memos", "2 document memos", "1 project memo"]
    report = import_qdpx(tmp_path / "back.glocal", out)
    assert report.memo_parts() == exported.memo_parts()
    imported = report.imported()
    assert (imported["coding_memos"], imported["document_memos"], imported["memos"]) == (21, 2, 1)
    line = report.lines()[-1]
    assert line.startswith("Imported: ")
    assert "21 coding memos, 2 document memos, 1 project memo, " in line
    with Project.open(tmp_path / "back.glocal") as back:
        assert sum(1 for c in back.codings() if c.memo.strip()) == 21
        assert len([m for m in back.document_memos().values() if m.strip()]) == 2
        assert len(back.memos()) == 1


def test_a_memo_on_a_document_is_a_project_memo_on_both_sides(tmp_path: Path) -> None:
    project = rich_project(tmp_path)  # 3 coding memos, 1 document memo, 2 memo items
    out = tmp_path / "out.qdpx"
    exported = export_project_qdpx(project, out)
    project.close()
    assert exported.memo_parts() == ["3 coding memos", "1 document memo", "2 project memos"]
    # into an existing, empty project (not a new one): the same numbers
    target = empty_project(tmp_path, "target.glocal")
    target.close()
    report = import_qdpx(target.path, out)
    assert report.memo_parts() == exported.memo_parts()
    # a second import of the same file brings no memo, and says so
    again = import_qdpx(target.path, out)
    assert again.memo_parts() == ["0 coding memos", "0 document memos", "0 project memos"]


def test_cli_export_and_import_print_the_same_memo_counts(tmp_path: Path) -> None:
    project = _many_memos(tmp_path)
    project.close()
    out = tmp_path / "out.qdpx"
    done = run_cli("export", str(project.path), str(out))
    assert done.returncode == 0, done.stderr
    exported = done.stdout.strip().splitlines()[-1]
    assert exported.startswith("Exported 2 documents, 1 code, 22 codings, ")
    back = run_cli("import-qdpx", str(tmp_path / "back.glocal"), str(out))
    assert back.returncode == 0, back.stderr
    imported = back.stdout.strip().splitlines()[-1]
    assert imported.startswith("Imported: 2 documents, 1 code, 22 codings, ")
    assert _memo_counts(exported) == _memo_counts(imported) == {
        "coding memo": 21, "document memo": 2, "project memo": 1}
