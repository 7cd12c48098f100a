"""Time the exploratory analyses of issue 13 on the baseline.

Targets on the 2-core reference machine:
- sweep: 10^6 samples of every lever (uncertain ones drawn, policy ones uniform over their
  range), the 8 key figures and their outputs at 3 dates, streamed to Parquet: <= 60 s,
  peak memory <= 1.5 GB; through a local Dask cluster within 1.5x of in-process;
- PRIM over 10^6 rows <= 10 s;
- robust search over 3 levers at 2,000 samples per point <= 10 s.
Each case runs in a fresh process so its peak memory (max RSS) is its own.
Run: python benchmarks/bench_explore.py [-n 1000000] [--cases sweep,local,prim,robust]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MONTHS = ["2026-12", "2028-12", "2030-12"]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def case_sweep(n: int, path: str, scheduler: str | None) -> dict:
    from core import api
    from core.kpis import KPIS
    from core.levers import LEVERS
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


def case_robust(n: int) -> dict:
    from core.analysis.robust import Target, robust_search
    from core.scenario import load_bundled
    start = time.perf_counter()
    found = robust_search(load_bundled("baseline"),
                          ["export_fee_share", "export_volume_cap_share",
                           "us_permitting_reform_share"],
                          Target("capability_gap_2030", 5.0, above=True, probability=0.8),
                          samples=2000, seed=1)
    return {"seconds": time.perf_counter() - start, "evaluations": found.evaluations,
            "met": found.met, "probability": found.probability}


def child(case: str, n: int, path: str) -> None:
    if case == "sweep":
        result = case_sweep(n, path, None)
    elif case == "local":
        result = case_sweep(n, path, "local")
    elif case == "prim":
        result = case_prim(n, path)
    else:
        result = case_robust(n)
    result["peak_mb"] = peak_mb()
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=1_000_000)
    parser.add_argument("--cases", default="sweep,local,prim,robust")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.n, args.path)
        return
    folder = Path(tempfile.mkdtemp(prefix="bench_explore_"))
    path = folder / "sweep.parquet"
    results = {}
    for case in args.cases.split(","):
        target = folder / "local.parquet" if case == "local" else path
        output = subprocess.run([sys.executable, __file__, "--child", case, "-n", str(args.n),
                                 "--path", str(target)], check=True, capture_output=True,
                                text=True).stdout
        results[case] = json.loads(output.strip().splitlines()[-1])
        print(f"{case:7s}", json.dumps(results[case]), flush=True)
    if "sweep" in results and "local" in results:
        ratio = results["local"]["seconds"] / results["sweep"]["seconds"]
        import pyarrow.parquet as pq
        same = pq.read_table(path).equals(pq.read_table(folder / "local.parquet"))
        print(f"local Dask / in-process: {ratio:.2f}x (target <= 1.5x); identical data: {same}")


if __name__ == "__main__":
    main()
