"""The collector around long jobs: held while any runs, settled (long-lived objects frozen out
of later passes) when the last ends, everything given back when the project closes."""

from __future__ import annotations

import gc

import pytest

from glocal_annotator.ui.common import memory


@pytest.fixture(autouse=True)
def clean_collector():
    yield
    while memory._holds:
        memory.release()
    gc.unfreeze()
    gc.enable()


def test_held_while_jobs_run_and_settled_after_the_last():
    assert gc.isenabled()
    memory.hold()
    memory.hold()  # two jobs at once
    assert not gc.isenabled()
    memory.release()
    assert not gc.isenabled()  # one still runs
    frozen = gc.get_freeze_count()
    kept = [object() for _ in range(10)] + [[] for _ in range(1000)]
    memory.release()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + 1000  # what lives on is out of later passes
    del kept


def test_quiet_is_a_hold_for_a_block_even_when_it_raises():
    with pytest.raises(ValueError), memory.quiet():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_a_collector_turned_off_by_someone_else_stays_off():
    gc.disable()
    memory.hold()
    memory.release()
    assert not gc.isenabled()


def test_a_closed_project_gives_everything_back():
    memory.keep_long_lived()
    assert gc.get_freeze_count()
    memory.release_long_lived()
    assert gc.get_freeze_count() == 0
    memory.release()  # a release with nothing held does nothing
    assert gc.isenabled()
