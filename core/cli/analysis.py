"""Command-line subcommands for the analyses: compare, mc, sensitivity, goalseek, sweep.

``core.cli.main`` calls ``register(subparsers)``; each subcommand's ``func`` returns an exit code.
Bad ids raise ValueError naming the allowed ones, which ``core.cli.main.main`` prints as one line.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from core.analysis.compare import compare, format_comparison
from core.analysis.goalseek import goal_seek
from core.analysis.paired import (
    EFFECT_WORDS,
    discover_question,
    format_paired,
    hinge_lines,
    paired_effects,
)
from core.analysis.sensitivity import (
    kpi_by_id,
    morris,
    require_variation,
    sobol_analysis,
    tornado,
)
from core.analysis.uncertainty import (
    BAND_DIGITS,
    DEFAULT_CHUNK,
    PERCENTILES,
    WORKERS,
    bands_to_csv,
    monte_carlo,
    run_chunks,
    uncertain_levers,
)
from core.catalogue.key_figures import KPIS
from core.cli import explain as explain_cli
from core.cli.arguments import (
    SCENARIO_HELP,
    count_argument,
    finite_number,
    seed_argument,
    share_argument,
)
from core.common.files import write_atomic
from core.common.formatting import format_table, format_value, printable
from core.common.limits import (
    MAX_MONTE_CARLO_SAMPLES,
    MAX_SOBOL_BASE_SAMPLES,
    MAX_SWEEP_SAMPLES,
)
from core.formats.scenario import resolve
from core.formats.share import is_share_code


def _display_name(reference: str) -> str:
    """A short column name: a file's stem, or a bundled scenario's name as typed."""
    if is_share_code(reference):
        return "share code"
    return Path(reference).stem if reference.endswith((".json", ".html", ".htm")) else reference


def cmd_compare(args) -> int:
    scenarios = [(printable(_display_name(ref)), resolve(ref)) for ref in args.scenarios]
    print(format_comparison(compare(scenarios)), end="")
    if args.mc:
        if len(scenarios) < 2:
            raise ValueError("--mc needs at least two scenarios: the effect is B minus A")
        seed = scenarios[0][1].uncertainty.seed if args.seed is None else args.seed
        for position, effect in enumerate(paired_effects(scenarios, args.mc, seed), start=1):
            print()
            print(format_paired(effect), end="")
            print()
            print(f"What the effect of {effect.other} hinges on (the uncertain levers and "
                  "constants that explain most of its spread over these worlds):")
            print("\n".join(hinge_lines(effect)))
            for line in discover_commands(effect, args.scenarios[position],
                                          args.scenarios[0], args.mc, seed):
                print(line)
    return 0


def discover_commands(effect, scenario: str, reference: str, n: int, seed: int) -> list[str]:
    """For each figure whose effect goes either way, the command that asks What must be
    true for its less likely sign, over the same worlds."""
    lines = []
    for found in effect.hinges:
        question = discover_question(effect, found.figure_id)
        if question is None:
            continue
        above, threshold = question
        output, _, month = found.figure_id.partition("@")
        figure = f"--output {output} --month {month}" if month else f"--kpi {output}"
        side = f"--above {threshold:g}" if above else f"--below {threshold:g}"
        what, more, less = EFFECT_WORDS.get(found.figure_id, (found.label, "higher", "lower"))
        lines.append(f"What must be true for {what} to come out {more if above else less} "
                     f"with {effect.other} (its effect {'above' if above else 'below'} "
                     f"{threshold:g}); run:")
        lines.append(f"  airace discover {shlex.quote(scenario)} --against "
                     f"{shlex.quote(reference)} {figure} {side} -n {n} --seed {seed}")
    return lines


def cmd_mc(args) -> int:
    scenario = resolve(args.scenario)
    where = ""
    if args.scheduler is None:
        bands = monte_carlo(scenario, n=args.n, seed=args.seed)
    else:
        from core.analysis.explore import monte_carlo_on
        n = scenario.uncertainty.samples if args.n is None else args.n
        seed = scenario.uncertainty.seed if args.seed is None else args.seed
        bands = monte_carlo_on(args.scheduler, scenario, n, seed)
        where = f", on Dask: {printable(args.scheduler)}"
    print(f"{printable(scenario.name)}: {bands.samples:,} samples, seed {bands.seed} "
          f"({bands.months[0]} to {bands.months[-1]}{where})")
    rows = [[kpi.label, *(kpi.format(float(v)) for v in bands.kpi_percentiles[kpi.id]), kpi.id]
            for kpi in KPIS.values()]
    print(format_table(rows, ["key figure", *(f"p{level}" for level in PERCENTILES), "id"]))
    if args.csv:
        write_atomic(args.csv, bands_to_csv(bands))
        print(f"wrote {printable(args.csv)} ({len(bands.months)} months, "
              f"{len(bands.percentiles) * len(bands.levels)} band columns)")
    return 0


def cmd_sensitivity(args) -> int:
    scenario = resolve(args.scenario)
    kpi = kpi_by_id(args.kpi)
    if args.method == "tornado":
        bars = tornado(scenario, kpi.id)
        _require_variation(kpi, [bar.swing for bar in bars], "")
        print(f"{printable(scenario.name)}: {kpi.label} is "
              f"{format_value(bars[0].kpi_base, kpi.unit)}; "
              "each lever at the low and high end of its range")
        rows = [[str(rank), bar.label, format_value(bar.kpi_at_low, kpi.unit),
                 format_value(bar.kpi_at_high, kpi.unit), format_value(bar.swing, kpi.unit),
                 bar.lever_id] for rank, bar in enumerate(bars, 1)]
        print(format_table(rows, ["rank", "lever", "at low", "at high", "swing", "id"]))
        return 0
    seed = scenario.uncertainty.seed if args.seed is None else args.seed
    if args.method == "morris":
        effects = morris(scenario, kpi.id, args.trajectories, seed=seed,
                         include_policy=args.include_policy)
        _require_variation(kpi, [effect.mu_star for effect in effects], args.include_policy)
        print(f"{printable(scenario.name)}: Morris screening of {kpi.label} "
              f"({args.trajectories} trajectories, seed {seed}); mu* ranks, sigma shows "
              "interactions or non-linearity (in the figure's unit per lever range)")
        rows = [[str(rank), effect.label, f"{effect.mu_star:.4g}", f"{effect.mu:.4g}",
                 f"{effect.sigma:.4g}", effect.lever_id]
                for rank, effect in enumerate(effects, 1)]
        print(format_table(rows, ["rank", "lever", "mu*", "mu", "sigma", "id"]))
        return 0
    base_samples = args.base_samples
    while True:
        analysis = sobol_analysis(scenario, kpi.id, base_samples, seed,
                                  include_policy=args.include_policy,
                                  bootstrap=args.bootstrap or 200 if args.until_stable
                                  else args.bootstrap, scheduler=args.scheduler)
        if (not args.until_stable or analysis.top5_agreement >= STABLE_TOP5
                or base_samples * 2 > MAX_SOBOL_BASE_SAMPLES):
            break
        print(f"{base_samples} base samples: top 5 the same in "
              f"{analysis.top5_agreement:.0%} of resamples; doubling")
        base_samples *= 2
    args.base_samples = base_samples
    _require_variation(kpi, [index.total_order for index in analysis.indices],
                       args.include_policy)
    print(f"{printable(scenario.name)}: Sobol indices of {kpi.label} ({args.base_samples} base "
          f"samples of a scrambled Sobol' sequence, seed {seed}); total order includes "
          "interactions")
    rows = [[str(rank), index.label, f"{index.first_order:.3f}", _ci(index.first_order_ci),
             f"{index.total_order:.3f}", _ci(index.total_order_ci), index.lever_id]
            for rank, index in enumerate(analysis.indices, 1)]
    print(format_table(rows, ["rank", "lever", "first order", "95% interval", "total order",
                              "95% interval", "id"]))
    if analysis.top5_agreement is not None:
        print(f"The top 5 are the same in {analysis.top5_agreement:.0%} of "
              f"{analysis.bootstrap} bootstrap resamples"
              + ("" if analysis.top5_agreement >= 0.95 else
                 "; raise --base-samples for a settled ranking"))
    return 0


def _require_variation(kpi, effects, include_policy) -> None:
    hint = "" if include_policy else " (--include-policy lets the policy levers vary too)"
    require_variation(f"key figure {kpi.id}", effects, hint)


def _ci(interval) -> str:
    return "" if interval is None else f"{interval[0]:.3f} to {interval[1]:.3f}"


def cmd_goalseek(args) -> int:
    scenario = resolve(args.scenario)
    result = goal_seek(scenario, args.lever, args.output, args.target, args.month)
    print(result.message)
    return 0 if result.reached else 1


def sweep_rows(scenario, n: int, seed: int, workers: int = WORKERS) -> Iterator[str]:
    """CSV text, a header then one chunk of rows at a time: sample index, the sampled value
    of every uncertain lever, the key figures. The samples are ``monte_carlo``'s for the
    same seed (single precision, figures to BAND_DIGITS); nothing is kept between chunks."""
    levers = [lever.id for lever in uncertain_levers()]
    yield ",".join(["sample", *levers, *KPIS]) + "\n"
    for first, last, part, (_, _, figures) in run_chunks(scenario, seed, n, DEFAULT_CHUNK,
                                                          None, workers, []):
        drawn = np.column_stack([part[lever_id] for lever_id in levers]).tolist()
        kpis = np.column_stack([figures[kpi_id] for kpi_id in KPIS]).tolist()
        yield "".join(
            ",".join([str(index), *map(repr, values), *(format(v, BAND_DIGITS) for v in row)])
            + "\n" for index, values, row in zip(range(first, last), drawn, kpis, strict=True))


def cmd_sweep(args) -> int:
    scenario = resolve(args.scenario)
    seed = scenario.uncertainty.seed if args.seed is None else args.seed
    parquet = args.out.lower().endswith((".parquet", ".pq"))
    if parquet:
        from core.analysis.explore import make_design, parse_lever_items, run_blocks
        from core.analysis.tables import write_parquet
        months = [m for m in (args.months or "").split(",") if m]
        outputs = [KPIS[kpi_id].output_id for kpi_id in KPIS] if months else []
        design = make_design(policy=parse_lever_items(args.levers or []),
                             outputs=dict.fromkeys(outputs), months=months)
        write_parquet(args.out, run_blocks(scenario, design, args.n, seed, args.scheduler),
                      {"scenario": scenario.name, "seed": str(seed), "samples": str(args.n)})
    elif args.scheduler or args.levers or args.months:
        raise ValueError("--scheduler, --levers and --months need a .parquet output file")
    else:
        write_atomic(args.out, sweep_rows(scenario, args.n, seed))
    print(f"{printable(scenario.name)}: wrote {printable(args.out)} ({args.n:,} samples, "
          f"seed {seed})")
    return 0


def cmd_discover(args) -> int:
    from core.analysis.discover import Condition, discover, format_discovery
    from core.analysis.explore import parse_lever_items
    scenario = resolve(args.scenario)
    seed = scenario.uncertainty.seed if args.seed is None else args.seed
    if args.output is not None and args.month is None:
        raise ValueError("--output needs --month")
    above = args.above is not None
    condition = Condition(args.above if above else args.below, above, args.kpi, args.output,
                          args.month)
    reference = None
    if args.against is not None:
        reference = resolve(args.against)
        condition = Condition(condition.threshold, condition.above, condition.kpi,
                              condition.output, condition.month,
                              effect=f"{printable(scenario.name)} against "
                              f"{printable(reference.name)}")
    found = discover(scenario, condition, args.n, seed, parse_lever_items(args.levers),
                     args.scheduler, reference=reference)
    print(f"{printable(scenario.name)}: " + format_discovery(
        found, found.result.choose(args.min_density)), end="")
    return 0


def cmd_robust(args) -> int:
    from core.analysis.robust import Target, robust_search
    scenario = resolve(args.scenario)
    seed = scenario.uncertainty.seed if args.seed is None else args.seed
    above = args.above is not None
    target = Target(args.kpi, args.above if above else args.below, above, args.probability)
    found = robust_search(scenario, args.lever, target, args.n, seed,
                          scheduler=args.scheduler)
    print(f"{printable(scenario.name)}: {target.describe()} ({found.evaluations} candidates, "
          f"each on the same {found.samples:,} worlds, seed {seed})")
    print(found.message)
    return 0 if found.met else 1


def scheduler_argument(parser) -> None:
    parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                        help="run on Dask: 'local' starts a local cluster, tcp://HOST:PORT "
                        "uses a running scheduler (default: in this process)")


STABLE_TOP5 = 0.95  # the top-5 agreement --until-stable asks for
MAX_ROBUST_SAMPLES = 100_000  # each of ~70 candidates runs this many worlds


def register(subparsers) -> None:
    """Add the analysis subcommands to an argparse subparsers object."""
    compare_parser = subparsers.add_parser(
        "compare", help="compare scenarios: lever and event differences, key figures")
    compare_parser.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                                help=f"{SCENARIO_HELP}; the first is the reference")
    compare_parser.add_argument(
        "--mc", metavar="N", type=count_argument(MAX_MONTE_CARLO_SAMPLES, "--mc"), default=None,
        help="also run every scenario over the same N sampled worlds and print each one's "
        "effect against the first: median difference, 5-95%% range, P(diff>0)")
    compare_parser.add_argument("--seed", type=seed_argument, default=None,
                                help="seed of the sampled worlds (default: the first "
                                "scenario's setting)")
    compare_parser.set_defaults(func=cmd_compare)

    mc = subparsers.add_parser("mc", help="Monte Carlo: key-figure percentiles and bands")
    mc.add_argument("scenario", help=SCENARIO_HELP)
    mc.add_argument("-n", type=count_argument(MAX_MONTE_CARLO_SAMPLES, "-n"), default=None,
                    help="samples (default: the scenario's setting; at most "
                    f"{MAX_MONTE_CARLO_SAMPLES:,})")
    mc.add_argument("--seed", type=seed_argument, default=None,
                    help="random seed, 0 to 2^32-1 (default: the scenario's setting)")
    mc.add_argument("--csv", metavar="OUT",
                    help="also write p5/p25/p50/p75/p95 of every output by month to OUT")
    scheduler_argument(mc)
    mc.set_defaults(func=cmd_mc, outputs={"csv": "--csv"})

    sensitivity = subparsers.add_parser(
        "sensitivity", help="rank the levers by their effect on a key figure")
    sensitivity.add_argument("scenario", help=SCENARIO_HELP)
    sensitivity.add_argument("--kpi", required=True, metavar="ID",
                             help=f"key figure id: {', '.join(KPIS)}")
    sensitivity.add_argument("--method", choices=("sobol", "tornado", "morris"),
                             default="sobol", help="sobol (variance shares, with bootstrap "
                             "intervals), tornado (one at a time) or morris (quick screening)")
    sensitivity.add_argument("--include-policy", action="store_true",
                             help="vary the policy levers too, uniformly over their range")
    sensitivity.add_argument("--bootstrap", type=count_argument(10_000, "--bootstrap", 0),
                             default=200, metavar="R",
                             help="Sobol bootstrap resamples for the intervals (default 200)")
    sensitivity.add_argument("--trajectories", type=count_argument(10_000, "--trajectories", 2),
                             default=40, metavar="T", help="Morris trajectories (default 40)")
    sensitivity.add_argument("--until-stable", action="store_true",
                             help="double --base-samples until the top 5 are the same in "
                             f"{STABLE_TOP5:.0%}% of bootstrap resamples (or the limit)")
    scheduler_argument(sensitivity)
    sensitivity.add_argument(
        "--base-samples", type=count_argument(MAX_SOBOL_BASE_SAMPLES, "--base-samples", 2),
        default=1024, metavar="N", help="Sobol base samples (runs (levers + 2) x N; at most "
        f"{MAX_SOBOL_BASE_SAMPLES:,})")
    sensitivity.add_argument("--seed", type=seed_argument, default=None,
                             help="Sobol seed, 0 to 2^32-1 (default: the scenario's setting)")
    sensitivity.set_defaults(func=cmd_sensitivity)

    goalseek = subparsers.add_parser(
        "goalseek", help="find the lever value that makes an output reach a target")
    goalseek.add_argument("scenario", help=SCENARIO_HELP)
    goalseek.add_argument("--lever", required=True, metavar="ID",
                          help="lever id (`airace levers` lists them)")
    goalseek.add_argument("--output", required=True, metavar="ID", help="output id")
    goalseek.add_argument("--target", required=True, type=finite_number, metavar="X",
                          help="target value in the output's unit (shares as 0-1)")
    goalseek.add_argument("--month", required=True, metavar="YYYY-MM")
    goalseek.set_defaults(func=cmd_goalseek)

    sweep = subparsers.add_parser(
        "sweep", help="write every Monte Carlo sample's levers and key figures to a CSV",
        description="One CSV row per sample: its sampled lever values and the key figures, "
        "written as the samples run (any size fits in memory). The samples are those of "
        "`airace mc` with the same seed.")
    sweep.add_argument("scenario", help=SCENARIO_HELP)
    sweep.add_argument("-n", required=True, metavar="N",
                       type=count_argument(MAX_SWEEP_SAMPLES, "-n",
                                           hint="Split the run into several sweeps"),
                       help=f"samples (at most {MAX_SWEEP_SAMPLES:,})")
    sweep.add_argument("--seed", type=seed_argument, default=None,
                       help="random seed, 0 to 2^32-1 (default: the scenario's setting)")
    sweep.add_argument("--out", required=True, metavar="FILE",
                       help="the file to write: FILE.csv, or FILE.parquet (needs the data "
                       "extra; one row group per block of 10,000 samples)")
    sweep.add_argument("--levers", nargs="+", metavar="ID[=LOW:HIGH]",
                       help="Parquet only: policy levers to vary too, uniform over their "
                       "range or LOW:HIGH (the uncertain levers are always drawn)")
    sweep.add_argument("--months", metavar="YYYY-MM,...",
                       help="Parquet only: also record the key figures' outputs at these "
                       "months (columns OUTPUT@MONTH)")
    scheduler_argument(sweep)
    sweep.set_defaults(func=cmd_sweep, outputs={"out": "--out"})

    explain_cli.register(subparsers)
    discover = subparsers.add_parser(
        "discover", help="what must be true: PRIM boxes of lever ranges where a condition "
        "holds", description="Scenario discovery (PRIM, as the EMA workbench): over N "
        "sampled worlds, find ranges of the levers where the condition holds far more often "
        "than overall, with the coverage/density trade-off.")
    discover.add_argument("scenario", help=SCENARIO_HELP)
    what = discover.add_mutually_exclusive_group(required=True)
    what.add_argument("--kpi", metavar="ID", help=f"key figure id: {', '.join(KPIS)}")
    what.add_argument("--output", metavar="ID", help="output id (with --month)")
    discover.add_argument("--month", metavar="YYYY-MM", help="the month of --output")
    discover.add_argument("--against", metavar="SCENARIO", default=None,
                          help="ask of the policy's effect: the figure minus this "
                          "scenario's in the same world (as compare --mc); no --levers")
    side = discover.add_mutually_exclusive_group(required=True)
    side.add_argument("--above", type=finite_number, metavar="X")
    side.add_argument("--below", type=finite_number, metavar="X")
    discover.add_argument("-n", required=True, metavar="N",
                          type=count_argument(MAX_MONTE_CARLO_SAMPLES, "-n"),
                          help=f"sampled worlds (at most {MAX_MONTE_CARLO_SAMPLES:,})")
    discover.add_argument("--seed", type=seed_argument, default=None,
                          help="random seed (default: the scenario's setting)")
    discover.add_argument("--levers", nargs="+", metavar="ID[=LOW:HIGH]", default=[],
                          help="policy levers to vary too (uniform over their range or "
                          "LOW:HIGH)")
    discover.add_argument("--min-density", type=share_argument(low_open=False), default=None, metavar="D",
                          help="pick the trajectory's box of highest coverage with at least "
                          "this density (0-1; default: the last, densest box)")
    scheduler_argument(discover)
    discover.set_defaults(func=cmd_discover)

    robust = subparsers.add_parser(
        "robust", help="the smallest change of several levers that meets a target with a "
        "given probability", description="Find the smallest change from the scenario (sum "
        "of |change| / lever range over the chosen levers) such that the condition holds in "
        "at least the given share of N sampled worlds, every candidate judged on the same "
        "worlds; or say how close it gets. Exit status 1 when the target is not reached.")
    robust.add_argument("scenario", help=SCENARIO_HELP)
    robust.add_argument("--lever", action="append", required=True, metavar="ID",
                        help="a policy lever to move (repeat for several)")
    robust.add_argument("--kpi", required=True, metavar="ID",
                        help=f"key figure id: {', '.join(KPIS)}")
    robust_side = robust.add_mutually_exclusive_group(required=True)
    robust_side.add_argument("--above", type=finite_number, metavar="X")
    robust_side.add_argument("--below", type=finite_number, metavar="X")
    robust.add_argument("--probability", type=share_argument(low_open=True), required=True,
                        metavar="P", help="share of worlds in which it must hold (0-1)")
    robust.add_argument("-n", type=count_argument(MAX_ROBUST_SAMPLES, "-n"), default=2000,
                        metavar="N", help="sampled worlds per candidate (default 2,000; at "
                        f"most {MAX_ROBUST_SAMPLES:,})")
    robust.add_argument("--seed", type=seed_argument, default=None,
                        help="random seed (default: the scenario's setting)")
    scheduler_argument(robust)
    robust.set_defaults(func=cmd_robust)
