"""The export volume cap is per product (the January 2026 H200 rule): China may buy at most a
share of what US buyers get of the same chip. US buyers move to newer chips, so a cap on an
older chip binds on a smaller volume; rules before December 2025 capped no volume."""

from __future__ import annotations

import numpy as np

from core.catalogue.constants import K
from core.catalogue.levers import LEVERS, is_drawn
from core.engine.events import ExportBan, LaggedExports
from core.engine.history import HISTORY_EVENTS
from core.engine.simulation import run_scenario
from core.formats.scenario import load_bundled
from core.model.trade import _licensed_chip_share

WORLDS = 200


def test_a_chip_is_all_of_us_buyers_volume_until_its_successor_then_halves():
    ages = np.array([0.0, K.licensed_chip_successor_months,
                     K.licensed_chip_successor_months + K.licensed_chip_share_half_life_months,
                     K.licensed_chip_successor_months
                     + 2 * K.licensed_chip_share_half_life_months])
    assert np.allclose(_licensed_chip_share(ages, K, np), [1.0, 1.0, 0.5, 0.25])
    # the H200, 18 months old at its licence: about 2% of US buyers' H100e (N5; N6)
    assert 0.01 < _licensed_chip_share(18.0, K, np) < 0.04


def _worlds(rng) -> dict[str, np.ndarray]:
    """200 worlds: the uncertain levers over their ranges, the export terms over theirs."""
    values = {lever_id: rng.uniform(*lever.uncertainty, WORLDS)
              for lever_id, lever in LEVERS.items() if is_drawn(lever)}
    values["export_volume_cap_share"] = rng.uniform(0.0, 1.0, WORLDS)
    values["export_lag_months"] = rng.uniform(0.0, 36.0, WORLDS)
    values["us_control_reaction"] = np.zeros(WORLDS)  # controls stay as set
    return values


def test_legal_imports_stay_within_the_cap_on_us_buyers_volume_of_the_chip_in_200_worlds():
    """From the H200 licences on, legal imports never exceed cap x (share of the licensed
    chip in US buyers' volume) x US buyers' volume; the bound binds in many of the worlds."""
    values = _worlds(np.random.default_rng(19))
    results = run_scenario(load_bundled("baseline"), values)
    first = results.index_of("2025-12")
    legal = results["cn_legal_imports_h100e"][first:]
    demand = results["cn_import_demand_h100e"][first:]
    us_buyers = results["us_gpu_output_h100e"][first:] * values["us_share_of_us_gpu_output"]
    bound = (values["export_volume_cap_share"]
             * _licensed_chip_share(values["export_lag_months"], K, np) * us_buyers)
    assert np.all(legal <= bound * (1 + 1e-9) + 1e-6)
    binds = (legal < 0.99 * demand).any(axis=0)  # licensing is 1 from December 2025
    assert binds.mean() > 0.5, binds.mean()


def test_a_looser_cap_raises_legal_imports_in_the_baseline_over_the_whole_range():
    """Each step of 0.1 up to a cap of one lets China buy more in some month."""
    caps = np.linspace(0.0, 1.0, 11)
    results = run_scenario(load_bundled("baseline"), {"export_volume_cap_share": caps})
    legal = results["cn_legal_imports_h100e"]
    assert np.all(np.diff(legal, axis=1) >= -1e-9 * legal[:, 1:])
    assert np.all((np.diff(legal, axis=1) > 0.005 * legal[:, 1:]).any(axis=0))


def test_the_rules_before_december_2025_cap_no_volume():
    """The October 2022 and 2023 rules licensed China-only chips with no volume cap: their
    imports are what the backcast's demand asks, however old the chip; a cap set in the same
    month from December 2025 does bind."""
    assert not any(event.capped for event in HISTORY_EVENTS if isinstance(event, LaggedExports))
    assert LaggedExports(start="2025-12").capped
    events = [*HISTORY_EVENTS]
    results = run_scenario(load_bundled("baseline").model_copy(update={"start": "2022-01",
                                                                       "events": events}))
    h20 = slice(results.index_of("2023-11"), results.index_of("2025-03") + 1)
    assert np.allclose(results["cn_legal_imports_h100e"][h20],
                       results["cn_import_demand_h100e"][h20])
    later = [ExportBan(start="2025-04", duration_months=8),
             LaggedExports(start="2025-12", lag_months=36, volume_cap_share=1.0, fee_share=0.0)]
    capped = run_scenario(load_bundled("baseline").model_copy(update={"events": later}))
    month = capped.index_of("2026-06")
    assert (capped["cn_legal_imports_h100e"][month]
            < 0.5 * capped["cn_import_demand_h100e"][month]).all()
