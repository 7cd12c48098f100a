"""Economics block: TPU external revenue, capital to close the power gap, and data-centre
electricity in TWh.

Money in billions of US dollars: flows as $B/yr, capital as $B. US vendors' China revenue is
computed in the trade block, where the price is.
"""

from __future__ import annotations

from core.model.declare import auxiliary

# each variable this block computes, declared beside its equation (core.model.declare)
VARIABLES = (
    auxiliary("tpu_external_revenue_busd", "$B/yr", "Google TPU external revenue",
              "What Google earns selling TPUs to other firms: units sold times the price of "
              "one.", "S0; M1"),
    auxiliary("us_power_demand_gw", "GW", "US data-centre load wanted",
              "Power US data centres want: conventional, installed, waiting, and US chips "
              "running abroad.", "S0"),
    auxiliary("cn_power_demand_gw", "GW", "China data-centre load wanted",
              "Power Chinese data centres want."),
    auxiliary("us_power_gap_gw", "GW", "US power gap (wanted − connected), incl. chips abroad",
              "US load wanted (US chips running abroad included) minus connected capacity; "
              "above 0 a shortfall.",
              "S0", signs="-us_dc_capacity_gw"),
    auxiliary("cn_power_gap_gw", "GW", "China power gap (wanted − connected)",
              "Chinese load wanted minus connected capacity: above 0 a shortfall, below 0 a "
              "surplus.", "", signs="-cn_dc_capacity_gw"),
    auxiliary("us_dc_twh", "TWh/yr", "US data-centre electricity",
              "Electricity US data centres use in a year.", "I1; L1",
              signs="-us_stranded_gw -us_non_ai_unserved_gw"),
    auxiliary("cn_dc_twh", "TWh/yr", "China data-centre electricity",
              "Electricity Chinese data centres use in a year.", "I1",
              signs="-cn_stranded_gw -cn_non_ai_unserved_gw"),
    auxiliary("world_dc_twh", "TWh/yr", "World data-centre electricity",
              "Electricity the world's data centres use in a year.", "I1",
              signs="-us_stranded_gw -cn_stranded_gw -us_non_ai_unserved_gw "
                    "-cn_non_ai_unserved_gw"),
    auxiliary("us_ai_power_gw", "GW", "US AI power", "Power the installed US AI chips draw.", "E9"),
    auxiliary("power_gap_capex_busd", "$B", "Capital to close the US power gap",
              "Capital for shells and power to serve the unmet US load.", "B1"),
)


def step(stocks, inputs, aux, rates, memory, xp, clock) -> None:
    K = inputs["K"]  # this run's constants (core.engine.inputs)
    # each TPU sold brings its price per unit (M1), whatever H100e it holds
    aux["tpu_external_revenue_busd"] = (aux["tpu_output_units"] * inputs["tpu_external_share"]
                                        * K.tpu_revenue_per_unit_usd / K.usd_per_busd)
    twh_per_gw = K.dc_load_factor * K.hours_per_year / K.gwh_per_twh
    # Load wanted: conventional load, installed chips, chips waiting for power and (US)
    # chips sited abroad for want of it. Electricity is the load actually served.
    us_wanted = (aux["us_non_ai_load_gw"] + aux["us_installed_load_gw"] + aux["us_waiting_gw"]
                 + aux["us_abroad_gw"])
    cn_wanted = aux["cn_non_ai_load_gw"] + aux["cn_installed_load_gw"] + aux["cn_waiting_gw"]
    aux["us_power_demand_gw"] = us_wanted
    aux["cn_power_demand_gw"] = cn_wanted
    aux["us_power_gap_gw"] = us_wanted - aux["us_dc_capacity_gw"]
    aux["cn_power_gap_gw"] = cn_wanted - aux["cn_dc_capacity_gw"]
    us_served = (aux["us_non_ai_load_gw"] - aux["us_non_ai_unserved_gw"]
                 + aux["us_installed_load_gw"] - aux["us_stranded_gw"])
    cn_served = (aux["cn_non_ai_load_gw"] - aux["cn_non_ai_unserved_gw"]
                 + aux["cn_installed_load_gw"] - aux["cn_stranded_gw"])
    aux["us_dc_twh"] = us_served * twh_per_gw
    aux["cn_dc_twh"] = cn_served * twh_per_gw
    # elsewhere: conventional load gets what the capacity left to AI chips does not take
    row_served = xp.minimum(aux["row_dc_capacity_gw"],
                            aux["row_non_ai_load_gw"] + aux["row_installed_load_gw"]
                            + aux["us_abroad_gw"])
    aux["world_dc_twh"] = (us_served + cn_served + row_served) * twh_per_gw
    aux["us_ai_power_gw"] = aux["us_installed_load_gw"]
    aux["power_gap_capex_busd"] = xp.maximum(aux["us_power_gap_gw"], 0.0) * (
        K.shell_power_capex_busd_per_gw)
