"""What search treats as equal, and the offset maps that lead every hit back to the stored text."""

from __future__ import annotations

import random
import unicodedata

import pytest

from glocal_annotator.text_forms import _tables
from glocal_annotator.text_forms.equivalence import (
    APOSTROPHES,
    DASHES,
    IGNORABLE,
    QUOTATION_MARKS,
    class_members,
    compute_tables,
    fold,
    normalise,
    ranges_class,
)
from glocal_annotator.text_forms.forms import OffsetMap, document_forms


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("café", "cafe\u0301"),  # NFC query, NFD text
        ("cafe\u0301", "café"),  # and the other way round
        ("người", unicodedata.normalize("NFD", "người")),
        ("financially", "\ufb01nancially"),  # ﬁ ligature
        ("office", "o\ufb03ce"),  # ﬃ
        ("nokia", "\uff2e\uff4f\uff4b\uff49\uff41"),  # full-width letters
        ("women's", "women\u2019s"),
        ("women's", "women\u02bcs"),  # modifier letter apostrophe
        ('"market"', "\u201cmarket\u201d"),
        ('"market"', "\u201emarket\u201c"),  # German quotes
        ("well-known", "well\u2010known"),  # hyphen
        ("1990-2000", "1990\u20132000"),  # en dash
        ("a-b", "a\u2014b"),  # em dash
        ("minus-sign", "minus\u2212sign"),
        ("Gleichstellungsbeauftragte", "Gleich\u00adstellungs\u00adbeauftragte"),
        ("Selbstverwaltung", "Selbst\u200bverwaltung"),
        ("zwj", "z\u200dw\u2060j\ufeff"),
        ("no break", "no\u00a0break"),
        ("strasse", "Straße"),
        ("STRASSE", "straße"),
        ("straße", "STRASSE"),
        ("ıstanbul", "Istanbul"),  # dotless i
        ("istanbul", "İstanbul"),  # dotted capital I
        ("İZMİR", "izmir"),
        ("ISPARTA", "ısparta"),
        ("σοφος", "ΣΟΦΟΣ"),
        ("σοφος", "σοφος".replace("ς", "ς")),
        ("ǰ", "J\u030c"),  # folds to a character without a capital form
    ],
)
def test_a_query_and_the_text_a_reader_sees_fold_alike(typed, written):
    assert fold(typed) == fold(written)


@pytest.mark.parametrize(
    ("one", "other"),
    [("cafe", "café"), ("resume", "résumé"), ("a", "ä"), ("sin", "sín"), ("i", "j")],
)
def test_accents_still_count(one, other):
    assert fold(one) != fold(other)


def test_normalise_keeps_case_and_fold_does_not():
    assert normalise("Straße\u2019s") == "Straße's"
    assert fold("Straße\u2019s") == "strasse's"
    for character in APOSTROPHES:
        assert normalise(character) == "'"
    for character in QUOTATION_MARKS:
        assert normalise(character) == '"'
    for character in DASHES:
        assert normalise(character) == "-"
    for character in IGNORABLE:
        assert normalise(f"a{character}b") == "ab"


def test_folding_is_idempotent_for_every_character():
    for code_point in [*range(0x30000), *range(0xE0000, 0xE0200)]:
        character = chr(code_point)
        if 0xD800 <= code_point <= 0xDFFF:
            continue
        once = fold(character)
        assert fold(once) == once, hex(code_point)
        assert normalise(normalise(character)) == normalise(character), hex(code_point)


def test_generated_tables_match_this_pythons_unicode():
    """scripts/make_fold_tables.py wrote them; rerun it when this fails after a Python upgrade
    (a Python with another Unicode version recomputes them at run time instead)."""
    if unicodedata.unidata_version != _tables.UNICODE_VERSION:
        pytest.skip("tables are for another Unicode version; recomputed at run time")
    special, combining = compute_tables()
    assert class_members(_tables.SPECIAL) == class_members(ranges_class(special))
    assert class_members(_tables.COMBINING) == class_members(ranges_class(combining))


# -- forms of whole documents ------------------------------------------------------------------

_TRICKY = list(
    "aeiouAEIOUsS. '\n-\"xyz"
    "ßẞİıIiﬁﬃﬅ’‘“”–—\u00ad\u200b\u200c\u200d\u2060\ufeff\u0301\u0300\u0323\u0308\u031b"
    "éÉÆæ½…ｶﾞＡＮ가\u1100\u1161\u11a8ǰΣςσǅǆ\u0345\u0307\u00a0\u2126K"
) + ["👩🏽\u200d🔬", "🇫🇷", "𝐀", "\U00010400"]


def _random_texts(count: int, seed: int = 1):
    rng = random.Random(seed)
    special = sorted(class_members(_tables.SPECIAL) | class_members(_tables.COMBINING))
    for _ in range(count):
        pieces = [
            rng.choice(_TRICKY) if rng.random() < 0.8 else rng.choice(special)
            for _ in range(rng.randint(1, 16))
        ]
        yield "".join(pieces)


def test_document_forms_equal_folding_the_whole_text():
    for text in _random_texts(20_000):
        forms = document_forms(text)
        normalised = forms.normalised.text if forms.normalised is not None else text
        assert normalised == normalise(text), ascii(text)
        assert forms.folded.text == fold(text), ascii(text)


def _check_map(text: str, derived: str, offsets: OffsetMap, form) -> None:
    """Every derived span maps back to an original span whose form contains it."""
    for start in range(len(derived)):
        for end in range(start + 1, min(len(derived), start + 6) + 1):
            o_start, o_end = offsets.span(start, end)
            assert 0 <= o_start < o_end <= len(text)
            assert derived[start:end] in form(text[o_start:o_end]), (ascii(text), start, end)


def test_maps_lead_every_span_back_to_the_characters_it_came_from():
    for text in _random_texts(2_000, seed=2):
        forms = document_forms(text)
        _check_map(text, forms.folded.text, forms.folded.offsets, fold)
        if forms.normalised is not None:
            _check_map(text, forms.normalised.text, forms.normalised.offsets, normalise)


def _hit(text: str, word: str) -> str:
    """Find ``word`` in the folded form of ``text`` and return the original characters hit."""
    forms = document_forms(text)
    start = forms.folded.text.index(fold(word))
    o_start, o_end = forms.folded.offsets.span(start, start + len(fold(word)))
    return text[o_start:o_end]


@pytest.mark.parametrize(
    ("text", "word", "hit"),
    [
        ("Le cafe\u0301 du village est ge\u0301re\u0301 par", "village", "village"),
        ("Le cafe\u0301 du village est ge\u0301re\u0301 par", "géré", "ge\u0301re\u0301"),
        ("Le cafe\u0301 du village est ge\u0301re\u0301 par", "par", "par"),
        ("Gleich\u00adstellungs\u00adbeauftragte sprach", "sprach", "sprach"),
        ("Gleich\u00adstellungs\u00adbeauftragte sprach", "beauftragte", "beauftragte"),
        ("Selbst\u200bverwaltung heute", "verwaltung", "verwaltung"),
        ("Selbst\u200bverwaltung heute", "selbst", "Selbst"),  # the hidden space is not hit
        ("Interview 👩🏽\u200d🔬 with Amélie", "amélie", "Amélie"),
        ("🇫🇷 drapeau 𝐀 bold", "bold", "bold"),
        ("\ufb03cial o\ufb03cials report", "officials", "o\ufb03cials"),
        ("the \ufb03 report", "report", "report"),
        ("Die Straße ist lang", "ist", "ist"),
        ("Die Straße ist lang", "strasse", "Straße"),
        ("İstanbul İzmir", "izmir", "İzmir"),
        ("ΣΟΦΟΣ σοφός", "σοφός", "σοφός"),
        ("1990\u20132000 and 2001", "2001", "2001"),
        ("\uff2e\uff4f\uff4b\uff49\uff41 phones", "phones", "phones"),
        ("\uff2e\uff4f\uff4b\uff49\uff41 phones", "nokia", "\uff2e\uff4f\uff4b\uff49\uff41"),
        ("half ½ done", "done", "done"),
        ("wait\u2026 then", "then", "then"),
    ],
)
def test_hits_land_on_the_original_characters(text, word, hit):
    assert _hit(text, word) == hit


def test_a_hit_inside_an_expansion_takes_the_whole_character():
    forms = document_forms("Maße")
    start = forms.folded.text.index("s")  # the first s of ß's "ss"
    assert forms.folded.offsets.span(start, start + 1) == (2, 3)
    assert forms.folded.offsets.span(start + 1, start + 2) == (2, 3)


def test_ascii_text_needs_no_map_and_no_normalised_copy():
    forms = document_forms("Plain ASCII Text.")
    assert forms.normalised is None and forms.folded.text == "plain ascii text."
    assert len(forms.folded.offsets) == 0
    curly = document_forms("It\u2019s here")  # one for one: a changed copy, still no map
    assert curly.normalised is not None and curly.normalised.text == "It's here"
    assert len(curly.normalised.offsets) == 0 and len(curly.folded.offsets) == 0


def test_offset_maps_round_trip_through_bytes():
    forms = document_forms("Stra\u00dfe Gleich\u00adstellung cafe\u0301 \ufb01n")
    data = forms.folded.offsets.to_bytes()
    assert OffsetMap.from_bytes(data) == forms.folded.offsets
    assert len(forms.folded.offsets) == 4
    with pytest.raises(ValueError):
        OffsetMap.from_bytes(data[:-4])
