"""The lever catalogue: every input a user can move, with unit, range, source and uncertainty.

Lever ids are a public contract (scenario files, CSV, the CLI): renaming one needs a
migration in ``core.formats.scenario``. Uncertainty ranges are absolute around the default; Monte
Carlo shifts them to the user's value (see ``core.analysis.uncertainty``). A lever Monte Carlo
does not draw has no range (low == high == default). What each lever is is declared beside it,
as its ``role``, rather than guessed from whether it has an uncertainty range:

- ``Policy(whose)``: a choice someone makes (the US government, China's, or a market actor
  such as a lab or Google); robust search and What must be true move only these.
- ``Uncertain()``: what nature and the analyst do not know; Monte Carlo draws it from a
  triangle over the lever's uncertainty range, its mode moved to the scenario's value.
- ``ReactionSwitch()``: turns one of the two actors' reaction rules on or off.
- ``ReactionParameter(switch, drawn)``: shapes a reaction and does nothing while its
  switch is off; ``drawn`` says Monte Carlo draws it as it draws an uncertain lever.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

GROUPS: tuple[str, ...] = ("Power", "Chips", "Regulation", "Adoption", "Reactions")


Whose = Literal["US", "China", "market"]


@dataclass(frozen=True)
class Policy:
    whose: Whose

    def describe(self) -> str:
        return f"policy ({self.whose})"


@dataclass(frozen=True)
class Uncertain:
    def describe(self) -> str:
        return "uncertain"


@dataclass(frozen=True)
class ReactionSwitch:
    def describe(self) -> str:
        return "reaction switch"


@dataclass(frozen=True)
class ReactionParameter:
    switch: str
    drawn: bool = False

    def describe(self) -> str:
        return f"reaction parameter (of {self.switch})"


Role = Policy | Uncertain | ReactionSwitch | ReactionParameter

US, CHINA, MARKET = Policy("US"), Policy("China"), Policy("market")
UNCERTAIN = Uncertain()
SWITCH = ReactionSwitch()


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
    decimals: int
    role: Role

    def clip(self, value: float) -> float:
        return min(max(value, self.min), self.max)


def _lever(id, label, unit, default, lo, hi, group, explanation, source, unc=None, step=None,
           decimals=2, *, role: Role) -> Lever:
    unc = (default, default) if unc is None else unc
    step = (hi - lo) / 100 if step is None else step
    return Lever(id, label, unit, float(default), float(lo), float(hi), group, explanation,
                 source, (float(unc[0]), float(unc[1])), float(step), decimals, role)


_CATALOGUE: tuple[Lever, ...] = (
    # ---- Power -------------------------------------------------------------------------
    _lever("us_dc_committed_additions_gw_per_year", "US committed data-centre power",
           "GW/yr", 9.0, 0, 40, "Power",
           "Data-centre power already committed each year, built whatever the shortfall; "
           "more is requested when demand goes unmet. With that response, and the wait for "
           "new generation, the US gets ~21 GW over 2026-2028 on the trajectory fitted to "
           "2022-2025 history; published analysis [S0] expects ~25 GW (the calibration "
           "names the difference).", "S0; DER",
           (7.0, 11.0), 0.1, 1, role=UNCERTAIN),
    _lever("us_grid_connection_delay_months", "US grid-connection delay", "months",
           24, 6, 60, "Power",
           "Average months a data-centre power request waits in the interconnection queue "
           "before it is energised (LBNL: ~5 years for generation; loads are faster).",
           "EST; L2", (12, 36), 1, 0, role=UNCERTAIN),
    _lever("us_permitting_reform_share", "US permitting reform", "share of delay cut",
           0, 0, 0.75, "Power",
           "Share by which permitting reform shortens the US grid-connection delay.",
           "EST", None, 0.01, 2, role=US),
    _lever("us_new_generation_gw_per_year", "US new generation", "GW/yr",
           51, 20, 150, "Power",
           "All new US generating capacity per year; at most half of it can serve data centres, "
           "which bounds how fast data-centre power can be connected.",
           "S0; EIA1", (45, 70), 1, 0, role=UNCERTAIN),
    _lever("cn_new_generation_gw_per_year", "China new generation", "GW/yr",
           429, 200, 700, "Power",
           "All new Chinese generating capacity per year (429 GW in 2024).",
           "S0; EIA1", (300, 450), 1, 0, role=UNCERTAIN),
    _lever("cn_dc_share_of_new_generation", "China data-centre share of new generation",
           "share", 0.015, 0, 0.05, "Power",
           "Share of China's new generation committed to data centres each year, before any "
           "response to unmet demand (IEA: China data-centre load 12 GW in 2024, 32 GW in 2030).",
           "I1; S0; DER", (0.01, 0.02), 0.001, 3, role=UNCERTAIN),
    _lever("us_siting_abroad_rate_per_year", "US chips sited abroad", "1/yr", 0.5, 0, 2,
           "Power",
           "Share of US-owned chips waiting for US power beyond the normal install pipeline "
           "that firms site abroad each year (Gulf and allied campuses).", "EST",
           (0.25, 1.0), 0.05, 2, role=UNCERTAIN),
    _lever("facility_kw_per_h100e", "Facility power per H100e (2025 chips)", "kW/H100e",
           1.2, 0.8, 2.0, "Power",
           "Power a data centre draws per H100-equivalent of 2025 chips, with servers and "
           "cooling: Epoch counts >10 GW of chip power for ~15 M H100e (0.7 kW) in early "
           "2026; servers and cooling add ~1.7x.", "E6; N3; DER", (0.9, 1.6), 0.05, 2,
           role=UNCERTAIN),
    _lever("flop_per_watt_growth_per_year", "Chip energy-efficiency growth", "x/yr",
           1.26, 1.1, 1.6, "Power",
           "Yearly gain in computation per watt of new chips; lowers the power per H100e.",
           "E2; E1", (1.2, 1.45), 0.01, 2, role=UNCERTAIN),
    # ---- Chips -------------------------------------------------------------------------
    _lever("us_chip_order_growth_per_year", "US accelerator order growth", "x/yr",
           2.3, 1.0, 3.0, "Chips",
           "Yearly growth of orders for US-designed accelerators in H100e while spending, "
           "packaging and power do not bind (Nvidia's installed base grew 2.3x/yr).",
           "E5; N3; M1; E1", (1.9, 2.7), 0.01, 2, role=UNCERTAIN),
    _lever("price_performance_growth_per_year", "Accelerator price-performance growth",
           "x/yr", 1.30, 1.1, 1.6, "Chips",
           "Yearly gain in H100e per dollar: prices per H100e fall at this rate, so a fixed "
           "budget buys more compute each year.", "E1", (1.25, 1.4), 0.01, 2, role=UNCERTAIN),
    # Up to 2x a year (T1; T2): TSMC's plan, 75-80k to 120-130k CoWoS wafers a month over
    # 2025-2026, is 1.5-1.7x a year, about 2x in H100e with more H100e per package (the
    # 2.2x wafer jump of 2024-2025 started from 35k). A faster limit never binds: packaging
    # then follows orders, which grow more slowly (a range to 3x had a dead upper third).
    _lever("packaging_growth_max_per_year", "Packaging and HBM growth limit", "x/yr",
           1.9, 1.1, 2.0, "Chips",
           "Fastest yearly growth of advanced packaging (CoWoS) and HBM capacity in H100e "
           "(wafers 75-80k to 120-130k a month in 2026, times per-chip gains).",
           "T1; T2; DER", (1.6, 2.0), 0.01, 2, role=UNCERTAIN),
    _lever("us_share_of_us_gpu_output", "US share of US-designed GPU output", "share",
           0.65, 0.4, 0.8, "Chips",
           "Share of US-designed accelerator output bought for US data centres; the rest goes to "
           "other countries' buyers. China's legal imports compete with US buyers: beyond "
           "spare packaging capacity, each chip exported is one US buyers do not get.",
           "E7; E8", (0.58, 0.72), 0.01, 2, role=UNCERTAIN),
    _lever("tpu_output_multiple_2028", "TPU output multiple by 2028", "x of 2025",
           1.6, 1.0, 4.0, "Chips",
           "Google TPU output in 2028 relative to 2025. Analysts expect more than double "
           "(2.8x in units) with external sales.", "EST; S0; M1", (1.3, 2.2), 0.05, 2,
           role=UNCERTAIN),
    _lever("tpu_external_share", "TPU external sales share", "share of TPU output",
           0, 0, 0.6, "Chips",
           "Share of TPU output sold to other companies (about $13B per 500,000 TPUs).",
           "S0; M1", None, 0.01, 2, role=MARKET),  # Google's choice to sell TPUs to other firms
    _lever("cn_domestic_chip_growth_per_year", "China domestic chip output growth", "x/yr",
           1.6, 1.0, 2.5, "Chips",
           "Yearly growth of Huawei Ascend and other domestic AI-chip output in H100e.",
           "H2; H3", (1.3, 1.9), 0.01, 2, role=UNCERTAIN),
    _lever("ascend_yield", "Ascend yield", "share", 0.40, 0.2, 0.8, "Chips",
           "Share of good dies at SMIC's advanced node; output scales with it.",
           "H1", (0.3, 0.55), 0.01, 2, role=UNCERTAIN),
    _lever("cn_domestic_cap_mh100e_per_year", "China domestic output ceiling", "M H100e/yr",
           3.0, 0.5, 15, "Chips",
           "Ceiling on domestic AI-chip output in 2025, set by HBM memory and advanced wafers; it "
           "rises with per-chip performance and, under export pressure, with substitution.",
           "EST; H3; H4", (1.5, 5), 0.1, 1, role=UNCERTAIN),
    _lever("cn_domestic_hbm_mh100e_per_year", "China's own HBM memory (2025)", "M H100e/yr",
           0.11, 0.01, 2.0, "Chips",
           "Chips China's own HBM memory (CXMT) can equip in mid-2025, in H100e; it grows as "
           "China's chip output does. Since the December 2024 HBM rule, output beyond it draws "
           "on the stockpile (SemiAnalysis: ~300k Ascend 910C of ~0.6 H100e in 2026 if "
           "HBM-limited, i.e. 0.18 M H100e, a year of 1.6x growth after mid-2025).",
           "H3; DER", (0.06, 0.22), 0.01, 2, role=UNCERTAIN),
    _lever("export_licensing", "Export licences granted", "share of China's demand",
           1.0, 0, 1.0, "Chips",
           "Share of China's demand for US-designed accelerators the US licenses, within the "
           "lag, cap and fee rules; an export ban sets it to zero. In the baseline China wants "
           "more than the volume cap lets through, so above about 80% the cap binds and more "
           "licences change nothing until the cap is raised.", "N1; N2", None, 0.05, 2,
           role=US),
    _lever("cn_import_discouragement", "Beijing's discouragement of imports", "share",
           0.4, 0, 1.0, "Chips",
           "Share of Chinese demand for US chips that Beijing's guidance and customs checks "
           "deter (it told firms to avoid H20s in 2025).", "N1; EST", (0.2, 0.6), 0.05, 2,
           role=UNCERTAIN),
    _lever("export_lag_months", "Export lag (chip age)", "months", 18, 0, 36, "Chips",
           "Only chips at least this old may be exported (the H200 licences of Dec 2025: 18 "
           "months); an old chip costs what a chip of its age cost per H100e.", "S0; N2",
           None, 1, 0, role=US),
    _lever("export_volume_cap_share", "Export volume cap", "share of US buyers' volume",
           0.5, 0, 1.0, "Chips",
           "Cap on legal exports to China of the licensed chip, as a share of what US buyers "
           "get of that same chip (H200 licence: up to 50%). US buyers move to newer chips, "
           "so the cap binds harder the older the licensed chip.", "N2; N7", None, 0.01, 2,
           role=US),
    _lever("export_fee_share", "Export fee", "share of price", 0.25, 0, 0.5, "Chips",
           "Share of the sale price paid to the US government; it raises China's price per "
           "H100e (15% in Aug 2025, 25% for the H200).", "N1; N2", None, 0.01, 2, role=US),
    # Up to 0.22 M a year (C1; H3): smuggling rises 1.75x at China's starting substitution
    # pressure (0.5), so a pressure-free rate above 0.4 / 1.75 = 0.23 M would sit at the
    # enforcement bound (0.4 M, the top of CNAS's range) from the first month and higher
    # settings would do nothing; CNAS's 10k-300k a year were counted under controls.
    _lever("cn_smuggled_mh100e_per_year", "Smuggled chips into China", "M chips/yr",
           0.14, 0, 0.22, "Chips",
           "Chips reaching China outside the law without export pressure (CNAS median 140k in "
           "2024); rises under a ban up to the enforcement bound.",
           "C1", (0.01, 0.22), 0.01, 2, role=UNCERTAIN),
    _lever("chip_perf_growth_per_year", "Per-chip performance growth", "x/yr",
           1.28, 1.1, 1.5, "Chips",
           "Yearly gain in a leading chip's performance; sets how much a lagged export loses.",
           "E1", (1.26, 1.35), 0.01, 2, role=UNCERTAIN),
    _lever("hw_lifetime_years", "Hardware lifetime", "years", 5, 3, 8, "Chips",
           "Years an AI chip stays in service before retirement.", "EST", (4, 6), 0.5, 1,
           role=UNCERTAIN),
    _lever("ship_to_online_lag_months", "Ship-to-online lag", "months", 4, 2, 12, "Chips",
           "Average months from a chip's delivery to productive use.", "EST", (2, 9), 0.5, 1,
           role=UNCERTAIN),
    _lever("algo_halving_months", "Algorithmic halving time", "months", 8, 4, 24, "Chips",
           "Months for algorithms to halve the compute a given capability needs.",
           "E3", (5, 14), 0.5, 1, role=UNCERTAIN),
    _lever("cn_efficiency_gain_per_year", "China efficiency focus (DeepSeek effect)", "x/yr",
           1.05, 1.0, 1.6, "Chips",
           "Extra yearly algorithmic-efficiency gain of Chinese labs, forced by scarce chips.",
           "EST; S0", (1.0, 1.15), 0.01, 2, role=UNCERTAIN),
    # ---- Regulation --------------------------------------------------------------------
    _lever("us_federal_preemption", "US federal preemption", "share of state rules overridden",
           0, 0, 1, "Regulation",
           "0 = state patchwork; 1 = one federal rulebook overrides state AI laws.",
           "R2; R3", None, 0.05, 2, role=US),
    _lever("us_states_with_ai_laws", "US states with their own AI laws", "states",
           38, 0, 50, "Regulation",
           "States that enacted their own AI measures (38 in 2025).", "R1", None, 1, 0,
           role=US),  # set by the states' legislatures
    _lever("us_compliance_cost_share_per_state", "Compliance cost per state regime",
           "share of US AI spending per state", 0.0001, 0, 0.00025, "Regulation",
           "Share of what US frontier developers spend on AI that each distinct state regime "
           "costs in compliance: about one high-risk regime (29-52 k EUR per system-year) for "
           "~500 deployed systems against ~$300 B of AI spending, 0.0075% (rounded up for "
           "legal and audit overheads).",
           "R6; HC1; DER", (0.00003, 0.0002), 0.00001, 5, role=UNCERTAIN),
    _lever("us_deploy_delay_patchwork_months", "US deployment delay under a patchwork",
           "months", 3, 0, 12, "Regulation",
           "Months a full patchwork (all 50 states) delays deploying new models to US users "
           "(impact assessments and state reviews before release, as Colorado's act asks of "
           "deployers); it slows US adoption, not training.",
           "R5; EST", (1, 6), 0.5, 1, role=UNCERTAIN),
    _lever("cn_regulatory_friction", "China regulatory friction", "share", 0.03, 0, 0.2,
           "Regulation",
           "Share of Chinese effective compute lost to model licensing and content rules.",
           "EST", (0.01, 0.06), 0.005, 3, role=UNCERTAIN),
    # ---- Adoption ----------------------------------------------------------------------
    _lever("bass_p", "Adoption: uptake on its own", "1/yr", 0.02, 0.001, 0.4,
           "Adoption", "How fast people online start using AI on their own, before others "
           "around them do (the Bass model's p), fitted with word of mouth to measured use "
           "(10% of people in Jan 2025, 16% in Jan 2026).",
           "MS1; A2", (0.01, 0.04), 0.001, 3, role=UNCERTAIN),
    _lever("bass_q", "Adoption: uptake by word of mouth", "1/yr", 0.45, 0.1, 1.5, "Adoption",
           "How fast people online start using AI because others around them do (the Bass "
           "model's q; typically 0.3-0.5).",
           "MS1; A2", (0.35, 0.6), 0.01, 2, role=UNCERTAIN),
    _lever("open_closed_price_ratio", "Open/closed price ratio", "x", 0.07, 0.02, 0.5,
           "Adoption",
           "Price of open-weight inference relative to closed models (10-25x cheaper).",
           "O4", (0.04, 0.1), 0.01, 2, role=UNCERTAIN),
    _lever("open_model_lag_months", "Open-model capability lag", "months", 3.5, 0, 12,
           "Adoption", "Months by which the best open-weight model trails the frontier.",
           "E11", (1.1, 5.3), 0.1, 1, role=UNCERTAIN),
    _lever("us_lab_openness", "US labs' openness", "share", 0.2, 0, 1, "Adoption",
           "How much US frontier labs release open weights (0 closed, 1 fully open).",
           "EST; S0", None, 0.05, 2, role=MARKET),  # the labs' release choices, not a government's
    _lever("cn_lab_openness", "Chinese labs' openness", "share", 0.9, 0, 1, "Adoption",
           "How much Chinese labs release open weights (top open models are almost all "
           "Chinese).", "S0; EST", None, 0.05, 2, role=MARKET),
    _lever("open_spillover_rate", "Open-model spillover (distillation)", "share", 0.3, 0, 1,
           "Adoption",
           "Share of the compute lead beyond the open-weight release lag that the follower "
           "closes by distilling the leader's open weights (less through its closed models).",
           "E11; D1; EST", (0.15, 0.5), 0.01, 2, role=UNCERTAIN),
    _lever("frontier_price_decline_per_year", "Near-frontier price decline", "x/yr", 1.5,
           1.0, 4.0, "Adoption",
           "Yearly fall in the price of near-frontier AI (much slower than the 40x/yr at fixed "
           "capability).", "E10; EST", (1.2, 2.0), 0.05, 2, role=UNCERTAIN),
    _lever("open_switching_time_months", "Open/closed switching time", "months", 9, 2, 36,
           "Adoption",
           "Months for usage to move halfway-ish (1/e) to its new open/closed balance; "
           "enterprises are sticky.", "O3; EST", (6, 15), 0.5, 1, role=UNCERTAIN),
)

REACTION_LEVERS = (
    # ---- Reactions ---------------------------------------------------------------------
    _lever("cn_substitution_reaction", "China substitutes under export pressure", "on/off",
           1, 0, 1, "Reactions",
           "1: when legal imports fall short of demand, China invests in domestic capacity "
           "(after a delay) and smuggling rises within enforcement bounds, as it has since "
           "2019. 0: the open-loop world.", "H3; H4; C1", None, 1, 0, role=SWITCH),
    _lever("cn_substitution_delay_months", "China substitution delay", "months", 18, 6, 36,
           "Reactions",
           "Months for export pressure to turn into domestic capacity investment (one to two "
           "years).", "H3; EST", (12, 24), 1, 0,
           role=ReactionParameter("cn_substitution_reaction", drawn=True)),
    _lever("us_control_reaction", "US controls follow the lead", "on/off", 0, 0, 1,
           "Reactions",
           "1: US export controls tighten when China closes in and loosen when the lead is "
           "wide, after a policy delay. 0 (default): controls stay as set.", "EST", None, 1, 0,
           role=SWITCH),
    _lever("us_reaction_target_lead_months", "US target lead", "months", 12, 0, 36,
           "Reactions",
           "The capability lead US policy aims to keep; controls tighten below it and loosen "
           "well above it (the White House cites 3-6 months for models).", "EST", None, 1, 0,
           role=ReactionParameter("us_control_reaction")),
    _lever("us_reaction_delay_months", "US policy delay", "months", 12, 3, 36, "Reactions",
           "Months for US controls to follow a change in the lead (rules in Oct 2022, Oct 2023, "
           "Dec 2024: about a year apart).", "N1; N2; EST", (6, 18), 1, 0,
           role=ReactionParameter("us_control_reaction", drawn=True)),
)

LEVERS: MappingProxyType[str, Lever] = MappingProxyType(
    {lever.id: lever for lever in _CATALOGUE + REACTION_LEVERS})


def default_values() -> dict[str, float]:
    """Every lever at its catalogue default."""
    return {lever_id: lever.default for lever_id, lever in LEVERS.items()}


def levers_in_group(group: str) -> list[Lever]:
    return [lever for lever in LEVERS.values() if lever.group == group]


def lever_named(lever_id: str) -> Lever:
    """The lever with this id; ValueError naming the closest known ids if there is none."""
    if lever_id in LEVERS:
        return LEVERS[lever_id]
    close = difflib.get_close_matches(str(lever_id), list(LEVERS), n=3, cutoff=0.5)
    hint = f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""
    raise ValueError(f"unknown lever id {lever_id!r}{hint}; `airace levers` lists the known ids")


def role_of(lever: Lever | str) -> Role:
    return (lever_named(lever) if isinstance(lever, str) else lever).role


def is_policy(lever: Lever | str) -> bool:
    """A choice an actor makes: what robust search and What must be true may move."""
    return isinstance(role_of(lever), Policy)


def is_drawn(lever: Lever | str) -> bool:
    """Whether Monte Carlo draws the lever; the others stay at the scenario's value."""
    role = role_of(lever)
    return isinstance(role, Uncertain) or isinstance(role, ReactionParameter) and role.drawn


def policy_levers() -> list[Lever]:
    """The policy levers, in catalogue order."""
    return [lever for lever in LEVERS.values() if is_policy(lever)]


def check_policy(lever_id: str) -> None:
    """ValueError, one line, unless the id names a policy lever."""
    if not is_policy(lever_id):
        policies = ", ".join(lever.id for lever in policy_levers())
        raise ValueError(f"{lever_id} is not a policy lever (it is "
                         f"{role_of(lever_id).describe()}); the policy levers are {policies}")


def switch_of(lever: Lever | str) -> str | None:
    """The reaction switch a reaction parameter belongs to (None for any other lever)."""
    role = role_of(lever)
    return role.switch if isinstance(role, ReactionParameter) else None
