"""Run the model: lever values and events in, Results out, for N samples at once.

One state, stepped month by month (MODEL.md, Frame): at each step every block reads the
whole state (all stocks) and the month's inputs, writes its auxiliaries and the rates of
change of its stocks, and the engine integrates them (explicit Euler, as Vensim and Stella
do). Any block may read any stock, so feedback loops cross blocks. One run (N = 1) steps on
Python floats; N samples step on numpy rows of shape (N,) (core.model.ops).

One run goes through the same blocks written out as a flat loop on local variables
(core/engine/month_loop.py, written by core.engine.flat): the same operations in the same order,
so the same bits, in well under half the time of calling the blocks each month. N samples go
through the same lines on numpy rows (``run_rows`` there): the same numpy operations in the
same order, so the same bits, without the blocks' dict traffic and with each month's dead
arrays freed as it goes. A run a loop was not written for (other constants, apart from the
ranged ones Monte Carlo draws per sample; a lever varied by something other than an event or
history; a shorter time step) steps the blocks.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from operator import itemgetter

import numpy as np

from core.catalogue.constants import INPUT_KEY, RANGED, K, digest
from core.catalogue.outputs import OUTPUTS
from core.common.timegrid import (
    DEFAULT_END,
    HISTORY_START,
    MODEL_START,
    month_range,
    months_between,
)
from core.engine import month_loop as written
from core.engine.inputs import ModelInputs
from core.engine.memory import keep_freed_memory
from core.engine.results import Results
from core.model import adoption, chips, compute, economics, power, regulation, trade
from core.model.compute import Lookback
from core.model.ops import ARRAYS, FLOATS
from core.model.state import JANUARY_2022, STOCKS, start_state

CARRIED = ("lead_months",)  # the blocks' memory rewritten each month
CALLED = ("lookback",)  # the blocks' memory called each month (it keeps its own history)
LARGE_RUN_SAMPLES = 1000  # from here on, allocator tuning pays (see core.engine.memory)

# The blocks in the order they run within a step; each reads the stocks and what the
# blocks before it wrote this step.
BLOCKS = (
    ("chips", chips.supply),
    ("regulation", regulation.step),
    ("power", power.step),
    ("trade", trade.step),
    ("chips", chips.deploy),
    ("compute", compute.step),
    ("adoption", adoption.step),
    ("economics", economics.step),
)


class Clock:
    """Where the step is: month index, sub-step, years since mid-2025 and the step length.

    A plain class, not SimpleNamespace: blocks read ``c.years`` every month and CPython
    specialises attribute reads on plain instances (about twice as fast)."""

    def __init__(self, step_months: float):
        self.index, self.sub, self.years, self.step_months = 0, 0, 0.0, step_months


def sample_count(values: Mapping[str, float | np.ndarray]) -> int:
    sizes = {np.asarray(v).size for v in values.values() if np.asarray(v).ndim > 0}
    if len(sizes) > 1:
        raise ValueError(f"lever arrays have different sample counts: {sorted(sizes)}")
    return sizes.pop() if sizes else 1


def origin_for(start: str) -> str:
    """The month the model integrates from: 2025-01, or 2022-01 for a backcast."""
    return HISTORY_START if months_between(MODEL_START, start) < 0 else MODEL_START


def simulate(values: Mapping[str, float | np.ndarray] | None = None, events: Iterable = (),
             start: str = MODEL_START, end: str = DEFAULT_END, dtype=np.float64,
             event_switch: np.ndarray | None = None, steps_per_month: int = 1) -> Results:
    """Simulate the months start..end. Lever values are scalars or arrays of N samples;
    levers not given take their catalogue default.

    ``event_switch`` (events x N booleans) turns each event on or off per sample.
    ``dtype`` float32 runs in single precision, a third faster on 10,000 samples: a series
    then differs from the double-precision run by ~1e-5 of its scale (at most 2.5e-4, a
    small difference of large stocks), far inside a Monte Carlo band's sampling error.
    ``steps_per_month`` > 1 integrates with a shorter step (a check on the time step).
    """
    values = values or {}
    events = list(events)
    n_samples = sample_count(values)
    if event_switch is not None:
        n_samples = max(n_samples, np.asarray(event_switch).reshape(len(events), -1).shape[1])
    if n_samples >= LARGE_RUN_SAMPLES:
        keep_freed_memory()
    origin = origin_for(start)
    if months_between(HISTORY_START, start) < 0:
        raise ValueError(f"start {start} is before the model's first month {HISTORY_START}")
    n_months = months_between(origin, end) + 1
    inputs = ModelInputs(values, events, origin, n_months, n_samples, dtype, event_switch)
    vectorised = n_samples > 1 or np.dtype(dtype) != np.float64
    if steps_per_month != 1:
        series = step_blocks(inputs, origin, vectorised, steps_per_month)
    elif vectorised:
        series = step_rows_written_out(inputs, origin)
    else:
        series = step_written_out(inputs, origin)
    first = months_between(origin, start)
    if first:
        series = {key: value[first:] for key, value in series.items()}
    return Results(list(month_range(start, end)), series)


def _years(offset: int, index: int, sub: int, steps_per_month: int) -> float:
    """The clock: years since mid-2025 at a step, ``offset`` months after 2025-01."""
    return (offset + index + sub / steps_per_month) / 12.0 - 0.5


@functools.lru_cache(maxsize=16)
def _years_of_months(offset: int, n_months: int) -> tuple[float, ...]:
    """The clock's years at each month of a run (one step a month), made once."""
    return tuple(_years(offset, index, 0, 1) for index in range(n_months))


def _start(inputs: ModelInputs, origin: str, first_month: Mapping, vectorised: bool,
           steps_per_month: int = 1, xp=None, unpatched: bool = False) -> tuple[dict, dict]:
    """(the stocks at the first month, the blocks' memory) of a run: the January 2022
    stocks' rules for a run from then, or for a run from January 2025 where the history
    run of its own levers, constants and events stands then (``history_end``). ``xp``
    replaces the start rules' operations (as ``step_blocks``'); ``unpatched``: the caller
    has checked that the blocks are the ones the loops were written from."""
    if origin != HISTORY_START:
        state, memory = history_end(inputs, vectorised, steps_per_month, unpatched)
        state = ({name: _copied(value) for name, value in state.items()} if vectorised
                 else dict(state))  # the rows loop writes results into dead arrays
        return (state,
                {"lookback": memory["lookback"].continued(inputs.n_months),
                 "lead_months": _copied(memory["lead_months"])})
    state = start_state(JANUARY_2022, first_month, xp or (ARRAYS if vectorised else FLOATS))
    if vectorised:
        state = dict(zip(state, _rows(inputs, state.values()), strict=True))
    memory = {
        "lookback": Lookback(inputs.n_months, inputs.n_samples, vectorised, inputs.dtype),
        "lead_months": first_month["us_reaction_target_lead_months"],
    }
    return state, memory


def _copied(value):
    """A value a run may write into (the rows loop writes results into dead arrays)."""
    return value.copy() if isinstance(value, np.ndarray) else value


HISTORY_ENDS_KEPT = 8  # history end states kept (a 10,000-sample one is ~10 MB)
_history_ends: OrderedDict[tuple, tuple[dict, dict]] = OrderedDict()
_history_lock = threading.Lock()  # the app runs the model in background threads too


def forget_history_ends() -> None:
    """Drop the kept history end states (a benchmark of a run whose history is new)."""
    with _history_lock:
        _history_ends.clear()


def history_end(inputs: ModelInputs, vectorised: bool, steps_per_month: int = 1,
                unpatched: bool = False) -> tuple[dict, dict]:
    """(the stocks, the blocks' memory) after the history months 2022-01..2024-12 of a run
    with ``inputs``' levers, constants and events: what a run from January 2025 goes on
    from. Kept for the next run that reads the same (``ModelInputs.history_key``); not
    kept while a test has swapped a block or patched a helper. Do not write into them."""
    cached = unpatched or (BLOCKS is _WRITTEN_BLOCKS and _unpatched())
    key = inputs.history_key(steps_per_month) if cached else None
    if cached:
        with _history_lock:
            kept = _history_ends.get(key)
            if kept is not None:
                _history_ends.move_to_end(key)
                return kept
    history = inputs.over_history()
    if steps_per_month != 1:
        begun = _stepped_blocks(history, HISTORY_START, vectorised, True, steps_per_month)
    elif vectorised:
        begun = step_rows_written_out(history, HISTORY_START, keep_end=True)
    else:
        begun = step_written_out(history, HISTORY_START, keep_end=True)
    if cached:
        with _history_lock:
            _history_ends[key] = begun
            while len(_history_ends) > HISTORY_ENDS_KEPT:
                _history_ends.popitem(last=False)
    return begun


def step_blocks(inputs: ModelInputs, origin: str, vectorised: bool,
                steps_per_month: int = 1,
                observe: Callable[[dict, dict, dict], None] | None = None,
                xp=None, begun: tuple[dict, dict] | None = None) -> dict[str, np.ndarray]:
    """Step every month by calling the blocks: on (N,) rows, or on floats for one run.
    ``observe(stocks, auxiliaries, rates)`` sees every month's whole state (the model map
    shows variables that are not outputs); ``xp`` replaces the blocks' operations (the audit
    of bounds records which side of each minimum a run takes). ``begun`` (stocks, memory)
    is where the first month starts, stepped in place to after the last; by default the
    origin's (``_start``)."""
    xp = xp or (ARRAYS if vectorised else FLOATS)
    months = inputs.months(vectorised)
    state, memory = begun or _start(inputs, origin, months[0], vectorised, steps_per_month,
                                    xp)
    offset = months_between(MODEL_START, origin)  # months from 2025-01 to the first month
    dt = 1.0 / (12.0 * steps_per_month)
    clock = Clock(1.0 / steps_per_month)
    ids = list(OUTPUTS)
    recorded = []
    record = itemgetter(*ids)  # one C call per month instead of a loop over the outputs
    if vectorised:
        columns = [np.empty((inputs.n_months, inputs.n_samples), dtype=inputs.dtype)
                   for _ in ids]
    for index, u in enumerate(months):
        clock.index = index
        for sub in range(steps_per_month):
            clock.sub = sub
            clock.years = _years(offset, index, sub, steps_per_month)
            if sub == 1:
                u = dict(u, cn_algo_jump_log=0.0)  # a jump happens once per month
            aux, rates = {}, {}
            for _, block in BLOCKS:
                block(state, u, aux, rates, memory, xp, clock)
            if sub == 0 and vectorised:
                for column, output_id in zip(columns, ids, strict=True):
                    column[index] = aux[output_id]
            elif sub == 0:
                recorded.append(record(aux))
            if sub == 0 and observe is not None:
                observe(state, aux, rates)
            for name in STOCKS:
                state[name] = state[name] + rates[name] * dt
    if vectorised:
        return dict(zip(ids, columns, strict=True))
    return _columns(np.array(recorded, dtype=np.float64))


def _rows(inputs: ModelInputs, values: Iterable) -> list[np.ndarray]:
    """Each starting value as its own (N,) row of the run's dtype."""
    return [np.broadcast_to(np.asarray(value, dtype=inputs.dtype), (inputs.n_samples,)).copy()
            for value in values]


def _columns(table: np.ndarray) -> dict[str, np.ndarray]:
    """One run's (months, outputs) table as a (months, 1) column per output."""
    return {output_id: table[:, column:column + 1] for column, output_id in enumerate(OUTPUTS)}


def written_out_fits(inputs: ModelInputs, vectorised: bool = False) -> bool:
    """Whether core/engine/month_loop.py was written for this run: the same blocks, the same
    constants (for N samples, apart from ranged ones drawn per sample), and no lever varying
    over the months that it reads as constant."""
    return _fits(inputs, inputs.split(vectorised)[1], vectorised)


def _fits(inputs: ModelInputs, varying: Mapping, vectorised: bool) -> bool:
    replaced = inputs.replaced_constants
    return ((replaced <= _RANGED if vectorised else not replaced) and BLOCKS is _WRITTEN_BLOCKS
            and _unpatched() and _written_for(tuple(vars(K).items()))
            and _MONTHLY.issuperset(varying))


def _block_functions() -> tuple:
    """(module, name, function) of every function in the blocks' modules: the loops have
    the helpers a block calls written in, so a test that patches one must step the blocks."""
    modules = (adoption, chips, compute, economics, power, regulation, trade)
    return tuple((module, name, value) for module in modules
                 for name, value in vars(module).items()
                 if inspect.isfunction(value) and value.__module__ == module.__name__)


def _unpatched() -> bool:
    return all(getattr(module, name) is function for module, name, function in _WRITTEN_FUNCTIONS)


_MONTHLY = frozenset(written.MONTHLY)
_WRITTEN_BLOCKS = BLOCKS  # the loops are these blocks written out (a test may swap one)
_WRITTEN_FUNCTIONS = _block_functions()  # ... or patch a helper a block calls
_RANGED = frozenset(constant.id for constant in RANGED)  # read by run_rows, not folded


@functools.lru_cache(maxsize=8)
def _written_for(constants: tuple) -> bool:
    """Whether the loop holds these constants (a test may change one)."""
    return digest(constants) == written.CONSTANTS


def _written_out_start(inputs: ModelInputs, origin: str, vectorised: bool):
    """(constant levers, start state, memory, levers by month, clock years) for a written-out
    loop, or None when the loop was not written for this run (``written_out_fits``)."""
    constant, varying = inputs.split(vectorised)
    if not _fits(inputs, varying, vectorised):
        return None
    first_month = constant | {lever_id: series[0] for lever_id, series in varying.items()}
    state, memory = _start(inputs, origin, first_month, vectorised, unpatched=True)
    levers = constant | varying
    for lever_id in _MONTHLY.difference(varying):  # constant in this run, monthly in the loop
        levers[lever_id] = [constant[lever_id]] * inputs.n_months
    years = _years_of_months(months_between(MODEL_START, origin), inputs.n_months)
    return constant, state, memory, levers, years


def step_written_out(inputs: ModelInputs, origin: str, keep_end: bool = False):
    """One run (N = 1, double precision, one step a month) through the blocks written out
    as a flat loop: the same bits as ``step_blocks`` on floats (module docstring); a run
    the loop was not written for (``written_out_fits``) steps the blocks. ``keep_end``:
    return (the stocks, the memory) after the last month instead of the outputs."""
    prepared = _written_out_start(inputs, origin, vectorised=False)
    if prepared is None:
        return _stepped_blocks(inputs, origin, False, keep_end)
    _constant, state, memory, levers, years = prepared
    stocks = [state[name] for name in STOCKS]
    packed = written.run(levers, stocks, memory, years, 1.0 / 12.0)
    if keep_end:
        return dict(zip(STOCKS, stocks, strict=True)), memory
    table = np.frombuffer(packed, dtype=np.float64).reshape(inputs.n_months, len(OUTPUTS))
    return _columns(table)


def _stepped_blocks(inputs: ModelInputs, origin: str, vectorised: bool, keep_end: bool,
                    steps_per_month: int = 1):
    """``step_blocks``' outputs, or with ``keep_end`` (the stocks, the memory) after it."""
    if not keep_end:
        return step_blocks(inputs, origin, vectorised, steps_per_month)
    begun = _start(inputs, origin, inputs.months(vectorised)[0], vectorised)
    step_blocks(inputs, origin, vectorised, steps_per_month, begun=begun)
    return begun


def step_rows_written_out(inputs: ModelInputs, origin: str, keep_end: bool = False):
    """N samples (or one in single precision) through the blocks written out on numpy rows
    (``run_rows`` of core/engine/month_loop.py): the same bits as ``step_blocks`` on rows;
    a run the loop was not written for (``written_out_fits``) steps the blocks.
    ``keep_end`` as for ``step_written_out``."""
    prepared = _written_out_start(inputs, origin, vectorised=True)
    if prepared is None:
        return _stepped_blocks(inputs, origin, True, keep_end)
    constant, state, memory, levers, years = prepared
    columns = [np.empty((inputs.n_months, inputs.n_samples), dtype=inputs.dtype)
               for _ in OUTPUTS]
    stocks = [state[name] for name in STOCKS]
    written.run_rows(levers, constant[INPUT_KEY], stocks, memory, years, 1.0 / 12.0, columns)
    if keep_end:
        return dict(zip(STOCKS, stocks, strict=True)), memory
    return dict(zip(OUTPUTS, columns, strict=True))


def run_scenario(scenario, values: Mapping[str, float | np.ndarray] | None = None,
                 dtype=np.float64, event_switch: np.ndarray | None = None) -> Results:
    """Simulate a scenario; ``values`` may replace lever values (e.g. with sample arrays)."""
    merged = scenario.lever_values() | dict(values or {})
    return simulate(merged, scenario.events, scenario.start, scenario.end, dtype, event_switch)
