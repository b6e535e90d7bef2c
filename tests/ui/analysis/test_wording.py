"""Counts in the Team and Analysis messages agree with their numbers: "1 passage", "1 line",
"2 coders", never "1 coders" or "passage(s)"."""

from __future__ import annotations

import ast
from pathlib import Path

from glocal_annotator.analysis.results import Passage
from glocal_annotator.analysis.words import word_frequencies
from glocal_annotator.wording import listing, plural
from tests.ui.analysis.test_analysis_dock import computed, open_view

PACKAGE = Path(__file__).resolve().parents[3] / "glocal_annotator"
CHECKED = ("ui/team", "ui/analysis", "ui/common/wording.py", "analysis")


def test_plural_and_listing():
    assert plural(1, "coder") == "1 coder" and plural(0, "coder") == "0 coders"
    assert plural(1200, "passage") == "1,200 passages"
    assert plural(2, "match", "matches") == "2 matches"
    assert listing([]) == "" and listing(["ana"]) == "ana"
    assert listing(["ana", "ben"]) == "ana and ben"
    assert listing(["ana", "ben", "cleo"]) == "ana, ben and cleo"


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


def test_no_message_says_s_in_brackets():
    found = []
    for place in CHECKED:
        root = PACKAGE / place
        for path in [root] if root.is_file() else sorted(root.rglob("*.py")):
            found += [f"{path.name}: {text!r}" for text in _message_strings(path)
                      if "(s)" in text or "(es)" in text]
    assert found == []


def test_one_of_a_thing_is_singular_in_the_views(window, qtbot):
    project = window.project
    plain = next(d.id for d in project.documents() if d.name == "plain.txt")
    code = project.codes()[1]
    window.session.run("code", lambda: project.add_coding(plain, code.id, 4, 16))
    query = open_view(window, qtbot, "query")
    query.spec.text.setText(code.name)
    computed(query, qtbot, query.spec.text.returnPressed.emit)
    assert query.table.note == "1 passage matches the query."
    assert "1 passage in 1 document." in query.passages.heading.text()
    assert query.status.text().startswith("1 row x 2 columns")
    kwic = open_view(window, qtbot, "kwic")
    kwic.spec.phrase.setText("burgers")
    computed(kwic, qtbot, kwic.spec.phrase.returnPressed.emit)
    assert kwic.status.text().startswith("1 line in 1 document,")
    table = word_frequencies(project, passages=[Passage(plain, 0, 3)], stop_words={"zz"})
    assert "1 stop word left out; percent of the 1 word counted" in table.note
