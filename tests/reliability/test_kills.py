"""SIGKILL at random points of a big import, an autocode of tens of thousands of hits, a codebook
import of thousands of codes and every export, and nothing is lost (see :mod:`.kill_harness` for
the checks).

The default run holds a fast subset on smaller inputs (15 trials; autocode of 10,000 hits,
three 100 KB files, 520 codes; kill points fixed inside each operation: mid transaction, mid
statement, mid write, and by timing). The ``slow`` run (``pytest -m slow``, run by CI after the
main run) uses 30,000 hits, three 350 KB files and 3,060 codes, measures each operation once,
then kills it at 10 points drawn uniformly over what the full run reached (journal rows, SQLite
steps, export bytes, seconds): 110 trials, seeded.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from tests.reliability import kill_harness as harness

SEED = 20261201

FAST = [
    ("import", "rows:4"),  # the second document's row written, its search form not yet
    ("import", "steps:4"),
    ("import", "time:0.08"),
    ("autocode", "steps:2000"),  # inside the INSERT of 10,000 codings
    ("autocode", "rows:1"),
    ("autocode", "time:0.2"),
    ("codebook import", "rows:260"),  # half the codes written
    ("codebook import", "steps:150"),
    ("export excerpts docx", "bytes:20000"),
    ("export coded document", "bytes:30000"),
    ("export codebook docx", "bytes:1000"),
    ("export csv", "bytes:40000"),
    ("export qdc", "bytes:10000"),
    ("export codebook csv", "bytes:5000"),
    ("export csv", "time:0.02"),
]


@pytest.fixture(scope="module")
def small_base(tmp_path_factory):
    return harness.build_base(tmp_path_factory.mktemp("kills") / "base", hits=10_000,
                              import_words=15_000, codebook=(20, 25))


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return harness.build_base(tmp_path_factory.mktemp("kills") / "base")


def test_fast_kills_lose_nothing(small_base, tmp_path):
    outcomes = []
    for number, (name, kill) in enumerate(FAST):
        outcomes.append(
            harness.trial(small_base, harness.SCENARIOS[name], kill, tmp_path / str(number))
        )
    self_killed = [o for o in outcomes if not o.kill.startswith("time:")]
    assert all(o.killed for o in self_killed), [(o.scenario, o.kill, o.status)
                                                for o in self_killed if not o.killed]
    phases = Counter(o.phase for o in outcomes if o.killed)
    assert phases["inside a transaction"] >= 4 and phases["writing an export"] >= 6, phases


@pytest.mark.parametrize(
    ("name", "kill"),
    [("autocode", "steps:2000"), ("export csv", "bytes:40000"),
     ("export excerpts docx", "bytes:20000")],
)
def test_the_checks_catch_an_app_that_is_not_atomic(small_base, tmp_path, name, kill):
    """The same trials against the app broken on purpose (no transaction around an operation,
    exports written straight into their target) fail: the checks are not empty."""
    with pytest.raises(AssertionError):
        harness.trial(small_base, harness.SCENARIOS[name], kill, tmp_path / "broken",
                      {"GLOCAL_KILL_BREAK": "atomic"})


@pytest.mark.slow
def test_many_random_kills_lose_nothing(base, tmp_path):
    rng = random.Random(SEED)
    outcomes = []
    for name, scenario in harness.SCENARIOS.items():
        folder = tmp_path / name.replace(" ", "-")
        measured = harness.trial(base, scenario, "none", folder / "full")
        assert measured.status == 0, measured.log
        outcomes.append(measured)
        totals = {kind: measured.counters[kind] for kind in ("rows", "steps", "bytes")}
        for number, kill in enumerate(
            harness.kill_points(rng, scenario, totals, measured.seconds, 10)
        ):
            outcomes.append(harness.trial(base, scenario, kill, folder / str(number)))
    print(harness.summary(outcomes))
    killed = [o for o in outcomes if o.killed]
    assert len(outcomes) >= 100 and len(killed) >= 80, harness.summary(outcomes)
    phases = Counter(o.phase for o in killed)
    assert phases["inside a transaction"] >= 15 and phases["writing an export"] >= 20, phases
