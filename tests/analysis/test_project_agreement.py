"""Agreement and disagreements read from a real project file."""

from __future__ import annotations

import pytest

from glocal_annotator.analysis.project_agreement import agreement_report, disagreement_list
from glocal_annotator.errors import InvalidOperation, NotFound
from tests.projects import MIXED_TEXT, add_text, empty_project


@pytest.fixture()
def project(tmp_path):
    project = empty_project(tmp_path)
    first = add_text(project, "one.txt", MIXED_TEXT)  # 3 paragraphs
    add_text(project, "two.txt", "nothing coded here\n")
    river = project.add_code("River").result
    global_ = project.add_code("Global").result
    project.add_code("Unused")
    start = MIXED_TEXT.index("the global")
    project.add_coding(first, global_, start, start + 10, coder="ana")
    project.add_coding(first, global_, start, start + 20, coder="ben")
    river_start = MIXED_TEXT.index("river")
    project.add_coding(first, river, river_start, river_start + 5, coder="ana")
    project.add_coding(first, river, river_start, river_start + 5, coder="ben")
    project.add_coding(first, river, 0, 5, coder="cleo")
    yield project
    project.close()


def test_character_level_per_code_and_overall(project):
    report = agreement_report(project, ["ana", "BEN"])
    rows = {row.code: row.figures for row in report.rows}
    assert list(rows) == ["River", "Global", "(all codes)"]  # codebook order, then overall
    total = len(MIXED_TEXT) + len("nothing coded here\n")
    assert rows["River"].units == total and rows["River"].agreeing == total
    assert rows["River"].kappa == pytest.approx(1.0)
    assert rows["Global"].agreeing == total - 10
    assert rows["(all codes)"].units == 2 * total
    assert report.coders == ("ana", "ben")


def test_exclude_uncoded_leaves_only_text_someone_coded(project):
    rows = {row.code: row.figures for row in agreement_report(
        project, ["ana", "ben"], exclude_uncoded=True).rows}
    assert rows["Global"].units == 20 and rows["Global"].percent == pytest.approx(50.0)
    assert rows["(all codes)"].units == 25


def test_other_levels_and_asked_codes(project):
    by_level = {}
    for level in ("segment", "paragraph", "document"):
        report = agreement_report(project, ["ana", "ben"], level=level, codes=["Global", "Unused"])
        by_level[level] = {row.code: row.figures for row in report.rows}
    assert by_level["segment"]["Global"].units == 2  # 10 of 20 shared: under 90 %
    assert by_level["segment"]["Global"].agreeing == 0
    assert by_level["segment"]["Unused"].units == 0
    assert by_level["paragraph"]["Global"].units == 4  # 3 + 1 paragraphs
    assert by_level["paragraph"]["Global"].agreeing == 4
    assert by_level["paragraph"]["Unused"].units == 4
    assert by_level["document"]["Global"].units == 2
    assert agreement_report(project, ["ana", "ben"], level="segment",
                            threshold=0.5).rows[0].figures.agreeing == 2


def test_three_coders_give_alpha_not_kappa(project):
    report = agreement_report(project, ["ana", "ben", "cleo"], codes=["River"])
    assert report.rows[0].figures.kappa is None
    assert report.rows[0].figures.alpha is not None


def test_bad_requests_are_refused(project):
    with pytest.raises(InvalidOperation):
        agreement_report(project, ["ana"])
    with pytest.raises(InvalidOperation):
        agreement_report(project, ["ana", "Ana"])
    with pytest.raises(NotFound):
        agreement_report(project, ["ana", "zed"])
    with pytest.raises(InvalidOperation):
        agreement_report(project, ["ana", "ben"], level="sentence")
    with pytest.raises(NotFound):
        agreement_report(project, ["ana", "ben"], codes=["Nope"])


def test_disagreement_list_names_passages(project):
    rows = disagreement_list(project, ["ana", "ben"])
    start = MIXED_TEXT.index("the global")
    assert [(r.document, r.code, r.start, r.end, r.coded_by, r.not_coded_by) for r in rows] == [
        ("one.txt", "Global", start + 10, start + 20, ("ben",), ("ana",))]
    assert rows[0].text == MIXED_TEXT[start + 10:start + 20]
    three = disagreement_list(project, ["ana", "ben", "cleo"], codes=["River"])
    assert len(three) == 2 and three[0].coded_by == ("cleo",)


def test_settle_keeps_one_coder_both_or_a_new_range_as_one_undoable_step(project):
    from glocal_annotator.analysis.settle import settle

    document = project.find_document("one.txt").id
    code = project.find_code("Global").id
    start = MIXED_TEXT.index("the global")
    before = project.codings()
    change = settle(project, document, code, start, start + 20, keep=["ana"])
    ranges = [(c.start, c.end) for c in project.codings(coder_ids=[_coder(project, "consensus")])]
    assert ranges == [(start, start + 10)]
    project.revert(change)
    assert project.codings() == before
    settle(project, document, code, start + 5, start + 20, keep=["ana", "ben"])
    consensus = _coder(project, "consensus")
    assert [(c.start, c.end) for c in project.codings(coder_ids=[consensus])] == [
        (start + 5, start + 20)]
    settle(project, document, code, start, start + 20, new=(start, start + 15))
    assert len(project.codings(coder_ids=[consensus])) == 2
    after = project.codings()
    with pytest.raises(InvalidOperation):
        settle(project, document, code, start, start + 20)  # no decision
    with pytest.raises(InvalidOperation):  # cleo coded nothing of Global there
        settle(project, document, code, start, start + 20, keep=["cleo"])
    assert project.codings() == after
    # the consensus is a coder like others: agreement of each coder with it
    assert agreement_report(project, ["ana", "consensus"], codes=["Global"]).rows[0].figures


def _coder(project, name):
    return next(c.id for c in project.coders() if c.name == name)
