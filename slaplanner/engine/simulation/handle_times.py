"""Handle times at unit mean, drawn fast: gamma by the inverse CDF from a table of its quantiles.

A touch's handle time is gamma-distributed with the plan's mean and spread (coefficient of
variation ``cv``, shape ``1 / cv**2``). NumPy's gamma sampler costs about 15 ns a draw; a
simulation of the sample plan draws tens of millions, a quarter of its time. A float32 uniform
costs about 2 ns, and turning it into a gamma variate through a table of the distribution's
quantiles costs about as much again:

* the table holds the quantiles Q(k / N) for k = 1 .. N - 1 (N = :data:`CELLS`); a uniform u in
  a middle cell k (k / N <= u < (k + 1) / N) maps linearly between Q(k / N) and Q((k + 1) / N);
* the end cells (the bottom and the top 1 / N of the distribution) have no quantile on their outer
  side: there the distance below Q(1 / N) (at least 0) or the excess over Q(1 - 1 / N) is drawn as
  exponential with the gamma's own mean for that cell;
* the quantiles come from the regularised lower incomplete gamma function P(a, z), computed by its
  power series on a fine logarithmic grid and inverted by interpolation; the table is then scaled
  so that its mean is exactly 1 (the linear cells make it high by a few parts in a million).

The drawn distribution's CDF is within 1e-4 of the gamma's everywhere (checked in
``tests/core/test_handle_times.py`` against the closed form for whole shapes and against NumPy's
sampler). Shapes outside :data:`TABLE_SHAPES` (a spread above twice the mean, or below a twentieth
of it) are drawn with NumPy's sampler.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from numpy.typing import NDArray

from slaplanner.engine.simulation.kernel import from_table

F64 = NDArray[np.float64]

CELLS = 4096
#: Shapes drawn from the table (cv from 0.05 to 2); others use NumPy's gamma sampler.
TABLE_SHAPES = (0.25, 400.0)


def gamma_cdf(a: float, z: F64) -> F64:
    """P(a, z): the regularised lower incomplete gamma function (the CDF of a gamma with shape ``a``
    and rate 1 at ``z``), by its power series ``e^-z z^a sum z^n / Gamma(a + n + 1)``, which
    converges for every z (terms are added until they are below 1e-17 of the sum at every point)."""
    z = np.asarray(z, dtype=np.float64)
    out = np.zeros_like(z)
    pos = z > 0
    zp = z[pos]
    term = np.exp(a * np.log(zp) - zp - math.lgamma(a + 1.0))
    total = term.copy()
    n = 0
    limit = int(zp.max(initial=0.0) + 12.0 * math.sqrt(zp.max(initial=0.0)) + 60.0)
    while n < limit or np.any(term > 1e-17 * total):
        n += 1
        term *= zp / (a + n)
        total += term
        if n > 100_000:  # pragma: no cover - never reached for the shapes in TABLE_SHAPES
            break
    out[pos] = np.minimum(total, 1.0)
    return out


@functools.lru_cache(maxsize=8)
def quantile_table(shape: float) -> F64:
    """``CELLS + 2`` values for a gamma of shape ``shape`` at unit mean: the quantiles at k / CELLS
    (k = 0 .. CELLS - 1; the first, 0, is not used), the mean excess over the last of them, and how
    far below the second (the quantile at 1 / CELLS) the mean of the first cell lies; scaled to mean
    1. Read-only."""
    a = float(shape)
    # z = a x is gamma(a, rate 1); its grid spans P from about 1e-12 to 1 - 1e-13.
    z_low = math.exp((math.log(1e-12) + math.lgamma(a + 1.0)) / a)
    z_high = a + 14.0 * math.sqrt(a) + 40.0
    z = np.geomspace(max(z_low, 1e-300), z_high, 40_000)
    cdf = gamma_cdf(a, z)
    keep = np.concatenate(([True], np.diff(cdf) > 0))
    u = np.arange(CELLS) / CELLS
    q = np.interp(u, cdf[keep], z[keep])
    q[0] = 0.0
    ends = np.array([q[1], q[-1]])
    p_ends = gamma_cdf(a, ends)
    # E[Z; Z < q] = a P(a + 1, q) for Z gamma(a, rate 1): the means of the first and the last cell.
    below = a * gamma_cdf(a + 1.0, ends)
    first_mean = below[0] / p_ends[0] if p_ends[0] > 0 else 0.0
    survival = 1.0 - p_ends[1]
    excess = (a - below[1]) / survival - q[-1] if survival > 0 else 1.0
    table = np.append(q, [max(excess, 0.0), max(q[1] - first_mean, 0.0)]) / a
    # The mean of what is drawn: the first cell's, each middle cell's midpoint, and the last cell's.
    mean = (
        table[1] - table[-1] + 0.5 * (table[1 : CELLS - 1] + table[2:CELLS]).sum() + table[CELLS - 1] + table[CELLS]
    ) / CELLS
    table /= mean
    table.flags.writeable = False
    return table


def unit_draws(rng: np.random.Generator, shape: float, size: tuple[int, ...]) -> NDArray[np.float32]:
    """Handle times at unit mean: fixed (shape 0), exponential (1), or gamma of coefficient of
    variation 1 / sqrt(shape), from the quantile table where the shape is in :data:`TABLE_SHAPES`."""
    if shape <= 0:
        return np.ones(size, dtype=np.float32)
    if shape == 1.0:
        return rng.standard_exponential(size, dtype=np.float32)
    if TABLE_SHAPES[0] <= shape <= TABLE_SHAPES[1]:
        out = rng.random(size, dtype=np.float32)
        from_table(out.reshape(-1), quantile_table(shape))
        return out
    out = rng.standard_gamma(shape, size, dtype=np.float32)
    out *= np.float32(1.0 / shape)
    return out
