"""Regulation acts where it applies, and adoption is measured for the US and China on one
denominator (issue 19: model v3, items 4 and 5).

A US deployment delay holds back what US users get, not what labs train; compliance
friction is a sourced, bounded share of US AI spending; US and China adoption are shares
of all people, fitted to the St. Louis Fed's and CNNIC's surveys; cheaper open models
reach adoption through a weak price response. Properties are checked over 256 sampled
worlds (every lever uniform over its range, every ranged constant over its range).
"""

import numpy as np
import pytest

from core.analysis.anchor_runs import scenario_results
from core.catalogue.constants import CONSTANTS, RANGED
from core.catalogue.levers import LEVERS
from core.catalogue.outputs import OUTPUTS
from core.engine.simulation import run_scenario, simulate
from core.formats.scenario import load_bundled

WORLDS = 256
ADOPTION = ("us_ai_adoption_share", "cn_ai_adoption_share", "ai_adoption_share")
US_18_64 = CONSTANTS["us_share_aged_18_64"].value


def _worlds(seed: int) -> dict[str, np.ndarray]:
    """WORLDS sampled worlds: levers uniform over their bounds, ranged constants over their
    ranges."""
    rng = np.random.default_rng(seed)
    values = {lever_id: rng.uniform(lever.min, lever.max, WORLDS)
              for lever_id, lever in LEVERS.items()}
    values |= {c.key: rng.uniform(c.low, c.high, WORLDS) for c in RANGED}
    return values


def _paired(values: dict, lever_id: str, low: np.ndarray, high: np.ndarray):
    """One run of each world twice: ``lever_id`` at ``low``, then at ``high``."""
    both = {key: np.concatenate([value, value]) for key, value in values.items()}
    both[lever_id] = np.concatenate([low, high])
    results = simulate(both)
    return results, slice(0, WORLDS), slice(WORLDS, 2 * WORLDS)


def _ordered(rng, lever_id):
    lever = LEVERS[lever_id]
    a, b = rng.uniform(lever.min, lever.max, (2, WORLDS))
    return np.minimum(a, b), np.maximum(a, b)


# ---- the new outputs ---------------------------------------------------------------------

def test_us_and_china_adoption_are_declared_shares_of_all_people():
    for output_id in ("us_ai_adoption_share", "cn_ai_adoption_share"):
        output = OUTPUTS[output_id]
        assert output.unit == "share" and output.is_share and output.group == "Adoption"
    assert OUTPUTS["us_ai_adoption_share"].country == "US"
    assert OUTPUTS["cn_ai_adoption_share"].country == "China"
    assert "all people" in OUTPUTS["us_ai_adoption_share"].label


def test_adoption_stays_a_share_in_every_sampled_world():
    results = simulate(_worlds(1))
    for output_id in ADOPTION:
        series = results[output_id]
        assert np.all(np.isfinite(series)) and np.all(series >= 0.0), output_id
        assert np.all(series <= 1.0), output_id
    # each under its own ceiling: US users aged 18-64, China's people online
    assert np.all(results["us_ai_adoption_share"] <= US_18_64 + 1e-12)
    assert np.all(results["cn_ai_adoption_share"] <= CONSTANTS["cn_online_share"].value + 1e-12)


def test_adoption_matches_the_surveys_on_one_denominator():
    """St. Louis Fed: 39.4% (A1) or 44.6% (like for like, A4) of people aged 18-64 in Aug
    2024, 54.6% in Aug 2025; CNNIC: 17.6% of all people in Dec 2024, 42.8% in Dec 2025.
    The US series is a share of all people (users aged 18-64): divided by their 60.5%
    share of the population it is the survey's own figure."""
    baseline, backcast = run_scenario(load_bundled("baseline")), scenario_results("backcast")
    us_2025 = float(baseline.at("us_ai_adoption_share", "2025-08")[0]) / US_18_64
    assert us_2025 == pytest.approx(0.546, abs=0.04)
    us_2024 = float(backcast.at("us_ai_adoption_share", "2024-08")[0]) / US_18_64
    assert 0.394 - 0.03 <= us_2024 <= 0.446 + 0.01
    assert float(baseline.at("cn_ai_adoption_share", "2025-12")[0]) == pytest.approx(0.428,
                                                                                     abs=0.02)
    assert float(backcast.at("cn_ai_adoption_share", "2024-12")[0]) == pytest.approx(0.176,
                                                                                     abs=0.02)
    # the backcast arrives where the 2025 run starts
    for output_id in ("us_ai_adoption_share", "cn_ai_adoption_share"):
        assert float(backcast.at(output_id, "2025-01")[0]) == pytest.approx(
            float(baseline.at(output_id, "2025-01")[0]), abs=0.015), output_id
    # nobody uses it before its launch (ChatGPT Nov 2022; China's first services Aug 2023)
    assert float(backcast.at("us_ai_adoption_share", "2022-12")[0]) == 0.0
    assert float(backcast.at("cn_ai_adoption_share", "2023-09")[0]) == 0.0


# ---- regulation where it applies ---------------------------------------------------------

def test_a_deployment_delay_slows_us_adoption_and_never_touches_training_compute():
    """Over 256 worlds: a longer patchwork delay leaves US effective compute and the lead
    exactly as they were, and never raises US adoption (it lowers it wherever some state
    regulates and preemption is not complete)."""
    rng = np.random.default_rng(2)
    values = _worlds(3)
    low, high = _ordered(rng, "us_deploy_delay_patchwork_months")
    results, a, b = _paired(values, "us_deploy_delay_patchwork_months", low, high)
    for output_id in ("us_effective_compute", "capability_gap_months"):
        assert np.array_equal(results[output_id][:, a], results[output_id][:, b]), output_id
    us = results["us_ai_adoption_share"]
    assert np.all(us[:, b] <= us[:, a] + 1e-12)
    delayed = (high - low > 1.0) & (values["us_federal_preemption"] < 0.9) & (
        values["us_states_with_ai_laws"] > 5)
    assert np.all(us[-1, b][delayed] < us[-1, a][delayed])


def test_more_compliance_friction_never_raises_adoption_where_it_applies():
    """Over 256 worlds, for each friction lever: a higher value never raises adoption where
    the rules apply (US rules: the US; China's: China, and the world) in any month. Across
    the border US rules can raise it, by a hair (under 2e-5 in a share): US friction trims US
    compute, the lead narrows, Chinese open models gain share, and the price users outside
    the US pay falls."""
    rng = np.random.default_rng(4)
    applies = {"us_compliance_cost_share_per_state": ("us_ai_adoption_share",),
               "us_states_with_ai_laws": ("us_ai_adoption_share",),
               "cn_regulatory_friction": ("cn_ai_adoption_share", "ai_adoption_share")}
    for lever_id, outputs in applies.items():
        low, high = _ordered(rng, lever_id)
        results, a, b = _paired(_worlds(5), lever_id, low, high)
        for output_id in outputs:
            series = results[output_id]
            assert np.all(series[:, b] <= series[:, a] + 1e-12), (lever_id, output_id)


def test_preemption_never_lowers_us_adoption_nor_raises_friction():
    rng = np.random.default_rng(6)
    low, high = _ordered(rng, "us_federal_preemption")
    results, a, b = _paired(_worlds(7), "us_federal_preemption", low, high)
    us = results["us_ai_adoption_share"]
    assert np.all(us[:, b] >= us[:, a] - 1e-12)
    friction = results["us_regulatory_friction"]
    assert np.all(friction[:, b] <= friction[:, a] + 1e-15)
    delay = results["us_deploy_delay_months"]
    assert np.all(delay[:, b] <= delay[:, a] + 1e-12)


def test_compliance_friction_stays_a_small_share_within_its_sourced_cap():
    """Friction is at most the cap (about 1% of US AI spending: R6's high end for every
    frontier system under 50 regimes) in every sampled world and at the levers' extremes;
    the bundled patchwork sits under it."""
    cap = CONSTANTS["us_friction_cap"]
    assert cap.value <= 0.02 and cap.high <= 0.02
    values = _worlds(8)
    friction = simulate(values)["us_regulatory_friction"]
    assert np.all(friction <= values[cap.key][None, :] + 1e-15)
    assert np.all(friction >= 0.0)
    extreme = simulate({"us_states_with_ai_laws": 50.0, "us_federal_preemption": 0.0,
                        "us_compliance_cost_share_per_state":
                            LEVERS["us_compliance_cost_share_per_state"].max})
    assert np.all(extreme["us_regulatory_friction"] <= cap.value + 1e-15)
    patchwork = run_scenario(load_bundled("state_patchwork"))
    assert float(patchwork.central("us_regulatory_friction").max()) == pytest.approx(0.0075)


def test_a_state_patchwork_moves_the_lead_far_less_than_a_30_month_chip_ban():
    """The patchwork (all 50 states, 1.5x the compliance cost, 4.5-month delays) moves the
    US lead by about 0.03 months, through friction alone (0.75% of US AI spending against
    0.38%); the SAFE Chips Act's 30-month ban moves it by about 0.4 months while it lasts
    (about a month before the H200 terms' cap was per product: they already hold imports low).
    Before model v3 the patchwork moved it 1.4 months (the delay was taken off training
    compute and friction sat at a 5% cap), more than the ban."""
    base = run_scenario(load_bundled("baseline")).central("capability_gap_months")
    patchwork = run_scenario(load_bundled("state_patchwork")).central("capability_gap_months")
    ban = run_scenario(load_bundled("safe_chips_act"))
    months = ban.months
    during_ban = slice(months.index("2027-01"), months.index("2028-06") + 1)
    patchwork_move = np.abs(patchwork - base)
    ban_move = np.abs(ban.central("capability_gap_months") - base)
    assert patchwork_move.max() < 0.1
    assert ban_move[during_ban].max() > 0.3
    assert ban_move[during_ban].max() > 10 * patchwork_move[during_ban].max()


# ---- openness and price reach adoption ---------------------------------------------------

def test_the_android_strategy_reaches_adoption_a_little():
    """Cheaper, more open models lower the price users pay; uptake responds weakly (O1:
    elasticity 0.05-0.07), so world adoption rises by well under 5% (it moved by exactly 0
    before model v3)."""
    base = run_scenario(load_bundled("baseline"))
    android = run_scenario(load_bundled("china_android_strategy"))
    for output_id in ADOPTION:
        before = float(base.at(output_id, "2030-12")[0])
        after = float(android.at(output_id, "2030-12")[0])
        assert 0.0 < after - before < 0.05 * before, output_id


def test_cheaper_open_inference_never_lowers_adoption():
    rng = np.random.default_rng(9)
    low, high = _ordered(rng, "open_closed_price_ratio")
    results, cheap, dear = _paired(_worlds(10), "open_closed_price_ratio", low, high)
    for output_id in ADOPTION:
        series = results[output_id]
        assert np.all(series[:, cheap] >= series[:, dear] - 1e-12), output_id


def test_the_regulation_and_android_descriptions_say_what_the_model_does():
    """The bundled descriptions quote these figures (2030-12 against the baseline)."""
    runs = {name: run_scenario(load_bundled(name)) for name in
            ("baseline", "state_patchwork", "federal_preemption", "china_android_strategy")}

    def change(name, output_id):
        return float(runs[name].at(output_id, "2030-12")[0]
                     - runs["baseline"].at(output_id, "2030-12")[0])

    assert "0.75%" in load_bundled("state_patchwork").description
    assert float(runs["state_patchwork"].central("us_regulatory_friction").max()) == (
        pytest.approx(0.0075))
    assert abs(change("state_patchwork", "capability_gap_months")) < 0.05  # "about 0.03"
    assert abs(change("federal_preemption", "capability_gap_months")) < 0.05
    assert -0.011 < change("state_patchwork", "us_ai_adoption_share") < -0.005  # "about 0.8"
    assert 0.004 < change("federal_preemption", "us_ai_adoption_share") < 0.01  # "about 0.7"
    assert 0.003 < change("china_android_strategy", "ai_adoption_share") < 0.008  # "half"
    assert 0.14 < change("china_android_strategy", "open_weight_share") < 0.2  # "about 17"
