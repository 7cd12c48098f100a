"""Every assumption the model rests on, in one searchable list: each lever and constant with
value, unit, range, full citation and whether it is an estimate; and the calibration and
plausibility table with the model's value beside each published figure, its residual in σ
and how the calibration fit uses it; and the constants that fit moved, with their intervals.

The assumptions browser (GUI) and `airace levers --sources` / `airace anchors` read this, so
they cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from core.analysis import fit
from core.analysis.anchor_runs import scenario_results
from core.catalogue import calibration
from core.catalogue.anchors import Anchor, anchors
from core.catalogue.constants import CONSTANTS
from core.catalogue.levers import LEVERS, is_drawn
from core.catalogue.sources import describe


def is_estimate(source: str) -> bool:
    """A number whose source starts with EST: the authors' estimate, said openly."""
    return source.strip().startswith("EST")


@dataclass(frozen=True)
class Assumption:
    kind: str  # "lever" or "constant"
    id: str
    label: str
    value: float  # a lever's default, a constant's value
    unit: str
    low: float  # a lever's allowed range; a constant's Monte Carlo range (NaN if fixed)
    high: float
    source: str  # source keys, e.g. "S0; EIA1"
    citation: str  # the keys expanded into full citations
    estimate: bool
    note: str  # a lever's explanation, a constant's note
    group: str = ""  # a lever's group; "Model constant" for a constant
    # a constant's range and why, or "fixed: <why>"; for a lever, its Monte Carlo draw
    uncertainty: str = ""

    def text(self) -> str:
        return " ".join([self.kind, self.id, self.label, self.unit, self.source,
                         self.citation, self.note, self.group, self.uncertainty,
                         "estimate" if self.estimate else ""])


def lever_uncertainty(lever) -> str:
    """What Monte Carlo does with a lever: draws it over its uncertainty range, or keeps
    the scenario's value (a policy, a switch)."""
    if is_drawn(lever):
        low, high = lever.uncertainty
        return (f"drawn in Monte Carlo over {low:g} to {high:g} {lever.unit} around the "
                "scenario's value")
    return "set by the scenario (not drawn in Monte Carlo)"


@dataclass(frozen=True)
class AnchorCheck:
    """A published figure with the model's value beside it, and how the calibration fit
    (core.analysis.fit) uses it: its role, σ and the model's residual in σ."""

    anchor: Anchor
    model_value: float
    citation: str
    role: str = ""  # "data", "constraint" or "check" (never fitted)
    residual: float = math.nan  # (model - central) / σ; a constraint's distance outside / σ

    @property
    def residual_text(self) -> str:
        return "" if math.isnan(self.residual) else f"{self.residual:+.1f}σ"

    @property
    def holds(self) -> bool:
        return self.anchor.holds(self.model_value)

    @property
    def outside(self) -> bool:
        return not self.holds

    def text(self) -> str:
        a = self.anchor
        return " ".join([a.kind, a.scenario, a.quantity, a.output, a.date, a.source,
                         self.citation, a.note, self.role, "outside" if self.outside else ""])


def assumptions() -> list[Assumption]:
    """Every lever, then every model constant, in catalogue order."""
    rows = [Assumption("lever", lever.id, lever.label, lever.default, lever.unit, lever.min,
                       lever.max, lever.source, describe(lever.source),
                       is_estimate(lever.source), lever.explanation, lever.group,
                       lever_uncertainty(lever))
            for lever in LEVERS.values()]
    rows += [Assumption("constant", constant.id, constant.id.replace("_", " "), constant.value,
                        constant.unit,
                        constant.low if constant.is_ranged else math.nan,
                        constant.high if constant.is_ranged else math.nan,
                        constant.source, describe(constant.source), constant.is_estimate,
                        constant.note, "Model constant", constant.uncertainty)
             for constant in CONSTANTS.values()]
    return rows


def anchor_checks() -> list[AnchorCheck]:
    """Every row of the calibration and plausibility table, each scenario run once."""
    runs, rows = {}, []
    for anchor in anchors():
        if anchor.scenario not in runs:
            runs[anchor.scenario] = scenario_results(anchor.scenario)
        value = anchor.model_value(runs[anchor.scenario])
        rows.append(AnchorCheck(anchor, value, describe(anchor.source), fit.role(anchor),
                                fit.row_residual(anchor, value)))
    return rows


@dataclass(frozen=True)
class FittedConstant:
    """A constant the calibration fit chose, with its prior and fitted value and interval."""

    id: str
    parameter: str  # the fitted parameter (a group's members share one)
    unit: str
    prior: float
    value: float
    se: float
    low: float  # the constant's range (the prior's 90% interval)
    high: float
    identified: bool
    reason: str  # why not identified

    @property
    def interval(self) -> tuple[float, float]:
        """The fitted value's 90% interval (±1.645 standard errors)."""
        return self.value - fit.Z90 * self.se, self.value + fit.Z90 * self.se


def fitted_constants() -> list[FittedConstant]:
    """Every constant the calibration fit chose (core/catalogue/fit.json), identified or not."""
    result = calibration.fit()
    if result is None:
        return []
    return [FittedConstant(m.id, p.name, CONSTANTS[m.id].unit, m.prior, m.value, m.se, m.low,
                           m.high, p.identified, p.reason)
            for p in result.parameters for m in p.members]


Row = TypeVar("Row", Assumption, AnchorCheck)


def search(text: str, rows: Sequence[Row] | None = None) -> list[Row]:
    """Rows matching every word of ``text`` (any case, anywhere: id, label, unit, source,
    citation, note; "estimate" and "outside" match the flags). Empty text matches all."""
    rows = assumptions() if rows is None else rows
    words = text.lower().split()
    return [row for row in rows if all(word in row.text().lower() for word in words)]


def source_keys(sources: Iterable[str]) -> list[str]:
    """The distinct source keys in fields such as "S0; EIA1", sorted."""
    return sorted({key.strip() for source in sources for key in source.split(";")
                   if key.strip()})


def fit_correlations(at_least: float = 0.3) -> list[tuple[str, str, float]]:
    """Pairs of fitted parameters whose estimates are correlated by at least ``at_least``
    (either sign): Monte Carlo draws them together."""
    result = calibration.fit()
    if result is None:
        return []
    names, matrix = result.correlation_names, result.correlation()
    return [(names[i], names[j], matrix[i][j]) for i in range(len(names))
            for j in range(i + 1, len(names)) if abs(matrix[i][j]) >= at_least]
