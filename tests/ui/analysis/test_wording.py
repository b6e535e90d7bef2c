"""Counts in the Team and Analysis views agree with their numbers: "1 passage", "1 line",
"2 coders", never "1 coders". (The rule for every module's messages: tests/test_wording.py.)"""

from __future__ import annotations

from glocal_annotator.analysis.results import Passage
from glocal_annotator.analysis.words import word_frequencies
from tests.ui.analysis.test_analysis_dock import computed, open_view


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
