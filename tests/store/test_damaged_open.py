"""A damaged project file: every command says so in one line and names the way out, and
nothing is changed. Only a damaged search index (made from the texts) is repaired on open."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from glocal_annotator.cli import main
from glocal_annotator.errors import ProjectDamaged, ProjectError
from glocal_annotator.failures import explain
from glocal_annotator.project import Project
from tests.store.damage import (
    DAMAGES,
    INDEX_DAMAGES,
    damaged_copy,
    digest,
    rows,
    sample,  # noqa: F401 - fixture
)

REPO = Path(__file__).resolve().parents[2]

# every command that opens a project: (arguments after the project path)
COMMANDS = [
    ["docs"],
    ["codes"],
    ["excerpts"],
    ["search", "{p}", "water"],
    ["code", "{p}", "--doc", "note.md", "--code", "Top", "--quote", "Local"],
    ["uncode", "{p}", "--id", "1"],
    ["autocode", "{p}", "--code", "Top", "--pattern", "river"],
    ["export", "{p}", "{out}/x.csv"],
    ["export-document", "{p}", "--doc", "note.md", "{out}/d.docx"],
    ["codebook", "export", "{p}", "{out}/c.qdc"],
    ["import", "{p}", "{out}/new.txt"],
]


def _argv(command: list[str], path: Path, out: Path) -> list[str]:
    if "{p}" not in command:
        command = [*command, "{p}"]
    return [part.format(p=path, out=out) for part in command]


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _healthy_answer(command: list[str], original: Path, folder: Path, capsys
                    ) -> tuple[int, str]:
    """What ``command`` answers on an undamaged copy of the sample at the same name
    (autocode, say, finds its candidates in the search data and need not read a text)."""
    healthy = folder / "healthy"
    healthy.mkdir(exist_ok=True)
    path = healthy / "damaged.glocal"
    path.write_bytes(original.read_bytes())
    code, _out, err = _run(_argv(command, path, healthy), capsys)
    return code, err.replace(str(path), str(folder / "damaged.glocal"))


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_every_command_says_damaged_in_one_line_and_changes_nothing(
    name, sample, tmp_path, capsys  # noqa: F811
):
    path = damaged_copy(sample, tmp_path, name)
    (tmp_path / "new.txt").write_text("a new interview\n", encoding="utf-8")
    before = digest(path)
    inside_a_text = DAMAGES[name][0] == "text"
    refused = 0
    for command in COMMANDS:
        argv = _argv(command, path, tmp_path)
        code, _out, err = _run(argv, capsys)
        if inside_a_text and command[0] not in ("excerpts", "search", "export") and (
                code == 0 or (code, err) == _healthy_answer(command, sample, tmp_path, capsys)):
            continue  # commands that do not read the damaged text work as on a healthy file
        refused += 1
        lines = err.strip().splitlines()
        assert code == 1, (argv, err)
        assert len(lines) == 1 and lines[0].startswith("error: "), (argv, err)
        message = lines[0]
        assert "damaged" in message or "not valid UTF-8" in message, (argv, message)
        assert "glocal-annotator check" in message and "glocal-annotator salvage" in message
    assert refused >= 3 if inside_a_text else refused == len(COMMANDS)
    if not inside_a_text:  # (there, coding another document works and is saved)
        assert digest(path) == before  # nothing written to the damaged file
    assert not list(tmp_path.glob("*.bak"))  # no migration was tried
    assert not (tmp_path / "damaged.glocal.lock").exists()  # every refusal let go of the lock
    assert not list(tmp_path.glob("x.csv")) and not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_opening_raises_project_damaged_read_only_or_not(name, sample, tmp_path):  # noqa: F811
    path = damaged_copy(sample, tmp_path, name)
    for read_only in (False, True):
        if DAMAGES[name][0] != "text":
            with pytest.raises(ProjectDamaged) as error:
                Project.open(path, read_only=read_only)
            assert "\n" not in str(error.value)
            assert "check" in str(error.value) and "salvage" in str(error.value)
            continue
        # damage inside a text passes the checks on open and shows when the text is read:
        # as the failure the CLI and the GUI turn into the same one-line message
        with Project.open(path, read_only=read_only) as project, \
                pytest.raises(sqlite3.Error) as raised:
            for document in project.documents():
                project.document_text(document.id)
        assert isinstance(explain(raised.value, path), ProjectDamaged)


def test_a_subprocess_prints_no_traceback(sample, tmp_path):  # noqa: F811
    """The installed command, not only main(): one line on stderr, exit 1."""
    path = damaged_copy(sample, tmp_path, "garbage in a codings leaf page")
    result = subprocess.run(
        [sys.executable, "-m", "glocal_annotator", "excerpts", str(path)],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: the project file damaged.glocal is damaged (")


def test_a_page_damaged_after_opening_is_one_line(sample, tmp_path, capsys):  # noqa: F811
    """A page the quick checks do not read (a document's text) fails when a command reads it:
    still one line, naming check and salvage."""
    path = damaged_copy(sample, tmp_path, "garbage in a document's text page")
    code, _out, err = _run(["export-document", str(path), "--doc", "long.txt",
                            str(tmp_path / "long.docx")], capsys)
    assert code == 1 and err.count("\n") == 1
    assert "damaged.glocal is damaged" in err and "salvage" in err
    assert not (tmp_path / "long.docx").exists()


@pytest.mark.parametrize("name", sorted(INDEX_DAMAGES))
def test_a_damaged_search_index_is_rebuilt_on_open(name, sample, tmp_path):  # noqa: F811
    path = damaged_copy(sample, tmp_path, name)
    expected = rows(sample)
    with Project.open(sample, read_only=True) as healthy:
        hits = [(h.document_id, h.start, h.end) for h in healthy.search("water committee")]
    assert hits
    # read-only: the file is left as it is and search works from an index in memory
    before = digest(path)
    with Project.open(path, read_only=True) as project:
        assert [(h.document_id, h.start, h.end) for h in project.search("water committee")] \
            == hits
    assert digest(path) == before
    # opened for writing: the index is rebuilt in the file, and the work is untouched
    with Project.open(path) as project:
        assert any("rebuilt" in notice for notice in project.notices)
        assert [(h.document_id, h.start, h.end) for h in project.search("water committee")] \
            == hits
        document = project.add_document(
            "new.txt", __import__("glocal_annotator.importers").importers.ExtractedText(
                "the river committee met", "txt")).result
        assert [h.document_id for h in project.search("river committee")] == [document]
    after = rows(path)
    by_document = ("documents", "search_texts")  # the new document and its search forms
    assert {t: r for t, r in after.items() if t not in by_document} == \
        {t: r for t, r in expected.items() if t not in by_document}
    for table in by_document:
        assert after[table][:-1] == expected[table]
    from glocal_annotator.store.health import check_project_file

    assert check_project_file(path).problems == []


def test_a_newer_or_foreign_file_is_not_called_damaged(sample, tmp_path):  # noqa: F811
    foreign = tmp_path / "other.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectError, match="not a Glocal Annotator project") as error:
        Project.open(foreign)
    assert not isinstance(error.value, ProjectDamaged)
    text = tmp_path / "notes.glocal"
    text.write_text("just text\n" * 100)
    with pytest.raises(ProjectError, match="not a Glocal Annotator project"):
        Project.open(text)
