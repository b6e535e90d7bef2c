"""Nothing a user made is deleted or overwritten: the demo, exports onto projects or databases,
and commands that fail on files that are not projects. End to end through the command line."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from glocal_annotator.errors import ExportFailure, ProjectError
from glocal_annotator.exporters.codebook_docx import export_codebook_docx
from glocal_annotator.exporters.document_docx import export_document_docx
from glocal_annotator.exporters.excerpts_docx import export_excerpts_docx
from glocal_annotator.exporters.project_qdpx import export_project_qdpx
from glocal_annotator.exporters.tables import export_excerpts_table
from glocal_annotator.project import Project
from glocal_annotator.project_files import (
    PROJECT_APPLICATION_ID,
    backup_path,
    check_export_target,
    read_header,
)
from glocal_annotator.store import schema
from tests.projects import add_text

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path, expect: int = 0) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "GLOCAL_ANNOTATOR_DATA": str(cwd / "data")}
    result = subprocess.run(
        [sys.executable, "-m", "glocal_annotator", *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=120,
    )
    assert result.returncode == expect, (args, result.stdout, result.stderr)
    if expect == 1:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return result


def foreign_database(path: Path, wal: bool = False) -> bytes:
    """Another program's SQLite file (rollback journal unless ``wal``); returns its bytes."""
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, what TEXT)")
    conn.execute("INSERT INTO orders (what) VALUES ('tea')")
    conn.commit()
    conn.close()
    return path.read_bytes()


def folder_listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    notes = tmp_path / "notes.txt"
    notes.write_text("Local food, global brands. Local again.\n", "utf-8")
    with Project.create(tmp_path / "study.glocal") as project:
        document = project.import_file(notes).result
        project.add_coding(document, project.find_code("Hybridization").id, 0, 10)
    return tmp_path


# -- the demo ----------------------------------------------------------------------------------


def _excerpt_texts(path: Path) -> list[str]:
    with Project.open(path, read_only=True) as project:
        return sorted(e.text for e in project.excerpts())


def test_demo_keeps_an_existing_demo_and_the_work_in_it(tmp_path):
    out = run("demo", cwd=tmp_path).stdout
    demo = tmp_path / "data" / "demo.glocal"
    assert "Created the demo project" in out and demo.is_file()
    with Project.open(demo) as project:
        document = project.documents()[0]
        code = project.find_code("Ecofeminism")
        project.add_coding(document.id, code.id, 0, 7, "my afternoon's work")
    before = _excerpt_texts(demo)
    for _ in range(2):
        out = run("demo", cwd=tmp_path).stdout
        assert "kept as it is" in out and "--rebuild" in out
    assert _excerpt_texts(demo) == before
    assert not list(demo.parent.glob("*.bak"))


def test_demo_rebuild_keeps_the_old_one_as_a_dated_backup(tmp_path):
    run("demo", cwd=tmp_path)
    demo = tmp_path / "data" / "demo.glocal"
    with Project.open(demo) as project:
        project.add_coding(project.documents()[0].id, project.find_code("Ecofeminism").id, 0, 7,
                           "mine")
    mine = _excerpt_texts(demo)
    out = run("demo", "--rebuild", cwd=tmp_path).stdout
    [backup] = demo.parent.glob("demo.glocal.*.bak")
    assert backup.name in out
    assert _excerpt_texts(backup) == mine
    with Project.open(backup, read_only=True) as project:
        assert any(e.memo == "mine" for e in project.excerpts())
    with Project.open(demo, read_only=True) as project:
        assert not any(e.memo == "mine" for e in project.excerpts())
        assert len(project.excerpts()) == len(mine) - 1
    # a second rebuild in the same second still keeps both earlier files
    run("demo", "--rebuild", cwd=tmp_path)
    assert len(list(demo.parent.glob("demo.glocal.*.bak"))) == 2
    leftovers = [n for n in folder_listing(demo.parent) if n.startswith(".")]
    assert leftovers == []


def test_demo_rebuild_is_refused_while_another_process_writes_it(tmp_path):
    run("demo", cwd=tmp_path)
    demo = tmp_path / "data" / "demo.glocal"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from glocal_annotator.project import Project
            project = Project.open({str(demo)!r})
            print("open", flush=True)
            sys.stdin.readline()
            project.close()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        before = sorted(folder_listing(demo.parent))
        result = run("demo", "--rebuild", cwd=tmp_path, expect=1)
        assert "not rebuilt" in result.stderr and "open for writing" in result.stderr
        assert sorted(folder_listing(demo.parent)) == before
    finally:
        holder.communicate("\n", timeout=30)
    assert not list(demo.parent.glob("*.bak"))


def test_demo_never_touches_a_file_that_is_not_a_project(tmp_path):
    other = tmp_path / "other.db"
    data = foreign_database(other)
    empty = tmp_path / "empty.glocal"
    empty.write_bytes(b"")
    for args in (("demo", "other.db"), ("demo", "--rebuild", "other.db"),
                 ("demo", "empty.glocal"), ("demo", "--rebuild", "empty.glocal")):
        run(*args, cwd=tmp_path, expect=1)
    assert other.read_bytes() == data and empty.read_bytes() == b""
    assert folder_listing(tmp_path) == {"other.db", "empty.glocal"}


# -- exports never write over a project or a database -----------------------------------------


EXPORTS = (
    ("export", "study.glocal", "{out}.docx"),
    ("export", "study.glocal", "{out}.csv"),
    ("export", "study.glocal", "{out}.xlsx"),
    ("export-document", "study.glocal", "--doc", "notes", "{out}.docx"),
    ("codebook", "export", "study.glocal", "{out}.docx"),
    ("codebook", "export", "study.glocal", "{out}.qdc"),
    ("codebook", "export", "study.glocal", "{out}.csv"),
)


@pytest.mark.parametrize("command", EXPORTS, ids=lambda c: " ".join(c[:2]) + c[-1][5:])
@pytest.mark.parametrize("target", ["hard link", "symlink", "other project", "foreign database"])
def test_no_export_writes_over_a_project_or_database(workdir, command, target):
    suffix = Path(command[-1]).suffix
    out = workdir / f"target{suffix}"
    if target == "hard link":
        os.link(workdir / "study.glocal", out)
    elif target == "symlink":
        out.symlink_to(workdir / "study.glocal")
    elif target == "other project":
        Project.create(workdir / "other.glocal").close()
        (workdir / "other.glocal").rename(out)
        (workdir / "other.glocal.lock").unlink(missing_ok=True)  # closing removes it
    else:
        foreign_database(out)
    protected = (workdir / "study.glocal").read_bytes(), out.read_bytes()
    args = [part.format(out="target") for part in command]
    result = run(*args, cwd=workdir, expect=1)
    assert "never writes over" in result.stderr
    assert ((workdir / "study.glocal").read_bytes(), out.read_bytes()) == protected
    assert not [n for n in folder_listing(workdir) if n.endswith(".part")]


def test_export_onto_the_project_itself_is_refused(workdir):
    # a project whose own name has an export's suffix: `export study.docx study.docx`
    (workdir / "study.glocal").rename(workdir / "study.docx")
    before = (workdir / "study.docx").read_bytes()
    for args in (("export", "study.docx", "study.docx"),
                 ("export-document", "study.docx", "--doc", "notes", "study.docx"),
                 ("codebook", "export", "study.docx", "study.docx")):
        result = run(*args, cwd=workdir, expect=1)
        assert "is the project being exported" in result.stderr
    assert (workdir / "study.docx").read_bytes() == before
    result = run("export", "study.docx", "study.glocal", cwd=workdir, expect=1)
    assert "use .docx, .csv, .xlsx or .qdpx" in result.stderr


def test_every_exporter_refuses_the_project_it_reads(tmp_path):
    """What the app's Export menu calls: the same refusal, whatever the file is named."""
    with Project.create(tmp_path / "p.glocal", coder="ana") as project:
        document = add_text(project, "d.txt", "some text here")
        project.add_coding(document, project.codes()[0].id, 0, 4)
        writers = (
            lambda out: export_excerpts_docx(project, out),
            lambda out: export_excerpts_table(project, out),
            lambda out: export_document_docx(project, document, out),
            lambda out: export_codebook_docx(project, out),
            lambda out: export_project_qdpx(project, out),
        )
        for number, write in enumerate(writers):
            out = tmp_path / f"link{number}{'.csv' if number == 1 else '.docx'}"
            os.link(project.path, out)
            before = out.read_bytes()
            with pytest.raises(ExportFailure, match="never writes over"):
                write(out)
            assert out.read_bytes() == before


def test_export_target_rules(tmp_path):
    plain = tmp_path / "report.docx"
    plain.write_bytes(b"PK old report")
    check_export_target(plain)  # an earlier export may be replaced
    check_export_target(tmp_path / "new.docx")
    database = tmp_path / "db.sqlite"
    foreign_database(database, wal=True)
    with pytest.raises(ExportFailure, match="is a database"):
        check_export_target(database)
    for side in ("db.sqlite-wal", "db.sqlite-shm", "db.sqlite.lock", "db.sqlite-journal"):
        with pytest.raises(ExportFailure, match="belongs to the database db.sqlite"):
            check_export_target(tmp_path / side)


def test_backup_names_are_never_reused(tmp_path):
    project = tmp_path / "p.glocal"
    first = backup_path(project)
    first.write_bytes(b"x")
    second = backup_path(project)
    assert second != first and second.name.startswith("p.glocal.") and second.suffix == ".bak"


# -- failing commands leave other files alone --------------------------------------------------

WRITING_COMMANDS = (
    ("import", "{f}", "notes.txt"),
    ("import", "{f}", "missing.txt"),
    ("code", "{f}", "--doc", "notes", "--code", "Hybridization", "--quote", "Local"),
    ("uncode", "{f}", "--id", "1"),
    ("autocode", "{f}", "--code", "Hybridization", "--pattern", "Local"),
    ("codebook", "import", "{f}", "cb.csv"),
    ("docs", "{f}"),
    ("export", "{f}", "out.docx"),
)


@pytest.mark.parametrize("kind", ["rollback database", "wal database", "empty file", "text"])
@pytest.mark.parametrize("command", WRITING_COMMANDS, ids=lambda c: c[0] + "-" + c[-1])
def test_a_failing_command_leaves_a_foreign_file_byte_for_byte(workdir, kind, command):
    (workdir / "cb.csv").write_text("name\nOne\n", "utf-8")
    target = workdir / "theirs.glocal"
    if kind == "rollback database":
        before = foreign_database(target)
    elif kind == "wal database":
        before = foreign_database(target, wal=True)
    elif kind == "empty file":
        target.write_bytes(b"")
        before = b""
    else:
        target.write_text("my thesis notes\n", "utf-8")
        before = target.read_bytes()
    listing = folder_listing(workdir)
    result = run(*(part.format(f="theirs.glocal") for part in command), cwd=workdir, expect=1)
    assert "not a Glocal Annotator project" in result.stderr
    assert target.read_bytes() == before
    assert folder_listing(workdir) == listing  # no lock file, log or export left beside it
    if kind.endswith("database"):
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        conn.close()
        assert mode == ("wal" if kind == "wal database" else "delete")


def test_an_empty_file_never_becomes_a_project(tmp_path):
    empty = tmp_path / "empty.glocal"
    empty.write_bytes(b"")
    for read_only in (False, True):
        with pytest.raises(ProjectError, match="empty file"):
            Project.open(empty, read_only=read_only)
    assert empty.read_bytes() == b""
    assert folder_listing(tmp_path) == {"empty.glocal"}


def test_a_project_whose_id_is_still_in_its_log_opens(tmp_path):
    """A project killed before its first checkpoint: the header on disk shows no id yet.
    (Project.create now builds under a hidden name and closes the file before it appears, so
    the file is made in place as earlier versions did, and as a copy taken mid-write is.)"""
    path = tmp_path / "p.glocal"
    script = (
        "import os\nfrom glocal_annotator.project import Project\n"
        "from glocal_annotator.store.database import ProjectDatabase\n"
        f"p = Project(ProjectDatabase(__import__('pathlib').Path({str(path)!r}), create=True), "
        "None)\n"
        "p.add_code('Kept')\nos._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=REPO, check=True,
                   env={**os.environ, "PYTHONPATH": str(REPO)})
    header = read_header(path)
    assert header.may_hide_our_id and not header.is_project
    with Project.open(path, read_only=True) as project:
        assert [c.name for c in project.codes()] == ["Kept"]
    with Project.open(path) as project:
        project.add_code("Two")
    assert read_header(path).is_project


def test_header_constant_matches_the_schema():
    assert PROJECT_APPLICATION_ID == schema.APPLICATION_ID
