"""The briefing: a scenario explained for people who do not have the app.

Builds the HTML once; the desktop layer renders the plots and writes it as a standalone
HTML file (images inline) or as a PDF through Qt's own PDF writer (images as resources).
"""

from __future__ import annotations

import datetime as dt
import html
import math
from dataclasses import dataclass

from core.analysis.hinges import driver_text, no_driver_text, stability_text, threshold_text
from core.analysis.paired import (
    EFFECT_WORDS,
    PairedEffect,
    effect_texts,
    paired_effect,
    sign_in_words,
)
from core.catalogue.key_figures import KPIS, key_figures
from core.catalogue.levers import LEVERS
from core.catalogue.sources import describe
from core.common.formatting import format_value, without_paths
from core.common.version import MODEL_VERSION
from core.engine.events import evidence_text
from core.engine.results import Results
from core.formats.scenario import Scenario, load_bundled
from core.formats.share import script_block  # the scenario itself, so the briefing reopens

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
span.caption { color: #5b6875; font-size: 9pt; }
img { max-width: 100%; }
table.plots td { border: none; width: 50%; text-align: center; }
p.bottom-line { background: #f3f6f9; border-left: 4px solid #0f2a4a; padding: 0.5em 0.8em; }
"""


@dataclass(frozen=True)
class Figure:
    """A plot for the briefing: a caption and an image source (data URI or resource name)."""

    caption: str
    source: str


def _text(text: str) -> str:
    return html.escape(without_paths(text))


def _by(author: str) -> str:
    """' by <author>' after the briefing's kind, when the scenario names one."""
    return f" by {_text(author)}" if author else ""


def _without_evidence(events: list) -> list:
    """Events as the run sees them: a rationale added to a baseline event keeps it the
    baseline's event."""
    return [event.with_evidence("", "") for event in events]


def added_events(scenario: Scenario, reference: Scenario) -> list:
    """The scenario's events that the baseline does not have."""
    known = _without_evidence(reference.events)
    return [event for event in scenario.events if event.with_evidence("", "") not in known]


def removed_events(scenario: Scenario, reference: Scenario) -> list:
    """The baseline's events that the scenario drops."""
    kept = _without_evidence(scenario.events)
    return [event for event in reference.events if event.with_evidence("", "") not in kept]


def changed_levers(scenario: Scenario) -> dict[str, float]:
    """The levers the scenario sets away from their default."""
    return {lever_id: value for lever_id, value in scenario.levers.items()
            if value != LEVERS[lever_id].default}


def _sentence_label(label: str) -> str:
    """'US capability lead, end 2030' as a sentence can carry it: 'US capability lead (end
    2030)'."""
    head, comma, tail = label.partition(", ")
    return f"{head} ({tail})" if comma else label


def _summaries(events: list) -> str:
    return "; ".join(event.summary() for event in events)


def changes_text(scenario: Scenario, reference: Scenario) -> str:
    """What the scenario changes against the baseline, said in one or two sentences."""
    levers = changed_levers(scenario)
    added, removed = added_events(scenario, reference), removed_events(scenario, reference)
    parts = []
    if levers:
        parts.append("This scenario sets " + ", ".join(
            f"{LEVERS[k].label} to {format_value(v, LEVERS[k].unit)} (baseline "
            f"{format_value(LEVERS[k].default, LEVERS[k].unit)})" for k, v in levers.items()))
    else:
        parts.append("This scenario changes no lever")
    if added:
        parts.append(("it adds this event: " if len(added) == 1 else "it adds these events: ")
                     + _summaries(added))
    if removed:
        parts.append("it drops the baseline's "
                     + ("event: " if len(removed) == 1 else "events: ") + _summaries(removed))
    if not levers and not added and not removed:
        return "This scenario changes no lever and adds no event: it is the baseline."
    return "; ".join(parts) + "."


def lever_overrides(event) -> list[tuple[str, str, float]]:
    """What an event sets on levers (not the engine's own inputs it may set, such as
    whether its export rule caps volume)."""
    return [override for override in event.overrides() if override[0] in LEVERS]


def event_line(event) -> str:
    """An event as a room reads it: what it is and what it sets, lever by lever."""
    sets = ", ".join(
        f"{LEVERS[lever_id].label} {'+' if how == 'add' else ''}"
        f"{format_value(value, LEVERS[lever_id].unit)}"
        for lever_id, how, value in lever_overrides(event))
    return f"{event.summary()} → {sets}" if sets else event.summary()


def change_lines(scenario: Scenario, reference: Scenario) -> list[str]:
    """One short line per lever the scenario sets and per event it adds or drops against
    the baseline; an event's line names the levers it sets, so a step that works through an
    event (federal preemption) shows the value it gives the lever."""
    lines = [f"{LEVERS[k].label} {format_value(v, LEVERS[k].unit)} (baseline "
             f"{format_value(LEVERS[k].default, LEVERS[k].unit)})"
             for k, v in changed_levers(scenario).items()]
    lines += [f"Adds {event_line(event)}" for event in added_events(scenario, reference)]
    lines += [f"Drops {event.summary()}" for event in removed_events(scenario, reference)]
    return lines


def event_levers(events: list) -> list[str]:
    """The levers these events set, in order, each once."""
    return list(dict.fromkeys(lever_id for event in events
                              for lever_id, _how, _value in lever_overrides(event)))


def moved_figures(results: Results, baseline: Results) -> list[tuple]:
    """(kpi, value, baseline value, change text) of the key figures that move, the largest
    relative move first."""
    current, reference = key_figures(results), key_figures(baseline)
    moved = []
    for kpi in KPIS.values():
        value, base = float(current[kpi.id][0]), float(reference[kpi.id][0])
        change = format_value(value - base, kpi.unit, signed=True)
        if not math.isfinite(value - base) or change == format_value(0.0, kpi.unit,
                                                                     signed=True):
            continue
        relative = abs(value - base) / max(abs(base), abs(value), 1e-12)
        moved.append((relative, kpi, value, base, change))
    moved.sort(key=lambda row: -row[0])
    return [row[1:] for row in moved]


def _move_phrase(kpi, value: float, base: float, change: str) -> str:
    return (f"{_sentence_label(kpi.label)} {'rises' if value > base else 'falls'} from "
            f"{kpi.format(base)} to {kpi.format(value)} ({change})")


def cause_text(scenario: Scenario, reference: Scenario) -> str:
    """What the scenario does, in one sentence: the lever or event by name when there are
    one or two changes, else how many (the section below lists them)."""
    levers = changed_levers(scenario)
    added, removed = added_events(scenario, reference), removed_events(scenario, reference)
    named = [f"sets {LEVERS[k].label} to {format_value(v, LEVERS[k].unit)} (baseline "
             f"{format_value(LEVERS[k].default, LEVERS[k].unit)})" for k, v in levers.items()]
    named += [f"adds an event, {event.summary()}" for event in added]
    named += [f"drops the baseline's event {event.summary()}" for event in removed]
    if not named:
        return "This scenario changes no lever and adds no event: it is the baseline."
    if len(named) <= 2:
        return "This scenario " + " and ".join(named) + "."
    counted = [f"{verb} {n} {noun}{'s' if n > 1 else ''}" for verb, n, noun in (
        ("sets", len(levers), "lever"), ("adds", len(added), "event"),
        ("drops", len(removed), "baseline event")) if n]
    return (f"This scenario {' and '.join(counted)}, listed under What this scenario "
            "changes.")


def bottom_line(scenario: Scenario, results: Results, baseline: Results,
                reference: Scenario | None = None) -> str:
    """The briefing's first paragraph, two or three sentences: what the scenario does, then
    the two key figures that move most, then how many others move."""
    reference = reference if reference is not None else load_bundled("baseline")
    moved = moved_figures(results, baseline)
    sentences = [cause_text(scenario, reference)]
    if not moved:
        sentences.append("No key figure moves against the baseline.")
    else:
        sentences.append("Against the baseline, "
                         + " and ".join(_move_phrase(*row) for row in moved[:2]) + ".")
        rest, still = len(moved) - 2, len(KPIS) - len(moved)
        if rest > 0:
            sentences.append(f"{rest} other key figure{'s' if rest > 1 else ''} "
                             f"move{'s' if rest == 1 else ''} less"
                             + (f"; {still} {'is' if still == 1 else 'are'} unchanged."
                                if still else "."))
        elif still:
            sentences.append(f"The other {still} key figure{'s' if still > 1 else ''} "
                             f"{'is' if still == 1 else 'are'} unchanged.")
    return without_paths(" ".join(sentences))


def _row(cells: list[str], numeric: set[int] = frozenset(), source_col: int | None = None,
         header: bool = False) -> str:
    tag = "th" if header else "td"
    parts = []
    for index, cell in enumerate(cells):
        css = " class='num'" if index in numeric else (
            " class='source'" if index == source_col else "")
        parts.append(f"<{tag}{css}>{_text(cell)}</{tag}>")
    return "<tr>" + "".join(parts) + "</tr>"


def _lever_table(scenario: Scenario, reference: Scenario) -> str:
    if not scenario.levers:
        return f"<p>{_text(changes_text(scenario, reference))}</p>"
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


def _event_list(scenario: Scenario, reference: Scenario) -> str:
    if not scenario.events:
        return "<p>No time-phased events.</p>"
    added = added_events(scenario, reference)
    # a table a row per event, so a paged layout keeps an event and its rationale together
    rows = "".join(
        f"<tr><td>{_text(event.summary())}"
        + (" <b>(added by this scenario)</b>" if event in added else "")
        + (f"<br><span class='evidence'>Why: {_text(event.evidence())}</span>"
           if event.evidence() else "") + "</td></tr>" for event in scenario.events)
    return f"<table class='events'>{rows}</table>"


def _plots(figures: list[Figure], plot_width: int) -> str:
    """The plots two to a row, so no page holds a lone plot and white space."""
    if not figures:
        return "<p>No plots.</p>"
    cells = [f"<td><img src='{html.escape(figure.source, quote=True)}' "
             f"alt='{html.escape(figure.caption, quote=True)}' width='{plot_width}'>"
             f"<br><span class='caption'>{_text(figure.caption)}</span></td>"
             for figure in figures]
    # a table a row, so a paged layout can move a whole row to the next page
    return "".join("<table class='plots'><tr>" + "".join(cells[i:i + 2]) + "</tr></table>"
                   for i in range(0, len(cells), 2))


def shading_text(events: bool, monte_carlo: bool) -> str:
    """The legend line under the plots: what the lines and the shaded areas are."""
    text = ("Coloured lines: this scenario (blue US, red China where a plot shows both); "
            "grey lines: the baseline.")
    if events:
        text += (" Light orange bands: the months a time-phased event (an export ban, "
                 "lagged exports) is in force; a dashed line marks its start.")
    if monte_carlo:
        text += (" Shaded fills around a line: the Monte Carlo range, darker for the middle "
                 "50% of runs and lighter for 5–95%.")
    return text


def _figure_table(results: Results, baseline: Results,
                  percentiles: dict[str, list[float]] | None) -> str:
    current, reference = key_figures(results), key_figures(baseline)
    header = ["Key figure", "This scenario", "Baseline", "Change"]
    if percentiles:
        header.append("5–95% range")
    rows = [_row(header, header=True)]
    for kpi in KPIS.values():
        value, base = float(current[kpi.id][0]), float(reference[kpi.id][0])
        cells = [kpi.label, kpi.format(value), kpi.format(base),
                 format_value(value - base, kpi.unit, signed=True)]
        if percentiles:
            spread = percentiles.get(kpi.id)
            cells.append("–" if spread is None or not all(map(math.isfinite, spread)) else
                         f"{kpi.format(spread[0])} to "
                         f"{kpi.format(spread[-1])}")
        rows.append(_row(cells, numeric=set(range(1, len(cells)))))
    return "<table>" + "".join(rows) + "</table>"


BRIEFING_PAIRED_SAMPLES = 500  # worlds for the briefing's policy effect: a fraction of a second


def _paired_section(scenario: Scenario, reference: Scenario) -> str:
    """The policy effect with its uncertainty: the scenario minus the baseline in each of
    the same sampled worlds (seed stated), per key figure."""
    if (scenario.lever_values() == reference.lever_values()
            and scenario.events == reference.events):
        return ("<p>This scenario sets every lever and event as the baseline does, so it has "
                "no effect against it in any world.</p>")
    samples = min(BRIEFING_PAIRED_SAMPLES, scenario.uncertainty.samples)
    seed = scenario.uncertainty.seed
    effect = paired_effect(reference, scenario, samples, seed)
    rows = [_row(["Key figure", "Median difference", "Range (5–95% of worlds)", "How often"],
                 header=True)]
    for kpi in effect.kpis:
        rows.append(_row([kpi.label, *effect_texts(kpi), sign_in_words(kpi)],
                         numeric={1, 2}))
    return ("<table>" + "".join(rows) + "</table><p class='meta'>"
            f"This scenario minus the baseline in each of the same {samples:,} sampled worlds "
            f"(seed {seed}): both run with their own policy levers and events and the same "
            "draws of the uncertain levers, so the range is the policy's effect, not the "
            "spread of two separate ranges.</p>" + hinges_html(effect))


def hinges_html(effect: PairedEffect) -> str:
    """What the effect on the US lead and on China's compute hinges on: per figure its
    median and range, the two uncertain factors that explain most of its spread with the
    effect at their low and high ends, and where it turns sign."""
    parts = ["<h3>What the effect hinges on</h3>"]
    for found in effect.hinges:
        row = effect.figure(found.figure_id)
        median, spread = effect_texts(row)
        what, more, less = EFFECT_WORDS.get(found.figure_id, (row.label, "higher", "lower"))
        text = (f"<p><b>{_text(row.label)}</b>: median {_text(median)} ({_text(spread)} in "
                f"90% of worlds). {_text(sign_in_words(row))}.")
        if not found.drivers:
            parts.append(f"{text} {_text(no_driver_text(found))}</p>")
            continue
        items = "".join(f"<li>{_text(driver_text(driver, row.unit))}</li>"
                        for driver in found.drivers)
        turn = threshold_text(found, what, more, less)
        if turn:
            turn += (" What must be true (in the app: the compare window's policy effect "
                     "tab) finds the ranges of the levers that together make the other "
                     "outcome likely.")
        parts.append(f"{text} It hinges most on:</p><ul>{items}</ul>"
                     + (f"<p>{_text(turn)}</p>" if turn else "")
                     + f"<p class='meta'>{_text(stability_text(found))}.</p>")
    parts.append("<p class='meta'>Each factor's share is the part of the effect's spread "
                 "over these worlds it explains alone (its first-order share, from the same "
                 "worlds); low and high mean the lowest and the highest fifth of the worlds "
                 "by that factor, and the effect given is its median there.</p>")
    return "".join(parts)


def briefing_html(scenario: Scenario, results: Results, baseline: Results,
                  figures: list[Figure], percentiles: dict[str, list[float]] | None = None,
                  generated: dt.date | None = None, reference: Scenario | None = None,
                  plot_width: int = 460, monte_carlo_bands: bool = False) -> str:
    """The whole briefing as one HTML document.

    percentiles maps a key-figure id to its Monte Carlo percentiles (5, 25, 50, 75, 95);
    give None when no Monte Carlo results exist. reference is the baseline scenario (the
    bundled one unless given); monte_carlo_bands says the plots draw Monte Carlo fills.
    """
    generated = generated or dt.date.today()
    reference = reference if reference is not None else load_bundled("baseline")
    window = f"{results.months[0]} to {results.months[-1]}"
    uncertainty = (f"Ranges: {scenario.uncertainty.samples:,} Monte Carlo samples, seed "
                   f"{scenario.uncertainty.seed}." if percentiles else
                   "No Monte Carlo run: figures are the central estimate.")
    notes = (f"<h2>Notes</h2><p>{_text(scenario.notes)}</p>" if scenario.notes else "")
    legend = (f"<p class='meta'>{html.escape(shading_text(bool(scenario.events), monte_carlo_bands))}"
              "</p>" if figures else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{_text(scenario.name)} — AI Race Planner briefing</title>
<style>{STYLE}</style></head>
<body>
<h1>{_text(scenario.name)}</h1>
<p class="meta">AI Race Planner briefing{_by(scenario.author)} · {generated.isoformat()} · simulated {window}</p>
<p class="bottom-line"><b>Bottom line.</b> {html.escape(bottom_line(scenario, results, baseline, reference))}</p>
<p>{_text(scenario.description)}</p>
<h2>Key figures against the baseline</h2>
{_figure_table(results, baseline, percentiles)}
<p class="meta">{html.escape(uncertainty)}</p>
<h2>Policy effect with uncertainty</h2>
{_paired_section(scenario, reference)}
<h2>What this scenario changes</h2>
{_lever_table(scenario, reference)}
<h2>Events</h2>
{_event_list(scenario, reference)}
<h2>Plots</h2>
{legend}
{_plots(figures, plot_width)}
{notes}
<p class="meta">Model version {MODEL_VERSION}. Every lever's citation appears in the table
above; the model's equations, constants and sources are in the app under Help &gt; Model
documentation and listed by <code>airace levers --sources</code>. Estimates are marked EST.
This file carries its scenario: open it in AI Race Planner or run <code>airace run</code> on
it.</p>
{script_block(scenario)}
</body></html>
"""
