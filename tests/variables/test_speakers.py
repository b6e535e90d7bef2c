"""Speakers in transcripts: turns found at line starts only, names with accents and odd spacing,
a user's pattern within the time budget, each speaker's turns coded in one undoable step, and an
interviewer's turns left out of search and autocode."""

from __future__ import annotations

import pytest

from glocal_annotator.errors import GlocalError, InvalidOperation, NotFound, PatternTooSlow
from glocal_annotator.operations import speakers as speakers_module
from glocal_annotator.operations.speakers import compile_speaker_pattern, find_turns, turn_texts
from tests.projects import add_text, empty_project

NBSP, NNBSP = "\u00a0", "\u202f"

TRANSCRIPT = (
    "Focus group, 3 May. Note: recorded with consent.\n"          # no label: before any turn
    "INTERVIEWER: Welcome, everyone.\n"
    "Amélie:  Merci. I work at http://example.org on water.\n"
    "It is a long story.\n"                                        # Amélie's turn goes on
    f"\tDr.{NBSP}Ahmed   Khan\t: The funding came from abroad.\n"
    "[00:01:02] Interviewer: And locally?\n"
    f"(12:30) josé maría: lowercase names are no labels\n"        # part of the turn before
    f"ÉLODIE{NNBSP}: Oui, c'est ça.\n"
    "[Moderator] Let us move on.\n"
    "[laughs] that was funny\n"
    "http://example.org/page is on the slide\n"
    "10:30 the meeting ended\n"
    "00:01:02.5 - Speaker 2: Thank you.\n"
    "张伟：我们的项目。\n"
    "Jean de la Fontaine: Fables.\n"
    "Interviewer:\n"                                               # an empty turn
    "AMÉLIE: A last word — see the Note: below.\n"
)


def test_default_rules_find_turns_at_line_starts_only():
    turns = find_turns(TRANSCRIPT)
    assert [t.speaker for t in turns] == [
        "INTERVIEWER", "Amélie", "Dr. Ahmed Khan", "Interviewer", "ÉLODIE", "Moderator",
        "Speaker 2", "张伟", "Jean de la Fontaine", "Interviewer", "AMÉLIE"]
    said = turn_texts(TRANSCRIPT, turns)
    assert said[0] == "Welcome, everyone."
    assert said[1] == "Merci. I work at http://example.org on water.\nIt is a long story."
    assert said[2] == "The funding came from abroad."
    assert said[3] == ("And locally?\n(12:30) josé maría: lowercase names are no labels")
    assert said[4] == "Oui, c'est ça."
    assert said[5] == ("Let us move on.\n[laughs] that was funny\nhttp://example.org/page is "
                       "on the slide\n10:30 the meeting ended")
    assert said[6] == "Thank you."
    assert said[7] == "我们的项目。"
    assert said[9] == ""
    assert said[10] == "A last word — see the Note: below."
    # every turn's range is exact code points of the text
    for turn, text in zip(turns, said, strict=True):
        assert TRANSCRIPT[turn.start:turn.end] == text


def test_speakers_are_counted_with_case_and_spacing_ignored(tmp_path):
    with empty_project(tmp_path) as project:
        first = add_text(project, "group.txt", TRANSCRIPT)
        second = add_text(project, "one.txt", "Amélie: Again.\nAMÉLIE: And again.\n")
        report = project.find_speakers()
    by_name = {s.name: s for s in report.speakers}
    assert list(by_name)[:3] == ["Interviewer", "Amélie", "Dr. Ahmed Khan"]
    assert by_name["Interviewer"].turns == 3  # INTERVIEWER, Interviewer, Interviewer
    assert by_name["Interviewer"].characters == len("Welcome, everyone.") + len(
        "And locally?\n(12:30) josé maría: lowercase names are no labels")
    amelie = by_name["Amélie"]  # Amélie twice, AMÉLIE twice: the first spelling on a tie
    assert (amelie.turns, amelie.documents) == (4, 2)
    assert amelie.characters == (len("Merci. I work at http://example.org on water.\nIt is a "
                                     "long story.") + len("A last word — see the Note: below.")
                                 + len("Again.") + len("And again."))
    assert report.documents == 2 and set(report.turns) == {first, second}


def test_a_one_paragraph_transcript_and_text_without_labels():
    assert find_turns("x" * 10_000) == []
    assert find_turns("") == []
    long_line = "Anna: " + "word " * 50_000
    (turn,) = find_turns(long_line)
    assert (turn.speaker, turn.start, turn.end) == ("Anna", 6, len(long_line) - 1)


def test_a_user_pattern_names_the_speaker_by_group():
    text = "<Anna> hello\n<Ben> hi there\nnot a turn\n<Anna> bye\n"
    named = find_turns(text, compile_speaker_pattern(r"<(?P<speaker>\w+)>"))
    assert [(t.speaker, text[t.start:t.end]) for t in named] == [
        ("Anna", "hello"), ("Ben", "hi there\nnot a turn"), ("Anna", "bye")]
    first_group = find_turns(text, compile_speaker_pattern(r"<(\w+)> "))
    assert [t.speaker for t in first_group] == ["Anna", "Ben", "Anna"]
    whole = find_turns("Q: why?\nA: because.\n", compile_speaker_pattern(r"[QA]:"))
    assert [t.speaker for t in whole] == ["Q", "A"]
    with pytest.raises(GlocalError, match="not a valid regular expression"):
        compile_speaker_pattern("(unclosed")


def test_a_backtracking_pattern_is_stopped(monkeypatch):
    monkeypatch.setattr(speakers_module, "REGEX_TIME_BUDGET", 0.2)
    text = "a" * 40 + "!\n"
    with pytest.raises(PatternTooSlow, match="stopped after"):
        speakers_module.find_speakers(_Texts({1: text}), [1], r"(a|aa)+$")


class _Texts:
    def __init__(self, texts):
        self.texts = texts

    def text(self, document_id):
        return self.texts[document_id]


INTERVIEW = (
    "Interviewer: Is the water project local?\n"
    "Respondent: The water project is local, but the money is global.\n"
    "Interviewer: Who decides about the water?\n"
    "Respondent: The women's group decides about water.\n"
)


def test_coding_turns_is_one_undoable_step_and_idempotent(tmp_path):
    with empty_project(tmp_path) as project:
        document = add_text(project, "interview.txt", INTERVIEW)
        report = project.find_speakers()
        change = project.code_speaker_turns(report)
        result = change.result
        codes = {c.path: c for c in project.codes()}
        assert set(codes) == {"Speakers", "Speakers/Interviewer", "Speakers/Respondent"}
        assert not codes["Speakers"].codable
        coded = {(project.code(c.code_id).name, INTERVIEW[c.start:c.end])
                 for c in project.codings()}
        assert coded == {
            ("Interviewer", "Is the water project local?"),
            ("Interviewer", "Who decides about the water?"),
            ("Respondent", "The water project is local, but the money is global."),
            ("Respondent", "The women's group decides about water."),
        }
        assert len(result.coding_ids) == 4 and result.codes_added == 3
        again = project.code_speaker_turns(project.find_speakers())
        assert again.result.coding_ids == [] and again.result.covered == 4
        assert len(project.codings()) == 4
        change.undo()
        assert project.codes() == [] and project.codings() == []
        project.add_code("speakers")  # an existing parent is used, whatever its case
        only = project.code_speaker_turns(report, ["respondent"])
        assert {c.path for c in project.codes()} == {"speakers", "speakers/Respondent"}
        assert len(only.result.coding_ids) == 2
        with pytest.raises(InvalidOperation, match="no turns of 'nobody'"):
            project.code_speaker_turns(report, ["Nobody"])
        assert project.codings(document_ids=[document])


def test_an_interviewer_s_turns_are_left_out_of_search_and_autocode(tmp_path):
    with empty_project(tmp_path) as project:
        add_text(project, "interview.txt", INTERVIEW)
        project.code_speaker_turns(project.find_speakers())
        assert len(project.search("water")) == 4
        interviewer = project.speaker_code_ids(["interviewer"])
        hits = project.search("water", exclude_code_ids=interviewer)
        assert [INTERVIEW[h.start - 4:h.end] for h in hits] == ["The water", "out water"]
        theme = project.add_code("Water").result
        plan = project.plan_autocode(theme, "water", regex=False, widen="sentence",
                                     exclude_code_ids=interviewer)
        assert plan.hits == 2
        project.autocode(theme, "water", regex=False, plan=plan)
        texts = sorted(INTERVIEW[c.start:c.end] for c in project.codings(code_ids=[theme]))
        # a sentence runs from its line's start: the label is part of the widened passage
        assert texts == ["Respondent: The water project is local, but the money is global.",
                         "Respondent: The women's group decides about water."]
        with pytest.raises(NotFound, match="no speaker code 'Moderator'"):
            project.speaker_code_ids(["Moderator"])
