"""A regular expression that backtracks without end is stopped within the search's time budget
(one line, nothing found, nothing coded); patterns that only look dangerous run to the end."""

from __future__ import annotations

import re

import pytest

from glocal_annotator.errors import GlocalError, PatternTooSlow
from glocal_annotator.search import engine
from tests.projects import add_text, empty_project
from tests.snapshot import project_rows

# (a|aa)+$ against a run of a's that ends in b: the engine tries every way to split the run.
CATASTROPHIC = r"(a|aa)+$"
RUN = "a" * 60 + "b"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "REGEX_TIME_BUDGET", 0.1)
    with empty_project(tmp_path) as project:
        project.document_id = add_text(project, "run.txt", f"Intro line.\n{RUN}\nOutro.\n")
        project.code_id = project.add_code("Run").result
        yield project


def test_a_catastrophic_pattern_is_stopped_with_one_line(project):
    with pytest.raises(PatternTooSlow) as info:
        project.search(CATASTROPHIC, regex=True)
    message = str(info.value)
    assert "\n" not in message
    assert CATASTROPHIC in message and "0.1 s" in message and "simplify" in message
    assert isinstance(info.value, GlocalError)


def test_a_stopped_autocode_codes_nothing(project):
    before = project_rows(project.path)
    for call in (project.plan_autocode, project.autocode):
        with pytest.raises(PatternTooSlow):
            call(project.code_id, CATASTROPHIC)
    assert project_rows(project.path) == before
    # the project is still writable: the budget did not leave a transaction open
    project.add_coding(project.document_id, project.code_id, 0, 5)


def test_the_budget_covers_the_whole_search_not_each_document(project, monkeypatch):
    for number in range(3):
        add_text(project, f"more{number}.txt", f"{number}\n{RUN}")
    seen: list[float] = []
    real = engine.Deadline.remaining

    def spy(self):
        left = real(self)
        seen.append(self.at)
        return left

    monkeypatch.setattr(engine.Deadline, "remaining", spy)
    with pytest.raises(PatternTooSlow):
        project.search(CATASTROPHIC, regex=True)
    assert len(set(seen)) == 1  # one deadline for every document


def test_the_issue_s_pattern_finishes(project):
    """``(a+)+$`` (the pattern of the report) runs without end in Python's re on this text; the
    engine used here sees at once that it cannot match."""
    assert project.search(r"(a+)+$", regex=True) == []


@pytest.mark.parametrize("pattern", [r"(\w+\s?)+\.$", r"^(a|b)*?c", r"\w+b$", r"\bIn\w+"])
def test_other_patterns_give_re_s_hits(project, pattern):
    text = project.document_text(project.document_id)  # ASCII: every search form is the text
    expected = [m.span() for m in re.finditer(pattern, text, re.MULTILINE) if m.end() > m.start()]
    hits = project.search(pattern, regex=True)
    assert [(hit.start, hit.end) for hit in hits] == expected


def test_a_pattern_with_a_literal_prefix_is_bounded_too(project):
    add_text(project, "prefixed.txt", "x" + RUN)
    with pytest.raises(PatternTooSlow):
        project.search(r"x(a|aa)+$", regex=True)


def test_re_syntax_is_kept(project):
    """The accepted syntax is Python's re: what re refuses is refused, with the usual line."""
    with pytest.raises(GlocalError, match="not a valid regular expression"):
        project.search(r"\p{L}+", regex=True)
