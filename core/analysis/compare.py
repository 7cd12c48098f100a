"""Compare scenarios: what they change (levers, events) and what follows (key figures).

Key figures come from each scenario's central run (N = 1); differences are against one
reference scenario, the first unless told otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from core.catalogue.key_figures import KPIS, key_figures
from core.catalogue.levers import LEVERS
from core.common.formatting import format_table, format_value, printable
from core.engine.events import evidence_text
from core.engine.results import Results
from core.engine.simulation import run_scenario


@dataclass(frozen=True)
class LeverDifference:
    lever_id: str
    label: str
    unit: str
    values: tuple[float, ...]  # one per scenario


@dataclass(frozen=True)
class KpiComparison:
    kpi_id: str
    label: str
    unit: str
    values: tuple[float, ...]  # one per scenario
    differences: tuple[float, ...]  # value minus the reference's; 0 for the reference


@dataclass(frozen=True)
class Comparison:
    names: tuple[str, ...]
    reference: int
    levers: list[LeverDifference]  # levers whose value differs between any two scenarios
    events: list[list[str]]  # per scenario, one line per event not shared by all of them
    shared_events: list[str]  # events every scenario has (e.g. the baseline's history)
    kpis: list[KpiComparison]
    # per scenario, "what: rationale (source: ...)" for each changed lever or event that
    # carries evidence
    evidence: list[list[str]] = field(default_factory=list)


def compare(scenarios: Sequence[tuple[str, object]], reference: int = 0,
            results: Sequence[Results] | None = None) -> Comparison:
    """Compare named scenarios side by side; ``reference`` indexes the one differences are
    taken against. ``results``: the scenarios' runs, when the caller has them already."""
    if not scenarios:
        raise ValueError("nothing to compare: give at least one scenario")
    if not 0 <= reference < len(scenarios):
        raise ValueError(f"reference {reference} is not one of the {len(scenarios)} scenarios")
    names = tuple(name for name, _ in scenarios)
    values = [scenario.lever_values() for _, scenario in scenarios]
    levers = [LeverDifference(lever.id, lever.label, lever.unit,
                              tuple(float(v[lever.id]) for v in values))
              for lever in LEVERS.values() if len({v[lever.id] for v in values}) > 1]
    summaries = [[event.summary() for event in scenario.events] for _, scenario in scenarios]
    shared = [line for line in summaries[0] if all(line in other for other in summaries[1:])]
    events = [[line for line in lines if line not in shared] for lines in summaries]
    if results is None:
        results = [run_scenario(scenario) for _, scenario in scenarios]
    figures = [key_figures(run) for run in results]
    kpis = []
    for kpi in KPIS.values():
        row = tuple(float(f[kpi.id][0]) for f in figures)
        kpis.append(KpiComparison(kpi.id, kpi.label, kpi.unit, row,
                                  tuple(value - row[reference] for value in row)))
    return Comparison(names, reference, levers, events, shared, kpis,
                      [_evidence_lines(scenario) for _, scenario in scenarios])


def _evidence_lines(scenario) -> list[str]:
    lines = [f"{LEVERS[lever_id].label}: {evidence_text(item.rationale, item.source)}"
             for lever_id, item in scenario.evidence.items()]
    lines += [f"{event.summary()}: {event.evidence()}" for event in scenario.events
              if event.evidence()]
    return lines


def _with_difference(value: float, difference: float, kpi_id: str, is_reference: bool) -> str:
    unit = KPIS[kpi_id].unit
    shown = KPIS[kpi_id].format(value)
    if is_reference or not np.isfinite(difference):
        return shown
    if difference == 0:
        return f"{shown} (same)"
    return f"{shown} ({format_value(difference, unit, signed=True)})"


def format_comparison(comparison: Comparison) -> str:
    """The comparison as plain text: key figures (with differences), levers, events."""
    names = list(comparison.names)
    reference = comparison.reference
    header_names = [f"{name} (reference)" if i == reference else name
                    for i, name in enumerate(names)]
    sections = []
    kpi_rows = [[row.label, *(_with_difference(v, d, row.kpi_id, i == reference)
                              for i, (v, d) in enumerate(zip(row.values, row.differences,
                                                             strict=True)))]
                for row in comparison.kpis]
    sections.append("Key figures (central run; in brackets: difference from "
                    f"{names[reference]})\n" + format_table(kpi_rows, ["key figure",
                                                                        *header_names]))
    if comparison.levers:
        lever_rows = [[row.label, *(format_value(v, row.unit) for v in row.values)]
                      for row in comparison.levers]
        sections.append("Levers that differ\n" + format_table(lever_rows,
                                                               ["lever", *header_names]))
    else:
        sections.append("Levers that differ\n(none: every lever has the same value)")
    event_lines = []
    for name, summaries in zip(names, comparison.events, strict=True):
        event_lines.append(f"{name}:")
        event_lines.extend(f"  - {summary}" for summary in summaries or ["(no other events)"])
    if comparison.shared_events:
        event_lines.append("all of them:")
        event_lines.extend(f"  - {summary}" for summary in comparison.shared_events)
    sections.append("Events\n" + "\n".join(event_lines))
    if any(comparison.evidence):
        evidence_lines = []
        for name, lines in zip(names, comparison.evidence, strict=True):
            if lines:
                evidence_lines.append(f"{name}:")
                evidence_lines.extend(f"  - {printable(line)}" for line in lines)
        sections.append("Evidence (why, and the source)\n" + "\n".join(evidence_lines))
    return "\n\n".join(sections) + "\n"
