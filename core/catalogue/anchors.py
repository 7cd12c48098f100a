"""The calibration, plausibility and history table (core/catalogue/anchors.csv) and how the model is
held against it.

Each row names a published figure: the output it is compared with, the statistic (a month's
value, a mean, a growth ratio, a share of another output, a range every month must keep),
the dates, the low/central/high figures and the source key (core.catalogue.sources). Calibration rows
are the seed article's figures and early observations, envelope rows published ranges the
baseline must stay in, history rows what the backcast from 2022-01 must reproduce, check rows
figures held back from the calibration fit (core.analysis.fit) to test it.
"""

from __future__ import annotations

import csv
import functools
import io
import math
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # a catalogue only describes results; it never makes them
    from core.engine.results import Results

KINDS = ("calibration", "envelope", "history", "check")


@dataclass(frozen=True)
class Anchor:
    kind: str
    scenario: str  # a bundled scenario, or "backcast" (the baseline from 2022-01)
    quantity: str
    output: str
    statistic: str
    date: str
    low: float
    central: float  # NaN where the source gives only a range
    high: float
    source: str
    note: str

    def model_value(self, results: Results) -> float:
        """The model's figure for this row (for a range statistic: the worst month)."""
        return float(self.model_values(results)[0])

    def model_values(self, results: Results) -> np.ndarray:
        """The row's figure in every sample of a run, shape (samples,): one vectorised run
        of N worlds gives N figures at once (the calibration fit's Jacobian is one run)."""
        words = self.statistic.split()
        kind, other = words[0], words[1] if len(words) > 1 else ""
        series = results.series[self.output]
        if kind == "value":
            return series[results.index_of(self.date)]
        if kind == "mean":
            return _window(results, series, self.date).mean(axis=0)
        if kind == "minus":
            output, month = other.split("@")
            return (series[results.index_of(self.date)]
                    - results.series[output][results.index_of(month)])
        if kind == "growth":
            first, last = (part.strip() for part in self.date.split(">"))
            return (_window(results, series, last).mean(axis=0)
                    / _window(results, series, first).mean(axis=0))
        if kind == "share":
            return (_window(results, series, self.date)
                    / _window(results, results.series[other], self.date)).mean(axis=0)
        values = _window(results, series, self.date)
        if kind == "share_range":
            values = values / _window(results, results.series[other], self.date)
        if kind in ("range", "share_range"):
            lowest, highest = values.min(axis=0), values.max(axis=0)
            return np.where(lowest < self.low, lowest, highest)
        raise ValueError(f"unknown statistic {self.statistic!r} in core/catalogue/anchors.csv")

    def holds(self, value: float) -> bool:
        return self.low <= value <= self.high


def _window(results: Results, series: np.ndarray, dates: str) -> np.ndarray:
    first, _, last = dates.partition("..")
    return series[results.index_of(first):results.index_of(last or first) + 1]


@functools.cache
def anchors() -> tuple[Anchor, ...]:
    """Every row of core/catalogue/anchors.csv, in file order."""
    text = resources.files("core.catalogue").joinpath("anchors.csv").read_text(encoding="utf-8")
    rows = []
    for record in csv.DictReader(io.StringIO(text)):
        numbers = {key: float(record[key]) if record[key] else math.nan
                   for key in ("low", "central", "high")}
        rows.append(Anchor(record["kind"], record["scenario"], record["quantity"],
                           record["output"], record["statistic"], record["date"],
                           numbers["low"], numbers["central"], numbers["high"],
                           record["source"], record["note"]))
    return tuple(rows)


DRAWN_STATISTICS = ("value", "mean", "range")  # in the output's own units, so plottable
BASELINE_START = "2025-01"  # the bundled baseline's first month (core.common.timegrid.MODEL_START)


def months_of(anchor: Anchor) -> tuple[str, str]:
    """The first and last month a drawable row covers (one month for a ``value`` row)."""
    first, _, last = anchor.date.partition("..")
    return first, last or first


def drawable_anchors(output_ids, first_month: str, last_month: str) -> list[Anchor]:
    """The rows a plot of ``output_ids`` over ``first_month``..``last_month`` can show.

    Only rows in the series' own units (a month's value, a mean, a range) whose months all
    lie in the window, and only where their run matches the one shown: calibration and
    envelope rows are held against the baseline, so they show while the run starts where
    the baseline does (the ghost curve is then the baseline); history rows are from the
    backcast, the world's past, and show wherever their months are in the window.
    """
    rows = []
    for anchor in anchors():
        if anchor.output not in output_ids or anchor.statistic not in DRAWN_STATISTICS:
            continue
        if anchor.scenario == "baseline":
            if first_month != BASELINE_START:
                continue
        elif anchor.scenario != "backcast":
            continue  # another bundled scenario's figure (and a growth ratio, not drawn)
        first, last = months_of(anchor)
        if first_month <= first and last <= last_month:  # "YYYY-MM" sorts as text
            rows.append(anchor)
    return rows
