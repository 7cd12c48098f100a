"""Key figures: the headline numbers a briefing leads with, each computed from Results.

Each returns one value per sample (shape (N,)); the id is stable (CLI, cards, compare).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from core.catalogue.outputs import OUTPUTS
from core.common.timegrid import parse_month

if TYPE_CHECKING:  # a catalogue only describes results; it never makes them
    from core.engine.results import Results


@dataclass(frozen=True)
class Kpi:
    id: str
    label: str
    unit: str
    output_id: str  # the series it is read from
    compute: Callable[[Results], np.ndarray]
    higher_is: str = "neutral"  # "better", "worse" or "neutral", from the US policy view
    last_month: str = ""  # the latest month it reads, so a run for it alone can stop there
    definition: str = ""  # one plain sentence: what the figure is (cards' tooltips)
    on_strip: bool = True  # a card on the main window's strip (eight fit its smallest size)

    def __call__(self, results: Results) -> np.ndarray:
        return self.compute(results)

    def format(self, value: float, unit: str | None = None) -> str:
        """The figure as people read it (a power gap as short or surplus), in its unit
        or ``unit``: the output it is read from declares what kind of number it is."""
        return OUTPUTS[self.output_id].format(value, self.unit if unit is None else unit)


def _at(output_id: str, month: str) -> Callable[[Results], np.ndarray]:
    return lambda results: results.at(output_id, month)


def _total(output_id: str, first: str, last: str) -> Callable[[Results], np.ndarray]:
    """Sum of an annualised flow over months (per-year rate / 12 per month)."""
    return lambda results: results.mean_over(output_id, first, last) * (
        results.index_of(last) - results.index_of(first) + 1) / 12.0


_CATALOGUE = (
    Kpi("us_power_gap_2028", "US power gap, end 2028", "GW", "us_power_gap_gw",
        _at("us_power_gap_gw", "2028-12"), "worse", last_month="2028-12",
        definition="Data-centre power the US wants minus the power connected, in December 2028: "
        "above zero the US is short, below zero it has a surplus. What is wanted includes US "
        "chips already running abroad for want of US power, so the gap is not all idle "
        "demand."),
    Kpi("capability_gap_2030", "US capability lead, end 2030", "months",
        "capability_gap_months", _at("capability_gap_months", "2030-12"), "better",
        last_month="2030-12",
        definition="How many months Chinese frontier AI models trail the US ones at the end of "
        "2030 (below zero: China leads)."),
    Kpi("open_weight_share_2030", "Open-weight share of usage, 2030", "share",
        "open_weight_share", _at("open_weight_share", "2030-12"), last_month="2030-12",
        definition="The share of AI usage on models whose weights anyone may download and run, in "
        "December 2030."),
    Kpi("cn_legal_imports_2026_2028", "China legal chip imports 2026-2028", "H100e",
        "cn_legal_imports_h100e", _total("cn_legal_imports_h100e", "2026-01", "2028-12"),
        "worse", last_month="2028-12",
        definition="US-designed AI chips China imports legally over 2026-2028, counted in H100e "
        "(H100-equivalents: chips scaled to the computing power of one Nvidia H100)."),
    Kpi("cn_usage_share_2030", "China-origin share of usage, 2030", "share", "cn_usage_share",
        _at("cn_usage_share", "2030-12"), "worse", last_month="2030-12",
        definition="The share of the world's AI usage on Chinese-made models, in December 2030."),
    Kpi("access_index_2030", "Access index, 2030", "share", "access_index",
        _at("access_index", "2030-12"), "better", last_month="2030-12",
        definition="The share of the world's people who use AI and can afford near-frontier AI at "
        "its going price, in December 2030."),
    Kpi("us_stranded_2028", "US stranded chips, end 2028", "H100e", "us_stranded_h100e",
        _at("us_stranded_h100e", "2028-12"), "worse", last_month="2028-12",
        definition="AI chips installed in the US with no power to run them, end 2028, counted in "
        "H100e (H100-equivalents: chips scaled to the computing power of one Nvidia "
        "H100)."),
    Kpi("tpu_revenue_2028", "TPU external revenue, 2028", "$B/yr", "tpu_external_revenue_busd",
        lambda results: results.mean_over("tpu_external_revenue_busd", "2028-01", "2028-12"),
        "better", last_month="2028-12",
        definition="Google's revenue from TPUs sold or rented to other companies during 2028 "
        "(none in the baseline: Google has announced no external sales share, so it is a "
        "what-if; the TPU-expansion scenario sells a quarter).",
        on_strip=False),  # $0B in the baseline: the strip shows TPUs made instead
    Kpi("tpu_units_2028", "Google TPUs made, 2028", "unit/yr", "tpu_output_units",
        lambda results: results.mean_over("tpu_output_units", "2028-01", "2028-12"),
        "better", last_month="2028-12",
        definition="Google's TPUs made during 2028, in units (Morgan Stanley expects about "
        "7 M; each 2028 TPU holds about twice the H100e of a 2025 one)."),
)

KPIS: MappingProxyType[str, Kpi] = MappingProxyType({k.id: k for k in _CATALOGUE})
STRIP: tuple[str, ...] = tuple(k.id for k in _CATALOGUE if k.on_strip)  # the cards, in order


def require_in_run(what: str, month: str, scenario) -> None:
    """ValueError "<what> cannot be computed for this scenario" when ``month`` lies outside
    the scenario's run: every analysis says so the same way, before it samples anything."""
    if not parse_month(scenario.start) <= parse_month(month) <= parse_month(scenario.end):
        raise ValueError(f"{what} cannot be computed for this scenario: {month} is outside "
                         f"the run ({scenario.start} to {scenario.end})")


def key_figures(results: Results) -> dict[str, np.ndarray]:
    """Every key figure for every sample; a figure whose month lies outside the run is NaN."""
    figures = {}
    for kpi in KPIS.values():
        try:
            figures[kpi.id] = np.asarray(kpi(results), dtype=float)
        except ValueError:
            figures[kpi.id] = np.full(results.n_samples, np.nan)
    return figures
