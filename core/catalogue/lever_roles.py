"""What each lever is, declared rather than guessed from whether it has an uncertainty range.

- ``Policy(whose)``: a choice someone makes (the US government, China's, or a market actor
  such as a lab or Google); robust search and What must be true move only these.
- ``Uncertain()``: what nature and the analyst do not know; Monte Carlo draws it from a
  triangle over the lever's uncertainty range, its mode moved to the scenario's value.
- ``ReactionSwitch()``: turns one of the two actors' reaction rules on or off.
- ``ReactionParameter(switch, drawn)``: shapes a reaction and does nothing while its
  switch is off; ``drawn`` says Monte Carlo draws it as it draws an uncertain lever.

The table is kept apart from the lever definitions so that a role and a label change never
touch the same lines; a test holds that every lever has exactly one role.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from core.catalogue.levers import LEVERS, Lever, lever_named

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

ROLES: MappingProxyType[str, Role] = MappingProxyType({
    # ---- Power
    "us_dc_committed_additions_gw_per_year": UNCERTAIN,
    "us_grid_connection_delay_months": UNCERTAIN,
    "us_permitting_reform_share": US,
    "us_new_generation_gw_per_year": UNCERTAIN,
    "cn_new_generation_gw_per_year": UNCERTAIN,
    "cn_dc_share_of_new_generation": UNCERTAIN,
    "us_siting_abroad_rate_per_year": UNCERTAIN,
    "facility_kw_per_h100e": UNCERTAIN,
    "flop_per_watt_growth_per_year": UNCERTAIN,
    # ---- Chips
    "us_chip_order_growth_per_year": UNCERTAIN,
    "price_performance_growth_per_year": UNCERTAIN,
    "packaging_growth_max_per_year": UNCERTAIN,
    "us_share_of_us_gpu_output": UNCERTAIN,
    "tpu_output_multiple_2028": UNCERTAIN,
    "tpu_external_share": MARKET,  # Google's choice to sell TPUs to other firms
    "cn_domestic_chip_growth_per_year": UNCERTAIN,
    "ascend_yield": UNCERTAIN,
    "cn_domestic_cap_mh100e_per_year": UNCERTAIN,
    "export_licensing": US,
    "cn_import_discouragement": UNCERTAIN,
    "export_lag_months": US,
    "export_volume_cap_share": US,
    "export_fee_share": US,
    "cn_smuggled_mh100e_per_year": UNCERTAIN,
    "chip_perf_growth_per_year": UNCERTAIN,
    "hw_lifetime_years": UNCERTAIN,
    "ship_to_online_lag_months": UNCERTAIN,
    "algo_halving_months": UNCERTAIN,
    "cn_efficiency_gain_per_year": UNCERTAIN,
    # ---- Regulation
    "us_federal_preemption": US,
    "us_states_with_ai_laws": US,  # set by the states' legislatures
    "us_compliance_cost_share_per_state": UNCERTAIN,
    "us_deploy_delay_patchwork_months": UNCERTAIN,
    "cn_regulatory_friction": UNCERTAIN,
    # ---- Adoption
    "bass_p": UNCERTAIN,
    "bass_q": UNCERTAIN,
    "open_closed_price_ratio": UNCERTAIN,
    "open_model_lag_months": UNCERTAIN,
    "us_lab_openness": MARKET,  # the labs' release choices, not a government's
    "cn_lab_openness": MARKET,
    "open_spillover_rate": UNCERTAIN,
    "frontier_price_decline_per_year": UNCERTAIN,
    "open_switching_time_months": UNCERTAIN,
    # ---- Reactions
    "cn_substitution_reaction": SWITCH,
    "cn_substitution_delay_months": ReactionParameter("cn_substitution_reaction", drawn=True),
    "us_control_reaction": SWITCH,
    "us_reaction_target_lead_months": ReactionParameter("us_control_reaction"),
    "us_reaction_delay_months": ReactionParameter("us_control_reaction", drawn=True),
})


def role_of(lever: Lever | str) -> Role:
    return ROLES[lever if isinstance(lever, str) else lever.id]


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
    lever_named(lever_id)
    if not is_policy(lever_id):
        policies = ", ".join(lever.id for lever in policy_levers())
        raise ValueError(f"{lever_id} is not a policy lever (it is "
                         f"{role_of(lever_id).describe()}); the policy levers are {policies}")


def switch_of(lever: Lever | str) -> str | None:
    """The reaction switch a reaction parameter belongs to (None for any other lever)."""
    role = role_of(lever)
    return role.switch if isinstance(role, ReactionParameter) else None
