"""Every assumption the model rests on, in one searchable list: each lever and constant with
value, unit, range, full citation and whether it is an estimate; and the calibration and
plausibility table with the model's value beside each published figure.

The assumptions browser (GUI) and `airace levers --sources` / `airace anchors` read this, so
they cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from core.analysis.anchor_runs import scenario_results
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
    """A published figure with the model's value beside it."""

    anchor: Anchor
    model_value: float
    citation: str

    @property
    def holds(self) -> bool:
        return self.anchor.holds(self.model_value)

    @property
    def outside(self) -> bool:
        return not self.holds

    def text(self) -> str:
        a = self.anchor
        return " ".join([a.kind, a.scenario, a.quantity, a.output, a.date, a.source,
                         self.citation, a.note, "outside" if self.outside else ""])


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
        rows.append(AnchorCheck(anchor, anchor.model_value(runs[anchor.scenario]),
                                describe(anchor.source)))
    return rows


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
