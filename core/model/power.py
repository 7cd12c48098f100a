"""Power block: data-centre capacity fed through an interconnection queue that responds to
unmet demand, and the load the installed chips want.

Units: GW of data-centre capacity (nameplate, as LBNL counts it); rates in GW/yr. Requests
enter a queue; a share of them is connected after the queue delay, the rest withdraws (LBNL
Queued Up). Developers file requests for unmet demand not already covered by the queue (a
supply-line correction, so the response does not overshoot), and connections are bounded by
the new generation that can serve data centres.
"""

from __future__ import annotations

from core.model.declare import auxiliary, flow

# each variable this block computes, declared beside its equation (core.model.declare)
VARIABLES = (
    flow("d_us_queue_gw", "GW/yr", "Change in the US power queue",
         "New US data-centre power requests, less those connected and those withdrawn.", "L2",
         signs="-us_dc_additions_gw_per_year -us_queue_gw -us_permitting_reform_share"),
    flow("d_us_dc_capacity_gw", "GW/yr", "US capacity connected this year",
         "US data-centre capacity grows by the connections made each year.", "L2"),
    flow("d_cn_queue_gw", "GW/yr", "Change in China's power queue",
         "New Chinese data-centre power requests, less those connected and withdrawn.", "EST",
         signs="-cn_dc_additions_gw_per_year -cn_queue_gw"),
    flow("d_cn_dc_capacity_gw", "GW/yr", "China capacity connected this year",
         "Chinese data-centre capacity grows by the connections made each year.", "EST"),
    auxiliary("us_non_ai_load_gw", "GW", "US conventional data-centre load",
              "Power US data centres draw for work other than AI.", "S0; L1"),
    auxiliary("cn_non_ai_load_gw", "GW", "China conventional data-centre load",
              "Power Chinese data centres draw for work other than AI.", "I1"),
    auxiliary("us_waiting_gw", "GW", "Power US waiting chips need",
              "Power the US chips waiting for a connection would draw.", "S0"),
    auxiliary("cn_waiting_gw", "GW", "Power China's waiting chips need",
              "Power the Chinese chips waiting for a connection would draw.", "EST"),
    auxiliary("us_stranded_gw", "GW", "US stranded load",
              "Load of installed US chips that capacity cannot serve.", "REQ",
              signs="-us_dc_capacity_gw"),
    auxiliary("cn_stranded_gw", "GW", "China stranded load",
              "Load of installed Chinese chips that capacity cannot serve.", "REQ",
              signs="-cn_dc_capacity_gw"),
    auxiliary("us_unmet_gw", "GW", "US chips' load not connected",
              "Power US chips need beyond what is connected: waiting, stranded or abroad.", "S0"),
    auxiliary("cn_unmet_gw", "GW", "China chips' load not connected",
              "Power Chinese chips need beyond what is connected.", "EST"),
    auxiliary("us_requests_gw_per_year", "GW/yr", "US new power requests",
              "Power developers ask the grid for each year: committed projects plus unmet need.",
              "L2; EST",
              signs="-us_queue_gw ~us_grid_connection_delay_months ~us_permitting_reform_share"),
    auxiliary("cn_requests_gw_per_year", "GW/yr", "China new power requests",
              "Power Chinese developers ask the grid for each year.", "I1; EST",
              signs="-cn_queue_gw"),
    auxiliary("us_dc_additions_gw_per_year", "GW/yr", "US data-centre power connected",
              "Queued US requests connected each year, limited by new generation.", "L2; EIA1",
              signs="-us_grid_connection_delay_months"),
    auxiliary("cn_dc_additions_gw_per_year", "GW/yr", "China data-centre power connected",
              "Queued Chinese requests connected each year, limited by new generation.", "EST"),
    auxiliary("us_headroom_gw", "GW", "US free power capacity",
              "Capacity (with connections due soon) not yet used by existing load.", "EST",
              signs="-us_non_ai_load_gw -us_installed_load_gw"),
    auxiliary("cn_headroom_gw", "GW", "China free power capacity",
              "Chinese capacity (with connections due soon) not yet used by existing load.", "EST",
              signs="-cn_non_ai_load_gw -cn_installed_load_gw"),
    auxiliary("us_queue_gw", "GW", "US power queue",
              "US data-centre power requests waiting for connection."),
    auxiliary("cn_queue_gw", "GW", "China power queue",
              "Chinese data-centre power requests waiting for connection."),
    auxiliary("us_dc_capacity_gw", "GW", "US data-centre capacity",
              "Power capacity connected to US data centres."),
    auxiliary("cn_dc_capacity_gw", "GW", "China data-centre capacity",
              "Power capacity connected to Chinese data centres."),
    auxiliary("us_new_generation_gw_per_year", "GW/yr", "US new generation",
              "Power generation the US adds each year (set by its lever).", "S0; EIA1"),
    auxiliary("cn_new_generation_gw_per_year", "GW/yr", "China new generation",
              "Power generation China adds each year (set by its lever).", "S0; EIA1"),
)


def _queue_flows(queue, capacity_gap_gw, committed, delay_months, generation_cap, xp, K):
    """(requests, connections, withdrawals) in GW/yr for one country's queue."""
    delay_years = xp.maximum(delay_months, K.min_adjustment_months) / K.months_per_year
    share = K.queue_completion_share
    expected = queue * share  # GW the queue will connect
    covered = xp.maximum(expected - committed * delay_years, 0.0)
    response = xp.maximum(capacity_gap_gw - covered, 0.0) / K.queue_response_years
    requests = (committed + response) / share
    connections = xp.minimum(expected / delay_years, generation_cap)
    withdrawals = queue * (1.0 - share) / delay_years
    return requests, connections, withdrawals


def non_ai_load_gw(initial_gw: float, growth_per_year: float, years_since_2025: float):
    """Conventional data-centre load, growing steadily (exogenous)."""
    return initial_gw * (1.0 + growth_per_year) ** years_since_2025


def us_connection_delay_months(u):
    """Months a US data-centre request waits, after permitting reform."""
    return u["us_grid_connection_delay_months"] * (1.0 - u["us_permitting_reform_share"])


def cn_committed_gw_per_year(u):
    """China's data-centre power committed each year: its share of new generation."""
    return u["cn_new_generation_gw_per_year"] * u["cn_dc_share_of_new_generation"]


def steady_queue(committed, delay_months, xp, K):
    """A queue in steady state connects ``committed`` GW/yr (the queue at a start month)."""
    return (committed * xp.maximum(delay_months, K.min_adjustment_months) / K.months_per_year
            / K.queue_completion_share)


class _Side:
    """Variable names of one country's power block (made once: string building is slow)."""

    def __init__(self, side: str):
        for name in ("dc_capacity_gw", "queue_gw", "installed_load_gw", "deferred_h100e",
                     "dc_additions_gw_per_year", "non_ai_load_gw", "stranded_gw",
                     "waiting_gw", "headroom_gw", "unmet_gw", "requests_gw_per_year"):
            setattr(self, name, f"{side}_{name}")
        self.is_us = side == "us"


US, CN = _Side("us"), _Side("cn")


def step(stocks, inputs, aux, rates, memory, xp, clock) -> None:
    K = inputs["K"]  # this run's constants (core.engine.inputs)
    years = clock.years + K.jan_to_mid_2025_years  # since the start of 2025
    for side, committed, delay, generation in (
            (US, inputs["us_dc_committed_additions_gw_per_year"],
             us_connection_delay_months(inputs), inputs["us_new_generation_gw_per_year"]),
            (CN, cn_committed_gw_per_year(inputs), K.cn_grid_connection_delay_months,
             inputs["cn_new_generation_gw_per_year"])):
        capacity = stocks[side.dc_capacity_gw]
        non_ai = (non_ai_load_gw(K.us_non_ai_load_gw_2025, K.us_non_ai_load_growth_per_year,
                                 years) if side.is_us else
                  non_ai_load_gw(K.cn_non_ai_load_gw_2025, K.non_ai_load_growth_per_year, years))
        chips_load = stocks[side.installed_load_gw]
        # Unmet demand the queue responds to: chips ready but waiting for power, chips
        # installed without it, and (US) chips that went abroad for want of it.
        waiting = stocks[side.deferred_h100e] * aux["kw_per_h100e_new"] / K.kw_per_gw
        stranded_gw = xp.clip(chips_load + non_ai - capacity, 0.0, chips_load)
        unmet = waiting + stranded_gw + (stocks["us_abroad_load_gw"] if side.is_us else 0.0)
        requests, connections, withdrawals = _queue_flows(
            stocks[side.queue_gw], unmet, committed, delay,
            K.dc_share_of_new_generation_max * generation, xp, K)
        rates[side.queue_gw] = requests - connections - withdrawals
        aux[side.unmet_gw] = unmet
        aux[side.requests_gw_per_year] = requests
        rates[side.dc_capacity_gw] = connections
        aux[side.dc_additions_gw_per_year] = connections
        aux[side.queue_gw] = stocks[side.queue_gw]
        aux[side.dc_capacity_gw] = capacity
        aux[side.non_ai_load_gw] = non_ai
        aux[side.stranded_gw] = stranded_gw
        aux[side.waiting_gw] = waiting
        # Room for new chips: capacity, plus connections expected within the install-ahead
        # window, less what is already drawn.
        aux[side.headroom_gw] = (capacity
                                 + connections * K.install_ahead_months / K.months_per_year
                                    - non_ai - chips_load)
    aux["us_new_generation_gw_per_year"] = inputs["us_new_generation_gw_per_year"]
    aux["cn_new_generation_gw_per_year"] = inputs["cn_new_generation_gw_per_year"]
