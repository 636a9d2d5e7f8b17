"""The SDR queue: first touches by tier priority and the cadence's follow-ups, all runs of a simulation.

The queue itself is compiled (:mod:`slaplanner.engine.simulation.kernel`, one run at a time, touch
by touch); this module prepares its tables from the plan (arrival grids per month, the reps per
month and their speed, the accept deadlines), splits the runs into chunks simulated on
:data:`LANES` threads (the kernel releases the GIL), reports progress between chunks and
honours cancellation there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from slaplanner.engine.simulation.calendar import F64
from slaplanner.engine.simulation.handle_times import unit_draws
from slaplanner.engine.simulation.inputs import Inputs, sdr_servers
from slaplanner.engine.simulation.kernel import WAIT_BINS, WAIT_FLOOR, WAIT_RATIO, simulate_runs
from slaplanner.engine.simulation.results import SimulationCancelled
from slaplanner.plan.commitments import ResponseCommitment

__all__ = [
    "LANES",
    "WAIT_BINS",
    "WAIT_FLOOR",
    "WAIT_RATIO",
    "Acc",
    "simulate_queue",
    "touch_cost",
    "touches_per_sql",
    "wait_bin_edges",
]

LANES = 2  # chunks of runs are simulated on this many threads
CHUNK_TOUCHES = 1_500_000  # touches per chunk of runs, about a tenth of a second (progress and
# cancellation are checked between chunks)


def touches_per_sql(tiers: Sequence[ResponseCommitment]) -> float:
    """Touches the queue places per SQL on average: each tier's share of SQLs times its cadence's
    touches (at least one, the first touch); one where no tier is promised."""
    return max(1.0, sum(t.share_of_sqls * max(1, t.touches) for t in tiers)) if tiers else 1.0


def touch_cost(reps: int) -> float:
    """What placing one touch costs with ``reps`` SDRs, relative to a handful of them: the kernel scans
    every rep's free time for the first free one. Measured on 3 December 2026 (the sample's SQLs, 100
    runs): 1.2 ms a run with 5 to 40 reps, 2.3 ms with 160, 5.9 ms with 640, 8.8 ms with 1,280."""
    return 1.0 + max(0, reps) / 200.0


def wait_bin_edges() -> F64:
    """Edges of the wait histogram's bins in minutes (``WAIT_BINS + 1`` values, the last +inf)."""
    edges = np.empty(WAIT_BINS + 1)
    edges[0] = 0.0
    edges[1:-1] = WAIT_FLOOR * WAIT_RATIO ** np.arange(WAIT_BINS - 1)
    edges[-1] = np.inf
    return edges


@dataclass
class Acc:
    """What the queue counted, per run (mutable while running, summarised into the result)."""

    within: NDArray[np.int64]  # (runs, months, tiers) first touched within the tier's target
    count: NDArray[np.int64]  # (runs, months, tiers) SQLs arrived
    accept_within: NDArray[np.int64]  # accepted or rejected by an AE within the tier's hours
    touched: NDArray[np.int64]  # got every touch of the cadence within its days
    lost: NDArray[np.int64]  # lost to lead patience (never touched)
    first_touch_work: F64  # (runs, months) SDR minutes of first touches, by the SQL's month
    follow_up_work: F64  # (runs, months) SDR minutes of follow-ups, by the SQL's month
    week_work: F64  # (runs, weeks) SDR minutes of work the SQLs arriving in each week bring
    decay_sum: F64  # (runs, tiers) sum of the decay factor of every touched lead
    wait_hist: NDArray[np.int64]  # (tiers, WAIT_BINS) first-touch waits of every lead, in the tier's clock


@dataclass(frozen=True)
class _QueueSetup:
    """The kernel's tables, computed once per simulation (and per headcount of the search).

    Arrival tables are per month on the inverse-CDF grid (``GRID`` cells and their end point):
    clock minute and working minute at each grid point with the step to the next, so a uniform
    position u maps to a time by one lookup and one multiply-add.
    """

    shares: F64
    grid_table: F64  # (months, GRID + 1, 5): see kernel.simulate_runs
    accept_limit: F64  # (tiers,) minutes
    servers: NDArray[np.int64]
    month_bound: F64
    speed: F64
    ft_minutes: float
    ft_shape: float  # 0: fixed handle time; 1: exponential; else gamma
    fu_minutes: float
    fu_shape: float
    max_touch: int
    targets: F64
    business: NDArray[np.bool_]
    touches: NDArray[np.int64]
    touch_days: F64
    patience_minutes: float
    decay_x: F64  # the decay curve's points (minutes) and the log of their factors
    decay_log: F64
    n_weeks: int


def _shape(cv: float) -> float:
    return 1.0 / cv**2 if cv > 0 else 0.0


#: Tables that depend only on calendars, the arrival profile and the accept time, kept for the
#: last few (keyed by the identity of the cached calendar maps and arrival tables they come from,
#: which they keep alive): the search and every quick answer after an edit of a volume reuse them.
_GRIDS: dict[tuple[float, ...], tuple[tuple[object, ...], F64]] = {}
_GRIDS_KEPT = 8
_GRIDS_LOCK = threading.Lock()


def _kept(key: tuple[float, ...], sources: tuple[object, ...], make: Callable[[], F64]) -> F64:
    """``make()``, or what it gave for the same ``sources`` (the same objects) and ``key``."""
    key = (*key, *map(id, sources))
    with _GRIDS_LOCK:
        found = _GRIDS.get(key)
    if found is None or any(a is not b for a, b in zip(found[0], sources)):
        array = make()
        array.flags.writeable = False
        found = (sources, array)
        with _GRIDS_LOCK:
            if len(_GRIDS) >= _GRIDS_KEPT:
                _GRIDS.pop(next(iter(_GRIDS)))
            _GRIDS[key] = found
    return found[1]


def _arrival_grid(inp: Inputs, n_months: int) -> F64:
    """(months, GRID + 1, 5): working minute, step, clock minute, step, and the clock minutes an
    accept takes (the AEs accept in their calendar, from the SQL's arrival), at each grid point."""
    accept_minutes = inp.team.handle_time("accept").minutes
    sdr, ae, inverses = inp.sdr_map, inp.ae_map, inp.inverses[:n_months]

    def make() -> F64:
        table = np.empty((n_months, len(inverses[0]), 5))
        for m, inv in enumerate(inverses):
            clock = inv.copy()
            work = sdr.to_working(clock)
            table[m, :, 0] = work
            table[m, :, 1] = np.append(np.diff(work), 0.0)
            table[m, :, 2] = clock
            table[m, :, 3] = np.append(np.diff(clock), 0.0)
            table[m, :, 4] = ae.to_clock(ae.to_working(clock) + accept_minutes) - clock
        return table

    return _kept((0, accept_minutes, n_months), (sdr, ae, *inverses), make)


def _queue_setup(inp: Inputs, n_months: int, headcount: int | None) -> _QueueSetup:
    tiers = inp.tiers
    ft = inp.team.handle_time("first_touch")
    fu = inp.team.handle_time("follow_up")
    servers, speed = sdr_servers(inp.sdr, n_months, headcount)
    table = _arrival_grid(inp, n_months)
    ms = inp.timeline.month_starts
    bound = [float(inp.sdr_map.cumulative[a]) for a in ms[1:n_months]] + [np.inf]
    points = inp.team.decay.points
    return _QueueSetup(
        shares=np.array([t.share_of_sqls for t in tiers], dtype=np.float64),
        grid_table=table,
        accept_limit=np.array([t.accept_within_hours * 60.0 for t in tiers], dtype=np.float64),
        servers=np.array(servers, dtype=np.int64),
        month_bound=np.array(bound),
        speed=np.array(speed),
        ft_minutes=float(ft.minutes),
        ft_shape=_shape(ft.cv),
        fu_minutes=float(fu.minutes),
        fu_shape=_shape(fu.cv),
        max_touch=max([1, *(t.touches for t in tiers)]),  # first touch included
        targets=np.array([t.first_touch_minutes for t in tiers], dtype=np.float64),
        business=np.array([t.clock == "business" for t in tiers], dtype=np.bool_),
        touches=np.array([t.touches for t in tiers], dtype=np.int64),
        touch_days=np.array([t.touch_days for t in tiers], dtype=np.float64),
        patience_minutes=float(inp.team.lead_patience_hours) * 60.0,
        decay_x=np.array([p[0] for p in points], dtype=np.float64),
        decay_log=np.log(np.array([p[1] for p in points], dtype=np.float64)),
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




def simulate_queue(
    inp: Inputs,
    counts: NDArray[np.int64],  # (runs, months)
    seed: int,
    *,
    headcount: int | None = None,
    collect: bool = True,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Acc:
    """Simulate the SDR queue of ``counts`` SQLs per run and month (``headcount``: that many SDRs
    every month instead of the plan's, hires ramping as the plan's; ``collect`` False skips the
    histogram, the decay and the weekly work, which the headcount search does not need)."""
    runs, n_months = counts.shape
    n_tiers = len(inp.tiers)
    setup = _queue_setup(inp, n_months, headcount)
    acc = Acc(
        within=np.zeros((runs, n_months, n_tiers), dtype=np.int64),
        count=np.zeros((runs, n_months, n_tiers), dtype=np.int64),
        accept_within=np.zeros((runs, n_months, n_tiers), dtype=np.int64),
        touched=np.zeros((runs, n_months, n_tiers), dtype=np.int64),
        lost=np.zeros((runs, n_months, n_tiers), dtype=np.int64),
        first_touch_work=np.zeros((runs, n_months)),
        follow_up_work=np.zeros((runs, n_months)),
        week_work=np.zeros((runs if collect else 1, setup.n_weeks)),
        decay_sum=np.zeros((runs, n_tiers)),
        wait_hist=np.zeros((n_tiers, WAIT_BINS), dtype=np.int64),
    )
    per_run = max(1, int(counts.sum(axis=1).max(initial=0) * touches_per_sql(inp.tiers)))
    size = max(1, min(runs, CHUNK_TOUCHES // per_run, -(-runs // (4 * LANES))))
    chunks = [(a, min(runs, a + size)) for a in range(0, runs, size)]
    generators = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(chunks))]
    shares = setup.shares
    tracker = _Progress(runs, progress, cancelled)
    periods = inp.sdr_map.periods
    lock = threading.Lock()
    no_patience = np.zeros(0, dtype=np.float32)

    def chunk(index: int) -> None:
        if tracker.stop:
            raise SimulationCancelled()
        a, b = chunks[index]
        rng = generators[index]
        # The chunk's random numbers: SQLs split into tiers, then per lead its arrival uniform, its
        # handle times and its patience.
        left = counts[a:b].copy()
        by_tier = np.zeros((b - a, n_months, n_tiers), dtype=np.int64)
        rest = 1.0
        for t in range(n_tiers):
            if t == n_tiers - 1:
                by_tier[:, :, t] = left
            else:
                by_tier[:, :, t] = rng.binomial(left, min(1.0, shares[t] / rest) if rest > 0 else 0.0)
                left -= by_tier[:, :, t]
                rest -= shares[t]
        lead_off = np.zeros(b - a + 1, dtype=np.int64)
        np.cumsum(counts[a:b].sum(axis=1), out=lead_off[1:])
        n = int(lead_off[-1])
        u = rng.random(n)
        ft_unit = unit_draws(rng, setup.ft_shape, (n,))
        fu_unit = unit_draws(rng, setup.fu_shape, (n, setup.max_touch - 1))
        patience = (
            rng.standard_exponential(n) * setup.patience_minutes if setup.patience_minutes > 0 else no_patience
        )
        hist = np.zeros((n_tiers, WAIT_BINS), dtype=np.int32)  # a chunk's leads: fewer than 2**31
        simulate_runs(
            a, by_tier, lead_off, u, ft_unit, fu_unit, patience, setup.grid_table, setup.accept_limit,
            setup.servers, setup.month_bound, setup.speed,
            setup.ft_minutes, setup.fu_minutes, periods.table, periods.by_clock,
            periods.by_work, setup.targets, setup.business, setup.touches, setup.touch_days,
            setup.decay_x, setup.decay_log, setup.n_weeks, acc.count, acc.within, acc.accept_within, acc.touched,
            acc.lost, acc.first_touch_work, acc.follow_up_work, acc.week_work, acc.decay_sum, hist, collect,
        )  # fmt: skip
        if collect:
            with lock:
                acc.wait_hist += hist
        tracker.step(b - a)

    if len(chunks) == 1:
        chunk(0)
    else:
        with ThreadPoolExecutor(max_workers=LANES) as pool:
            futures = [pool.submit(chunk, i) for i in range(len(chunks))]
            try:
                for fut in futures:
                    fut.result()
            except BaseException:
                tracker.stop = True  # the chunks not started yet give up at once
                raise
    if progress is not None:
        progress(1.0)
    return acc
