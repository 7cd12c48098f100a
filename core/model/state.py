"""The model's stocks, each declared once: unit, block, source, what it is, and the rule for
its value at a start month.

A run starts at an origin: January 2025 (the calibration month) or January 2022 (the
backcast, ``core.engine.history``). The rules are the same for both; what differs is the
origin's figures (``Origin``): installed chips, capacity, chip output and the like, from the
seed's and Epoch's 2025 figures or from the documented history. So the stocks start
consistent with each other at either origin: pipelines in steady state, installed chips
within capacity (nothing stranded at start).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from core.catalogue.constants import K as CATALOGUE
from core.model.chips import initial_kw_per_h100e_of_stock
from core.model.power import cn_committed_gw_per_year, steady_queue, us_connection_delay_months


def _constant(name: str) -> property:
    """A figure read from the run's constants when it starts (``Origin.reading``), not at
    import: a constant changed or sampled for a run is the one the run starts from."""
    return property(lambda self: getattr(self.K, name))


class Origin:
    """The figures of a start month that the stocks' start rules read; January 2025 here
    (the calibration month; its figures are mid-year, moved back half a year). Its figures
    read ``K``, the run's constants, set by ``reading`` when a run starts."""

    K: Any = CATALOGUE  # until ``reading`` binds a run's

    def reading(self, constants) -> Origin:
        """This origin reading a run's constants (floats, or (N,) rows of sampled ones)."""
        bound = copy.copy(self)
        bound.K = constants
        return bound

    us_dc_capacity_gw = _constant("us_dc_capacity_gw_2025")
    cn_dc_capacity_gw = _constant("cn_dc_capacity_gw_2025")
    us_installed_h100e = _constant("us_installed_h100e_2025")
    cn_installed_h100e = _constant("cn_installed_h100e_2025")
    row_installed_h100e = _constant("row_installed_h100e_2025")
    adoption_share_connected = _constant("adoption_share_connected_2025")
    open_weight_share = _constant("open_share_2025")
    us_ai_adoption_share = _constant("us_ai_adoption_share_2025")
    cn_ai_adoption_share = _constant("cn_ai_adoption_share_2025")
    cn_hbm_stockpile_h100e = _constant("cn_hbm_stockpile_h100e_2025")
    cn_substitution_pressure = _constant("cn_substitution_pressure_2025")

    @property
    def cn_power_penalty(self):
        """The stock's extra power per H100e for its share of China's domestic chips."""
        K = self.K
        return 1.0 + (K.cn_domestic_power_penalty - 1.0) * K.cn_domestic_share_of_stock_2025

    def us_gpu_output_h100e(self, u):
        """US-designed accelerator output, H100e per year."""
        K = self.K
        return K.us_gpu_output_h100e_2025 * u["us_chip_order_growth_per_year"] ** (
            -K.jan_to_mid_2025_years)

    def us_chip_budget_busd(self, u):
        """Yearly spending on US-designed accelerators, $B."""
        K = self.K
        price = (K.price_per_h100e_usd_2025
                 * u["price_performance_growth_per_year"] ** K.jan_to_mid_2025_years)
        return self.us_gpu_output_h100e(u) * price / K.usd_per_busd

    def tpu_output_h100e(self, u):
        K = self.K
        return K.tpu_output_h100e_2025 * u["tpu_output_multiple_2028"] ** (
            -K.jan_to_mid_2025_years / K.tpu_plan_years)

    def cn_domestic_output_h100e(self, u):
        K = self.K
        return (K.cn_domestic_output_h100e_2025
                * u["cn_domestic_chip_growth_per_year"] ** -K.jan_to_mid_2025_years)

    def cn_arrivals_h100e(self, u):
        """Chips reaching Chinese data centres per year: domestic output and the rest."""
        K = self.K
        return (self.cn_domestic_output_h100e(u) * u["ascend_yield"] / K.ascend_yield_2025
                + K.cn_other_arrivals_h100e_2025)

    def kw_per_h100e_of_stock(self, u):
        """Facility power per H100e of the chips installed at the start."""
        return initial_kw_per_h100e_of_stock(u["facility_kw_per_h100e"], self.K)

    def us_log_algo_efficiency(self, u):
        """ln of US algorithmic efficiency relative to January 2025."""
        return 0.0


def _us_arrivals(o: Origin, u):
    """Chips reaching US data centres per year: the US share of US-designed output and TPUs."""
    return o.us_gpu_output_h100e(u) * u["us_share_of_us_gpu_output"] + o.tpu_output_h100e(u)


def _pipeline_years(u, xp):
    K = u["K"]
    return xp.maximum(u["ship_to_online_lag_months"], K.min_pipeline_months) / K.months_per_year


StartRule = Callable[[Origin, Mapping[str, Any], Any], Any]


@dataclass(frozen=True)
class Stock:
    """A stock, declared once: its unit, the block that steps it, its source, its label,
    what it is, and the rule for its value at a start month, ``start(origin, u, xp)`` with
    the month's inputs ``u`` (floats or (N,) rows). core.model.structure reads it here."""

    id: str
    unit: str
    block: str
    source: str
    label: str  # a plain name for a policy reader
    definition: str
    start: StartRule


DECLARED: tuple[Stock, ...] = (
    Stock("us_dc_capacity_gw", "GW", "power", "S0", "US data-centre capacity",
          "connected US data-centre capacity",
          lambda o, u, xp: o.us_dc_capacity_gw),
    Stock("us_queue_gw", "GW", "power", "L2", "US power queue",
          "US data-centre power requests waiting in the interconnection queue",
          lambda o, u, xp: steady_queue(u["us_dc_committed_additions_gw_per_year"],
                                        us_connection_delay_months(u),
                                        u["us_new_generation_gw_per_year"], xp, u["K"])),
    Stock("cn_dc_capacity_gw", "GW", "power", "I1", "China data-centre capacity",
          "connected Chinese data-centre capacity",
          lambda o, u, xp: o.cn_dc_capacity_gw),
    Stock("cn_queue_gw", "GW", "power", "EST", "China power queue",
          "Chinese data-centre power requests waiting for connection",
          lambda o, u, xp: steady_queue(cn_committed_gw_per_year(u),
                                        u["K"].cn_grid_connection_delay_months,
                                        u["cn_new_generation_gw_per_year"], xp, u["K"])),
    Stock("log_us_chip_budget_busd", "ln($B/yr)", "chips", "N3; N4", "US chip spending (log)",
          "ln of yearly spending on US-designed accelerators ($B/yr)",
          lambda o, u, xp: xp.log(o.us_chip_budget_busd(u))),
    Stock("log_us_packaging_h100e", "ln(H100e/yr)", "chips", "T1; T2",
          "Packaging and HBM capacity (log)",
          "ln of packaging (CoWoS) and HBM capacity in H100e/yr",
          lambda o, u, xp: xp.log(o.us_gpu_output_h100e(u) * o.K.packaging_slack)),
    Stock("log_cn_domestic_capacity_h100e", "ln(H100e/yr)", "chips", "H1; H3",
          "China's chip capacity (log)",
          "ln of China's domestic accelerator capacity in H100e/yr at 2025 yield",
          lambda o, u, xp: xp.log(o.cn_domestic_output_h100e(u))),
    Stock("cn_hbm_stockpile_h100e", "H100e", "chips", "H3", "China's HBM stockpile",
          "HBM memory China holds from before the December 2024 rule, in the H100e of 2025 "
          "chips it can equip",
          lambda o, u, xp: o.cn_hbm_stockpile_h100e),
    Stock("us_in_transit_h100e", "H100e", "chips", "EST", "US chips in transit",
          "US chips shipped, not yet ready to install",
          lambda o, u, xp: _us_arrivals(o, u) * _pipeline_years(u, xp)),
    Stock("us_deferred_h100e", "H100e", "chips", "S0", "US chips waiting for power",
          "US chips ready but waiting for power (deferred deployments)",
          lambda o, u, xp: _us_arrivals(o, u) / o.K.months_per_year * o.K.install_months),
    Stock("us_installed_h100e", "H100e", "chips", "E6; E7", "US installed chips",
          "chips installed in US data centres",
          lambda o, u, xp: o.us_installed_h100e),
    Stock("us_installed_load_gw", "GW", "chips", "E6; SA1", "US chips' power draw",
          "power the installed US chips draw (co-flow of the installed stock)",
          lambda o, u, xp: o.us_installed_h100e * o.kw_per_h100e_of_stock(u) / o.K.kw_per_gw),
    Stock("us_abroad_h100e", "H100e", "chips", "EST", "US chips sited abroad",
          "US-owned chips sited abroad for want of US power",
          lambda o, u, xp: 0.0),
    Stock("us_abroad_load_gw", "GW", "chips", "EST", "Power of US chips abroad",
          "power the chips sited abroad draw",
          lambda o, u, xp: 0.0),
    Stock("cn_in_transit_h100e", "H100e", "chips", "EST", "China's chips in transit",
          "Chinese chips shipped or made, not yet ready",
          lambda o, u, xp: o.cn_arrivals_h100e(u) * _pipeline_years(u, xp)),
    Stock("cn_deferred_h100e", "H100e", "chips", "EST", "China's chips waiting for power",
          "Chinese chips waiting for power",
          lambda o, u, xp: o.cn_arrivals_h100e(u) / o.K.months_per_year * o.K.install_months),
    Stock("cn_installed_h100e", "H100e", "chips", "E7; E8", "China installed chips",
          "chips installed in China",
          lambda o, u, xp: o.cn_installed_h100e),
    Stock("cn_installed_load_gw", "GW", "chips", "DER", "China's chips' power draw",
          "power the installed Chinese chips draw",
          lambda o, u, xp: (o.cn_installed_h100e * o.kw_per_h100e_of_stock(u)
                            * o.cn_power_penalty / o.K.kw_per_gw)),
    Stock("row_installed_h100e", "H100e", "chips", "E7", "Chips installed elsewhere",
          "chips installed by other countries' buyers",
          lambda o, u, xp: o.row_installed_h100e),
    Stock("row_deferred_h100e", "H100e", "chips", "EST", "Chips elsewhere waiting for power",
          "chips bought outside the US and China, waiting for data-centre power there",
          lambda o, u, xp: (o.us_gpu_output_h100e(u) * (1.0 - u["us_share_of_us_gpu_output"])
                            / o.K.months_per_year * o.K.install_months)),
    Stock("row_installed_load_gw", "GW", "chips", "DER", "Power of chips elsewhere",
          "power those chips draw",
          lambda o, u, xp: o.row_installed_h100e * o.kw_per_h100e_of_stock(u) / o.K.kw_per_gw),
    Stock("cn_substitution_pressure", "1", "trade", "H3", "China's substitution pressure",
          "China's perceived import shortfall, smoothed over the substitution delay",
          lambda o, u, xp: o.cn_substitution_pressure),
    Stock("us_control_tightness", "1", "trade", "EST", "US control tightness",
          "US export-control tightness (+1 fully tight, -1 fully loose)",
          lambda o, u, xp: 0.0),
    Stock("us_log_algo_efficiency", "1", "compute", "E3", "US algorithmic efficiency (log)",
          "ln of US algorithmic efficiency relative to January 2025",
          lambda o, u, xp: o.us_log_algo_efficiency(u)),
    Stock("cn_log_algo_efficiency_vs_us", "1", "compute", "EST; O5",
          "China's algorithms vs US (log)",
          "ln of China's algorithmic efficiency over the US's",
          lambda o, u, xp: xp.log(o.K.cn_algo_efficiency_vs_us_2025)),
    Stock("adoption_share_connected", "1", "adoption", "MS1", "AI users among people online",
          "share of people online who use AI",
          lambda o, u, xp: o.adoption_share_connected),
    Stock("open_weight_share", "1", "adoption", "O1", "Open-weight share of usage",
          "open-weight share of AI usage",
          lambda o, u, xp: o.open_weight_share),
    Stock("us_ai_adoption_share", "1", "adoption", "A1; A4; CB1", "US AI adoption",
          "share of all US people who use generative AI (users aged 18-64)",
          lambda o, u, xp: o.us_ai_adoption_share),
    Stock("cn_ai_adoption_share", "1", "adoption", "CNNIC1", "China AI adoption",
          "share of all people in China who use generative AI",
          lambda o, u, xp: o.cn_ai_adoption_share),
)

STOCKS: tuple[str, ...] = tuple(stock.id for stock in DECLARED)
JANUARY_2025 = Origin()


def start_state(origin: Origin, u: Mapping[str, Any], xp) -> dict:
    """Every stock at the origin's month, from that month's inputs ``u`` (its constants
    under ``u["K"]``)."""
    origin = origin.reading(u["K"])
    return {stock.id: stock.start(origin, u, xp) for stock in DECLARED}
