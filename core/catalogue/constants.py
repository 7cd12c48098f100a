"""Model constants: every number in an equation that is not a lever, with unit and source.

Source keys are those of ``core.catalogue.sources``; ``EST`` marks an estimate with no published figure
(said openly), ``DER`` arithmetic on sourced figures (the note says which). Blocks read them
through the namespace ``K`` (attribute access), so a check can swap in numbers that carry units.

What is not known about a constant is declared beside it: a ``range`` (low, high) with the
reason for it (``why``), which Monte Carlo draws from (a triangle with its mode at the value)
and What matters ranks, or ``fixed``: why it is held at its value (a unit conversion, a
definition, a fit a range would undo). Constants that are not known independently (fitted
together, or the two halves of one split) share a ``group``: What matters varies them
together and reports one index for the group.

The values declared here are priors: the calibration fit (core.analysis.fit, rerun by
``python -m core.build``) moves at most eight ranged constants to meet the history and the
published figures, and the catalogue below reads their fitted values from
core/catalogue/fit.json (the declared value stays as ``prior``).

A run reads its constants from its inputs (``inputs["K"]``, core.engine.inputs), never from
this module's ``K`` directly: a run with sampled constants (keys ``"K.<id>"`` beside the lever
values) gets a namespace of its own holding (N,) rows for them.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
from dataclasses import dataclass
from types import MappingProxyType

from core.catalogue import calibration

INPUT_KEY = "K"  # where a month's inputs hold the run's constants
SAMPLED_PREFIX = "K."  # a lever-values key "K.<id>" replaces constant <id> in a run


@dataclass(frozen=True)
class Constant:
    id: str
    value: float
    unit: str
    source: str
    note: str
    low: float | None = None  # the range Monte Carlo draws from (with ``high``), or None
    high: float | None = None
    why: str = ""  # the reason for the range: a source's figures, or EST said openly
    fixed: str = ""  # why the constant is held at its value (no range)
    group: str = ""  # constants varied together in What matters (one index for the group)
    prior: float | None = None  # the declared value, when the calibration fit moved it
    se: float | None = None  # the fitted value's standard error (core/catalogue/fit.json)

    @property
    def is_estimate(self) -> bool:
        return self.source.startswith("EST")

    @property
    def declared(self) -> float:
        """The value declared below: the prior of the calibration fit."""
        return self.value if self.prior is None else self.prior

    @property
    def is_fitted(self) -> bool:
        return self.prior is not None

    @property
    def is_ranged(self) -> bool:
        return self.low is not None

    @property
    def key(self) -> str:
        """Its key among a run's values when it is sampled (``"K.<id>"``)."""
        return SAMPLED_PREFIX + self.id

    @property
    def uncertainty(self) -> str:
        """What the assumptions browser says of it: its range and why, or why it is fixed."""
        if self.is_fitted:
            return (f"fitted to the history: {self.value:.4g} ± {self.se:.2g} {self.unit} "
                    f"(prior {self.prior:g}, range {self.low:g} to {self.high:g}: {self.why})")
        if self.is_ranged:
            text = f"range {self.low:g} to {self.high:g} {self.unit}: {self.why}"
            return text + (f" (varied with the group '{self.group}')" if self.group else "")
        if self.fixed:
            return f"fixed: {self.fixed}"
        return "fixed: no range given yet"


def _c(id, value, unit, source, note, *, range=None, why="", fixed="", group="") -> Constant:
    value = float(value)
    low, high = (None, None) if range is None else (float(range[0]), float(range[1]))
    if range is not None and not (low <= value <= high and low < high):
        raise ValueError(f"constant {id}: range {low:g} to {high:g} must hold its value "
                         f"{value:g}")
    if range is not None and (fixed or not why):
        raise ValueError(f"constant {id}: a range needs its reason and no 'fixed'")
    if group and range is None:
        raise ValueError(f"constant {id}: only a ranged constant belongs to a group")
    return Constant(id, value, unit, source, note, low, high, why, fixed, group)


# why the definitions below carry no range
DEFINITION = "a unit conversion or definition, exact"
TOLERANCE = "a numerical floor or step that keeps the arithmetic finite and stable, not a belief"
SOURCED = "a published figure, held at its source's value"


_CATALOGUE: tuple[Constant, ...] = (
    # ---- unit conversions and the clock (definitions: each carries its unit, so the unit
    # check in tests/core/test_model_units.py sees every conversion an equation makes) -----
    _c("months_per_year", 12, "months/yr", "DER", "Months in a year.",
       fixed=DEFINITION),
    _c("kw_per_gw", 1e6, "kW/GW", "DER", "kW in a GW.",
       fixed=DEFINITION),
    _c("usd_per_busd", 1e9, "USD/$B", "DER", "US dollars in a billion.",
       fixed=DEFINITION),
    _c("gwh_per_twh", 1000, "GWh/TWh", "DER", "GWh in a TWh.",
       fixed=DEFINITION),
    _c("h100e_per_mh100e", 1e6, "H100e/M H100e", "DER", "H100e in a million H100e.",
       fixed=DEFINITION),
    _c("chips_per_mchips", 1e6, "chips/M chips", "DER", "Chips in a million chips.",
       fixed=DEFINITION),
    _c("jan_to_mid_2025_years", 0.5, "yr", "DER",
       "The clock counts years from mid-2025; January 2025 is half a year earlier.",
       fixed=DEFINITION),
    _c("jan_2022_to_mid_2025_years", 3.5, "yr", "DER",
       "From the model's first month, January 2022, to mid-2025 (where the clock counts from).",
       fixed=DEFINITION),
    # ---- power ------------------------------------------------------------------------
    _c("us_non_ai_load_gw_2025", 43, "GW", "S0; E9; DER",
       "US conventional data-centre load in January 2025: 51 GW less ~6 GW of AI load "
       "(EPRI/Epoch: ~5 GW) and ~1 GW of spare capacity.",
       range=(40.0, 44.0), why="E9: AI load of 3-8 GW (EPRI/Epoch ~5) in the 51 GW, and no more than leaves the starting chips their power"),
    _c("us_non_ai_load_growth_per_year", 0.087, "growth/yr", "I1; DER",
       "Growth of US (and China's) conventional (cloud, enterprise) data-centre load wanted to "
       "the end of 2030: IEA's base case has conventional servers' electricity up 52% over "
       "2025-2030. "
       "Check: IEA's 426 TWh for US data centres in 2030 is ~101 GW of capacity at the load "
       "factor below, of which this leaves ~36 GW for AI (EPRI/Epoch: 30-70 GW).",
       range=(0.06, 0.11), why="EST: about a third either side of IEA's base case for conventional servers (I1)"),
    _c("us_non_ai_load_growth_after_2030_per_year", 0.049, "growth/yr", "I1; BN1; DER",
       "Growth of US conventional data-centre load wanted after 2030: IEA's whole-sector "
       "world growth over 2030-2035 (945 to 1,200 TWh), an upper bound for its conventional "
       "part. Conventional load reaches ~90 GW in 2035, inside BNEF's 106 GW for all US data "
       "centres (version 2 grew it 9%/yr throughout, to 110 GW).",
       range=(0.03, 0.049), why="I1; BN1: IEA's whole-sector growth is its upper bound; EST down to 3%/yr"),
    _c("conventional_fast_growth_years", 6, "yr", "I1; DER",
       "January 2025 to the end of 2030: the years IEA's conventional-server growth covers.",
       fixed=SOURCED),
    _c("non_ai_load_growth_per_year", 0.04, "growth/yr", "I1; DER",
       "Growth of conventional data-centre load outside the US and China (IEA: Europe's "
       "data-centre use grows 68 to 113 TWh over 2024-2030, AI included).",
       range=(0.02, 0.06), why="I1: Europe's data centres grow 8.8%/yr with AI; EST 2-6%/yr without it"),
    _c("cn_non_ai_load_gw_2025", 24, "GW", "I1; DER",
       "China conventional data-centre load in January 2025: IEA's 102 TWh for 2024 at the "
       "load factor below (~26 GW) less ~1 GW of AI load and ~1 GW spare.",
       range=(21.0, 27.0), why="I1; DER: IEA's capacity less ~2 GW of AI load and spare"),
    _c("row_dc_capacity_gw_2025", 32.5, "GW", "I1; DER",
       "Data-centre capacity outside the US and China in January 2025: IEA's 415 TWh world "
       "less 183 (US) and 102 (China) in 2024 is 130 TWh, 30.9 GW of capacity at the load "
       "factor below in mid-2024, grown half a year at the rate below.",
       range=(29.0, 36.0), why="I1; DER: IEA's 130 TWh elsewhere at load factors 0.44-0.50, with the conventional load beside it", group="row_power_2025"),
    _c("row_non_ai_load_gw_2025", 30, "GW", "I1; DER",
       "Conventional data-centre load outside the US and China in January 2025: the 32.5 GW "
       "of capacity above less ~1.5 GW of AI chips' load and ~1 GW spare.",
       range=(26.5, 33.5), why="I1; DER: the capacity less ~2.5 GW of AI load and spare, so it moves with the capacity", group="row_power_2025"),
    _c("row_dc_capacity_growth_per_year", 0.109, "growth/yr", "I1; DER",
       "Growth of data-centre capacity outside the US and China: IEA's world less US less "
       "China goes from 130 TWh in 2024 to 242 TWh in 2030 (945 - 426 - 277), 10.9%/yr.",
       range=(0.08, 0.13), why="I1: IEA's base case 10.9%/yr; EST spread for its lower and higher cases"),
    _c("dc_load_factor", 0.48, "1", "I1; L1; S0; DER",
       "Average load over capacity: IEA's 183 TWh for the US in 2024 is 20.9 GW of average "
       "load against ~47 GW of capacity (0.44); LBNL's 2028 TWh and GW ranges give 0.50.",
       range=(0.44, 0.5), why="I1; L1: 0.44 from IEA's 2024 US figures, 0.50 from LBNL's 2028 ranges"),
    _c("hours_per_year", 8766, "h/yr", "DER", "Average hours in a year.",
       fixed=DEFINITION),
    _c("dc_share_of_new_generation_max", 0.5, "1", "EST",
       "Data centres can take at most half of the new US generation built each year.",
       range=(0.3, 0.7), why="EST: a third to two-thirds of new generation"),
    _c("queue_completion_share", 0.5, "1", "EST; L2",
       "Share of data-centre power requests in the queue that get connected. LBNL: only "
       "13-19% of generation queues get built, but load requests are firmer; estimate.",
       range=(0.3, 0.7), why="L2: 13-19% of generation queues are built; load requests are firmer (EST)"),
    _c("min_adjustment_months", 1.5, "months", "EST",
       "Shortest grid-queue delay and open-model switching time, so monthly Euler steps of "
       "these first-order adjustments stay stable.",
       fixed=TOLERANCE),
    _c("connection_floor_gw_per_year", 1e-9, "GW/yr", "DER",
       "Floor on a connection rate in a denominator, so a grid with no new generation "
       "connects nothing instead of dividing by zero.", fixed=TOLERANCE),
    _c("queue_response_years", 2.8, "yr", "EST",
       "Developers file requests for a shortfall within about a year of seeing it.",
       range=(1.5, 4.0), why="EST: one and a half to four years"),
    _c("cn_grid_connection_delay_months", 12, "months", "EST",
       "China's state-directed grid connects data centres in about a year.",
       range=(6.0, 24.0), why="EST: half a year to two years"),
    _c("install_ahead_months", 2.7, "months", "EST",
       "Chips are installed up to this many months of expected grid connections ahead of "
       "power; those are the stranded (installed, unpowered) chips.",
       range=(1.0, 6.0), why='EST: from one month of connections to half a year ahead'),
    # ---- chips ------------------------------------------------------------------------
    _c("price_per_h100e_usd_2025", 25_000, "USD/H100e", "B1; N3; DER",
       "Price per H100e of 2025 accelerators: Nvidia's ~$35 B of content per GW over "
       "~1.4 M H100e per GW (1.2 kW each incl. networking share).",
       range=(20000, 32000), why="EST: about ±25%, the spread between Bernstein's and Nvidia's content per GW (B1, N3)"),
    # ---- January 2022: the figures every run starts from (core.model.state) -------------
    _c("us_dc_capacity_gw_2022", 40.0, "GW", "L1; DER",
       "US data-centre capacity in January 2022: 176 TWh in 2023 at the load factor is ~45 GW.",
       range=(35.0, 45.0), why="L1: LBNL's 2022-2023 electricity (±10%) at the load factor"),
    _c("cn_dc_capacity_gw_2022", 20.0, "GW", "I1; DER",
       "China data-centre capacity in January 2022: IEA's 102 TWh for 2024, growing ~12%/yr.",
       range=(16.0, 24.0), why="I1: IEA's China figure is an estimate; ±20%"),
    _c("us_installed_h100e_2022", 0.4e6, "H100e", "E5; DER",
       "AI compute installed in the US in January 2022: Nvidia's stock grew ~2.3x a year to "
       "~4 M H100e in 2025.",
       range=(0.25e6, 0.6e6), why="E5: the growth rate's spread over three years back",
       group="installed_2022"),
    _c("row_installed_h100e_2022", 0.15e6, "H100e", "E7; DER",
       "AI compute installed elsewhere in January 2022.",
       range=(0.1e6, 0.22e6), why="E5; E7: the rest of the world's share of the same world "
       "stock, so it moves with the US's", group="installed_2022"),
    _c("cn_installed_h100e_2022", 0.12e6, "H100e", "E7; DER",
       "AI compute installed in China in January 2022: about 15% of the world before the "
       "October 2022 rules.",
       range=(0.07e6, 0.18e6), why="E7: China's 10-20% of the world's stock before the rules"),
    _c("kw_per_h100e_stock_2022", 2.1, "kW/H100e", "DER",
       "Facility power per H100e of the chips installed in January 2022: A100-era systems, "
       "~0.3 H100e per 400 W chip, with cooling.",
       range=(1.7, 2.5), why="DER: the A100/V100 mix and cooling overhead"),
    _c("cn_domestic_output_h100e_2022", 0.03e6, "H100e/yr", "H1; EST",
       "China's domestic accelerator output in January 2022: Ascend 910 before SMIC's 7 nm "
       "ramp.",
       range=(0.015e6, 0.06e6), why="EST: no published figure; a factor of two either way"),
    _c("cn_arrivals_h100e_2022", 0.2e6, "H100e/yr", "EST",
       "Chips reaching Chinese data centres per year in January 2022, for its starting "
       "pipelines (before the October 2022 rules: mostly A100s).",
       range=(0.12e6, 0.3e6), why="EST: about the 15% of Nvidia's data-centre sales China took"),
    _c("adoption_share_connected_2022", 0.005, "1", "MS1; EST",
       "Share of people online using AI in January 2022, before ChatGPT (November 2022).",
       fixed="a start well below every later figure; the history's adoption rows fit the rise"),
    _c("open_share_2022", 0.05, "1", "O1; EST",
       "Open-weight share of AI usage in January 2022.",
       fixed="a start; the share relaxes to its equilibrium within a year (O1 checks 2024)"),
    _c("tpu_output_share_2022", 0.125, "1", "M1; EST",
       "Google's TPU output in January 2022 as a share of its 2025 output in H100e (an eighth: "
       "three generations back at about twice the output each).",
       range=(0.08, 0.2), why="M1: 7.9 M units over 2022-2025; the split across years is EST"),
    _c("us_chip_budget_busd_2022", 16.0, "$B/yr", "N4; EST",
       "Yearly spending on US-designed accelerators in January 2022, where every run starts: "
       "Nvidia's data-centre revenue of $10.6 B in FY2022 plus AMD, others and in-house chips.",
       range=(12.0, 20.0), why="N4: Nvidia's reported $10.6 B; the others' share is EST"),
    _c("us_chip_budget_max_busd", 1450, "$B/yr", "N3; B1; DER",
       "Ceiling on yearly spending on US-designed AI accelerators: Nvidia expects $3-4 T a "
       "year of AI infrastructure spending by 2030, of which accelerators are ~40% (Bernstein).",
       range=(1200, 1600), why='N3; B1: $3-4 T a year of AI infrastructure by 2030, about 40% of it accelerators'),
    _c("backlog_order_brake", 0.18, "1/yr", "EST",
       "How fast orders fall per unit of backlog in excess of the normal install pipeline "
       "(in months of deliveries, over the reference below): chips that cannot be powered "
       "are not re-ordered.",
       range=(0.09, 0.36), why='EST: half to twice the estimate'),
    _c("reference_lag_months", 4, "months", "EST",
       "The default ship-to-online lag: the pipelines the stocks start with (so a shorter lag "
       "delivers the same chips sooner) and the months of deliveries a backlog is measured "
       "in (version 2 measured it in the lag itself, so delivering sooner braked orders).",
       fixed="a reference, not a belief: the lag lever and the brake carry the uncertainty"),
    _c("chip_perf_growth_2025_per_year", 1.28, "x/yr", "E1",
       "Per-chip performance growth before mid-2025 (the lever's default; the lever acts "
       "from mid-2025).", fixed="the 2025 start is one figure; the growth ahead is the lever"),
    _c("cn_domestic_growth_2025_per_year", 1.6, "x/yr", "H2; H3",
       "Growth of China's domestic output around 2025, moving the mid-2025 figure back to "
       "January (the growth lever's default).",
       fixed="the 2025 start is one figure; the growth ahead is the lever"),
    _c("vintage_years", 1.5, "yr", "EST; N3",
       "Years a chip spends in each of the two younger age cohorts of the installed stock: "
       "about one product generation (Nvidia's came every two years to 2024, Ampere, Hopper, "
       "Blackwell, and yearly since); the oldest cohort holds a chip for the rest of its "
       "life. Fixed in years, so a longer life keeps old chips longer without slowing how "
       "fast new ones count as old.",
       range=(1.0, 2.0), why="EST; N3: between the yearly cadence since 2024 and the two-year "
       "one before"),
    _c("stock_growth_before_2025_per_year", 2.3, "x/yr", "E5",
       "Growth of the installed stock before 2025 (Nvidia's stock grew 2.3x a year since "
       "2019): how the January 2025 stock splits into its age cohorts.",
       range=(1.8, 2.8), why="E5: 2.3x a year, about ±0.5 for the other makers' chips"),
    _c("packaging_adjust_years", 0.5, "yr", "EST; T1",
       "Time to add advanced-packaging (CoWoS) and HBM capacity that orders call for.",
       range=(0.25, 1.0), why='EST; T1: CoWoS capacity doubled within about a year (2024-2025)'),
    _c("packaging_slack", 1.1, "1", "EST",
       "Packaging capacity kept above orders in steady state (10% slack).",
       range=(1.0, 1.25), why='EST: no slack to a quarter spare'),
    _c("tpu_plan_years", 3, "yr", "DER",
       "Mid-2025 to mid-2028: the years over which TPU output reaches its 2028 multiple.",
       fixed=DEFINITION),
    _c("install_months", 1, "months", "EST",
       "Ready chips are energised within a month when power is there.",
       range=(1.0, 3.0), why='EST: one monthly step (the fastest the model resolves) to a quarter'),
    _c("min_pipeline_months", 1, "months", "EST",
       "Shortest shipping-to-ready lag the chip pipelines allow (one monthly step).",
       fixed=TOLERANCE),
    _c("flow_floor_h100e_per_year", 1, "H100e/yr", "EST",
       "Floor on a chip flow in a denominator (one H100e a year), so ratios stay finite.",
       fixed=TOLERANCE),
    _c("load_floor_gw", 1e-9, "GW", "EST",
       "Floor on a cohort's load in a denominator, so a share of an empty cohort stays finite.",
       fixed=TOLERANCE),
    _c("tpu_units_2025", 2.5e6, "unit/yr", "M1; DER",
       "Google TPUs made in 2025: about 2.5 M (JPMorgan 2.5 M in 2026 and Morgan Stanley's "
       "7.9 M over 2022-2025 bracket it).",
       range=(1750000.0, 3250000.0), why="EST: ±30% on Morgan Stanley's TPU unit counts (M1)"),
    _c("tpu_history_growth_per_year", 2.0, "x/yr", "M1; E1; DER",
       "TPU output in H100e before 2025: 7.9 M units over 2022-2025, each generation faster.",
       range=(1.6, 2.5), why='EST: around the growth implied by 7.9 M TPUs over 2022-2025 (M1)'),
    _c("tpu_h100e_per_unit_2025", 1.0, "H100e/unit", "E1; DER",
       "A 2025 TPU is about one H100e (TPU v6e: ~918 dense BF16 TFLOP/s against the H100's "
       "989); later generations gain with per-chip performance.",
       range=(0.7, 1.3), why='EST: ±30%; TPU generations differ in H100e per unit'),
    _c("tpu_revenue_per_unit_usd", 26_000, "USD/unit", "S0; M1",
       "About $13 B per 500,000 TPUs sold to other companies (2025 TPUs; a later TPU sells "
       "at the same price per unit, so its price per H100e falls).",
       range=(20000, 32000), why='S0; M1: $10-16 B per 500,000 TPUs sold'),
    _c("ascend_yield_2025", 0.40, "1", "H1", "SMIC advanced-node yield in 2025.",
       fixed="the yield at which the 2025 output is counted (H1): output scales with the yield lever over it, so the lever carries the uncertainty"),
    _c("cn_hbm_stockpile_h100e_2025", 0.96e6, "H100e", "H3; DER",
       "HBM China stockpiled before the December 2024 rule: ~13 M stacks, enough for ~1.6 M "
       "Ascend 910C of ~0.6 H100e each.",
       range=(720000.0, 1200000.0), why="EST: a quarter either side of SemiAnalysis's ~13 M stacks (H3)"),
    _c("hbm_rule_years", -7.0 / 12.0, "yr", "H3",
       "The December 2024 rule that stopped HBM sales to China, on the clock (years from "
       "mid-2025): China draws its HBM stockpile only from then on.",
       fixed=SOURCED),
    _c("cn_domestic_power_penalty", 2.3, "1", "DER",
       "Chinese systems draw 2.3x the power per FLOP (CloudMatrix-384 vs GB200 NVL72).",
       range=(1.8, 2.8), why="EST: a fifth either side of CloudMatrix-384 against GB200 NVL72 (DER)"),
    _c("cn_domestic_price_premium", 1.9, "1", "H1; EST",
       "Price per H100e of domestic Chinese accelerators over US ones (910C ~0.6 H100e at "
       "a similar unit price).",
       range=(1.4, 2.5), why="H1: a 910C of ~0.6 H100e at about an H100's price (1.7x); EST spread"),
    _c("smuggling_max_chips_per_year", 0.4e6, "chips/yr", "C1",
       "Enforcement bound on smuggling: CNAS's range reaches a few 100k chips a year.",
       range=(0.3e6, 0.5e6), why="C1: the top of CNAS's 10k-300k range to a few 100k a year"),
    _c("h100e_per_smuggled_chip_2025", 1, "H100e/chip", "EST",
       "A chip smuggled in 2025 (H100/H20 class) is about one H100e.",
       range=(0.5, 1.3), why="EST: H20-class to H100/H200-class chips"),
    _c("smuggled_chip_age_years", 1, "yr", "EST",
       "Smuggled chips are about a year behind the frontier.",
       range=(0.5, 2.0), why="EST: half a year to two years behind"),
    _c("smuggling_response", 1.5, "1", "EST",
       "Relative rise in smuggling at full substitution pressure.",
       range=(0.75, 3.0), why="EST: half to twice the estimate"),
    # ---- trade ------------------------------------------------------------------------
    _c("cn_ai_chip_market_busd_2025", 50, "$B/yr", "N2",
       "China's AI-accelerator market in 2025 (Nvidia's own estimate).",
       range=(35.0, 55.0), why="N2: Nvidia's own ~$50 B, a seller's figure; EST down to $35 B"),
    _c("cn_ai_chip_market_growth_per_year", 1.3, "x/yr", "N2; EST",
       "Early growth of China's AI-chip market; below Nvidia's claimed ~50%/yr.",
       range=(1.15, 1.5), why="N2: Nvidia's claimed ~50%/yr as the top; EST"),
    _c("cn_ai_chip_market_max_busd", 200, "$B/yr", "EST",
       "Ceiling on China's yearly AI-chip spending (about 1% of China's GDP).",
       range=(120.0, 300.0), why="EST: 0.6-1.5% of China's GDP"),
    _c("licensed_chip_successor_months", 6, "months", "N5; N7",
       "Age at which a licensed chip's successor starts to ramp: until then US buyers' orders "
       "are mostly of it; after, its share of their H100e falls (the H200 shipped from mid-"
       "2024, Blackwell ramped from late 2024).",
       range=(6.0, 12.0), why="N5; N6: the H200 was overtaken about 6 months after it "
       "shipped; Nvidia's annual cadence (N6) gives a chip 12 months"),
    _c("licensed_chip_share_half_life_months", 2.1, "months", "N5; N6; E1; DER",
       "Months in which a chip's share of US buyers' H100e purchases halves once its successor "
       "ramps (the cap is per product: N7).",
       range=(1.8, 3.0), why="DER: Hopper fell from ~66% of Nvidia's data-centre compute "
       "revenue ($11 B Blackwell of ~$32.6 B, N5) to ~30% a quarter later (N6), a halving "
       "in 2.6 months; a Blackwell gives ~2.3 H100e at ~1.3x the price (E1), so in H100e "
       "2.1; "
       "slower ramps to 3"),
    _c("import_price_elasticity", 2.0, "1", "EST",
       "Logit weight of the price ratio between domestic and imported compute.",
       range=(1.0, 4.0), why='EST: half to twice the estimate'),
    _c("hbm_stockpile_drawdown_years", 2.0, "yr", "H3; DER",
       "Fastest the HBM stockpile is drawn: its ~13 M stacks cover ~1.6 M Ascend 910C, about "
       "two years of Huawei's planned 2025-2026 output.",
       range=(1.0, 3.0), why="DER: Huawei's 2025-2026 plans of 0.6-0.8 M 910C a year (H2; H3)"),
    _c("substitution_capacity_boost", 1.0, "1", "EST; H3; H4",
       "Rise in China's domestic output ceiling at full substitution pressure (SMIC aims to "
       "double advanced wafers within 1-2 years).",
       range=(0.5, 1.5), why="H3; H4: SMIC aims to double advanced wafers in 1-2 years; EST half to one and a half of that"),
    _c("substitution_growth_boost", 0.5, "1", "EST",
       "Relative rise in China's domestic capacity growth at full substitution pressure.",
       range=(0.25, 1.0), why="EST: half to twice the estimate"),
    _c("us_reaction_span_months", 6, "months", "EST",
       "Lead shortfall (or surplus) that moves US export controls 71% of the way to fully "
       "tight (or loose); a wider one moves them nearer, smoothly (x / sqrt(1 + x^2)).",
       range=(3.0, 12.0), why='EST: a quarter to a year of lead'),
    _c("loosened_lag_cut", 1.0, "1", "EST",
       "Share of the export lag and fee a fully loosened control regime removes.",
       range=(0.5, 1.0), why='EST: loosening removes half to all of the lag and fee'),
    # ---- compute ----------------------------------------------------------------------
    _c("frontier_share", 0.05, "1", "E8; EST",
       "Share of a country's powered compute in its largest cluster (Colossus: 200k H100 of "
       "~4 M US H100e in 2025); the same for both, so it cancels in the lead.",
       range=(0.03, 0.08), why='E8: Colossus held about 5% of US H100e in 2025; EST spread'),
    _c("frontier_history_growth_per_year", 4.5, "x/yr", "E4",
       "Growth of frontier training compute before the model starts (4-5x/yr), used to look "
       "back past the first month.",
       fixed='a published trend (E4: 4-5x/yr) read only to look back before the first month, where the engine needs one number for every sample'),
    _c("algo_diffusion_months", 6.0, "months", "E11; EST",
       "Time for an algorithmic advance to spread to the other side (papers, open weights, "
       "staff): the difference between China's and US algorithms decays by 1/e in this time.",
       range=(3.5, 12.0), why="E11: open-weight models reach a closed model's capability in "
       "~3.5 months (the fastest spread); EST: a year for methods that are not published"),
    _c("closed_distillation_ratio", 0.5, "1", "D1; EST",
       "What distilling a leader's closed models (through their outputs) gives, as a share of "
       "what distilling its open weights gives.",
       range=(0.25, 1.0), why="D1: Chinese labs distil closed US models at scale (over 16 M "
       "exchanges), but from outputs only, without weights; EST: a quarter to all of it"),
    _c("cn_algo_efficiency_vs_us_2025", 1.0, "1", "EST; O5",
       "DeepSeek-V3/R1 matched US algorithmic efficiency in January 2025.",
       range=(0.7, 1.3), why="O5: DeepSeek-V3/R1 about matched US efficiency; EST ±30%"),
    _c("us_friction_cap", 0.01, "1", "R6; HC1; DER",
       "Bound on US compliance friction, as a share of US AI spending: R6's high end "
       "(100 k EUR, ~$110 k, per system-year) for ~500 systems (five frontier developers, "
       "~100 deployed systems each) under 50 state regimes is ~$2.8 B a year, under 1% of "
       "the ~$300 B US hyperscalers spend on AI (HC1).",
       range=(0.005, 0.02), why='R6: 6-100 k EUR per system-year; HC1: $300 B of AI spending; EST: half to twice the systems in scope'),
    _c("federal_rulebook_regimes", 1, "states", "R3",
       "One federal rulebook counts as one regime, replacing the states' (none while no "
       "state regulates: the executive order seeks a minimally burdensome standard).",
       fixed=DEFINITION),
    _c("us_states", 50, "states", "DER", "US states.",
       fixed=DEFINITION),
    _c("compute_floor_h100e", 1, "H100e", "EST",
       "Floor on powered compute (one H100e), so its logarithm stays finite.",
       fixed=TOLERANCE),
    # ---- adoption ---------------------------------------------------------------------
    _c("connected_share_2025", 0.68, "1", "ITU1",
       "Share of the world's people online in 2024 (5.5 B).",
       fixed=SOURCED),
    _c("connected_share_growth_per_year", 0.012, "1/yr", "ITU1; DER",
       "Yearly rise in the share online (2 pts a year recently, slowing).",
       range=(0.008, 0.02), why='ITU1: 2 points a year recently, slowing; EST'),
    _c("connected_share_max", 0.9, "1", "EST", "Ceiling on the share of people online.",
       range=(0.85, 0.97), why='EST'),
    _c("us_share_aged_18_64", 0.605, "1", "CB1",
       "US people aged 18-64 as a share of all (2024: 21.5% under 18, 18.0% aged 65 and "
       "over). US adoption counts users aged 18-64 (the surveys' own group) as a share of "
       "all people, the denominator China's figures use.",
       fixed=SOURCED),
    _c("us_bass_p", 0.33, "1/yr", "A1; A4; DER",
       "Yearly uptake among US people aged 18-64 who do not yet use generative AI, "
       "fitted to the survey points (39.4-44.6% in Aug 2024, 54.6% in Aug 2025; A1, A4) "
       "from ChatGPT's launch; least squares leaves no room for word of mouth (Bass q = 0), "
       "so uptake is outreach alone. Includes the baseline's deployment delay.",
       range=(0.27, 0.39), why='A1; A4: the fit moves about 0.03/yr either way between the two wordings of the Aug 2024 survey; EST spread',
       group="us_adoption_fit"),
    _c("us_genai_launch_years", -26.0 / 12.0, "yr", "A1",
       "ChatGPT's launch month (30 Nov 2022), in years from January 2025: US uptake runs "
       "from the month after.",
       fixed=SOURCED),
    _c("cn_online_share", 0.80, "1", "CNNIC1",
       "Share of China's people online (80.1% at the end of 2025, 79.7% in Jun 2025): the "
       "ceiling of China's generative-AI adoption.",
       fixed=SOURCED),
    _c("cn_bass_p", 0.52, "1/yr", "CNNIC1; DER",
       "Yearly uptake among China's people online who do not yet use generative AI, from "
       "2025 (DeepSeek's release): fitted to 17.6% of people in Dec 2024 and 42.8% in Dec "
       "2025 (CNNIC); 36.5% in Jun 2025 lies above the fit (the DeepSeek surge).",
       range=(0.42, 0.62), why='CNNIC1: the Dec 2025 figure to within ±3 points'),
    _c("cn_bass_p_before_2025", 0.19, "1/yr", "CNNIC1; CAC1; DER",
       "Yearly uptake in China before 2025: fitted to 17.6% of people in Dec 2024 from the "
       "first public launches of Sep 2023 (CAC1).",
       range=(0.15, 0.23), why='CNNIC1: the Dec 2024 figure to within ±3 points'),
    _c("cn_genai_launch_years", -17.0 / 12.0, "yr", "CAC1",
       "The month of the first public generative-AI services in China (31 Aug 2023, once "
       "approved under the CAC's interim measures), in years from January 2025: uptake runs "
       "from the month after.",
       fixed=SOURCED),
    _c("adoption_price_elasticity", 0.06, "1", "O1",
       "Elasticity of AI uptake to the price users pay, relative to the closed frontier's "
       "price: usage responds weakly to price (0.05-0.07).",
       range=(0.05, 0.07), why='O1: usage elasticity 0.05-0.07 (a weak price response)'),
    _c("us_population_share_of_world", 0.042, "1", "CB1; ITU1; DER",
       "US people as a share of the world's (340 M of ~8.1 B: ITU's 5.5 B online are 68%).",
       fixed=SOURCED),
    _c("cn_population_share_of_world", 0.174, "1", "CNNIC1; ITU1; DER",
       "China's people as a share of the world's (1.41 B, from CNNIC's 602 M = 42.8%, of "
       "~8.1 B).",
       fixed=SOURCED),
    _c("other_open_supply", 0.4, "1", "EST",
       "Open models from outside US frontier labs and China.",
       range=(0.2, 0.6), why='EST'),
    _c("gap_quality_months", 24, "months", "EST",
       "A side's model quality falls by 1/e per 24 months behind the frontier.",
       range=(12.0, 48.0), why='EST: half to twice the estimate'),
    _c("open_lag_max_months", 36, "months", "EST",
       "Ceiling on how far the open-model frontier trails the closed one.",
       range=(24.0, 48.0), why='EST'),
    _c("open_lag_per_gap_month", 0.25, "1", "EST",
       "Open-model lag months per month of China's frontier gap (distillation).",
       range=(0.1, 0.5), why='EST'),
    _c("open_lag_reference_gap_months", 8.9, "months", "DER",
       "The capability lead at which the open-model lag equals its lever: the baseline's "
       "lead in January 2025 (the lag drifts with the lead from there).",
       fixed='the model\'s own lead in January 2025: a calibration point, not a belief'),
    _c("cn_closed_share", 0.15, "1", "EST", "Chinese closed apps' share of closed usage.",
       range=(0.05, 0.25), why="EST"),
    _c("choice_price_weight", 0.5, "1", "O1; EST", "Weak price response of usage (logit).",
       range=(0.25, 1.0), why='O1: a weak price response (usage elasticity 0.05-0.07); EST'),
    _c("choice_lag_weight", 0.25, "1/month", "EST", "Logit weight per month the open frontier trails.",
       range=(0.1, 0.5), why='EST'),
    _c("choice_supply_weight", 1.0, "1", "EST", "Logit weight of open-model supply.",
       range=(0.5, 2.0), why='EST: half to twice the estimate'),
    _c("choice_intercept", -2.05, "1", "O1; DER",
       "Fitted so the baseline has a 30% open-weight share at the end of 2025.",
       fixed='fitted to the 30% open-weight share of late 2025 (O1) given the weights; a range would undo the fit (the weights carry the uncertainty)'),
    _c("wtp_median_price_2025", 0.25, "1", "EST",
       "Median willingness to pay for near-frontier AI, in 2025 closed-price units.",
       range=(0.1, 0.5), why='EST'),
    _c("income_growth_per_year", 1.02, "x/yr", "EST",
       "Real income growth per person, which raises willingness to pay.",
       range=(1.01, 1.03), why='EST: 1-3% real growth a year'),
    # ---- economics ----------------------------------------------------------------------
    _c("shell_power_capex_busd_per_gw", 12, "$B/GW", "B1; DER",
       "Shell, power and cooling per GW (Bernstein: M&E about a third of $35 B/GW); chips "
       "are counted separately.",
       range=(9.0, 20.0), why='B1; E12: $29-60 B per GW in all, about a third of it shell, power and cooling'),
)

PRIORS: MappingProxyType[str, Constant] = MappingProxyType({c.id: c for c in _CATALOGUE})
"""Every constant as declared above: the calibration fit's priors (core.analysis.fit)."""


def _fitted(catalogue: tuple[Constant, ...]) -> tuple[Constant, ...]:
    """The catalogue with the calibration fit's values (core/catalogue/fit.json) in place of
    the declared ones for the constants the history identifies; the declared value stays as
    ``prior``. A fit made from other priors is not applied (``build --check`` names it)."""
    result = calibration.fit()
    if result is None:
        return catalogue
    members = {m.id: m for p in result.identified for m in p.members}
    return tuple(dataclasses.replace(c, value=members[c.id].value, prior=c.value,
                                     se=members[c.id].se)
                 if c.id in members and c.is_ranged and members[c.id].prior == c.value
                 and c.low <= members[c.id].value <= c.high else c
                 for c in catalogue)


_CATALOGUE = _fitted(_CATALOGUE)
CONSTANTS: MappingProxyType[str, Constant] = MappingProxyType({c.id: c for c in _CATALOGUE})
RANGED: tuple[Constant, ...] = tuple(c for c in _CATALOGUE if c.is_ranged)


def constant_named(constant_id: str) -> Constant:
    """The constant with this id; ValueError naming the near ones otherwise."""
    if constant_id not in CONSTANTS:
        near = difflib.get_close_matches(constant_id, CONSTANTS, n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise ValueError(f"unknown constant {constant_id!r}{hint}")
    return CONSTANTS[constant_id]


def sampled_id(key: str) -> str | None:
    """The constant id a run's values key names (``"K.<id>"``), or None for a lever id."""
    return key[len(SAMPLED_PREFIX):] if key.startswith(SAMPLED_PREFIX) else None


class Namespace:
    """Attributes from a dict. A plain Python class, not SimpleNamespace: CPython specialises
    attribute reads on instances of Python classes, so ``K.x`` in a block costs about as much
    as a literal (a SimpleNamespace read is several times slower)."""

    def __init__(self, values: dict[str, object]):
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"Namespace({len(self.__dict__)} values)"


def namespace(values: dict[str, object] | None = None) -> Namespace:
    """The constants as attributes (``K.dc_load_factor``), optionally replaced."""
    numbers = {c.id: c.value for c in _CATALOGUE}
    return Namespace(numbers | (values or {}))


def digest(constants: tuple) -> str:
    """A fingerprint of the constants' values, ``tuple(vars(K).items())``: the written-out
    month loop (core/engine/month_loop.py) holds them as numbers and is used only with the
    same ones."""
    return hashlib.sha256(repr(constants).encode()).hexdigest()[:16]


K = namespace()
