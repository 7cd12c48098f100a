"""Regulation block: US federal preemption vs a state patchwork, and Chinese friction.

Friction is the share of frontier effective compute lost to compliance (dimensionless,
bounded by ``us_friction_cap``); the deployment delay (months) holds back the algorithms a
US deployment can use and slows adoption. It acts on US frontier developers and deployers.
"""

from __future__ import annotations

from core.model.declare import auxiliary

# each variable this block computes, declared beside its equation (core.model.declare)
VARIABLES = (
    auxiliary("us_regulatory_friction", "1", "US regulatory friction",
              "Share of AI's value lost to compliance with state laws or a federal standard.",
              "R1; R6", signs="~us_federal_preemption"),
    auxiliary("us_deploy_delay_months", "months", "US deployment delay",
              "Months a patchwork of state laws holds back deploying a new model.", "EST",
              signs="-us_federal_preemption"),
    auxiliary("cn_regulatory_friction", "1", "China regulatory friction",
              "Share of AI's value China's rules cost (set by its lever).", "EST"),
)


def step(stocks, inputs, aux, rates, memory, xp, clock) -> None:
    K = inputs["K"]  # this run's constants (core.engine.inputs)
    preemption = inputs["us_federal_preemption"]
    patchwork = inputs["us_states_with_ai_laws"] * inputs["us_compliance_cost_share_per_state"]
    friction = (1.0 - preemption) * patchwork + preemption * K.federal_rulebook_friction
    aux["us_regulatory_friction"] = xp.minimum(friction, K.us_friction_cap)
    aux["us_deploy_delay_months"] = ((1.0 - preemption) * inputs["us_states_with_ai_laws"]
                                     / K.us_states * inputs["us_deploy_delay_patchwork_months"])
    aux["cn_regulatory_friction"] = inputs["cn_regulatory_friction"]
