"""``glocal-annotator check PROJECT``: every problem listed, exit 0 if healthy and 1 if not,
and the file never changed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from glocal_annotator.cli import main
from glocal_annotator.store.check import open_problems
from glocal_annotator.store.health import check_project_file
from tests.store.damage import (
    DAMAGES,
    INDEX_DAMAGES,
    damaged_copy,
    digest,
    run_sql,
    sample,  # noqa: F401 - fixture
)

REPO = Path(__file__).resolve().parents[2]

# what the listed problems say, for each kind of damage
SAYS = {
    "page": ("corrupt", "could not be read", "cannot be opened"),
    "text": ("not valid UTF-8",),
    "table": ("table is missing", "has no memo column"),
    "json": ("JSON", "page list holds"),
    "reference": ("which does not exist",),
    "tree": ("is its own ancestor",),
    "type": ("is stored as",),
    "range": ("outside its document",),
    "version": ("user_version", "application id"),
}


def _check(path: Path, capsys) -> tuple[int, list[str]]:
    code = main(["check", str(path)])
    out = capsys.readouterr()
    assert out.err == ""
    return code, out.out.splitlines()


def test_a_healthy_project_passes_with_its_counts(sample, capsys):  # noqa: F811
    before = digest(sample)
    code, lines = _check(sample, capsys)
    assert code == 0
    assert lines == ["sample.glocal is healthy (3 documents, 27 codes, 810 codings, 5 coders, "
                     "2 memos)"]
    assert digest(sample) == before


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_each_damage_is_listed_and_exits_1(name, sample, tmp_path, capsys):  # noqa: F811
    path = damaged_copy(sample, tmp_path, name)
    before = digest(path)
    code, lines = _check(path, capsys)
    assert code == 1
    assert lines[0].startswith("damaged.glocal is damaged: ")
    listed = [line for line in lines if line.startswith("  ")]
    assert listed and len(listed) == int(lines[0].split(": ")[1].split()[0])
    assert any(any(word in line for word in SAYS[DAMAGES[name][0]]) for line in listed), lines
    assert lines[-1].startswith("To copy what can still be read into a new project: "
                                "glocal-annotator salvage")
    assert digest(path) == before


@pytest.mark.parametrize("name", sorted(INDEX_DAMAGES))
def test_a_damaged_search_index_is_listed_as_rebuilt_on_open(name, sample, tmp_path,  # noqa: F811
                                                            capsys):
    path = damaged_copy(sample, tmp_path, name)
    code, lines = _check(path, capsys)
    assert code == 1
    assert "opening the project for writing rebuilds them" in lines[-1]


def test_full_check_finds_what_the_quick_one_does_not(sample, tmp_path, capsys):  # noqa: F811
    """A character count that does not match its text, a search index whose words differ
    from the search forms while listing the right documents, a search form that differs from
    the one its text makes while of the right fold version: found by check, not on open."""
    path = damaged_copy(sample, tmp_path, "an index gone")  # any copy; repaired below
    path.write_bytes(sample.read_bytes())
    run_sql(
        path,
        "UPDATE documents SET characters = characters + 3 WHERE id = 2",
        "INSERT INTO search_fts(search_fts, rowid, folded) "
        "SELECT 'delete', document_id, folded FROM search_texts WHERE document_id = 3",
        "INSERT INTO search_fts(rowid, folded) VALUES (3, 'quite other words entirely here')",
        # the update trigger keeps the index in step with this wrong form
        "UPDATE search_texts SET folded = folded || ' and more' WHERE document_id = 1",
    )
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert open_problems(conn, 2) == []
    finally:
        conn.close()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    length = conn.execute("SELECT length(text) FROM documents WHERE id = 2").fetchone()[0]
    conn.close()
    code, lines = _check(path, capsys)
    assert code == 1
    assert f"  document 2 says it has {length + 3} characters but its text has {length}" in lines
    assert "  the search index does not match the text of 1 document" in lines
    assert "  the search forms of 1 document do not match its text" in lines


def test_many_problems_of_one_kind_are_counted_not_all_listed(sample, tmp_path,  # noqa: F811
                                                              capsys):
    path = damaged_copy(sample, tmp_path, "an index gone")
    path.write_bytes(sample.read_bytes())
    run_sql(path, "UPDATE codings SET code_id = 99999")
    health = check_project_file(path)
    references = [p for p in health.problems if p.kind == "reference"]
    assert len(references) == 21
    assert references[-1].message == "... and 790 more reference problems"


@pytest.mark.parametrize("given, says", [
    ("missing.glocal", "does not exist"),
    ("folder", "is a folder"),
    ("notes.txt", "not a Glocal Annotator project"),
])
def test_what_is_not_a_project_is_one_line(given, says, tmp_path, capsys):
    (tmp_path / "folder").mkdir()
    (tmp_path / "notes.txt").write_text("plain notes\n" * 50)
    code = main(["check", str(tmp_path / given)])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and says in err


def test_check_works_while_the_app_writes(sample, tmp_path):  # noqa: F811
    """check takes no lock, so it runs while another process holds the project open."""
    path = tmp_path / "open.glocal"
    path.write_bytes(sample.read_bytes())
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from glocal_annotator.project import Project
            project = Project.open({str(path)!r})
            project.add_code("Added while open")
            print("open", flush=True)
            sys.stdin.readline()
        """)],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        result = subprocess.run([sys.executable, "-m", "glocal_annotator", "check", str(path)],
                                cwd=REPO, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result
        assert "28 codes" in result.stdout  # it sees the change the open project committed
    finally:
        holder.communicate("\n", timeout=30)
