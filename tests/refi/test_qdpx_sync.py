"""Re-import is a sync: a colleague's newer version of our export merges into our project."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from glocal_annotator.exporters.project_qdpx import export_project_qdpx
from glocal_annotator.project import Project
from glocal_annotator.project_exchange import import_qdpx
from tests.refi.qdpx_helpers import content, rich_project, validate_qdpx

ROOT = Path(__file__).resolve().parents[2]


def colleague_version(tmp_path: Path, ours: Project) -> Path:
    """Our export, imported by a colleague who recolours a code, codes a passage, edits a memo,
    gives every code a new GUID (as other tools do) and exports again."""
    export_project_qdpx(ours, tmp_path / "sent.qdpx")
    theirs_path = tmp_path / "theirs.glocal"
    import_qdpx(theirs_path, tmp_path / "sent.qdpx", coder="Chen")
    with Project.open(theirs_path, coder="Chen") as theirs:
        code = theirs.find_code("Themes/Hybridization")
        theirs.recolor_code(code.id, "#000000")
        document = next(d for d in theirs.documents() if d.name == "interview 1.txt")
        text = theirs.document_text(document.id)
        start = text.index("river")
        theirs.add_coding(document.id, code.id, start, start + 5, "Chen's memo", coder="Chen")
        first = next(c for c in theirs.codings() if c.memo == "first memo")
        theirs.set_coding_memo(first.id, "first memo, longer now")
        export_project_qdpx(theirs, tmp_path / "back.qdpx")
    return tmp_path / "back.qdpx"


def test_a_colleagues_newer_version_syncs(tmp_path: Path) -> None:
    ours = rich_project(tmp_path)
    ours_codings = {c.guid for c in ours.codings()}
    back = colleague_version(tmp_path, ours)
    ours.add_coding(ours.documents()[1].id, ours.find_code("Creolization").id, 0, 4,
                    coder="Amina")  # ours only
    path = ours.path
    ours.close()
    preview = import_qdpx(path, back, dry_run=True)
    counts = preview.counts
    assert counts["documents"] == {"added": 0, "changed": 0, "unchanged": 2, "only_here": 0}
    assert counts["codings"]["added"] == 1 and counts["codings"]["changed"] == 1
    assert counts["codings"]["only_here"] == 1
    assert counts["coders"]["added"] == 1  # Chen
    assert preview.colours_kept == 1 and not preview.applied
    report = import_qdpx(path, back)
    assert report.applied
    with Project.open(path) as project:
        codings = project.codings()
        assert ours_codings <= {c.guid for c in codings}  # nothing of ours deleted
        assert any(c.memo == "Chen's memo" for c in codings)
        assert any(c.memo == "first memo, longer now" for c in codings)
        assert project.find_code("Themes/Hybridization").color == "#80CD82"  # ours kept
        assert len(project.codes()) == 4  # matched, not doubled


def test_new_guids_match_by_path_and_colours_can_be_taken(tmp_path: Path) -> None:
    ours = rich_project(tmp_path)
    export_project_qdpx(ours, tmp_path / "out.qdpx")
    with zipfile.ZipFile(tmp_path / "out.qdpx") as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    qde = entries["project.qde"].decode()
    for code in ours.codes():  # another tool: fresh GUIDs and snapped colours
        fresh = code.guid[:-4] + "beef"
        qde = qde.replace(code.guid, fresh).replace(f'color="{code.color}"', 'color="#FF0000"')
    entries["project.qde"] = qde.encode()
    with zipfile.ZipFile(tmp_path / "other.qdpx", "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    validate_qdpx(tmp_path / "other.qdpx")
    path = ours.path
    ours.close()
    kept = import_qdpx(path, tmp_path / "other.qdpx", dry_run=True)
    assert kept.counts["codes"] == {"added": 0, "changed": 0, "unchanged": 4, "only_here": 0}
    assert kept.counts["codings"]["added"] == 0  # the same codings, matched by identity
    assert kept.colours_kept == 4
    taken = import_qdpx(path, tmp_path / "other.qdpx", keep_colours=False)
    assert taken.counts["codes"]["changed"] == 4
    with Project.open(path) as project:
        assert {code.color for code in project.codes()} == {"#FF0000"}
        change_count = len(project.codes())
    assert change_count == 4


def test_the_import_is_one_undoable_step(tmp_path: Path) -> None:
    source = rich_project(tmp_path)
    export_project_qdpx(source, tmp_path / "out.qdpx")
    target = Project.create(tmp_path / "target.glocal", default_codebook=False)
    before = content(target)
    from glocal_annotator.project_exchange import plan_for, read_for_import

    incoming = read_for_import(tmp_path / "out.qdpx")
    plan = plan_for(target, incoming, source="out.qdpx", keep_colours=True, coder="tester")
    change = target.apply_project_import_plan(plan)
    assert content(target) == content(source)
    change.undo()
    assert content(target) == before


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "glocal_annotator", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_export_and_import(tmp_path: Path) -> None:
    project = rich_project(tmp_path)
    project.add_code("Hybridization")  # a second code of that name: QualCoder drops one
    project.close()
    out = tmp_path / "out.qdpx"
    done = run_cli("export", str(project.path), str(out))
    assert done.returncode == 0, done.stderr
    assert "Exported 2 documents" in done.stdout
    assert "warning: QualCoder needs unique code names" in done.stderr
    refused = run_cli("export", str(project.path), str(out), "--code", "Themes")
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1
    dry = run_cli("import-qdpx", str(tmp_path / "new.glocal"), str(out), "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert report["dry_run"] and report["new_project"] and not report["applied"]
    assert report["imported"]["codings"] == 6
    assert {s["on_words"] for s in report["sources"]} == {5, 1}
    assert not (tmp_path / "new.glocal").exists()
    real = run_cli("import-qdpx", str(tmp_path / "new.glocal"), str(out))
    assert real.returncode == 0, real.stderr
    assert "code points, CRLF as 2, BOM not counted" in real.stdout
    assert "Imported: 2 documents, 5 codes, 6 codings" in real.stdout
    again = run_cli("import-qdpx", str(tmp_path / "new.glocal"), str(out))
    assert "Nothing to import" in again.stdout
    assert "Colours: ours kept" in again.stdout
    broken = tmp_path / "broken.qdpx"
    broken.write_bytes(b"PK\x03\x04 not really")
    failed = run_cli("import-qdpx", str(tmp_path / "x.glocal"), str(broken))
    assert failed.returncode == 1 and failed.stderr.startswith("error: Cannot import broken.qdpx")
    assert failed.stderr.count("\n") == 1 and not (tmp_path / "x.glocal").exists()
