"""One run goes through the blocks written out as a flat loop (core.engine.flat): it must give
the same bits as stepping the blocks on floats, and agree with the vectorised path. N samples
go through the same lines on numpy rows: the same bits as stepping the blocks on rows."""

import importlib

import numpy as np
import pytest

from core.analysis.uncertainty import sample_levers
from core.catalogue.constants import K
from core.catalogue.levers import LEVERS
from core.catalogue.outputs import OUTPUTS
from core.common.timegrid import months_between
from core.engine.events import EfficiencyBreakthrough, ExportBan, PowerBuildoutPush
from core.engine.flat import write_month_loop
from core.engine.inputs import ModelInputs
from core.engine.simulation import (
    simulate,
    step_blocks,
    step_rows_written_out,
    step_written_out,
    written_out_fits,
)
from core.formats.scenario import bundled_names, load_bundled

SHOCKS = [ExportBan(start="2026-01", duration_months=30),
          PowerBuildoutPush(start="2027-01", extra_gw_per_year=5.0),
          EfficiencyBreakthrough(start="2028-06", multiplier=3.0)]


def both_ways(values, events, origin="2025-01", end="2035-12"):
    inputs = ModelInputs(values, events, origin, months_between(origin, end) + 1, 1)
    return step_written_out(inputs, origin), step_blocks(inputs, origin, vectorised=False)


def assert_same_bits(written, stepped):
    assert set(written) == set(stepped) == set(OUTPUTS)
    for output_id in OUTPUTS:
        assert np.array_equal(written[output_id], stepped[output_id], equal_nan=True), output_id


@pytest.mark.parametrize("name", bundled_names())
@pytest.mark.parametrize("origin", ["2025-01", "2022-01"], ids=["forecast", "backcast"])
def test_each_bundled_scenario_gives_the_same_bits_written_out_as_block_by_block(name, origin):
    scenario = load_bundled(name)
    assert_same_bits(*both_ways(scenario.lever_values(), scenario.events, origin))


@pytest.mark.parametrize("seed", range(6))
def test_levers_anywhere_in_their_ranges_give_the_same_bits_both_ways(seed):
    rng = np.random.default_rng(seed)
    values = {lever_id: rng.uniform(lever.min, lever.max) for lever_id, lever in LEVERS.items()}
    assert_same_bits(*both_ways(values, SHOCKS if seed % 2 else [], end="2050-12"))


@pytest.mark.parametrize("name", bundled_names())
def test_one_run_agrees_with_the_same_scenario_in_a_vectorised_batch(name):
    """The fast path and the numpy path share the blocks; a sample of a batch is the run."""
    scenario = load_bundled(name)
    values = scenario.lever_values()
    batch = {lever_id: np.array([value, LEVERS[lever_id].min, LEVERS[lever_id].max])
             for lever_id, value in values.items()}
    alone = simulate(values, scenario.events, scenario.start, scenario.end)
    together = simulate(batch, scenario.events, scenario.start, scenario.end)
    for output_id in OUTPUTS:
        np.testing.assert_allclose(alone[output_id][:, 0], together[output_id][:, 0],
                                   rtol=1e-9, atol=1e-300, err_msg=output_id)


def test_a_changed_constant_is_used_by_the_next_run(monkeypatch):
    before = simulate().central("us_dc_capacity_gw")
    history = simulate(start="2022-01").central("us_dc_capacity_gw")
    monkeypatch.setattr(K, "us_dc_capacity_gw_2022", K.us_dc_capacity_gw_2022 * 2)
    run = simulate()
    stepped = step_blocks(ModelInputs({}, [], "2025-01", len(run.months), 1), "2025-01", False)
    assert_same_bits({key: run[key] for key in OUTPUTS}, stepped)
    assert simulate(start="2022-01")["us_dc_capacity_gw"][0, 0] == 2 * history[0]
    assert run["us_dc_capacity_gw"][0, 0] > before[0]  # the history starts higher


def grows(stocks, inputs, aux, rates, memory, xp, clock):
    """A one-stock model: the stock grows at the lever's rate, with a floor on the rate."""
    rate = xp.maximum(inputs["rate"], 0.0) * (1.0 + 0.0 * clock.years)
    rates["stock"] = stocks["stock"] * rate
    aux["stock"] = stocks["stock"]
    aux["doubled"] = stocks["stock"] * 2.0


def imported(text: str, folder, monkeypatch, name: str):
    """A written-out loop as the app uses one: a module file, imported."""
    (folder / f"{name}.py").write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    return importlib.import_module(name)


def test_a_small_model_written_out_steps_like_euler_and_drops_what_nothing_reads(
        tmp_path, monkeypatch):
    source = write_month_loop([grows], ["stock"], ["stock"], ["rate"], [], (), ())
    run = imported(source, tmp_path, monkeypatch, "small_month_loop").run
    packed = run({"rate": 0.12}, [1.0], {}, [0.0, 1 / 12, 2 / 12], 1.0 / 12.0)
    np.testing.assert_array_equal(np.frombuffer(packed), [1.0, 1.01, 1.01 * 1.01])
    assert "2.0" not in source  # "doubled" is no output: never computed
    assert source.index("u_rate if") < source.index("for index")  # before the loop


@pytest.mark.parametrize("name", bundled_names())
@pytest.mark.parametrize("origin", ["2025-01", "2022-01"], ids=["forecast", "backcast"])
def test_every_bundled_scenario_runs_through_the_written_out_loop(name, origin):
    scenario = load_bundled(name)
    inputs = ModelInputs(scenario.lever_values(), [*scenario.events, *SHOCKS], origin,
                         months_between(origin, "2035-12") + 1, 1)
    assert written_out_fits(inputs)


def test_a_changed_constant_steps_the_blocks_until_the_loop_is_written_again(monkeypatch):
    inputs = ModelInputs({}, [], "2025-01", 12, 1)
    assert written_out_fits(inputs)
    monkeypatch.setattr(K, "us_dc_capacity_gw_2022", K.us_dc_capacity_gw_2022 * 2)
    assert not written_out_fits(inputs)


def branches(stocks, inputs, aux, rates, memory, xp, clock):
    rates["stock"] = stocks["stock"] if stocks["stock"] > 1.0 else 0.0
    aux["stock"] = stocks["stock"]


def test_a_block_that_branches_on_a_model_value_is_refused_with_a_way_out():
    with pytest.raises(TypeError, match="xp.where"):
        write_month_loop([branches], ["stock"], ["stock"], [], [], (), ())


def rows_both_ways(scenario, n, dtype, origin="2025-01", end="2035-12", seed=0,
                   switched=True):
    """A Monte Carlo batch (every ranged constant drawn too, each event on in some samples
    only) through the rows loop and through the blocks on rows."""
    values = scenario.lever_values() | sample_levers(scenario, n, seed)
    events = [*scenario.events, *SHOCKS]
    switch = np.random.default_rng(seed).random((len(events), n)) < 0.5 if switched else None
    inputs = ModelInputs(values, events, origin, months_between(origin, end) + 1, n, dtype,
                         switch)
    assert written_out_fits(inputs, vectorised=True)
    return step_rows_written_out(inputs, origin), step_blocks(inputs, origin, vectorised=True)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", bundled_names())
def test_a_batch_gives_the_same_bits_through_the_rows_loop_as_block_by_block(name, dtype):
    assert_same_bits(*rows_both_ways(load_bundled(name), 200, dtype))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_backcast_batch_and_a_single_precision_run_give_the_same_bits_both_ways(dtype):
    scenario = load_bundled("baseline")
    assert_same_bits(*rows_both_ways(scenario, 300, dtype, origin="2022-01", seed=3))
    assert_same_bits(*rows_both_ways(scenario, 1, dtype, end="2050-12", switched=False))


def test_a_batch_that_replaces_a_fixed_constant_steps_the_blocks(monkeypatch):
    """The rows loop holds the fixed constants as numbers: replacing one takes the blocks."""
    values = {"K.months_per_year": np.full(4, 12.0)}
    inputs = ModelInputs(values, [], "2025-01", 24, 4)
    assert not written_out_fits(inputs, vectorised=True)
    assert_same_bits(step_rows_written_out(inputs, "2025-01"),
                     step_blocks(ModelInputs({}, [], "2025-01", 24, 4), "2025-01", True))
    drawn = ModelInputs({"K.frontier_share": np.full(4, 0.5)}, [], "2025-01", 24, 4)
    assert written_out_fits(drawn, vectorised=True)
    monkeypatch.setattr(K, "us_dc_capacity_gw_2022", K.us_dc_capacity_gw_2022 * 2)
    assert not written_out_fits(drawn, vectorised=True)


def test_a_swapped_block_steps_the_blocks_one_run_and_many(monkeypatch):
    """The loops are the blocks they were written from: a block swapped in is run itself."""
    from core.engine import simulation
    from core.model import regulation

    def frictionless(stocks, inputs, aux, rates, memory, xp, clock):
        regulation.step(stocks, inputs, aux, rates, memory, xp, clock)
        aux["us_regulatory_friction"] = aux["us_regulatory_friction"] * 0.0

    before = simulate({"us_states_with_ai_laws": np.array([40.0, 45.0])})
    monkeypatch.setattr(simulation, "BLOCKS", tuple(
        (name, frictionless if block is regulation.step else block)
        for name, block in simulation.BLOCKS))
    for values in ({"us_states_with_ai_laws": 40.0},
                   {"us_states_with_ai_laws": np.array([40.0, 45.0])}):
        inputs = ModelInputs(values, [], "2025-01", 12, np.asarray(values[
            "us_states_with_ai_laws"]).size)
        assert not written_out_fits(inputs, vectorised=inputs.n_samples > 1)
        run = simulate(values)
        assert not run["us_regulatory_friction"].any()
    assert before["us_regulatory_friction"].all()


def widens(stocks, inputs, aux, rates, memory, xp, clock):
    """A single-precision stock whose flow adds a carried value that is a float in the first
    month and a double-precision array after it (as the lead of the look-back is)."""
    flow = stocks["stock"] * 0.5
    flow = flow + memory["push"]  # single precision in month 1, double from month 2
    rates["stock"] = flow * 0.1
    aux["stock"] = stocks["stock"]
    memory["push"] = inputs["boost"] * 1e-3


def rows_module(blocks, stocks, outputs, levers, carried):
    """A rows loop as core.build writes one, with numpy's in-place calls counted."""
    from core.engine import flat

    source, literals = flat.write_rows_loop(blocks, stocks, outputs, levers, [], carried, (),
                                            ())
    calls = {"out": 0}

    def counted(ufunc):
        def call(*arguments, **keywords):
            calls["out"] += "out" in keywords
            return ufunc(*arguments, **keywords)
        return call

    namespace = {f"np_{name}": counted(getattr(np, name)) for name in (
        "add", "subtract", "multiply", "divide", "negative", "minimum", "maximum", "clip",
        "where", "exp", "log")} | {"ndarray": np.ndarray} | literals
    exec(flat.ROWS_HELPERS + "\n" + source, namespace)  # as month_loop.py holds it
    return namespace["run_rows"], calls


def test_the_rows_loop_writes_into_dying_arrays_only_where_the_type_holds():
    """From the third month the flow's lines write into the array they overwrite (no new
    array per operation), yet the widening in the second month keeps the single-precision
    line out of it: the bits are those of the same Euler steps done plainly."""
    run_rows, calls = rows_module([widens], ["stock"], ["stock"], ["boost"], ["push"])
    months, n = 12, 50
    boost = np.random.default_rng(4).random(n)  # double precision
    start = np.linspace(1.0, 2.0, n, dtype=np.float32)
    column = np.empty((months, n), dtype=np.float64)
    run_rows({"boost": boost}, K, [start], {"push": 0.25}, [m / 12 for m in range(months)],
             1.0 / 12.0, [column])
    stock, push, expected = start, 0.25, []
    for _ in range(months):
        expected.append(stock)
        stock = stock + (stock * 0.5 + push) * 0.1 * (1.0 / 12.0)
        push = boost * 1e-3
    assert np.array_equal(column, np.array(expected))
    assert calls["out"] >= 2 * (months - 3)  # both lines of the flow, once the types hold


@pytest.mark.parametrize("constants", [False, True], ids=["levers drawn", "constants drawn too"])
def test_a_single_precision_batch_steps_in_single_precision(constants):
    """Monte Carlo runs in float32: every stock, auxiliary and rate of every month of 200
    sampled worlds stays float32. Nothing of a step (the clock, a constant drawn or not, the
    look-back's history) may widen the rows to double, which made a float32 run slower than
    a double one; a value that is a plain Python float takes its partner's precision. The
    rows loop gives these same bits (the tests above)."""
    scenario = load_bundled("baseline")
    values = scenario.lever_values() | {
        key: row for key, row in sample_levers(scenario, 200, 5).items()
        if constants or not key.startswith("K.")}
    events = [*scenario.events, *SHOCKS]
    switch = np.random.default_rng(5).random((len(events), 200)) < 0.5
    inputs = ModelInputs(values, events, "2025-01", 72, 200, np.float32, switch)
    wide = set()

    def observe(stocks, aux, rates):
        for group in (stocks, aux, rates):
            wide.update(name for name, value in group.items()  # a Python float is weak
                        if type(value) is not float
                        and np.result_type(value) not in (np.float32, np.bool_))

    step_blocks(inputs, "2025-01", vectorised=True, observe=observe)
    assert not wide
