"""Regulation block: US federal preemption vs a state patchwork, and Chinese friction.

Friction is the share of effective compute lost to compliance (dimensionless); the deployment
delay (months) holds back the algorithms a US deployment can use.
"""

from __future__ import annotations

import numpy as np

from core.inputs import ModelInputs

FEDERAL_RULEBOOK_FRICTION = 0.01  # EST: one national rulebook still costs something
US_STATES = 50.0


def us_friction(inputs: ModelInputs) -> np.ndarray:
    """Share of US effective compute lost to compliance, patchwork and federal parts."""
    preemption = inputs["us_federal_preemption"]
    patchwork = inputs["us_states_with_ai_laws"] * inputs["us_compliance_cost_share_per_state"]
    return (1.0 - preemption) * patchwork + preemption * FEDERAL_RULEBOOK_FRICTION


def us_deploy_delay_months(inputs: ModelInputs) -> np.ndarray:
    """Deployment delay: the lever is the delay under a full 50-state patchwork."""
    states_share = inputs["us_states_with_ai_laws"] / US_STATES
    return ((1.0 - inputs["us_federal_preemption"]) * states_share
            * inputs["us_deploy_delay_patchwork_months"])


def cn_friction(inputs: ModelInputs) -> np.ndarray:
    return np.asarray(inputs["cn_regulatory_friction"])
