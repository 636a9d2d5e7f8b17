"""The first-touch queue: an FCFS G/G/c queue on the SDRs' working-minute timeline, all runs at once.

Runs are split into :data:`LANES` lanes simulated on threads; each lane steps through its runs'
arrivals in order (one row per arrival, one column per run), keeping the reps' free times sorted.
"""

from __future__ import annotations

import functools
import itertools
import math
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from slaplanner.engine.simulation.calendar import F64, GRID
from slaplanner.engine.simulation.inputs import Inputs, sdr_servers
from slaplanner.engine.simulation.results import SimulationCancelled

PRIORITY_CELLS = 2_600_000  # leads x runs laid out at once by the priority queue (about 75 MB)
#: The headcount search keeps its drawn leads for the next headcount up to this many (leads x runs).
REUSE_CELLS = 2 * PRIORITY_CELLS
_NEVER = 1e15  # a time past any timeline (minutes)
LANES = 2  # runs are split into this many lanes, simulated on threads (fixed for reproducibility)
SAMPLE_LEADS = 500_000  # clock waits kept per simulation for the mean decay and the weekly work
#: Waits of every lead are counted in log-spaced bins (for the quantiles and the chart): bin 0 is
#: [0, WAIT_FLOOR) minutes, then bins growing by WAIT_RATIO up to about 70 days, so a quantile is
#: exact to 0.1 % whatever the runs (a fixed sample of leads made more runs less accurate).
WAIT_FLOOR = 1e-3
WAIT_RATIO = 1.001
WAIT_BINS = 2 + math.ceil(math.log(1e5 / WAIT_FLOOR) / math.log(WAIT_RATIO))


def wait_bin_edges() -> F64:
    """Edges of the wait histogram's bins in minutes (``WAIT_BINS + 1`` values, the last +inf)."""
    edges = np.empty(WAIT_BINS + 1)
    edges[0] = 0.0
    edges[1:-1] = WAIT_FLOOR * WAIT_RATIO ** np.arange(WAIT_BINS - 1)
    edges[-1] = np.inf
    return edges


def _wait_bins(wait: F64) -> NDArray[np.int64]:
    """Histogram bin of each wait (see ``wait_bin_edges``)."""
    x = np.maximum(np.nan_to_num(wait, nan=np.inf), 1e-30).astype(np.float32)
    np.log(x, out=x)
    x -= np.float32(math.log(WAIT_FLOOR))
    x *= np.float32(1.0 / math.log(WAIT_RATIO))
    np.clip(x, -1.0, WAIT_BINS - 2, out=x)
    out: NDArray[np.int64] = x.astype(np.int64) + 1
    out[x < 0] = 0
    return out


@dataclass
class Acc:
    """Accumulators of one simulation (mutable while running, summarised into the result)."""

    within: NDArray[np.int64]  # (runs, months, tiers)
    count: NDArray[np.int64]
    accept_within: NDArray[np.int64]
    first_touch_work: F64  # (runs, months) SDR minutes
    wait_hist: NDArray[np.int64]  # (tiers, WAIT_BINS) waits of every lead in the tier's clock
    decay_samples: list[list[F64]]  # per tier, clock waits, sampled runs only
    week_work: F64
    week_leads: F64
    sampled: int
    lock: threading.Lock


@dataclass(frozen=True)
class _QueueSetup:
    """What every lane of the queue needs, computed once.

    Arrival tables are per month on the inverse-CDF grid (``GRID`` cells, plus one sentinel
    cell at index ``GRID`` for padding: working time -inf, never accepted): clock minute and
    working minute at each grid point with the step to the next, so a uniform position u maps
    to a time by one gather and one multiply-add.
    """

    servers: list[int]
    speed: list[float]
    shares: NDArray[np.uint16]  # tier thresholds on a 0..65535 scale
    targets: list[float]
    business: list[bool]
    clock_at: list[F64]  # per month: clock minute at each grid point (+ sentinel)
    clock_step: list[F64]
    work_at: list[F64]  # per month: working minute at each grid point (+ sentinel -inf)
    work_step: list[F64]
    accept_ok: list[list[NDArray[np.bool_]]]  # per month, per tier: accepted in time (+ sentinel False)
    period_end: F64  # per working minute: the working-minute position where its shift ends
    handle_minutes: float
    gamma_shape: float  # 0: fixed handle time; 1: exponential
    n_weeks: int


def _queue_setup(inp: Inputs, n_months: int, headcount: int | None) -> _QueueSetup:
    tiers = inp.tiers
    shares = np.cumsum([t.share_of_sqls for t in tiers])[:-1]
    ft = inp.team.handle_time("first_touch")
    servers, speed = sdr_servers(inp.sdr, n_months, headcount)
    # Accepting is done by the AEs in their calendar; it can start when the SQL arrives.
    ae = inp.ae_map
    accept_minutes = inp.team.handle_time("accept").minutes
    clock_at, clock_step, work_at, work_step, accept_ok = [], [], [], [], []
    for inv in inp.inverses[:n_months]:
        clock = inv.copy()
        work = inp.sdr_map.to_working(clock)
        delay = ae.to_clock(ae.to_working(clock) + accept_minutes) - clock
        clock_step.append(np.append(np.diff(clock), 0.0))
        work_step.append(np.append(np.diff(work), 0.0))
        work[-1] = -np.inf
        clock[-1] = -np.inf  # padding: an arrival at -inf waits +inf, never within target
        work_at.append(work)
        clock_at.append(clock)
        accept_ok.append([np.append(delay[:-1] <= t.accept_within_hours * 60.0, False) for t in tiers])
    return _QueueSetup(
        servers=servers,
        speed=speed,
        shares=np.round(shares * 65536).clip(0, 65535).astype(np.uint16),
        targets=[t.first_touch_minutes for t in tiers],
        business=[t.clock == "business" for t in tiers],
        clock_at=clock_at,
        clock_step=clock_step,
        work_at=work_at,
        work_step=work_step,
        accept_ok=accept_ok,
        period_end=inp.sdr_map.period_end(),
        handle_minutes=ft.minutes,
        gamma_shape=1.0 / ft.cv**2 if ft.cv > 0 else 0.0,
        n_weeks=inp.timeline.total // 10080 + 1,
    )


class _Progress:
    """Thread-safe progress and cancellation across lanes, throttled to ~1 % steps."""

    def __init__(
        self, total: int, progress: Callable[[float], None] | None, cancelled: Callable[[], bool] | None
    ) -> None:
        self.total = max(1, total)
        self.done = 0
        self.last = -1.0
        self.progress = progress
        self.cancelled = cancelled
        self.stop = False
        self.lock = threading.Lock()

    def step(self, rows: int) -> None:
        with self.lock:
            self.done += rows
            if self.stop:
                raise SimulationCancelled()
            if self.cancelled is not None and self.cancelled():
                self.stop = True
                raise SimulationCancelled()
            frac = self.done / self.total
            if self.progress is not None and frac - self.last >= 0.01:
                self.last = frac
                self.progress(min(1.0, frac))


def _count(flags: NDArray[np.bool_]) -> NDArray[np.int16]:
    """True values per column (per run) of a block; int16 is 5x faster than a default sum."""
    out: NDArray[np.int16] = np.add.reduce(flags, axis=0, dtype=np.int16)
    return out


def _log_uniform(rng: np.random.Generator, shape: tuple[int, int]) -> NDArray[np.float32]:
    """log(1 - U) for U uniform in [0, 1), float32: minus an Exp(1) draw, faster than
    ``standard_exponential`` because NumPy's float32 log is vectorised (tail cut at 16.6)."""
    u = rng.random(shape, dtype=np.float32)
    np.subtract(np.float32(1.0), u, out=u)
    np.log(u, out=u)
    return u


def _lane(
    inp: Inputs,
    setup: _QueueSetup,
    counts: NDArray[np.int64],
    rng: np.random.Generator,
    acc: Acc,
    offset: int,
    sample_runs: int,
    tracker: _Progress,
) -> None:
    """Simulate the first-touch queue for the runs in ``counts`` (a lane), filling ``acc``.

    Runs are columns; the i-th arrival of every run is one step. Arrival times are generated in
    blocks of a few rows (cache-sized) by the Renyi representation of uniform order
    statistics: U_(i) = 1 - exp(-sum_{j<=i} E_j / (n - j + 1)) with E_j ~ Exp(1), so a month's
    sorted arrivals come out in order without sorting. The reps' free times ``free`` (reps x
    runs) stay sorted: the next lead goes to the rep free first, and the rep's new free time
    is inserted back in order with 2 (reps - 1) element-wise min/max operations.
    """
    width, n_months = counts.shape
    n_tiers = len(inp.tiers)
    sdr_map = inp.sdr_map
    ms = inp.timeline.month_starts
    block = max(1, min(16_384, 65_536 // max(1, width)))  # <= 16,384 rows: int16 counts cannot overflow
    c_max = max(setup.servers)
    free = np.full((c_max, width), np.inf)
    active = setup.servers[0]
    free[:active] = sdr_map.cumulative[ms[0]]
    x = np.empty(width)
    tmp = np.empty(width)
    index = np.empty(width, dtype=np.int64)
    shift_end = np.empty(width)
    period_end = setup.period_end
    cols = slice(offset, offset + width)
    sample = max(0, min(sample_runs, width))
    any_clock = not all(setup.business)
    collect = sample_runs >= 0
    hist = np.zeros((n_tiers, WAIT_BINS), dtype=np.int64)
    for m in range(n_months):
        n = counts[:, m]
        n_max = int(n.max()) if width else 0
        c = setup.servers[m]
        if c < active:
            free[c:active] = np.inf
        elif c > active:
            free[active:c] = sdr_map.cumulative[ms[m]]
            free[:c] = np.sort(free[:c], axis=0)
        active = c
        work_at, work_step = setup.work_at[m], setup.work_step[m]
        clock_at, clock_step = setup.clock_at[m], setup.clock_step[m]
        carry = np.zeros(width)
        n32 = n.astype(np.float32)
        scale = np.float32(setup.handle_minutes / setup.speed[m])
        count = np.zeros((n_tiers, width), dtype=np.int64)
        within = np.zeros((n_tiers, width), dtype=np.int64)
        accept = np.zeros((n_tiers, width), dtype=np.int64)
        ft_work = np.zeros(width)
        for i0 in range(0, n_max, block):
            i1 = min(n_max, i0 + block)
            rows = i1 - i0
            remaining = n32[None, :] - np.arange(i0, i1, dtype=np.float32)[:, None]
            valid = remaining > 0
            np.maximum(remaining, 1.0, out=remaining)
            np.negative(remaining, out=remaining)
            gaps32 = _log_uniform(rng, (rows, width))  # -Exp(1)
            gaps32 /= remaining
            # Running sum in float64 (the positions must not drift over a month of arrivals).
            total = gaps32.astype(np.float64)
            total[0] += carry
            for i in range(1, rows):
                np.add(total[i - 1], total[i], out=total[i])
            carry = total[-1].copy()
            # u = 1 - exp(-total); grid position u * GRID.
            pos = total.astype(np.float32)
            np.negative(pos, out=pos)
            np.exp(pos, out=pos)
            np.subtract(1.0, pos, out=pos)
            pos *= np.float32(GRID)
            k = pos.astype(np.int32)
            np.minimum(k, GRID - 1, out=k)
            pos -= k
            k[~valid] = GRID  # padding: the sentinel cell
            # np.take: about 3x faster than fancy indexing for these gathers
            arrive = np.take(work_at, k)
            arrive += np.take(work_step, k) * pos
            if setup.gamma_shape == 1.0:
                service = _log_uniform(rng, (rows, width))
                service *= -scale
            elif setup.gamma_shape > 0:
                service = rng.standard_gamma(setup.gamma_shape, (rows, width), dtype=np.float32)
                service *= np.float32(scale / setup.gamma_shape)
            else:
                service = np.full((rows, width), scale, dtype=np.float32)
            service[~valid] = 0.0
            ft_work += np.add.reduce(service, axis=0)
            start = np.empty((rows, width))
            f = free
            for i in range(rows):
                st = start[i]
                np.maximum(arrive[i], f[0], out=st)
                # A touch started before closing is finished in overtime: the rep is next free
                # at the following opening, which is the shift's end in working minutes.
                np.minimum(st, _NEVER, out=x)  # no rep on shift (all free times +inf): a finite index
                np.copyto(index, x, casting="unsafe")
                np.take(period_end, index, out=shift_end, mode="clip")
                np.add(st, service[i], out=x)
                np.minimum(x, shift_end, out=x)
                if c == 1:
                    f[0] = x
                else:
                    np.minimum(x, f[1], out=f[0])
                    for j in range(1, c - 1):
                        np.maximum(f[j], x, out=tmp)
                        np.minimum(tmp, f[j + 1], out=f[j])
                    np.maximum(f[c - 1], x, out=f[c - 1])
            # Waits in business minutes (padding: -inf arrival gives +inf, never within target).
            wait = start - arrive
            clock = None
            clock_wait = None
            if any_clock:
                clock = np.take(clock_at, k) + np.take(clock_step, k) * pos
                clock_wait = sdr_map.to_clock(start) - clock
            if n_tiers > 1:
                draw = rng.integers(0, 65536, size=(rows, width), dtype=np.uint16)
                tier = np.zeros((rows, width), dtype=np.int8)
                for edge in setup.shares:
                    tier += draw >= edge
                tier[~valid] = -1
            for t in range(n_tiers):
                w = wait if setup.business[t] else clock_wait
                assert w is not None
                hit = w <= setup.targets[t]
                ok = np.take(setup.accept_ok[m][t], k)
                if n_tiers > 1:
                    mine = tier == t
                    count[t] += _count(mine)
                    hit &= mine
                    ok &= mine
                within[t] += _count(hit)
                accept[t] += _count(ok)
                if collect:
                    hist[t] += np.bincount(_wait_bins(w[mine if n_tiers > 1 else valid]), minlength=WAIT_BINS)
            if n_tiers == 1:
                count[0] += _count(valid)
            if sample:
                sub = valid[:, :sample]
                ks = k[:, :sample]
                s_clock = np.take(clock_at, ks) + np.take(clock_step, ks) * pos[:, :sample]
                s_wait_clock = np.maximum(sdr_map.to_clock(start[:, :sample]) - s_clock, 0.0)
                for t in range(n_tiers):
                    mine = sub if n_tiers == 1 else sub & (tier[:, :sample] == t)
                    w = wait if setup.business[t] else clock_wait
                    assert w is not None
                    acc.decay_samples[t].append(s_wait_clock[mine])
                week = np.minimum((s_clock[sub] // 10080).astype(np.int64), setup.n_weeks - 1)
                # service times are at the reps' scaled speed: times the speed, minutes of work
                work = service[:, :sample][sub] * setup.speed[m]
                acc.week_work += np.bincount(week, weights=work, minlength=setup.n_weeks)
                acc.week_leads += np.bincount(week, minlength=setup.n_weeks)
            tracker.step(rows)
        acc.count[cols, m] = count.T
        acc.within[cols, m] = within.T
        acc.accept_within[cols, m] = accept.T
        acc.first_touch_work[cols, m] = ft_work * setup.speed[m]
    if collect:
        with acc.lock:
            acc.wait_hist += hist


@dataclass
class _Layout:
    """A priority lane's drawn leads, laid out run by run (see ``_priority_lane``)."""

    by_tier: NDArray[np.int64]  # (tiers, runs, months) SQLs
    base: NDArray[np.int64]  # first row of each tier in a run's block (+ the block's size)
    r_all: int  # rows per run
    arrive: F64  # working minute of each lead (+inf: padding)
    clock: F64  # clock minute of each lead
    month: NDArray[Any]  # month of each lead (n_months: padding)
    unit: NDArray[np.float32]  # handle time at unit scale (0: padding)
    unit_sum: F64  # (runs, months) sums of ``unit`` (only when not exact_work)
    ft_work: F64  # (runs, months) first-touch minutes of work (only when exact_work)
    accept: NDArray[np.int64]  # (tiers, runs, months) accepted in time


def _service_factors(setup: _QueueSetup, n_months: int) -> NDArray[np.float32]:
    """Per month, what a unit handle time is multiplied by (+ 0 for the padding month)."""
    out = np.zeros(n_months + 1, dtype=np.float32)
    for m in range(n_months):
        scale = setup.handle_minutes / setup.speed[m]
        out[m] = np.float32(scale / setup.gamma_shape) if 0 < setup.gamma_shape != 1.0 else np.float32(scale)
    return out


def _priority_layout(
    inp: Inputs,
    setup: _QueueSetup,
    counts: NDArray[np.int64],
    rng: np.random.Generator,
    acc: Acc,
    sample: int,
    exact_work: bool,
) -> _Layout:
    """Draw a priority lane's leads (tiers, arrivals, unit handle times) and lay them out."""
    width, n_months = counts.shape
    n_tiers = len(inp.tiers)
    colidx = np.arange(width)
    factors = _service_factors(setup, n_months)
    # Split each month's SQLs into tiers (multinomial, by the tiers' shares).
    shares = [t.share_of_sqls for t in inp.tiers]
    by_tier = np.zeros((n_tiers, width, n_months), dtype=np.int64)
    left = counts.copy()
    rest = 1.0
    for t in range(n_tiers):
        if t == n_tiers - 1:
            by_tier[t] = left
        else:
            p = min(1.0, shares[t] / rest) if rest > 0 else 0.0
            by_tier[t] = rng.binomial(left, p)
            left -= by_tier[t]
            rest -= shares[t]
    rows = [int(by_tier[t].sum(axis=1).max()) + 1 for t in range(n_tiers)]  # + a row of +inf
    base = np.concatenate(([0], np.cumsum(rows)))
    # Layout: run by run (a run's leads contiguous, tier by tier), so that each run's heads walk
    # forward through memory: the step loop's gathers and scatters stay in cache.
    r_all = int(base[-1])
    arrive = np.full(r_all * width, np.inf)
    clock = np.full(len(arrive), np.inf)
    month = np.full(len(arrive), n_months, dtype=np.int8 if n_months < 127 else np.int16)
    unit = np.zeros(len(arrive), dtype=np.float32)
    unit_sum = np.zeros((width, n_months))
    col_base = colidx * r_all
    ft_work = np.zeros((width, n_months))
    accept = np.zeros((n_tiers, width, n_months), dtype=np.int64)
    for t in range(n_tiers):
        cum = np.zeros(width, dtype=np.int64)
        for m in range(n_months):
            n = by_tier[t, :, m]
            n_max = int(n.max()) if width else 0
            if n_max == 0:
                continue
            u = rng.random((n_max, width))
            valid = np.arange(n_max)[:, None] < n[None, :]
            u[~valid] = 2.0
            u.sort(axis=0)
            pos = np.minimum(u, 1.0) * GRID
            k = np.minimum(pos.astype(np.int64), GRID - 1)
            pos -= k
            k[~valid] = GRID
            work = np.take(setup.work_at[m], k) + np.take(setup.work_step[m], k) * pos
            clk = np.take(setup.clock_at[m], k) + np.take(setup.clock_step[m], k) * pos
            # Handle times are drawn at unit scale and kept so (the month's factor is applied
            # by the caller: the same draws serve every headcount of the search).
            if setup.gamma_shape == 1.0:
                one = rng.standard_exponential((n_max, width), dtype=np.float32)
            elif setup.gamma_shape > 0:
                one = rng.standard_gamma(setup.gamma_shape, (n_max, width), dtype=np.float32)
            else:
                one = np.ones((n_max, width), dtype=np.float32)
            one[~valid] = 0.0
            if exact_work:
                svc = one * factors[m]
                ft_work[:, m] += np.add.reduce(svc, axis=0) * setup.speed[m]
            else:
                unit_sum[:, m] += np.add.reduce(one, axis=0, dtype=np.float64)
            accept[t, :, m] = _count(np.take(setup.accept_ok[m][t], k))
            # Only the month's leads are written (the arrays start as padding: +inf, month n_months).
            dest = (col_base[None, :] + (base[t] + cum)[None, :] + np.arange(n_max)[:, None])[valid]
            arrive[dest] = work[valid]
            clock[dest] = clk[valid]
            unit[dest] = one[valid]
            month[dest] = m
            if sample:
                sub = valid[:, :sample]
                week = np.minimum((clk[:, :sample][sub] // 10080).astype(np.int64), setup.n_weeks - 1)
                w = (one[:, :sample][sub] * factors[m]) * setup.speed[m]
                with acc.lock:
                    acc.week_work += np.bincount(week, weights=w, minlength=setup.n_weeks)
                    acc.week_leads += np.bincount(week, minlength=setup.n_weeks)
            cum += n
        # the last row of the tier stays +inf (the sentinel of an exhausted tier)
    return _Layout(by_tier, base, r_all, arrive, clock, month, unit, unit_sum, ft_work, accept)


def _priority_lane(
    inp: Inputs,
    setup: _QueueSetup,
    counts: NDArray[np.int64],
    rng: np.random.Generator,
    acc: Acc,
    offset: int,
    sample_runs: int,
    tracker: _Progress,
    layouts: dict[tuple[int, int], _Layout] | None = None,
) -> None:
    """The first-touch queue with tier priority: a free rep takes the oldest lead of the highest
    tier waiting (the plan's first tier first); a touch in progress is never interrupted.

    Each tier's leads of all months are drawn first, sorted per run, and laid out in one flat array
    (tier by tier, row = the lead's place in its tier, column = run, +inf after the last lead).
    Then the queue steps through *service starts*: at each step the rep free first looks at the
    next lead of every tier; the key max(arrival, free time) picked smallest, ties to the higher
    tier, is the next touch (a lead already waiting has key = the free time, so the highest waiting
    tier wins; when none waits, the next to arrive). Its start is written at the lead's place.
    """
    width, n_months = counts.shape
    per_run = int(counts.sum(axis=1).max()) if width else 0
    if width > 1 and per_run * width > PRIORITY_CELLS:  # memory: a few bytes x 30 per lead
        parts = -(-per_run * width // PRIORITY_CELLS)
        edges = np.linspace(0, width, min(width, parts) + 1).astype(int)
        for a, b in itertools.pairwise(edges):
            sub_sample = sample_runs if sample_runs < 0 else max(0, sample_runs - a)
            _priority_lane(inp, setup, counts[a:b], rng, acc, offset + a, sub_sample, tracker, layouts)
        return
    n_tiers = len(inp.tiers)
    sdr_map = inp.sdr_map
    ms = inp.timeline.month_starts
    collect = sample_runs >= 0
    sample = max(0, min(sample_runs, width))
    cols = slice(offset, offset + width)
    key = (offset, width)
    lay = layouts.get(key) if layouts is not None else None
    if lay is None:
        lay = _priority_layout(inp, setup, counts, rng, acc, sample, layouts is None)
        if layouts is not None:
            layouts[key] = lay
    by_tier, base, r_all, arrive, clock, month, accept = (
        lay.by_tier,
        lay.base,
        lay.r_all,
        lay.arrive,
        lay.clock,
        lay.month,
        lay.accept,
    )
    factors = _service_factors(setup, n_months)
    service = factors[month]
    service *= lay.unit
    if layouts is None:
        ft_work = lay.ft_work
    else:
        ft_work = lay.unit_sum * (factors[:n_months].astype(np.float64) * np.asarray(setup.speed[:n_months]))
    colidx = np.arange(width)
    col_base = colidx * r_all
    # Service steps.
    steps = int(counts.sum(axis=1).max()) if width else 0
    start = np.full(len(arrive), np.inf)
    c_max = max(setup.servers)
    free = np.full((c_max, width), np.inf)
    free[: setup.servers[0]] = sdr_map.cumulative[ms[0]]
    month_bound = np.array([sdr_map.cumulative[a] for a in ms[1:]] + [np.inf])
    cur = np.zeros(width, dtype=np.int64)
    next_bound = np.full(width, month_bound[0])
    varies = len(set(setup.servers)) > 1
    # Each tier's next lead per run: its place in the arrays and its arrival (tier by tier rows).
    heads = np.stack([col_base + base[t] for t in range(n_tiers)])
    head_at = np.take(arrive, heads)
    heads_flat = heads.reshape(-1)
    head_at_flat = head_at.reshape(-1)
    keys = np.empty((n_tiers, width))
    tier_of = np.empty(width, dtype=np.intp)
    sel = np.empty(width, dtype=np.int64)
    best = np.empty(width)
    chosen = np.empty(width, dtype=np.int64)
    nxt = np.empty(width, dtype=np.int64)
    svc_now = np.empty(width, dtype=np.float32)
    pick = np.empty(width, dtype=bool)
    index = np.empty(width, dtype=np.int64)
    shift_end = np.empty(width)
    x = np.empty(width)
    tmp = np.empty(width)
    period_end = setup.period_end
    step_block = 4096
    maximum, minimum, add, multiply, less, copyto = np.maximum, np.minimum, np.add, np.multiply, np.less, np.copyto
    minimum_reduce = np.minimum.reduce
    for s0 in range(0, steps, step_block):
        for _ in range(s0, min(steps, s0 + step_block)):
            f = free
            t_free = f[0]
            if varies and (t_free >= next_bound).any():
                _change_reps(free, t_free, next_bound, cur, month_bound, setup.servers)
            # key max(arrival, free time): smallest wins, ties to the higher tier (argmin: first).
            # (ndarray methods and ufuncs directly: the np.* wrappers cost more than the work)
            maximum(head_at, t_free, out=keys)
            keys.argmin(axis=0, out=tier_of)
            minimum_reduce(keys, axis=0, out=best)
            multiply(tier_of, width, out=sel)
            add(sel, colidx, out=sel)
            heads_flat.take(sel, out=chosen)
            start.put(chosen, best)
            service.take(chosen, out=svc_now)
            # The chosen tier moves to its next lead, unless every tier is exhausted (+inf).
            less(best, np.inf, out=pick)
            add(chosen, pick, out=nxt)
            heads_flat.put(sel, nxt)
            arrive.take(nxt, out=x)
            head_at_flat.put(sel, x)
            minimum(best, _NEVER, out=x)  # an exhausted run: a harmless finite time, no NaN cast
            copyto(index, x, casting="unsafe")
            period_end.take(index, out=shift_end, mode="clip")
            add(best, svc_now, out=x)
            minimum(x, shift_end, out=x)
            if c_max == 1:
                f[0] = x
            else:
                np.minimum(x, f[1], out=f[0])
                for j in range(1, c_max - 1):
                    np.maximum(f[j], x, out=tmp)
                    np.minimum(tmp, f[j + 1], out=f[j])
                np.maximum(f[c_max - 1], x, out=f[c_max - 1])
        tracker.step(min(steps, s0 + step_block) - s0)
    # Waits, per tier and month.
    within = np.zeros((n_tiers, width, n_months), dtype=np.int64)
    hist = np.zeros((n_tiers, WAIT_BINS), dtype=np.int64)
    runs_cols = colidx * n_months
    for t in range(n_tiers):
        # the tier's leads as (rows, runs), the order of the draws
        part = (slice(None), slice(int(base[t]), int(base[t + 1])))
        arr = arrive.reshape(width, r_all)[part].T
        st = start.reshape(width, r_all)[part].T
        mo = month.reshape(width, r_all)[part].T.astype(np.int64)
        clk = clock.reshape(width, r_all)[part].T
        ok = mo < n_months
        wait = np.full(arr.shape, np.inf)
        if setup.business[t]:
            np.subtract(st, arr, out=wait, where=ok)
        else:
            wait[ok] = sdr_map.to_clock(np.minimum(st[ok], sdr_map.working_minutes)) - clk[ok]
        hit = ok & (wait <= setup.targets[t])
        where = runs_cols[None, :] + np.minimum(mo, n_months - 1)
        within[t] = np.bincount(where[hit], minlength=width * n_months).reshape(width, n_months)
        if collect:
            hist[t] = np.bincount(_wait_bins(wait[ok]), minlength=WAIT_BINS)
        if sample:
            few = (slice(None), slice(0, sample))
            st2, ok2 = st[few], ok[few]
            clock_wait = sdr_map.to_clock(np.minimum(st2[ok2], sdr_map.working_minutes)) - clk[few][ok2]
            acc.decay_samples[t].append(np.maximum(clock_wait, 0.0))
    acc.count[cols] = by_tier.transpose(1, 2, 0)
    acc.within[cols] = within.transpose(1, 2, 0)
    acc.accept_within[cols] = accept.transpose(1, 2, 0)
    acc.first_touch_work[cols] = ft_work
    if collect:
        with acc.lock:
            acc.wait_hist += hist


def _change_reps(
    free: F64, t_free: F64, next_bound: F64, cur: NDArray[np.int64], month_bound: F64, servers: list[int]
) -> None:
    """Runs whose first free rep has reached the next month: that month's reps (fewer: the last
    ones leave; more: new ones free from the month's start)."""
    for col in np.flatnonzero(t_free >= next_bound):
        while t_free[col] >= next_bound[col]:
            old = servers[cur[col]]
            cur[col] += 1
            new = servers[min(cur[col], len(servers) - 1)]
            if new < old:
                free[new:old, col] = np.inf
            elif new > old:
                free[old:new, col] = month_bound[cur[col] - 1]
                free[:, col] = np.sort(free[:, col])
            next_bound[col] = month_bound[min(cur[col], len(month_bound) - 1)]


def simulate_queue(
    inp: Inputs,
    counts: NDArray[np.int64],  # (runs, months)
    seed: int,
    *,
    headcount: int | None = None,
    collect: bool = True,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    layouts: dict[tuple[int, int], _Layout] | None = None,
) -> Acc:
    """Simulate the first-touch queue of ``counts`` SQLs per run and month.

    ``layouts``: with tier priority and ``collect`` False, the drawn leads are kept there and reused
    by the next call with the same ``counts``, ``seed`` and dict (the headcount search: only the
    reps change from one call to the next).
    """
    runs, n_months = counts.shape
    if collect or runs * int(counts.sum(axis=1).max(initial=0)) > REUSE_CELLS:
        layouts = None
    n_tiers = len(inp.tiers)
    setup = _queue_setup(inp, n_months, headcount)
    per_run = max(1, int(counts.sum(axis=1).max()))
    acc = Acc(
        within=np.zeros((runs, n_months, n_tiers), dtype=np.int64),
        count=np.zeros((runs, n_months, n_tiers), dtype=np.int64),
        accept_within=np.zeros((runs, n_months, n_tiers), dtype=np.int64),
        first_touch_work=np.zeros((runs, n_months)),
        wait_hist=np.zeros((n_tiers, WAIT_BINS), dtype=np.int64),
        decay_samples=[[] for _ in inp.tiers],
        week_work=np.zeros(setup.n_weeks),
        week_leads=np.zeros(setup.n_weeks),
        sampled=max(1, min(runs, SAMPLE_LEADS // per_run)) if collect else 0,
        lock=threading.Lock(),
    )
    lanes = LANES if runs >= 2 * 256 else 1
    bounds = np.linspace(0, runs, lanes + 1).astype(int)
    generators = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(lanes)]
    steps = sum(int(counts[a:b].max(axis=0).sum()) for a, b in itertools.pairwise(bounds) if b > a)
    tracker = _Progress(steps, progress, cancelled)
    jobs = []
    for lane in range(lanes):
        a, b = int(bounds[lane]), int(bounds[lane + 1])
        jobs.append((counts[a:b], generators[lane], a, (acc.sampled if lane == 0 else 0) if collect else -1))
    kernel = functools.partial(_priority_lane, layouts=layouts) if n_tiers > 1 else _lane
    if lanes == 1:
        lane_counts, generator, first, sampled = jobs[0]
        kernel(inp, setup, lane_counts, generator, acc, first, sampled, tracker)
    else:
        with ThreadPoolExecutor(max_workers=lanes) as pool:
            futures = [pool.submit(kernel, inp, setup, c, g, acc, a, s, tracker) for c, g, a, s in jobs]
            for fut in futures:
                fut.result()
    if progress is not None:
        progress(1.0)
    return acc
