"""Full-text search and autocode."""

from __future__ import annotations

import pytest

from glocal_annotator.errors import GlocalError, InvalidOperation
from glocal_annotator.text_forms.equivalence import fold
from glocal_annotator.text_units import line_bounds, page_number, paragraph_number, sentence_bounds
from tests.projects import MIXED_TEXT, add_text, empty_project

TEXT_A = (
    "Glocalization names the local made global. NGOs argued for accountability.\n"
    "\n"
    "The NGO said: local ownership matters! Another sentence about markets.\n"
)
TEXT_B = (
    "Markets and malls. The glocal brand sold local food. Nothing about NGOs here? Yes, NGOs.\n"
)


@pytest.fixture
def project(tmp_path):
    with empty_project(tmp_path) as project:
        add_text(project, "a.txt", TEXT_A)
        add_text(project, "b.txt", TEXT_B)
        add_text(project, "mixed.txt", MIXED_TEXT)
        yield project


def test_plain_search_is_case_insensitive_at_word_starts(project):
    hits = project.search("glocal")
    assert {(h.document, h.text) for h in hits} == {("a.txt", "Glocal"), ("b.txt", "glocal")}
    for hit in hits:
        assert project.document_text(hit.document_id)[hit.start : hit.end] == hit.text
    assert project.search("ocal") == []  # not in the middle of words


def test_plain_search_phrase_and_unicode(project):
    [hit] = project.search("local ownership")
    assert hit.document == "a.txt" and hit.text == "local ownership"
    [cjk] = project.search("全球本土化")
    assert MIXED_TEXT[cjk.start : cjk.end] == "全球本土化"
    [rtl] = project.search("العولمة")
    assert MIXED_TEXT[rtl.start : rtl.end] == "العولمة"


def test_ranking_puts_the_denser_document_first(project):
    documents = [h.document for h in project.search("NGOs")]
    assert documents[0] == "b.txt"  # two hits in a shorter text


def test_regex_search_and_errors(project):
    hits = project.search(r"NGOs?\b", regex=True)
    assert [h.text for h in hits] == ["NGOs", "NGO", "NGOs", "NGOs"]
    with pytest.raises(GlocalError, match="not a valid regular expression"):
        project.search("(unclosed", regex=True)
    with pytest.raises(GlocalError, match="empty"):
        project.search("  ")


def test_autocode_widened_to_sentence_is_one_undoable_change(project):
    code = project.add_code("NGO").result
    change = project.autocode(code, r"NGOs?\b", widen="sentence")
    texts = [e.text for e in project.excerpts()]
    assert texts == [
        "NGOs argued for accountability.",
        "The NGO said: local ownership matters!",
        "Nothing about NGOs here?",
        "Yes, NGOs.",
    ]
    again = project.autocode(code, r"NGOs?\b", widen="sentence")
    assert again.result.coding_ids == [] and again.summary.is_empty  # covered: left alone
    assert again.result.plan.covered == 4
    change.undo()
    assert project.codings() == []


def test_autocode_paragraph_and_plain(project):
    code = project.add_code("Markets").result
    project.autocode(code, "markets", regex=False, widen="paragraph")
    texts = sorted(e.text for e in project.excerpts())
    assert texts == sorted([TEXT_A.splitlines()[2], TEXT_B.rstrip("\n")])
    with pytest.raises(InvalidOperation, match="not found"):
        project.autocode(code, "zzzz")


def test_text_units():
    text = "First one. Second one!\n\nThird para here."
    assert line_bounds(text, 3) == (0, 22)
    assert line_bounds(text, 24, 28) == (24, 40)
    assert sentence_bounds(text, 12, 14) == (11, 22)
    assert sentence_bounds(text, 0, 3) == (0, 10)
    assert paragraph_number(text, 0) == 1
    assert paragraph_number(text, 30) == 2
    assert page_number((0, 100, 250), 0) == 1
    assert page_number((0, 100, 250), 100) == 2
    assert page_number((0, 100, 250), 999) == 3
    assert page_number((), 5) is None


def test_text_cache_is_bounded_and_keeps_offsets(project):
    from glocal_annotator.search import DocumentTexts

    ids = [d.id for d in project.documents()]
    bound = len(TEXT_A) + len(TEXT_B) + len(MIXED_TEXT)
    texts = DocumentTexts(project.conn, max_characters=bound)
    for document_id in ids:
        assert texts.text(document_id) == project.document_text(document_id)
        assert texts.form(document_id, "folded").text == fold(project.document_text(document_id))
        assert texts.held() <= bound
    held = texts._texts  # the oldest went to make room
    assert ids[0] not in held and ids[-1] in held
    turkish = add_text(project, "tr.txt", "İstanbul glocal İzmir")
    assert texts.form(turkish, "folded").text == "istanbul glocal izmir"
    assert [h.text for h in project.search("izmir")] == ["İzmir"]
    assert [h.text for h in project.search("ISTANBUL")] == ["İstanbul"]


def test_chinese_and_thai_queries_match_inside_runs(tmp_path):
    with empty_project(tmp_path, "cjk.glocal") as project:
        zh = add_text(project, "zh.txt", "经济全球化很重要。全球化也带来本土化。")
        add_text(project, "th.txt", "โลกาภิวัตน์และท้องถิ่น")
        hits = project.search("全球")
        assert [(h.document_id, h.start) for h in hits] == [(zh, 2), (zh, 9)]
        assert [h.text for h in project.search("ท้องถิ่น")] == ["ท้องถิ่น"]
        code = project.add_code("Glocal").result
        change = project.autocode(code, "本土化", regex=False, widen="sentence")
        assert [e.text for e in project.excerpts()] == ["全球化也带来本土化。"]
        assert len(change.result.coding_ids) == 1


def test_warming_fills_the_cache_within_its_bound(project):
    from glocal_annotator.search import DocumentTexts

    ids = [d.id for d in project.documents()]
    texts = DocumentTexts(project.conn, max_characters=2 * (len(TEXT_A) + len(TEXT_B)))
    assert list(texts.warm(ids)) == ids[:2]  # the third would not fit: warming stops
    assert set(texts._texts) == set(ids[:2])
    assert {key for key in texts._forms if key[1] == "folded"} == {(i, "folded") for i in ids[:2]}
    assert list(project.warm_search()) == ids
