"""The kernel's bucket sort of arrival uniforms gives exactly np.sort's order."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from slaplanner.engine.simulation.kernel import _sorted


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(min_value=0.0, max_value=1.0, exclude_max=True, width=64), min_size=0, max_size=300),
    st.integers(min_value=0, max_value=5),
)
def test_bucket_sort_equals_numpy_sort(values, start):
    """Any uniforms, duplicates and the extremes included, read from an offset of a larger array."""
    u = np.concatenate((np.full(start, 0.5), np.asarray(values, dtype=np.float64)))
    n = len(values)
    out = np.full(n + 1, np.nan)
    first = np.empty(n + 2, dtype=np.int64)
    _sorted(u, start, n, out, first)
    assert np.array_equal(out[:n], np.sort(np.asarray(values, dtype=np.float64)))


def test_bucket_sort_of_many_uniforms():
    u = np.random.default_rng(4).random(50_000)
    out = np.empty(50_001)
    first = np.empty(50_002, dtype=np.int64)
    _sorted(u, 0, 50_000, out, first)
    assert np.array_equal(out[:50_000], np.sort(u))
