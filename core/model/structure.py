"""The model's structure as data: every stock, flow and auxiliary with its unit, equation,
what it reads (with the link's polarity), the block that computes it and its source; and the
feedback loops.

A test holds this declaration against the code (what each block reads and writes, every
unit checked equation by equation, each loop a cycle of the declared links with the declared
polarity), and docs/model.md and the in-app model map are generated from it, so neither can
drift from the equations.

Reads are written ``+name`` (more of it raises this variable), ``-name`` (lowers it) or
``~name`` (no single sign). ``name@prev`` reads last month's value.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Variable:
    id: str
    kind: str  # "stock", "flow" (a stock's rate of change) or "auxiliary"
    unit: str
    block: str
    reads: tuple[tuple[str, str], ...]  # (name, polarity "+", "-" or "~")
    equation: str
    source: str

    @property
    def names_read(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.reads)


@dataclass(frozen=True)
class Loop:
    name: str
    kind: str  # "R" reinforcing or "B" balancing
    path: tuple[str, ...]  # variables in order; the last links back to the first
    story: str


def _reads(text: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for word in text.split():
        sign, name = (word[0], word[1:]) if word[0] in "+-~" else ("+", word)
        pairs.append((name, sign))
    return tuple(pairs)


def _v(id, kind, unit, block, reads, equation, source="") -> Variable:
    return Variable(id, kind, unit, block, _reads(reads), equation, source)


# ---- stocks (their flows are declared as d_<stock>) ------------------------------------
_STOCKS = (
    _v("us_dc_capacity_gw", "stock", "GW", "power", "+d_us_dc_capacity_gw",
       "connected US data-centre capacity", "S0"),
    _v("us_queue_gw", "stock", "GW", "power", "+d_us_queue_gw",
       "US data-centre power requests waiting in the interconnection queue", "L2"),
    _v("cn_dc_capacity_gw", "stock", "GW", "power", "+d_cn_dc_capacity_gw",
       "connected Chinese data-centre capacity", "I1"),
    _v("cn_queue_gw", "stock", "GW", "power", "+d_cn_queue_gw",
       "Chinese data-centre power requests waiting for connection", "EST"),
    _v("log_us_chip_budget_busd", "stock", "ln($B/yr)", "chips", "+d_log_us_chip_budget_busd",
       "ln of yearly spending on US-designed accelerators ($B/yr)", "N3; N4"),
    _v("log_us_packaging_h100e", "stock", "ln(H100e/yr)", "chips", "+d_log_us_packaging_h100e",
       "ln of packaging (CoWoS) and HBM capacity in H100e/yr", "T1; T2"),
    _v("log_cn_domestic_capacity_h100e", "stock", "ln(H100e/yr)", "chips",
       "+d_log_cn_domestic_capacity_h100e",
       "ln of China's domestic accelerator capacity in H100e/yr at 2025 yield", "H1; H3"),
    _v("us_in_transit_h100e", "stock", "H100e", "chips", "+d_us_in_transit_h100e",
       "US chips shipped, not yet ready to install", "EST"),
    _v("us_deferred_h100e", "stock", "H100e", "chips", "+d_us_deferred_h100e",
       "US chips ready but waiting for power (deferred deployments)", "S0"),
    _v("us_installed_h100e", "stock", "H100e", "chips", "+d_us_installed_h100e",
       "chips installed in US data centres", "E6; E7"),
    _v("us_installed_load_gw", "stock", "GW", "chips", "+d_us_installed_load_gw",
       "power the installed US chips draw (co-flow of the installed stock)", "E6; SA1"),
    _v("us_abroad_h100e", "stock", "H100e", "chips", "+d_us_abroad_h100e",
       "US-owned chips sited abroad for want of US power", "EST"),
    _v("us_abroad_load_gw", "stock", "GW", "chips", "+d_us_abroad_load_gw",
       "power the chips sited abroad draw", "EST"),
    _v("cn_in_transit_h100e", "stock", "H100e", "chips", "+d_cn_in_transit_h100e",
       "Chinese chips shipped or made, not yet ready", "EST"),
    _v("cn_deferred_h100e", "stock", "H100e", "chips", "+d_cn_deferred_h100e",
       "Chinese chips waiting for power", "EST"),
    _v("cn_installed_h100e", "stock", "H100e", "chips", "+d_cn_installed_h100e",
       "chips installed in China", "E7; E8"),
    _v("cn_installed_load_gw", "stock", "GW", "chips", "+d_cn_installed_load_gw",
       "power the installed Chinese chips draw", "DER"),
    _v("row_installed_h100e", "stock", "H100e", "chips", "+d_row_installed_h100e",
       "chips installed by other countries' buyers", "E7"),
    _v("row_installed_load_gw", "stock", "GW", "chips", "+d_row_installed_load_gw",
       "power those chips draw", "DER"),
    _v("cn_substitution_pressure", "stock", "1", "trade", "+d_cn_substitution_pressure",
       "China's perceived import shortfall, smoothed over the substitution delay", "H3"),
    _v("us_control_tightness", "stock", "1", "trade", "+d_us_control_tightness",
       "US export-control tightness (+1 fully tight, -1 fully loose)", "EST"),
    _v("us_log_algo_efficiency", "stock", "1", "compute", "+d_us_log_algo_efficiency",
       "ln of US algorithmic efficiency relative to January 2025", "E3"),
    _v("cn_log_algo_efficiency_vs_us", "stock", "1", "compute",
       "+d_cn_log_algo_efficiency_vs_us", "ln of China's algorithmic efficiency over the US's",
       "EST; O5"),
    _v("adoption_share_connected", "stock", "1", "adoption", "+d_adoption_share_connected",
       "share of people online who use AI", "MS1"),
    _v("open_weight_share", "stock", "1", "adoption", "+d_open_weight_share",
       "open-weight share of AI usage", "O1"),
)

# ---- flows: the rate of change of each stock ----------------------------------------------
_FLOWS = (
    _v("d_us_queue_gw", "flow", "GW/yr", "power",
       "+us_requests_gw_per_year -us_dc_additions_gw_per_year -us_queue_gw "
       "+us_grid_connection_delay_months +us_permitting_reform_share",
       "requests - connections - queue x (1 - completion share) / delay", "L2"),
    _v("d_us_dc_capacity_gw", "flow", "GW/yr", "power", "+us_dc_additions_gw_per_year",
       "connections", "L2"),
    _v("d_cn_queue_gw", "flow", "GW/yr", "power",
       "+cn_requests_gw_per_year -cn_dc_additions_gw_per_year -cn_queue_gw",
       "requests - connections - withdrawals", "EST"),
    _v("d_cn_dc_capacity_gw", "flow", "GW/yr", "power", "+cn_dc_additions_gw_per_year",
       "connections", "EST"),
    _v("d_log_us_chip_budget_busd", "flow", "1/yr", "chips",
       "+us_chip_order_growth_per_year -price_performance_growth_per_year "
       "-us_chip_budget_busd -us_backlog_ratio",
       "ln(order growth / price-performance growth) x (1 - budget / ceiling) "
       "- brake x backlog ratio", "E5; N3; EST"),
    _v("d_log_us_packaging_h100e", "flow", "1/yr", "chips",
       "+us_chip_budget_busd -price_per_h100e_usd -us_packaging_h100e "
       "+packaging_growth_max_per_year",
       "min((orders x slack / capacity - 1) / adjustment time, ln(growth limit))", "T1; T2"),
    _v("d_log_cn_domestic_capacity_h100e", "flow", "1/yr", "chips",
       "+cn_domestic_chip_growth_per_year +cn_substitution_pressure "
       "+cn_substitution_reaction -log_cn_domestic_capacity_h100e +cn_domestic_ceiling_h100e",
       "ln(growth) x (1 + boost x pressure) x (1 - capacity / ceiling)", "H2; H3"),
    _v("d_us_in_transit_h100e", "flow", "H100e/yr", "chips",
       "+us_arrivals_h100e -us_ready_h100e", "arrivals - ready", "EST"),
    _v("d_us_deferred_h100e", "flow", "H100e/yr", "chips",
       "+us_ready_h100e -us_installs_h100e -us_abroad_flow_h100e",
       "ready - installs - sited abroad", "EST"),
    _v("d_us_installed_h100e", "flow", "H100e/yr", "chips",
       "+us_installs_h100e -us_installed_h100e -hw_lifetime_years",
       "installs - installed / lifetime", "EST"),
    _v("d_us_installed_load_gw", "flow", "GW/yr", "chips",
       "+us_installs_h100e +kw_per_h100e_new -us_installed_load_gw -hw_lifetime_years",
       "installs x kW per new H100e - load / lifetime", "E2"),
    _v("d_us_abroad_h100e", "flow", "H100e/yr", "chips",
       "+us_abroad_flow_h100e -us_abroad_h100e -hw_lifetime_years",
       "sited abroad - abroad / lifetime", "EST"),
    _v("d_us_abroad_load_gw", "flow", "GW/yr", "chips",
       "+us_abroad_flow_h100e +kw_per_h100e_new -us_abroad_load_gw -hw_lifetime_years",
       "sited abroad x kW per new H100e - load / lifetime", "EST"),
    _v("d_cn_in_transit_h100e", "flow", "H100e/yr", "chips",
       "+cn_arrivals_h100e -cn_ready_h100e", "arrivals - ready", "EST"),
    _v("d_cn_deferred_h100e", "flow", "H100e/yr", "chips",
       "+cn_ready_h100e -cn_installs_h100e", "ready - installs", "EST"),
    _v("d_cn_installed_h100e", "flow", "H100e/yr", "chips",
       "+cn_installs_h100e -cn_installed_h100e -hw_lifetime_years",
       "installs - installed / lifetime", "EST"),
    _v("d_cn_installed_load_gw", "flow", "GW/yr", "chips",
       "+cn_installs_h100e +kw_per_h100e_new +cn_domestic_output_h100e "
       "-cn_arrivals_h100e -cn_installed_load_gw -hw_lifetime_years",
       "installs x kW per new H100e x domestic power penalty - load / lifetime", "DER"),
    _v("d_row_installed_h100e", "flow", "H100e/yr", "chips",
       "+row_arrivals_h100e -row_installed_h100e -hw_lifetime_years",
       "arrivals - installed / lifetime", "EST"),
    _v("d_row_installed_load_gw", "flow", "GW/yr", "chips",
       "+row_arrivals_h100e +kw_per_h100e_new -row_installed_load_gw -hw_lifetime_years",
       "arrivals x kW per new H100e - load / lifetime", "EST"),
    _v("d_cn_substitution_pressure", "flow", "1/yr", "trade",
       "+cn_import_shortfall -cn_substitution_pressure -cn_substitution_delay_months",
       "(shortfall - pressure) / substitution delay", "H3"),
    _v("d_us_control_tightness", "flow", "1/yr", "trade",
       "+us_control_target -us_control_tightness -us_reaction_delay_months",
       "(target - tightness) / policy delay", "EST"),
    _v("d_us_log_algo_efficiency", "flow", "1/yr", "compute", "-algo_halving_months",
       "ln 2 / halving time", "E3"),
    _v("d_cn_log_algo_efficiency_vs_us", "flow", "1/yr", "compute",
       "+cn_efficiency_gain_per_year +cn_algo_jump_log +open_spillover_rate "
       "~us_lab_openness ~cn_lab_openness +frontier_log_ratio -cn_log_algo_efficiency_vs_us",
       "ln(extra Chinese gain) + breakthroughs + spillover x leader's openness x frontier "
       "log ratio x (1 - follower's lead / ln 10)", "EST; O5"),
    _v("d_adoption_share_connected", "flow", "1/yr", "adoption",
       "+bass_p +bass_q +adoption_share_connected -us_regulatory_friction "
       "-cn_regulatory_friction",
       "(p + q x adopted) x (1 - adopted) x (1 - mean friction)", "A2; MS1"),
    _v("d_open_weight_share", "flow", "1/yr", "adoption",
       "+open_share_target -open_weight_share -open_switching_time_months",
       "(target - share) / switching time", "O3"),
)

# ---- auxiliaries ---------------------------------------------------------------------------
_AUXILIARIES = (
    # chips: prices, efficiency, supply
    _v("price_per_h100e_usd", "auxiliary", "USD/H100e", "chips",
       "-price_performance_growth_per_year", "price 2025 x growth^-(years since mid-2025)",
       "B1; E1"),
    _v("kw_per_h100e_new", "auxiliary", "kW/H100e", "chips",
       "+facility_kw_per_h100e -flop_per_watt_growth_per_year",
       "facility kW per 2025 H100e x efficiency growth^-years", "E6; E2"),
    _v("chip_performance_index", "auxiliary", "1", "chips", "+chip_perf_growth_per_year",
       "per-chip performance growth^years", "E1"),
    _v("us_chip_budget_busd", "auxiliary", "$B/yr", "chips", "+log_us_chip_budget_busd",
       "exp(ln budget)", "N3; N4"),
    _v("us_packaging_h100e", "auxiliary", "H100e/yr", "chips", "+log_us_packaging_h100e",
       "exp(ln packaging capacity)", "T1; T2"),
    _v("us_gpu_output_h100e", "auxiliary", "H100e/yr", "chips",
       "+us_chip_budget_busd -price_per_h100e_usd +us_packaging_h100e",
       "min(budget / price, packaging capacity)", "N3; T1"),
    _v("tpu_output_h100e", "auxiliary", "H100e/yr", "chips",
       "+tpu_output_multiple_2028 +price_performance_growth_per_year",
       "2025 output x multiple^(years to 2028 / 3), then x price-performance growth", "M1"),
    _v("us_excess_deferred_h100e", "auxiliary", "H100e", "chips",
       "+us_deferred_h100e -us_gpu_output_h100e -us_share_of_us_gpu_output -tpu_output_h100e",
       "max(deferred - a month of arrivals, 0)", "EST"),
    _v("us_backlog_ratio", "auxiliary", "1", "chips",
       "+us_excess_deferred_h100e -us_gpu_output_h100e -tpu_output_h100e "
       "-ship_to_online_lag_months", "excess deferred / (arrivals over the shipping lag)",
       "EST"),
    _v("cn_domestic_ceiling_h100e", "auxiliary", "H100e/yr", "chips",
       "+cn_domestic_cap_mh100e_per_year +chip_performance_index +cn_substitution_pressure "
       "+cn_substitution_reaction",
       "ceiling x performance index x (1 + boost x pressure)", "H3; H4"),
    _v("cn_domestic_output_h100e", "auxiliary", "H100e/yr", "chips",
       "+log_cn_domestic_capacity_h100e +ascend_yield", "capacity x yield / 2025 yield", "H1"),
    # regulation
    _v("us_regulatory_friction", "auxiliary", "1", "regulation",
       "-us_federal_preemption +us_states_with_ai_laws +us_compliance_cost_share_per_state",
       "min((1 - preemption) x states x cost per state + preemption x federal cost, cap)",
       "R1; R6"),
    _v("us_deploy_delay_months", "auxiliary", "months", "regulation",
       "-us_federal_preemption +us_states_with_ai_laws +us_deploy_delay_patchwork_months",
       "(1 - preemption) x states / 50 x delay under a full patchwork", "EST"),
    _v("cn_regulatory_friction", "auxiliary", "1", "regulation", "+cn_regulatory_friction",
       "the lever", "EST"),
    # power
    _v("us_non_ai_load_gw", "auxiliary", "GW", "power", "",
       "2025 load x (1 + growth)^years", "S0; L1"),
    _v("cn_non_ai_load_gw", "auxiliary", "GW", "power", "",
       "2025 load x (1 + growth)^years", "I1"),
    _v("us_waiting_gw", "auxiliary", "GW", "power", "+us_deferred_h100e +kw_per_h100e_new",
       "deferred x kW per new H100e", "S0"),
    _v("cn_waiting_gw", "auxiliary", "GW", "power", "+cn_deferred_h100e +kw_per_h100e_new",
       "deferred x kW per new H100e", "EST"),
    _v("us_stranded_gw", "auxiliary", "GW", "power",
       "+us_installed_load_gw +us_non_ai_load_gw -us_dc_capacity_gw",
       "clip(load + non-AI load - capacity, 0, load)", "REQ"),
    _v("cn_stranded_gw", "auxiliary", "GW", "power",
       "+cn_installed_load_gw +cn_non_ai_load_gw -cn_dc_capacity_gw",
       "clip(load + non-AI load - capacity, 0, load)", "REQ"),
    _v("us_unmet_gw", "auxiliary", "GW", "power",
       "+us_waiting_gw +us_stranded_gw +us_abroad_load_gw",
       "waiting + stranded + sited abroad", "S0"),
    _v("cn_unmet_gw", "auxiliary", "GW", "power", "+cn_waiting_gw +cn_stranded_gw",
       "waiting + stranded", "EST"),
    _v("us_requests_gw_per_year", "auxiliary", "GW/yr", "power",
       "+us_dc_committed_additions_gw_per_year +us_unmet_gw -us_queue_gw "
       "~us_grid_connection_delay_months ~us_permitting_reform_share",
       "(committed + max(unmet - queue beyond committed, 0) / response time) / completion "
       "share", "L2; EST"),
    _v("cn_requests_gw_per_year", "auxiliary", "GW/yr", "power",
       "+cn_new_generation_gw_per_year +cn_dc_share_of_new_generation +cn_unmet_gw "
       "-cn_queue_gw", "(committed + uncovered unmet / response time) / completion share",
       "I1; EST"),
    _v("us_dc_additions_gw_per_year", "auxiliary", "GW/yr", "power",
       "+us_queue_gw -us_grid_connection_delay_months +us_permitting_reform_share "
       "+us_new_generation_gw_per_year",
       "min(queue x completion share / delay, half of new generation)", "L2; EIA1"),
    _v("cn_dc_additions_gw_per_year", "auxiliary", "GW/yr", "power",
       "+cn_queue_gw +cn_new_generation_gw_per_year",
       "min(queue x completion share / delay, half of new generation)", "EST"),
    _v("us_headroom_gw", "auxiliary", "GW", "power",
       "+us_dc_capacity_gw +us_dc_additions_gw_per_year -us_non_ai_load_gw "
       "-us_installed_load_gw", "capacity + connections due soon - non-AI load - chips' load",
       "EST"),
    _v("cn_headroom_gw", "auxiliary", "GW", "power",
       "+cn_dc_capacity_gw +cn_dc_additions_gw_per_year -cn_non_ai_load_gw "
       "-cn_installed_load_gw", "capacity + connections due soon - non-AI load - chips' load",
       "EST"),
    _v("us_queue_gw", "auxiliary", "GW", "power", "+us_queue_gw", "report of the stock", ""),
    _v("cn_queue_gw", "auxiliary", "GW", "power", "+cn_queue_gw", "report of the stock", ""),
    _v("us_dc_capacity_gw", "auxiliary", "GW", "power", "+us_dc_capacity_gw",
       "report of the stock", ""),
    _v("cn_dc_capacity_gw", "auxiliary", "GW", "power", "+cn_dc_capacity_gw",
       "report of the stock", ""),
    _v("us_new_generation_gw_per_year", "auxiliary", "GW/yr", "power",
       "+us_new_generation_gw_per_year", "the lever", "S0; EIA1"),
    _v("cn_new_generation_gw_per_year", "auxiliary", "GW/yr", "power",
       "+cn_new_generation_gw_per_year", "the lever", "S0; EIA1"),
    # trade
    _v("cn_ai_chip_market_busd", "auxiliary", "$B/yr", "trade", "",
       "logistic from $50 B/yr towards the ceiling", "N2; EST"),
    _v("cn_residual_budget_busd", "auxiliary", "$B/yr", "trade",
       "+cn_ai_chip_market_busd -cn_domestic_output_h100e -price_per_h100e_usd",
       "max(market - domestic output x domestic price, 0)", "N2; H1"),
    _v("cn_import_price_usd", "auxiliary", "USD/H100e", "trade",
       "+price_per_h100e_usd +export_lag_months +export_fee_share -us_control_tightness "
       "-us_control_reaction +price_performance_growth_per_year",
       "price x price-performance growth^(lag / 12) x (1 + fee)", "N2; E1"),
    _v("cn_import_demand_h100e", "auxiliary", "H100e/yr", "trade",
       "+cn_residual_budget_busd -cn_import_discouragement -cn_import_price_usd "
       "~price_per_h100e_usd",
       "residual x (1 - discouragement) x logit share / import price", "N2; EST"),
    _v("cn_free_import_demand_h100e", "auxiliary", "H100e/yr", "trade",
       "+cn_residual_budget_busd -cn_import_discouragement ~price_per_h100e_usd",
       "the same with no lag and no fee", "EST"),
    _v("cn_legal_imports_h100e", "auxiliary", "H100e/yr", "trade",
       "+cn_import_demand_h100e +export_licensing +export_volume_cap_share "
       "+us_gpu_output_h100e -us_share_of_us_gpu_output -us_control_tightness "
       "~us_control_reaction",
       "min(demand x licensed share, cap x output, foreign buyers' share of output)",
       "N1; N2"),
    _v("us_vendor_cn_revenue_busd", "auxiliary", "$B/yr", "trade",
       "+cn_legal_imports_h100e +cn_import_price_usd -export_fee_share",
       "imports x import price / (1 + fee)", "N2"),
    _v("us_export_fee_revenue_busd", "auxiliary", "$B/yr", "trade",
       "+cn_legal_imports_h100e +cn_import_price_usd +export_fee_share",
       "imports x import price x fee / (1 + fee)", "N2"),
    _v("cn_import_shortfall", "auxiliary", "1", "trade",
       "-cn_legal_imports_h100e +cn_free_import_demand_h100e",
       "1 - legal imports / free-trade demand", "H3"),
    _v("cn_substitution_pressure", "auxiliary", "1", "trade",
       "+cn_substitution_pressure +cn_substitution_reaction", "pressure x switch", "H3"),
    _v("cn_smuggled_h100e", "auxiliary", "H100e/yr", "trade",
       "+cn_smuggled_mh100e_per_year +cn_substitution_pressure +cn_substitution_reaction "
       "+chip_performance_index -chip_perf_growth_per_year",
       "min(base x (1 + response x pressure), enforcement bound) x year-old chip performance",
       "C1"),
    _v("us_control_target", "auxiliary", "1", "trade",
       "+us_reaction_target_lead_months -capability_gap_months@prev",
       "clip((target lead - last month's lead) / span, -1, 1)", "EST"),
    _v("us_control_tightness", "auxiliary", "1", "trade",
       "+us_control_tightness +us_control_reaction", "tightness x switch", "EST"),
    # chips: deployment
    _v("us_arrivals_h100e", "auxiliary", "H100e/yr", "chips",
       "+us_gpu_output_h100e +us_share_of_us_gpu_output +tpu_output_h100e",
       "output x US share + TPUs", "E7"),
    _v("cn_arrivals_h100e", "auxiliary", "H100e/yr", "chips",
       "+cn_legal_imports_h100e +cn_smuggled_h100e +cn_domestic_output_h100e",
       "legal imports + smuggled + domestic", ""),
    _v("row_arrivals_h100e", "auxiliary", "H100e/yr", "chips",
       "+us_gpu_output_h100e -us_share_of_us_gpu_output -cn_legal_imports_h100e",
       "max(output x (1 - US share) - China's legal imports, 0)", "E7"),
    _v("us_ready_h100e", "auxiliary", "H100e/yr", "chips",
       "+us_in_transit_h100e -ship_to_online_lag_months", "in transit / shipping lag", "EST"),
    _v("cn_ready_h100e", "auxiliary", "H100e/yr", "chips",
       "+cn_in_transit_h100e -ship_to_online_lag_months", "in transit / shipping lag", "EST"),
    _v("us_installs_h100e", "auxiliary", "H100e/yr", "chips",
       "+us_deferred_h100e +us_headroom_gw -kw_per_h100e_new",
       "min(deferred, headroom / kW per new H100e) / install time", "EST"),
    _v("cn_installs_h100e", "auxiliary", "H100e/yr", "chips",
       "+cn_deferred_h100e +cn_headroom_gw -kw_per_h100e_new",
       "min(deferred, headroom / kW per new H100e) / install time", "EST"),
    _v("us_abroad_flow_h100e", "auxiliary", "H100e/yr", "chips",
       "+us_excess_deferred_h100e +us_siting_abroad_rate_per_year",
       "excess deferred x siting-abroad rate", "EST"),
    _v("us_installed_h100e", "auxiliary", "H100e", "chips", "+us_installed_h100e",
       "report of the stock", ""),
    _v("cn_installed_h100e", "auxiliary", "H100e", "chips", "+cn_installed_h100e",
       "report of the stock", ""),
    _v("row_installed_h100e", "auxiliary", "H100e", "chips", "+row_installed_h100e",
       "report of the stock", ""),
    _v("us_installed_load_gw", "auxiliary", "GW", "chips", "+us_installed_load_gw",
       "report of the stock", ""),
    _v("cn_installed_load_gw", "auxiliary", "GW", "chips", "+cn_installed_load_gw",
       "report of the stock", ""),
    _v("row_installed_load_gw", "auxiliary", "GW", "chips", "+row_installed_load_gw",
       "report of the stock", ""),
    _v("us_deferred_h100e", "auxiliary", "H100e", "chips", "+us_deferred_h100e",
       "report of the stock", ""),
    _v("cn_deferred_h100e", "auxiliary", "H100e", "chips", "+cn_deferred_h100e",
       "report of the stock", ""),
    _v("us_in_transit_h100e", "auxiliary", "H100e", "chips", "+us_in_transit_h100e",
       "report of the stock", ""),
    _v("cn_in_transit_h100e", "auxiliary", "H100e", "chips", "+cn_in_transit_h100e",
       "report of the stock", ""),
    _v("us_abroad_h100e", "auxiliary", "H100e", "chips", "+us_abroad_h100e",
       "report of the stock", ""),
    _v("us_abroad_gw", "auxiliary", "GW", "chips", "+us_abroad_load_gw",
       "report of the stock", ""),
    _v("us_stranded_h100e", "auxiliary", "H100e", "chips",
       "+us_installed_h100e +us_stranded_gw -us_installed_load_gw",
       "installed x stranded load / load", "REQ"),
    _v("cn_stranded_h100e", "auxiliary", "H100e", "chips",
       "+cn_installed_h100e +cn_stranded_gw -cn_installed_load_gw",
       "installed x stranded load / load", "REQ"),
    _v("us_powered_h100e", "auxiliary", "H100e", "chips",
       "+us_installed_h100e -us_stranded_gw", "installed - stranded", ""),
    _v("cn_powered_h100e", "auxiliary", "H100e", "chips",
       "+cn_installed_h100e -cn_stranded_gw", "installed - stranded", ""),
    _v("global_installed_h100e", "auxiliary", "H100e", "chips",
       "+us_installed_h100e +cn_installed_h100e +row_installed_h100e +us_abroad_h100e",
       "US + China + elsewhere + US-owned abroad", "E6"),
    # compute
    _v("us_effective_compute", "auxiliary", "effective H100e", "compute",
       "+us_powered_h100e +us_log_algo_efficiency -us_deploy_delay_months "
       "-algo_halving_months -us_regulatory_friction",
       "powered x exp(ln efficiency - ln 2 x deploy delay / halving) x (1 - friction)", "E3"),
    _v("cn_effective_compute", "auxiliary", "effective H100e", "compute",
       "+cn_powered_h100e +us_log_algo_efficiency +cn_log_algo_efficiency_vs_us "
       "-cn_regulatory_friction", "powered x exp(US ln efficiency + relative) x (1 - friction)",
       "EST"),
    _v("us_frontier_compute", "auxiliary", "effective H100e", "compute",
       "+us_effective_compute", "effective x largest-cluster share", "E8"),
    _v("cn_frontier_compute", "auxiliary", "effective H100e", "compute",
       "+cn_effective_compute", "effective x largest-cluster share", "E8"),
    _v("frontier_log_ratio", "auxiliary", "1", "compute",
       "+us_frontier_compute -cn_frontier_compute", "ln(US frontier / China frontier)", ""),
    _v("capability_gap_months", "auxiliary", "months", "compute",
       "+us_frontier_compute -cn_frontier_compute -algo_halving_months",
       "months since the leader's frontier (running maximum) was where the follower's is "
       "now; negative when China leads", "E14; E4"),
    _v("us_cn_compute_ratio", "auxiliary", "1", "compute",
       "+us_effective_compute -cn_effective_compute", "US effective / China effective", ""),
    _v("cn_algo_efficiency_vs_us", "auxiliary", "1", "compute",
       "+cn_log_algo_efficiency_vs_us", "exp(relative ln efficiency)", "EST"),
    # adoption
    _v("connected_share", "auxiliary", "1", "adoption", "",
       "min(68% + 1.2 points a year, 90%)", "ITU1"),
    _v("ai_adoption_share", "auxiliary", "1", "adoption",
       "+connected_share +adoption_share_connected", "people online x adopted share", "MS1"),
    _v("open_model_lag_months", "auxiliary", "months", "adoption",
       "+open_model_lag_months ~capability_gap_months ~cn_lab_openness ~us_lab_openness",
       "lag lever + 0.25 x China's part of open supply x (lead - its January 2025 value)",
       "E11; EST"),
    _v("open_share_target", "auxiliary", "1", "adoption",
       "-open_model_lag_months ~capability_gap_months +cn_lab_openness +us_lab_openness "
       "-open_closed_price_ratio", "logit(supply - lag - price) with the fitted intercept",
       "O1; O4"),
    _v("open_weight_share", "auxiliary", "1", "adoption", "+open_weight_share",
       "report of the stock", ""),
    _v("cn_usage_share", "auxiliary", "1", "adoption",
       "+open_weight_share +cn_lab_openness ~capability_gap_months ~us_lab_openness",
       "open share x China's part of open + (1 - open share) x China's closed share", "O1; O2"),
    _v("access_index", "auxiliary", "1", "adoption",
       "+ai_adoption_share +frontier_price_decline_per_year +open_weight_share "
       "-open_closed_price_ratio",
       "adoption x willingness / (willingness + price), willingness growing with income",
       "E10; EST"),
    # economics
    _v("tpu_external_revenue_busd", "auxiliary", "$B/yr", "economics",
       "+tpu_output_h100e -chip_performance_index +tpu_external_share",
       "TPU units x external share x $26k", "S0; M1"),
    _v("us_power_demand_gw", "auxiliary", "GW", "economics",
       "+us_non_ai_load_gw +us_installed_load_gw +us_waiting_gw +us_abroad_gw",
       "non-AI + installed chips + waiting + sited abroad (load wanted)", "S0"),
    _v("cn_power_demand_gw", "auxiliary", "GW", "economics",
       "+cn_non_ai_load_gw +cn_installed_load_gw +cn_waiting_gw", "load wanted", ""),
    _v("us_power_gap_gw", "auxiliary", "GW", "economics",
       "+us_power_demand_gw -us_dc_capacity_gw",
       "wanted - capacity (above 0 a shortfall, below 0 a surplus)", "S0"),
    _v("cn_power_gap_gw", "auxiliary", "GW", "economics",
       "+cn_power_demand_gw -cn_dc_capacity_gw",
       "wanted - capacity (above 0 a shortfall, below 0 a surplus)", ""),
    _v("us_dc_twh", "auxiliary", "TWh/yr", "economics",
       "+us_non_ai_load_gw +us_installed_load_gw -us_stranded_gw",
       "served load x load factor x hours", "I1; L1"),
    _v("cn_dc_twh", "auxiliary", "TWh/yr", "economics",
       "+cn_non_ai_load_gw +cn_installed_load_gw -cn_stranded_gw",
       "served load x load factor x hours", "I1"),
    _v("world_dc_twh", "auxiliary", "TWh/yr", "economics",
       "+us_dc_twh +cn_dc_twh +row_installed_load_gw +us_abroad_gw",
       "(US + China + elsewhere + US chips abroad) served load x load factor x hours", "I1"),
    _v("us_ai_power_gw", "auxiliary", "GW", "economics", "+us_installed_load_gw",
       "load of the installed US chips", "E9"),
    _v("power_gap_capex_busd", "auxiliary", "$B", "economics", "+us_power_gap_gw",
       "max(unmet, 0) x shell and power capital per GW", "B1"),
)

VARIABLES: MappingProxyType[str, Variable] = MappingProxyType(
    {("stock:" if v.kind == "stock" else "") + v.id: v
     for v in _STOCKS + _FLOWS + _AUXILIARIES})
STOCK_DECLARATIONS: MappingProxyType[str, Variable] = MappingProxyType(
    {v.id: v for v in _STOCKS})


def declared(name: str) -> Variable | None:
    """The auxiliary or flow of that name, else the stock."""
    return VARIABLES.get(name) or STOCK_DECLARATIONS.get(name)


LOOPS = (
    Loop("Power limits deployment", "B",
         ("us_installed_load_gw", "us_headroom_gw", "us_installs_h100e",
          "d_us_installed_load_gw"),
         "Installed chips use up the headroom; new chips wait until power is connected."),
    Loop("Power responds to demand", "B",
         ("us_deferred_h100e", "us_waiting_gw", "us_unmet_gw", "us_requests_gw_per_year",
          "d_us_queue_gw", "us_queue_gw", "us_dc_additions_gw_per_year", "us_headroom_gw",
          "us_installs_h100e", "d_us_deferred_h100e"),
         "Chips waiting for power draw requests into the queue; connections make room."),
    Loop("The queue's supply line", "B",
         ("us_queue_gw", "us_requests_gw_per_year", "d_us_queue_gw"),
         "Requests already queued cover part of the shortfall, so developers file fewer."),
    Loop("Siting abroad", "B",
         ("us_deferred_h100e", "us_excess_deferred_h100e", "us_abroad_flow_h100e",
          "d_us_deferred_h100e"),
         "Chips that wait too long for US power go to allied countries' data centres."),
    Loop("Unpowered chips cut orders", "B",
         ("us_deferred_h100e", "us_excess_deferred_h100e", "us_backlog_ratio",
          "d_log_us_chip_budget_busd", "log_us_chip_budget_busd", "us_chip_budget_busd",
          "us_gpu_output_h100e", "us_arrivals_h100e", "d_us_in_transit_h100e",
          "us_in_transit_h100e", "us_ready_h100e", "d_us_deferred_h100e"),
         "A backlog of chips without power slows the growth of spending on new ones."),
    Loop("Spending saturates", "B",
         ("log_us_chip_budget_busd", "us_chip_budget_busd", "d_log_us_chip_budget_busd"),
         "Spending on accelerators grows towards a ceiling set by what buyers can afford."),
    Loop("Packaging catches up", "B",
         ("log_us_packaging_h100e", "us_packaging_h100e", "d_log_us_packaging_h100e"),
         "Packaging and HBM capacity expands to meet orders, no faster than its limit."),
    Loop("China substitutes", "B",
         ("cn_substitution_pressure", "cn_domestic_ceiling_h100e",
          "d_log_cn_domestic_capacity_h100e", "log_cn_domestic_capacity_h100e",
          "cn_domestic_output_h100e", "cn_residual_budget_busd",
          "cn_free_import_demand_h100e", "cn_import_shortfall",
          "d_cn_substitution_pressure"),
         "Unmet import demand raises domestic capacity, which leaves less demand unmet."),
    Loop("China's capacity nears its ceiling", "B",
         ("log_cn_domestic_capacity_h100e", "d_log_cn_domestic_capacity_h100e"),
         "Domestic capacity grows at its own rate until wafers and HBM run out."),
    Loop("US controls follow the lead", "B",
         ("us_control_tightness", "cn_legal_imports_h100e", "cn_arrivals_h100e",
          "d_cn_in_transit_h100e", "cn_in_transit_h100e", "cn_ready_h100e",
          "d_cn_deferred_h100e", "cn_deferred_h100e", "cn_installs_h100e",
          "d_cn_installed_h100e", "cn_installed_h100e", "cn_powered_h100e",
          "cn_effective_compute", "cn_frontier_compute", "capability_gap_months",
          "us_control_target", "d_us_control_tightness"),
         "When China closes in, controls tighten after a delay, cutting its imports."),
    Loop("Open-model spillover", "B",
         ("cn_log_algo_efficiency_vs_us", "cn_effective_compute", "cn_frontier_compute",
          "frontier_log_ratio", "d_cn_log_algo_efficiency_vs_us"),
         "The follower learns from the leader's open weights, faster the wider the lead."),
    Loop("Word of mouth", "R",
         ("adoption_share_connected", "d_adoption_share_connected"),
         "Users bring in more users (Bass imitation); it weakens as the connected "
         "population saturates."),
    Loop("Open share adjusts", "B",
         ("open_weight_share", "d_open_weight_share"),
         "Usage moves towards the open/closed balance the choice rule sets."),
)

BOUNDARY = {
    "endogenous": [
        "data-centre capacity and its interconnection queue (US and China)",
        "spending on US-designed accelerators, packaging capacity, output",
        "deployment: shipping, waiting for power, installation, retirement, siting abroad",
        "China's domestic capacity, import demand, legal imports, smuggling",
        "both actors' reactions: China's substitution, US controls following the lead",
        "algorithmic efficiency, spillover, effective and frontier compute, the lead",
        "adoption, the open/closed split, China's usage share, access",
        "electricity, unmet demand, capital to close the gap, vendors' revenue",
    ],
    "exogenous": [
        "new generation built each year (levers), conventional data-centre load growth",
        "price-performance and energy-efficiency trends, per-chip performance",
        "China's AI-chip market path, TPU production plan, people online, income",
        "export rules, regulation, openness (policy levers and events)",
    ],
    "left out": [
        "critical-minerals retaliation and other Chinese trade counter-measures",
        "ratepayer backlash against permitting and grid costs",
        "diversion of chips sited abroad to China",
        "the electricity grid beyond data centres (prices, reliability)",
        "talent flows, capital markets, and a demand bust for AI services",
    ],
}
