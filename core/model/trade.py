"""Trade block: China's imports of US-designed chips as demand in absolute terms, smuggling,
and the two actors' reaction rules.

Units: H100e/yr for chip flows, $B/yr for money, USD per H100e for prices. China spends its
AI-chip budget first on domestic output (state-directed), then splits the rest between US
imports and going without, by a logit on the price per H100e of what may be sold (an old
chip costs what a chip of its age cost per H100e, plus the export fee) against the domestic
price; Beijing's discouragement deters a share of it. Legal imports are that demand times
the share licensed, up to the volume cap: a share of what US buyers get of the licensed chip,
which they buy less of as it ages (the cap is per product). Exports compete with US buyers for
the same supply: an export is made from packaging capacity that US buyers' orders leave spare, and
beyond that (whenever output sits at its packaging bound) it is a chip US buyers do not get.

Reaction rules (MODEL.md, both actors react):
- China: pressure is the share of its free-trade demand that legal imports leave unmet,
  smoothed over the substitution delay; it raises domestic capacity (chips block) and
  smuggling, within the enforcement bound.
- US: control tightness follows the measured lead with a policy delay: positive tightens
  (fewer licences), negative loosens (shorter lag, lower fee, higher cap).
"""

from __future__ import annotations

from core.model.declare import auxiliary, flow
from core.model.ops import compounded

# each variable this block computes, declared beside its equation (core.model.declare)
VARIABLES = (
    flow("d_cn_substitution_pressure", "1/yr", "Change in China's substitution pressure",
         "China's felt shortfall moves towards the current import shortfall, over its delay.", "H3",
         signs="-cn_substitution_pressure ~cn_substitution_delay_months"),
    flow("d_us_control_tightness", "1/yr", "Change in US control tightness",
         "US export controls move towards their target, over the policy delay.", "EST",
         signs="-us_control_tightness ~us_reaction_delay_months"),
    auxiliary("cn_residual_budget_busd", "$B/yr", "China's spending left for imports",
              "China's chip spending not met by its own chips.", "N2; H1",
              signs="-cn_domestic_output_h100e"),
    auxiliary("cn_import_price_usd", "USD/H100e", "Price China pays for imports",
              "An imported H100-equivalent's price, older under an export lag and with any fee.",
              "N2; E1"),
    auxiliary("cn_import_demand_h100e", "H100e/yr", "China's import demand",
              "US-designed chips China would buy under today's rules.", "N2; EST",
              signs="-cn_import_discouragement -cn_import_price_usd ~price_per_h100e_usd"),
    auxiliary("cn_free_import_demand_h100e", "H100e/yr", "China's import demand without controls",
              "US-designed chips China would buy with no lag and no fee.", "EST",
              signs="-cn_import_discouragement ~price_per_h100e_usd "
                    "~price_performance_growth_per_year"),
    auxiliary("cn_legal_imports_h100e", "H100e/yr", "China legal chip imports",
              "US-designed chips China may and does buy legally each year.", "N1; N2; N7",
              signs="-us_control_tightness -export_lag_months"),
    auxiliary("us_vendor_cn_revenue_busd", "$B/yr", "US vendors' China revenue",
              "What US chipmakers earn from sales to China.", "N2",
              signs="-export_fee_share ~us_control_tightness"),
    auxiliary("us_export_fee_revenue_busd", "$B/yr", "US export-fee revenue",
              "What the US government collects in fees on chips sold to China.", "N2",
              signs="~us_control_tightness"),
    auxiliary("cn_import_shortfall", "1", "China's import shortfall",
              "Share of the chips China would import freely that it cannot get.", "H3",
              signs="-cn_legal_imports_h100e"),
    auxiliary("cn_substitution_pressure", "1", "China's substitution pressure",
              "How hard China pushes to replace imports (zero while its reaction is off).", "H3"),
    auxiliary("cn_smuggled_h100e", "H100e/yr", "Chips smuggled into China",
              "Chips smuggled into China each year, more under pressure, bounded by enforcement.",
              "C1", signs="~chip_perf_growth_per_year"),
    auxiliary("us_control_target", "1", "Where US controls are heading",
              "Tighter when China's last-month gap is below the US target lead, looser above it.",
              "EST", signs="-capability_gap_months@prev"),
    auxiliary("us_control_tightness", "1", "US control tightness",
              "How tight US export controls are (zero while the US reaction is off).", "EST",
              signs="~us_control_reaction"),
)


def _import_demand_h100e(residual_busd, price, lag_months, fee, u, xp):
    """H100e/yr China would buy at this lag and fee (before licences and the cap)."""
    K = u["K"]
    import_price = price * compounded(u["price_performance_growth_per_year"],
                                      lag_months / K.months_per_year, xp) * (1.0 + fee)
    domestic_price = price * K.cn_domestic_price_premium
    attraction = 1.0 / (1.0 + (import_price / domestic_price) ** K.import_price_elasticity)
    spend = residual_busd * K.usd_per_busd * (1.0 - u["cn_import_discouragement"]) * attraction
    return spend / import_price, import_price


def _licensed_chip_share(lag_months, K, xp):
    """Share of US buyers' H100e purchases that is a chip this old: all of them until its
    successor ramps, then halving every few months as buyers move to the newer chip (N5; N6).
    A per-product cap (N7) therefore binds harder as the licensed chip ages."""
    past_successor = xp.maximum(lag_months - K.licensed_chip_successor_months, 0.0)
    return compounded(0.5, past_successor / K.licensed_chip_share_half_life_months, xp)


def step(stocks, inputs, aux, rates, memory, xp, clock) -> None:
    K = inputs["K"]  # this run's constants (core.engine.inputs)
    price = aux["price_per_h100e_usd"]
    market = aux["cn_ai_chip_market_busd"]  # from the chips block, which it also bounds
    # what domestic chips leave of the market, as a share of what it could buy: exactly zero
    # when domestic output sits at that bound (no cancellation of two near-equal sums)
    residual = market * xp.maximum(
        1.0 - aux["cn_domestic_output_h100e"] / aux["cn_affordable_h100e"], 0.0)

    tightness = stocks["us_control_tightness"] * inputs["us_control_reaction"]
    tighten = xp.maximum(tightness, 0.0)
    loosen = xp.maximum(-tightness, 0.0)
    lag = inputs["export_lag_months"] * (1.0 - K.loosened_lag_cut * loosen)
    fee = inputs["export_fee_share"] * (1.0 - loosen)
    cap = inputs["export_volume_cap_share"] + (1.0 - inputs["export_volume_cap_share"]) * loosen
    licensing = inputs["export_licensing"] * (1.0 - tighten)

    wanted, import_price = _import_demand_h100e(residual, price, lag, fee, inputs, xp)
    free, _ = _import_demand_h100e(residual, price, 0.0, 0.0, inputs, xp)
    output = aux["us_gpu_output_h100e"]
    # An export competes with US buyers for the same supply: it is made from the packaging
    # capacity US buyers' orders leave spare, and beyond that it is a chip US buyers do not
    # get (other countries' buyers keep their share). The volume cap is per product (N7:
    # China's volume of a chip at most half the US customers' volume of that chip), so it is
    # a share of what US buyers get of the licensed chip, a chip `lag` months old, after
    # exports: L <= cap s min(US, US capacity - L), whose largest L is the smaller of the two.
    share = inputs["us_share_of_us_gpu_output"]
    # A rule before December 2025 capped no volume (core.engine.events.FIRST_VOLUME_CAP):
    # exports are then bounded only by what US buyers get, as a cap of one on all chips.
    capped = cap * _licensed_chip_share(lag, K, xp)
    licensed = capped + inputs["export_volume_uncapped"] * (1.0 - capped)
    room = licensed * xp.minimum(output * share,
                                 aux["us_packaging_h100e"] * share / (1.0 + licensed))
    legal = xp.minimum(wanted * licensing, room)
    aux["cn_import_demand_h100e"] = wanted
    aux["cn_legal_imports_h100e"] = legal
    aux["cn_import_price_usd"] = import_price
    aux["us_vendor_cn_revenue_busd"] = legal * import_price / (1.0 + fee) / K.usd_per_busd
    aux["us_export_fee_revenue_busd"] = legal * import_price * fee / (1.0 + fee) / K.usd_per_busd
    aux["cn_residual_budget_busd"] = residual
    aux["cn_free_import_demand_h100e"] = free

    # China's reaction: the unmet share of free-trade demand, smoothed over the delay.
    shortfall = 1.0 - legal / xp.maximum(free, K.flow_floor_h100e_per_year)
    aux["cn_import_shortfall"] = shortfall
    pressure = stocks["cn_substitution_pressure"]
    rates["cn_substitution_pressure"] = (shortfall - pressure) * K.months_per_year / inputs[
        "cn_substitution_delay_months"]
    active = pressure * inputs["cn_substitution_reaction"]
    aux["cn_substitution_pressure"] = active
    chips = xp.minimum(inputs["cn_smuggled_mh100e_per_year"] * K.chips_per_mchips * (
        1.0 + K.smuggling_response * active), K.smuggling_max_chips_per_year)
    # smuggled chips are about a year behind the frontier: the performance index of that
    # long ago (the growth lever acts from mid-2025, before it the growth of the 2025 figures)
    behind = clock.years - K.smuggled_chip_age_years
    aux["cn_smuggled_h100e"] = (chips * K.h100e_per_smuggled_chip_2025
                                * K.chip_perf_growth_2025_per_year ** xp.minimum(behind, 0.0)
                                * inputs["chip_perf_growth_per_year"] ** xp.maximum(behind, 0.0))

    # The US reaction: tighten below the target lead, loosen above it, after the delay. A
    # span's shortfall moves controls 71% of the way (x / sqrt(1 + x^2)); a wider one moves
    # them nearer to fully tight or loose, which they approach without reaching.
    gap = ((inputs["us_reaction_target_lead_months"] - memory["lead_months"])
           / K.us_reaction_span_months)
    target = gap / (1.0 + gap * gap) ** 0.5
    aux["us_control_target"] = target
    rates["us_control_tightness"] = ((target - stocks["us_control_tightness"]) * K.months_per_year
                                     / inputs["us_reaction_delay_months"])
    aux["us_control_tightness"] = tightness
