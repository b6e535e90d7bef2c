"""The analysis commands (stats, matrix, cooccurrence, query, words, kwic) as subprocesses, on
the hand-counted project of tests/analysis/hand_counted.py."""

from __future__ import annotations

import csv
import io
import json

import pytest

from glocal_annotator import cli_analysis
from glocal_annotator.analysis import cooccurrence, kwic, matrices, stop_words
from glocal_annotator.analysis.groups import filtered_documents
from glocal_annotator.errors import GlocalError, NotFound
from glocal_annotator.project import Project
from tests.analysis.hand_counted import build
from tests.test_cli import run


@pytest.fixture()
def workdir(tmp_path):
    small = build(tmp_path)  # test.glocal
    small.project.close()
    return tmp_path


def _json(*args, cwd):
    return json.loads(run(*args, "--json", cwd=cwd).stdout)


def _rows(data):
    return {row["label"]: dict(zip(data["columns"], row["values"], strict=True))
            for row in data["rows"]}


def test_stats_text_json_csv(workdir):
    out = run("stats", "test.glocal", cwd=workdir).stdout
    assert "union" in out
    a_line = next(line for line in out.splitlines() if line.startswith("A "))
    assert a_line.split()[1:] == ["2", "1", "15", "5", "2", "40"]
    data = _json("stats", "test.glocal", cwd=workdir)
    assert _rows(data)["B"]["characters"] == 28
    table = list(csv.reader(io.StringIO(run("stats", "test.glocal", "--csv", "--own-only",
                                            cwd=workdir).stdout)))
    assert table[0] == ["", "codings", "documents", "characters"]
    assert table[1] == ["A", "2", "1", "15"]


def test_stats_filters_and_by_coder(workdir):
    rows = _rows(_json("stats", "test.glocal", "--coder", "ben", "--doc", "two", cwd=workdir))
    assert rows["A"]["codings, with sub-codes"] == 1 and rows["B"]["codings"] == 1
    only_a = _rows(_json("stats", "test.glocal", "--code", "A", cwd=workdir))
    assert list(only_a) == ["A", "A/A1", "A/A2"]  # a code brings its sub-codes
    by_coder = _rows(_json("stats", "test.glocal", "--by-coder", cwd=workdir))
    assert by_coder["A"]["ana: characters, with sub-codes"] == 25


def test_matrix(workdir):
    data = _json("matrix", "test.glocal", "--rows", "codes", "--cols", "documents", cwd=workdir)
    assert data["columns"] == ["one.txt", "two.txt", "three.txt"]
    assert _rows(data)["B"] == {"one.txt": 1, "two.txt": 2, "three.txt": 0}
    coders = _rows(_json("matrix", "test.glocal", "--cols", "coders", "--measure",
                         "row_percent", cwd=workdir))
    assert coders["B"]["ana"] == pytest.approx(200 / 3)
    out = run("matrix", "test.glocal", "--cols", "documents", "--measure", "presence",
              cwd=workdir).stdout
    assert next(line for line in out.splitlines() if line.startswith("B ")).split()[1:] == [
        "1", "1", "0"]


def test_matrix_columns_are_named_in_any_case_and_a_wrong_one_lists_the_choices(workdir):
    data = _json("matrix", "test.glocal", "--cols", "Coders", cwd=workdir)
    assert data["columns"] == ["ana", "ben"]
    error = run("matrix", "test.glocal", "--cols", "coder", cwd=workdir, expect=1).stderr
    assert len(error.strip().splitlines()) == 1
    assert "documents, coders, speakers or sets" in error and "did you mean 'coders'" in error


def test_matrix_by_sets_or_a_variable_says_when_they_are_unavailable(workdir):
    if hasattr(Project, "document_sets"):
        pytest.skip("document sets are on this branch: see test_filters_by_sets_and_variables")
    for cols in ("sets", "country"):
        error = run("matrix", "test.glocal", "--cols", cols, cwd=workdir, expect=1).stderr
        assert error.strip() == "error: document sets and variables are not available in " \
                                "this version"
    error = run("stats", "test.glocal", "--set", "Local", cwd=workdir, expect=1).stderr
    assert "not available" in error and "Traceback" not in error


def test_speakers_without_speaker_codes_is_one_line(workdir):
    error = run("matrix", "test.glocal", "--cols", "speakers", cwd=workdir, expect=1).stderr
    assert "Speakers" in error and len(error.strip().splitlines()) == 1


def test_cooccurrence(workdir):
    data = _json("cooccurrence", "test.glocal", cwd=workdir)
    assert _rows(data)["A"]["B"] == 2 and "touching ranges do not overlap" in data["note"]
    near = _rows(_json("cooccurrence", "test.glocal", "--mode", "near", "--within", "20",
                       "--measure", "coefficient", cwd=workdir))
    assert near["A/A1"]["B"] == pytest.approx(1.0)  # 5 of the 5 segments of A1 or B
    paragraph = _rows(_json("cooccurrence", "test.glocal", "--mode", "paragraph",
                            cwd=workdir))
    assert paragraph["A"]["B"] == 3
    run("cooccurrence", "test.glocal", "--within", "-3", cwd=workdir, expect=2)


def test_query_lists_passages_and_codes_them(workdir):
    rows = _json("query", "test.glocal", "A AND B", cwd=workdir)
    assert [(r["document"], r["start"], r["end"]) for r in rows] == [("one.txt", 12, 15)]
    assert rows[0]["text"] == "xxx"
    out = run("query", "test.glocal", "A OR B", "--doc", "two", cwd=workdir).stdout
    assert out.splitlines()[-1] == "2 passages in 1 document"  # [0,20) touching, [30,40)
    table = list(csv.reader(io.StringIO(run("query", "test.glocal", "A NOT B", "--csv",
                                            cwd=workdir).stdout)))
    assert table[0] == ["document", "query", "start", "end", "text", "codings"]
    assert [row[2:4] for row in table[1:]] == [["0", "12"], ["40", "55"], ["0", "10"]]
    done = run("query", "test.glocal", "A NEAR/PARAGRAPH B", "--code-as", "A by B",
               "--parent", "A", "--as-coder", "query", cwd=workdir).stdout
    # A's codings sharing a paragraph with B: 1 and 2 (merged) in one, 6 in two
    assert "Coded 2 passages in 2 documents with the new code 'A/A by B'" in done
    coded = _json("excerpts", "test.glocal", "--code", "A/A by B", cwd=workdir)
    assert {(e["coder"], e["start"], e["end"]) for e in coded} == {
        ("query", 0, 15), ("query", 0, 10)}  # [0,10)+[5,15) merged in one; A1 [0,10) in two


def test_query_errors_are_one_line_and_change_nothing(workdir):
    before = _json("excerpts", "test.glocal", cwd=workdir)
    for query, message in [("A and B", "operators are written in capitals"),
                           ("A NEAR B", "NEAR without a distance"),
                           ("Zed OR B", "there is no code named")]:
        error = run("query", "test.glocal", query, "--code-as", "New", cwd=workdir,
                    expect=1).stderr
        assert message in error and len(error.strip().splitlines()) == 1
    error = run("query", "test.glocal", "ONLY C", "--code-as", "Nothing", cwd=workdir,
                expect=1).stderr
    assert "holds no passage" in error
    error = run("query", "test.glocal", "A", "--parent", "A", cwd=workdir, expect=1).stderr
    assert "go with --code-as" in error
    assert _json("excerpts", "test.glocal", cwd=workdir) == before
    assert "Nothing" not in run("codes", "test.glocal", cwd=workdir).stdout


@pytest.fixture()
def text_project(tmp_path):
    from tests.projects import add_text, empty_project

    project = empty_project(tmp_path, "w.glocal")
    first = add_text(project, "a.txt", "The market and the river.\nThe MARKET, the market.\n")
    add_text(project, "b.txt", "我们在北京。River people.\n")
    code = project.add_code("Trade").result
    project.add_coding(first, code, 0, 10)
    project.close()
    return tmp_path


def test_words(text_project):
    data = _json("words", "w.glocal", "--language", "none", cwd=text_project)
    counts = {row["label"]: row["values"][0] for row in data["rows"]}
    assert counts["the"] == 4 and counts["market"] == 3 and counts["river"] == 2
    by_default = _json("words", "w.glocal", cwd=text_project)  # English, as the app's default
    assert "the" not in {row["label"] for row in by_default["rows"]}
    assert counts["北京"] == 1 and "ICU" in data["note"]
    english = _json("words", "w.glocal", "--language", "en", "--top", "1", cwd=text_project)
    assert [row["label"] for row in english["rows"]] == ["market"]
    (text_project / "mine.txt").write_text("market\n", encoding="utf-8")
    mine = _json("words", "w.glocal", "--language", "English", "--stop-words", "mine.txt",
                 cwd=text_project)
    assert "market" not in {row["label"] for row in mine["rows"]}
    coded = _json("words", "w.glocal", "--code", "Trade", "--language", "none", cwd=text_project)
    assert {row["label"]: row["values"][0] for row in coded["rows"]} == {"the": 1, "market": 1}
    error = run("words", "w.glocal", "--language", "klingon", cwd=text_project, expect=1).stderr
    assert "no stop-word list for 'klingon'" in error


def test_kwic(text_project):
    out = run("kwic", "w.glocal", "market", "--width", "8", cwd=text_project).stdout
    lines = out.splitlines()
    assert lines[-1] == "3 lines"
    # the text's own spacing around the bracketed keyword: nothing added before a comma
    assert lines[0] == "    The [market] and the  a.txt 4"
    assert lines[1] == "er. The [MARKET], the ma  a.txt 30"
    data = _json("kwic", "w.glocal", "market", "--sort", "right", cwd=text_project)
    # right contexts (line breaks as spaces): ". " (no word), " and the ...", ", the market. "
    assert [row["start"] for row in data] == [42, 4, 30]
    assert data[0]["right"] == ". " and data[1]["keyword"] == "market"
    table = list(csv.reader(io.StringIO(run("kwic", "w.glocal", "river", "--csv",
                                            cwd=text_project).stdout)))
    assert table[0] == ["document", "start", "end", "left", "keyword", "right"]
    assert [row[4] for row in table[1:]] == ["river", "River"]


def test_the_parser_choices_agree_with_the_modules():
    assert cli_analysis.MATRIX_MEASURES == matrices.MATRIX_MEASURES
    assert cli_analysis.MODES == cooccurrence.MODES
    assert cli_analysis.COOCCURRENCE_MEASURES == cooccurrence.COOCCURRENCE_MEASURES
    assert cli_analysis.SORTS == kwic.SORTS and cli_analysis.DEFAULT_WIDTH == kwic.DEFAULT_WIDTH
    assert cli_analysis.LANGUAGES == stop_words.LANGUAGES


class _WithGroups:
    """A stand-in for a project that has document sets and variables (i12-data's methods)."""

    def document_sets(self):
        return {"Local": frozenset({1, 2}), "Global": frozenset({3})}

    def variable_groups(self, name):
        if name != "country":
            raise NotFound(f"there is no variable named {name!r}")
        return {"Kenya": frozenset({1, 3}), "Peru": frozenset({2}), "": frozenset({4})}


def test_filters_by_sets_and_variables():
    project = _WithGroups()
    assert filtered_documents(project, None, ["local"]) == [1, 2]
    assert filtered_documents(project, None, ["Local", "Global"]) == [1, 2, 3]
    assert filtered_documents(project, [2, 3], ["Local"]) == [2]
    assert filtered_documents(project, None, (), ["country=kenya"]) == [1, 3]
    assert filtered_documents(project, None, ["Local"], ["country=Kenya"]) == [1]
    assert filtered_documents(project, None, (), ["country=Kenya", "country=Peru"]) == [1, 2, 3]
    assert filtered_documents(project, None, (), ["country="]) == [4]
    assert filtered_documents(project, None) is None
    with pytest.raises(NotFound, match="did you mean 'Local'"):
        filtered_documents(project, None, ["Locl"])
    with pytest.raises(GlocalError, match="KEY=VALUE"):
        filtered_documents(project, None, (), ["country"])
    with pytest.raises(GlocalError, match="not available"):
        filtered_documents(object(), None, ["Local"])


def test_long_column_names_get_numbers_and_a_legend(capsys):
    import argparse

    from glocal_annotator.analysis.results import ResultTable

    labels = tuple(f"interview-{n}-with-a-long-name.txt" for n in range(4))
    table = ResultTable("Codes by documents", ("Theme",), labels, ((1, 0, 2, 3),))
    cli_analysis.print_table(table, argparse.Namespace(json=False, csv=False))
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "  [1] interview-0-with-a-long-name.txt"
    assert out[5].split() == ["[1]", "[2]", "[3]", "[4]"]
    assert out[6].split() == ["Theme", "1", "0", "2", "3"]
