"""The output catalogue: every series the model reports, with label, unit and group.

Output ids are a public contract (CSV columns, CLI, plots, scenario comparisons).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from core.common.formatting import format_gap, format_value

US, CHINA, BOTH, WORLD = "US", "China", "US and China", "world"  # whose quantity it is
AMOUNT = "amount"  # a quantity that cannot go below zero
GAP = "gap"  # wanted minus connected: above zero a shortfall, below zero a surplus
SIGNED = "signed"  # a lead or an index either side of zero (its label says which way is +)


@dataclass(frozen=True)
class Output:
    """One series, declared with whose it is (``country``: US, China, both or the world;
    plots colour by it) and what kind of number it is (``kind``): every view reads these
    instead of guessing from the id."""

    id: str
    label: str
    unit: str
    group: str
    country: str
    kind: str
    log_scale: bool = False
    is_share: bool = False

    def format(self, value: float, unit: str | None = None) -> str:
        """A value as people read it, in its unit (or ``unit``): a gap as '19.2 GW short'
        or '3.1 GW surplus', anything else as ``format_value`` writes it."""
        unit = self.unit if unit is None else unit
        return format_gap(value, unit) if self.kind == GAP else format_value(value, unit)


_CATALOGUE = (
    Output("us_dc_capacity_gw", "US data-centre capacity", "GW", "Power", US, AMOUNT),
    Output("cn_dc_capacity_gw", "China data-centre capacity", "GW", "Power", CHINA, AMOUNT),
    Output("us_power_demand_gw", "US data-centre load wanted", "GW", "Power", US, AMOUNT),
    Output("cn_power_demand_gw", "China data-centre load wanted", "GW", "Power", CHINA, AMOUNT),
    Output("us_power_gap_gw", "US power gap (wanted − connected), incl. chips abroad", "GW",
           "Power", US, GAP),
    Output("cn_power_gap_gw", "China power gap (wanted − connected)", "GW", "Power", CHINA, GAP),
    Output("us_new_generation_gw_per_year", "US new generation (input)", "GW/yr", "Power", US,
           AMOUNT),
    Output("cn_new_generation_gw_per_year", "China new generation (input)", "GW/yr", "Power",
           CHINA, AMOUNT),
    Output("us_dc_additions_gw_per_year", "US data-centre power connected", "GW/yr", "Power", US,
           AMOUNT),
    Output("power_gap_capex_busd", "Capital to close the US power gap", "$B", "Power", US, AMOUNT),
    Output("us_installed_h100e", "US installed chips", "H100e", "Chips", US, AMOUNT,
           log_scale=True),
    Output("cn_installed_h100e", "China installed chips", "H100e", "Chips", CHINA, AMOUNT,
           log_scale=True),
    Output("global_installed_h100e", "World installed chips", "H100e", "Chips", WORLD, AMOUNT,
           log_scale=True),
    Output("cn_legal_imports_h100e", "China legal chip imports", "H100e/yr", "Chips", CHINA,
           AMOUNT),
    Output("cn_smuggled_h100e", "Chips smuggled into China", "H100e/yr", "Chips", CHINA, AMOUNT),
    Output("cn_domestic_output_h100e", "China domestic chip output", "H100e/yr", "Chips", CHINA,
           AMOUNT),
    Output("us_gpu_output_h100e", "US-designed GPU output", "H100e/yr", "Chips", US, AMOUNT),
    Output("tpu_output_h100e", "Google TPU output", "H100e/yr", "Chips", US, AMOUNT),
    Output("tpu_output_units", "Google TPUs made", "unit/yr", "Chips", US, AMOUNT),
    Output("us_early_retired_h100e", "US chips retired early (sold on)", "H100e/yr", "Chips",
           US, AMOUNT),
    Output("cn_early_retired_h100e", "China chips retired early", "H100e/yr", "Chips", CHINA,
           AMOUNT),
    Output("us_stranded_h100e", "US stranded chips (no power)", "H100e", "Chips", US, AMOUNT),
    Output("cn_stranded_h100e", "China stranded chips (no power)", "H100e", "Chips", CHINA, AMOUNT),
    Output("us_powered_h100e", "US powered chips", "H100e", "Compute", US, AMOUNT, log_scale=True),
    Output("cn_powered_h100e", "China powered chips", "H100e", "Compute", CHINA, AMOUNT,
           log_scale=True),
    Output("us_effective_compute", "US effective compute", "effective H100e", "Compute", US,
           AMOUNT, log_scale=True),
    Output("cn_effective_compute", "China effective compute", "effective H100e", "Compute", CHINA,
           AMOUNT, log_scale=True),
    Output("us_cn_compute_ratio", "US/China effective compute ratio", "x", "Compute", BOTH, AMOUNT,
           log_scale=True),
    Output("capability_gap_months", "Capability gap (US lead)", "months", "Compute", BOTH, SIGNED),
    Output("compute_lead_months", "Frontier compute lead (US)", "months", "Compute", BOTH, SIGNED),
    Output("cn_algo_efficiency_vs_us", "China algorithmic efficiency vs US", "x", "Compute", CHINA,
           AMOUNT),
    Output("us_regulatory_friction", "US regulatory friction", "share", "Regulation", US, AMOUNT,
           is_share=True),
    Output("us_deploy_delay_months", "US deployment delay", "months", "Regulation", US, AMOUNT),
    Output("ai_adoption_share", "World AI adoption", "share", "Adoption", WORLD, AMOUNT,
           is_share=True),
    Output("open_weight_share", "Open-weight share of usage", "share", "Adoption", WORLD, AMOUNT,
           is_share=True),
    Output("cn_usage_share", "China-origin share of usage", "share", "Adoption", CHINA, AMOUNT,
           is_share=True),
    Output("access_index", "Access index (can afford near-frontier AI)", "share", "Adoption",
           WORLD, AMOUNT, is_share=True),
    Output("open_model_lag_months", "Open-model capability lag", "months", "Adoption", WORLD,
           AMOUNT),
    Output("tpu_external_revenue_busd", "TPU external revenue", "$B/yr", "Economics", US, AMOUNT),
    Output("us_vendor_cn_revenue_busd", "US chip vendors' China revenue", "$B/yr", "Economics", US,
           AMOUNT),
    # ---- added in model version 2 ----
    Output("us_waiting_gw", "US deferred deployments (chips waiting for power)", "GW", "Power", US,
           AMOUNT),
    Output("us_abroad_gw", "US-owned chips sited abroad (load)", "GW", "Power", US, AMOUNT),
    Output("us_stranded_gw", "US stranded chips (load without power)", "GW", "Power", US, AMOUNT),
    Output("us_queue_gw", "US interconnection queue (data-centre requests)", "GW", "Power", US,
           AMOUNT),
    Output("cn_queue_gw", "China interconnection queue", "GW", "Power", CHINA, AMOUNT),
    Output("cn_dc_additions_gw_per_year", "China data-centre power connected", "GW/yr", "Power",
           CHINA, AMOUNT),
    Output("us_ai_power_gw", "US AI data-centre power", "GW", "Power", US, AMOUNT),
    Output("us_dc_twh", "US data-centre electricity", "TWh/yr", "Power", US, AMOUNT),
    Output("cn_dc_twh", "China data-centre electricity", "TWh/yr", "Power", CHINA, AMOUNT),
    Output("world_dc_twh", "World data-centre electricity", "TWh/yr", "Power", WORLD, AMOUNT),
    Output("us_deferred_h100e", "US chips waiting for power", "H100e", "Chips", US, AMOUNT),
    Output("us_abroad_h100e", "US-owned chips sited abroad", "H100e", "Chips", US, AMOUNT),
    Output("us_chip_budget_busd", "Spending on US-designed accelerators", "$B/yr", "Chips", US,
           AMOUNT),
    Output("us_packaging_h100e", "Packaging and HBM capacity (US-designed)", "H100e/yr", "Chips",
           US, AMOUNT),
    Output("price_per_h100e_usd", "Accelerator price per H100e", "USD/H100e", "Chips", WORLD,
           AMOUNT, log_scale=True),
    Output("cn_import_demand_h100e", "China demand for US chips at current rules", "H100e/yr",
           "Chips", CHINA, AMOUNT),
    Output("cn_domestic_ceiling_h100e", "China domestic output ceiling", "H100e/yr", "Chips",
           CHINA, AMOUNT),
    Output("cn_hbm_supply_h100e", "China's own HBM memory (chips it can equip)", "H100e/yr",
           "Chips", CHINA, AMOUNT),
    Output("cn_hbm_stockpile_h100e", "China's HBM stockpile (2025 chips it can equip)", "H100e",
           "Chips", CHINA, AMOUNT),
    Output("cn_ai_chip_market_busd", "China AI-chip market", "$B/yr", "Economics", CHINA, AMOUNT),
    Output("us_export_fee_revenue_busd", "US export-fee revenue", "$B/yr", "Economics", US, AMOUNT),
    Output("us_frontier_compute", "US frontier (largest-cluster) compute", "effective H100e",
           "Compute", US, AMOUNT, log_scale=True),
    Output("cn_frontier_compute", "China frontier (largest-cluster) compute", "effective H100e",
           "Compute", CHINA, AMOUNT, log_scale=True),
    Output("cn_substitution_pressure", "China substitution pressure (reaction)", "share",
           "Reactions", CHINA, AMOUNT, is_share=True),
    Output("us_control_tightness", "US control tightness (reaction; + tighter, - looser)", "index",
           "Reactions", US, SIGNED),
    Output("connected_share", "People online", "share", "Adoption", WORLD, AMOUNT, is_share=True),
    # ---- added in model version 3 ----
    Output("us_ai_adoption_share", "US AI adoption (share of all people; users aged 18-64)",
           "share", "Adoption", US, AMOUNT, is_share=True),
    Output("cn_ai_adoption_share", "China AI adoption (share of all people)", "share",
           "Adoption", CHINA, AMOUNT, is_share=True),
    Output("us_non_ai_load_gw", "US conventional data-centre load wanted", "GW", "Power", US,
           AMOUNT),
    Output("us_non_ai_unserved_gw", "US conventional load not served (its share of a shortfall)",
           "GW", "Power", US, AMOUNT),
    Output("us_ai_capacity_gw", "US capacity for AI chips (their share)", "GW", "Power", US,
           AMOUNT),
    Output("row_dc_capacity_gw", "Data-centre capacity outside the US and China", "GW", "Power",
           WORLD, AMOUNT),
    Output("row_ai_capacity_gw", "Capacity for AI chips outside the US and China", "GW", "Power",
           WORLD, AMOUNT),
    Output("row_deferred_h100e", "Chips outside the US and China waiting for power", "H100e",
           "Chips", WORLD, AMOUNT),
    Output("row_installed_h100e", "Chips installed outside the US and China", "H100e", "Chips",
           WORLD, AMOUNT, log_scale=True),
)

OUTPUTS: MappingProxyType[str, Output] = MappingProxyType({o.id: o for o in _CATALOGUE})


def companion(output_id: str) -> str | None:
    """The China series paired with a US one (``us_x`` with ``cn_x``), if the catalogue has it."""
    if output_id.startswith("us_"):
        other = "cn_" + output_id[3:]
        if other in OUTPUTS:
            return other
    return None


def paired_series(output_id: str) -> list[str]:
    """The series one plot of ``output_id`` draws: the output, then its China twin if any."""
    other = companion(output_id)
    return [output_id] + ([other] if other else [])

