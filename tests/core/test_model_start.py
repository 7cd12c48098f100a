"""One start rule per stock, at the one origin (January 2022): a run from 2025 goes on from its
history run (tests/core/test_trajectory.py)."""

from __future__ import annotations

import math

import pytest

from core.engine.inputs import ModelInputs
from core.model.ops import FLOATS
from core.model.state import DECLARED, JANUARY_2022, STOCKS, Origin, start_state


def first_month(origin: str = "2022-01") -> dict:
    return ModelInputs({}, [], origin, 2, 1).months(False)[0]


def test_every_stock_is_declared_once_with_its_start_rule():
    assert len(set(STOCKS)) == len(STOCKS) == len(DECLARED) == 43


def test_the_start_state_is_finite_and_nothing_is_stranded():
    state = start_state(JANUARY_2022, first_month(), FLOATS)
    assert list(state) == list(STOCKS)
    assert all(math.isfinite(value) and value >= 0 or name.startswith(("log_", "us_log_",
                                                                         "cn_log_"))
               for name, value in state.items())
    for side in ("us", "cn"):
        assert state[f"{side}_installed_load_gw"] <= state[f"{side}_dc_capacity_gw"], side


def test_an_origin_s_figure_reaches_exactly_the_stocks_whose_rule_reads_it():
    """A start month with twice the US chips installed: the US stock and its load double,
    and so do its age cohorts; no other stock moves (the rules are shared, the figures are
    the origin's)."""
    class MoreChips(Origin):
        @property
        def us_installed_h100e(self):
            return 2 * JANUARY_2022.us_installed_h100e

    month = first_month()
    plain, more = start_state(JANUARY_2022, month, FLOATS), start_state(MoreChips(), month,
                                                                        FLOATS)
    moved = {name for name in STOCKS if plain[name] != more[name]}
    cohorts = {f"us_vintage{age}_{kind}" for age in (2, 3) for kind in ("h100e", "load_gw")}
    assert moved == {"us_installed_h100e", "us_installed_load_gw"} | cohorts
    for name in cohorts | {"us_installed_load_gw"}:
        assert more[name] == pytest.approx(2 * plain[name])


def test_the_permitting_reform_shortens_the_starting_queue_as_it_shortens_the_delay():
    month = first_month() | {"us_permitting_reform_share": 0.5}
    halved = start_state(JANUARY_2022, month, FLOATS)["us_queue_gw"]
    plain = start_state(JANUARY_2022, first_month(), FLOATS)["us_queue_gw"]
    assert halved == pytest.approx(plain / 2)
