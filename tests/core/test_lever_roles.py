"""Every lever has one declared role, and every analysis reads it."""

from __future__ import annotations

import numpy as np
import pytest

from core.analysis.discover import Condition, discover
from core.analysis.robust import Target, robust_search
from core.catalogue.levers import (
    LEVERS,
    Policy,
    ReactionParameter,
    ReactionSwitch,
    Uncertain,
    is_drawn,
    is_policy,
    policy_levers,
)
from core.cli.main import main
from core.engine.simulation import simulate
from core.formats.scenario import load_bundled

ROLES = {lever_id: lever.role for lever_id, lever in LEVERS.items()}


def test_every_lever_declares_a_role_beside_it_and_no_role_names_a_non_lever():
    for lever_id, role in ROLES.items():
        assert isinstance(role, Policy | Uncertain | ReactionSwitch | ReactionParameter), lever_id
        if isinstance(role, Policy):
            assert role.whose in ("US", "China", "market"), lever_id


def test_monte_carlo_draws_exactly_the_levers_with_an_uncertainty_range():
    for lever_id, lever in LEVERS.items():
        has_range = lever.uncertainty != (lever.default, lever.default)
        assert is_drawn(lever) == has_range, lever_id


def test_reaction_switches_and_their_parameters_are_no_policies():
    """Guessed from 'no uncertainty range', 13 levers were policies, these among them."""
    for lever_id in ("cn_substitution_reaction", "us_control_reaction",
                     "us_reaction_target_lead_months"):
        assert not is_policy(lever_id), lever_id
    assert len(policy_levers()) == 10
    for lever_id, role in ROLES.items():
        if isinstance(role, ReactionParameter):
            assert isinstance(ROLES[role.switch], ReactionSwitch), lever_id


# a world where each reaction has work to do: US controls react to the lead as it is; China
# substitutes under an export ban
REACTING = {"us_control_reaction": {}, "cn_substitution_reaction": {"export_licensing": 0.0}}
KEY_OUTPUTS = ("cn_installed_h100e", "us_installed_h100e", "capability_gap_months")


@pytest.mark.parametrize("lever_id", [i for i, r in ROLES.items()
                                      if isinstance(r, ReactionParameter)])
def test_a_reaction_parameter_does_nothing_while_its_switch_is_off(lever_id):
    """Measured, not assumed: the parameter at either end of its range, switch off, gives the
    same key outputs; with the switch on it moves them."""
    lever, switch = LEVERS[lever_id], ROLES[lever_id].switch

    def run(on: float, value: float) -> np.ndarray:
        results = simulate(REACTING[switch] | {switch: on, lever_id: value})
        return np.concatenate([results.central(output) for output in KEY_OUTPUTS])

    assert np.array_equal(run(0.0, lever.min), run(0.0, lever.max))
    assert not np.array_equal(run(1.0, lever.min), run(1.0, lever.max))


def test_simulate_refuses_an_unknown_lever_naming_the_closest_ones():
    with pytest.raises(ValueError) as error:
        simulate({"us_regulatory_friction": 0.0})
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("unknown lever id 'us_regulatory_friction' (did you mean "
                              "'cn_regulatory_friction'")


def test_robust_search_and_discovery_move_policy_levers_only():
    base = load_bundled("baseline")
    target = Target("capability_gap_2030", 5.0, True, 0.75)
    with pytest.raises(ValueError, match="^us_control_reaction is not a policy lever "
                                         r"\(it is reaction switch\); the policy levers are "):
        robust_search(base, ["export_fee_share", "us_control_reaction"], target, 50, 1)
    with pytest.raises(ValueError, match="^ascend_yield is not a policy lever"):
        discover(base, Condition(10.0, False, kpi="capability_gap_2030"), 50, 1,
                 ["ascend_yield"])
    with pytest.raises(ValueError, match="^us_reaction_target_lead_months is not a policy"):
        discover(base, Condition(10.0, False, kpi="capability_gap_2030"), 50, 1,
                 [("us_reaction_target_lead_months", 0, 12)])


@pytest.mark.parametrize("argv", [
    ["robust", "baseline", "--lever", "cn_lab_openness_x", "--kpi", "capability_gap_2030",
     "--above", "5", "--probability", "0.75", "-n", "50"],
    ["robust", "baseline", "--lever", "us_control_reaction", "--kpi", "capability_gap_2030",
     "--above", "5", "--probability", "0.75", "-n", "50"],
    ["discover", "baseline", "--kpi", "capability_gap_2030", "--below", "10", "-n", "50",
     "--levers", "ascend_yield"],
])
def test_the_command_line_refuses_a_non_policy_lever_in_one_line(argv, capsys):
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and f"airace {argv[0]}: " in error
    assert "not a policy lever" in error or "unknown lever id" in error
