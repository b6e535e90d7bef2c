"""``glocal-annotator salvage PROJECT NEW``: every row that can be read is copied as it was,
everything else is reported, the damaged file is never touched, and the new project is healthy.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from glocal_annotator.cli import main
from glocal_annotator.errors import ProjectError
from glocal_annotator.project import Project
from glocal_annotator.store import salvage as salvage_module
from glocal_annotator.store.health import check_project_file
from glocal_annotator.store.salvage import salvage
from glocal_annotator.store.schema import TABLE_COLUMNS
from tests.store.damage import (
    CODINGS_PER_DOCUMENT,
    DAMAGES,
    INDEX_DAMAGES,
    damaged_copy,
    digest,
    rows,
    sample,  # noqa: F401 - fixture
)

THINGS = salvage_module._THINGS


def _mentions(lines: list[str], table: str, key: object) -> bool:
    """True if a report line names the row ``key`` of ``table``: by itself, in a stretch of
    ids, or the whole table."""
    thing = THINGS[table]
    for line in lines:
        if re.search(rf"(^|\W){re.escape(thing)} {re.escape(str(key))}(\W|$)", line):
            return True
        if f"the {table} table" in line:
            return True
        if isinstance(key, int):
            stretch = re.search(rf"the {thing}s(?: from id (-?\d+))? up to id (-?\d+)", line)
            if stretch and int(stretch.group(1) or -(2**63)) <= key <= int(stretch.group(2)):
                return True
            every = re.search(rf"every {thing}(?: after id (-?\d+))?", line)
            if every and key > int(every.group(1) or -(2**63)):
                return True
    return False


def _plain_rows(path: Path) -> dict[str, set | None]:
    """The keys each table holds, as plain SQL reads them (None where it cannot)."""
    found: dict[str, set | None] = {}
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for table in TABLE_COLUMNS:
            try:
                found[table] = {row[0] for row in conn.execute(
                    f"SELECT {TABLE_COLUMNS[table][0]} FROM {table}")}
            except sqlite3.Error:
                found[table] = None
    finally:
        conn.close()
    return found


@pytest.mark.parametrize("name", sorted(DAMAGES) + sorted(INDEX_DAMAGES))
def test_salvage_copies_every_readable_row_and_reports_the_rest(
    name, sample, tmp_path, monkeypatch  # noqa: F811
):
    monkeypatch.setattr(salvage_module, "LISTED", 10**6)  # every line, to check them all
    path = damaged_copy(sample, tmp_path, name)
    before = digest(path)
    plain = _plain_rows(path)
    target = tmp_path / "saved.glocal"
    try:
        report = salvage(path, target)
    except ProjectError as error:  # only when not even the list of tables can be read
        assert name == "garbage in the schema page"
        assert "nothing could be read" in str(error)
        assert not target.exists() and not list(tmp_path.glob(".saved*"))
        return
    assert digest(path) == before
    assert check_project_file(target).problems == []
    original, saved = rows(sample), rows(target)
    # the search forms are made afresh for exactly the documents copied (check compared them
    # with their texts above)
    assert [row[0] for row in saved["search_texts"]] == [row[0] for row in saved["documents"]]
    for table in salvage_module.COPIED:
        if table == "project_info":
            continue
        saved_by_key = {row[0]: row for row in saved[table]}
        for row in original[table]:
            key = row[0]
            if key not in saved_by_key:
                removed_by_the_damage = plain[table] is not None and key not in plain[table]
                assert removed_by_the_damage or _mentions(report.lost + report.mended, table,
                                                          key), (table, key, report.lost[:5])
            elif saved_by_key[key] != row:
                assert _mentions(report.mended, table, key), (table, row, saved_by_key[key])
        extra = set(saved_by_key) - {row[0] for row in original[table]}
        for key in extra:  # only stand-ins for what could not be read
            assert table in ("codes", "coders")
            assert saved_by_key[key][TABLE_COLUMNS[table].index("name")].lower().startswith(
                "unreadable")
    assert report.copied["codings"] == len(saved["codings"])
    assert report.complete == (report.lost_count == 0 and report.mended_count == 0)
    with Project.open(target) as project:  # a project to go on working in
        assert project.search("water committee") or not saved["documents"]
        project.add_code("After salvage")


def test_a_healthy_project_is_copied_exactly(sample, tmp_path, capsys):  # noqa: F811
    target = tmp_path / "copy.glocal"
    assert main(["salvage", str(sample), str(target)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"Salvaged sample.glocal into {target}: 3 documents, 27 codes, 810 "
                      "codings, 5 coders, 2 memos")
    assert out[1] == "Everything was copied as it was."
    original, copied = rows(sample), rows(target)
    for table in TABLE_COLUMNS:
        if table != "project_info":
            assert copied[table] == original[table], table
    info, copied_info = dict(original["project_info"]), dict(copied["project_info"])
    assert copied_info["guid"] == info["guid"]
    assert copied_info["name"] == "copy" and copied_info["salvaged_from"] == str(sample)


def test_lost_rows_are_reported_by_the_command(sample, tmp_path, capsys):  # noqa: F811
    path = damaged_copy(sample, tmp_path, "garbage in a codings leaf page")
    target = tmp_path / "saved.glocal"
    assert main(["salvage", str(path), str(target)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("Could not be copied (")
    assert re.fullmatch(r"  the codings from id \d+ up to id \d+ could not be read "
                        r"\(a damaged part of the file\)", out[2])
    low, high = map(int, re.findall(r"\d+", out[2]))
    saved = rows(target)["codings"]
    total = 2 * CODINGS_PER_DOCUMENT + 210
    assert len(saved) == total - (high - low + 1)  # only that page's codings are gone
    assert 0 < high - low + 1 < 80


@pytest.mark.parametrize("name", ["garbage in the codings root page",
                                  "garbage in the schema page"])
def test_rows_the_tables_no_longer_reach_are_found_on_the_pages(name, sample,  # noqa: F811
                                                               tmp_path):
    """A table's root page, or the file's list of tables, is garbage: SQLite reaches none of
    those rows, yet the leaf pages are whole. Reading the file page by page finds them all."""
    path = damaged_copy(sample, tmp_path, name)
    report = salvage(path, tmp_path / "saved.glocal")
    original, saved = rows(sample), rows(tmp_path / "saved.glocal")
    for table in TABLE_COLUMNS:
        if table != "project_info":
            assert saved[table] == original[table], table
    assert report.lost == []
    assert f"every coding could not be reached through the file's tables; " \
           f"{2 * CODINGS_PER_DOCUMENT + 210} were found on its pages, read one by one, and " \
           "copied (any others there are lost)" in report.mended


def test_pages_are_read_with_the_waiting_log_so_deleted_rows_stay_deleted(
    sample, tmp_path  # noqa: F811
):
    """A copy taken while the app ran: the latest changes are only in the -wal file. Pages are
    read as the log leaves them, so codings deleted there do not come back."""
    live = tmp_path / "live.glocal"
    live.write_bytes(sample.read_bytes())
    conn = sqlite3.connect(live, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("DELETE FROM codings WHERE id % 7 = 0")
    conn.execute("UPDATE codings SET memo = 'changed in the log' WHERE id % 7 = 1")
    folder = tmp_path / "copied"
    folder.mkdir()
    for suffix in ("", "-wal"):
        (folder / f"p.glocal{suffix}").write_bytes(
            live.with_name(f"live.glocal{suffix}").read_bytes())
    expected = conn.execute("SELECT * FROM codings ORDER BY id").fetchall()
    conn.close()
    from tests.store.damage import pages_of, write_garbage

    write_garbage(folder / "p.glocal", min(pages_of(sample, "codings", "internal")))
    report = salvage(folder / "p.glocal", tmp_path / "saved.glocal")
    assert rows(tmp_path / "saved.glocal")["codings"] == expected
    assert any("were found on its pages" in line for line in report.mended)
    assert sorted(p.name for p in folder.iterdir()) == ["p.glocal", "p.glocal-wal"] or \
        sorted(p.name for p in folder.iterdir()) == ["p.glocal", "p.glocal-shm", "p.glocal-wal"]


def test_a_document_cut_short_keeps_its_start_and_the_codings_there(sample, tmp_path):  # noqa: F811
    path = damaged_copy(sample, tmp_path, "a document's pages broken off")
    report = salvage(path, tmp_path / "saved.glocal")
    saved = rows(tmp_path / "saved.glocal")
    text = next(row for row in saved["documents"] if row[0] == 1)[4]
    original = next(row for row in rows(sample)["documents"] if row[0] == 1)[4]
    assert 0 < len(text) < len(original) and original.startswith(text)
    assert any("only its first" in line for line in report.mended)
    kept = [row for row in saved["codings"] if row[2] == 1]
    assert kept and all(row[6] <= len(text) for row in kept)
    lost_here = [line for line in report.lost if "could not be read" in line
                 and "part of the document" in line]
    assert len(kept) + len(lost_here) == 2 * CODINGS_PER_DOCUMENT


def test_codings_of_an_unreadable_code_are_kept_under_a_stand_in(sample, tmp_path):  # noqa: F811
    path = damaged_copy(sample, tmp_path, "coding to a missing code")
    salvage(path, tmp_path / "saved.glocal")
    with Project.open(tmp_path / "saved.glocal") as project:
        stand_in = project.find_code("Unreadable code 9999")
        kept = project.codings(code_ids=[stand_in.id])
        assert [coding.id for coding in kept] == [7]


@pytest.mark.parametrize("target_name, says", [
    ("sample.glocal", "already exists"),
    ("missing/saved.glocal", "does not exist"),
])
def test_salvage_never_writes_over_a_file(target_name, says, sample, tmp_path,  # noqa: F811
                                          capsys):
    source = tmp_path / "sample.glocal"
    source.write_bytes(sample.read_bytes())
    before = digest(source)
    assert main(["salvage", str(source), str(tmp_path / target_name)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err
    assert digest(source) == before


def test_nothing_readable_is_one_line_and_makes_no_file(tmp_path, capsys):
    junk = tmp_path / "junk.glocal"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    assert main(["salvage", str(junk), str(tmp_path / "new.glocal")]) == 1
    assert "nothing could be read" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junk.glocal"]
