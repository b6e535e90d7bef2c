"""Word frequencies, stop words, the word segmenter and KWIC, against hand-counted texts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from glocal_annotator.analysis import tokens
from glocal_annotator.analysis.results import Passage
from glocal_annotator.analysis.stop_words import LANGUAGES, language_stop_words, stop_words
from glocal_annotator.analysis.words import kwic, word_frequencies
from glocal_annotator.errors import GlocalError, InvalidOperation
from glocal_annotator.model import CodingFilter
from tests.projects import add_text, empty_project

EN = ("The market, the MARKET and the river.\n"
      "Women's groups ran the market in 2024; 3 rivers. Marketing!\n")
DE = "Die Straße und die STRASSE.\n"
ZH = "我们在北京大学学习中文。我们在北京。"
TH = "ผมชอบกินข้าวผัดมาก"
JA = "私は東京大学で日本語を勉強しています。"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def project(tmp_path):
    project = empty_project(tmp_path)
    project.add_code("Place")
    for name, text in [("en.txt", EN), ("de.txt", DE), ("zh.txt", ZH), ("th.txt", TH),
                       ("ja.txt", JA)]:
        add_text(project, name, text)
    yield project
    project.close()


def _counts(table, column="count"):
    index = table.column_labels.index(column)
    return {word: row[index] for word, row in zip(table.row_labels, table.values, strict=True)}


def _doc(project, name):
    return project.find_document(name).id


def test_counts_fold_case_and_leave_out_numbers(project):
    table = word_frequencies(project, CodingFilter(document_ids=[_doc(project, "en"),
                                                                 _doc(project, "de")]))
    counts = _counts(table)
    assert counts["the"] == 4 and counts["market"] == 3 and counts["marketing"] == 1
    assert counts["women"] == 1 and counts["s"] == 1  # split at the apostrophe
    assert counts["strasse"] == 2 and counts["die"] == 2  # Straße and STRASSE are one word
    assert "2024" not in counts and "3" not in counts
    assert sum(counts.values()) == 16 + 5
    assert table.row_labels[:2] == ("the", "market")  # most frequent first
    assert _counts(table, "percent")["the"] == pytest.approx(100 * 4 / 21)
    assert _counts(table, "documents")["die"] == 1


def test_documents_column_counts_documents(tmp_path):
    project = empty_project(tmp_path)
    for n in range(3):
        add_text(project, f"{n}.txt", "river " * (n + 1) + f"only{n}")
    counts = word_frequencies(project)
    assert _counts(counts)["river"] == 6 and _counts(counts, "documents")["river"] == 3
    assert _counts(counts, "documents")["only1"] == 1
    project.close()


def test_stop_words_and_limit(project, tmp_path):
    english = word_frequencies(project, CodingFilter(document_ids=[_doc(project, "en")]),
                               stop_words=language_stop_words("en"))
    counts = _counts(english)
    assert "the" not in counts and "and" not in counts and "s" not in counts
    assert english.row_labels[0] == "market"
    own = tmp_path / "mine.txt"
    own.write_text("# my list\nMarket, river\nWOMEN\n", encoding="utf-8")
    mine = word_frequencies(project, CodingFilter(document_ids=[_doc(project, "en")]),
                            stop_words=stop_words(["English"], [own]), limit=2)
    # left: groups, marketing, ran, rivers (once each), in alphabetical order; the first two
    assert mine.row_labels == ("groups", "marketing")


def test_every_shipped_list_loads_and_holds_its_commonest_words():
    expected = {"en": "the", "fr": "le", "de": "und", "es": "que", "pt": "não", "it": "che",
                "nl": "het"}
    for code in LANGUAGES:
        words = language_stop_words(code)
        assert expected[code] in words and len(words) > 100
        assert all(word == word.casefold() and word.strip() for word in words)
    assert "dass" in language_stop_words("German")  # daß, folded


def test_bad_stop_word_lists_get_one_line(tmp_path):
    with pytest.raises(GlocalError, match="no stop-word list for 'xx'"):
        stop_words(["xx"])
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("café".encode("latin-1"))
    with pytest.raises(GlocalError, match="not UTF-8"):
        stop_words(files=[latin1])
    with pytest.raises(GlocalError, match="cannot read"):
        stop_words(files=[tmp_path / "missing.txt"])


def test_coded_text_only_counts_each_character_once(project):
    en = _doc(project, "en")
    place = project.find_code("Place").id
    start = EN.index("the river")
    project.add_coding(en, place, start, start + 9, coder="ana")
    project.add_coding(en, place, start + 4, start + 9, coder="ben")  # overlaps: counted once
    project.add_coding(en, place, 0, 3, coder="ana")  # "The"
    counts = _counts(word_frequencies(project, code_ids=[place]))
    assert counts == {"the": 2, "river": 1}
    ben = next(c.id for c in project.coders() if c.name == "ben")
    assert _counts(word_frequencies(project, CodingFilter(coder_ids=[ben]),
                                    code_ids=[place])) == {"river": 1}
    passages = [Passage(en, 0, 10), Passage(en, 4, 22)]  # overlapping: "The market, the MARKET"
    assert _counts(word_frequencies(project, passages=passages)) == {"the": 2, "market": 2}


def test_passages_behind_a_word(project):
    en = _doc(project, "en")
    table = word_frequencies(project, CodingFilter(document_ids=[en]))
    row = table.row_labels.index("market")
    found = table.passages(row, 0)
    assert [EN[p.start:p.end] for p in found] == ["market", "MARKET", "market"]
    assert all(p.document_id == en for p in found)


def test_scripts_without_spaces_are_cut_into_words(project):
    counts = _counts(word_frequencies(project, CodingFilter(document_ids=[
        _doc(project, "zh"), _doc(project, "th"), _doc(project, "ja")])))
    assert counts["我们"] == 2 and counts["北京"] == 2 and counts["中文"] == 1
    assert "北" not in counts and "京" not in counts  # not by character
    assert {"ผม", "ชอบ", "กิน", "ข้าว"} <= set(counts)
    assert {"東京", "日本語", "勉強"} <= set(counts)
    assert tokens.segmenter() is not None and "ICU" in tokens.segmenter_note()


def test_without_the_segmenter_text_is_counted_by_character_and_says_so(project, monkeypatch):
    monkeypatch.setattr(tokens, "_SEGMENT", None)
    table = word_frequencies(project, CodingFilter(document_ids=[_doc(project, "zh")]))
    assert _counts(table)["北"] == 2
    assert "BY CHARACTER" in table.note and "pip install icu4py" in table.note
    assert tokens.words("ข้าว") == ("ข้", "า", "ว")  # user-perceived characters


def test_a_missing_icu4py_is_survived():
    code = ("import sys; sys.modules['icu4py'] = None\n"
            "from glocal_annotator.analysis import tokens\n"
            "print(tokens.segmenter(), tokens.words('北京'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    assert out.stdout.strip() == "None ('北', '京')"


# -- KWIC ----------------------------------------------------------------------------------


def test_kwic_lines_whole_words_in_document_order(project):
    lines = kwic(project, "market", width=10)
    en = _doc(project, "en")
    assert [(line.document_id, line.keyword) for line in lines] == [
        (en, "market"), (en, "MARKET"), (en, "market")]
    first = lines[0]
    assert (first.left, first.right) == ("The ", ", the MARK")
    assert EN[first.start:first.end] == "market"
    assert lines[1].right == " and the r" and lines[2].left == "s ran the "
    assert [line.keyword for line in kwic(project, "market*")][-1] == "Marketing"
    assert kwic(project, "the market", width=0)[0].keyword == "The market"


def test_kwic_sorts_by_the_nearest_words(project):
    left = [line.left for line in kwic(project, "market", width=12, sort="left")]
    # the nearest word is "the" each time; then nothing < "market" < "ran"
    assert left == ["The ", "market, the ", "ups ran the "]
    right = [line.right for line in kwic(project, "market", width=12, sort="right")]
    assert right == [" and the riv", " in 2024; 3 ", ", the MARKET"]  # and < in < the


def test_kwic_line_breaks_show_as_spaces_and_scope_limits(project):
    line = kwic(project, "river", width=3)[0]
    assert line.right == ".\nW".replace("\n", " ")
    place = project.find_code("Place").id
    en = _doc(project, "en")
    start = EN.index("ran the market")
    project.add_coding(en, place, start, start + 14)
    inside = kwic(project, "market", CodingFilter(code_ids=[place]))
    assert [(line.start, line.end) for line in inside] == [(start + 8, start + 14)]
    assert kwic(project, "market", CodingFilter(document_ids=[_doc(project, "de")])) == []


def test_kwic_refuses_bad_arguments(project):
    with pytest.raises(InvalidOperation, match="unknown sort"):
        kwic(project, "market", sort="middle")
    with pytest.raises(GlocalError, match="empty"):
        kwic(project, "  ")
