"""Trade block: China's imports of US-designed chips as demand in absolute terms, smuggling,
and the two actors' reaction rules.

Units: H100e/yr for chip flows, $B/yr for money, USD per H100e for prices. China spends its
AI-chip budget first on domestic output (state-directed), then splits the rest between US
imports and going without, by a logit on the price per H100e of what may be sold (an old
chip costs what a chip of its age cost per H100e, plus the export fee) against the domestic
price; Beijing's discouragement deters a share of it. Legal imports are that demand times
the share licensed, up to the volume cap.

Reaction rules (MODEL.md, both actors react):
- China: pressure is the share of its free-trade demand that legal imports leave unmet,
  smoothed over the substitution delay; it raises domestic capacity (chips block) and
  smuggling, within the enforcement bound.
- US: control tightness follows the measured lead with a policy delay: positive tightens
  (fewer licences), negative loosens (shorter lag, lower fee, higher cap).
"""

from __future__ import annotations

from core.catalogue.constants import K


def _import_demand_h100e(residual_busd, price, lag_months, fee, u, xp):
    """H100e/yr China would buy at this lag and fee (before licences and the cap)."""
    import_price = price * u["price_performance_growth_per_year"] ** (
        lag_months / K.months_per_year) * (1.0 + fee)
    domestic_price = price * K.cn_domestic_price_premium
    attraction = 1.0 / (1.0 + (import_price / domestic_price) ** K.import_price_elasticity)
    spend = residual_busd * K.usd_per_busd * (1.0 - u["cn_import_discouragement"]) * attraction
    return spend / import_price, import_price


def china_chip_market_busd(years, xp):
    """China's AI-chip spending: logistic growth from $50 B/yr towards its ceiling."""
    ceiling = K.cn_ai_chip_market_max_busd
    start = K.cn_ai_chip_market_busd_2025
    rate = xp.log(K.cn_ai_chip_market_growth_per_year)
    return ceiling / (1.0 + (ceiling / start - 1.0) * xp.exp(-rate * years))


def step(s, u, v, d, m, xp, c) -> None:
    price = v["price_per_h100e_usd"]
    market = china_chip_market_busd(c.years, xp)
    domestic_spend = (v["cn_domestic_output_h100e"] * price * K.cn_domestic_price_premium
                      / K.usd_per_busd)
    residual = xp.maximum(market - domestic_spend, 0.0)

    tightness = s["us_control_tightness"] * u["us_control_reaction"]
    tighten = xp.maximum(tightness, 0.0)
    loosen = xp.maximum(-tightness, 0.0)
    lag = u["export_lag_months"] * (1.0 - K.loosened_lag_cut * loosen)
    fee = u["export_fee_share"] * (1.0 - loosen)
    cap = u["export_volume_cap_share"] + (1.0 - u["export_volume_cap_share"]) * loosen
    licensing = u["export_licensing"] * (1.0 - tighten)

    wanted, import_price = _import_demand_h100e(residual, price, lag, fee, u, xp)
    free, _ = _import_demand_h100e(residual, price, 0.0, 0.0, u, xp)
    output = v["us_gpu_output_h100e"]
    room = output * (1.0 - u["us_share_of_us_gpu_output"])  # what foreign buyers get
    legal = xp.minimum(xp.minimum(wanted * licensing, cap * output), room)
    v["cn_import_demand_h100e"] = wanted
    v["cn_legal_imports_h100e"] = legal
    v["cn_import_price_usd"] = import_price
    v["us_vendor_cn_revenue_busd"] = legal * import_price / (1.0 + fee) / K.usd_per_busd
    v["us_export_fee_revenue_busd"] = legal * import_price * fee / (1.0 + fee) / K.usd_per_busd
    v["cn_ai_chip_market_busd"] = market
    v["cn_residual_budget_busd"] = residual
    v["cn_free_import_demand_h100e"] = free

    # China's reaction: the unmet share of free-trade demand, smoothed over the delay.
    shortfall = 1.0 - legal / xp.maximum(free, K.flow_floor_h100e_per_year)
    v["cn_import_shortfall"] = shortfall
    pressure = s["cn_substitution_pressure"]
    d["cn_substitution_pressure"] = (shortfall - pressure) * K.months_per_year / u[
        "cn_substitution_delay_months"]
    active = pressure * u["cn_substitution_reaction"]
    v["cn_substitution_pressure"] = active
    chips = xp.minimum(u["cn_smuggled_mh100e_per_year"] * K.chips_per_mchips * (
        1.0 + K.smuggling_response * active), K.smuggling_max_chips_per_year)
    # smuggled chips are about a year behind the frontier
    v["cn_smuggled_h100e"] = (chips * K.h100e_per_smuggled_chip_2025 * v["chip_performance_index"]
                              / u["chip_perf_growth_per_year"] ** K.smuggled_chip_age_years)

    # The US reaction: tighten below the target lead, loosen above it, after the delay.
    target = xp.clip((u["us_reaction_target_lead_months"] - m["lead_months"])
                     / K.us_reaction_span_months, -1.0, 1.0)
    v["us_control_target"] = target
    d["us_control_tightness"] = (target - s["us_control_tightness"]) * K.months_per_year / u[
        "us_reaction_delay_months"]
    v["us_control_tightness"] = tightness
