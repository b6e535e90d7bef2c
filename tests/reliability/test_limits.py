"""The stated limits (glocal_annotator/limits.py): each refused with one line above it, before the
work; below it the work is linear (counted in SQLite steps and Python calls, not seconds: the
seconds are in tests/benchmarks/bench_limits.py)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from glocal_annotator import limits
from glocal_annotator.errors import CodebookError, GlocalError, InvalidOperation
from glocal_annotator.importers import ExtractedText, extract
from glocal_annotator.model import Codebook, CodebookNode
from glocal_annotator.operations.codebook_merge_plan import plan_codebook_import
from glocal_annotator.project import Project
from glocal_annotator.refi.codebook_csv import read_codebook_csv
from tests.projects import empty_project
from tests.snapshot import project_rows

ROOT = Path(__file__).resolve().parents[2]


# -- code names ---------------------------------------------------------------------------------


def test_a_code_name_over_the_limit_is_refused_at_creation_and_rename(tmp_path):
    with empty_project(tmp_path) as project:
        code = project.add_code("x" * limits.MAX_CODE_NAME_CHARACTERS).result
        before = project_rows(project.path)
        long_name = "policy " * 2_000
        for attempt in (lambda: project.add_code(long_name),
                        lambda: project.rename_code(code, long_name),
                        lambda: project.add_codebook([CodebookNode(long_name, "", None)])):
            with pytest.raises(InvalidOperation) as info:
                attempt()
            assert "\n" not in str(info.value) and "at most 1,024" in str(info.value)
        assert project_rows(project.path) == before


def test_a_codebook_file_with_a_long_name_is_refused_before_planning(tmp_path):
    data = ("name\n" + "n" * (limits.MAX_CODE_NAME_CHARACTERS + 1) + "\n").encode()
    with pytest.raises(CodebookError, match="at most 1,024"):
        read_codebook_csv(data)
    codebook = Codebook(codes=[CodebookNode("n" * 5_000, "", None)])
    with pytest.raises(CodebookError, match="at most 1,024"):
        plan_codebook_import([], codebook, source="made.qdc")


def _old_project_with_name(tmp_path: Path, name: str) -> tuple[Path, int]:
    path = tmp_path / "old.glocal"
    with Project.create(path, default_codebook=False, coder="ana") as project:
        document = project.add_document("a.txt", ExtractedText("Local food here.\n", "txt"))
        code = project.add_code("short").result
        project.add_coding(document.result, code, 0, 5)
    conn = sqlite3.connect(path)  # older versions let any name in
    conn.execute("UPDATE codes SET name = ?", (name,))
    conn.commit()
    conn.close()
    return path, document.result


def _export_all_to_word(path: Path, document: int, folder: Path) -> dict[str, list[str]]:
    import docx

    from glocal_annotator.exporters.codebook_docx import export_codebook_docx
    from glocal_annotator.exporters.document_docx import export_document_docx
    from glocal_annotator.exporters.excerpts_docx import ExcerptReportOptions, export_excerpts_docx

    with Project.open(path, read_only=True) as project:
        export_excerpts_docx(project, folder / "x.docx", ExcerptReportOptions())
        export_document_docx(project, document, folder / "d.docx")
        export_codebook_docx(project, folder / "c.docx")
    return {name: [p.text for p in docx.Document(str(folder / f"{name}.docx")).paragraphs]
            for name in ("x", "d", "c")}


def test_long_text_goes_into_word_as_several_pieces_of_one_run(tmp_path, monkeypatch):
    from glocal_annotator.exporters import _wordml

    monkeypatch.setattr(_wordml, "TEXT_PIECE", 1_000)
    name = "wörd " * 10_000
    path, document = _old_project_with_name(tmp_path, name)
    texts = _export_all_to_word(path, document, tmp_path)
    assert any(name.strip() in text for text in texts["x"])
    assert any(name.strip() in text for text in texts["c"])


@pytest.mark.slow
def test_exports_survive_a_huge_name_from_an_older_project(tmp_path):
    """A 12.5-million-character name (over libxml2's 10 MB text limit, which ended the Word
    export with an XML error): every Word export is written and reads back."""
    name = "wörd " * 2_500_000
    path, document = _old_project_with_name(tmp_path, name)
    texts = _export_all_to_word(path, document, tmp_path)
    assert any(name.strip() in text for text in texts["x"])
    assert texts["d"]


# -- codebooks: count, depth, linear work -------------------------------------------------------


def test_csv_codebooks_over_the_count_or_depth_are_refused_before_the_tree_is_built():
    rows = "name\n" + "".join(f"c{n}\n" for n in range(limits.MAX_CODEBOOK_CODES + 1))
    with pytest.raises(CodebookError, match="20,001 rows.*at most 20,000"):
        read_codebook_csv(rows.encode())
    deep = "path\n" + " > ".join(f"c{n}" for n in range(limits.MAX_CODE_DEPTH + 1)) + "\n"
    with pytest.raises(CodebookError, match="nests 251 levels deep; codes may nest at most 250"):
        read_codebook_csv(deep.encode())
    at_limit = "path\n" + " > ".join(f"c{n}" for n in range(limits.MAX_CODE_DEPTH)) + "\n"
    assert len(list(read_codebook_csv(at_limit.encode()).walk())) == limits.MAX_CODE_DEPTH


def test_a_deep_codebook_is_added_and_listed_without_recursion(tmp_path):
    """250 levels (the limit): added in one pass, listed, exported, deleted, all iteratively
    (Python's recursion limit is 1,000; deeper trees from older versions must list too)."""
    node = CodebookNode("leaf", "", None)
    for level in range(limits.MAX_CODE_DEPTH - 1):
        node = CodebookNode(f"level {level}", "", None, children=[node])
    with empty_project(tmp_path) as project:
        project.add_codebook([node])
        codes = project.codes()
        assert len(codes) == limits.MAX_CODE_DEPTH and codes[-1].path.count("/") == 249
        conn = project.conn
        conn.execute("BEGIN")
        for extra in range(800):  # an older version's 1,050 levels, written straight
            conn.execute(
                "INSERT INTO codes (guid, parent_id, position, name, color, created_at) "
                "VALUES (?, ?, 0, ?, '#AABBCC', '2020-01-01T00:00:00Z')",
                (f"deep-{extra}", codes[-1].id if extra == 0 else conn.execute(
                    "SELECT max(id) FROM codes").fetchone()[0], f"deeper {extra}"),
            )
        conn.execute("COMMIT")
        assert len(project.codes()) == limits.MAX_CODE_DEPTH + 800
        project.delete_code(codes[0].id)
        assert project.codes() == []


def _work(run) -> tuple[int, int]:  # noqa: ANN001
    """(SQLite VM steps / 100, Python function calls) while ``run()`` runs."""
    counts = {"steps": 0, "calls": 0}

    def profile(frame, event, arg):  # noqa: ANN001, ANN202, ARG001
        if event == "call":
            counts["calls"] += 1

    sys.setprofile(profile)
    try:
        run(counts)
    finally:
        sys.setprofile(None)
    return counts["steps"], counts["calls"]


def _codebook(codes: int, same_name: bool) -> Codebook:
    """``codes`` codes in families of ten; with ``same_name`` nine siblings share one name
    (legal in REFI-QDA: imported as ``Twin``, ``Twin (2)`` ...)."""
    return Codebook(codes=[
        CodebookNode(f"Family {number}", "", None, children=[
            CodebookNode("Twin" if same_name else f"Child {k}", "", None) for k in range(9)])
        for number in range(codes // 10)
    ])


def _import_work(tmp_path: Path, codes: int, same_name: bool) -> tuple[int, int]:
    codebook = _codebook(codes, same_name)
    with Project.create(tmp_path / f"p-{codes}-{same_name}.glocal", coder="ana") as project:

        def run(counts: dict[str, int]) -> None:
            def step() -> int:
                counts["steps"] += 1
                return 0

            project.conn.set_progress_handler(step, 100)
            plan = plan_codebook_import(project.codes(), codebook, source="made.qdc")
            project.apply_codebook_plan(plan)
            project.conn.set_progress_handler(None, 0)

        work = _work(run)
        assert len(project.codes()) == 24 + codes
        return work


@pytest.mark.parametrize("same_name", [False, True], ids=["distinct names", "repeated names"])
def test_codebook_import_work_grows_linearly(tmp_path, same_name):
    """Four times the codes, about four times the work (it grew with the square: 5,000 codes
    took 34 s, reading every sibling once per code, and numbering ``Name (n)`` from 2 each
    time)."""
    small_steps, small_calls = _import_work(tmp_path, 300, same_name)
    large_steps, large_calls = _import_work(tmp_path, 1_200, same_name)
    assert large_steps <= 5 * small_steps, (small_steps, large_steps)
    assert large_calls <= 5 * small_calls, (small_calls, large_calls)


def test_many_codes_added_at_once_get_what_one_by_one_gives(tmp_path):
    """The one-pass add picks the same colours and positions as adding each code alone."""
    nodes = [CodebookNode(f"Top {n}", "", None, children=[
        CodebookNode(f"Child {n}.{k}", "", "#102030" if k == 3 else None) for k in range(30)])
        for n in range(3)]
    with Project.create(tmp_path / "batch.glocal", coder="ana") as batch, \
            Project.create(tmp_path / "single.glocal", coder="ana") as single:
        batch.add_codebook(nodes)
        for node in nodes:
            parent = single.add_code(node.name).result
            for child in node.children:
                single.add_code(child.name, parent, color=child.color)

        def shape(project: Project) -> list[tuple]:
            return [(c.path, c.color, c.position, c.codable) for c in project.codes()]

        assert shape(batch) == shape(single)


def test_codebook_import_refuses_a_plan_over_the_limits_and_changes_nothing(tmp_path):
    with empty_project(tmp_path) as project:
        before = project_rows(project.path)
        many = Codebook(codes=[CodebookNode(f"c{n}", "", None)
                               for n in range(limits.MAX_CODEBOOK_CODES + 1)])
        with pytest.raises(CodebookError, match="more than 20,000 codes"):
            plan_codebook_import(project.codes(), many, source="many.qdc")
        assert project_rows(project.path) == before


# -- documents ----------------------------------------------------------------------------------


def test_a_document_over_the_character_limit_is_refused(tmp_path, monkeypatch):
    from glocal_annotator.importers import safety

    monkeypatch.setattr(safety, "MAX_DOCUMENT_CHARACTERS", 1_000)
    path = tmp_path / "long.txt"
    path.write_text("word " * 300, encoding="utf-8")
    with pytest.raises(GlocalError) as info:
        extract(path)
    assert "1,500 characters, more than a document may have" in str(info.value)
    monkeypatch.setattr(safety, "MAX_TEXT_FILE_BYTES", 100)
    with pytest.raises(GlocalError, match="larger than 100 bytes"):
        extract(path)


def test_an_odt_body_over_the_limit_is_refused_by_its_declared_size(tmp_path, monkeypatch):
    from glocal_annotator.importers import odt
    from tests.importers.builders import ODT_MIMETYPE, odt_content, write_zip

    monkeypatch.setattr(odt, "MAX_ODT_CONTENT_BYTES", 10_000)
    path = write_zip(tmp_path / "big.odt", {
        "mimetype": ODT_MIMETYPE,
        "content.xml": odt_content("<text:p>" + "glocal " * 3_000 + "</text:p>"),
    }, stored=("mimetype",))
    with pytest.raises(GlocalError, match="content.xml unpacks to 21 KB, more than the 10 KB"):
        extract(path)


# -- the catastrophic pattern on the command line -----------------------------------------------


@pytest.mark.slow
def test_a_catastrophic_autocode_on_the_command_line_stops_and_frees_the_project(tmp_path):
    path = tmp_path / "p.glocal"
    with Project.create(path, coder="ana") as project:
        project.add_document("run.txt", ExtractedText("a" * 60 + "b\n", "txt"))
    before = project_rows(path)
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "glocal_annotator", "autocode", str(path), "--code",
         "hybridization", "--pattern", r"(a|aa)+$"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert done.returncode == 1, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("error: the pattern") and "simplify it" in line
    assert project_rows(path) == before
    with Project.open(path) as project:  # the writer lock went with the process
        project.add_code("after")
