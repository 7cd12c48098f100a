"""Check that a change to the engine leaves every result bit for bit as it was.

    python benchmarks/same_bits.py dump before.pkl     # on the code before the change
    python benchmarks/same_bits.py compare before.pkl  # on the changed code; exit 1 if any differ

It runs every bundled scenario one run at a time (the written-out loop and the blocks
stepped; in single precision), at half-month steps, as a 300-sample batch with every ranged constant drawn and
each event on in some samples (double and single precision); the backcast alone and as a
batch; 200 random lever settings with events; and a 2,000-sample Monte Carlo's bands.
Arrays are compared with np.array_equal (NaN equal to NaN), dtype and shape included.
"""

from __future__ import annotations

import pickle
import sys

import numpy as np

from core.analysis.uncertainty import monte_carlo, sample_levers
from core.catalogue.levers import LEVERS
from core.engine.inputs import ModelInputs
from core.engine.simulation import run_scenario, simulate, step_blocks
from core.formats.scenario import bundled_names, load_bundled


def results() -> dict[tuple, np.ndarray]:
    out: dict[tuple, np.ndarray] = {}

    def keep(key: tuple, series: dict) -> None:
        out.update({(*key, output_id): np.array(value) for output_id, value in series.items()})

    for name in bundled_names():
        scenario = load_bundled(name)
        run = run_scenario(scenario)
        keep((name, "one run"), run.series)
        keep((name, "one run, single precision"), run_scenario(scenario, dtype=np.float32).series)
        inputs = ModelInputs(scenario.lever_values(), scenario.events, scenario.start,
                             len(run.months), 1)
        keep((name, "blocks"), step_blocks(inputs, scenario.start, False))
        keep((name, "half-month steps"), simulate(scenario.lever_values(), scenario.events,
                                                  scenario.start, scenario.end,
                                                  steps_per_month=2).series)
        for dtype in (np.float64, np.float32):
            switch = (np.random.default_rng(3).random((len(scenario.events), 300)) < 0.6
                      if scenario.events else None)
            keep((name, np.dtype(dtype).name), run_scenario(
                scenario, sample_levers(scenario, 300, 7), dtype, switch).series)
    backcast = load_bundled("baseline").model_copy(update={"start": "2022-01"})
    keep(("backcast", "one run"), run_scenario(backcast).series)
    for dtype in (np.float64, np.float32):
        keep(("backcast", np.dtype(dtype).name),
             run_scenario(backcast, sample_levers(backcast, 300, 11), dtype).series)
    rng = np.random.default_rng(5)
    scenario = load_bundled("safe_chips_act")
    for index in range(200):
        values = {lever_id: float(rng.uniform(lever.min, lever.max))
                  for lever_id, lever in LEVERS.items() if rng.random() < 0.3}
        keep(("random", str(index)), simulate(scenario.lever_values() | values, scenario.events,
                                              scenario.start, scenario.end).series)
    bands = monte_carlo(load_bundled("baseline"), n=2000, seed=4, workers=1)
    keep(("monte carlo", "bands"), bands.percentiles)
    keep(("monte carlo", "key figures"), bands.kpi_percentiles)
    return out


def main(argv: list[str]) -> int:
    action, path = argv
    now = results()
    if action == "dump":
        with open(path, "wb") as file:
            pickle.dump(now, file)
        print(f"{len(now)} arrays written to {path}")
        return 0
    with open(path, "rb") as file:
        before = pickle.load(file)
    if before.keys() != now.keys():
        print(f"different arrays: {sorted(map(str, before.keys() ^ now.keys()))[:10]}")
        return 1
    differ = [key for key, value in before.items()
              if value.dtype != now[key].dtype or not np.array_equal(value, now[key],
                                                                       equal_nan=True)]
    print(f"{len(before)} arrays compared, {len(differ)} differ")
    for key in differ[:20]:
        print("  ", key)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
