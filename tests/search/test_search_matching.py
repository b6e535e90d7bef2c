"""Searching a project finds what a reader sees, in documents imported as users bring them."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from glocal_annotator.errors import GlocalError
from glocal_annotator.search import compile_query
from glocal_annotator.search.engine import _prefix_spans
from glocal_annotator.search.pattern import normalise_pattern, required_prefix
from glocal_annotator.text_forms.equivalence import fold, normalise
from tests.projects import add_text, empty_project

TRIAL = Path(__file__).parent / "trial_cases"  # copies of ../shared/trial-cases


@pytest.fixture
def project(tmp_path):
    with empty_project(tmp_path) as project:
        yield project


def _import(project, name: str) -> int:
    return project.import_file(TRIAL / name).result


def _found(project, query: str, **options) -> list[str]:
    hits = project.search(query, **options)
    for hit in hits:  # every hit is the original characters at its offsets
        assert project.document_text(hit.document_id)[hit.start : hit.end] == hit.text
    return [hit.text for hit in hits]


def test_decomposed_accents_are_found_on_the_original_characters(project):
    french = _import(project, "nfd_french.txt")
    vietnamese = _import(project, "nfd_vietnamese.txt")
    assert _found(project, "café") == ["cafe\u0301"]
    assert _found(project, "géré") == ["ge\u0301re\u0301"]
    assert _found(project, "GÉRÉ PAR") == ["ge\u0301re\u0301 par"]
    [hit] = project.search("femmes")  # after three decomposed accents
    text = project.document_text(french)
    assert text[hit.start : hit.end] == "femmes" and hit.start == text.index("femmes")
    [hit] = project.search("quản lý")
    assert hit.text == unicodedata.normalize("NFD", "quản lý")
    assert hit.start == project.document_text(vietnamese).index(hit.text)
    assert _found(project, "chợ") == ["cho\u031b\u0323"]
    assert _found(project, "cafe") == []  # accents still count


def test_soft_hyphens_and_zero_width_characters_inside_words_are_ignored(project):
    document = _import(project, "softhyphen.txt")
    text = project.document_text(document)
    [hit] = project.search("Gleichstellungsbeauftragte")
    assert hit.text == "Gleich\u00adstellungs\u00adbeauftragte" and hit.start == 4
    [hit] = project.search("Selbstverwaltung")
    assert hit.text == "Selbst\u200bverwaltung"
    [hit] = project.search("sprach")  # after two soft hyphens
    assert hit.start == text.index("sprach")
    assert _found(project, "stellungs") == []  # still inside a word: not a word start
    assert _found(project, r"beauftragte\b", regex=True) == ["beauftragte"]


@pytest.mark.parametrize("name", ["curly.txt", "curly.docx"])
def test_curly_apostrophes_and_quotes_match_straight_ones(project, name):
    _import(project, name)
    assert _found(project, "women's") == ["women\u2019s"]
    assert _found(project, "it's") == ["it\u2019s"]
    assert _found(project, "didn't") == ["didn\u2019t"]
    assert _found(project, '"it\'s our market"') == ["\u201cit\u2019s our market\u201d"]
    # the README's own example
    readme = "women'?s (group|network)s?"
    assert _found(project, readme, regex=True) == ["women\u2019s group"]
    assert _found(project, readme, regex=True, ignore_case=True) == ["women\u2019s group"]
    assert _found(project, readme, regex=True, exact=True) == []  # the stored characters
    assert _found(project, "women\u2019s", regex=True, exact=True) == ["women\u2019s"]


def test_hits_after_emoji_ligatures_and_sharp_s_land_exactly(project):
    text = (
        "Interview 👩🏽\u200d🔬 with Amélie. The o\ufb03cials ﬁnanced the Straße project; "
        "İzmir and ISPARTA joined \u2014 a well\u2010known 1990\u20132000 effort."
    )
    document = add_text(project, "t.txt", text)

    def one(query: str, **options) -> str:
        [hit] = project.search(query, **options)
        assert hit.document_id == document
        assert text[hit.start : hit.end] == hit.text
        return hit.text

    assert one("with amélie") == "with Amélie"  # after an emoji sequence
    assert one("officials") == "o\ufb03cials"
    assert one("financed") == "\ufb01nanced"
    assert one("the straße project") == "the Straße project"
    assert one("strasse project") == "Straße project"
    assert one("project") == "project"  # after ß
    assert one("izmir") == "İzmir"
    assert one("isparta") == "ISPARTA"
    assert one("ıSPARTA") == "ISPARTA"
    assert one("well-known") == "well\u2010known"
    assert one("1990-2000") == "1990\u20132000"
    assert one("joined - a") == "joined \u2014 a"
    assert one("effort") == "effort"


def test_regex_ignore_case_uses_full_case_folding(project):
    add_text(project, "de.txt", "Die STRASSE und die Straße. İstanbul, ISTANBUL, istanbul.")
    assert _found(project, r"Stra(ss|ß)e", regex=True) == ["Straße"]  # case-sensitive
    assert _found(project, r"stra(ss|ß)e", regex=True, ignore_case=True) == [
        "STRASSE",
        "Straße",
    ]
    assert _found(project, r"straße\b", regex=True, ignore_case=True) == ["STRASSE", "Straße"]
    assert _found(project, r"\bistanbul", regex=True, ignore_case=True) == [
        "İstanbul",
        "ISTANBUL",
        "istanbul",
    ]
    assert _found(project, r"(?i)die", regex=True) == ["Die", "die"]  # Python's own flag


def test_plain_search_is_ranked_by_fts_over_the_folded_forms(project):
    sparse = add_text(project, "sparse.txt", "One o\ufb03cial came. " + "Filler words here. " * 40)
    dense = add_text(project, "dense.txt", "O\ufb03cials met o\ufb03cials; o\ufb03cial talks.")
    add_text(project, "none.txt", "Nothing to see.")
    hits = project.search("official")
    assert [h.document_id for h in hits] == [dense, dense, dense, sparse]
    # the full-text index holds the folded text, so a ligature's letters are a word there
    assert project.conn.execute(
        "SELECT count(*) FROM search_fts WHERE search_fts MATCH '\"officials\"'"
    ).fetchone()[0] == 1


def test_search_options_and_errors(project):
    add_text(project, "a.txt", "Alpha beta")
    with pytest.raises(GlocalError, match="empty"):
        project.search("   ")
    with pytest.raises(GlocalError, match="does not see"):
        project.search("\u00ad\u200b")
    with pytest.raises(GlocalError, match="not a valid regular expression"):
        project.search("(unclosed", regex=True)
    with pytest.raises(GlocalError, match="not a valid regular expression"):
        project.search("[z-a]", regex=True, ignore_case=True)
    assert _found(project, "ALPHA") == ["Alpha"]
    assert _found(project, "lpha") == []  # plain words start words


def test_documents_without_a_stored_form_are_still_searched(project):
    document = add_text(project, "a.txt", "Stra\u00dfe here")
    project.conn.execute("DELETE FROM search_texts WHERE document_id = ?", (document,))
    assert _found(project, "strasse") == ["Stra\u00dfe"]


def test_stored_forms_of_older_rules_are_not_used(project):
    document = add_text(project, "a.txt", "Ca\u0301fe Stra\u00dfe")
    project.conn.execute(
        "UPDATE search_texts SET version = 0, folded = 'wrong', folded_map = x'' "
        "WHERE document_id = ?",
        (document,),
    )
    project._texts = type(project._texts)(project.conn)
    assert _found(project, "strasse", regex=True, ignore_case=True) == ["Stra\u00dfe"]


# -- regular expressions over forms -------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("women\u2019s", "women's"),
        ("women\u2019?s", "women'?s"),
        ("caf\u00e9+", "caf\u00e9+"),
        ("cafe\u0301", "caf\u00e9"),
        ("cafe\\u0301", "caf\u00e9"),  # escapes count as the characters they name
        ("\\N{RIGHT SINGLE QUOTATION MARK}", "'"),
        ("\\x41\\u00df", "A\u00df"),
        ("\u00df?", "\u00df?"),
        ("[\u2019\u2018]s", "['']s"),
        ("[a-z\u2019]", "[a-z']"),
        ("(?P<name>\u201cx\u201d)(?P=name)", '(?P<name>"x")(?P=name)'),
        ("(?:\u2014)|\\b\\w+\\B", "(?:\\-)|\\b\\w+\\B"),
        ("\\bNGO\\b\\.", "\\bNGO\\b\\."),
        ("x{2,3}\u2013{1}", "x{2,3}\\-{1}"),
        ("(?i)ab", "(?i)ab"),
        ("(?#a\u2019comment)a", "(?#a\u2019comment)a"),
        ("(?<=\u2019)s", "(?<=')s"),
        ("Gleich\u00adstellung", "Gleichstellung"),
    ],
)
def test_literal_characters_of_a_pattern_are_normalised(pattern, expected):
    assert normalise_pattern(pattern, normalise) == expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("Stra\u00dfe", "strasse"),
        ("\u00df+", "(?:ss)+"),
        ("\u0130zmir", "izmir"),
        ("[A-Z]", "[A-Z]"),  # ranges are kept (the pattern is compiled ignoring case)
        ("[\u0130]", "[i]"),
        ("[\u00df]", "[\u00df]"),  # several characters do not fit in a class: kept
        ("\\B\\W", "\\B\\W"),  # escapes are not folded
    ],
)
def test_literal_characters_are_folded_when_ignoring_case(pattern, expected):
    assert normalise_pattern(pattern, fold) == expected


def test_a_literal_prefix_after_word_boundary_is_found():
    def prefix(pattern: str, flags: int = 0) -> str:
        return required_prefix(re.compile(pattern, flags))

    assert prefix(r"\bdrone \w+") == "drone "
    assert prefix(r"^\bNGOs?") == "NGO"
    assert prefix(r"drone\w+") == "drone"
    assert prefix(r"\b(drone)") == ""
    assert prefix(r"\bdrone|\bmap") == ""
    assert prefix(r"\b\w+") == ""
    assert prefix(r"(?x) \b d r o n e") == "drone"


def test_prefix_scan_finds_exactly_what_finditer_finds():
    rng = random.Random(3)
    alphabet = "ab ,.\nd"
    patterns = [r"\bab\w*", r"\ba b?", r"\bb[ab]+\b", r"^ab", r"\bd\b", r"\baa"]
    for _ in range(2_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        for source in patterns:
            pattern = re.compile(source, re.MULTILINE)
            prefix = required_prefix(pattern)
            assert prefix
            expected = [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
            assert list(_prefix_spans(pattern, prefix, text)) == expected, (source, text)


def test_prefix_is_used_only_when_str_find_can_find_it():
    assert compile_query(r"\bdrone \w+", regex=True).prefix == "drone "
    assert compile_query(r"\bDrone", regex=True, ignore_case=True).prefix == "drone"
    assert compile_query(r"(?i)\bdrone", regex=True).prefix == ""  # case-blind on cased text
    assert compile_query(r"\bdrone", regex=True, exact=True).prefix == "drone"
    assert compile_query("全球", regex=False).fts_match is None  # written without spaces
    assert compile_query("women's group").fts_match == '"women"* "s"* "group"*'


def test_regex_words_of_marked_scripts_stay_whole(project):
    """A combining mark (a Hindi vowel sign or virama, an Arabic vowel point) is part of its word
    for ``\\w`` and ``\\b`` (Unicode's word characters, as the ``regex`` engine has them; Python's
    ``re`` split such words after each mark): ``\\b\\w+`` gives whole words, and ``\\b`` does not
    fall inside one."""
    hindi = add_text(project, "hi.txt", "यह हिन्दी है")
    arabic = add_text(project, "ar.txt", "كَتَبَ الولد")
    assert [h.text for h in project.search("\\b\\w+", regex=True, document_ids=[hindi])] == [
        "यह", "हिन्दी", "है"]
    assert project.search("\\bन्दी", regex=True) == []
    [hit] = project.search("\\bहिन्दी\\b", regex=True)
    assert hit.document_id == hindi and hit.text == "हिन्दी"
    [hit] = project.search("\\bكَتَبَ\\b", regex=True)
    assert hit.document_id == arabic and hit.text == "كَتَبَ"


def test_regex_search_over_many_documents(project):
    for number in range(5):
        add_text(project, f"d{number}.txt", f"nothing here {number} " * 10)
    wanted = add_text(project, "drone.txt", "A drone map. Drones mapped the river.")
    hits = project.search(r"\bdrones? \w+", regex=True, ignore_case=True)
    assert [(h.document_id, h.text) for h in hits] == [
        (wanted, "drone map"),
        (wanted, "Drones mapped"),
    ]


def test_documents_from_other_producers(project, tmp_path):
    """The same kinds written by python-docx and as a web page: found on their characters."""
    import docx

    document = docx.Document()
    document.add_paragraph("Die Gleich\u00adstellungs\u00adbeauftragte und das Caf\u0065\u0301.")
    document.add_paragraph("The NGO\u2019s \u201cwell\u2011known\u201d o\ufb03ce.")
    path = tmp_path / "made.docx"
    document.save(path)
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><p>Selbst&#8203;verwaltung &amp; Gleich&shy;stellung</p>"
        "<p>It&rsquo;s the women&#x2019;s co&#8209;op &ndash; Stra&szlig;e</p></body></html>",
        encoding="utf-8",
    )
    made = project.import_file(path).result
    web = project.import_file(page).result

    def where(query: str, **options) -> list[tuple[int, str]]:
        hits = project.search(query, **options)
        for hit in hits:
            assert project.document_text(hit.document_id)[hit.start : hit.end] == hit.text
        return [(hit.document_id, hit.text) for hit in hits]

    assert where("gleichstellungsbeauftragte") == [
        (made, "Gleich\u00adstellungs\u00adbeauftragte")
    ]
    assert where("café") == [(made, "Cafe\u0301")]
    assert where('ngo\'s "well-known" office') == [
        (made, "NGO\u2019s \u201cwell\u2011known\u201d o\ufb03ce")
    ]
    assert where("selbstverwaltung") == [(web, "Selbst\u200bverwaltung")]
    assert sorted(where("gleichstellung")) == [  # a word start in both
        (made, "Gleich\u00adstellung"),
        (web, "Gleich\u00adstellung"),
    ]
    assert where(r"\bwomen's co-op - strasse", regex=True, ignore_case=True) == [
        (web, "women\u2019s co\u2011op \u2013 Stra\u00dfe")
    ]
