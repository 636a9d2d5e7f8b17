"""Handle times drawn from a quantile table agree with the gamma distribution they stand for."""

from __future__ import annotations

import math

import numpy as np
import pytest

from slaplanner.engine.simulation.handle_times import CELLS, gamma_cdf, quantile_table, unit_draws


def test_the_gamma_cdf_matches_the_closed_forms_of_whole_shapes():
    """Shape 1 is the exponential, 1 - e^-z; shape 4 is the Erlang, 1 - e^-z (1 + z + z^2/2 + z^3/6)."""
    z = np.array([0.0, 0.01, 0.5, 1.0, 2.0, 4.0, 8.0, 20.0, 40.0])
    assert gamma_cdf(1.0, z) == pytest.approx(1 - np.exp(-z), abs=1e-14)
    erlang = 1 - np.exp(-z) * (1 + z + z**2 / 2 + z**3 / 6)
    assert gamma_cdf(4.0, z) == pytest.approx(erlang, abs=1e-14)
    # Shape 1/2: P(1/2, z) = erf(sqrt(z)).
    assert gamma_cdf(0.5, z) == pytest.approx([math.erf(math.sqrt(v)) for v in z], abs=1e-13)


@pytest.mark.parametrize("shape", [0.25, 0.5, 2.0, 4.0, 25.0, 400.0])
def test_table_draws_have_the_gammas_mean_spread_and_distribution(shape):
    """Mean 1 and coefficient of variation 1/sqrt(shape) as drawn (1,000,000 draws: within 3 standard
    errors), and the empirical CDF within 0.002 of the gamma's everywhere (Kolmogorov distance; the
    sampling noise alone is about 0.001)."""
    n = 1_000_000
    x = np.sort(unit_draws(np.random.default_rng(5), shape, (n,)).astype(np.float64))
    cv = 1 / math.sqrt(shape)
    assert x.mean() == pytest.approx(1.0, abs=3 * cv / math.sqrt(n))
    assert x.std() == pytest.approx(cv, rel=0.01 if shape >= 1 else 0.03)
    exact = gamma_cdf(shape, x * shape)
    empirical = np.arange(1, n + 1) / n
    assert np.max(np.abs(exact - empirical)) < 0.002


def test_the_table_is_the_quantiles_scaled_to_mean_one():
    """The middle entries are the gamma's quantiles at k / CELLS (within 1e-5 in probability after the scaling),
    and the table cannot be changed by a caller."""
    shape = 4.0
    table = quantile_table(shape)
    assert table.shape == (CELLS + 2,)
    k = np.array([1, 1024, 2048, 3072, CELLS - 1])
    assert gamma_cdf(shape, table[k] * shape) == pytest.approx(k / CELLS, abs=1e-5)
    with pytest.raises(ValueError):
        table[5] = 0.0


def test_fixed_and_exponential_handle_times_are_drawn_as_before():
    assert np.all(unit_draws(np.random.default_rng(1), 0.0, (10,)) == 1.0)
    expo = unit_draws(np.random.default_rng(1), 1.0, (5,))
    assert np.array_equal(expo, np.random.default_rng(1).standard_exponential(5, dtype=np.float32))
    # A spread far above the mean (shape below the table's range) uses NumPy's gamma sampler.
    tiny = unit_draws(np.random.default_rng(1), 0.01, (200_000,))
    assert float(tiny.mean()) == pytest.approx(1.0, rel=0.1)
