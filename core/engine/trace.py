"""Every variable of one run, month by month, and the model map's layout.

A run's Results keep only the catalogue's outputs; the model map shows the value of any
node (a stock, its rate of change, any auxiliary), so ``trace`` steps one run the way
``core.engine.simulation``'s block loop does, watching every month's whole state. A test holds its
outputs equal to ``run_scenario``'s.

``map_columns`` lays the declared structure (core.model.structure) out in columns, one per
step function in the order the engine calls them, so the map is drawn from the declaration.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import itemgetter
from types import SimpleNamespace

import numpy as np

from core.common.timegrid import HISTORY_START, MODEL_START, months_between
from core.engine.inputs import ModelInputs
from core.engine.simulation import BLOCKS, _years, origin_for, step_blocks
from core.model.compute import Lookback
from core.model.ops import FLOATS
from core.model.state import JANUARY_2022, STOCKS, start_state
from core.model.structure import STOCK_DECLARATIONS, VARIABLES, Variable

COLUMN_TITLES = {  # a step function's column on the map
    "supply": "Chip supply", "deploy": "Chip deployment", "step": "",
}
MAX_ROWS = 22  # a block with more nodes is split into sub-columns


def trace(scenario) -> dict[str, np.ndarray]:
    """Each stock (its value at the start of the month), each flow ``d_<stock>`` (per year)
    and each auxiliary of one run of ``scenario``, shape (months,), from its first month."""
    origin = origin_for(scenario.start)
    n_months = months_between(origin, scenario.end) + 1
    inputs = ModelInputs(scenario.lever_values(), scenario.events, origin, n_months, 1)
    names: list[str] = []
    rows: list[tuple[float, ...]] = []
    getters: list = []

    def observe(state, aux, rates) -> None:
        if not names:  # the same names every month: one C call per month records them
            names.extend([*STOCKS, *(f"d_{name}" for name in rates), *aux])
            getters.extend([itemgetter(*STOCKS), itemgetter(*rates), itemgetter(*aux)])
        stocks, flows, auxiliaries = getters
        rows.append(stocks(state) + flows(rates) + auxiliaries(aux))

    step_blocks(inputs, origin, False, observe=observe)
    first = months_between(origin, scenario.start)
    table = np.array(rows[first:], dtype=float)
    # an auxiliary reporting a stock comes last, so it wins (it is what the run reports)
    return {name: table[:, column] for column, name in enumerate(names)}


def _writers() -> list[tuple[str, str, list[str]]]:
    """(block, step function, the variables it writes in declaration order) in engine order,
    found by running one step function after another on the first month."""
    month = ModelInputs({}, [], HISTORY_START, 2, 1).months(False)[0]
    state = start_state(JANUARY_2022, month, FLOATS)
    memory = {"lookback": Lookback(2, 1, False), "lead_months": 12.0}
    clock = SimpleNamespace(index=0, years=_years(months_between(MODEL_START, HISTORY_START),
                                                  0, 0, 1), step_months=1.0, sub=0)
    aux: dict = {}
    order = {v.id: n for n, v in enumerate(VARIABLES.values())}
    written = []
    for name, block in BLOCKS:
        before, rates = set(aux), {}
        block(state, month, aux, rates, memory, FLOATS, clock)
        names = (set(aux) - before) | {f"d_{stock}" for stock in rates} | set(rates)
        written.append((name, block.__name__, sorted(names, key=lambda n: order.get(n, -1))))
    return written


@dataclass(frozen=True)
class MapColumn:
    title: str  # "Power", "Chip supply"...
    sub_columns: tuple[tuple[str, ...], ...]  # node ids, top to bottom
    slot: int = 0  # the map's column it stands in (a small block stacks under another)
    first_row: int = 0  # where it starts in that column, counting a title as a row

    @property
    def rows(self) -> int:
        return max(len(sub) for sub in self.sub_columns)


def node(name: str) -> Variable:
    """The variable a map node shows: the stock where a stock has that name (its report as
    an output is the same number), else the flow or auxiliary."""
    return STOCK_DECLARATIONS.get(name) or VARIABLES[name]


def map_columns(max_rows: int = MAX_ROWS) -> list[MapColumn]:
    """The map's blocks in the order the engine steps them; in each, a stock's flow sits
    just above it, then the auxiliaries; every declared name appears exactly once. A block
    of one sub-column that fits under the one before it stacks there (a narrower map)."""
    columns, placed = [], set()
    slot, used = -1, max_rows + 1
    for block, function, names in _writers():
        stocks = [n for n in names if n in STOCK_DECLARATIONS]
        ordered = [part for stock in stocks for part in (f"d_{stock}", stock)]
        ordered += [n for n in names if n not in ordered and not n.startswith("d_")]
        ordered = [n for n in ordered if n not in placed]
        placed.update(ordered)
        if not ordered:
            continue
        per_column = math.ceil(len(ordered) / math.ceil(len(ordered) / max_rows))
        title = COLUMN_TITLES.get(function) or block.capitalize()
        subs = _split(ordered, per_column)
        stacks = (len(subs) == 1 and columns and len(columns[-1].sub_columns) == 1
                  and used + 1 + len(subs[0]) <= max_rows + 1)
        if not stacks:
            slot, used = slot + 1, 0
        columns.append(MapColumn(title, subs, slot, used))
        used += 1 + max(len(sub) for sub in subs)
    return columns


def _split(names: list[str], size: int) -> tuple[tuple[str, ...], ...]:
    """Chunks of ``size`` names, one more where a chunk would end on a flow, so a flow and
    its stock stay together."""
    chunks, start = [], 0
    while start < len(names):
        end = min(start + size, len(names))
        if end < len(names) and names[end - 1].startswith("d_"):
            end += 1
        chunks.append(tuple(names[start:end]))
        start = end
    return tuple(chunks)


def links() -> list[tuple[str, str, str]]:
    """(source, target, polarity) of every declared link between two map nodes: a name a
    variable reads (last month's value too), and each flow into its stock."""
    found: dict[tuple[str, str], str] = {}
    for variable in VARIABLES.values():
        for name, sign in variable.reads:
            source = name.removesuffix("@prev")
            if source != variable.id and (source in VARIABLES or source in STOCK_DECLARATIONS):
                found.setdefault((source, variable.id), sign)
    return [(source, target, sign) for (source, target), sign in found.items()]
