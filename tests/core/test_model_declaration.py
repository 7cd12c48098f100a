"""The declared structure (core.model.structure) against the code: what each block reads
and writes, the outputs' units, and every feedback loop as a cycle of declared links."""

from types import SimpleNamespace

import pytest

from core.catalogue.constants import CONSTANTS
from core.catalogue.levers import LEVERS
from core.catalogue.outputs import OUTPUTS
from core.engine.inputs import ModelInputs
from core.engine.simulation import BLOCKS
from core.model.compute import Lookback
from core.model.ops import FLOATS
from core.model.state import JANUARY_2025, STOCKS, start_state
from core.model.structure import LOOPS, STOCK_DECLARATIONS, VARIABLES, declared


class Tracking(dict):
    """A dict that remembers which keys were read."""

    def __init__(self, *args):
        super().__init__(*args)
        self.read = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)


def traced_blocks():
    """Run one step block by block: (block function, reads, aux written, rates written)."""
    month = ModelInputs({}, [], "2025-01", 132, 1).months(False)[0]
    state = start_state(JANUARY_2025, month, FLOATS)
    memory = {"lookback": Lookback(132, 1, False), "lead_months": 12.0}
    clock = SimpleNamespace(index=0, years=-0.5, step_months=1.0, sub=0)
    aux, traces = {}, []
    for name, block in BLOCKS:
        stocks, inputs, known = Tracking(state), Tracking(month), Tracking(aux)
        rates = {}
        block(stocks, inputs, known, rates, memory, FLOATS, clock)
        written = set(known) - set(aux)
        reads = stocks.read | inputs.read | (known.read & set(aux))
        traces.append((name, block.__name__, reads, written, set(rates)))
        aux.update(known)
    return traces


TRACES = traced_blocks()


def declared_in(block: str, kind: str) -> set[str]:
    return {v.id for v in VARIABLES.values() if v.block == block and v.kind == kind}


@pytest.mark.parametrize("block", sorted({name for name, *_ in TRACES}))
def test_each_block_writes_exactly_the_variables_it_declares(block):
    written = set().union(*(w for name, _, _, w, _ in TRACES if name == block))
    rates = set().union(*(r for name, _, _, _, r in TRACES if name == block))
    assert written == declared_in(block, "auxiliary")
    assert {f"d_{stock}" for stock in rates} == declared_in(block, "flow")


@pytest.mark.parametrize("block", sorted({name for name, *_ in TRACES}))
def test_each_block_reads_only_what_it_declares_and_all_of_it(block):
    reads = set().union(*(r for name, _, r, _, _ in TRACES if name == block))
    names = {name.removesuffix("@prev") for v in VARIABLES.values() if v.block == block
             for name in v.names_read}
    undeclared = reads - names
    assert not undeclared, f"{block} reads {sorted(undeclared)} without declaring them"
    inputs_and_stocks = {n for n in names if n in LEVERS or n in STOCKS}
    never_read = inputs_and_stocks - reads - {"cn_algo_jump_log"}
    # a stock a block declares as read through its own report counts as read
    never_read -= {n for n in never_read if n in names and any(
        v.id == n and v.kind == "auxiliary" for v in VARIABLES.values() if v.block == block)}
    assert not never_read, f"{block} declares reading {sorted(never_read)} but does not"


def test_every_stock_is_declared_with_a_flow_and_every_name_read_exists():
    assert set(STOCK_DECLARATIONS) == set(STOCKS)
    for stock in STOCKS:
        assert f"d_{stock}" in VARIABLES, stock
    known = set(VARIABLES) | set(STOCKS) | set(LEVERS) | {"cn_algo_jump_log"}
    for variable in VARIABLES.values():
        for name in variable.names_read:
            assert name.removesuffix("@prev") in known, (variable.id, name)


def test_every_output_is_a_declared_variable_with_the_same_unit():
    for output_id, output in OUTPUTS.items():
        variable = declared(output_id)
        assert variable is not None and variable.kind == "auxiliary", output_id
        unit = "1" if output.unit in ("share", "x", "index") else output.unit
        assert variable.unit == unit, (output_id, variable.unit, output.unit)


def test_every_variable_and_constant_has_a_unit_and_a_known_source():
    from core.catalogue.sources import SOURCES
    for variable in list(VARIABLES.values()) + list(CONSTANTS.values()):
        assert variable.unit, variable.id
        for key in filter(None, (k.strip() for k in variable.source.split(";"))):
            assert key in SOURCES, (variable.id, key)


def _link(source: str, target: str) -> str | None:
    """The polarity of the declared link source -> target, or None if there is none."""
    if target == source.removeprefix("d_") and source.startswith("d_"):
        return "+"  # a flow accumulates into its stock
    variable = declared(target)
    for name, sign in variable.reads if variable else ():
        if name.removesuffix("@prev") == source:
            return sign
    return None


@pytest.mark.parametrize("loop", LOOPS, ids=[loop.name for loop in LOOPS])
def test_each_feedback_loop_is_a_cycle_of_declared_links_with_its_polarity(loop):
    signs = []
    for source, target in zip(loop.path, loop.path[1:] + loop.path[:1], strict=True):
        sign = _link(source, target)
        assert sign is not None, f"{loop.name}: no declared link {source} -> {target}"
        assert sign != "~", f"{loop.name}: {source} -> {target} has no single sign"
        signs.append(sign)
    polarity = "R" if signs.count("-") % 2 == 0 else "B"
    assert polarity == loop.kind, (loop.name, signs)
