"""docs/model.md, generated from the model's declared structure (core.model.structure), its
constants, levers, sources and the anchors table, so the documentation cannot drift from the
code: `python -m core.build --check` (run by a test) regenerates it and compares.

    python -m core.build
"""

from __future__ import annotations

from core.catalogue import calibration
from core.catalogue.anchors import anchors
from core.catalogue.constants import CONSTANTS
from core.catalogue.levers import GROUPS, LEVERS, is_drawn, role_of
from core.catalogue.sources import SOURCES
from core.common.version import MODEL_VERSION
from core.model.boundary import boundary
from core.model.structure import (
    LOOPS,
    STOCK_DECLARATIONS,
    VARIABLES,
    declared,
    plain_label,
)

BLOCK_ORDER = ("power", "chips", "trade", "regulation", "compute", "adoption", "economics")


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def _reads(variable) -> str:
    return ", ".join(f"{sign}{name}" for name, sign in variable.reads) or "time"


def _node(name: str) -> str:
    return name.replace("@prev", "")


def loop_diagram() -> list[str]:
    """One Mermaid flowchart of every link that belongs to a declared feedback loop."""
    edges = {}
    for loop in LOOPS:
        for source, target in zip(loop.path, loop.path[1:] + loop.path[:1], strict=True):
            if target == source.removeprefix("d_") and source.startswith("d_"):
                sign = "+"
            else:
                sign = next(s for n, s in declared(target).reads if _node(n) == source)
            edges[(source, target)] = sign
    lines = ["```mermaid", "flowchart LR"]
    for (source, target), sign in sorted(edges.items()):
        lines.append(f"    {source} -- \"{sign}\" --> {target}")
    lines.append("```")
    return lines


def boundary_chart() -> list[str]:
    """What the model computes, takes as given and leaves out (core.model.boundary)."""
    items = boundary()
    out = _table(["", "what", "in the model as"],
                 [[item.status, item.what, "; ".join(plain_label(n) for n in item.covers) or
                   "computed each month from the stocks and levers"]
                  for item in items if item.status != "left out"])
    out += ["", "Left out:", ""]
    out += _table(["what", "why, and what stands in for it"],
                  [[item.what, item.why] for item in items if item.status == "left out"])
    return out


def _role(lever) -> str:
    """The lever's declared role, with the range Monte Carlo draws it from if it does."""
    drawn = f" ({lever.uncertainty[0]:g} to {lever.uncertainty[1]:g})" if is_drawn(lever) else ""
    return role_of(lever).describe() + drawn


FIT_METHOD = (
    "The constants are calibrated by a fit, rerun by `python -m core.build` whenever a block, "
    "the engine, the baseline, a lever, a constant's declared value or range, or the table "
    "above changes (`--check` fails until it is). Each published row is compared with the run "
    "it names (the baseline, or the baseline from 2022-01 for history rows; once the "
    "baseline is its own history continued they are one run). History and calibration rows "
    "are data: the residual is (model - central) / σ, with σ from the range read as a 90% "
    "interval, each side its own; the seed article's rows (S0) are projections and get twice "
    "that σ. Envelope rows are constraints: no residual inside the range, the distance "
    "outside it beyond. Check rows are never fitted and are reported apart. Every ranged "
    "constant (a group as one) is a candidate with a normal prior at its declared value, "
    "σ = (high - low) / 3.29. A Morris screen (elementary effects of one-σ/2 steps from 16 "
    "random points, one vectorised run) ranks them by their effect on the residuals; at "
    "most eight are fitted by penalised least squares (the residuals plus each fitted "
    "constant's shift from its prior in σ), the others keep their sourced values. A constant "
    "whose estimate correlates beyond ±0.9 with another's, or whose standard error is at "
    "least 0.9 of its prior's, is not identified and stays at its prior. Monte Carlo draws "
    "the fitted constants jointly: a normal with the fit's covariance, clipped to their "
    "ranges.")


def _fit_section() -> list[str]:
    """The calibration fit: its method, the constants it moved and every row's residual."""
    result = calibration.fit()
    out = ["", "## Calibration fit", "", FIT_METHOD, ""]
    if result is None:
        return out + ["No fit yet: run `python -m core.build`."]
    out += [f"Misfit (sum of squared residuals in σ, priors included): {result.cost_prior:.4g} "
            f"at the declared values, {result.cost_fitted:.4g} fitted.", "",
            "The screen's ranking (Morris μ*: residual σ per prior σ), highest first: "
            + ", ".join(f"{name} {mu:.3g}" for name, mu in result.screen) + ".", ""]
    out += _table(["constant", "prior", "fitted", "standard error", "range", "status"],
                  [[m.id, f"{m.prior:g}", f"{m.value:.6g}" if p.identified else "-",
                    f"{m.se:.3g}" if p.identified else "-", f"{m.low:g} to {m.high:g}",
                    "fitted" if p.identified else f"not identified: {p.reason}"]
                   for p in result.parameters for m in p.members])
    names = result.correlation_names
    if names:
        out += ["", "Correlations of the fitted constants:", ""]
        out += _table(["", *names], [[a, *(f"{r:+.2f}" for r in row)]
                                     for a, row in zip(names, result.correlation(),
                                                       strict=True)])
    out += ["", "Every row, at the declared values and fitted (residual in σ; a check row's "
            "as if it were data):", ""]
    out += _table(["kind", "quantity", "in the fit", "low", "central", "high", "declared",
                   "fitted", "residual", "holds"],
                  [[r.kind, r.quantity, r.role, f"{r.low:g}",
                    "" if r.central != r.central else f"{r.central:g}", f"{r.high:g}",
                    f"{r.prior_value:.4g}", f"{r.value:.4g}", f"{r.residual:+.2f}",
                    "yes" if r.holds else "no"] for r in result.rows])
    return out


def model_markdown() -> str:
    out = [
        f"# The model (version {MODEL_VERSION})",
        "",
        "Generated from the code by `python -m core.build`; do not edit by hand. "
        "Every stock is declared in `core/model/state.py`, every flow and auxiliary beside "
        "its equation in its block module; what each reads is traced from its equation, "
        "and tests measure each link's sign, check units equation by equation and the "
        "feedback loops.",
        "",
        "The model steps one state month by month from January 2022, through the "
        "documented inputs of 2022-2024 (core/engine/history.py) and on with the scenario's; "
        "no stock is set by hand in 2025: a run shown from January 2025 goes on from every "
        "stock and memory (the look-back of the lead, the lead the reactions remember) where "
        "its own history run stands then, kept for the next run whose history reads the "
        "same constants, levers and events. Each month every block reads every stock and "
        "the month's inputs, writes its "
        "auxiliaries and the rates of change of its stocks, and the engine integrates them "
        "with explicit Euler steps. Growth stocks are integrated as logarithms. In the "
        "reads, `+x` means more of x raises the variable, `-x` lowers it, `~x` has no single "
        "sign, and `x@prev` is last month's value.",
        "",
        "Every clip, minimum and maximum in the equations, what it bounds and in which "
        "months of each bundled scenario it binds, is in [the audit of bounds](bounds.md), "
        "also generated.",
        "",
        "## Feedback loops",
        "",
    ]
    out += _table(["loop", "kind", "path", "what it does"],
                  [[loop.name, "reinforcing" if loop.kind == "R" else "balancing",
                    " → ".join(loop.path) + " → " + loop.path[0], loop.story]
                   for loop in LOOPS])
    out += ["", "### Loop diagram", ""] + loop_diagram()
    out += ["", "## Model boundary", ""] + boundary_chart()
    out += ["", "## Results a reader may not expect", "",
            "**A long export ban can raise China's chips in the long run.** China's domestic "
            "output is bounded by its own HBM memory and the stockpile from before the "
            "December 2024 rule (H3), by its advanced-node capacity and yield (H1, H3, H4), "
            "and by what its AI-chip market pays for (N2). While a ban binds, it lowers "
            "China's chips by the imports it removes, less smuggling (C1). Through China's "
            "substitution reaction, the shortfall raises domestic capacity and HBM output "
            "after the substitution delay (one to two years, H3), up to a doubling at full "
            "pressure (SMIC's target of ~100k advanced wafers a month from 45-50k, H4). A ban "
            "that lasts several years therefore leaves China more capacity than imports would "
            "have given it, and its chips can end higher by the mid-2030s. The result depends "
            "on that doubling and on the reaction being on: with substitution off, no ban "
            "raises China's chips in any month where power does not bind (a test over 240 "
            "sampled worlds), and where it binds by at most 0.1% in one world of 960 (the "
            "age cohorts' aggregation, below); the uncertain ranges of the HBM, capacity and "
            "delay levers hold worlds on either side.",
            "",
            "**State AI laws barely move the capability lead.** Regulation acts where it "
            "applies. Compliance costs about one high-risk regime per deployed system for "
            "each state regime (R6: 29-52 k EUR per system-year), a hundredth of a percent "
            "of the ~$300 B US hyperscalers spend on AI (HC1) per regime, within a cap of "
            "about 1% (R6's high end for every frontier system under 50 regimes); that share "
            "of US compute goes to compliance, not chips. A deployment delay holds back what "
            "US users get, so it slows US adoption (users meet models that many months "
            "behind the frontier), not what labs train: California's frontier rules (SB 53, "
            "R5) ask for published frameworks and reports, not a wait before training. So "
            "the state patchwork (all 50 states) moves the lead by about 0.03 months and US "
            "adoption by about 0.8 points in 2030, while a 30-month chip ban moves the lead "
            "by about a month while it lasts. The result depends on compliance costs staying "
            "small against AI spending; a rule that stopped or licensed frontier training "
            "would need a lever of its own.",
            "",
            "**Open, cheap models move adoption only a little.** US and China adoption are "
            "shares of all people (the US counts users aged 18-64, the St. Louis Fed "
            "surveys' group, times their 60.5% share of the population, CB1; China's are "
            "CNNIC's own figures). Openness and price reach adoption through the price users "
            "pay: the open share of usage at the open/closed price ratio lowers it, and "
            "uptake responds with an elasticity of 0.05-0.07 (O1). Most people use AI free, "
            "so China's 'Android strategy' raises world adoption by about half a point in "
            "2030 while it moves the open-weight share by 17 points.",
            "",
            "**More chips can mean slightly less compute for a month where power binds.** "
            "Installed chips are held in three age cohorts, each a count of chips and the "
            "power they draw; where chips wait for power, the oldest retire early in "
            "proportion to what the swap gains in H100e per GW. A cohort's average stands for "
            "chips of different power per H100e, so no rule on these aggregates can retire "
            "the hungriest chip first. The smallest case: a cohort of one chip at 1 kW per "
            "H100e with 3 GW free, and chips at 2 kW waiting, runs 2.5 chips after an "
            "install month; the same cohort with one more, older chip at 3 kW (power full) "
            "is, to the aggregates, two chips at 2 kW, for which no swap gains, and runs 2. "
            "So the properties hold to the aggregation, measured over 240 sampled worlds in "
            "each of four seeds with the reactions off: more order growth lowers installed "
            "compute in no month by more than 0.2% (US) and 0.5% (world); delivering the "
            "same chips sooner by 0.9% in one world (none in most seeds); a longer chip "
            "life by 1.2% (US) and 1.0% (China); a ban, with substitution off, raises "
            "China's chips by 0.1% in one world of 960. Two links are not about supply and "
            "are held in the tests of more US chips and the lead: the order brake (chips "
            "waiting for power cut orders, a balancing loop with a delay: faster packaging "
            "can lower the lead by 0.03 months) and the export volume cap, a share of what "
            "US buyers get (N2), so more US supply also lets more chips go to China (up to "
            "0.28 months of lead). With both held, more US chips never lower the lead by "
            "more than 1e-4 months in 200 worlds.",
            ""]
    out += ["", "## Stocks", ""]
    out += _table(["stock", "label", "unit", "block", "what it holds", "source"],
                  [[s.id, s.label, s.unit, s.block, s.definition, s.source]
                   for s in STOCK_DECLARATIONS.values()])
    for block in BLOCK_ORDER:
        items = [v for v in VARIABLES.values() if v.block == block and v.kind != "stock"]
        out += ["", f"## {block.capitalize()} block", ""]
        out += _table(["variable", "label", "kind", "unit", "what it is", "reads", "source"],
                      [[v.id, v.label, v.kind, v.unit, v.definition, _reads(v), v.source]
                       for v in sorted(items, key=lambda v: (v.kind != "flow", v.id))])
    out += ["", "## Levers", ""]
    for group in GROUPS:
        out += ["", f"### {group}", ""]
        out += _table(["lever", "unit", "default", "range", "role (Monte Carlo range)",
                       "source", "what it does"],
                      [[lever.id, lever.unit, f"{lever.default:g}",
                        f"{lever.min:g} to {lever.max:g}",
                        _role(lever),
                        lever.source, lever.explanation]
                       for lever in LEVERS.values() if lever.group == group])
    out += ["", "## Constants", "",
            "A constant the calibration fit moved shows its fitted value, its declared value "
            "(the fit's prior) in brackets.", ""]
    out += _table(["constant", "value", "unit", "source", "note"],
                  [[c.id, f"{c.value:.6g} (prior {c.prior:g})" if c.is_fitted
                    else f"{c.value:g}", c.unit, c.source, c.note]
                   for c in CONSTANTS.values()])
    out += ["", "## Calibration, plausibility and history", "",
            "The table `core/catalogue/anchors.csv`; `tests/core/test_anchors.py` checks the model "
            "inside every row.", ""]
    out += _table(["kind", "quantity", "run", "low", "central", "high", "source"],
                  [[a.kind, a.quantity, a.scenario, f"{a.low:g}",
                    "" if a.central != a.central else f"{a.central:g}", f"{a.high:g}",
                    a.source] for a in anchors()])
    out += _fit_section()
    out += ["", "## Sources", ""]
    out += [f"- **{key}**: {text}" for key, text in SOURCES.items()]
    return "\n".join(out) + "\n"

