"""The SDR queue compiled with Numba: one run at a time, touch by touch, on the working-minute timeline.

One run: each month's SQLs are split into tiers (binomial, by the tiers' shares) and arrive at
times drawn from the month's arrival profile (uniforms bucket-sorted within tier and month, mapped
through the inverse-CDF grid); all on the SDR calendar's *working-minute* timeline, where the
queue is an ordinary multi-server queue (a lead arriving Friday 18:00 arrives at Monday's opening).

The reps take work in this order (no pre-emption): the oldest waiting first touch of the highest
tier (the plan's first tier first), then follow-up touches in the order they fell due. A
follow-up is queued work: after the first touch, a lead's other touches of Z in N days are
planned evenly over the working time left until N days after it arrived (touch k is due k - 1
steps of a Z-th of that time after the first touch, leaving a step of slack), and at least one
working hour after the lead's previous touch (a step where less is left); each waits for a free
rep in working hours like any other touch. A touch started before closing is finished in
overtime (the rep is next free at the next opening). With a lead patience, a lead whose first
touch would start after its patience (exponential, clock time) is lost: it takes no rep time
and gets no follow-ups.

The random numbers are drawn by the caller (NumPy, one generator per chunk of runs, so a chunk's
leads are the same whatever the thread and whatever the headcount: the search compares headcounts
on common random numbers); the kernel only queues. It releases the GIL: the caller runs chunks of
runs on threads.

Indices on the hot paths are written ``np.uint64(...)`` (all are >= 0): with a signed index Numba
emits code for a negative one (counting from the end), a few instructions on every array read,
which took about a tenth of the queue's time.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numba import njit
from numpy.typing import NDArray

from slaplanner.engine.simulation.calendar import PERIOD_BLOCK_BITS

F64 = NDArray[np.float64]

#: Compiled code is cached on disk (next to this file, or in the user's cache folder when that is
#: read-only), so only the first simulation on a machine compiles (a few seconds). Numba can cache
#: only when this module's source is a file (the bundle ships it: packaging/slaplanner.spec).
_CACHE = Path(__file__).is_file()


def _compiled(function: Callable[..., Any]) -> Any:
    """``function`` compiled (nopython, releasing the GIL, NumPy's float semantics), cached on disk
    where a cache folder can be written; compiled on each start where none can (a read-only
    install run by a user without a writable home)."""
    try:
        return njit(cache=_CACHE, nogil=True, error_model="numpy")(function)
    except RuntimeError:  # numba: "cannot cache function ...: no locator available"
        return njit(nogil=True, error_model="numpy")(function)

#: Waits of every lead are counted in log-spaced bins (for the quantiles and the chart): bin 0 is
#: [0, WAIT_FLOOR) minutes, then bins growing by WAIT_RATIO up to about 70 days, so a quantile is
#: exact to 0.1 % whatever the runs.
WAIT_FLOOR = 1e-3
WAIT_RATIO = 1.001
WAIT_BINS = 2 + math.ceil(math.log(1e5 / WAIT_FLOOR) / math.log(WAIT_RATIO))
_LOG_FLOOR = math.log(WAIT_FLOOR)
_INV_LOG_RATIO = 1.0 / math.log(WAIT_RATIO)
_DAY = 1440.0
_WEEK = 10080
_INV_WEEK = 1.0 / _WEEK
_SPACING = 60.0  # working minutes at least between two touches of a lead
_TIE = 1e-6  # working minutes: a touch closer than this to the end of its cadence's window is
# checked on the clock (where the window ends outside hours, a touch at the next opening is late)


@_compiled
def to_clock(w: float, periods: F64, by_work: np.ndarray) -> float:  # pragma: no cover - compiled
    """Clock minute of a working-minute position (past the timeline: the timeline's end), from the
    calendar's working periods (:class:`slaplanner.engine.simulation.calendar.Periods`)."""
    last = periods.shape[0] - 1
    if not w < periods[last, 2]:
        return float(periods[last, 0])
    k = int(w)
    p = by_work[k >> PERIOD_BLOCK_BITS]
    while periods[p, 3] <= k:
        p += 1
    return float((periods[p, 0] + (k - periods[p, 2])) + (w - k))


@_compiled
def _period_of(w: float, periods: F64, by_work: np.ndarray) -> tuple[float, float, float, float]:  # pragma: no cover
    """The working period holding working minute ``int(w)``: its first and end working minutes,
    where its shift ends (the period's end) and the clock minute it opens; past the timeline: from
    the timeline's end on, ending there, at the timeline's last clock minute (what
    :func:`to_clock` gives there)."""
    last = periods.shape[0] - 1
    total = periods[last, 2]
    if not w < total:
        return total, np.inf, total, periods[last, 0]
    k = int(w)
    p = by_work[np.uint64(k >> PERIOD_BLOCK_BITS)]
    while periods[np.uint64(p), 3] <= k:
        p += 1
    up = np.uint64(p)
    return periods[up, 2], periods[up, 3], periods[up, 3], periods[up, 0]


@_compiled
def to_working(c: float, periods: F64, by_clock: np.ndarray) -> float:  # pragma: no cover - compiled
    """Working-minute position of a clock minute (outside hours: the next opening; past the
    timeline: its total working minutes); without a branch on whether the minute is worked, so the
    loads of consecutive calls overlap."""
    last = periods.shape[0] - 1
    if not c < periods[last, 0]:
        return float(periods[last, 2])
    if c < 0.0:
        c = 0.0
    j = int(c)
    p = by_clock[np.uint64(j >> PERIOD_BLOCK_BITS)]
    while periods[np.uint64(p), 1] <= j:
        p += 1
    up = np.uint64(p)
    inside = periods[up, 0] <= j
    return float((periods[up, 2] + (j - periods[up, 0]) if inside else periods[up, 2]) + inside * (c - j))


@_compiled
def _wait_bin(wait: float) -> int:  # pragma: no cover - compiled
    if not wait < 1e300:
        return WAIT_BINS - 1
    if wait < WAIT_FLOOR:
        return 0
    b = int((math.log(wait) - _LOG_FLOOR) * _INV_LOG_RATIO) + 1
    return min(b, WAIT_BINS - 1)


@_compiled
def decay_at(minutes: float, xs: F64, log_ys: F64) -> float:  # pragma: no cover - compiled
    """The decay curve's factor after a wait of ``minutes`` (log-linear between its points, flat
    beyond them): :meth:`slaplanner.plan.team.DecayCurve.factor`, computed, so the queue reads no
    table (a table by wait would be read at random, out of the processor's cache). The segment is
    found by counting the points below (no branch the processor could mispredict)."""
    n = xs.shape[0]
    c = 0
    for j in range(n):
        c += minutes > xs[j]
    if c == 0:
        return math.exp(log_ys[0])
    if c == n:
        return math.exp(log_ys[n - 1])
    return math.exp(log_ys[c - 1] + (log_ys[c] - log_ys[c - 1]) * (minutes - xs[c - 1]) / (xs[c] - xs[c - 1]))


_DEBRUIJN = np.uint64(0x03F79D71B4CB0A89)
_DEBRUIJN_INDEX = np.array(
    [0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4, 62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24,
     18, 12, 5, 63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11, 46, 26, 40, 15, 34, 20, 31, 10, 25,
     14, 19, 9, 13, 8, 7, 6],
    dtype=np.int64,
)  # fmt: skip


@_compiled
def _lowest_bit(word: np.uint64) -> int:  # pragma: no cover - compiled
    """Index of the lowest set bit of a non-zero word (de Bruijn multiplication)."""
    low = word & (~word + np.uint64(1))
    return int(_DEBRUIJN_INDEX[int((low * _DEBRUIJN) >> np.uint64(58))])


@_compiled
def _due_push(head: np.ndarray, bits: np.ndarray, nxt: np.ndarray, i: int, due: float) -> int:  # pragma: no cover
    """File lead ``i``'s next follow-up under the working minute it falls due (first in that
    minute's list); that minute's bucket."""
    b: int = min(int(due), head.shape[0] - 1)
    ub = np.uint64(b)
    uw = np.uint64(b >> 6)
    word = bits[uw]
    bit = np.uint64(1) << np.uint64(b & 63)
    # A minute not in use has an empty list: its head (in memory the processor has not read for
    # long, the minutes ahead) is then not read, only written.
    if word & bit:
        nxt[np.uint64(i)] = head[ub]
    else:
        nxt[np.uint64(i)] = -1
    head[ub] = i
    bits[uw] = word | bit
    return b


@_compiled
def _due_first(bits: np.ndarray, lowest: int) -> int:  # pragma: no cover - compiled
    """The first bucket in use from ``lowest`` on (one must be in use)."""
    w = lowest >> 6
    word = bits[np.uint64(w)] & (~np.uint64(0) << np.uint64(lowest & 63))
    while word == np.uint64(0):
        w += 1
        word = bits[np.uint64(w)]
    return int((w << 6) + _lowest_bit(word))


@_compiled
def _first_free(free: np.ndarray, c: int) -> tuple[int, float]:  # pragma: no cover - compiled
    """Index of the earliest of the first ``c`` free times (the first of equal ones) and that time.
    The free times are kept unsorted: a scan of a handful of reps costs less than keeping them in
    order, whose varying number of moves the processor cannot predict."""
    low = free[0]
    k = 0
    for j in range(1, c):
        x = free[np.uint64(j)]
        if x < low:
            low = x
            k = j
    return k, low


@_compiled
def _sorted(u: np.ndarray, start: int, n: int, out: np.ndarray, first: np.ndarray) -> None:  # pragma: no cover
    """``u[start:start + n]`` (uniforms in [0, 1)) sorted into ``out[:n]``: a bucket sort with n
    buckets (one value a bucket on average, so linear time; np.sort's quicksort costs about twice as
    much here), then insertion within the buckets. ``first`` has room for n + 1 counts."""
    first[: n + 1] = 0
    for i in range(n):
        first[np.uint64(min(int(u[np.uint64(start + i)] * n), n - 1) + 1)] += 1
    for b in range(n):
        first[np.uint64(b + 1)] += first[np.uint64(b)]
    for i in range(n):
        x = u[np.uint64(start + i)]
        ub = np.uint64(min(int(x * n), n - 1))
        f = first[ub]
        out[np.uint64(f)] = x
        first[ub] = f + 1
    # Every value is now in its bucket and buckets are in order: insertion moves a value only
    # within its own bucket.
    for i in range(1, n):
        x = out[np.uint64(i)]
        j = i
        while j > 0 and out[np.uint64(j - 1)] > x:
            out[np.uint64(j)] = out[np.uint64(j - 1)]
            j -= 1
        out[np.uint64(j)] = x


@_compiled
def from_table(u: np.ndarray, table: np.ndarray) -> None:  # pragma: no cover - compiled
    """Uniforms in [0, 1) turned in place into draws of the distribution whose quantile table is
    ``table`` (:func:`slaplanner.engine.simulation.handle_times.quantile_table`): linear between the
    quantiles of a middle cell; in the first cell the second quantile less an exponential distance
    (at least 0), in the last cell the last quantile plus an exponential excess."""
    cells = table.shape[0] - 2
    last = cells - 1
    excess = table[cells]
    deficit = table[cells + 1]
    for i in range(u.shape[0]):
        x = u[i] * cells
        k = int(x)
        if k >= last:
            u[i] = table[last] - excess * math.log1p(-(x - last))
        elif k == 0:
            u[i] = max(0.0, table[1] + deficit * math.log(x))
        else:
            u[i] = table[k] + (table[k + 1] - table[k]) * (x - k)


@_compiled
def simulate_runs(
    first: int,
    by_tier: np.ndarray,  # (chunk runs, months, tiers) SQLs of each run of the chunk
    lead_off: np.ndarray,  # (chunk runs + 1,) where each run's leads start in the draws below
    u: np.ndarray,  # per lead: a uniform, sorted within its tier and month to give its arrival
    ft_unit: np.ndarray,  # per lead: first-touch handle time at unit mean
    fu_unit: np.ndarray,  # (leads, max touches - 1): follow-up handle times at unit mean
    patience: np.ndarray,  # per lead: patience in clock minutes (empty: leads wait as long as it takes)
    grid_table: np.ndarray,  # (months, GRID + 1, 5): working minute, step to the next point, clock
    # minute, step, and the clock minutes an accept takes, arriving at each point of the month's grid
    accept_limit: np.ndarray,  # (tiers,) minutes the tier's accept may take
    servers: np.ndarray,  # (months,) reps on the queue
    month_bound: np.ndarray,  # (months,) working minute where the next month starts (last: inf)
    speed: np.ndarray,  # (months,) the reps' speed (1 = full speed)
    ft_minutes: float,
    fu_minutes: float,
    periods: np.ndarray,  # the SDR calendar's working periods (calendar.Periods: table, by_clock, by_work)
    by_clock: np.ndarray,
    by_work: np.ndarray,
    targets: np.ndarray,  # (tiers,) first-touch target, minutes
    business: np.ndarray,  # (tiers,) target counted in working minutes
    touches: np.ndarray,  # (tiers,) touches in the cadence (first touch included)
    touch_days: np.ndarray,  # (tiers,)
    decay_x: np.ndarray,  # the decay curve's points: minutes waited (clock time)
    decay_log: np.ndarray,  # and the log of their factors
    n_weeks: int,
    # outputs, rows first .. first + chunk runs - 1 of the caller's arrays
    count: np.ndarray,  # (runs, months, tiers)
    within: np.ndarray,
    accept: np.ndarray,
    touched: np.ndarray,  # every touch of the cadence within its days
    lost: np.ndarray,  # leads lost to patience
    ft_work: np.ndarray,  # (runs, months) minutes of first-touch work, by arrival month
    fu_work: np.ndarray,  # (runs, months) minutes of follow-up work, by arrival month
    week_work: np.ndarray,  # (runs, weeks) minutes of work (first touch and follow-ups) of the SQLs
    # arriving in each week, added once per lead when its first touch starts (a lost lead brings none)
    decay_sum: np.ndarray,  # (runs, tiers) sum over touched leads of the decay factor
    hist: np.ndarray,  # (tiers, WAIT_BINS) waits of every first touch (added to; int32: half the cache)
    collect: bool,
) -> None:  # pragma: no cover - compiled
    n_runs, n_months, n_tiers = by_tier.shape
    grid = grid_table.shape[1] - 1
    c_max = 1
    for m in range(n_months):
        c_max = max(c_max, servers[m])
    with_patience = patience.shape[0] > 0
    free = np.empty(c_max)
    slow = 1.0 / speed  # minutes a rep takes per minute of work (a multiplication on every touch)
    # Follow-ups waiting, filed by the working minute they fall due (a list per minute, empty at the
    # end of every run) with a bitmap of the minutes in use: filing is O(1), finding the first due
    # scans the bitmap 64 minutes a word. Within a minute the order is the filing's reverse.
    n_buckets = int(periods[periods.shape[0] - 1, 2]) + 2
    # (int32: a run has fewer than 2**31 leads; half the memory swept in a run.)
    head = np.full(n_buckets, -1, dtype=np.int32)
    bits = np.zeros((n_buckets >> 6) + 2, dtype=np.uint64)
    for r in range(n_runs):
        row = first + r
        o = lead_off[r]
        total = lead_off[r + 1] - o
        # Leads, tier by tier, each tier's leads in order of arrival.
        arr_w = np.empty(total + 1)
        arr_c = np.empty(total + 1)
        # Where (working minute) each lead's cadence window ends, found here in order of arrival:
        # the calendar's arrays are megabytes, read in order here and at random in the queue.
        window_w = np.empty(total + 1)
        month = np.empty(total + 1, dtype=np.int16)
        tier_of = np.empty(total + 1, dtype=np.int8)
        start_of = np.zeros(n_tiers + 1, dtype=np.int64)
        srt = np.empty(total + 1)
        bucket_first = np.empty(total + 2, dtype=np.int64)
        pos = 0
        for t in range(n_tiers):
            start_of[t] = pos
            for m in range(n_months):
                n = by_tier[r, m, t]
                if n == 0:
                    continue
                count[row, m, t] += n
                _sorted(u, o + pos, n, srt, bucket_first)
                # Without a branch on what is read from the grid (megabytes, read at intervals): the
                # processor then has the reads of many leads under way at once.
                limit = accept_limit[t]
                accepted = 0
                um = np.uint64(m)
                for i in range(n):
                    x = srt[np.uint64(i)] * grid
                    k = min(int(x), grid - 1)
                    f = x - k
                    uk = np.uint64(k)
                    up = np.uint64(pos + i)
                    arr_w[up] = grid_table[um, uk, 0] + grid_table[um, uk, 1] * f
                    arr_c[up] = grid_table[um, uk, 2] + grid_table[um, uk, 3] * f
                    month[up] = m
                    tier_of[up] = t
                    accepted += grid_table[um, uk, 4] <= limit
                accept[row, m, t] += accepted
                if touches[t] > 1:  # in a loop of its own: the calendar's loads overlap
                    days = touch_days[t] * _DAY
                    for i in range(pos, pos + n):
                        window_w[np.uint64(i)] = to_working(arr_c[np.uint64(i)] + days, periods, by_clock)
                pos += n
        start_of[n_tiers] = pos
        heads = start_of[:n_tiers].copy()
        pending = 0
        lowest = n_buckets  # the first bucket in use (while pending)
        fu_i = -1  # the follow-up served next among those waiting: first in that bucket's list
        fu_d = np.inf  # and when it falls due
        nxt = np.empty(total + 1, dtype=np.int32)  # the next in its minute's list (-1: none)
        fu_work_r = fu_work[row]  # this run's row
        due_of = np.empty(total + 1)  # when the lead's next follow-up falls due (working minute)
        touch_no = np.empty(total + 1, dtype=np.int32)  # which touch of the cadence it is
        last_no = np.empty(total + 1, dtype=np.int32)  # and its last (the touches of its tier)
        first_w = np.empty(total + 1)  # working minute of each lead's first touch
        step_w = np.empty(total + 1)  # working minutes between its touches as planned
        # Reps: their free times (unsorted; sorted at a change of month); the month's reps are the
        # first servers[cur].
        cur = 0
        active = servers[0]
        free[:] = np.inf
        free[:active] = 0.0  # the timeline's first working minute
        next_bound = month_bound[0]
        kmin = 0  # the rep free first
        # The working period the last touch started in (its bounds in working minutes) and where its
        # shift ends: touches mostly start in the same period as the one before.
        lo_w = 0.0
        hi_w = -1.0
        shift_end = 0.0
        open_c = 0.0  # the clock minute the period opens
        # The earliest arrival among the tiers' next first touches and the first tier holding it
        # (changes only when a first touch is taken).
        first_a = np.inf
        first_t = -1
        for t in range(n_tiers):
            h = heads[t]
            if h < start_of[t + 1] and arr_w[h] < first_a:
                first_a = arr_w[h]
                first_t = t
        t_free = free[0]
        while True:
            # The same choice as taking the least of max(arrival, t_free) over the tiers (first
            # tier on a tie) against max(due, t_free), a first touch on a tie: with a first touch
            # waiting at t_free (first_a <= t_free), the first tier with one waiting; else the
            # follow-up if due before first_a, else the first touch arriving at first_a.
            fu_s = max(fu_d, t_free)  # (before any branch: a maxsd, not a branch)
            if t_free < first_a:
                if fu_d < first_a:
                    is_first = False
                    s = fu_s
                else:
                    if not first_a < np.inf:
                        break
                    is_first = True
                    best_t = first_t
                    s = first_a
            else:
                if not t_free < np.inf:
                    break
                is_first = True
                s = t_free
                best_t = first_t
                for t in range(first_t):
                    h = heads[t]
                    if h < start_of[t + 1] and arr_w[h] <= t_free:
                        best_t = t
                        break
            if s >= next_bound:
                # The next touch starts in a later month: that month's reps (fewer: the reps free
                # last leave; more: the new ones are free from the month's start).
                cur += 1
                new = servers[min(cur, n_months - 1)]
                free[:active] = np.sort(free[:active])
                if new < active:
                    for j in range(new, active):
                        free[j] = np.inf
                elif new > active:
                    for j in range(active, new):
                        free[j] = next_bound
                    free[:new] = np.sort(free[:new])
                active = new
                next_bound = month_bound[min(cur, n_months - 1)] if cur < n_months else np.inf
                kmin = 0
                t_free = free[0]
                continue
            if not lo_w <= s < hi_w:
                lo_w, hi_w, shift_end, open_c = _period_of(s, periods, by_work)
            if is_first:
                ut = np.uint64(best_t)
                i = heads[ut]
                heads[ut] = i + 1
                first_a = np.inf
                first_t = -1
                for t in range(n_tiers):
                    h = heads[np.uint64(t)]
                    if h < start_of[np.uint64(t + 1)]:
                        a = arr_w[np.uint64(h)]
                        if a < first_a:
                            first_a = a
                            first_t = t
                ui = np.uint64(i)
                uo = np.uint64(o + i)
                m = month[ui]
                um = np.uint64(m)
                ur = np.uint64(row)
                a_c = arr_c[ui]
                # The clock minute it starts (to_clock(s), from the period at hand).
                s_clock = (open_c + (int(s) - lo_w)) + (s - int(s)) if hi_w < np.inf else open_c
                if with_patience and s_clock - a_c > patience[uo]:
                    lost[ur, um, ut] += 1
                    continue
                work = ft_unit[uo] * ft_minutes
                service = work * slow[um]
                t = best_t
                wait = s - arr_w[ui] if business[ut] else s_clock - a_c
                if wait <= targets[ut]:
                    within[ur, um, ut] += 1
                n_touch = touches[ut]
                if collect:
                    b = _wait_bin(wait)
                    hist[ut, np.uint64(b)] += 1
                    decay_sum[ur, ut] += decay_at(s_clock - a_c, decay_x, decay_log)
                ft_work[ur, um] += work
                if collect:  # the work the lead brings to its arrival week: this touch and its follow-ups
                    lead_work = work
                    for k in range(n_touch - 1):
                        lead_work += fu_unit[uo, np.uint64(k)] * fu_minutes
                    wk = min(int(a_c * _INV_WEEK), n_weeks - 1)
                    week_work[ur, np.uint64(wk)] += lead_work
                if n_touch <= 1:
                    if n_touch == 0 or s_clock - a_c <= touch_days[ut] * _DAY:
                        touched[ur, um, ut] += 1
                else:
                    # The other touches, spread evenly over the working time left in the window.
                    left = window_w[ui] - s
                    step = left / n_touch if left > 0.0 else _SPACING
                    first_w[ui] = s
                    step_w[ui] = step
                    due_of[ui] = s + step
                    touch_no[ui] = 2
                    last_no[ui] = n_touch
                    b = _due_push(head, bits, nxt, i, s + step)
                    if pending == 0 or b <= lowest:
                        lowest, fu_i, fu_d = b, i, s + step
                    pending += 1
            else:
                i = fu_i
                ui = np.uint64(i)
                after = nxt[ui]
                head[np.uint64(lowest)] = after
                pending -= 1
                if after >= 0:  # the next in the same minute
                    fu_i, fu_d = after, due_of[np.uint64(after)]
                else:
                    bits[np.uint64(lowest >> 6)] &= ~(np.uint64(1) << np.uint64(lowest & 63))
                    if pending > 0:
                        lowest = _due_first(bits, lowest)
                        fu_i = head[np.uint64(lowest)]
                        fu_d = due_of[np.uint64(fu_i)]
                    else:
                        fu_d = np.inf
                k = touch_no[ui]
                m = month[ui]
                um = np.uint64(m)
                work = fu_unit[np.uint64(o + i), np.uint64(k - 2)] * fu_minutes
                service = work * slow[um]
                fu_work_r[um] += work
                if k >= last_no[ui]:
                    t = tier_of[ui]
                    # In time: clear of the window's end in working minutes, else as the clock says.
                    end_w = window_w[i]
                    if s < end_w - _TIE or (
                        s <= end_w + _TIE and to_clock(s, periods, by_work) - arr_c[i] <= touch_days[t] * _DAY
                    ):
                        touched[row, m, t] += 1
                else:
                    step = step_w[ui]
                    due = max(first_w[ui] + k * step, s + min(_SPACING, step))
                    due_of[ui] = due
                    touch_no[ui] = k + 1
                    b = _due_push(head, bits, nxt, i, due)
                    if pending == 0 or b <= lowest:
                        lowest, fu_i, fu_d = b, i, due
                    pending += 1
            # The rep works the touch; one started before closing ends in overtime at the next opening.
            end = s + service
            if s <= shift_end:
                end = min(end, shift_end)
            free[np.uint64(kmin)] = end
            kmin, t_free = _first_free(free, active)
        if pending > 0:
            # Only a month without reps (never given by the planner: at least one rep a month) ends
            # a run with follow-ups filed: the next run must find no minute in use.
            bits[:] = 0
