"""The headless command line: run, validate and inspect scenarios with no display.

`airace` with no subcommand opens the GUI (desktop.entry); every other subcommand lands here
and never imports Qt. Bad input prints one clear line on stderr and exits non-zero. The
commands that need Qt (screenshot, brief) are parsed here too, so `airace --help` lists
them and their `--help` works, and run by the handler desktop.entry passes to ``main``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence

from core.analysis.reactions import reaction_spells
from core.catalogue.key_figures import KPIS, key_figures
from core.catalogue.sources import describe
from core.cli import analysis as analysis_commands
from core.cli.arguments import (
    SCENARIO_HELP,
    OneLineParser,
    count_argument,
)
from core.common.files import check_outputs, removing_on_sigterm, write_atomic
from core.common.formatting import format_table, printable
from core.common.limits import (
    MAX_MONTE_CARLO_SAMPLES,
)
from core.common.version import APP_VERSION, MODEL_VERSION
from core.engine.simulation import run_scenario
from core.formats import share
from core.formats.scenario import ScenarioError, bundled_names, load_bundled, load_scenario, resolve
from core.reports.assumptions import (
    anchor_checks,
    assumptions,
    fit_correlations,
    fitted_constants,
    source_keys,
)

DESKTOP_COMMANDS = ("screenshot", "brief")  # parsed here, run by desktop.entry (Qt)


def print_migration_notes(scenario, source: str) -> None:
    """Say what loading an older file changed, and that figures changed with the model."""
    for note in scenario.migration_notes:
        print(printable(f"note: {source}: {note}"))


def cmd_run(args) -> int:
    scenario = resolve(args.scenario)
    print_migration_notes(scenario, args.scenario)
    results = run_scenario(scenario)
    figures = key_figures(results)
    print(f"{printable(scenario.name)}  ({results.months[0]} to {results.months[-1]}; "
          f"model version {results.model_version})")
    rows = [[kpi.label, kpi.format(float(figures[kpi.id][0])), kpi.id]
            for kpi in KPIS.values()]
    print(format_table(rows, ["key figure", "value", "id"]))
    spells = reaction_spells(results)
    print("\nReactions that fired:" if spells else "\nReactions that fired: none")
    for spell in spells:
        print(f"  {spell.summary()}")
    if args.csv:
        write_atomic(args.csv, results.to_csv())
        print(f"wrote {printable(args.csv)} ({len(results.months)} months)")
    return 0


def cmd_validate(args) -> int:
    """Check every file given, one line each; exit 2 if any is bad."""
    problems = 0
    for path in args.files:
        try:
            scenario = share.decode(path) if share.is_share_code(path) else load_scenario(path)
        except (ScenarioError, ValueError, OSError) as error:
            problems += 1
            message = (str(error) if str(error).startswith((path, "share code"))
                       else f"{path}: {error}")
            print(printable(message), file=sys.stderr)
        else:
            migrated = (f" (saved under an older model version; {len(scenario.migration_notes)} "
                        "notes on loading: `airace run` prints them)"
                        if scenario.migration_notes else "")
            shown = "share code" if share.is_share_code(path) else path
            print(f"{printable(shown)}: ok{migrated}")
    return 2 if problems else 0


def cmd_levers(args) -> int:
    rows = assumptions()
    levers = [row for row in rows if row.kind == "lever"]
    print(format_table([[row.id, row.group, row.unit, f"{row.value:g}",
                         f"{row.low:g} to {row.high:g}", row.source] for row in levers],
                       ["id", "group", "unit", "default", "range", "source"]))
    if args.sources:
        constants = [row for row in rows if row.kind == "constant"]
        print("\nModel constants")
        print(format_table([[row.id, f"{row.value:g}", row.unit, row.source]
                            for row in constants], ["id", "value", "unit", "source"]))
        print("\nSources")
        print("\n".join(describe(key) for key in source_keys(row.source for row in rows)))
    return 0


def cmd_anchors(args) -> int:
    """The calibration, plausibility and history table with the model's value beside each
    published figure, its residual in σ and the constants the calibration fit moved; check
    rows (never fitted) apart; exit 1 if any falls outside its range."""
    checks = anchor_checks()
    header = ["kind", "quantity", "model", "low / central / high", "residual", "", "source"]

    def table(selected) -> str:
        rows = []
        for check in selected:
            anchor = check.anchor
            central = "" if anchor.central != anchor.central else f"{anchor.central:g}"
            rows.append([anchor.kind, anchor.quantity, f"{check.model_value:.4g}",
                         f"{anchor.low:g} / {central or '-'} / {anchor.high:g}",
                         check.residual_text, "ok" if check.holds else "OUTSIDE",
                         anchor.source])
        return format_table(rows, header)

    print(table([check for check in checks if check.role != "check"]))
    print("\nChecks (never fitted: they test the fit)")
    print(table([check for check in checks if check.role == "check"]))
    fitted = fitted_constants()
    if fitted:
        print("\nConstants fitted to these rows (90% interval; the others keep their sourced "
              "values)")
        print(format_table(
            [[c.id, f"{c.prior:g}", f"{c.value:.4g}" if c.identified else "-",
              f"{c.interval[0]:.4g} to {c.interval[1]:.4g}" if c.identified else "-",
              f"{c.low:g} to {c.high:g}", c.unit,
              "fitted" if c.identified else f"not identified: {c.reason}"]
             for c in fitted],
            ["constant", "prior", "fitted", "interval", "range", "unit", ""]))
        pairs = fit_correlations()
        if pairs:
            print("Correlated estimates (drawn together in Monte Carlo): " + "; ".join(
                f"{a} and {b} {r:+.2f}" for a, b, r in pairs))
    if args.sources:
        print("\nSources")
        print("\n".join(describe(key)
                        for key in source_keys(check.anchor.source for check in checks)))
    outside = sum(check.outside for check in checks)
    print(f"\n{len(checks) - outside} of {len(checks)} figures inside their published range "
          f"(model version {MODEL_VERSION}).")
    return 1 if outside else 0


def cmd_share(args) -> int:
    """Print the scenario's share code (pass it wherever a scenario path goes)."""
    print(share.encode(resolve(args.scenario)))
    return 0


def cmd_scenarios(args) -> int:
    for name in bundled_names():
        scenario = load_bundled(name)
        print(f"{name}: {printable(scenario.name)}")
        print(f"    {printable(scenario.description)}")
    return 0


def _register_desktop_commands(commands) -> None:
    """screenshot and brief: their arguments and help; desktop.entry runs them."""
    screenshot = commands.add_parser(
        "screenshot", help="render the window to a PNG (works headless)",
        description="Render the app's window, offscreen if there is no display, to a PNG.")
    screenshot.add_argument("out", metavar="OUT.png", help="the PNG file to write")
    screenshot.add_argument("scenario", nargs="?", metavar="SCENARIO",
                            help=f"{SCENARIO_HELP} (default: the baseline)")
    brief = commands.add_parser(
        "brief", help="write a briefing (PDF and/or HTML)",
        description="Write a briefing of a scenario: its levers, events, key figures against "
        "the baseline and plots, optionally with Monte Carlo ranges.")
    brief.add_argument("scenario", metavar="SCENARIO", help=SCENARIO_HELP)
    brief.add_argument("--pdf", metavar="OUT.pdf", help="write the briefing as a PDF")
    brief.add_argument("--html", metavar="OUT.html", help="write it as standalone HTML")
    brief.add_argument("--mc", metavar="N", type=count_argument(MAX_MONTE_CARLO_SAMPLES, "--mc"),
                       help="add 5-95%% ranges from N Monte Carlo samples "
                       f"(at most {MAX_MONTE_CARLO_SAMPLES:,})")
    screenshot.set_defaults(func=None, outputs={"out": "OUT.png"})
    brief.set_defaults(func=None, outputs={"pdf": "--pdf", "html": "--html"},
                       at_least_one=("--pdf OUT.pdf", "--html OUT.html"))


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="airace", description="AI Race Planner: US-China AI race what-ifs. With no "
        "command, or with a single scenario file, opens the desktop app.")
    parser.add_argument("--version", action="version",
                        version=f"airace {APP_VERSION} (model version {MODEL_VERSION})")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND",
                                     parser_class=OneLineParser)
    run = commands.add_parser("run", help="run a scenario and print its key figures")
    run.add_argument("scenario", help=SCENARIO_HELP)
    run.add_argument("--csv", metavar="OUT", help="also write every monthly output to OUT")
    run.set_defaults(func=cmd_run, outputs={"csv": "--csv"})
    validate = commands.add_parser("validate", help="check scenario files",
                                   description="Check scenario files; one line per file.")
    validate.add_argument("files", nargs="+", metavar="FILE", help="scenario files, HTML briefings or share codes to check")
    validate.set_defaults(func=cmd_validate)
    levers = commands.add_parser("levers", help="list the lever catalogue")
    levers.add_argument("--sources", action="store_true",
                        help="also print the model's constants and every citation")
    levers.set_defaults(func=cmd_levers)
    share_parser = commands.add_parser(
        "share", help="print a scenario's share code (airace:...)",
        description="Print a short text code holding the whole scenario; any command takes "
        "it in place of a scenario file.")
    share_parser.add_argument("scenario", help=SCENARIO_HELP)
    share_parser.set_defaults(func=cmd_share)
    scenarios = commands.add_parser("scenarios", help="list the bundled scenarios")
    scenarios.set_defaults(func=cmd_scenarios)
    anchor = commands.add_parser(
        "anchors", help="the model against published figures (calibration, envelopes, history)",
        description="Print the calibration, plausibility and history table with the model's "
        "value beside each published figure; exit 1 if any falls outside its range.")
    anchor.add_argument("--sources", action="store_true", help="also print the citations")
    anchor.set_defaults(func=cmd_anchors)
    analysis_commands.register(commands)
    _register_desktop_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None,
         desktop: Mapping[str, Callable[[argparse.Namespace], int]] | None = None) -> int:
    """Run one command; returns the exit code (argparse's --help and errors included).

    ``desktop`` maps "screenshot" and "brief" to the handlers that run them (desktop.entry
    passes them; they need Qt, which this module never imports).
    """
    for stream in (sys.stdout, sys.stderr):  # a name the console cannot show never costs a file
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a bad argument already reported
        return stop.code if isinstance(stop.code, int) else 2
    if args.command in DESKTOP_COMMANDS:
        handler = (desktop or {}).get(args.command)
        if handler is None:
            print(f"airace {args.command}: needs the desktop app; run it as "
                  f"`airace {args.command}`", file=sys.stderr)
            return 2
    elif getattr(args, "func", None) is None:
        parser.print_help()
        return 2
    else:
        handler = args.func
    try:
        wanted = getattr(args, "at_least_one", ())
        if wanted and not any(getattr(args, option.split()[0].lstrip("-")) for option in wanted):
            raise ValueError("give " + " and/or ".join(wanted))
        check_outputs({option: getattr(args, dest) for dest, option in
                       getattr(args, "outputs", {}).items()},
                      [name for dest in INPUTS for name in _as_list(getattr(args, dest, None))])
        with removing_on_sigterm():
            return handler(args)
    except (ScenarioError, ValueError) as error:
        print(printable(f"airace {args.command}: {error}"), file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader (e.g. `head`) stopped reading: not an error
        sys.stderr.close()
        return 0
    except OSError as error:
        print(printable(f"airace {args.command}: {error.filename or ''}: "
                        f"{error.strerror or error}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


INPUTS = ("scenario", "scenarios", "against", "files")  # argument names that name files read


def _as_list(value) -> list[str]:
    return [] if value is None else [value] if isinstance(value, str) else list(value)

if __name__ == "__main__":
    sys.exit(main())
