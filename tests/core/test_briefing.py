"""The briefing HTML names the scenario, its changes, events and key figures."""

import datetime as dt
import html
import re

import pytest

from core.catalogue.key_figures import KPIS, key_figures
from core.catalogue.levers import LEVERS
from core.common.formatting import format_value
from core.engine.simulation import run_scenario
from core.formats.scenario import Evidence, bundled_names, load_bundled
from core.reports.briefing import (
    Figure,
    bottom_line,
    briefing_html,
    changed_levers,
    shading_text,
    without_paths,
)


def test_briefing_holds_name_changes_events_and_key_figures():
    scenario = load_bundled("safe_chips_act").with_lever("ascend_yield", 0.6)
    results, baseline = run_scenario(scenario), run_scenario(load_bundled("baseline"))
    page = briefing_html(scenario, results, baseline, [Figure("US power", "plot0.png")],
                         generated=dt.date(2026, 11, 28))
    assert "SAFE Chips Act (30-month ban)" in page and "2026-11-28" in page
    assert "Ascend yield" in page and "[H1]" in page  # a changed lever with its source
    assert "Export ban from 2026-01 for 30 months" in page
    figures = key_figures(results)
    for kpi in KPIS.values():
        assert kpi.label in page
        assert format_value(float(figures[kpi.id][0]), kpi.unit) in page
    assert "src='plot0.png'" in page
    assert "5–95% range" not in page


def test_briefing_shows_percentile_ranges_and_escapes_hostile_text():
    scenario = load_bundled("baseline").model_copy(update={"name": "<script>alert(1)</script>"})
    results = run_scenario(scenario)
    page = briefing_html(scenario, results, results, [],
                         percentiles={"us_power_gap_2028": [10.0, 15.0, 19.0, 22.0, 30.0]})
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "5–95% range" in page and "10.0 GW short to 30.0 GW short" in page


def briefing_of(scenario, figures=(), **options):
    results, baseline = run_scenario(scenario), run_scenario(load_bundled("baseline"))
    return briefing_html(scenario, results, baseline, list(figures), **options)


def test_bottom_line_comes_first_and_is_built_from_the_figures():
    scenario = load_bundled("safe_chips_act")
    page = briefing_of(scenario)
    first = page.index("Bottom line.")
    assert first < page.index(html.escape(scenario.description)[:40]) < page.index(
        "Key figures against")
    line = bottom_line(scenario, run_scenario(scenario), run_scenario(load_bundled("baseline")))
    assert html.escape(line) in page
    # the figure that moves most, with its baseline, value and change as the table writes them
    current = key_figures(run_scenario(scenario))
    reference = key_figures(run_scenario(load_bundled("baseline")))
    kpi = KPIS["cn_legal_imports_2026_2028"]
    value, base = float(current[kpi.id][0]), float(reference[kpi.id][0])
    assert (f"falls from {format_value(base, kpi.unit)} to {format_value(value, kpi.unit)} "
            f"({format_value(value - base, kpi.unit, signed=True)})") in line
    assert "unchanged" in line  # the US power gap does not move


def test_a_lever_scenario_says_which_lever_and_a_baseline_says_nothing_moves():
    scenario = load_bundled("baseline").with_lever("ascend_yield", 0.6)
    line = bottom_line(scenario, run_scenario(scenario), run_scenario(load_bundled("baseline")))
    assert line.startswith("This scenario sets Ascend yield to 60% (baseline")
    base = load_bundled("baseline")
    results = run_scenario(base)
    assert bottom_line(base, results, results) == (
        "This scenario changes no lever and adds no event: it is the baseline. "
        "No key figure moves against the baseline.")


@pytest.mark.parametrize("name", bundled_names())
def test_the_bottom_line_is_two_or_three_sentences_on_the_figures_that_move_most(name):
    """Not a run-on list of lever edits: what the scenario does in one sentence (its levers
    counted when there are more than two changes), then the two key figures that moved most
    (largest change relative to the larger of the two values), then how many others move."""
    scenario = load_bundled(name)
    results, baseline = run_scenario(scenario), run_scenario(load_bundled("baseline"))
    line = bottom_line(scenario, results, baseline)
    sentences = re.findall(r"[^.]+?(?:\.(?!\d)|$)", line)
    assert 2 <= len([s for s in sentences if s.strip()]) <= 3, line
    assert len(line) < 520, line
    current, reference = key_figures(results), key_figures(baseline)
    moves = sorted(((abs(float(current[k][0]) - float(reference[k][0]))
                     / max(abs(float(current[k][0])), abs(float(reference[k][0])), 1e-12), k)
                    for k in KPIS), reverse=True)
    for relative, kpi_id in moves[:2]:
        if relative > 1e-3:
            assert KPIS[kpi_id].label.split(",")[0] in line, (kpi_id, line)
    if len(changed_levers(scenario)) > 2:
        assert f"sets {len(changed_levers(scenario))} levers" in line
        assert not any(LEVERS[k].label in line for k in changed_levers(scenario))


def test_an_event_only_scenario_says_no_lever_changed_naturally():
    page = briefing_of(load_bundled("safe_chips_act"))
    said = ("This scenario changes no lever; it adds this event: "
            "Export ban from 2026-01 for 30 months.")
    assert page.count(said) == 1  # the changes section
    assert "This scenario adds an event, Export ban from 2026-01 for 30 months." in page
    assert "All levers are at their baseline values" not in page
    assert "(added by this scenario)" in page


def test_zeros_are_written_one_way():
    assert format_value(-0.0004, "GW", signed=True) == "0 GW"
    assert format_value(0.0, "months", signed=True) == "0 months"
    assert format_value(-0.000001, "share", signed=True) == "0 pts"  # rounding noise
    assert format_value(0.001, "share") == "0%"
    assert format_value(-0.3, "H100e") == "0 H100e"
    assert format_value(-1e-8, "$B/yr", signed=True) == "$0B/yr"
    # a real change, however small, is never rounded away
    assert format_value(-0.0001, "share", signed=True) == "-0.0100 pts"
    assert format_value(-0.01, "$B/yr", signed=True) == "-$10.0M/yr"
    assert format_value(2.5, "$B/yr", signed=True) == "+$2.50B/yr"
    scenario = load_bundled("baseline")
    results = run_scenario(scenario)
    page = briefing_html(scenario, results, results, [])
    table = page[page.index("<table>"):page.index("</table>")]
    assert not re.search(r"[->+]0\.0|[->+]0 ", table.replace("<td class='num'>0 ", ""))
    assert "0.00" not in table and "-0" not in table and "$0.0B" not in table


def test_no_paths_outside_the_project_in_the_briefing():
    scenario = load_bundled("baseline").with_lever("ascend_yield", 0.6)
    scenario = scenario.model_copy(update={
        "notes": "Draft kept in /home/anna/drafts/ascend.docx and C:\\Users\\anna\\memo.txt; "
                 "see https://example.org/a/b for the report (H100e/yr).",
        "evidence": {"ascend_yield": Evidence(rationale="Yield per ~/notes/huawei/yield.md",
                                              source="/srv/share/ft-2025.pdf")}})
    page = briefing_of(scenario)
    page = page[:page.index('<script type="application/json"')]  # the text, not the data
    for path in ("/home/anna", "C:\\Users", "Users\\anna", "~/notes", "/srv/share",
                 "docs/model.md"):
        assert path not in page
    assert "ascend.docx" in page and "memo.txt" in page and "ft-2025.pdf" in page
    assert "https://example.org/a/b" in page and "H100e/yr" in page
    assert without_paths("A100/H100 and $0.0B/yr") == "A100/H100 and $0.0B/yr"


def test_plots_two_to_a_row_with_the_shading_explained():
    figures = [Figure(f"plot {i}", f"plot{i}.png") for i in range(5)]
    page = briefing_of(load_bundled("safe_chips_act"), figures)
    plots = page[page.index("<table class='plots'>"):page.index("Model version")]
    assert [row.count("<img") for row in plots.split("<tr>")[1:]] == [2, 2, 1]
    assert plots.count("<table class='plots'>") == 3  # a row moves to a new page whole
    assert "Light orange bands" in page and "Monte Carlo range" not in page
    with_bands = briefing_of(load_bundled("safe_chips_act"), figures, monte_carlo_bands=True)
    assert "Monte Carlo range" in with_bands
    assert "Light orange bands" not in shading_text(events=False, monte_carlo=False)


def test_the_briefing_still_carries_its_scenario():
    page = briefing_of(load_bundled("safe_chips_act"))
    assert '<script type="application/json" id="airace-scenario">' in page


def test_an_export_rule_is_told_by_its_levers_not_the_engines_own_inputs():
    """A lagged-exports rule also tells the engine whether it caps volume (an input, not a
    lever): its line and the levers it sets name levers only, before and after December 2025."""
    from core.engine.events import LaggedExports
    from core.reports.briefing import event_levers, event_line

    for start in ("2023-10", "2026-01"):
        rule = LaggedExports(start=start, duration_months=12)
        assert set(event_levers([rule])) <= set(LEVERS)
        assert "export_licensing" in event_levers([rule])
        assert LEVERS["export_lag_months"].label in event_line(rule)


def test_an_export_control_briefing_says_what_its_effect_on_the_lead_and_chinas_compute_hinges_on():
    from core.analysis.hinges import driver_text
    from core.analysis.paired import paired_effect
    from core.reports.briefing import BRIEFING_PAIRED_SAMPLES
    ban, base = load_bundled("safe_chips_act"), load_bundled("baseline")
    page = briefing_html(ban, run_scenario(ban), run_scenario(base), [])
    section = html.unescape(page[page.index("What the effect hinges on"):
                                 page.index("What this scenario changes")])
    effect = paired_effect(base, ban, min(BRIEFING_PAIRED_SAMPLES, ban.uncertainty.samples),
                           ban.uncertainty.seed)
    for figure, words in (("capability_gap_2030", "US capability lead, end 2030"),
                          ("cn_powered_h100e@2030-12", "China's AI compute running")):
        found = next(h for h in effect.hinges if h.figure_id == figure)
        row = effect.figure(figure)
        assert row.label.startswith(words)
        start = section.index(row.label)
        paragraph = section[start:section.index("resamples", start)]
        assert f"median {format_value(row.median, row.unit, signed=True)}" in paragraph
        assert len(found.drivers) == 2
        for driver in found.drivers:
            assert driver_text(driver, row.unit) in paragraph
    assert "The median effect turns at " in section  # the ban's effect on the lead goes both ways
    assert "_" not in re.sub(r"<[^>]*>", "", section)  # plain words: no ids
