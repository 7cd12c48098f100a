"""`airace explain`: why a key figure moved, as a waterfall table and optionally a CSV."""

from __future__ import annotations

from pathlib import Path

from core.analysis.explain import explain, format_attribution, to_csv
from core.catalogue.key_figures import KPIS
from core.cli.arguments import SCENARIO_HELP
from core.common.files import write_atomic
from core.common.formatting import printable
from core.formats import share
from core.formats.scenario import resolve


def _name(reference: str) -> str:
    if share.is_share_code(reference):
        return "the share code"
    return Path(reference).stem if reference.endswith((".json", ".html", ".htm")) else reference


def cmd_explain(args) -> int:
    if args.kpi is None and args.output is None:
        raise ValueError(f"give --kpi ID (one of {', '.join(KPIS)}) or --output ID --month")
    scenario = resolve(args.scenario)
    reference = resolve(args.against)
    attribution = explain(scenario, reference, args.kpi, args.output, args.month)
    names = (_name(args.scenario), _name(args.against))
    print(format_attribution(attribution, names), end="")
    if args.csv:
        write_atomic(args.csv, to_csv(attribution))
        print(f"wrote {printable(args.csv)} ({len(attribution.items)} items and the total)")
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "explain", help="split a key figure's change from a reference among levers and events",
        description="Why a figure moved: its change from the reference scenario split into "
        "each changed lever's and each differing event's contribution (Shapley values, which "
        "add up to the total), beside each one's effect alone; the interaction line is what "
        "the effects alone miss.")
    parser.add_argument("scenario", help=SCENARIO_HELP)
    parser.add_argument("--kpi", metavar="ID", help=f"key figure id: {', '.join(KPIS)}")
    parser.add_argument("--against", metavar="REF", default="baseline",
                        help="the reference scenario (default: the baseline)")
    parser.add_argument("--month", metavar="YYYY-MM",
                        help="read the key figure's series (or --output) at this month")
    parser.add_argument("--output", metavar="ID",
                        help="an output id instead of a key figure (at --month, default the "
                        "last month)")
    parser.add_argument("--csv", metavar="OUT",
                        help="also write item,contribution,one_at_a_time rows and a total row")
    parser.set_defaults(func=cmd_explain, outputs={"csv": "--csv"})
