"""Regulation block: US federal preemption vs a state patchwork, and Chinese friction.

Friction is the share of frontier effective compute lost to compliance (dimensionless,
bounded by ``us_friction_cap``); the deployment delay (months) holds back the algorithms a
US deployment can use and slows adoption. It acts on US frontier developers and deployers.
"""

from __future__ import annotations

from core.catalogue.constants import K


def step(s, u, v, d, m, xp, c) -> None:
    preemption = u["us_federal_preemption"]
    patchwork = u["us_states_with_ai_laws"] * u["us_compliance_cost_share_per_state"]
    friction = (1.0 - preemption) * patchwork + preemption * K.federal_rulebook_friction
    v["us_regulatory_friction"] = xp.minimum(friction, K.us_friction_cap)
    v["us_deploy_delay_months"] = ((1.0 - preemption) * u["us_states_with_ai_laws"]
                                   / K.us_states * u["us_deploy_delay_patchwork_months"])
    v["cn_regulatory_friction"] = u["cn_regulatory_friction"]
