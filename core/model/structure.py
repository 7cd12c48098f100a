"""The model's structure: every stock, flow and auxiliary, and the feedback loops.

Each variable is declared once, beside its equation: a stock in core.model.state, a flow or
an auxiliary in the ``VARIABLES`` table of its block module (core.model.declare). What it
reads comes from tracing its equation (core.model.reads, written by ``python -m core.build``),
never from a second hand-written list; each read is ``+`` (more of it raises the variable)
unless the declaration signs it ``-`` (lowers it) or ``~`` (no single sign). ``name@prev``
reads last month's value.

Tests hold the rest against the code: each declared sign, measured at 100 sampled states;
every unit, equation by equation; each loop a cycle of the links with its polarity.
docs/model.md and the in-app model map are generated from this, so neither can drift from
the equations.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType

from core.catalogue.levers import LEVERS
from core.model import adoption, chips, compute, economics, power, regulation, trade
from core.model.declare import Variable
from core.model.reads import READS
from core.model.state import DECLARED

BLOCK_MODULES = (chips, regulation, power, trade, compute, adoption, economics)


@dataclass(frozen=True)
class Loop:
    name: str
    kind: str  # "R" reinforcing or "B" balancing
    path: tuple[str, ...]  # variables in order; the last links back to the first
    story: str
    # its polarity turns over the run (a link in it has no single sign); kind is the
    # polarity it starts with
    shifts: bool = False


def _with_reads(variable: Variable, block: str) -> Variable:
    """The declaration joined with what its equation reads (traced), each read signed."""
    signs = variable.declared_signs
    _, names = READS.get(variable.id, (block, ()))
    return replace(variable, block=block,
                   reads=tuple((name, signs.get(name, "+")) for name in names))


# a stock reads only its flow
_STOCKS = tuple(Variable(stock.id, "stock", stock.unit, stock.label, stock.definition,
                         stock.source, block=stock.block, reads=((f"d_{stock.id}", "+"),))
                for stock in DECLARED)
_COMPUTED = tuple(_with_reads(variable, module.__name__.rpartition(".")[2])
                  for module in BLOCK_MODULES for variable in module.VARIABLES)

VARIABLES: MappingProxyType[str, Variable] = MappingProxyType(
    {("stock:" if v.kind == "stock" else "") + v.id: v
     for v in _STOCKS + _COMPUTED})
STOCK_DECLARATIONS: MappingProxyType[str, Variable] = MappingProxyType(
    {v.id: v for v in _STOCKS})


def declared(name: str) -> Variable | None:
    """The auxiliary or flow of that name, else the stock."""
    return VARIABLES.get(name) or STOCK_DECLARATIONS.get(name)


def plain_label(name: str) -> str | None:
    """What a policy reader reads for a variable's or a lever's id (None for neither)."""
    variable = declared(name)
    if variable is not None:
        return variable.label
    return LEVERS[name].label if name in LEVERS else None


LOOPS = (
    Loop("Power limits deployment", "B",
         ("us_installed_load_gw", "us_headroom_gw", "d_us_installed_load_gw"),
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
         ("us_deferred_h100e", "us_backlog_ratio", "d_log_us_chip_budget_busd",
          "log_us_chip_budget_busd", "us_chip_orders_busd", "us_gpu_output_h100e", "us_arrivals_h100e", "d_us_in_transit_h100e",
          "us_in_transit_h100e", "us_ready_h100e", "d_us_deferred_h100e"),
         "A backlog of chips without power slows the growth of spending on new ones."),
    Loop("Spending saturates", "B",
         ("log_us_chip_budget_busd", "us_chip_orders_busd", "d_log_us_chip_budget_busd"),
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
          "cn_effective_compute", "cn_frontier_compute", "compute_lead_months",
          "capability_gap_months", "us_control_target", "d_us_control_tightness"),
         "When China closes in, controls tighten after a delay, cutting its imports."),
    Loop("Algorithms diffuse", "B",
         ("cn_log_algo_efficiency_vs_us", "d_cn_log_algo_efficiency_vs_us"),
         "Whichever side is ahead in algorithms is copied (papers, open weights, staff), "
         "so China's efficiency relative to the US's settles near parity."),
    Loop("Word of mouth", "R",
         ("adoption_share_connected", "d_adoption_share_connected"),
         "Users bring in more users (Bass imitation) until about half of the connected "
         "population has adopted; from there saturation dominates and the loop balances.",
         shifts=True),
    Loop("Open share adjusts", "B",
         ("open_weight_share", "d_open_weight_share"),
         "Usage moves towards the open/closed balance the choice rule sets."),
)
