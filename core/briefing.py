"""The briefing: a scenario explained for people who do not have the app.

Builds the HTML once; the desktop layer renders the plots and writes it as a standalone
HTML file (images inline) or as a PDF through Qt's own PDF writer (images as resources).
"""

from __future__ import annotations

import datetime as dt
import html
import math
from dataclasses import dataclass

from core.events import evidence_text
from core.kpis import KPIS, key_figures
from core.levers import LEVERS
from core.results import Results
from core.scenario import Scenario
from core.sources import describe
from core.units import format_value
from core.version import MODEL_VERSION

STYLE = """
body { font-family: 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif; color: #1d2733;
       max-width: 60em; margin: 2em auto; line-height: 1.4; }
h1 { font-size: 20pt; margin-bottom: 0.1em; color: #0f2a4a; }
h2 { font-size: 13pt; margin-top: 1.4em; border-bottom: 1px solid #c8d0da; color: #0f2a4a; }
p.meta { color: #5b6875; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #dde3ea; padding: 4px 6px; text-align: left;
         vertical-align: top; }
th { background: #eef2f6; }
td.num { text-align: right; white-space: nowrap; }
td.source { color: #5b6875; font-size: 8.5pt; }
.evidence { color: #3b4856; font-size: 9pt; }
figure { margin: 1em 0; page-break-inside: avoid; }
figcaption { color: #5b6875; font-size: 9pt; }
img { max-width: 100%; }
"""


@dataclass(frozen=True)
class Figure:
    """A plot for the briefing: a caption and an image source (data URI or resource name)."""

    caption: str
    source: str


def _row(cells: list[str], numeric: set[int] = frozenset(), source_col: int | None = None,
         header: bool = False) -> str:
    tag = "th" if header else "td"
    parts = []
    for index, cell in enumerate(cells):
        css = " class='num'" if index in numeric else (
            " class='source'" if index == source_col else "")
        parts.append(f"<{tag}{css}>{html.escape(cell)}</{tag}>")
    return "<tr>" + "".join(parts) + "</tr>"


def _lever_table(scenario: Scenario) -> str:
    if not scenario.levers:
        return "<p>All levers are at their baseline values.</p>"
    # The scenario's own evidence (why this value, and its source) gets a column when any
    # lever carries some; the catalogue's citation is for the default.
    with_evidence = bool(scenario.evidence)
    header = ["Lever", "This scenario", "Baseline", "Source"]
    rows = [_row(header + (["Why this value"] if with_evidence else []), header=True)]
    for lever_id, value in scenario.levers.items():
        lever = LEVERS[lever_id]
        cells = [lever.label, format_value(value, lever.unit),
                 format_value(lever.default, lever.unit), describe(lever.source)]
        if with_evidence:
            evidence = scenario.evidence.get(lever_id)
            cells.append(evidence_text(evidence.rationale, evidence.source) if evidence else "")
        rows.append(_row(cells, numeric={1, 2}, source_col=3))
    return "<table>" + "".join(rows) + "</table>"


def _event_list(scenario: Scenario) -> str:
    if not scenario.events:
        return "<p>No time-phased events.</p>"
    items = "".join(
        f"<li>{html.escape(event.summary())}"
        + (f"<br><span class='evidence'>Why: {html.escape(event.evidence())}</span>"
           if event.evidence() else "") + "</li>" for event in scenario.events)
    return f"<ul>{items}</ul>"


def _figure_table(results: Results, baseline: Results,
                  percentiles: dict[str, list[float]] | None) -> str:
    current, reference = key_figures(results), key_figures(baseline)
    header = ["Key figure", "This scenario", "Baseline", "Change"]
    if percentiles:
        header.append("5–95% range")
    rows = [_row(header, header=True)]
    for kpi in KPIS.values():
        value, base = float(current[kpi.id][0]), float(reference[kpi.id][0])
        cells = [kpi.label, format_value(value, kpi.unit), format_value(base, kpi.unit),
                 format_value(value - base, kpi.unit, signed=True)]
        if percentiles:
            spread = percentiles.get(kpi.id)
            cells.append("–" if spread is None or not all(map(math.isfinite, spread)) else
                         f"{format_value(spread[0], kpi.unit)} to "
                         f"{format_value(spread[-1], kpi.unit)}")
        rows.append(_row(cells, numeric=set(range(1, len(cells)))))
    return "<table>" + "".join(rows) + "</table>"


def briefing_html(scenario: Scenario, results: Results, baseline: Results,
                  figures: list[Figure], percentiles: dict[str, list[float]] | None = None,
                  generated: dt.date | None = None) -> str:
    """The whole briefing as one HTML document.

    percentiles maps a key-figure id to its Monte Carlo percentiles (5, 25, 50, 75, 95);
    give None when no Monte Carlo results exist.
    """
    from core.share import script_block  # the scenario itself, so the briefing reopens
    generated = generated or dt.date.today()
    window = f"{results.months[0]} to {results.months[-1]}"
    plots = "".join(
        f"<figure><img src='{html.escape(figure.source, quote=True)}' "
        f"alt='{html.escape(figure.caption, quote=True)}' width='640'>"
        f"<figcaption>{html.escape(figure.caption)}</figcaption></figure>"
        for figure in figures)
    uncertainty = (f"Ranges: {scenario.uncertainty.samples:,} Monte Carlo samples, seed "
                   f"{scenario.uncertainty.seed}." if percentiles else
                   "No Monte Carlo run: figures are the central estimate.")
    notes = (f"<h2>Notes</h2><p>{html.escape(scenario.notes)}</p>" if scenario.notes else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(scenario.name)} — AI Race Planner briefing</title>
<style>{STYLE}</style></head>
<body>
<h1>{html.escape(scenario.name)}</h1>
<p class="meta">AI Race Planner briefing · {generated.isoformat()} · simulated {window}</p>
<p>{html.escape(scenario.description)}</p>
<h2>Key figures against the baseline</h2>
{_figure_table(results, baseline, percentiles)}
<p class="meta">{html.escape(uncertainty)}</p>
<h2>What this scenario changes</h2>
{_lever_table(scenario)}
<h2>Events</h2>
{_event_list(scenario)}
<h2>Plots</h2>
{plots or "<p>No plots.</p>"}
{notes}
<p class="meta">Model version {MODEL_VERSION}. Every lever's citation appears in the table
above; the model's equations, constants and sources are listed in docs/model.md and by
<code>airace levers --sources</code>. Estimates are marked EST. This file carries its
scenario: open it in AI Race Planner or run <code>airace run</code> on it.</p>
{script_block(scenario)}
</body></html>
"""
