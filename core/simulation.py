"""Run the model: lever values and events in, Results out, for N samples at once.

The blocks run in causal order (power and chips, then compute, then adoption and economics);
each integrates its own stocks over the whole horizon (see core.model.stocks).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from core.inputs import ModelInputs
from core.memory import keep_freed_memory
from core.model import adoption, chips, compute, economics, power, regulation
from core.results import Results
from core.timegrid import DEFAULT_END, MODEL_START, month_range, months_between

LARGE_RUN_SAMPLES = 1000  # from here on, allocator tuning pays (see core.memory)


def sample_count(values: Mapping[str, float | np.ndarray]) -> int:
    sizes = {np.asarray(v).size for v in values.values() if np.asarray(v).ndim > 0}
    if len(sizes) > 1:
        raise ValueError(f"lever arrays have different sample counts: {sorted(sizes)}")
    return sizes.pop() if sizes else 1


def simulate(values: Mapping[str, float | np.ndarray] | None = None, events: Iterable = (),
             start: str = MODEL_START, end: str = DEFAULT_END, dtype=np.float64) -> Results:
    """Simulate the months start..end. Lever values are scalars or arrays of N samples;
    levers not given take their catalogue default.

    ``dtype`` float32 runs the model in single precision: Monte Carlo keeps its bands to 7
    digits anyway, and half the bytes per array make a 10,000-sample run about 1.5x faster.
    Everything else (figures, tornado, Sobol, goal seek) runs in double precision.
    """
    values = values or {}
    n_samples = sample_count(values)
    if n_samples >= LARGE_RUN_SAMPLES:
        keep_freed_memory()
    n_months = months_between(MODEL_START, end) + 1
    inputs = ModelInputs(values, events, n_months, n_samples, dtype)
    series = _run_blocks(inputs)
    first = months_between(MODEL_START, start)
    if first < 0:
        raise ValueError(f"start {start} is before the model's calibration month {MODEL_START}")
    trimmed = {}
    for key, value in series.items():
        if value.shape == (n_months, n_samples) and first == 0:
            trimmed[key] = value  # a fresh array the blocks made: no copy needed
            continue
        trimmed[key] = np.empty((n_months - first, n_samples), dtype=value.dtype)
        trimmed[key][:] = value[first:] if value.shape[0] == n_months else value
    return Results(list(month_range(start, end)), trimmed)


def _run_blocks(inputs: ModelInputs) -> dict[str, np.ndarray]:
    n = inputs.n_months
    us_cap, cn_cap = power.us_capacity(inputs), power.cn_capacity(inputs)
    made = chips.chips(inputs)
    us_non_ai = power.non_ai_load_gw(power.US_NON_AI_DC_LOAD_GW_2025,
                                     power.US_NON_AI_LOAD_GROWTH_PER_YEAR, n, inputs.dtype)
    cn_non_ai = power.non_ai_load_gw(power.CN_NON_AI_DC_LOAD_GW_2025,
                                     power.CN_NON_AI_LOAD_GROWTH_PER_YEAR, n, inputs.dtype)
    us_powered = made.us_installed * power.powered_share(us_cap.capacity_gw, us_non_ai,
                                                         made.us_chip_load_gw)
    cn_powered = made.cn_installed * power.powered_share(cn_cap.capacity_gw, cn_non_ai,
                                                         made.cn_chip_load_gw)
    us_demand = us_non_ai + made.us_chip_load_gw
    cn_demand = cn_non_ai + made.cn_chip_load_gw

    us_friction = regulation.us_friction(inputs)
    cn_friction = regulation.cn_friction(inputs)
    delay = regulation.us_deploy_delay_months(inputs)
    us_log_eff = compute.us_algo_log_efficiency(inputs)
    cn_rel = compute.cn_relative_log_efficiency(inputs)
    us_deployed = us_log_eff - compute.LN2 * delay / inputs["algo_halving_months"]
    us_effective = compute.effective_compute(us_powered, us_deployed, us_friction)
    cn_effective = compute.effective_compute(cn_powered, us_log_eff + cn_rel, cn_friction)
    gap = compute.capability_gap_months(us_effective, cn_effective)

    adopt = adoption.adoption(inputs, gap, (us_friction + cn_friction) / 2.0)
    us_gap_gw = us_demand - us_cap.capacity_gw
    return {
        "us_dc_capacity_gw": us_cap.capacity_gw,
        "cn_dc_capacity_gw": cn_cap.capacity_gw,
        "us_power_demand_gw": us_demand,
        "cn_power_demand_gw": cn_demand,
        "us_power_gap_gw": us_gap_gw,
        "cn_power_gap_gw": cn_demand - cn_cap.capacity_gw,
        "us_new_generation_gw_per_year": inputs["us_new_generation_gw_per_year"],
        "cn_new_generation_gw_per_year": inputs["cn_new_generation_gw_per_year"],
        "us_dc_additions_gw_per_year": us_cap.additions_gw_per_year,
        "power_gap_capex_busd": economics.power_gap_capex_busd(us_gap_gw),
        "us_installed_h100e": made.us_installed,
        "cn_installed_h100e": made.cn_installed,
        "global_installed_h100e": made.us_installed + made.cn_installed + made.row_installed,
        "cn_legal_imports_h100e": made.cn_legal_imports,
        "cn_smuggled_h100e": made.cn_smuggled,
        "cn_domestic_output_h100e": made.cn_domestic_output,
        "us_gpu_output_h100e": made.us_gpu_output,
        "tpu_output_h100e": made.tpu_output,
        "us_stranded_h100e": made.us_installed - us_powered,
        "cn_stranded_h100e": made.cn_installed - cn_powered,
        "us_powered_h100e": us_powered,
        "cn_powered_h100e": cn_powered,
        "us_effective_compute": us_effective,
        "cn_effective_compute": cn_effective,
        "us_cn_compute_ratio": us_effective / cn_effective,
        "capability_gap_months": gap,
        "cn_algo_efficiency_vs_us": np.exp(cn_rel),
        "us_regulatory_friction": us_friction,
        "us_deploy_delay_months": delay,
        "ai_adoption_share": adopt.adoption_share,
        "open_weight_share": adopt.open_weight_share,
        "cn_usage_share": adopt.cn_usage_share,
        "access_index": adopt.access_index,
        "open_model_lag_months": adopt.open_lag_months,
        "tpu_external_revenue_busd": economics.tpu_external_revenue_busd(
            made.tpu_output, inputs["tpu_external_share"]),
        "us_vendor_cn_revenue_busd": economics.us_vendor_cn_revenue_busd(
            made.cn_legal_imports, inputs["export_fee_share"]),
    }


def run_scenario(scenario, values: Mapping[str, float | np.ndarray] | None = None,
                 dtype=np.float64) -> Results:
    """Simulate a scenario; ``values`` may replace lever values (e.g. with sample arrays)."""
    merged = scenario.lever_values() | dict(values or {})
    return simulate(merged, scenario.events, scenario.start, scenario.end, dtype)
