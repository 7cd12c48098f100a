"""The effect of a policy with its uncertainty: scenarios run paired over the same worlds.

Each sampled world is one row of uniform draws for the uncertain levers (the Monte Carlo
draws of the seed, ``core.analysis.uncertainty``). Every scenario maps the same uniforms
through its own lever distributions (common random numbers) and keeps its own policy levers
and events, so the difference B - A in a world is the policy's effect in that world, not
the spread of two independent bands. For every key figure: the median difference, its
5-95% range and the probability that it is positive.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from core.analysis.explore import (
    block_bounds,
    evaluate_values,
    make_design,
    output_column,
    sample_values,
)
from core.analysis.hinges import (
    Hinge,
    bin_worlds,
    driver_text,
    hinge,
    no_driver_text,
    stability_text,
    threshold_text,
    world_factors,
)
from core.analysis.uncertainty import Cancelled
from core.catalogue.key_figures import KPIS
from core.catalogue.outputs import OUTPUTS
from core.common.formatting import format_table, format_value

EFFECT_LEVELS = (5, 50, 95)
# Figures beyond the key figures whose effect a paired run records, for what it hinges on:
# (output id, month, label). China's compute is what export controls aim at.
EXTRA_FIGURES = (("cn_powered_h100e", "2030-12", "China's AI compute running (powered chips), "
                  "end 2030"),)
# The figures whose effect is explained (what it hinges on): the US lead and China's compute
HINGE_FIGURES = ("capability_gap_2030", output_column("cn_powered_h100e", "2030-12"))
# Worlds kept for the attribution: the first ones of the run (a random sample themselves);
# more would add memory (8 bytes per factor member per world) and no steadier ranking.
HINGE_WORLDS = 20_000


@dataclass(frozen=True)
class PairedKpi:
    kpi_id: str
    label: str
    unit: str
    median: float  # median of B - A over the worlds
    low: float  # 5th percentile of B - A
    high: float  # 95th percentile
    p_positive: float  # share of worlds where B - A > 0
    p_negative: float  # share where B - A < 0 (the rest are ties)


@dataclass(frozen=True)
class PairedEffect:
    reference: str
    other: str
    samples: int
    seed: int
    kpis: list[PairedKpi]
    extra: list[PairedKpi] = field(default_factory=list)  # EXTRA_FIGURES, after the kpis
    hinges: tuple[Hinge, ...] = ()  # what each of HINGE_FIGURES' effect hinges on

    def figure(self, figure_id: str) -> PairedKpi:
        """The summary of one figure (a key figure id, or "output@month")."""
        return next(row for row in [*self.kpis, *self.extra] if row.kpi_id == figure_id)


def _design():
    return make_design(dtype="float64", outputs=[output for output, _, _ in EXTRA_FIGURES],
                       months=sorted({month for _, month, _ in EXTRA_FIGURES}))


def figure_ids() -> list[str]:
    """Every figure a paired run records: the key figures, then EXTRA_FIGURES."""
    return [*KPIS, *(output_column(output, month) for output, month, _ in EXTRA_FIGURES)]


def paired_samples(a, b, n: int, seed: int,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None
                   ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """(B - A of every figure in each of n shared worlds, shape (n,) per figure; the
    worlds: B's value of every uncertain factor's members in the first HINGE_WORLDS of
    them, as What must be true on the effect reads them; they differ from A's only for an
    uncertain lever B itself moves, and their order never does)."""
    design = _design()
    ids = figure_ids()
    keys = [key for factor in world_factors() for key in factor.keys]
    kept = min(n, HINGE_WORLDS)
    differences = {figure_id: np.empty(n) for figure_id in ids}
    worlds = {key: np.empty(kept) for key in keys}
    for first, last in block_bounds(n):
        if cancelled is not None and cancelled():
            raise Cancelled(f"paired run cancelled after {first} of {n} samples")
        values = [sample_values(scenario, design, seed, first, last) for scenario in (a, b)]
        figures = [evaluate_values(scenario, design, drawn)
                   for scenario, drawn in zip((a, b), values, strict=True)]
        for figure_id in ids:
            differences[figure_id][first:last] = figures[1][figure_id] - figures[0][figure_id]
        if first < kept:
            for key in keys:
                worlds[key][first:min(last, kept)] = values[1][key][:min(last, kept) - first]
        if progress is not None:
            progress(last, n)
    return differences, worlds


def paired_differences(a, b, n: int, seed: int,
                       progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> dict[str, np.ndarray]:
    """B - A of every key figure (and EXTRA_FIGURES) in each of n shared worlds."""
    return paired_samples(a, b, n, seed, progress, cancelled)[0]


def _summary(figure_id: str, label: str, unit: str, values: np.ndarray) -> PairedKpi:
    low, median, high = np.percentile(values, EFFECT_LEVELS)
    return PairedKpi(figure_id, label, unit, float(median), float(low), float(high),
                     float(np.mean(values > 0)), float(np.mean(values < 0)))


def paired_effect(a, b, n: int, seed: int, names: tuple[str, str] = ("A", "B"),
                  progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> PairedEffect:
    """Summaries of B - A for every key figure over n paired worlds, and what the effect
    on the US lead and on China's compute hinges on (``core.analysis.hinges``)."""
    differences, worlds = paired_samples(a, b, n, seed, progress, cancelled)
    kpis = [_summary(kpi.id, kpi.label, kpi.unit, differences[kpi.id])
            for kpi in KPIS.values()]
    extra = [_summary(output_column(output, month), label, OUTPUTS[output].unit,
                      differences[output_column(output, month)])
             for output, month, label in EXTRA_FIGURES]
    factors = world_factors()
    kept = len(next(iter(worlds.values())))
    summaries = {row.kpi_id: row for row in [*kpis, *extra]}
    binned = bin_worlds(worlds, factors)
    hinges = tuple(hinge(differences[figure_id][:kept], worlds, figure_id,
                         summaries[figure_id].label, summaries[figure_id].unit, factors,
                         binned=binned)
                   for figure_id in HINGE_FIGURES)
    return PairedEffect(names[0], names[1], n, seed, kpis, extra, hinges)


# how a difference reads in words, per key figure: (what, word for more, word for less)
EFFECT_WORDS: dict[str, tuple[str, str, str]] = {
    "us_power_gap_2028": ("US power gap", "larger", "smaller"),
    "capability_gap_2030": ("US lead", "longer", "shorter"),
    "open_weight_share_2030": ("open-weight share", "higher", "lower"),
    "cn_legal_imports_2026_2028": ("China's legal imports", "larger", "smaller"),
    "cn_usage_share_2030": ("China's share of usage", "higher", "lower"),
    "access_index_2030": ("access index", "higher", "lower"),
    "us_stranded_2028": ("US stranded chips", "more", "fewer"),
    "tpu_revenue_2028": ("TPU revenue", "higher", "lower"),
    "tpu_units_2028": ("TPUs made", "more", "fewer"),
    output_column("cn_powered_h100e", "2030-12"): ("China's compute", "larger", "smaller"),
}


def _share_of_worlds(p: float) -> str:
    """A share as a whole percentage that never rounds a few worlds to 0% or all to 100%."""
    if 0 < p < 0.005:
        return "under 1%"
    if 0.995 <= p < 1:
        return "over 99%"
    return f"{p:.0%}"


def sign_in_words(kpi: PairedKpi) -> str:
    """P(diff > 0) and P(diff < 0) as a sentence: 'US lead shorter in 87% of worlds,
    longer in 13%', the more likely direction first."""
    what, more, less = EFFECT_WORDS.get(kpi.kpi_id, (kpi.label, "higher", "lower"))
    if kpi.p_positive == 0 and kpi.p_negative == 0:
        text = f"{what} the same in every world"
        return text[0].upper() + text[1:]
    sides = sorted([(kpi.p_positive, more), (kpi.p_negative, less)], reverse=True)
    text = f"{what} {sides[0][1]} in {_share_of_worlds(sides[0][0])} of worlds"
    if sides[1][0] > 0:
        text += f", {sides[1][1]} in {_share_of_worlds(sides[1][0])}"
    return text[0].upper() + text[1:]


def effect_texts(kpi: PairedKpi) -> tuple[str, str]:
    """The median difference and its 5-95% range as text, with the figure's unit."""
    return (format_value(kpi.median, kpi.unit, signed=True),
            f"{format_value(kpi.low, kpi.unit, signed=True)} to "
            f"{format_value(kpi.high, kpi.unit, signed=True)}")


def format_paired(effect: PairedEffect) -> str:
    """The table `airace compare A B --mc N` prints."""
    head = (f"Effect of {effect.other} against {effect.reference} over the same "
            f"{effect.samples:,} sampled worlds (seed {effect.seed}): {effect.other} minus "
            f"{effect.reference}\n")
    rows = [[kpi.label, *effect_texts(kpi), f"{kpi.p_positive:.0%}", f"{kpi.p_negative:.0%}",
             kpi.kpi_id]
            for kpi in effect.kpis]
    return head + format_table(rows, ["key figure", "median diff", "5-95% range",
                                      "P(diff>0)", "P(diff<0)", "id"]) + "\n"


def hinge_lines(effect: PairedEffect) -> list[str]:
    """What the effect on each of HINGE_FIGURES hinges on, in plain words: its median and
    5-95% range, the two factors that explain most of its spread with the effect at their
    low and high ends, where it turns sign, and how steady that ranking is."""
    lines = []
    for found in effect.hinges:
        row = effect.figure(found.figure_id)
        what, more, less = EFFECT_WORDS.get(found.figure_id, (row.label, "higher", "lower"))
        median, spread = effect_texts(row)
        lines.append(f"{row.label}: median {median} ({spread} in 90% of worlds). "
                     f"{sign_in_words(row)}.")
        if not found.drivers:
            lines.append(f"  {no_driver_text(found)}")
            continue
        lines.append("  It hinges most on:")
        lines += [f"  - {driver_text(driver, row.unit)}" for driver in found.drivers]
        turn = threshold_text(found, what, more, less)
        if turn:
            lines.append(f"  {turn}")
        lines.append(f"  ({stability_text(found)}.)")
    return lines


def discover_question(effect: PairedEffect, figure_id: str) -> tuple[bool, float] | None:
    """(above, threshold) of the What must be true question for an effect that goes either
    way: the less likely sign (what must be true for the policy to backfire, or to work
    where it mostly does not); None when the effect keeps its sign."""
    found = next((h for h in effect.hinges if h.figure_id == figure_id), None)
    if found is None or not found.either_way:
        return None
    row = effect.figure(figure_id)
    return row.p_positive < row.p_negative, 0.0


def paired_effects(scenarios: Sequence[tuple[str, object]], n: int, seed: int,
                   reference: int = 0,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> list[PairedEffect]:
    """Each scenario against the one at ``reference`` (the first unless told), over the
    same n worlds; ``progress(done, total)`` counts samples over all the pairs."""
    name_a, a = scenarios[reference]
    others = [item for index, item in enumerate(scenarios) if index != reference]
    effects = []
    for position, (name_b, b) in enumerate(others):
        def step(done: int, _total: int, before: int = position * n) -> None:
            if progress is not None:
                progress(before + done, n * len(others))
        effects.append(paired_effect(a, b, n, seed, (name_a, name_b), step, cancelled))
    return effects
