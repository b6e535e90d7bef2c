"""Agreement figures equal independent implementations on random codings: the krippendorff
package (alpha, nominal) and scikit-learn's cohen_kappa_score, fed one value per character
built here the naive way (an array per character), while our code sweeps boundaries."""

from __future__ import annotations

import random

import numpy as np
import pytest

krippendorff = pytest.importorskip("krippendorff")
metrics = pytest.importorskip("sklearn.metrics")

from glocal_annotator.analysis.agreement import figures  # noqa: E402
from glocal_annotator.analysis.agreement_units import (  # noqa: E402
    character_tables,
    paragraph_bounds,
    paragraph_tables,
    stretches,
)
from glocal_annotator.model import Coding  # noqa: E402

CODE = 7


def random_codings(rng: random.Random, coders: list[int], lengths: dict[int, int]) -> list[Coding]:
    codings = []
    for document, length in lengths.items():
        for coder in coders:
            for _ in range(rng.randint(0, 8)):
                start = rng.randrange(length)
                end = min(length, start + rng.randint(1, length // 3 + 1))
                codings.append(Coding(0, "", document, CODE, coder, start, end, "", ""))
    return codings


def per_character(codings: list[Coding], coders: list[int], lengths: dict[int, int]) -> np.ndarray:
    offsets, total = {}, 0
    for document, length in lengths.items():
        offsets[document] = total
        total += length
    data = np.zeros((len(coders), total), dtype=int)
    for coding in codings:
        base = offsets[coding.document_id]
        data[coders.index(coding.coder_id), base + coding.start:base + coding.end] = 1
    return data


@pytest.mark.parametrize("seed", range(25))
def test_character_level_equals_krippendorff_and_sklearn(seed):
    rng = random.Random(seed)
    coders = [1, 2] if seed % 2 else [1, 2, 3, 4][: rng.randint(2, 4)]
    lengths = {d: rng.randint(20, 400) for d in range(1, rng.randint(2, 4))}
    codings = random_codings(rng, coders, lengths)
    data = per_character(codings, coders, lengths)
    found = stretches(codings, coders, lengths)
    for exclude in (False, True):
        table = character_tables(found, sum(lengths.values()), exclude).get(CODE, {})
        if not exclude and not table:
            table = {0: sum(lengths.values())}
        ours = figures(table, len(coders))
        units = data[:, data.any(axis=0)] if exclude else data
        if units.shape[1] == 0:
            assert ours.units == 0
            continue
        assert ours.units == units.shape[1]
        assert ours.percent == pytest.approx(
            100 * np.mean((units == units[0]).all(axis=0)))
        if len(np.unique(units)) > 1:
            expected = krippendorff.alpha(reliability_data=units, level_of_measurement="nominal")
            assert ours.alpha == pytest.approx(expected, abs=1e-9)
        else:
            assert ours.alpha is None
        if len(coders) == 2:
            expected_kappa = metrics.cohen_kappa_score(units[0], units[1])
            if np.isnan(expected_kappa):
                assert ours.kappa is None
            else:
                assert ours.kappa == pytest.approx(expected_kappa, abs=1e-9)


@pytest.mark.parametrize("seed", range(10))
def test_paragraph_level_equals_krippendorff(seed):
    rng = random.Random(100 + seed)
    text = "\n".join("x" * rng.randint(0, 30) for _ in range(40))
    lengths = {1: len(text)}
    coders = [1, 2, 3]
    codings = random_codings(rng, coders, lengths)
    bounds = paragraph_bounds(text)
    data = np.array([[int(any(c.coder_id == coder and c.start < end and c.end > start
                                  for c in codings)) for start, end in bounds]
                     for coder in coders])
    table = paragraph_tables(stretches(codings, coders, lengths), {1: bounds}, False).get(CODE)
    ours = figures(table or {0: len(bounds)}, 3)
    if len(np.unique(data)) > 1:
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert ours.alpha == pytest.approx(expected, abs=1e-9)
    assert ours.units == len(bounds)
