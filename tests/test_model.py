"""The plain data of model.py: one codebook entry shape for codes and codebook nodes."""

from __future__ import annotations

import dataclasses

from glocal_annotator.model import (
    CODE_TEXT_FIELDS,
    Code,
    Codebook,
    CodebookNode,
    CodeEntry,
    walk,
)


def _names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


def test_code_and_codebook_node_are_one_entry_shape():
    entry = _names(CodeEntry)
    assert entry[:4] == ["name", "guid", "color", "codable"]
    assert entry[4:] == list(CODE_TEXT_FIELDS)
    assert issubclass(Code, CodeEntry) and issubclass(CodebookNode, CodeEntry)
    # neither repeats an entry field of its own
    assert _names(Code)[: len(entry)] == entry and _names(CodebookNode)[: len(entry)] == entry
    assert set(_names(Code)) - set(entry) == {"id", "parent_id", "position", "path", "codings"}
    assert set(_names(CodebookNode)) - set(entry) == {"children"}


def _code(id: int, name: str, parent_id: int | None, **fields) -> Code:
    return Code(id=id, guid=f"g{id}", name=name, parent_id=parent_id, position=0,
                color="#112233", **fields)


def test_codebook_from_codes_builds_the_tree_in_order():
    codes = [
        _code(1, "A", None, definition="about A", memo="m"),
        _code(2, "A1", 1, codable=False),
        _code(3, "A1a", 2),
        _code(4, "B", None),
    ]
    book = Codebook.from_codes(codes)
    assert [(depth, node.name) for depth, node in book.walk()] == [
        (1, "A"), (2, "A1"), (3, "A1a"), (1, "B")]
    a = book.codes[0]
    assert a.entry_fields() == codes[0].entry_fields()
    assert (a.guid, a.color, a.children[0].codable) == ("g1", "#112233", False)


def test_walk_goes_any_depth_without_recursion():
    node = CodebookNode("leaf", "g", None)
    for level in range(5000):
        node = CodebookNode(f"n{level}", "g", None, children=[node])
    assert sum(1 for _ in walk([node])) == 5001


def test_a_filter_within_coders_intersects_its_own():
    from glocal_annotator.model import CodingFilter

    assert CodingFilter((1,)).within_coders(None) == CodingFilter((1,))
    assert CodingFilter((1,)).within_coders([3]) == CodingFilter((1,), None, (3,))
    assert CodingFilter(None, None, (2, 3)).within_coders([3, 4]).coder_ids == (3,)
    assert CodingFilter(None, None, (2,)).within_coders([3]).coder_ids == ()
    assert CodingFilter().within_coders([]).coder_ids == ()
