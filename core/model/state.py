"""The model's stocks, each declared once: unit, block, source, what it is, and the rule for
its value at the model's first month.

Every run integrates from January 2022 (``Origin``: the documented history's figures) with
the documented inputs for 2022-2024 (core.engine.history). A run from January 2025 goes on
from where its own history run stands then, every stock and the blocks' memory
(core.engine.simulation), so no stock is set by hand in 2025. The rules keep the stocks
consistent with each other at the start: pipelines in steady state, installed chips within
capacity (nothing stranded at start).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from core.catalogue.constants import K as CATALOGUE
from core.model.chips import initial_vintage_shares
from core.model.compute import LN2
from core.model.power import cn_committed_gw_per_year, steady_queue, us_connection_delay_months


def _constant(name: str) -> property:
    """A figure read from the run's constants when it starts (``Origin.reading``), not at
    import: a constant changed or sampled for a run is the one the run starts from."""
    return property(lambda self: getattr(self.K, name))


class Origin:
    """The figures of January 2022 that the stocks' start rules read: constants
    (core.catalogue.constants, sampled in Monte Carlo where ranged), or zero before the
    thing existed. Its rules read ``K``, the run's constants, set by ``reading`` when a run
    starts."""

    K: Any = CATALOGUE  # until ``reading`` binds a run's

    def reading(self, constants) -> Origin:
        """This origin reading a run's constants (floats, or (N,) rows of sampled ones)."""
        bound = copy.copy(self)
        bound.K = constants
        return bound

    us_dc_capacity_gw = _constant("us_dc_capacity_gw_2022")
    cn_dc_capacity_gw = _constant("cn_dc_capacity_gw_2022")
    us_installed_h100e = _constant("us_installed_h100e_2022")
    cn_installed_h100e = _constant("cn_installed_h100e_2022")
    row_installed_h100e = _constant("row_installed_h100e_2022")
    adoption_share_connected = _constant("adoption_share_connected_2022")
    open_weight_share = _constant("open_share_2022")
    cn_hbm_stockpile_h100e = _constant("cn_hbm_stockpile_h100e_2025")  # H3: held since before
    cn_substitution_pressure = 0.0  # before the October 2022 rules
    us_ai_adoption_share = 0.0  # A1: before ChatGPT (Nov 2022)
    cn_ai_adoption_share = 0.0  # CAC1: before China's first public services (Aug 2023)
    cn_power_penalty = 1.0  # domestic chips were a small share of the 2022 stock

    def us_chip_budget_busd(self, u):
        """Yearly spending on US-designed accelerators, $B."""
        return self.K.us_chip_budget_busd_2022

    def us_gpu_output_h100e(self, u):
        """US-designed accelerator output, H100e per year: what the 2022 budget bought at
        the 2022 price per H100e."""
        K = self.K
        price = (K.price_per_h100e_usd_2025
                 * u["price_performance_growth_per_year"] ** K.jan_2022_to_mid_2025_years)
        return K.us_chip_budget_busd_2022 * K.usd_per_busd / price

    def tpu_output_h100e(self, u):
        """Google's TPU output, H100e per year (on the TPU path)."""
        K = self.K
        return K.tpu_units_2025 * K.tpu_h100e_per_unit_2025 * K.tpu_output_share_2022

    def cn_domestic_output_h100e(self, u):
        return self.K.cn_domestic_output_h100e_2022

    def cn_arrivals_h100e(self, u):
        """Chips reaching Chinese data centres per year: domestic output and the rest."""
        return self.K.cn_arrivals_h100e_2022

    def kw_per_h100e_of_stock(self, u):
        """Facility power per H100e of the chips installed at the start."""
        return self.K.kw_per_h100e_stock_2022

    def kw_per_h100e_new(self, u):
        """Facility power per H100e of a chip made in January 2022 (the chips in the
        pipelines and waiting for power at the start): three and a half years of efficiency
        before mid-2025."""
        return u["facility_kw_per_h100e"] * u["flop_per_watt_growth_per_year"] ** (
            self.K.jan_2022_to_mid_2025_years)

    def cn_arrivals_penalty(self, u):
        """China's arriving chips' extra power per H100e: its own, hungrier chips' share."""
        K = self.K
        domestic = self.cn_domestic_output_h100e(u) * u["ascend_yield"] / K.ascend_yield_2025
        return 1.0 + (K.cn_domestic_power_penalty - 1.0) * domestic / self.cn_arrivals_h100e(u)

    def us_log_algo_efficiency(self, u):
        """ln of US algorithmic efficiency relative to January 2025: algorithms three years
        less efficient than in 2025."""
        K = self.K
        months = (K.jan_2022_to_mid_2025_years - K.jan_to_mid_2025_years) * K.months_per_year
        return -LN2 * months / u["algo_halving_months"]


def _vintage(which: int, of_load: bool) -> Callable:
    """The start rule of an older age cohort: its share of the installed chips or load."""
    def start(stock: Callable) -> StartRule:
        return lambda o, u, xp: stock(o, u, xp) * initial_vintage_shares(u, xp)[of_load][which]
    return start


def _us_arrivals(o: Origin, u):
    """Chips reaching US data centres per year: the US share of US-designed output and TPUs."""
    return o.us_gpu_output_h100e(u) * u["us_share_of_us_gpu_output"] + o.tpu_output_h100e(u)


def _pipeline_years(u, xp):
    """The chips in a pipeline at the start: a steady pipeline at the default lag, so a
    shorter lag delivers the same chips sooner (version 2 started a shorter pipeline
    with fewer chips in it)."""
    K = u["K"]
    return K.reference_lag_months / K.months_per_year


StartRule = Callable[[Origin, Mapping[str, Any], Any], Any]


def _cn_load_of(chips: StartRule) -> StartRule:
    """The power drawn by China's chips made in the start month (a pipeline's or a queue's
    load: its own chips draw more)."""
    def start(o, u, xp):
        return (chips(o, u, xp) * o.kw_per_h100e_new(u) * o.cn_arrivals_penalty(u)
                / o.K.kw_per_gw)
    return start


def _cn_in_transit(o, u, xp):
    return o.cn_arrivals_h100e(u) * _pipeline_years(u, xp)


def _cn_deferred(o, u, xp):
    return o.cn_arrivals_h100e(u) / o.K.months_per_year * o.K.install_months


@dataclass(frozen=True)
class Stock:
    """A stock, declared once: its unit, the block that steps it, its source, its label,
    what it is, and the rule for its value at the first month, ``start(origin, u, xp)``
    with the month's inputs ``u`` (floats or (N,) rows). core.model.structure reads it here."""

    id: str
    unit: str
    block: str
    source: str
    label: str  # a plain name for a policy reader
    definition: str
    start: StartRule


def _US_CHIPS(o, u, xp):
    return o.us_installed_h100e


def _US_LOAD(o, u, xp):
    return o.us_installed_h100e * o.kw_per_h100e_of_stock(u) / o.K.kw_per_gw


def _CN_CHIPS(o, u, xp):
    return o.cn_installed_h100e


def _CN_LOAD(o, u, xp):
    return (o.cn_installed_h100e * o.kw_per_h100e_of_stock(u) * o.cn_power_penalty
            / o.K.kw_per_gw)


def _ROW_CHIPS(o, u, xp):
    return o.row_installed_h100e


def _ROW_LOAD(o, u, xp):
    return o.row_installed_h100e * o.kw_per_h100e_of_stock(u) / o.K.kw_per_gw


def _older_vintages(side: str, whose: str, chips: StartRule, load: StartRule,
                    source: str) -> tuple[Stock, ...]:
    """The second and third age cohorts of a country's installed chips and their load (the
    youngest is the total less these), split as a stock that grew steadily would be."""
    stocks = []
    for which, age in ((0, "2"), (1, "3")):
        for of_load, unit, what, rule in ((False, "H100e", "chips", chips),
                                          (True, "GW", "power draw", load)):
            name = f"{side}_vintage{age}_{'load_gw' if of_load else 'h100e'}"
            stocks.append(Stock(
                name, unit, "chips", source, f"{whose} {what}, age cohort {age}",
                f"{what} of installed chips in the {'second' if age == '2' else 'last'} third "
                f"of their life (older chips draw more per H100e)",
                _vintage(which, of_load)(rule)))
    return tuple(stocks)


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
          "chips installed in US data centres", _US_CHIPS),
    Stock("us_installed_load_gw", "GW", "chips", "E6; SA1", "US chips' power draw",
          "power the installed US chips draw (co-flow of the installed stock)", _US_LOAD),
    *_older_vintages("us", "US", _US_CHIPS, _US_LOAD, "E6; E5"),
    Stock("us_abroad_h100e", "H100e", "chips", "EST", "US chips sited abroad",
          "US-owned chips sited abroad for want of US power",
          lambda o, u, xp: 0.0),
    Stock("us_abroad_load_gw", "GW", "chips", "EST", "Power of US chips abroad",
          "power the chips sited abroad draw",
          lambda o, u, xp: 0.0),
    Stock("cn_in_transit_h100e", "H100e", "chips", "EST", "China's chips in transit",
          "Chinese chips shipped or made, not yet ready",
          _cn_in_transit),
    Stock("cn_in_transit_load_gw", "GW", "chips", "DER", "Power of China's chips in transit",
          "power China's chips in transit will draw, each at the power per H100e it was made "
          "with", _cn_load_of(_cn_in_transit)),
    Stock("cn_deferred_h100e", "H100e", "chips", "EST", "China's chips waiting for power",
          "Chinese chips waiting for power", _cn_deferred),
    Stock("cn_deferred_load_gw", "GW", "chips", "DER", "Power China's waiting chips need",
          "power the Chinese chips waiting for a connection would draw, each at the power "
          "per H100e it was made with", _cn_load_of(_cn_deferred)),
    Stock("cn_installed_h100e", "H100e", "chips", "E7; E8", "China installed chips",
          "chips installed in China", _CN_CHIPS),
    Stock("cn_installed_load_gw", "GW", "chips", "DER", "China's chips' power draw",
          "power the installed Chinese chips draw", _CN_LOAD),
    *_older_vintages("cn", "China", _CN_CHIPS, _CN_LOAD, "E7; E5"),
    Stock("row_installed_h100e", "H100e", "chips", "E7", "Chips installed elsewhere",
          "chips installed by other countries' buyers", _ROW_CHIPS),
    Stock("row_deferred_h100e", "H100e", "chips", "EST", "Chips elsewhere waiting for power",
          "chips bought outside the US and China, waiting for data-centre power there",
          lambda o, u, xp: (o.us_gpu_output_h100e(u) * (1.0 - u["us_share_of_us_gpu_output"])
                            / o.K.months_per_year * o.K.install_months)),
    Stock("row_installed_load_gw", "GW", "chips", "DER", "Power of chips elsewhere",
          "power those chips draw", _ROW_LOAD),
    *_older_vintages("row", "Other countries'", _ROW_CHIPS, _ROW_LOAD, "E7; E5"),
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
JANUARY_2022 = Origin()


def start_state(origin: Origin, u: Mapping[str, Any], xp) -> dict:
    """Every stock at the origin's month (January 2022), from that month's inputs ``u``
    (its constants under ``u["K"]``)."""
    origin = origin.reading(u["K"])
    return {stock.id: stock.start(origin, u, xp) for stock in DECLARED}
