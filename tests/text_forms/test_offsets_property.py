"""Property test (hypothesis) of search normalisation: every hit, found in a document's search
form, maps back through the offset map to original characters that are reader-equal to what was
searched for (a hit inside a character that folds to several, or a run of marks folded together,
takes that whole character or run), in text order."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from glocal_annotator.search.engine import compile_query, is_word_character
from glocal_annotator.text_forms.equivalence import fold, normalise
from glocal_annotator.text_forms.forms import document_forms

# Characters whose forms change length or join others, with plain letters around them.
SPECIAL = [
    "e\u0301", "\u0301", "é", "ß", "ẞ", "\ufb01", "\ufb03", "\u00ad", "\u200b", "\u2019", "\u201c",
    "\u2013", "İ", "ı", "Σ", "ς", "ﬀ", "Ａ", "①", "\u3000", "👩🏽‍🔬", "全球", "ـ", "\u05b8", "ǅ",
    "Å", "Å", "\u1100\u1161", "ﾊﾟ", "№", "ŉ", "\u0345", "ﬆ",
]
TEXT = st.lists(st.sampled_from(SPECIAL) | st.sampled_from(list("abcefiost ")),
                min_size=1, max_size=40).map("".join)


def _mapped(form, spans):  # noqa: ANN001, ANN202
    if len(form.offsets):
        return [form.offsets.span(start, end) for start, end in spans]
    return spans


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, data=st.data())
def test_plain_hits_map_back_to_reader_equal_characters(text, data):
    forms = document_forms(text)
    folded = forms.folded
    # search for a piece of what a reader sees (a slice of the folded form, from a word start:
    # plain words match there)
    starts = [i for i in range(len(folded.text))
              if i == 0 or not is_word_character(folded.text[i - 1])]
    assume(starts)
    start = data.draw(st.sampled_from(starts))
    end = data.draw(st.integers(start + 1, len(folded.text)))
    query = folded.text[start:end]
    assume(query == query.strip() and query and fold(query) == query)
    compiled = compile_query(query.strip())
    needle = compiled.needle
    spans = compiled.spans(folded.text)
    assert spans  # the query was taken from the form: it is there
    mapped = _mapped(folded, spans)
    assert mapped == sorted(mapped)
    for hit_start, hit_end in mapped:
        assert 0 <= hit_start < hit_end <= len(text)
        original = text[hit_start:hit_end]
        assert needle in fold(original), (text, query, original)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, piece=st.sampled_from(["s", "ss", "fi", "e", "é", "'", '"', "-", "a", "st"]))
def test_pattern_hits_map_back_to_characters_whose_form_matches(text, piece):
    forms = document_forms(text)
    normalised = forms.normalised_or(text)
    compiled = compile_query(piece, regex=True)
    target = normalise(piece)
    for hit_start, hit_end in _mapped(normalised, compiled.spans(normalised.text)):
        assert 0 <= hit_start < hit_end <= len(text)
        assert target in normalise(text[hit_start:hit_end]), (text, piece,
                                                                text[hit_start:hit_end])
