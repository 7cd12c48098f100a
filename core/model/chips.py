"""Chips block: accelerator supply bounded by spending and packaging, and deployment bounded
by power.

Units: H100-equivalents (H100e) for stocks, H100e/yr for flows, GW for the power drawn by
installed chips (a co-flow of the installed stock, so old, hungrier chips retire with their
load). Supply: buyers' spending on US-designed accelerators grows towards a ceiling and falls
back when chips pile up unpowered; output is what that spending buys at the falling price per
H100e, up to the packaging (CoWoS/HBM) capacity, which expands at a bounded rate. Deployment:
chips ship, then wait until the data-centre headroom can take them; US-owned chips that wait
too long are sited abroad.
"""

from __future__ import annotations

from core.catalogue.constants import K
from core.catalogue.levers import LEVERS


def supply(stocks, inputs, aux, rates, memory, xp, clock) -> None:
    """Prices, efficiency and output: what is made this month (before trade and deployment)."""
    years = clock.years
    price = K.price_per_h100e_usd_2025 * inputs["price_performance_growth_per_year"] ** (-years)
    aux["price_per_h100e_usd"] = price
    aux["kw_per_h100e_new"] = inputs["facility_kw_per_h100e"] * inputs[
        "flop_per_watt_growth_per_year"] ** (-years)
    aux["chip_performance_index"] = inputs["chip_perf_growth_per_year"] ** years

    # Growth stocks are integrated as logarithms: explicit Euler on ln S is exact for steady
    # exponential growth, which monthly Euler on S misses by ~2% a year at 2x a year.
    budget = xp.exp(stocks["log_us_chip_budget_busd"])
    packaging = xp.exp(stocks["log_us_packaging_h100e"])
    ordered = budget * K.usd_per_busd / price
    output = xp.minimum(ordered, packaging)
    aux["us_gpu_output_h100e"] = output
    aux["us_chip_budget_busd"] = budget
    aux["us_packaging_h100e"] = packaging

    # TPUs: Google's plan, the multiple by mid-2028, then as many more per dollar as
    # price-performance allows; they queue for US power like every other chip.
    ahead = xp.maximum(years, 0.0)
    tpu_path = (K.tpu_output_h100e_2025
                * K.tpu_history_growth_per_year ** xp.minimum(years, 0.0)
                * inputs["tpu_output_multiple_2028"] ** (xp.minimum(ahead, K.tpu_plan_years)
                                                         / K.tpu_plan_years)
                * inputs["price_performance_growth_per_year"] ** xp.maximum(
                    years - K.tpu_plan_years, 0.0))

    # Orders fall back when ready chips wait for power beyond their normal month in line.
    arrivals_per_month = ((output * inputs["us_share_of_us_gpu_output"] + tpu_path)
                          / K.months_per_year)
    in_line = arrivals_per_month * K.install_months
    excess = xp.maximum(stocks["us_deferred_h100e"] - in_line, 0.0)
    excess_ratio = excess / (arrivals_per_month * xp.maximum(inputs["ship_to_online_lag_months"],
                                                             K.min_pipeline_months))
    aux["us_excess_deferred_h100e"] = excess
    aux["tpu_output_h100e"] = tpu_path
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
    domestic = xp.exp(stocks["log_cn_domestic_capacity_h100e"])
    ceiling = (inputs["cn_domestic_cap_mh100e_per_year"] * K.h100e_per_mh100e
               * aux["chip_performance_index"]
               * (1.0 + K.substitution_capacity_boost * pressure))
    rate = xp.log(inputs["cn_domestic_chip_growth_per_year"]) * (
        1.0 + K.substitution_growth_boost * pressure)
    rates["log_cn_domestic_capacity_h100e"] = rate * (1.0 - domestic / ceiling)
    aux["cn_domestic_output_h100e"] = domestic * inputs["ascend_yield"] / K.ascend_yield_2025
    aux["cn_domestic_ceiling_h100e"] = ceiling


class _Side:
    """Variable names of one country's deployment chain (made once: string building is slow)."""

    def __init__(self, side: str):
        for name in ("in_transit_h100e", "deferred_h100e", "headroom_gw", "installed_h100e",
                     "installed_load_gw", "stranded_gw", "stranded_h100e", "powered_h100e",
                     "ready_h100e", "installs_h100e"):
            setattr(self, name, f"{side}_{name}")


US, CN = _Side("us"), _Side("cn")


def _deploy(s, d, v, side, arrivals, kw_arrivals, lag_months, life_years, xp):
    """Ship, wait for power, install, retire; returns (installs, excess waiting) in H100e."""
    transit = s[side.in_transit_h100e]
    deferred = s[side.deferred_h100e]
    ready = transit * K.months_per_year / xp.maximum(lag_months, K.min_pipeline_months)
    room = xp.maximum(v[side.headroom_gw], 0.0) * K.kw_per_gw / v["kw_per_h100e_new"]
    installs = xp.minimum(deferred, room) * K.months_per_year / K.install_months
    d[side.in_transit_h100e] = arrivals - ready
    installed = s[side.installed_h100e]
    load = s[side.installed_load_gw]
    d[side.installed_h100e] = installs - installed / life_years
    d[side.installed_load_gw] = installs * kw_arrivals / K.kw_per_gw - load / life_years
    stranded_share = v[side.stranded_gw] / load
    v[side.installed_h100e] = installed
    v[side.stranded_h100e] = installed * stranded_share
    v[side.powered_h100e] = installed * (1.0 - stranded_share)
    v[side.installed_load_gw] = load
    v[side.deferred_h100e] = deferred
    v[side.in_transit_h100e] = transit
    v[side.ready_h100e] = ready
    v[side.installs_h100e] = installs
    return ready, installs


def deploy(stocks, inputs, aux, rates, memory, xp, clock) -> None:
    """Chips arriving in each country go through shipping and the wait for power."""
    life = inputs["hw_lifetime_years"]
    lag = inputs["ship_to_online_lag_months"]
    kw = aux["kw_per_h100e_new"]
    output = aux["us_gpu_output_h100e"]
    us_arrivals = output * inputs["us_share_of_us_gpu_output"] + aux["tpu_output_h100e"]
    ready, installs = _deploy(stocks, rates, aux, US, us_arrivals, kw, lag, life, xp)
    abroad_flow = aux["us_excess_deferred_h100e"] * inputs["us_siting_abroad_rate_per_year"]
    rates["us_deferred_h100e"] = ready - installs - abroad_flow
    aux["us_abroad_flow_h100e"] = abroad_flow
    abroad, abroad_load = stocks["us_abroad_h100e"], stocks["us_abroad_load_gw"]
    rates["us_abroad_h100e"] = abroad_flow - abroad / life
    rates["us_abroad_load_gw"] = abroad_flow * kw / K.kw_per_gw - abroad_load / life
    aux["us_abroad_h100e"] = abroad
    aux["us_abroad_gw"] = abroad_load

    domestic = aux["cn_domestic_output_h100e"]
    cn_arrivals = aux["cn_legal_imports_h100e"] + aux["cn_smuggled_h100e"] + domestic
    penalty = 1.0 + (K.cn_domestic_power_penalty - 1.0) * domestic / xp.maximum(
        cn_arrivals, K.flow_floor_h100e_per_year)
    ready, installs = _deploy(stocks, rates, aux, CN, cn_arrivals, kw * penalty, lag, life, xp)
    rates["cn_deferred_h100e"] = ready - installs

    row_arrivals = xp.maximum(output * (1.0 - inputs["us_share_of_us_gpu_output"])
                              - aux["cn_legal_imports_h100e"], 0.0)
    row, row_load = stocks["row_installed_h100e"], stocks["row_installed_load_gw"]
    rates["row_installed_h100e"] = row_arrivals - row / life
    aux["us_arrivals_h100e"] = us_arrivals
    aux["cn_arrivals_h100e"] = cn_arrivals
    aux["row_arrivals_h100e"] = row_arrivals
    rates["row_installed_load_gw"] = row_arrivals * kw / K.kw_per_gw - row_load / life
    aux["row_installed_h100e"] = row
    aux["row_installed_load_gw"] = row_load
    aux["global_installed_h100e"] = (aux["us_installed_h100e"] + aux["cn_installed_h100e"] + row
                                     + abroad)


def initial_kw_per_h100e_of_stock(facility_kw):
    """Power per H100e of the chips installed in January 2025 (older, hungrier vintages),
    scaled with the lever's assumption for new chips."""
    return K.kw_per_h100e_stock_2025 * facility_kw / LEVERS["facility_kw_per_h100e"].default

