"""AI Race Planner from Python: a runnable tour of core.api (tests/core/test_api.py runs it).

Needs the data extra:  pip install -e '.[data]'   then   python docs/api_example.py
"""

from core import api

# One run, with levers changed by keyword, as a DataFrame (months x outputs).
results = api.run("baseline", export_fee_share=0.25)
frame = results.to_frame()
print(frame[["capability_gap_months", "cn_legal_imports_h100e"]].loc["2030-12"])

# Raw samples: 2,000 sampled worlds, two policy levers varied over ranges, an output at
# three months recorded next to the key figures. One row per world.
samples = api.sweep("baseline", 2_000, seed=7,
                    levers=[("export_fee_share", 0.0, 0.5), "export_volume_cap_share",
                            "algo_halving_months"],
                    outputs=["capability_gap_months"], months=["2026-12", "2028-12", "2030-12"])
print(samples.describe().T[["mean", "min", "max"]].head(8))
print("P(US lead > 12 months at end 2030):",
      (samples["capability_gap_months@2030-12"] > 12).mean())

# Monte Carlo worlds (the samples `airace mc` uses for the same seed), as a DataFrame.
worlds = api.monte_carlo("baseline", 1_000, seed=3)
print(worlds[["capability_gap_2030", "us_power_gap_2028"]].quantile([0.05, 0.5, 0.95]))

# The effect of a policy over the same worlds, and what must be true for a small lead.
effect = api.paired("baseline", "blackwell_exports", 500, seed=3)
for kpi in effect.kpis[:3]:
    print(f"{kpi.label}: median {kpi.median:+.3g}, P(>0) {kpi.p_positive:.0%}")
found = api.discover("baseline", api.Condition(10.0, above=False, kpi="capability_gap_2030"),
                     2_000, seed=3)
box = found.result.choose(min_density=0.8)
print(f"box: coverage {box.coverage:.2f}, density {box.density:.2f}, "
      f"restricts {', '.join(box.restricted)}")
