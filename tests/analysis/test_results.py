"""The shape every analysis view returns (glocal_annotator.analysis.results)."""

import pytest

from glocal_annotator.analysis.results import Passage, ResultTable


def test_rows_give_a_header_then_one_row_per_label():
    table = ResultTable("Codes by document", ("A", "B"), ("d1", "d2"), ((1, 0), (2, 3)),
                        row_keys=(10, 11), column_keys=(1, 2))
    assert table.rows() == [["", "d1", "d2"], ["A", 1, 0], ["B", 2, 3]]


@pytest.mark.parametrize("values", [((1,),), ((1, 2), (3,)), ((1, 2),)])
def test_values_that_do_not_fit_the_labels_are_refused(values):
    with pytest.raises(ValueError):
        ResultTable("t", ("A", "B"), ("x", "y"), values)


def test_an_unknown_measure_and_mismatched_keys_are_refused():
    with pytest.raises(ValueError, match="measure"):
        ResultTable("t", ("A",), ("x",), ((1,),), measure="ratio")
    with pytest.raises(ValueError, match="row keys"):
        ResultTable("t", ("A",), ("x",), ((1,),), row_keys=(1, 2))


def test_passages_are_asked_per_cell():
    table = ResultTable("t", ("A",), ("x",), ((1,),),
                        passages=lambda r, c: [Passage(7, r, c + 5, (3,))])
    assert table.passages is not None
    assert table.passages(0, 0) == [Passage(7, 0, 5, (3,))]


def test_views_pause_the_garbage_collector_and_restore_it():
    import gc

    from glocal_annotator.analysis.spans import without_gc_pauses

    seen = []

    @without_gc_pauses
    def view(fail: bool) -> int:
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("bad input")
        return 7

    assert gc.isenabled()
    assert view(False) == 7 and gc.isenabled()
    with pytest.raises(ValueError):
        view(True)
    assert gc.isenabled() and seen == [False, False]
    gc.disable()
    try:
        view(False)
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
