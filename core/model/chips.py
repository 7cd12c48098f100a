"""Chips block: accelerator supply bounded by spending and packaging, and deployment bounded
by power.

Units: H100-equivalents (H100e) for stocks, H100e/yr for flows, GW for the power drawn by
installed chips (a co-flow of the installed stock, so old, hungrier chips retire with their
load) and for China's chips in its pipeline and queue (imports and its own, hungrier chips,
in shares a ban changes at once). Supply: buyers' spending on US-designed accelerators grows towards a ceiling and falls
back when chips pile up unpowered; output is what that spending buys at the falling price per
H100e, up to the packaging (CoWoS/HBM) capacity, which expands at a bounded rate. Deployment:
chips ship, then wait until the data-centre headroom can take them; US-owned chips that wait
too long are sited abroad.
"""

from __future__ import annotations

from core.model.declare import auxiliary, flow
from core.model.ops import compounded

# the reads that lower each cohort's flows or have no single sign, by country (China's
# arrivals mix imports and its own, hungrier chips)
_COHORT_SIGNS = {
    side: {
        "2_h100e": f"-{side}_vintage2_h100e -{side}_vintage3_h100e",
        "2_load_gw": f"-{side}_vintage2_load_gw -{side}_vintage3_load_gw",
        "3_h100e": f"-{side}_retired_h100e -{side}_early_retired_h100e",
        "3_load_gw": f"~hw_lifetime_years -{side}_vintage3_load_gw ~{side}_vintage3_h100e "
                     + waiting,
        "early": f"~{side}_headroom_gw ~{side}_vintage3_load_gw ~{side}_vintage3_h100e "
                 + waiting,
    }
    for side, waiting in (
        ("us", "~us_waiting_gw ~us_deferred_h100e"),
        ("cn", "~cn_deferred_h100e ~cn_deferred_load_gw"),
        ("row", "~row_waiting_gw ~row_deferred_h100e"))
}


def _vintage_variables(side: str, whose: str) -> tuple:
    """The flows of a country's two older age cohorts and its retirements, declared."""
    flows = []
    for age in ("2", "3"):
        for unit, what in (("H100e/yr", "chips"), ("GW/yr", "power draw")):
            suffix = "h100e" if unit == "H100e/yr" else "load_gw"
            flows.append(flow(
                f"d_{side}_vintage{age}_{suffix}", unit,
                f"Change in {whose} {what}, age cohort {age}",
                "Chips ageing in from the younger cohort, less those ageing on or retiring.",
                "EST", signs=_COHORT_SIGNS[side][f"{age}_{suffix}"]))
    return (*flows,
            auxiliary(f"{side}_retired_h100e", "H100e/yr", f"{whose} chips retired",
                      "Chips leaving the oldest cohort at the end of their life.", "EST",
                      signs="-hw_lifetime_years"),
            auxiliary(f"{side}_early_retired_h100e", "H100e/yr",
                      f"{whose} chips retired early",
                      "The oldest chips retired before their time to free power for newer, "
                      "more efficient ones.", "EST",
                      signs=_COHORT_SIGNS[side]["early"]))


# each variable this block computes, declared beside its equation (core.model.declare)
VARIABLES = (
    flow("d_log_us_chip_budget_busd", "1/yr", "Growth of US chip spending",
         "Spending grows with orders, slows towards what buyers can afford and when chips pile "
         "up unpowered.", "E5; N3; EST",
         signs="-price_performance_growth_per_year -us_chip_orders_busd -us_backlog_ratio"),
    flow("d_log_us_packaging_h100e", "1/yr", "Growth of packaging capacity",
         "Packaging and HBM capacity expands towards orders, no faster than its build-out limit.",
         "T1; T2", signs="-price_per_h100e_usd -us_packaging_h100e"),
    flow("d_log_cn_domestic_capacity_h100e", "1/yr", "Growth of China's chip capacity",
         "China's own chip capacity grows, faster under import pressure, slowing near its ceiling.",
         "H2; H3", signs="-log_cn_domestic_capacity_h100e"),
    flow("d_us_in_transit_h100e", "H100e/yr", "Change in US chips in transit",
         "US chips shipped, less those ready to install.", "EST", signs="-us_ready_h100e"),
    flow("d_us_deferred_h100e", "H100e/yr", "Change in US chips waiting for power",
         "US chips ready, less those installed and those sent abroad.", "EST",
         signs="-us_installs_h100e -us_abroad_flow_h100e"),
    flow("d_us_installed_h100e", "H100e/yr", "Change in US installed chips",
         "US chips installed, less those retired at the end of their life.", "EST",
         signs="-us_retired_h100e -us_early_retired_h100e"),
    flow("d_us_installed_load_gw", "GW/yr", "Change in US chips' power draw",
         "Power drawn by newly installed US chips, less that of retired ones.", "E2",
         signs="-us_vintage3_load_gw ~hw_lifetime_years ~us_waiting_gw"),
    flow("d_us_abroad_h100e", "H100e/yr", "Change in US chips sited abroad",
         "US chips sent to allied data centres, less those retired.", "EST",
         signs="-us_abroad_h100e"),
    flow("d_us_abroad_load_gw", "GW/yr", "Change in power of chips abroad",
         "Power drawn by US chips newly sited abroad, less that of retired ones.", "EST",
         signs="-us_abroad_load_gw"),
    flow("d_cn_in_transit_h100e", "H100e/yr", "Change in China's chips in transit",
         "Chips China receives or makes, less those ready to install.", "EST",
         signs="-cn_ready_h100e"),
    flow("d_cn_deferred_h100e", "H100e/yr", "Change in China's chips waiting",
         "Chinese chips ready, less those installed.", "EST", signs="-cn_installs_h100e"),
    flow("d_cn_installed_h100e", "H100e/yr", "Change in China's installed chips",
         "Chips installed in China, less those retired.", "EST", signs="-cn_retired_h100e -cn_early_retired_h100e"),
    flow("d_cn_installed_load_gw", "GW/yr", "Change in China's chips' power draw",
         "Power drawn by newly installed Chinese chips (domestic ones draw more), less "
         "retirements.", "DER",
         signs="~cn_deferred_h100e ~cn_deferred_load_gw ~cn_vintage3_h100e -cn_vintage3_load_gw "
               "~hw_lifetime_years"),
    flow("d_cn_in_transit_load_gw", "GW/yr", "Change in power of China's chips in transit",
         "Power of the chips China receives or makes (its own draw more), less that of those "
         "ready.", "DER", signs="-cn_in_transit_load_gw"),
    flow("d_cn_deferred_load_gw", "GW/yr", "Change in power China's waiting chips need",
         "Power of China's chips ready, less that of those installed.", "DER",
         signs="-cn_deferred_load_gw -cn_headroom_gw ~cn_deferred_h100e -ship_to_online_lag_months "
               "~cn_vintage3_h100e ~cn_vintage3_load_gw ~hw_lifetime_years"),
    flow("d_row_deferred_h100e", "H100e/yr", "Change in chips waiting elsewhere",
         "Chips reaching other countries' buyers, less those installed as power allows.",
         "EST", signs="-row_installs_h100e"),
    flow("d_row_installed_h100e", "H100e/yr", "Change in chips elsewhere",
         "Chips installed by other countries' buyers, less those retired.", "EST",
         signs="-row_retired_h100e -row_early_retired_h100e"),
    flow("d_row_installed_load_gw", "GW/yr", "Change in power of chips elsewhere",
         "Power drawn by chips newly installed elsewhere, less that of retired ones.", "EST",
         signs="-row_vintage3_load_gw ~hw_lifetime_years ~row_waiting_gw"),
    auxiliary("price_per_h100e_usd", "USD/H100e", "Price of one H100-equivalent",
              "What a buyer pays for a chip as fast as one Nvidia H100; falls as "
              "price-performance improves.", "B1; E1", signs="~price_performance_growth_per_year"),
    auxiliary("kw_per_h100e_new", "kW/H100e", "Power per new H100-equivalent",
              "Facility power a newly built H100-equivalent draws; falls as chips get more "
              "efficient.", "E6; E2", signs="~flop_per_watt_growth_per_year"),
    auxiliary("chip_performance_index", "1", "Per-chip performance",
              "How much faster one new accelerator is than in 2025.", "E1",
              signs="~chip_perf_growth_per_year"),
    auxiliary("us_chip_budget_busd", "$B/yr", "US chip spending",
              "Yearly spending on US-designed AI accelerators.", "N3; N4"),
    auxiliary("us_packaging_h100e", "H100e/yr", "Packaging and HBM capacity",
              "How many H100-equivalents a year packaging and memory supply can finish.", "T1; T2"),
    auxiliary("us_gpu_output_h100e", "H100e/yr", "US-designed GPU output",
              "Accelerators made each year: what spending buys, capped by packaging.", "N3; T1",
              signs="-price_per_h100e_usd"),
    auxiliary("tpu_output_h100e", "H100e/yr", "Google TPU output",
              "Google's TPUs made each year, on its announced production plan.", "M1"),
    auxiliary("us_excess_deferred_h100e", "H100e", "US chips waiting too long",
              "US chips waiting for power beyond about a month of normal arrivals.", "EST",
              signs="-us_gpu_output_h100e -us_share_of_us_gpu_output -tpu_output_h100e"),
    auxiliary("us_backlog_ratio", "1", "US backlog of unpowered chips",
              "US chips bought and not yet installed beyond a normal pipeline, in months of "
              "deliveries.", "EST",
              signs="-us_gpu_output_h100e -us_share_of_us_gpu_output -tpu_output_h100e"),
    auxiliary("cn_domestic_ceiling_h100e", "H100e/yr", "China's chip capacity ceiling",
              "The most China could make with its wafers and memory, higher under import pressure.",
              "H3; H4"),
    flow("d_cn_hbm_stockpile_h100e", "H100e/yr", "Change in China's HBM stockpile",
         "HBM drawn from the stockpile for the chips China's own HBM cannot equip.", "H3",
         signs="-cn_domestic_output_h100e ~cn_domestic_chip_growth_per_year"),
    auxiliary("cn_hbm_stockpile_h100e", "H100e", "China's HBM stockpile",
              "HBM China holds from before the December 2024 rule, in H100e of 2025 chips.",
              "H3"),
    auxiliary("cn_ai_chip_market_busd", "$B/yr", "China's AI-chip market",
              "What Chinese buyers spend on AI chips each year.", "N2; EST"),
    auxiliary("cn_affordable_h100e", "H100e/yr", "Domestic chips China's market pays for",
              "Domestic chips China's whole AI-chip market could buy at their price.", "N2; H1",
              signs="-price_per_h100e_usd"),
    auxiliary("cn_hbm_supply_h100e", "H100e/yr", "China's own HBM memory",
              "Chips China's own HBM memory can equip each year, in H100e.", "H3; DER",
              signs="~cn_domestic_chip_growth_per_year"),
    auxiliary("cn_domestic_output_h100e", "H100e/yr", "China domestic chip output",
              "AI chips China makes each year, allowing for its yield, as far as its HBM "
              "memory and its AI-chip market allow.", "H1; H3; N2"),
    auxiliary("us_arrivals_h100e", "H100e/yr", "US chip deliveries",
              "US-designed chips for US data centres, less exports that take their place, "
              "plus Google's TPUs.", "E7",
              signs="-cn_legal_imports_h100e"),
    auxiliary("cn_arrivals_h100e", "H100e/yr", "China's chip deliveries",
              "Chips China gets each year: legal imports, smuggling and its own output."),
    auxiliary("row_arrivals_h100e", "H100e/yr", "Chips for other countries",
              "US-designed chips sold to buyers outside the US and China.", "E7",
              signs="-us_share_of_us_gpu_output"),
    auxiliary("row_installs_h100e", "H100e/yr", "Chips installed elsewhere this year",
              "Chips outside the US and China put into service, as far as power there allows.",
              "EST", signs="~row_waiting_gw ~row_vintage3_h100e ~row_vintage3_load_gw"),
    auxiliary("row_deferred_h100e", "H100e", "Chips elsewhere waiting for power",
              "Chips bought outside the US and China, waiting for data-centre power there."),
    auxiliary("us_ready_h100e", "H100e/yr", "US chips ready to install",
              "US chips that finish shipping and set-up each year.", "EST",
              signs="-ship_to_online_lag_months"),
    auxiliary("cn_ready_h100e", "H100e/yr", "China's chips ready to install",
              "Chinese chips that finish shipping and set-up each year.", "EST",
              signs="-ship_to_online_lag_months"),
    auxiliary("us_installs_h100e", "H100e/yr", "US chips installed",
              "US chips put into service each year, as far as free power allows.", "EST",
              signs="~us_waiting_gw ~us_vintage3_h100e ~us_vintage3_load_gw"),
    auxiliary("cn_installs_h100e", "H100e/yr", "China's chips installed",
              "Chinese chips put into service each year, as far as free power allows.", "EST",
              signs="~cn_deferred_load_gw ~cn_vintage3_h100e ~cn_vintage3_load_gw"),
    auxiliary("us_abroad_flow_h100e", "H100e/yr", "US chips sent abroad",
              "US chips that have waited too long for power and go to allied countries.", "EST"),
    auxiliary("us_installed_h100e", "H100e", "US installed chips",
              "AI chips installed in US data centres."),
    auxiliary("cn_installed_h100e", "H100e", "China installed chips",
              "AI chips installed in Chinese data centres."),
    auxiliary("row_installed_h100e", "H100e", "Chips installed elsewhere",
              "AI chips installed by buyers outside the US and China."),
    auxiliary("us_installed_load_gw", "GW", "US chips' power draw",
              "Power the installed US chips draw."),
    auxiliary("cn_installed_load_gw", "GW", "China's chips' power draw",
              "Power the installed Chinese chips draw."),
    auxiliary("row_installed_load_gw", "GW", "Power of chips elsewhere",
              "Power drawn by chips installed outside the US and China."),
    auxiliary("us_deferred_h100e", "H100e", "US chips waiting for power",
              "US chips ready to run but waiting for a power connection."),
    auxiliary("cn_deferred_h100e", "H100e", "China's chips waiting for power",
              "Chinese chips ready to run but waiting for a power connection."),
    auxiliary("us_in_transit_h100e", "H100e", "US chips in transit",
              "US chips shipped but not yet ready to install."),
    auxiliary("cn_in_transit_h100e", "H100e", "China's chips in transit",
              "Chips China has received or made, not yet ready to install."),
    auxiliary("us_abroad_h100e", "H100e", "US chips sited abroad",
              "US-owned chips running in allied countries for want of US power."),
    auxiliary("us_abroad_gw", "GW", "Power of US chips abroad",
              "Power the US-owned chips sited abroad draw."),
    auxiliary("us_stranded_h100e", "H100e", "US stranded chips",
              "Installed US chips that cannot run because capacity fell short of load.", "REQ",
              signs="-us_installed_load_gw"),
    auxiliary("cn_stranded_h100e", "H100e", "China stranded chips",
              "Installed Chinese chips that cannot run because capacity fell short of load.", "REQ",
              signs="-cn_installed_load_gw"),
    auxiliary("us_powered_h100e", "H100e", "US powered chips",
              "Installed US chips that have power to run.", "", signs="-us_stranded_gw"),
    auxiliary("cn_powered_h100e", "H100e", "China powered chips",
              "Installed Chinese chips that have power to run.", "", signs="-cn_stranded_gw"),
    auxiliary("global_installed_h100e", "H100e", "World installed chips",
              "All AI chips installed: US, China, elsewhere and US chips abroad.", "E6"),
    auxiliary("us_chip_orders_busd", "$B/yr", "US chip orders",
              "What buyers would spend on US-designed accelerators a year if packaging could "
              "fill every order.", "N3; N4"),
    auxiliary("tpu_output_units", "unit/yr", "Google TPUs made",
              "Google's TPUs made each year, in units (each holds more H100e as per-chip "
              "performance grows).", "M1", signs="-chip_performance_index"),
    *(variable for side, whose in (("us", "US"), ("cn", "China's"), ("row", "Other countries'"))
      for variable in _vintage_variables(side, whose)),
)


def china_chip_market_busd(years, xp, K):
    """China's AI-chip spending: logistic growth from $50 B/yr towards its ceiling."""
    ceiling = K.cn_ai_chip_market_max_busd
    start = K.cn_ai_chip_market_busd_2025
    rate = xp.log(K.cn_ai_chip_market_growth_per_year)
    return ceiling / (1.0 + (ceiling / start - 1.0) * xp.exp(-rate * years))


def supply(stocks, inputs, aux, rates, memory, xp, clock) -> None:
    """Prices, efficiency and output: what is made this month (before trade and deployment)."""
    K = inputs["K"]  # this run's constants (core.engine.inputs)
    years = clock.years
    price = K.price_per_h100e_usd_2025 * compounded(
        inputs["price_performance_growth_per_year"], -years, xp)
    aux["price_per_h100e_usd"] = price
    aux["kw_per_h100e_new"] = inputs["facility_kw_per_h100e"] * compounded(
        inputs["flop_per_watt_growth_per_year"], -years, xp)
    # growth levers act from mid-2025: before it, the growth that made the 2025 figures
    # (so faster growth ahead never means less in early 2025)
    before, ahead = xp.minimum(years, 0.0), xp.maximum(years, 0.0)
    aux["chip_performance_index"] = (compounded(K.chip_perf_growth_2025_per_year, before, xp)
                                     * compounded(inputs["chip_perf_growth_per_year"], ahead,
                                                  xp))

    # Growth stocks are integrated as logarithms: explicit Euler on ln S is exact for steady
    # exponential growth, which monthly Euler on S misses by ~2% a year at 2x a year.
    budget = xp.exp(stocks["log_us_chip_budget_busd"])
    packaging = xp.exp(stocks["log_us_packaging_h100e"])
    ordered = budget * K.usd_per_busd / price
    output = xp.minimum(ordered, packaging)
    aux["us_gpu_output_h100e"] = output
    # Spending is what is delivered times its price: orders packaging cannot fill buy
    # nothing, so they are not spent (version 2 reported the orders).
    aux["us_chip_budget_busd"] = output * price / K.usd_per_busd
    aux["us_chip_orders_busd"] = budget
    aux["us_packaging_h100e"] = packaging

    # TPUs: Google's plan in units, the multiple by mid-2028, then as many more per dollar
    # as price-performance allows; each unit holds more H100e as per-chip performance
    # grows. They queue for US power like every other chip.
    per_unit = K.tpu_h100e_per_unit_2025 * aux["chip_performance_index"]
    tpu_path = (K.tpu_units_2025 * K.tpu_h100e_per_unit_2025
                * compounded(K.tpu_history_growth_per_year, before, xp)
                * compounded(inputs["tpu_output_multiple_2028"],
                             xp.minimum(ahead, K.tpu_plan_years) / K.tpu_plan_years, xp)
                * compounded(inputs["chip_perf_growth_per_year"],
                             xp.minimum(ahead, K.tpu_plan_years), xp)
                * compounded(inputs["price_performance_growth_per_year"],
                             xp.maximum(years - K.tpu_plan_years, 0.0), xp))
    tpu_units = tpu_path / per_unit

    # Orders fall back when ready chips wait for power beyond their normal month in line,
    # measured in months of deliveries (not in the lag: delivering sooner must not brake).
    arrivals_per_month = ((output * inputs["us_share_of_us_gpu_output"] + tpu_path)
                          / K.months_per_year)
    in_line = arrivals_per_month * K.install_months
    excess = xp.maximum(stocks["us_deferred_h100e"] - in_line, 0.0)
    # The brake reads every chip bought and not yet installed (in transit or waiting)
    # beyond a normal pipeline at the reference lag: delivering sooner moves chips from the
    # pipeline to the queue and installs them no later, so it never brakes more.
    pending = stocks["us_deferred_h100e"] + stocks["us_in_transit_h100e"]
    normal = arrivals_per_month * (K.install_months + K.reference_lag_months)
    excess_ratio = xp.maximum(pending - normal, 0.0) / (arrivals_per_month
                                                         * K.reference_lag_months)
    aux["us_excess_deferred_h100e"] = excess
    aux["tpu_output_h100e"] = tpu_path
    aux["tpu_output_units"] = tpu_units
    growth = xp.log(inputs["us_chip_order_growth_per_year"]
                    / inputs["price_performance_growth_per_year"])
    aux["us_backlog_ratio"] = excess_ratio
    rates["log_us_chip_budget_busd"] = (growth * (1.0 - budget / K.us_chip_budget_max_busd)
                                        - K.backlog_order_brake * excess_ratio)
    wanted = ordered * K.packaging_slack
    rates["log_us_packaging_h100e"] = xp.minimum(
        (wanted / packaging - 1.0) / K.packaging_adjust_years,
        xp.log(inputs["packaging_growth_max_per_year"]))

    # China's domestic capacity: logistic growth under a ceiling that rises with per-chip
    # performance and, under export pressure, with substitution investment.
    pressure = stocks["cn_substitution_pressure"] * inputs["cn_substitution_reaction"]
    substituted = 1.0 + K.substitution_capacity_boost * pressure  # up to SMIC's doubling
    performance = aux["chip_performance_index"]
    domestic = xp.exp(stocks["log_cn_domestic_capacity_h100e"])
    ceiling = (inputs["cn_domestic_cap_mh100e_per_year"] * K.h100e_per_mh100e * performance
               * substituted)
    # the growth lever acts from mid-2025, as for the other growth levers: before it, the
    # growth that made the 2025 figures (so the history a run goes on from is the same)
    growth = xp.where(years < 0.0, K.cn_domestic_growth_2025_per_year,
                      inputs["cn_domestic_chip_growth_per_year"])
    rate = xp.log(growth) * (1.0 + K.substitution_growth_boost * pressure)
    rates["log_cn_domestic_capacity_h100e"] = rate * (1.0 - domestic / ceiling)
    made = domestic * inputs["ascend_yield"] / K.ascend_yield_2025
    # Since the December 2024 rule China cannot buy HBM: chips need its own HBM, which grows
    # with its chip programme and under substitution within the same doubling, or HBM from
    # the stockpile, drawn only for what its own falls short of. HBM is counted in the H100e
    # of 2025 chips it equips; faster chips get more H100e from each stack.
    own_hbm = (inputs["cn_domestic_hbm_mh100e_per_year"] * K.h100e_per_mh100e
               * compounded(K.cn_domestic_growth_2025_per_year, before, xp)
               * compounded(inputs["cn_domestic_chip_growth_per_year"], ahead, xp)
               * substituted)
    stockpile = stocks["cn_hbm_stockpile_h100e"]
    available = stockpile / K.hbm_stockpile_drawdown_years  # a share of it each year
    # and no more than China's whole AI-chip market pays for, at the domestic price
    market = china_chip_market_busd(years, xp, K)
    aux["cn_ai_chip_market_busd"] = market
    affordable = market * K.usd_per_busd / (price * K.cn_domestic_price_premium)
    # Before the rule (the history months) China bought HBM: none is drawn from the stockpile
    half_step = 0.5 * clock.step_months / K.months_per_year
    before_rule = years - K.hbm_rule_years < -half_step
    hbm_bound = xp.where(before_rule, made, (own_hbm + available) * performance)
    output = xp.minimum(xp.minimum(made, hbm_bound), affordable)
    aux["cn_affordable_h100e"] = affordable
    rates["cn_hbm_stockpile_h100e"] = -xp.where(
        before_rule, 0.0, xp.maximum(output / performance - own_hbm, 0.0))
    aux["cn_hbm_stockpile_h100e"] = stockpile
    aux["cn_hbm_supply_h100e"] = own_hbm * performance
    aux["cn_domestic_output_h100e"] = output
    aux["cn_domestic_ceiling_h100e"] = ceiling


class _Side:
    """Variable names of one country's deployment chain (made once: string building is slow)."""

    def __init__(self, side: str):
        for name in ("in_transit_h100e", "deferred_h100e", "headroom_gw", "installed_h100e",
                     "installed_load_gw", "stranded_gw", "stranded_h100e", "powered_h100e",
                     "ready_h100e", "installs_h100e", "vintage2_h100e", "vintage2_load_gw",
                     "vintage3_h100e", "vintage3_load_gw", "retired_h100e",
                     "early_retired_h100e"):
            setattr(self, name, f"{side}_{name}")


US, CN, ROW = _Side("us"), _Side("cn"), _Side("row")


def _vintages(s, d, v, side, room_gw, waiting, waiting_gw, life_years, xp, K):
    """Install what power allows into the youngest of three age cohorts (a chip generation
    each for the two younger ones, the rest of a life for the oldest), age them, and retire
    the oldest: at the end of life, and early where chips wait for power, in proportion to
    what the swap gains (economic retirement: a GW of the oldest chips goes to the chips
    waiting by the share 1 - (H100e per GW of the oldest) / (H100e per GW of those
    waiting), so retirement fades where the gain does, with no switch to retire in bursts;
    China's own chips and old chips sold on may draw more than the ones they would replace,
    and then none retire). ``waiting_gw`` is the power the waiting chips would draw. The
    installed totals are stocks (the power block reads their load); the two older cohorts
    are stocks and the youngest is the rest. A cohort's average stands for its chips, so
    no rule here can retire the hungriest chip first (docs/model.md, "Results a reader may
    not expect"). Returns the installs in H100e/yr and in GW/yr."""
    installed, load = s[side.installed_h100e], s[side.installed_load_gw]
    old, old_load = s[side.vintage2_h100e], s[side.vintage2_load_gw]
    oldest, oldest_load = s[side.vintage3_h100e], s[side.vintage3_load_gw]
    young, young_load = installed - old - oldest, load - old_load - oldest_load
    # the two younger cohorts hold a chip generation each; the oldest the rest of a life
    ageing = 1.0 / K.vintage_years
    ending = 1.0 / xp.maximum(life_years - 2.0 * K.vintage_years, K.vintage_years)
    per_install = K.months_per_year / K.install_months
    # Early retirement frees, within the install window, the power waiting chips want
    # beyond the free room, from the oldest cohort (what it keeps after an install window
    # of ageing, so the cohort never goes below zero), while its chips run fewer H100e per
    # GW than the chips waiting.
    short_gw = xp.maximum(waiting_gw - room_gw, 0.0)
    # what a GW runs of the oldest chips, over what it would run of the chips waiting
    kept = oldest / xp.maximum(oldest_load, K.load_floor_gw) * xp.maximum(waiting_gw,
                                                                          K.load_floor_gw)
    gain = xp.maximum(1.0 - kept / xp.maximum(waiting, kept), 0.0)
    freed_gw = xp.minimum(short_gw * gain, oldest_load * (1.0 - ending / per_install))
    early = oldest * freed_gw / xp.maximum(oldest_load, K.load_floor_gw) * per_install
    # the share of the waiting chips (and of their load) that goes in this install window
    going = xp.minimum((room_gw + freed_gw) / xp.maximum(waiting_gw, K.load_floor_gw), 1.0)
    installs = waiting * going * per_install
    installs_gw = waiting_gw * going * per_install
    retired = oldest * ending
    d[side.installed_h100e] = installs - retired - early
    d[side.installed_load_gw] = installs_gw - (oldest_load * ending + freed_gw * per_install)
    d[side.vintage2_h100e] = (young - old) * ageing
    d[side.vintage2_load_gw] = (young_load - old_load) * ageing
    d[side.vintage3_h100e] = old * ageing - retired - early
    d[side.vintage3_load_gw] = old_load * ageing - oldest_load * ending - freed_gw * per_install
    v[side.installed_h100e] = installed
    v[side.installed_load_gw] = load
    v[side.retired_h100e] = retired
    v[side.early_retired_h100e] = early
    v[side.installs_h100e] = installs
    return installs, installs_gw


def _deploy(s, d, v, side, arrivals, transit_gw, waiting_gw, lag_months, life_years, xp, K):
    """Ship, wait for power, install, retire. ``transit_gw`` and ``waiting_gw``: the power
    the chips in the pipeline and in the queue would draw. Returns (ready, installs) in
    H100e/yr and (ready, installs) in GW/yr."""
    transit = s[side.in_transit_h100e]
    deferred = s[side.deferred_h100e]
    pace = K.months_per_year / xp.maximum(lag_months, K.min_pipeline_months)
    ready, ready_gw = transit * pace, transit_gw * pace
    room = xp.maximum(v[side.headroom_gw], 0.0)
    d[side.in_transit_h100e] = arrivals - ready
    installs, installs_gw = _vintages(s, d, v, side, room, deferred, waiting_gw, life_years,
                                      xp, K)
    installed, load = v[side.installed_h100e], v[side.installed_load_gw]  # _vintages set them
    stranded_share = v[side.stranded_gw] / load
    v[side.stranded_h100e] = installed * stranded_share
    v[side.powered_h100e] = installed * (1.0 - stranded_share)
    v[side.deferred_h100e] = deferred
    v[side.in_transit_h100e] = transit
    v[side.ready_h100e] = ready
    return ready, installs, ready_gw, installs_gw


def deploy(stocks, inputs, aux, rates, memory, xp, clock) -> None:
    """Chips arriving in each country go through shipping and the wait for power."""
    K = inputs["K"]  # this run's constants (core.engine.inputs)
    life = inputs["hw_lifetime_years"]
    lag = inputs["ship_to_online_lag_months"]
    kw = aux["kw_per_h100e_new"]
    output = aux["us_gpu_output_h100e"]
    # exports beyond the packaging US buyers' orders leave spare are chips they do not get
    share = inputs["us_share_of_us_gpu_output"]
    us_arrivals = xp.minimum(output * share, aux["us_packaging_h100e"] * share
                             - aux["cn_legal_imports_h100e"]) + aux["tpu_output_h100e"]
    # US chips differ only by age: waiting ones are counted at this month's power per H100e
    ready, installs, _, _ = _deploy(
        stocks, rates, aux, US, us_arrivals, 0.0, stocks["us_deferred_h100e"] * kw / K.kw_per_gw,
        lag, life, xp, K)
    abroad_flow = aux["us_excess_deferred_h100e"] * inputs["us_siting_abroad_rate_per_year"]
    rates["us_deferred_h100e"] = ready - installs - abroad_flow
    aux["us_abroad_flow_h100e"] = abroad_flow
    abroad, abroad_load = stocks["us_abroad_h100e"], stocks["us_abroad_load_gw"]
    rates["us_abroad_h100e"] = abroad_flow - abroad / life
    rates["us_abroad_load_gw"] = abroad_flow * kw / K.kw_per_gw - abroad_load / life
    aux["us_abroad_h100e"] = abroad
    aux["us_abroad_gw"] = abroad_load

    # China's chips are of two kinds, imports and its own hungrier ones, in shares a ban
    # changes at once: its pipeline and queue carry their chips' load (co-flows), so a chip
    # keeps the power per H100e it was made with (a ban does not make waiting imports
    # hungrier)
    domestic = aux["cn_domestic_output_h100e"]
    cn_arrivals = aux["cn_legal_imports_h100e"] + aux["cn_smuggled_h100e"] + domestic
    cn_arrivals_gw = (cn_arrivals + (K.cn_domestic_power_penalty - 1.0) * domestic) * (
        kw / K.kw_per_gw)
    ready, installs, ready_gw, installs_gw = _deploy(
        stocks, rates, aux, CN, cn_arrivals, stocks["cn_in_transit_load_gw"],
        stocks["cn_deferred_load_gw"], lag, life, xp, K)
    rates["cn_in_transit_load_gw"] = cn_arrivals_gw - ready_gw
    rates["cn_deferred_h100e"] = ready - installs
    rates["cn_deferred_load_gw"] = ready_gw - installs_gw

    row_arrivals = output * (1.0 - inputs["us_share_of_us_gpu_output"])
    # Elsewhere too, chips are installed only as far as that power allows; the rest wait.
    row_deferred = stocks["row_deferred_h100e"]
    row_installs, _ = _vintages(
        stocks, rates, aux, ROW, xp.maximum(aux["row_headroom_gw"], 0.0), row_deferred,
        row_deferred * kw / K.kw_per_gw, life, xp, K)
    # the oldest US chips retired early are sold on to buyers elsewhere, where they wait
    # for power with the rest (they leave the US stock, and its load wanted)
    rates["row_deferred_h100e"] = row_arrivals + aux["us_early_retired_h100e"] - row_installs
    aux["us_arrivals_h100e"] = us_arrivals
    aux["cn_arrivals_h100e"] = cn_arrivals
    aux["row_arrivals_h100e"] = row_arrivals
    aux["row_deferred_h100e"] = row_deferred
    aux["global_installed_h100e"] = (aux["us_installed_h100e"] + aux["cn_installed_h100e"]
                                     + aux["row_installed_h100e"] + abroad)


def initial_vintage_shares(u, xp):
    """(shares of H100e, shares of load) of the second and third age cohorts in a stock that
    grew steadily before its start month: each cohort holds 1/(1 + g T) of the one before
    (g the stock's growth, T a generation), and draws more per H100e by the efficiency its
    chips are older by. The same whatever the lifetime lever, so a longer life starts from
    the same chips."""
    K = u["K"]
    kept = 1.0 / (1.0 + xp.log(K.stock_growth_before_2025_per_year ** K.vintage_years))
    hungrier = kept * u["flop_per_watt_growth_per_year"] ** K.vintage_years
    total = 1.0 + kept + kept * kept
    total_load = 1.0 + hungrier + hungrier * hungrier
    return ((kept / total, kept * kept / total),
            (hungrier / total_load, hungrier * hungrier / total_load))
