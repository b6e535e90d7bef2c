"""Agreement figures from a table of weighted units (plain arithmetic, no I/O).

A *unit* is one thing every coder decided on for one code: a character, a segment, a paragraph or
a document (see :mod:`.agreement_units`). Each unit carries a *pattern*: an ``int`` bit mask whose
bit ``k`` is set when coder ``k`` (in the order given) applied the code there. A table maps each
pattern to its *weight*, the number of units with that pattern (for characters, a count of code
points). Every coder rates every unit (no missing values), so the figures below hold in closed
form, in time linear in the number of distinct patterns.

Formulas (``N`` the total weight, ``m`` the number of coders):

* **Percent agreement**: the share of units on which all coders agree (all applied the code, or
  none did): ``(w[0] + w[all]) / N``. For two coders this is the usual observed agreement ``p_o``.
* **Cohen's kappa** (two coders; Cohen 1960, "A coefficient of agreement for nominal scales",
  Educational and Psychological Measurement 20, 37-46): ``kappa = (p_o - p_e) / (1 - p_e)`` with
  ``p_e = p_A * p_B + (1 - p_A) * (1 - p_B)``, ``p_A`` and ``p_B`` each coder's share of units
  coded. Undefined (``None``) when ``p_e = 1`` (both coders constant and equal).
* **Krippendorff's alpha**, nominal data, any number of coders (Krippendorff 2011, "Computing
  Krippendorff's Alpha-Reliability", Annenberg School for Communication, University of
  Pennsylvania, section B/C): ``alpha = 1 - D_o / D_e = 1 - (n - 1) * sum_{c != k} o_ck /
  sum_{c != k} n_c n_k`` over the coincidence matrix ``o_ck = sum_u (pairs (c, k) in u) / (m_u -
  1)``. With binary values and ``n1`` coders coding a unit of weight ``w``: ``o_01 = o_10 += w *
  n0 * n1 / (m - 1)``, ``n = m * N``, and ``alpha = 1 - (n - 1) * o_01 / (n_0 * n_1)``.
  Undefined (``None``) when only one value occurs (``n_0 * n_1 = 0``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PERCENT_METHOD = "percent agreement: share of units on which all coders agree"
KAPPA_METHOD = "Cohen's kappa (Cohen 1960), two coders"
ALPHA_METHOD = "Krippendorff's alpha, nominal (Krippendorff 2011)"


@dataclass(frozen=True)
class Figures:
    """The agreement figures for one table of units.

    ``units`` is the total weight (units, or characters at character level); ``agreeing`` the
    weight on which all coders agree; ``percent`` is in 0..100; ``kappa`` is None for other
    than two coders or when undefined; ``alpha`` None when undefined. ``coded`` gives, per coder
    (in order), the weight of units that coder applied the code to."""

    units: int
    agreeing: int
    percent: float | None
    kappa: float | None
    alpha: float | None
    coded: tuple[int, ...]

    def to_json(self) -> dict:
        """The figures with the method beside each, for ``--json``."""
        return {
            "units": self.units,
            "agreeing_units": self.agreeing,
            "coded_units_per_coder": list(self.coded),
            "percent_agreement": {"value": self.percent, "method": PERCENT_METHOD},
            "cohen_kappa": {"value": self.kappa, "method": KAPPA_METHOD},
            "krippendorff_alpha": {"value": self.alpha, "method": ALPHA_METHOD},
        }


def figures(table: Mapping[int, int], coders: int) -> Figures:
    """Percent agreement, Cohen's kappa and Krippendorff's alpha (module docstring) for
    ``table`` (pattern bit mask -> weight) rated by ``coders`` coders (at least 2). Raises
    ValueError for fewer than two coders."""
    if coders < 2:
        raise ValueError("agreement needs at least two coders")
    full = (1 << coders) - 1
    total = sum(table.values())
    agreeing = table.get(0, 0) + table.get(full, 0)
    coded = tuple(
        sum(weight for mask, weight in table.items() if mask >> k & 1) for k in range(coders)
    )
    if total == 0:
        return Figures(0, 0, None, None, None, coded)
    percent = 100.0 * agreeing / total
    return Figures(total, agreeing, percent, _kappa(table, total, coded, coders),
                   _alpha(table, coders), coded)


def _kappa(table: Mapping[int, int], total: int, coded: tuple[int, ...],
           coders: int) -> float | None:
    if coders != 2:
        return None
    observed = (table.get(0, 0) + table.get(3, 0)) / total
    p_a, p_b = coded[0] / total, coded[1] / total
    expected = p_a * p_b + (1 - p_a) * (1 - p_b)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1 - expected)


def _alpha(table: Mapping[int, int], coders: int) -> float | None:
    disagreeing_pairs = 0.0  # o_01 (equal to o_10)
    ones = 0.0  # n_1: values "coded" that are pairable
    for mask, weight in table.items():
        n1 = mask.bit_count()
        n0 = coders - n1
        disagreeing_pairs += weight * n0 * n1 / (coders - 1)
        ones += weight * n1
    values = coders * sum(table.values())
    zeros = values - ones
    if ones == 0 or zeros == 0:
        return None
    return 1.0 - (values - 1) * disagreeing_pairs / (zeros * ones)
