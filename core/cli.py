"""The headless command line: run, validate and inspect scenarios with no display.

`airace` with no subcommand opens the GUI (desktop.entry); every other subcommand lands here
and never imports Qt. Bad input prints one clear line on stderr and exits non-zero.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from core.files import write_atomic
from core.kpis import KPIS, key_figures
from core.levers import LEVERS
from core.scenario import ScenarioError, bundled_names, load_bundled, load_scenario, resolve
from core.simulation import run_scenario
from core.sources import describe
from core.units import format_table, format_value


def cmd_run(args) -> int:
    scenario = resolve(args.scenario)
    results = run_scenario(scenario)
    figures = key_figures(results)
    print(f"{scenario.name}  ({results.months[0]} to {results.months[-1]})")
    rows = [[kpi.label, format_value(float(figures[kpi.id][0]), kpi.unit), kpi.id]
            for kpi in KPIS.values()]
    print(format_table(rows, ["key figure", "value", "id"]))
    if args.csv:
        write_atomic(args.csv, results.to_csv())
        print(f"wrote {args.csv} ({len(results.months)} months)")
    return 0


def cmd_validate(args) -> int:
    problems = 0
    for path in args.files:
        try:
            load_scenario(path)
        except ScenarioError as error:
            problems += 1
            print(error, file=sys.stderr)
        else:
            print(f"{path}: ok")
    return 2 if problems else 0


def cmd_levers(args) -> int:
    rows = [[lever.id, lever.group, lever.unit, f"{lever.default:g}",
             f"{lever.min:g} to {lever.max:g}", lever.source] for lever in LEVERS.values()]
    print(format_table(rows, ["id", "group", "unit", "default", "range", "source"]))
    if args.sources:
        keys = sorted({key.strip() for lever in LEVERS.values()
                       for key in lever.source.split(";")})
        print()
        print("\n".join(describe(key) for key in keys))
    return 0


def cmd_scenarios(args) -> int:
    for name in bundled_names():
        scenario = load_bundled(name)
        print(f"{name}: {scenario.name}")
        print(f"    {scenario.description}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="airace", description="AI Race Planner: US-China AI race what-ifs. With no "
        "command, opens the desktop app.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser("run", help="run a scenario and print its key figures")
    run.add_argument("scenario", help="a scenario file or the name of a bundled scenario")
    run.add_argument("--csv", metavar="OUT", help="also write every monthly output to OUT")
    run.set_defaults(func=cmd_run)
    validate = commands.add_parser("validate", help="check scenario files")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(func=cmd_validate)
    levers = commands.add_parser("levers", help="list the lever catalogue")
    levers.add_argument("--sources", action="store_true", help="also print the citations")
    levers.set_defaults(func=cmd_levers)
    scenarios = commands.add_parser("scenarios", help="list the bundled scenarios")
    scenarios.set_defaults(func=cmd_scenarios)
    from core.analysis import commands as analysis_commands

    analysis_commands.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except (ScenarioError, ValueError) as error:
        print(f"airace {args.command}: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader (e.g. `head`) stopped reading: not an error
        sys.stderr.close()
        return 0
    except OSError as error:
        print(f"airace {args.command}: {error.filename or ''}: {error.strerror or error}",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
