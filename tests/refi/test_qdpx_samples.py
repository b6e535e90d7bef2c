"""The real files in samples/ import with the right counts and every selection on its words.

Sample 08 is the spec's annex example as a bare .qde: its sources are not in it. It is read as
it is (the counts of what it holds, each missing source listed), and, to check the offsets, it is
also packed into a .qdpx with source texts made for it: each selection's text (its ``name``,
where ATLAS.ti filled it with the quoted text) at its offsets, filler words elsewhere, written
with CRLF line ends counted as ATLAS.ti counts them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from glocal_annotator.project import Project
from glocal_annotator.project_exchange import import_qdpx, read_for_import
from glocal_annotator.refi.guids import normalize_guid
from glocal_annotator.refi.offset_units import on_boundary
from glocal_annotator.refi.project_reader import read_project
from glocal_annotator.refi.safe_xml import first_child, local_name, parse_xml
from tests.refi.qdpx_helpers import write_archive

SAMPLES = Path(__file__).parent / "samples"


def sample(prefix: str) -> Path:
    return next(SAMPLES.glob(f"{prefix}_*"))


@pytest.mark.parametrize(
    ("prefix", "users", "codes", "documents", "codings", "memos"),
    [
        ("01", 2, 0, 0, 0, 0),
        ("02", 2, 3, 0, 0, 0),
        ("04", 2, 262, 2, 0, 0),
        ("08", 3, 14, 0, 0, 2),
    ],
)
def test_samples_import_with_the_right_counts(
    tmp_path: Path, prefix: str, users: int, codes: int, documents: int, codings: int, memos: int
) -> None:
    report = import_qdpx(tmp_path / "s.glocal", sample(prefix))
    imported = report.imported()
    assert imported["coders"] == users
    assert imported["codes"] == codes
    assert imported["documents"] == documents
    assert imported["codings"] == codings
    assert imported["memos"] == memos
    with Project.open(tmp_path / "s.glocal") as project:
        assert len(project.codes()) == imported["codes"]
        assert len(project.coders()) == users
        for coding in project.codings():
            text = project.document_text(coding.document_id)
            assert on_boundary(text, coding.start) and on_boundary(text, coding.end)


def test_nvivo_sample_keeps_its_262_codes_and_sources(tmp_path: Path) -> None:
    report = import_qdpx(tmp_path / "n.glocal", sample("04"))
    with Project.open(tmp_path / "n.glocal") as project:
        codes = project.codes()
        assert len(codes) == 262
        depth = max(depth for depth, _ in read_project(sample("04")).codebook.walk())
        assert depth >= 6
        assert max(code.path.count("/") for code in codes) + 1 == depth
        # names repeated under different parents (programming, citizenship) are kept apart
        assert sum(1 for code in codes if code.name == "citizenship") == 3
        assert len(project.documents()) == 2
    assert all(units.selections == 0 for units in report.units)


def test_annex_example_lists_what_it_cannot_import(tmp_path: Path) -> None:
    report = import_qdpx(tmp_path / "a.glocal", sample("08"), dry_run=True)
    skipped = "\n".join(report.skipped)
    assert "1 picture source (" in skipped and "2 video sources (" in skipped
    assert "1 audio source (" in skipped
    assert "2 area selections of the PDF" in skipped and "with 2 codings: this" in skipped
    assert "1 graph (network views)" in skipped and "set 'Feelings' of 6 codes" in skipped
    assert "1 link between items" in skipped and "with 1 coding: internal" in skipped
    for name in ("Mabel.txt", "Simon.docx", "1994 Diet Coke-Diet Coke Break.docx"):
        assert f"the source {name!r}" in skipped  # its text is not in a bare .qde
    assert not (tmp_path / "a.glocal").exists()  # a dry run creates nothing


def _filled_text(length: int, selections: list[tuple[int, int, str]]) -> str:
    words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do".split()
    chars = list(" ".join(words[i % len(words)] for i in range(length)).ljust(length))[:length]
    for start, end, name in selections:
        quote = name.rstrip("…").rstrip()
        if len(quote) > end - start:
            quote = ""
        chars[start : start + len(quote)] = list(quote)
        chars[start - 1 : start] = [" "] if start else []
        if end < length:
            chars[end : end + 1] = [" "]
    return "".join(chars)


def _plain_text_paths(qde: bytes) -> dict[str, str]:
    """Each text source's GUID and the internal name of its plain text (a PDF's: its
    representation's)."""
    paths = {}
    for element in parse_xml(qde).iter():
        kind = local_name(element)
        if kind not in ("TextSource", "PDFSource"):
            continue
        holder = element if kind == "TextSource" else first_child(element, "Representation")
        if holder is not None and holder.get("plainTextPath"):
            paths[normalize_guid(element.get("guid"))] = holder.get("plainTextPath")[11:]
    return paths


def test_annex_example_with_its_sources_puts_every_selection_on_its_words(tmp_path: Path) -> None:
    project = read_project(sample("08"))
    qde = sample("08").read_bytes()
    paths = _plain_text_paths(qde)
    entries: dict[str, str | bytes] = {"project.qde": qde}
    expected: dict[str, list[str]] = {}
    for source in project.sources:
        if not source.selections:
            continue
        selections = [(s.start, s.end, s.name) for s in source.selections]
        text = _filled_text(max(end for _, end, _ in selections) + 20, selections)
        # ATLAS.ti counts a CRLF as one: a space becomes a CRLF, so offsets counted that way
        # stay, and those counted with CRLF as two move
        entries[f"Sources/{paths[source.guid]}"] = text.replace(" amet ", " amet\r\n").encode()
        expected[source.name] = [s.name for s in source.selections]
    archive = write_archive(tmp_path / "annex.qdpx", entries)
    incoming = read_for_import(archive)
    units = {u.name: u for u in incoming.units}
    for name in expected:
        assert units[name].on_words == units[name].selections > 0, units[name]
        assert "CRLF as 1" in units[name].reading
    report = import_qdpx(tmp_path / "annex.glocal", archive)
    assert report.imported()["codings"] == 1 + 3 + 3 + 2  # Diet Coke, Mabel, Simon, the PDF
    with Project.open(tmp_path / "annex.glocal") as imported:
        by_name = {d.name: d for d in imported.documents()}
        diet = by_name["1994 Diet Coke-Diet Coke Break.docx"]
        (coding,) = imported.codings(document_ids=[diet.id])
        assert imported.document_text(diet.id)[coding.start : coding.end] == (
            "Oh, that was great. See you tomorrow? Eleven thirty. Mm.")
        memos = {m.title for m in imported.memos()}
        comment = [m for m in imported.memos() if "Mabel is not the only person" in m.text]
        assert len(comment) == 1 and comment[0].document_id is not None  # an uncoded passage
        assert {"Research Plan", "My favorite Coke ad"} <= memos
        simon = by_name["Simon.docx"]
        memo_texts = {c.memo for c in imported.codings(document_ids=[simon.id])}
        assert "why does Simon feel the need to do this?" in memo_texts
        mabel = by_name["Mabel.txt"].id
        assert {name for name, members in imported.document_sets().items()
                if mabel in members} == {"Mabel", "Text files", "gender: female", "age: 25"}
