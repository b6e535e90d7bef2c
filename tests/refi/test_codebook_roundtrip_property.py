"""Property test (hypothesis) of the REFI-QDA codebook readers: any codebook tree written as
.qdc or .csv reads back as the same tree (names, GUIDs, colours, codable flags, the six entry
fields, order and nesting), and reading the written bytes never fails."""

from __future__ import annotations

import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glocal_annotator.model import Codebook, CodebookNode
from glocal_annotator.refi.codebook import codebook_to_xml, read_qdc
from glocal_annotator.refi.codebook_csv import codebook_csv_text, read_codebook_csv
from glocal_annotator.spreadsheet_cells import spreadsheet_text, unprotect

# What a codebook's text may hold: any character XML 1.0 carries except CR (XML reads every
# line end as LF) and the line and paragraph separators.
_CHARACTERS = st.characters(
    blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff\u2028\u2029"
) | st.sampled_from(["\n", "\t", " ", "=", "+", "-", "@", "'", '"', ",", ";", ":", "/", ">"])
# Names as the readers keep them: white space collapsed, never " > " (the CSV path separator).
NAMES = st.lists(_CHARACTERS, min_size=1, max_size=12).map(
    lambda chars: " ".join("".join(chars).split())
).filter(lambda name: name and " > " not in name and not name.startswith(">")
         and not name.endswith(">"))
# Entry fields as CSV cells keep them (no white space at the ends; the .qdc keeps even that).
FIELDS = st.just("") | st.lists(_CHARACTERS, max_size=16).map(
    lambda chars: "".join(chars).strip())
COLORS = st.none() | st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06X}")


def _node(children: list[CodebookNode]) -> st.SearchStrategy[CodebookNode]:
    return st.builds(
        CodebookNode,
        name=NAMES,
        guid=st.builds(lambda: str(uuid.uuid4())),
        color=COLORS,
        codable=st.booleans(),
        short_definition=FIELDS,
        definition=FIELDS,
        when_to_use=FIELDS,
        when_not_to_use=FIELDS,
        example=FIELDS,
        memo=FIELDS,
        children=st.just(children),
    )


def _unique(nodes: list[CodebookNode]) -> list[CodebookNode]:
    """Siblings with distinct names (case-insensitively), as a codebook has them."""
    seen: set[str] = set()
    kept = []
    for node in nodes:
        if node.name.casefold() not in seen:
            seen.add(node.name.casefold())
            kept.append(node)
    return kept


TREES = st.recursive(
    st.lists(_node([]), min_size=1, max_size=4).map(_unique),
    lambda below: st.lists(
        below.flatmap(lambda children: _node(children)), min_size=1, max_size=3
    ).map(_unique),
    max_leaves=12,
)


# The bytes the writers put in a file (write_codebook_file adds only the atomic write; the BOM
# of the CSV file is read back like any UTF-8 BOM).
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(codes=TREES)
def test_qdc_round_trips(codes):
    assert read_qdc(codebook_to_xml(Codebook(codes=codes))).codes == codes


@SETTINGS
@given(codes=TREES)
def test_csv_round_trips(codes):
    data = codebook_csv_text(Codebook(codes=codes)).encode("utf-8-sig")
    assert read_codebook_csv(data).codes == codes


@SETTINGS
@given(text=st.text(st.sampled_from(list("'=+-@x1 \t"))))
def test_spreadsheet_protection_round_trips(text):
    assert unprotect(spreadsheet_text(text)) == text
