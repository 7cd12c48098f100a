"""The briefing HTML names the scenario, its changes, events and key figures."""

import datetime as dt

from core.briefing import Figure, briefing_html
from core.kpis import KPIS, key_figures
from core.scenario import load_bundled
from core.simulation import run_scenario
from core.units import format_value


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
    assert "5–95% range" in page and "10.0 GW to 30.0 GW" in page
