"""Counts in messages agree with their numbers in every layer (CLI, importers, exporters,
REFI-QDA reports, operations, store, ui): "1 graph", "3 graphs", never "graph(s)" or "1 graphs".
One definition of the wording (glocal_annotator/wording.py) serves them all."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from glocal_annotator.errors import GlocalError
from glocal_annotator.importers.pdf import left_out_notice
from glocal_annotator.project_exchange import import_qdpx
from glocal_annotator.text_units import nth_occurrence
from glocal_annotator.wording import agreeing, listing, memo_parts, plural
from tests.refi.qdpx_helpers import qde, write_archive

PACKAGE = Path(__file__).resolve().parents[1] / "glocal_annotator"
BRACKETED = ("(s)", "(es)", "(ies)")


def test_plural_listing_and_agreeing():
    assert plural(1, "coder") == "1 coder" and plural(0, "coder") == "0 coders"
    assert plural(1200, "passage") == "1,200 passages"
    assert plural(2, "match", "matches") == "2 matches"
    assert listing([]) == "" and listing(["ana"]) == "ana"
    assert listing(["ana", "ben"]) == "ana and ben"
    assert listing(["ana", "ben", "cleo"]) == "ana, ben and cleo"
    assert agreeing(1, "differs", "differ") == "differs"
    assert agreeing(0, "differs", "differ") == agreeing(2, "differs", "differ") == "differ"
    assert memo_parts(1, 0, 3) == ["1 coding memo", "0 document memos", "3 project memos"]


def test_one_definition_of_the_wording():
    defining = [path.relative_to(PACKAGE).as_posix() for path in sorted(PACKAGE.rglob("*.py"))
                if "def plural(" in path.read_text(encoding="utf-8")]
    assert defining == ["wording.py"]


def _message_strings(path: Path) -> list[str]:
    """The string literals of a module that are not docstrings (f-strings' text included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


def test_no_message_in_any_module_says_s_in_brackets():
    found = [f"{path.relative_to(PACKAGE)}: {text!r}"
             for path in sorted(PACKAGE.rglob("*.py")) for text in _message_strings(path)
             if any(mark in text for mark in BRACKETED)]
    assert found == []


def test_a_quote_found_too_few_times():
    with pytest.raises(GlocalError, match="was found only 1 time in that document"):
        nth_occurrence("one two one", "two", 2)
    with pytest.raises(GlocalError, match="was found only 2 times in that document"):
        nth_occurrence("one two one", "one", 3)
    with pytest.raises(GlocalError, match="was not found in that document"):
        nth_occurrence("one two one", "three", 1)


def test_the_pdf_notice_of_left_out_lines():
    assert left_out_notice(1) == ("left out 1 running header, footer or page number; page "
                                  "boundaries are kept")
    assert left_out_notice(1200) == ("left out 1,200 running headers, footers and page numbers; "
                                     "page boundaries are kept")


def _with_graphs(tmp_path: Path, count: int) -> Path:
    graphs = "".join(f'<Graph guid="00000000-0000-4000-8000-{n:012d}"/>' for n in range(count))
    return write_archive(tmp_path / f"g{count}.qdpx", {
        "project.qde": qde(f"<Graphs>{graphs}</Graphs>"
                           "<Links>" + '<Link guid="10000000-0000-4000-8000-000000000001"/>'
                           * count + "</Links>")})


@pytest.mark.parametrize(("count", "graphs", "links"), [
    (1, "1 graph (network views)", "1 link between items"),
    (3, "3 graphs (network views)", "3 links between items"),
])
def test_a_qdpx_import_report_counts_what_it_skips(tmp_path, count, graphs, links):
    report = import_qdpx(tmp_path / "p.glocal", _with_graphs(tmp_path, count), dry_run=True)
    text = "\n".join(report.lines())
    assert graphs in text and links in text
    assert "Would import: 0 documents, 0 codes, 0 codings, 0 coding memos, 0 document memos, " \
        "0 project memos, 0 users (coders)" in text
