"""Peak memory and wall time of large sampled runs, each in a child process of its own.

Target: <= 1.5 GB peak whatever the sample count (runs stream in seeded blocks).
Run: python benchmarks/bench_memory.py [--quick]   (--quick skips the 10^6 runs)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

LIMIT_MB = 1536


def measure(argv: list[str]) -> tuple[float, float]:
    """(peak resident MB, wall seconds) of ``python -m core.cli.main ARGV`` in a fresh process."""
    began = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "core.cli.main", *argv],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - began
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {child.stderr.read().decode()}")
    child.stderr.close()
    return usage.ru_maxrss / 1024, seconds  # ru_maxrss is in KiB on Linux


def main() -> None:
    quick = "--quick" in sys.argv[1:]
    runs = [["mc", "baseline", "-n", f"{n}", "--seed", "1"]
            for n in (10_000, 100_000) + (() if quick else (1_000_000,))]
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "sweep.csv")
        if not quick:
            runs.append(["sweep", "baseline", "-n", "1000000", "--seed", "1", "--out", out])
        for argv in runs:
            peak, seconds = measure(argv)
            size = f", {os.path.getsize(out) / 1e6:.0f} MB of CSV" if argv[0] == "sweep" else ""
            print(f"airace {' '.join(argv[:4])}: peak {peak:,.0f} MB, {seconds:.1f} s{size} "
                  f"(target <= {LIMIT_MB:,} MB: {'ok' if peak <= LIMIT_MB else 'MISSED'})")


if __name__ == "__main__":
    main()
