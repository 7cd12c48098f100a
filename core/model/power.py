"""Power block: data-centre capacity fed through an interconnection queue that responds to
unmet demand, the load the installed chips want, and how a shortfall is shared.

Units: GW of data-centre capacity (nameplate, as LBNL counts it); rates in GW/yr. Requests
enter a queue; a share of them is connected after the queue delay, the rest withdraws (LBNL
Queued Up). Developers file requests for unmet demand not already covered by the queue (a
supply-line correction, so the response does not overshoot). A request then also needs
generation: the wait in the queue and the wait for generation add, so the two rates combine
as resistances in series (1/connections = 1/queue rate + 1/generation for data centres), and
more generation always shortens the wait a little, most where it is scarce.

Sharing a shortfall (the declared rule): conventional (non-AI) load and AI load are served
alike. While capacity covers every load, AI chips may use whatever conventional load does not;
when it falls short, each kind gets capacity pro rata to the load it wants (AI: installed
chips and chips waiting for power), so both lose the same share. Capacity an AI chip does not
yet draw serves conventional load meanwhile. The rest of the world (outside the US and China)
has a power limit too: its data-centre capacity grows at the rate IEA's outlook gives it, and
its chips, and US chips sited there, share it with its conventional load by the same rule.
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
    auxiliary("us_non_ai_load_gw", "GW", "US conventional data-centre load wanted",
              "Power US data centres want for work other than AI (IEA's conventional servers).",
              "I1; DER"),
    auxiliary("cn_non_ai_load_gw", "GW", "China conventional data-centre load wanted",
              "Power Chinese data centres want for work other than AI.", "I1"),
    auxiliary("row_non_ai_load_gw", "GW", "Conventional data-centre load elsewhere",
              "Power data centres outside the US and China want for work other than AI.", "I1"),
    auxiliary("row_dc_capacity_gw", "GW", "Data-centre capacity elsewhere",
              "Data-centre capacity outside the US and China, growing as IEA's outlook has it.",
              "I1; DER"),
    auxiliary("us_non_ai_unserved_gw", "GW", "US conventional load not served",
              "Conventional US load that capacity cannot serve: its pro-rata share of a "
              "shortfall.", "REQ",
              signs="-us_dc_capacity_gw -us_stranded_gw"),
    auxiliary("cn_non_ai_unserved_gw", "GW", "China conventional load not served",
              "Conventional Chinese load that capacity cannot serve: its pro-rata share of a "
              "shortfall.", "REQ",
              signs="-cn_dc_capacity_gw -cn_stranded_gw"),
    auxiliary("us_waiting_gw", "GW", "Power US waiting chips need",
              "Power the US chips waiting for a connection would draw.", "S0"),
    auxiliary("cn_waiting_gw", "GW", "Power China's waiting chips need",
              "Power the Chinese chips waiting for a connection would draw.", "EST"),
    auxiliary("row_waiting_gw", "GW", "Power waiting chips elsewhere need",
              "Power the chips waiting for a connection outside the US and China would draw.",
              "EST"),
    auxiliary("us_ai_capacity_gw", "GW", "US capacity for AI chips",
              "US capacity AI chips may use: all conventional load leaves, or their pro-rata "
              "share of a shortfall.", "REQ",
              signs="-us_non_ai_load_gw"),
    auxiliary("cn_ai_capacity_gw", "GW", "China capacity for AI chips",
              "Chinese capacity AI chips may use: all conventional load leaves, or their "
              "pro-rata share of a shortfall.", "REQ",
              signs="-cn_non_ai_load_gw"),
    auxiliary("row_ai_capacity_gw", "GW", "Capacity for AI chips elsewhere",
              "Capacity outside the US and China that AI chips (theirs and US chips sited "
              "there) may use, by the same rule.", "REQ",
              signs="-row_non_ai_load_gw"),
    auxiliary("us_stranded_gw", "GW", "US stranded load",
              "Load of installed US chips beyond the capacity AI chips may use.", "REQ",
              signs="-us_ai_capacity_gw"),
    auxiliary("cn_stranded_gw", "GW", "China stranded load",
              "Load of installed Chinese chips beyond the capacity AI chips may use.", "REQ",
              signs="-cn_ai_capacity_gw"),
    auxiliary("row_stranded_gw", "GW", "Stranded load elsewhere",
              "Load of chips outside the US and China (and US chips there) beyond their "
              "capacity.", "REQ",
              signs="-row_ai_capacity_gw"),
    auxiliary("us_unmet_gw", "GW", "US load not served or not connected",
              "Power wanted beyond what serves it: waiting, stranded, conventional unserved, "
              "US chips running abroad.", "S0"),
    auxiliary("cn_unmet_gw", "GW", "China load not served or not connected",
              "Power Chinese data centres want beyond what is connected and serving them.",
              "EST"),
    auxiliary("us_requests_gw_per_year", "GW/yr", "US new power requests",
              "Power developers ask the grid for each year: committed projects plus unmet need.",
              "L2; EST",
              signs="-us_queue_gw ~us_grid_connection_delay_months ~us_permitting_reform_share"),
    auxiliary("cn_requests_gw_per_year", "GW/yr", "China new power requests",
              "Power Chinese developers ask the grid for each year.", "I1; EST",
              signs="-cn_queue_gw"),
    auxiliary("us_dc_additions_gw_per_year", "GW/yr", "US data-centre power connected",
              "Queued US requests connected each year; the queue and generation act in series.",
              "L2; EIA1",
              signs="-us_grid_connection_delay_months"),
    auxiliary("cn_dc_additions_gw_per_year", "GW/yr", "China data-centre power connected",
              "Queued Chinese requests connected each year; the queue and generation act in "
              "series.", "EST"),
    auxiliary("us_headroom_gw", "GW", "US free power capacity for chips",
              "Capacity for AI chips (with connections due soon) not yet used by installed "
              "chips.", "EST",
              signs="-us_non_ai_load_gw -us_installed_load_gw"),
    auxiliary("cn_headroom_gw", "GW", "China free power capacity for chips",
              "Chinese capacity for AI chips (with connections due soon) not yet used by "
              "installed chips.", "EST",
              signs="-cn_non_ai_load_gw -cn_installed_load_gw"),
    auxiliary("row_headroom_gw", "GW", "Free power capacity for chips elsewhere",
              "Capacity for AI chips outside the US and China not yet used by chips installed "
              "there or US chips sited there.", "EST",
              signs="-row_installed_load_gw -us_abroad_load_gw"),
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
    through_queue = expected / delay_years
    # in series: a connected request has waited for the queue and then for generation
    connections = through_queue * generation_cap / xp.maximum(
        through_queue + generation_cap, K.connection_floor_gw_per_year)
    withdrawals = queue * (1.0 - share) / delay_years
    return requests, connections, withdrawals


def steady_growth(initial, growth_per_year, years_since_2025):
    """A quantity growing at a steady rate from its 2025 value (exogenous)."""
    return initial * (1.0 + growth_per_year) ** years_since_2025


def conventional_load_gw(initial_gw, years_since_2025, xp, K):
    """US or Chinese conventional load wanted: IEA's conventional-server growth to the end
    of 2030, slower after (exogenous)."""
    fast = xp.minimum(years_since_2025, K.conventional_fast_growth_years)
    slow = xp.maximum(years_since_2025 - K.conventional_fast_growth_years, 0.0)
    return (initial_gw * (1.0 + K.us_non_ai_load_growth_per_year) ** fast
            * (1.0 + K.us_non_ai_load_growth_after_2030_per_year) ** slow)


def ai_capacity_gw(capacity, conventional, ai_wanted, xp):
    """Capacity AI chips may use under the declared sharing rule: what conventional load
    leaves while capacity covers both; their pro-rata share of capacity when it falls short.
    (The larger of the two is the right one in either case, so no branch is needed.)"""
    return xp.maximum(capacity - conventional,
                      capacity * ai_wanted / (conventional + ai_wanted))


def us_connection_delay_months(u):
    """Months a US data-centre request waits, after permitting reform."""
    return u["us_grid_connection_delay_months"] * (1.0 - u["us_permitting_reform_share"])


def cn_committed_gw_per_year(u):
    """China's data-centre power committed each year: its share of new generation."""
    return u["cn_new_generation_gw_per_year"] * u["cn_dc_share_of_new_generation"]


def steady_queue(committed, delay_months, generation, xp, K):
    """A queue in steady state connects ``committed`` GW/yr through its generation (the
    queue at a start month). Its own rate must exceed ``committed`` for the series to pass
    it; where generation cannot carry twice the committed rate, the queue starts at the
    rate of the generation for data centres."""
    for_dc = K.dc_share_of_new_generation_max * generation
    through_queue = committed * for_dc / xp.maximum(xp.maximum(for_dc - committed, committed),
                                                    K.connection_floor_gw_per_year)
    return (through_queue * xp.maximum(delay_months, K.min_adjustment_months)
            / K.months_per_year / K.queue_completion_share)


class _Side:
    """Variable names of one country's power block (made once: string building is slow)."""

    def __init__(self, side: str):
        for name in ("dc_capacity_gw", "queue_gw", "installed_load_gw", "deferred_h100e",
                     "dc_additions_gw_per_year", "non_ai_load_gw", "stranded_gw",
                     "waiting_gw", "headroom_gw", "unmet_gw", "requests_gw_per_year",
                     "ai_capacity_gw", "non_ai_unserved_gw"):
            setattr(self, name, f"{side}_{name}")
        self.is_us = side == "us"


US, CN = _Side("us"), _Side("cn")


def step(stocks, inputs, aux, rates, memory, xp, clock) -> None:
    K = inputs["K"]  # this run's constants (core.engine.inputs)
    years = clock.years + K.jan_to_mid_2025_years  # since the start of 2025
    kw_new = aux["kw_per_h100e_new"]
    for side, committed, delay, generation in (
            (US, inputs["us_dc_committed_additions_gw_per_year"],
             us_connection_delay_months(inputs), inputs["us_new_generation_gw_per_year"]),
            (CN, cn_committed_gw_per_year(inputs), K.cn_grid_connection_delay_months,
             inputs["cn_new_generation_gw_per_year"])):
        capacity = stocks[side.dc_capacity_gw]
        non_ai = conventional_load_gw(K.us_non_ai_load_gw_2025 if side.is_us else
                                      K.cn_non_ai_load_gw_2025, years, xp, K)
        chips_load = stocks[side.installed_load_gw]
        # China's waiting chips carry their load (a co-flow: imports and its own, hungrier
        # chips); US chips differ only by age and are counted at this month's power
        waiting = (stocks[side.deferred_h100e] * kw_new / K.kw_per_gw if side.is_us
                   else stocks["cn_deferred_load_gw"])
        ai_wanted = chips_load + waiting
        # the declared rule: AI's share of capacity, and conventional load gets the rest
        for_ai = ai_capacity_gw(capacity, non_ai, ai_wanted, xp)
        stranded_gw = xp.clip(chips_load - for_ai, 0.0, chips_load)
        non_ai_served = xp.minimum(non_ai, capacity - (chips_load - stranded_gw))
        non_ai_unserved = non_ai - non_ai_served
        # Unmet demand the queue responds to: chips ready but waiting for power, chips
        # installed without it, conventional load not served, and (US) chips that went
        # abroad for want of it.
        unmet = (waiting + stranded_gw + non_ai_unserved
                 + (stocks["us_abroad_load_gw"] if side.is_us else 0.0))
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
        aux[side.non_ai_unserved_gw] = non_ai_unserved
        aux[side.ai_capacity_gw] = for_ai
        aux[side.stranded_gw] = stranded_gw
        aux[side.waiting_gw] = waiting
        # Room for new chips: AI's share of capacity plus connections expected within the
        # install-ahead window, less what installed chips already draw.
        soon = capacity + connections * K.install_ahead_months / K.months_per_year
        aux[side.headroom_gw] = ai_capacity_gw(soon, non_ai, ai_wanted, xp) - chips_load

    # The rest of the world: capacity on IEA's path, shared by the same rule among its
    # conventional load, its chips and the US chips sited there.
    row_capacity = steady_growth(K.row_dc_capacity_gw_2025, K.row_dc_capacity_growth_per_year,
                                 years)
    row_non_ai = steady_growth(K.row_non_ai_load_gw_2025, K.non_ai_load_growth_per_year, years)
    row_chips_load = stocks["row_installed_load_gw"] + stocks["us_abroad_load_gw"]
    row_waiting = stocks["row_deferred_h100e"] * kw_new / K.kw_per_gw
    row_for_ai = ai_capacity_gw(row_capacity, row_non_ai, row_chips_load + row_waiting, xp)
    aux["row_dc_capacity_gw"] = row_capacity
    aux["row_non_ai_load_gw"] = row_non_ai
    aux["row_waiting_gw"] = row_waiting
    aux["row_ai_capacity_gw"] = row_for_ai
    aux["row_stranded_gw"] = xp.clip(row_chips_load - row_for_ai, 0.0, row_chips_load)
    aux["row_headroom_gw"] = row_for_ai - row_chips_load
    aux["us_new_generation_gw_per_year"] = inputs["us_new_generation_gw_per_year"]
    aux["cn_new_generation_gw_per_year"] = inputs["cn_new_generation_gw_per_year"]
