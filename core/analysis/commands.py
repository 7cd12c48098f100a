"""Command-line subcommands for the analyses: compare, mc, sensitivity, goalseek.

``core.cli`` calls ``register(subparsers)``; each subcommand's ``func`` returns an exit code.
Bad ids raise ValueError naming the allowed ones, which ``core.cli.main`` prints as one line.
"""

from __future__ import annotations

from pathlib import Path

from core.analysis.compare import compare, format_comparison
from core.analysis.goalseek import goal_seek
from core.analysis.sensitivity import kpi_by_id, sobol, tornado
from core.analysis.uncertainty import PERCENTILES, bands_to_csv, monte_carlo
from core.files import write_atomic
from core.kpis import KPIS
from core.scenario import resolve
from core.units import format_table, format_value


def _display_name(reference: str) -> str:
    """A short column name: a file's stem, or a bundled scenario's name as typed."""
    return Path(reference).stem if reference.endswith(".json") else reference


def cmd_compare(args) -> int:
    scenarios = [(_display_name(ref), resolve(ref)) for ref in args.scenarios]
    print(format_comparison(compare(scenarios)), end="")
    return 0


def cmd_mc(args) -> int:
    scenario = resolve(args.scenario)
    if args.n is not None and args.n < 1:
        raise ValueError(f"-n must be at least 1, not {args.n}")
    bands = monte_carlo(scenario, n=args.n, seed=args.seed)
    print(f"{scenario.name}: {bands.samples:,} samples, seed {bands.seed} "
          f"({bands.months[0]} to {bands.months[-1]})")
    rows = [[kpi.label, *(format_value(float(v), kpi.unit)
                          for v in bands.kpi_percentiles[kpi.id]), kpi.id]
            for kpi in KPIS.values()]
    print(format_table(rows, ["key figure", *(f"p{level}" for level in PERCENTILES), "id"]))
    if args.csv:
        write_atomic(args.csv, bands_to_csv(bands))
        print(f"wrote {args.csv} ({len(bands.months)} months, "
              f"{len(bands.percentiles) * len(bands.levels)} band columns)")
    return 0


def cmd_sensitivity(args) -> int:
    scenario = resolve(args.scenario)
    kpi = kpi_by_id(args.kpi)
    if args.method == "tornado":
        bars = tornado(scenario, kpi.id)
        print(f"{scenario.name}: {kpi.label} is {format_value(bars[0].kpi_base, kpi.unit)}; "
              "each lever at the low and high end of its range")
        rows = [[str(rank), bar.label, format_value(bar.kpi_at_low, kpi.unit),
                 format_value(bar.kpi_at_high, kpi.unit), format_value(bar.swing, kpi.unit),
                 bar.lever_id] for rank, bar in enumerate(bars, 1)]
        print(format_table(rows, ["rank", "lever", "at low", "at high", "swing", "id"]))
        return 0
    if args.base_samples < 2:
        raise ValueError(f"--base-samples must be at least 2, not {args.base_samples}")
    seed = scenario.uncertainty.seed if args.seed is None else args.seed
    indices = sobol(scenario, kpi.id, base_samples=args.base_samples, seed=seed)
    print(f"{scenario.name}: Sobol indices of {kpi.label} ({args.base_samples} base samples, "
          f"seed {seed}); total order includes interactions")
    rows = [[str(rank), index.label, f"{index.first_order:.3f}", f"{index.total_order:.3f}",
             index.lever_id] for rank, index in enumerate(indices, 1)]
    print(format_table(rows, ["rank", "lever", "first order", "total order", "id"]))
    return 0


def cmd_goalseek(args) -> int:
    scenario = resolve(args.scenario)
    result = goal_seek(scenario, args.lever, args.output, args.target, args.month)
    print(result.message)
    return 0 if result.reached else 1


def register(subparsers) -> None:
    """Add the analysis subcommands to an argparse subparsers object."""
    scenario_help = "a scenario file or the name of a bundled scenario"
    compare_parser = subparsers.add_parser(
        "compare", help="compare scenarios: lever and event differences, key figures")
    compare_parser.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                                help=f"{scenario_help}; the first is the reference")
    compare_parser.set_defaults(func=cmd_compare)

    mc = subparsers.add_parser("mc", help="Monte Carlo: key-figure percentiles and bands")
    mc.add_argument("scenario", help=scenario_help)
    mc.add_argument("-n", type=int, default=None,
                    help="samples (default: the scenario's setting)")
    mc.add_argument("--seed", type=int, default=None,
                    help="random seed (default: the scenario's setting)")
    mc.add_argument("--csv", metavar="OUT",
                    help="also write p5/p25/p50/p75/p95 of every output by month to OUT")
    mc.set_defaults(func=cmd_mc)

    sensitivity = subparsers.add_parser(
        "sensitivity", help="rank the levers by their effect on a key figure")
    sensitivity.add_argument("scenario", help=scenario_help)
    sensitivity.add_argument("--kpi", required=True, metavar="ID",
                             help=f"key figure id: {', '.join(KPIS)}")
    sensitivity.add_argument("--method", choices=("sobol", "tornado"), default="sobol")
    sensitivity.add_argument("--base-samples", type=int, default=1024, metavar="N",
                             help="Sobol base samples (runs (levers + 2) x N)")
    sensitivity.add_argument("--seed", type=int, default=None,
                             help="Sobol seed (default: the scenario's setting)")
    sensitivity.set_defaults(func=cmd_sensitivity)

    goalseek = subparsers.add_parser(
        "goalseek", help="find the lever value that makes an output reach a target")
    goalseek.add_argument("scenario", help=scenario_help)
    goalseek.add_argument("--lever", required=True, metavar="ID",
                          help="lever id (`airace levers` lists them)")
    goalseek.add_argument("--output", required=True, metavar="ID", help="output id")
    goalseek.add_argument("--target", required=True, type=float, metavar="X",
                          help="target value in the output's unit (shares as 0-1)")
    goalseek.add_argument("--month", required=True, metavar="YYYY-MM")
    goalseek.set_defaults(func=cmd_goalseek)
