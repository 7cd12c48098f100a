"""Each bundled scenario moves its headline figures the way its policy intent implies.

The expected directions were written from each scenario's intent before the scenario was
run against model version 2 (MODEL.md, model tests); where the model disagreed, the
mechanism was found and is explained in the row's note instead of rewording the scenario.
Each row: (scenario, output, month, expected sign of scenario minus baseline, why).
"""

import pytest

from core.engine.simulation import run_scenario
from core.formats.scenario import load_bundled

UP, DOWN = +1, -1

EXPECTED = [
    # Power crunch: slower queues and fewer committed additions.
    ("us_power_crunch", "us_power_gap_gw", "2028-12", UP, "less capacity against the same demand"),
    ("us_power_crunch", "us_dc_capacity_gw", "2030-12", DOWN, "fewer and slower connections"),
    ("us_power_crunch", "us_powered_h100e", "2030-12", DOWN, "chips wait for power"),
    ("us_power_crunch", "us_abroad_h100e", "2030-12", UP, "blocked chips go abroad"),
    ("us_power_crunch", "capability_gap_months", "2030-12", DOWN, "less US powered compute"),
    # SAFE Chips Act: a 30-month ban from 2026-01.
    ("safe_chips_act", "cn_legal_imports_h100e", "2027-06", DOWN, "no licences during the ban"),
    ("safe_chips_act", "us_vendor_cn_revenue_busd", "2027-06", DOWN, "no sales during the ban"),
    ("safe_chips_act", "cn_substitution_pressure", "2028-01", UP, "the ban leaves demand unmet"),
    ("safe_chips_act", "cn_domestic_output_h100e", "2030-12", UP, "China substitutes"),
    ("safe_chips_act", "cn_smuggled_h100e", "2027-06", UP, "smuggling rises within bounds"),
    ("safe_chips_act", "capability_gap_months", "2028-06", UP, "China loses imported compute"),
    # Blackwell-class exports: newer chips for China from 2026-06.
    ("blackwell_exports", "cn_legal_imports_h100e", "2027-06", UP, "newer chips are cheaper per H100e"),
    ("blackwell_exports", "us_vendor_cn_revenue_busd", "2027-06", UP, "more sales to China"),
    ("blackwell_exports", "cn_substitution_pressure", "2028-01", DOWN, "less unmet demand"),
    ("blackwell_exports", "cn_domestic_output_h100e", "2030-12", DOWN, "less substitution"),
    ("blackwell_exports", "capability_gap_months", "2030-12", DOWN, "China gains compute"),
    # China's efficiency push (DeepSeek effect and a breakthrough in 2026-06).
    ("china_efficiency_push", "cn_algo_efficiency_vs_us", "2028-12", UP, "faster Chinese algorithms"),
    ("china_efficiency_push", "capability_gap_months", "2030-12", DOWN, "China closes in"),
    ("china_efficiency_push", "cn_usage_share", "2030-12", UP, "better Chinese models"),
    # China's Android strategy: fully open Chinese labs, cheaper open inference.
    ("china_android_strategy", "open_weight_share", "2030-12", UP, "more and cheaper open models"),
    ("china_android_strategy", "cn_usage_share", "2030-12", UP, "Chinese open models spread"),
    ("china_android_strategy", "access_index", "2030-12", UP, "cheaper near-frontier AI"),
    ("china_android_strategy", "capability_gap_months", "2030-12", DOWN,
     "faster catch-up through open models"),
    ("china_android_strategy", "ai_adoption_share", "2030-12", UP,
     "cheaper open models widen access (a weak price response)"),
    ("china_android_strategy", "cn_ai_adoption_share", "2030-12", UP,
     "cheaper open models widen access (a weak price response)"),
    # Federal preemption: one rulebook from 2026-03.
    ("federal_preemption", "us_regulatory_friction", "2027-12", DOWN, "one rulebook"),
    ("federal_preemption", "us_deploy_delay_months", "2027-12", DOWN, "no patchwork delay"),
    ("federal_preemption", "capability_gap_months", "2030-12", UP, "less US friction"),
    ("federal_preemption", "ai_adoption_share", "2030-12", UP, "less friction on adoption"),
    ("federal_preemption", "us_ai_adoption_share", "2030-12", UP,
     "US users get new models without a delay"),
    # State patchwork: all 50 states, higher costs and delays.
    ("state_patchwork", "us_regulatory_friction", "2027-12", UP, "more regimes"),
    ("state_patchwork", "us_deploy_delay_months", "2027-12", UP, "longer delays"),
    ("state_patchwork", "capability_gap_months", "2030-12", DOWN, "more US friction"),
    ("state_patchwork", "ai_adoption_share", "2030-12", DOWN, "friction slows adoption"),
    ("state_patchwork", "us_ai_adoption_share", "2030-12", DOWN,
     "US users get new models later"),
    # TPU expansion: 2.8x TPU output by 2028, a quarter sold externally.
    ("tpu_expansion", "tpu_output_h100e", "2028-06", UP, "more TPUs"),
    ("tpu_expansion", "tpu_external_revenue_busd", "2028-06", UP, "external sales"),
    ("tpu_expansion", "us_power_demand_gw", "2028-12", UP, "more chips want power"),
    ("tpu_expansion", "global_installed_h100e", "2030-12", UP, "more chips in the world"),
]


@pytest.fixture(scope="module")
def runs():
    names = {"baseline"} | {row[0] for row in EXPECTED}
    return {name: run_scenario(load_bundled(name)) for name in names}


@pytest.mark.parametrize(("scenario", "output", "month", "sign", "why"), EXPECTED,
                         ids=[f"{row[0]}:{row[1]}" for row in EXPECTED])
def test_the_scenario_moves_its_headline_figure_as_its_intent_implies(
        runs, scenario, output, month, sign, why):
    change = float(runs[scenario].at(output, month)[0] - runs["baseline"].at(output, month)[0])
    scale = max(abs(float(runs["baseline"].at(output, month)[0])), 1e-9)
    assert sign * change / scale > 1e-4, (
        f"{scenario}: {output} at {month} moved {change:+.4g}; expected "
        f"{'up' if sign > 0 else 'down'} ({why})")


def test_every_bundled_scenario_has_expected_directions():
    from core.formats.scenario import bundled_names
    assert {row[0] for row in EXPECTED} == set(bundled_names()) - {"baseline"}
