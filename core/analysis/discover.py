"""What must be true: PRIM over sampled worlds for a condition on a key figure or an output.

Samples come from ``core.analysis.explore`` (the Monte Carlo worlds of the seed, plus any
policy levers a user adds, uniform over their ranges), in seeded blocks, in-process or on
Dask; only the lever columns and the one figure are kept (8 bytes per lever per sample).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from core.analysis.explore import (
    check_cancel,
    lever_spec,
    make_design,
    output_column,
    run_blocks,
)
from core.analysis.prim import PrimBox, PrimResult, prim
from core.catalogue.key_figures import KPIS, require_in_run
from core.catalogue.levers import LEVERS, check_policy
from core.catalogue.outputs import OUTPUTS
from core.common.formatting import format_table, format_value


@dataclass(frozen=True)
class Condition:
    """A key figure (``kpi``) or an output at a month, above or below a threshold; with
    ``effect`` the figure is a policy's effect on it (the scenario minus a reference in the
    same world)."""

    threshold: float
    above: bool
    kpi: str | None = None
    output: str | None = None
    month: str | None = None
    effect: str = ""  # "B against A": the condition is on B's figure minus A's

    def __post_init__(self):
        if (self.kpi is None) == (self.output is None):
            raise ValueError("give a key figure or an output at a month, not both")
        if self.kpi is not None and self.kpi not in KPIS:
            raise ValueError(f"unknown key figure {self.kpi!r}; known: {', '.join(KPIS)}")
        if self.output is not None:
            if self.output not in OUTPUTS:
                raise ValueError(f"unknown output id {self.output!r}")
            if self.month is None:
                raise ValueError("an output condition needs a month")

    @property
    def column(self) -> str:
        return self.kpi if self.kpi is not None else output_column(self.output, self.month)

    @property
    def unit(self) -> str:
        return KPIS[self.kpi].unit if self.kpi else OUTPUTS[self.output].unit

    def describe(self) -> str:
        what = KPIS[self.kpi].label if self.kpi else f"{self.output} in {self.month}"
        if self.effect:
            return (f"Effect of {self.effect} on {what} "
                    f"{'above' if self.above else 'below'} "
                    f"{format_value(self.threshold, self.unit, signed=True)}")
        return f"{what} {'above' if self.above else 'below'} " \
               f"{format_value(self.threshold, self.unit)}"

    def holds(self, values: np.ndarray) -> np.ndarray:
        return values > self.threshold if self.above else values < self.threshold


@dataclass(frozen=True)
class Discovery:
    condition: Condition
    samples: int
    seed: int
    levers: list[str]
    result: PrimResult


def sample_table(scenario, condition: Condition, n: int, seed: int, policy: Iterable = (),
                 scheduler: str | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None, reference=None
                 ) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(lever ids, x (n, levers) in column order, figure (n,)) for n sampled worlds; with
    a ``reference`` the figure is the scenario's minus the reference's in each world."""
    # an effect in double precision, as a paired run takes it: its sign is the question
    dtype = "float32" if reference is None else "float64"
    if condition.kpi is not None:
        design = make_design(policy=policy, kpis=[condition.kpi], dtype=dtype)
    else:
        design = make_design(policy=policy, kpis=[], outputs=[condition.output],
                             months=[condition.month], dtype=dtype)
    ids = design.lever_ids
    x = np.empty((n, len(ids)), order="F")
    figure = np.empty(n)
    for columns in run_blocks(scenario, design, n, seed, scheduler, progress=progress,
                              cancelled=cancelled, reference=reference):
        first, last = int(columns["sample"][0]), int(columns["sample"][-1]) + 1
        for position, lever_id in enumerate(ids):
            x[first:last, position] = columns[lever_id]
        figure[first:last] = columns[condition.column]
    return ids, x, figure


def discover(scenario, condition: Condition, n: int, seed: int, policy: Iterable = (),
             scheduler: str | None = None, peel_alpha: float = 0.05, mass_min: float = 0.05,
             progress: Callable[[int, int], None] | None = None,
             cancelled: Callable[[], bool] | None = None, reference=None) -> Discovery:
    """PRIM boxes for ``condition`` over n sampled worlds. ``progress(done, n)`` after every
    seeded block; ``Cancelled`` is raised between blocks, and before PRIM, once
    ``cancelled()`` says so. ``policy`` may name policy levers only (what an actor could
    choose; the uncertain levers are varied anyway). With a ``reference`` scenario the
    condition is on the effect, the scenario's figure minus the reference's in the same
    world: what must be true for a policy to lengthen the lead, say. Policy levers cannot
    vary then: both scenarios would take the same sampled values, hiding the policy."""
    policy = list(policy)
    if reference is not None and policy:
        raise ValueError("a policy effect keeps each scenario's own policy levers: vary "
                         "none of them (give no --levers with --against)")
    if condition.kpi is not None:
        require_in_run(f"key figure {condition.kpi}", KPIS[condition.kpi].last_month, scenario)
    else:
        require_in_run(f"output {condition.output}", condition.month, scenario)
    for item in policy:
        check_policy(lever_spec(item).lever_id)
    ids, x, figure = sample_table(scenario, condition, n, seed, policy, scheduler, progress,
                                  cancelled, reference)
    check_cancel(cancelled, "scenario discovery")
    y = condition.holds(figure)
    if not y.any():
        raise ValueError(f"in none of the {n:,} sampled worlds is {condition.describe()}; "
                         "nothing to discover")
    result = prim(x, y, ids, peel_alpha=peel_alpha, mass_min=mass_min)
    return Discovery(condition, n, seed, ids, result)


def format_box(box: PrimBox) -> str:
    rows = []
    for lever_id, (low, high) in box.restricted.items():
        lever = LEVERS[lever_id]
        rows.append([lever.label, format_value(low, lever.unit), format_value(high, lever.unit),
                     f"{format_value(lever.min, lever.unit)} to "
                     f"{format_value(lever.max, lever.unit)}", lever_id])
    if not rows:
        return "(no lever restricted: the condition is as likely everywhere)"
    return format_table(rows, ["lever", "from", "to", "lever range", "id"])


def format_discovery(found: Discovery, box: PrimBox, trajectory_points: int = 8) -> str:
    result = found.result
    lines = [f"{found.condition.describe()}: {result.cases:,} of {found.samples:,} sampled "
             f"worlds ({result.cases / found.samples:.1%}; seed {found.seed}), "
             f"{len(found.levers)} levers varied",
             "",
             f"Box: coverage {box.coverage:.1%} (of the worlds where it holds, the share in "
             f"the box), density {box.density:.1%} (of the worlds in the box, the share where "
             f"it holds), mass {box.mass:.1%}, {len(box.restricted)} levers restricted",
             format_box(box), "",
             "Trade-off (peeling trajectory):"]
    trajectory = result.trajectory
    step = max(1, len(trajectory) // trajectory_points)
    picks = sorted(set(range(0, len(trajectory), step)) | {len(trajectory) - 1})
    rows = [[str(i), trajectory[i].step, f"{trajectory[i].coverage:.3f}",
             f"{trajectory[i].density:.3f}", f"{trajectory[i].mass:.3f}",
             str(len(trajectory[i].restricted))] for i in picks]
    lines.append(format_table(rows, ["point", "step", "coverage", "density", "mass",
                                     "restricted"]))
    return "\n".join(lines) + "\n"
