"""Exports compete with US buyers for the same supply (issue 19, item 1): a chip exported to
China beyond the packaging capacity that orders leave spare is one US buyers do not get.
Properties over sampled worlds, each a world of every lever drawn over its whole range, held
in each month's own state: over a whole run, fewer US arrivals also mean a smaller backlog of
unpowered chips and so more orders later (the backlog brake), which can return a few per cent
of the chips where US power binds."""

import numpy as np
import pytest

from core.catalogue.levers import LEVERS
from core.engine import simulation
from core.engine.inputs import ModelInputs
from core.model import chips

WORLDS = 240
FEWER = (0.0, 0.3, 0.7)  # counterfactual exports, as shares of the world's legal imports


def worlds(seed: int) -> dict[str, np.ndarray]:
    """Every lever drawn uniformly over its whole range, with exports licensed (a world that
    exports nothing shows nothing)."""
    rng = np.random.default_rng(seed)
    values = {lever_id: rng.uniform(lever.min, lever.max, WORLDS)
              for lever_id, lever in LEVERS.items()}
    return values | {"export_licensing": rng.uniform(0.5, 1.0, WORLDS),
                     "export_volume_cap_share": rng.uniform(0.2, 1.0, WORLDS)}


def month_by_month(values, monkeypatch):
    """Each month of each world: (legal imports, US arrivals, packaging-bound) as run, and
    the US arrivals the same month's state gives with each of FEWER's exports."""
    seen = {"legal": [], "us": [], "bound": [], "fewer": []}
    deploy = chips.deploy

    def deploy_and_counterfactuals(stocks, inputs, aux, rates, memory, xp, clock):
        fewer = []
        for share in FEWER:
            other_aux, other_rates = dict(aux), {}
            other_aux["cn_legal_imports_h100e"] = aux["cn_legal_imports_h100e"] * share
            deploy(stocks, inputs, other_aux, other_rates, memory, xp, clock)
            fewer.append(other_aux["us_arrivals_h100e"])
        deploy(stocks, inputs, aux, rates, memory, xp, clock)
        seen["legal"].append(aux["cn_legal_imports_h100e"])
        seen["us"].append(aux["us_arrivals_h100e"])
        seen["bound"].append(aux["us_packaging_h100e"] <= aux["us_gpu_output_h100e"])
        seen["fewer"].append(fewer)

    monkeypatch.setattr(simulation, "BLOCKS", tuple(
        (name, deploy_and_counterfactuals if block is deploy else block)
        for name, block in simulation.BLOCKS))
    inputs = ModelInputs(values, (), "2025-01", 132, WORLDS)
    simulation.step_blocks(inputs, "2025-01", True)
    return {key: np.array(rows) for key, rows in seen.items()}


@pytest.mark.parametrize("seed", [21, 22])
def test_more_exports_never_raise_us_deliveries_and_cost_them_one_for_one_at_the_bound(
        seed, monkeypatch):
    """In the same month's state, fewer exports never lower US arrivals; where output sits
    at its packaging bound, US arrivals rise by exactly the exports removed."""
    seen = month_by_month(worlds(seed), monkeypatch)
    legal, us, bound = seen["legal"], seen["us"], seen["bound"]
    assert legal.max() > 1e5 and bound.mean() > 0.5  # exports happen, supply mostly binds
    for column, share in enumerate(FEWER):
        other = seen["fewer"][:, column]
        assert np.all(other >= us - 1e-9 * us), share
        removed = legal * (1.0 - share)
        np.testing.assert_allclose((other - us)[bound], removed[bound], rtol=1e-9,
                                   atol=1e-6 * us.max())
    # and where packaging has room, an export is made besides: US buyers lose only what
    # spare packaging cannot make
    spare = ~bound & (legal > 0)
    assert spare.any()
    assert np.all(seen["fewer"][:, 0][spare] - us[spare] < legal[spare] * (1.0 + 1e-9))

