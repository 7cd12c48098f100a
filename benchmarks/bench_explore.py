"""Time the exploratory analyses of issue 13 on the baseline.

Targets on the 2-core reference machine:
- sweep: 10^6 samples of every lever (uncertain ones drawn, policy ones uniform over their
  range), the 8 key figures and their outputs at 3 dates, streamed to Parquet: <= 60 s,
  peak memory <= 1.5 GB; through a local Dask cluster within 1.5x of in-process;
- PRIM over 10^6 rows <= 10 s;
- robust search over 3 levers at 2,000 samples per point <= 10 s.
Each case runs in a fresh process so its peak memory (max RSS) is its own. The "blocks" case
splits one block of the sweep into its parts (sampling, model, Parquet writing), and
"robust_local" runs the robust search through a local Dask cluster.
Run: python benchmarks/bench_explore.py [-n 1000000]
        [--cases blocks,sweep,local,prim,robust,robust_local]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MONTHS = ["2026-12", "2028-12", "2030-12"]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sweep_design():
    from core.analysis.explore import make_design
    from core.catalogue.key_figures import KPIS
    from core.catalogue.levers import LEVERS
    outputs = list(dict.fromkeys(kpi.output_id for kpi in KPIS.values()))
    return make_design(levers=list(LEVERS), outputs=outputs, months=MONTHS)


def case_blocks(path: str, blocks: int = 3) -> dict:
    """Seconds per block of 10,000 samples, one thread: sampling, the model, Parquet."""
    import numpy as np
    import pyarrow.parquet  # noqa: F401 - imported here, not inside the timed write

    from core.analysis.explore import SEED_CHUNK, evaluate_values, sample_values
    from core.analysis.tables import write_parquet
    from core.formats.scenario import load_bundled
    scenario, design = load_bundled("baseline"), sweep_design()
    sampling = model = 0.0
    columns = []
    for block in range(blocks):
        first, last = block * SEED_CHUNK, (block + 1) * SEED_CHUNK
        start = time.perf_counter()
        values = sample_values(scenario, design, 1, first, last)
        middle = time.perf_counter()
        figures = evaluate_values(scenario, design, values)
        model += time.perf_counter() - middle
        sampling += middle - start
        columns.append({"sample": np.arange(first, last),
                        **{lever_id: values[lever_id] for lever_id in design.lever_ids},
                        **figures})
    start = time.perf_counter()
    write_parquet(path, columns)
    writing = time.perf_counter() - start
    return {"sampling_s": sampling / blocks, "model_s": model / blocks,
            "parquet_s": writing / blocks, "columns": len(columns[0])}


def case_sweep(n: int, path: str, scheduler: str | None) -> dict:
    from core import api
    from core.catalogue.key_figures import KPIS
    from core.catalogue.levers import LEVERS
    outputs = list(dict.fromkeys(kpi.output_id for kpi in KPIS.values()))
    start = time.perf_counter()
    rows = api.sweep("baseline", n, seed=1, levers=list(LEVERS), outputs=outputs,
                     months=MONTHS, scheduler=scheduler, path=path)
    return {"seconds": time.perf_counter() - start, "rows": rows}


def case_prim(n: int, path: str) -> dict:
    import numpy as np
    import pyarrow.parquet as pq

    from core.analysis.prim import prim
    from core.analysis.uncertainty import uncertain_levers
    names = [lever.id for lever in uncertain_levers()]
    table = pq.read_table(path, columns=[*names, "capability_gap_2030"])
    x = np.empty((table.num_rows, len(names)), order="F")
    for column, name in enumerate(names):
        x[:, column] = table[name].to_numpy()
    y = table["capability_gap_2030"].to_numpy() < 6.0
    del table
    start = time.perf_counter()
    result = prim(x, y, names)
    box = result.final
    return {"seconds": time.perf_counter() - start, "rows": len(y), "levers": len(names),
            "steps": len(result.trajectory), "coverage": box.coverage, "density": box.density}


def case_robust(scheduler: str | None = None) -> dict:
    from core.analysis.robust import Target, robust_search
    from core.formats.scenario import load_bundled
    start = time.perf_counter()
    found = robust_search(load_bundled("baseline"),
                          ["export_fee_share", "export_volume_cap_share",
                           "us_permitting_reform_share"],
                          Target("capability_gap_2030", 5.0, above=True, probability=0.8),
                          samples=2000, seed=1, scheduler=scheduler)
    return {"seconds": time.perf_counter() - start, "evaluations": found.evaluations,
            "met": found.met, "probability": found.probability}


def child(case: str, n: int, path: str) -> None:
    if case == "blocks":
        result = case_blocks(path)
    elif case == "sweep":
        result = case_sweep(n, path, None)
    elif case == "local":
        result = case_sweep(n, path, "local")
    elif case == "prim":
        result = case_prim(n, path)
    elif case == "robust_local":
        result = case_robust("local")
    else:
        result = case_robust()
    result["peak_mb"] = peak_mb()
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=1_000_000)
    parser.add_argument("--cases", default="blocks,sweep,local,prim,robust,robust_local")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.n, args.path)
        return
    folder = Path(tempfile.mkdtemp(prefix="bench_explore_"))
    try:  # the Parquet files (about 1 GB at 10^6 rows) go when the run ends
        path = folder / "sweep.parquet"
        results = {}
        for case in args.cases.split(","):
            target = {"local": folder / "local.parquet",
                      "blocks": folder / "blocks.parquet"}.get(case, path)
            output = subprocess.run([sys.executable, __file__, "--child", case, "-n", str(args.n),
                                     "--path", str(target)], check=True, capture_output=True,
                                    text=True).stdout
            results[case] = json.loads(output.strip().splitlines()[-1])
            print(f"{case:7s}", json.dumps(results[case]), flush=True)
        print("load average (1, 5, 15 min):", " ".join(f"{v:.2f}" for v in os.getloadavg()))
        if "robust" in results and "robust_local" in results:
            print(f"robust, local Dask / in-process: "
                  f"{results['robust_local']['seconds'] / results['robust']['seconds']:.2f}x")
        if "sweep" in results and "local" in results:
            ratio = results["local"]["seconds"] / results["sweep"]["seconds"]
            import pyarrow.parquet as pq
            same = pq.read_table(path).equals(pq.read_table(folder / "local.parquet"))
            print(f"local Dask / in-process: {ratio:.2f}x (target <= 1.5x); identical data: {same}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
