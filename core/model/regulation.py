"""Regulation block: US federal preemption vs a state patchwork, and Chinese friction.

Regulation acts where it applies: on US frontier developers and deployers. Its two parts
have different reaches:

- Friction is compliance cost as a share of what frontier developers spend on AI
  (dimensionless). Each distinct state regime costs about one high-risk compliance regime
  per deployed system (R6: 29-52 k EUR per system-year), which is a hundredth of a percent
  of US AI spending per regime; it is bounded by ``us_friction_cap`` (R6's high end for
  every system of every frontier developer under 50 regimes is about 1% of US AI spending).
  It takes that share of US effective compute (the budget spent on compliance, not chips)
  and passes through to the price users pay.
- The deployment delay (months) holds back what US users get: models reach them later, so
  US adoption slows (core.model.adoption). It does not touch training compute: a lab trains
  the same models under a patchwork; SB 53's frontier-only rules (R5) ask for published
  frameworks and reports, not a wait before training.

One federal rulebook replaces the states' regimes with one (none while no state regulates:
the executive order seeks a minimally burdensome national standard, R3), so preemption
never adds friction or delay.
"""

from __future__ import annotations

from core.model.declare import auxiliary

# each variable this block computes, declared beside its equation (core.model.declare)
VARIABLES = (
    auxiliary("us_regulatory_friction", "1", "US regulatory friction",
              "Compliance cost of US AI rules as a share of US AI spending (cap about 1%).",
              "R1; R6", signs="-us_federal_preemption"),
    auxiliary("us_deploy_delay_months", "months", "US deployment delay",
              "Months state laws hold back new models from US users (slows adoption, not "
              "training).", "R5; EST",
              signs="-us_federal_preemption"),
    auxiliary("cn_regulatory_friction", "1", "China regulatory friction",
              "Share of AI's value China's rules cost (set by its lever).", "EST"),
)


def step(stocks, inputs, aux, rates, memory, xp, clock) -> None:
    K = inputs["K"]  # this run's constants (core.engine.inputs)
    preemption = inputs["us_federal_preemption"]
    states = inputs["us_states_with_ai_laws"]
    # distinct regimes a US frontier developer complies with: the states' own, or one
    # federal rulebook in their place
    regimes = (1.0 - preemption) * states + preemption * xp.minimum(states,
                                                                    K.federal_rulebook_regimes)
    friction = regimes * inputs["us_compliance_cost_share_per_state"]
    aux["us_regulatory_friction"] = xp.minimum(friction, K.us_friction_cap)
    aux["us_deploy_delay_months"] = ((1.0 - preemption) * states / K.us_states
                                     * inputs["us_deploy_delay_patchwork_months"])
    aux["cn_regulatory_friction"] = inputs["cn_regulatory_friction"]
