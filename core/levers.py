"""The lever catalogue: every input a user can move, with unit, range, source and uncertainty.

Lever ids are a public contract (scenario files, CSV, the CLI): renaming one needs a
migration in ``core.scenario``. Uncertainty ranges are absolute around the default; Monte
Carlo shifts them to the user's value (see ``core.analysis.uncertainty``). Policy choices
carry no uncertainty (low == high == default): they are what the user decides, not what
nature draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

GROUPS: tuple[str, ...] = ("Power", "Chips", "Regulation", "Adoption")


@dataclass(frozen=True)
class Lever:
    """One model input a user can move."""

    id: str
    label: str
    unit: str
    default: float
    min: float
    max: float
    group: str
    explanation: str
    source: str
    uncertainty: tuple[float, float]
    step: float
    decimals: int = 2

    @property
    def is_policy(self) -> bool:
        """A policy choice: fixed in Monte Carlo because the user decides it."""
        return self.uncertainty[0] == self.uncertainty[1] == self.default

    def clip(self, value: float) -> float:
        return min(max(value, self.min), self.max)


def _lever(id, label, unit, default, lo, hi, group, explanation, source, unc=None, step=None,
           decimals=2) -> Lever:
    unc = (default, default) if unc is None else unc
    step = (hi - lo) / 100 if step is None else step
    return Lever(id, label, unit, float(default), float(lo), float(hi), group, explanation,
                 source, (float(unc[0]), float(unc[1])), float(step), decimals)


_CATALOGUE: tuple[Lever, ...] = (
    # ---- Power -------------------------------------------------------------------------
    _lever("us_dc_power_additions_gw_per_year", "US data-centre power additions", "GW/yr",
           8.33, 0, 40, "Power",
           "New data-centre power the US plans to connect each year; it arrives after the "
           "grid-connection delay. 25 GW over 2026-2028 in the article.",
           "S0", (6, 11), 0.1, 1),
    _lever("us_grid_connection_delay_months", "US grid-connection delay", "months",
           24, 6, 60, "Power",
           "Months from a data-centre power request to energised capacity.",
           "EST; L2", (12, 36), 1, 0),
    _lever("us_permitting_reform_share", "US permitting reform", "share of delay cut",
           0, 0, 0.75, "Power",
           "Share by which permitting reform shortens the US grid-connection delay.",
           "EST", None, 0.01, 2),
    _lever("us_new_generation_gw_per_year", "US new generation", "GW/yr",
           51, 20, 150, "Power",
           "All new US generating capacity per year; at most half of it can serve data centres.",
           "S0; EIA1", (45, 70), 1, 0),
    _lever("cn_new_generation_gw_per_year", "China new generation", "GW/yr",
           429, 200, 700, "Power",
           "All new Chinese generating capacity per year (429 GW in 2024).",
           "S0; EIA1", (300, 450), 1, 0),
    _lever("cn_dc_share_of_new_generation", "China data-centre share of new generation",
           "share", 0.008, 0, 0.05, "Power",
           "Share of China's new generation that goes to data centres (IEA: China data-centre "
           "load 12 GW in 2024, 32 GW in 2030).",
           "I1; S0", (0.005, 0.012), 0.001, 3),
    _lever("facility_kw_per_h100e", "Facility power per H100e (2025 chips)", "kW/H100e",
           1.2, 0.8, 2.0, "Power",
           "Power a data centre draws per H100-equivalent of 2025 chips, with servers and "
           "cooling.", "E6; N3", (0.9, 1.6), 0.05, 2),
    _lever("flop_per_watt_growth_per_year", "Chip energy-efficiency growth", "x/yr",
           1.26, 1.1, 1.6, "Power",
           "Yearly gain in computation per watt of new chips; lowers the power per H100e.",
           "E2; E1", (1.2, 1.45), 0.01, 2),
    # ---- Chips -------------------------------------------------------------------------
    _lever("us_gpu_output_growth_per_year", "US-designed GPU output growth", "x/yr",
           2.0, 1.0, 3.0, "Chips",
           "Yearly growth of US-designed GPU output in H100e (units x per-chip performance; "
           "Nvidia's installed base grew 2.3x/yr).", "E5; N3; M1; E1", (1.6, 2.4), 0.01, 2),
    _lever("us_share_of_us_gpu_output", "US share of US-designed GPU output", "share",
           0.65, 0.4, 0.8, "Chips",
           "Share of US-designed GPU output installed in the US; the rest goes abroad.",
           "E7; E8", (0.58, 0.72), 0.01, 2),
    _lever("tpu_output_multiple_2028", "TPU output multiple by 2028", "x of 2025",
           1.6, 1.0, 4.0, "Chips",
           "Google TPU output in 2028 relative to 2025. Analysts expect more than double "
           "(2.8x in units) with external sales.", "EST; S0; M1", (1.3, 2.2), 0.05, 2),
    _lever("tpu_external_share", "TPU external sales share", "share of TPU output",
           0, 0, 0.6, "Chips",
           "Share of TPU output sold to other companies (about $13B per 500,000 TPUs).",
           "S0; M1", None, 0.01, 2),
    _lever("cn_domestic_chip_growth_per_year", "China domestic chip output growth", "x/yr",
           1.6, 1.0, 2.5, "Chips",
           "Yearly growth of Huawei Ascend and other domestic AI-chip output in H100e.",
           "H2; H3", (1.3, 1.9), 0.01, 2),
    _lever("ascend_yield", "Ascend yield", "share", 0.40, 0.2, 0.8, "Chips",
           "Share of good dies at SMIC's advanced node; output scales with it.",
           "H1", (0.3, 0.55), 0.01, 2),
    _lever("cn_domestic_cap_mh100e_per_year", "China domestic output ceiling", "M H100e/yr",
           3.0, 0.5, 15, "Chips",
           "Ceiling on domestic AI-chip output set by HBM memory and advanced wafers.",
           "EST; H3; H4", (1.5, 5), 0.1, 1),
    _lever("cn_export_share", "China's legal share of US-designed GPUs", "share",
           0.04, 0, 0.3, "Chips",
           "Share of US-designed GPU output China may legally buy (H20-class rules in 2025). "
           "An export ban sets it to zero.", "N1; EST", None, 0.005, 3),
    _lever("export_lag_months", "Export lag (chip age)", "months", 0, 0, 36, "Chips",
           "Only chips at least this old may be exported (the H200 rule is 18 months); an old "
           "chip is worth less by the performance trend over the lag.", "S0", None, 1, 0),
    _lever("export_volume_cap_share", "Export volume cap", "share of US-designed output",
           1.0, 0, 1.0, "Chips",
           "Cap on legal exports to China as a share of US-designed output (H200 licence: "
           "up to 50% of US volume).", "N2", None, 0.01, 2),
    _lever("export_fee_share", "Export fee", "share of price", 0.15, 0, 0.5, "Chips",
           "Share of the sale price paid to the US government; it lowers Chinese demand "
           "one for one (15% in Aug 2025, 25% for the H200).", "N1; N2", None, 0.01, 2),
    _lever("cn_smuggled_mh100e_per_year", "Smuggled chips into China", "M H100e/yr",
           0.14, 0, 0.6, "Chips",
           "Chips reaching China outside the law (CNAS median 140k in 2024).",
           "C1", (0.01, 0.3), 0.01, 2),
    _lever("chip_perf_growth_per_year", "Per-chip performance growth", "x/yr",
           1.28, 1.1, 1.5, "Chips",
           "Yearly gain in a leading chip's performance; sets how much a lagged export loses.",
           "E1", (1.26, 1.35), 0.01, 2),
    _lever("hw_lifetime_years", "Hardware lifetime", "years", 5, 3, 8, "Chips",
           "Years an AI chip stays in service before retirement.", "EST", (4, 6), 0.5, 1),
    _lever("ship_to_online_lag_months", "Ship-to-online lag", "months", 4, 2, 12, "Chips",
           "Average months from a chip's delivery to productive use.", "EST", (2, 9), 0.5, 1),
    _lever("algo_halving_months", "Algorithmic halving time", "months", 8, 4, 24, "Chips",
           "Months for algorithms to halve the compute a given capability needs.",
           "E3", (5, 14), 0.5, 1),
    _lever("cn_efficiency_gain_per_year", "China efficiency focus (DeepSeek effect)", "x/yr",
           1.05, 1.0, 1.6, "Chips",
           "Extra yearly algorithmic-efficiency gain of Chinese labs, forced by scarce chips.",
           "EST; S0", (1.0, 1.15), 0.01, 2),
    # ---- Regulation --------------------------------------------------------------------
    _lever("us_federal_preemption", "US federal preemption", "share of state rules overridden",
           0, 0, 1, "Regulation",
           "0 = state patchwork; 1 = one federal rulebook overrides state AI laws.",
           "R2; R3", None, 0.05, 2),
    _lever("us_states_with_ai_laws", "US states with their own AI laws", "states",
           38, 0, 50, "Regulation",
           "States that enacted their own AI measures (38 in 2025).", "R1", None, 1, 0),
    _lever("us_compliance_cost_share_per_state", "Compliance cost per state regime",
           "share of deployment value", 0.001, 0, 0.005, "Regulation",
           "Deployment value lost to compliance for each distinct state regime.",
           "R6; EST", (0.0005, 0.002), 0.0001, 4),
    _lever("us_deploy_delay_patchwork_months", "US deployment delay under a patchwork",
           "months", 3, 0, 12, "Regulation",
           "Months a state patchwork delays deploying new models in the US.",
           "EST", (1, 6), 0.5, 1),
    _lever("cn_regulatory_friction", "China regulatory friction", "share", 0.03, 0, 0.2,
           "Regulation",
           "Share of Chinese effective compute lost to model licensing and content rules.",
           "EST", (0.01, 0.06), 0.005, 3),
    # ---- Adoption ----------------------------------------------------------------------
    _lever("bass_p", "Adoption: innovation coefficient p", "1/yr", 0.15, 0.01, 0.4,
           "Adoption", "Bass-diffusion innovation rate of world AI adoption.",
           "A1; A2", (0.08, 0.2), 0.01, 2),
    _lever("bass_q", "Adoption: imitation coefficient q", "1/yr", 0.8, 0.1, 1.5, "Adoption",
           "Bass-diffusion imitation rate of world AI adoption.", "A1; A2", (0.5, 1.0),
           0.01, 2),
    _lever("open_closed_price_ratio", "Open/closed price ratio", "x", 0.07, 0.02, 0.5,
           "Adoption",
           "Price of open-weight inference relative to closed models (10-25x cheaper).",
           "O4", (0.04, 0.1), 0.01, 2),
    _lever("open_model_lag_months", "Open-model capability lag", "months", 3.5, 0, 12,
           "Adoption", "Months by which the best open-weight model trails the frontier.",
           "E11", (1.1, 5.3), 0.1, 1),
    _lever("us_lab_openness", "US labs' openness", "share", 0.2, 0, 1, "Adoption",
           "How much US frontier labs release open weights (0 closed, 1 fully open).",
           "EST; S0", None, 0.05, 2),
    _lever("cn_lab_openness", "Chinese labs' openness", "share", 0.9, 0, 1, "Adoption",
           "How much Chinese labs release open weights (top open models are almost all "
           "Chinese).", "S0; EST", None, 0.05, 2),
    _lever("open_spillover_rate", "Open-model spillover", "1/yr", 0.3, 0, 1, "Adoption",
           "Share of the algorithmic gap between the US and China closed per year through "
           "open models, scaled by the labs' openness.", "EST", (0.15, 0.5), 0.01, 2),
    _lever("frontier_price_decline_per_year", "Near-frontier price decline", "x/yr", 1.5,
           1.0, 4.0, "Adoption",
           "Yearly fall in the price of near-frontier AI (much slower than the 40x/yr at fixed "
           "capability).", "E10; EST", (1.2, 2.0), 0.05, 2),
    _lever("open_switching_time_months", "Open/closed switching time", "months", 9, 2, 36,
           "Adoption",
           "Months for usage to move halfway-ish (1/e) to its new open/closed balance; "
           "enterprises are sticky.", "O3; EST", (6, 15), 0.5, 1),
)

LEVERS: MappingProxyType[str, Lever] = MappingProxyType({lever.id: lever for lever in _CATALOGUE})


def default_values() -> dict[str, float]:
    """Every lever at its catalogue default."""
    return {lever_id: lever.default for lever_id, lever in LEVERS.items()}


def levers_in_group(group: str) -> list[Lever]:
    return [lever for lever in LEVERS.values() if lever.group == group]
