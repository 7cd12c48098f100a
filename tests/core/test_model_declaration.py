"""The declared structure (core.model.structure) against the code: what each block writes,
what each variable reads (traced per variable, the one source of its reads), each declared
polarity (measured at 100 sampled states), each variable's label and definition, the
outputs' units, and every feedback loop as a cycle of links."""

from types import SimpleNamespace

import numpy as np
import pytest

from core.catalogue.constants import CONSTANTS
from core.catalogue.levers import LEVERS, is_drawn
from core.catalogue.outputs import OUTPUTS
from core.engine.flat import trace_variables
from core.engine.inputs import ModelInputs
from core.engine.simulation import BLOCKS, step_blocks
from core.model.compute import Lookback
from core.model.ops import FLOATS
from core.model.state import JANUARY_2022, STOCKS, start_state
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
    month = ModelInputs({}, [], "2022-01", 168, 1).months(False)[0]
    state = start_state(JANUARY_2022, month, FLOATS)
    memory = {"lookback": Lookback(168, 1, False), "lead_months": 12.0}
    clock = SimpleNamespace(index=0, years=-3.5, step_months=1.0, sub=0)
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


TRACED = trace_variables()


@pytest.mark.parametrize("name", sorted(TRACED))
def test_each_variable_reads_what_its_equation_reads(name):
    """Its reads are traced from the equation (core/model/reads.py, rewritten by the build),
    and it is declared in the block module that computes it."""
    variable = declared(name)
    assert variable is not None and variable.kind != "stock", name
    assert set(variable.names_read) == TRACED[name].reads
    assert variable.block == TRACED[name].block


def test_a_sign_is_declared_only_for_a_name_the_variable_reads():
    for variable in VARIABLES.values():
        unread = set(variable.declared_signs) - set(variable.names_read)
        assert not unread, f"{variable.id} signs {sorted(unread)}, which it does not read"
        assert set(variable.declared_signs.values()) <= {"-", "~"}, variable.id


def test_every_variable_has_a_plain_label_and_a_one_line_definition():
    for variable in VARIABLES.values():
        assert variable.label and variable.definition, variable.id
        assert variable.label != variable.id and "_" not in variable.label, variable.id
        assert "\n" not in variable.definition and len(variable.definition) <= 110, variable.id


def sampled_states(settings: int = 20, months_each: int = 5, seed: int = 7):
    """100 states of the model (stocks, auxiliaries, flows, lever values, the clock) from
    runs with random lever settings at random months: the levers Monte Carlo draws over
    their uncertainty ranges (the worlds the model is calibrated for), the others over
    their whole range."""
    rng = np.random.default_rng(seed)
    states = []
    for _ in range(settings):
        values = {lever_id: float(rng.uniform(*(lever.uncertainty if is_drawn(lever) else
                                                (lever.min, lever.max))))
                  for lever_id, lever in LEVERS.items()}
        for switch in ("cn_substitution_reaction", "us_control_reaction"):
            values[switch] = float(rng.integers(0, 2))
        inputs = ModelInputs(values, [], "2025-01", 132, 1)
        months = inputs.months(False)
        chosen = set(rng.choice(np.arange(1, 132), months_each, replace=False).tolist())
        seen = []

        def observe(stocks, auxiliaries, rates, seen=seen):
            seen.append((dict(stocks), dict(auxiliaries), {f"d_{k}": r for k, r in
                                                            rates.items()}))
        step_blocks(inputs, "2025-01", False, observe=observe)
        for index in sorted(chosen):
            stocks, auxiliaries, flows = seen[index]
            states.append({**{f"lever:{name}": value for name, value in months[index].items()},
                           **auxiliaries, **flows,
                           **{f"stock:{name}": value for name, value in stocks.items()},
                           "years": index / 12.0 - 0.5,
                           "capability_gap_months@prev":
                               seen[index - 1][1]["capability_gap_months"]})
    return states


STATES = sampled_states()


def test_each_traced_equation_gives_the_blocks_own_bits_at_100_states():
    assert len(STATES) == 100
    for state in STATES:
        for name, traced in TRACED.items():
            if traced.equation is not None:
                values = {key: state[key] for key in traced.inputs}
                assert traced.equation(values) == state[name], name


def responses(name: str, read: str):
    """The change of ``name`` when ``read`` moves up a little, at each sampled state."""
    traced = TRACED[name]
    key = next(key for key in traced.inputs if (key.partition(":")[2] or key) == read)
    for state in STATES:
        values = {key: state[key] for key in traced.inputs}
        base = traced.equation(values)
        step = 1e-6 * max(abs(values[key]), 1e-3)
        change = traced.equation(values | {key: values[key] + step}) - base
        # a bound that binds gives no change but its terms' rounding (1e-15 of the value)
        yield 0.0 if abs(change) <= 1e-12 * abs(base) else change


SIGNED_LINKS = sorted((name, read, sign) for name in TRACED if TRACED[name].equation
                      for read, sign in declared(name).reads if sign in "+-")


@pytest.mark.parametrize("name, read, sign", SIGNED_LINKS)
def test_each_declared_polarity_holds_at_100_sampled_states(name, read, sign):
    """Measured, not trusted: more of ``read`` moves ``name`` the declared way in every
    sampled state, or not at all (a bound that binds)."""
    moved = list(responses(name, read))
    wrong = [change for change in moved if change * (1 if sign == "+" else -1) < 0]
    assert not wrong, f"{name} moves against its declared {sign}{read} in {len(wrong)} states"


def test_every_stock_is_declared_with_a_flow_and_every_name_read_exists():
    assert set(STOCK_DECLARATIONS) == set(STOCKS)
    for stock in STOCKS:
        assert f"d_{stock}" in VARIABLES, stock
    known = set(VARIABLES) | set(STOCKS) | set(LEVERS) | {"cn_algo_jump_log",
                                                                "export_volume_uncapped"}
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
        assert sign != "~" or loop.shifts, f"{loop.name}: {source} -> {target} has no sign"
        signs.append(sign)
    if loop.shifts:  # its polarity turns: the cycle is checked, the kind is where it starts
        assert "~" in signs, f"{loop.name} says its polarity turns, but every link has a sign"
        return
    polarity = "R" if signs.count("-") % 2 == 0 else "B"
    assert polarity == loop.kind, (loop.name, signs)
