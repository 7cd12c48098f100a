"""Units checked equation by equation: every block's own code runs on numbers that carry
units (core.model.units), and each auxiliary and rate it writes must have its declared unit
(core.model.structure); adding, comparing or min/max of different units, or exp of anything
but a pure number, fails inside the equation that does it."""

import math
from types import SimpleNamespace

import pytest

from core.catalogue.constants import CONSTANTS
from core.catalogue.levers import LEVERS
from core.catalogue.outputs import OUTPUTS
from core.engine.events import UNCAPPED
from core.engine.inputs import JUMP, ModelInputs
from core.engine.simulation import BLOCKS
from core.model import chips, compute, state
from core.model.compute import Lookback
from core.model.state import STOCKS
from core.model.structure import STOCK_DECLARATIONS, VARIABLES
from core.model.units import UNIT_OPS, Quantity, UnitError, parse_unit, unit_name

MONTHS = 4
INPUT_UNITS = {lever_id: lever.unit for lever_id, lever in LEVERS.items()} | {
    JUMP: "1",  # a one-off jump in ln efficiency, spread over the step it happens in
    UNCAPPED: "1"}  # 1 while the export rule caps no volume


class UnitLookback:
    """The engine's look-back of the lead on quantities: it takes the two frontiers' logs of
    the same unit and a slope per month, and answers in months (the search runs on floats)."""

    def __init__(self, n_months):
        self.lookback = Lookback(n_months, 1, False)

    def __call__(self, log_us, log_cn, history_slope, index):
        assert log_us.unit == log_cn.unit and log_us.unit.kind == "log", (log_us, log_cn)
        assert history_slope.unit == parse_unit("1/month"), history_slope
        lead = self.lookback(log_us.value, log_cn.value, history_slope.value, index)
        return Quantity(lead, "months")


@pytest.fixture(scope="module")
def units_on():
    """Constants (in the run's inputs, as ``quantity_inputs`` gives them) and the one
    math.log call as quantities in the blocks."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compute, "math", SimpleNamespace(log=UNIT_OPS.log))
        yield CONSTANT_QUANTITIES


CONSTANT_QUANTITIES = SimpleNamespace(**{c.id: Quantity(c.value, c.unit)
                                         for c in CONSTANTS.values()})


def quantity_inputs(months=MONTHS):
    """Every month's inputs as quantities; the run's constants too (``inputs["K"]``)."""
    return [{k: Quantity(value, INPUT_UNITS[k]) for k, value in month.items() if k != "K"}
            | {"K": CONSTANT_QUANTITIES}
            for month in ModelInputs({}, [], "2022-01", months, 1).months(False)]


def declared_unit(name):
    return parse_unit(VARIABLES[name].unit)


def mismatches(written: dict, rates: dict) -> list[tuple[str, str, str]]:
    """(name, unit computed, unit declared) for every written value off its declaration."""
    wrong = []
    for name, value in list(written.items()) + [(f"d_{k}", r) for k, r in rates.items()]:
        unit = value.unit if isinstance(value, Quantity) else None
        if unit != declared_unit(name):
            wrong.append((name, unit_name(unit) if unit else repr(value), VARIABLES[name].unit))
    return wrong


def run_on_quantities(blocks=BLOCKS, months=MONTHS):
    """Step the model on quantities; returns the stocks at the start and every month's
    (block, auxiliaries written, rates written)."""
    inputs = quantity_inputs(months)
    start = state.start_state(state.JANUARY_2022, inputs[0], UNIT_OPS)
    stocks = {k: v if isinstance(v, Quantity) else Quantity(v, STOCK_DECLARATIONS[k].unit)
              for k, v in start.items()}  # a plain zero takes its stock's unit
    memory = {"lookback": UnitLookback(months), "lead_months": inputs[0][
        "us_reaction_target_lead_months"]}
    step = Quantity(1.0, "months")
    writes = []
    for index, u in enumerate(inputs):
        years = Quantity(index / 12.0 - 0.5, "yr")
        clock = SimpleNamespace(index=index, years=years, step_months=step, sub=0)
        aux, rates = {}, {}
        for name, block in blocks:
            before_aux, before_rates = set(aux), set(rates)
            block(stocks, u, aux, rates, memory, UNIT_OPS, clock)
            writes.append((name, {k: aux[k] for k in set(aux) - before_aux},
                           {k: rates[k] for k in set(rates) - before_rates}))
        dt = step / u["K"].months_per_year  # the constants in force (quantities)
        for name in STOCKS if index + 1 < months else ():
            stocks[name] = stocks[name] + rates[name] * dt  # the Euler step is checked too
    return start, writes


def test_every_unit_string_parses_and_outputs_match_their_declaration():
    texts = ([lever.unit for lever in LEVERS.values()] + [c.unit for c in CONSTANTS.values()]
             + [o.unit for o in OUTPUTS.values()] + [v.unit for v in VARIABLES.values()]
             + [v.unit for v in STOCK_DECLARATIONS.values()])
    for text in texts:
        parse_unit(text)
    for output_id, output in OUTPUTS.items():
        assert parse_unit(output.unit) == declared_unit(output_id), output_id


def test_each_flow_integrates_into_its_stock():
    year = Quantity(1.0, "yr")
    for stock, declaration in STOCK_DECLARATIONS.items():
        level = Quantity(1.0, declaration.unit)
        assert (level + Quantity(1.0, VARIABLES[f"d_{stock}"].unit) * year).unit == level.unit


def test_conversion_constants_match_their_units():
    """kW per GW is 1e6 because a GW is 1e6 kW: a ratio of two units of one dimension must
    be the number that converts them."""
    for constant in CONSTANTS.values():
        unit = parse_unit(constant.unit)
        if unit.kind == "plain" and not any(unit.dims) and unit.scale != 1:
            assert math.isclose(constant.value * unit.scale, 1.0, rel_tol=1e-12), constant.id


def test_initial_stocks_have_their_declared_units(units_on):
    start, _ = run_on_quantities(months=1)
    for name, value in start.items():
        declared = parse_unit(STOCK_DECLARATIONS[name].unit)
        if isinstance(value, Quantity):
            assert value.unit == declared, (name, unit_name(value.unit), unit_name(declared))
        else:  # a plain zero is the zero of every unit
            assert value == 0.0 or declared.is_pure, name


def test_every_auxiliary_and_rate_has_its_declared_unit_every_month(units_on):
    _, writes = run_on_quantities()
    wrong = [(block, *m) for block, aux, rates in writes for m in mismatches(aux, rates)]
    assert not wrong, "\n".join(f"{b}: {n} is in {got}, declared {want}"
                                for b, n, got, want in wrong)
    written = {n for _, aux, rates in writes for n in list(aux) + [f"d_{k}" for k in rates]}
    assert written == {n for n, v in VARIABLES.items() if v.kind != "stock"}


# ---- the check can fail ----------------------------------------------------------------------

def _forgot_the_conversion(stocks, inputs, aux, rates, memory, xp, clock):
    aux["us_waiting_gw"] = stocks["us_deferred_h100e"] * aux["kw_per_h100e_new"]  # kW, not GW


def _adds_power_to_chips(stocks, inputs, aux, rates, memory, xp, clock):
    aux["us_unmet_gw"] = stocks["us_abroad_load_gw"] + stocks["us_deferred_h100e"]


def test_a_wrong_equation_is_caught(units_on):
    chips_supply = [b for b in BLOCKS if b[1] is chips.supply]
    _, writes = run_on_quantities(chips_supply + [("fake", _forgot_the_conversion)], months=1)
    assert mismatches(*writes[-1][1:]) == [("us_waiting_gw", "kW", "GW")]
    with pytest.raises(UnitError, match="cannot add GW and H100e"):
        run_on_quantities(chips_supply + [("fake", _adds_power_to_chips)], months=1)


def test_a_month_in_place_of_a_year_is_caught(units_on):
    def monthly_rate(stocks, inputs, aux, rates, memory, xp, clock):
        rates["us_log_algo_efficiency"] = math.log(2.0) / inputs["algo_halving_months"]  # per month
    _, writes = run_on_quantities([("fake", monthly_rate)], months=1)
    assert mismatches(*writes[-1][1:]) == [("d_us_log_algo_efficiency", "1/month", "1/yr")]


# ---- the Quantity class ----------------------------------------------------------------------

def test_different_units_do_not_add():
    with pytest.raises(UnitError, match="cannot add GW and H100e"):
        Quantity(1.0, "GW") + Quantity(1.0, "H100e")
    with pytest.raises(UnitError, match="cannot add kW and GW"):
        Quantity(1.0, "kW") + Quantity(1.0, "GW")
    with pytest.raises(UnitError, match="cannot subtract months and yr"):
        Quantity(1.0, "months") - Quantity(1.0, "yr")
    with pytest.raises(UnitError, match="compare"):
        assert Quantity(1.0, "TWh/yr") < Quantity(1.0, "GW")
    with pytest.raises(UnitError, match="a pure number"):
        Quantity(1.0, "GW") + 1.0
    assert (Quantity(2.0, "GW") + 0.0).unit == parse_unit("GW")  # zero has every unit


def test_conversions_go_through_named_constants():
    gw = Quantity(2.0, "GW") * Quantity(1e6, "kW/GW")
    assert gw.unit == parse_unit("kW") and gw.value == 2e6
    months = Quantity(3.0, "months") / Quantity(12.0, "months/yr")
    assert months.unit == parse_unit("yr") and months.value == 0.25
    energy = Quantity(10.0, "GW") * Quantity(8766.0, "h/yr") / Quantity(1000.0, "GWh/TWh")
    assert energy.unit == parse_unit("TWh/yr")
    assert (Quantity(5.0, "$B/yr") * Quantity(1e9, "USD/$B") / Quantity(25e3, "USD/H100e")
            ).unit == parse_unit("H100e/yr")
    assert parse_unit("effective H100e") == parse_unit("H100e")
    assert parse_unit("share of price") == parse_unit("x") == parse_unit("1")


def test_exp_and_log_take_pure_numbers_growth_factors_or_logs():
    with pytest.raises(UnitError, match="exp of months"):
        UNIT_OPS.exp(Quantity(2.0, "months"))
    assert UNIT_OPS.exp(Quantity(2.0, "months") / Quantity(4.0, "months")).unit.is_pure
    assert UNIT_OPS.log(Quantity(1.3, "x/yr")).unit == parse_unit("1/yr")
    ln_budget = UNIT_OPS.log(Quantity(300.0, "$B/yr"))
    assert UNIT_OPS.exp(ln_budget + 0.1).unit == parse_unit("$B/yr")
    assert (ln_budget - UNIT_OPS.log(Quantity(200.0, "$B/yr"))).unit.is_pure
    with pytest.raises(UnitError):
        ln_budget - UNIT_OPS.log(Quantity(2.0, "H100e/yr"))
    with pytest.raises(UnitError):
        ln_budget * 2.0


def test_growth_factors_take_times_in_their_period():
    growth = Quantity(1.3, "x/yr")
    assert (growth ** Quantity(2.0, "yr")).unit.is_pure
    with pytest.raises(UnitError, match="not to months"):
        growth ** Quantity(2.0, "months")
    with pytest.raises(UnitError):
        growth ** 0.5  # half of what? half a year needs its unit
    assert (growth / Quantity(1.2, "x/yr")).unit == growth.unit
    with pytest.raises(UnitError):
        Quantity(1.0, "H100e") / growth
    assert (1.0 + Quantity(0.09, "growth/yr")).unit == growth.unit


def test_ops_need_one_unit():
    gw, h100e = Quantity(1.0, "GW"), Quantity(2.0, "H100e")
    for op in (UNIT_OPS.minimum, UNIT_OPS.maximum):
        with pytest.raises(UnitError, match="GW and H100e"):
            op(gw, h100e)
        assert op(gw, 0.0).unit == gw.unit
    with pytest.raises(UnitError):
        UNIT_OPS.where(True, gw, h100e)
    with pytest.raises(UnitError):
        UNIT_OPS.clip(gw, 0.0, h100e)
    assert UNIT_OPS.clip(gw, 0.0, Quantity(0.5, "GW")).value == 0.5
