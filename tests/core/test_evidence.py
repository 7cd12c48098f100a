"""Evidence-carrying scenarios: schema 3, migration from 2, briefing and compare show it."""

import datetime as dt
import json

import pytest

from core.analysis.compare import compare, format_comparison
from core.engine.events import MAX_RATIONALE, ExportBan
from core.engine.simulation import run_scenario
from core.formats.scenario import (
    SCHEMA_VERSION,
    ScenarioError,
    load_bundled,
    parse_scenario,
)
from core.reports.briefing import briefing_html

OPENNESS = "cn_lab_openness"


def with_evidence():
    scenario = load_bundled("china_android_strategy").with_evidence(
        OPENNESS, "Qwen & DeepSeek publish <weights>", "Epoch AI, open-weights (2025)")
    ban = ExportBan(start="2026-01").with_evidence("SAFE Chips Act passes", "S.1234")
    return scenario.model_copy(update={"events": [*scenario.events, ban]})


def test_evidence_round_trips_and_events_carry_it_last():
    scenario = with_evidence()
    text = scenario.to_json()
    assert parse_scenario(text) == scenario
    data = json.loads(text)
    assert data["schema_version"] == SCHEMA_VERSION == 3
    assert data["evidence"] == {OPENNESS: {"rationale": "Qwen & DeepSeek publish <weights>",
                                           "source": "Epoch AI, open-weights (2025)"}}
    assert list(data["events"][-1])[-2:] == ["rationale", "source"]
    assert "rationale" not in data["events"][0]  # empty evidence is not written


def test_files_without_evidence_are_unchanged():
    data = json.loads(load_bundled("baseline").to_json())
    assert "evidence" not in data
    assert all("rationale" not in event and "source" not in event for event in data["events"])


def test_a_version_2_file_migrates_to_3_unchanged():
    data = json.loads(load_bundled("us_power_crunch").to_json())
    data["schema_version"] = 2
    scenario = parse_scenario(json.dumps(data))
    assert scenario == load_bundled("us_power_crunch") and scenario.migration_notes == []


@pytest.mark.parametrize("evidence, message", [
    ({"bass_p": {"rationale": "x"}}, "bass_p is a lever this scenario does not change"),
    ({"nope": {"source": "x"}}, "nope is not a known lever id"),
    ({OPENNESS: {"rationale": "x" * (MAX_RATIONALE + 1)}}, "at most 2000 characters"),
    ({OPENNESS: {"why": "x"}}, "unknown field"),
])
def test_bad_evidence_is_refused_with_one_line(evidence, message):
    data = json.loads(load_bundled("china_android_strategy").to_json()) | {"evidence": evidence}
    with pytest.raises(ScenarioError, match=message) as caught:
        parse_scenario(json.dumps(data), "mine.json")
    assert "\n" not in str(caught.value) and str(caught.value).startswith("mine.json: evidence")


def test_with_evidence_refuses_an_unchanged_lever_and_with_lever_drops_it():
    scenario = with_evidence()
    with pytest.raises(ValueError, match="does not change"):
        scenario.with_evidence("bass_p", "why", "")
    reset = scenario.with_lever(OPENNESS, 0.9)  # the default
    assert OPENNESS not in reset.levers and OPENNESS not in reset.evidence
    assert OPENNESS not in scenario.with_evidence(OPENNESS, "", "").evidence


def test_event_evidence_does_not_change_the_run():
    scenario = with_evidence()
    plain = scenario.model_copy(update={"events": [
        event.with_evidence("", "") for event in scenario.events]})
    assert plain != scenario
    assert run_scenario(scenario).series["capability_gap_months"].tolist() == \
        run_scenario(plain).series["capability_gap_months"].tolist()


def test_briefing_shows_lever_and_event_evidence_escaped():
    scenario = with_evidence()
    results = run_scenario(scenario)
    page = briefing_html(scenario, results, run_scenario(load_bundled("baseline")), [],
                         generated=dt.date(2026, 11, 30))
    assert "Why this value" in page
    assert "Qwen &amp; DeepSeek publish &lt;weights&gt; (source: Epoch AI" in page
    assert "Why: SAFE Chips Act passes (source: S.1234)" in page


def test_compare_text_lists_the_evidence():
    scenario = with_evidence()
    text = format_comparison(compare([("base", load_bundled("baseline")), ("mine", scenario)]))
    assert "Evidence (why, and the source)" in text
    assert "Chinese labs' openness: Qwen & DeepSeek publish <weights> (source: Epoch AI" in text
    assert "Export ban from 2026-01 for 30 months: SAFE Chips Act passes (source: S.1234)" \
        in text
    plain = format_comparison(compare([("a", load_bundled("baseline")),
                                       ("b", load_bundled("us_power_crunch"))]))
    assert "Evidence" not in plain


@pytest.mark.parametrize("extra, message", [
    ({"rationale": "x" * (MAX_RATIONALE + 1)}, "rationale: at most 2,000 characters"),
    ({"source": 7}, "source: must be text"),
    ({"why": "x"}, "unknown field"),
])
def test_bad_event_evidence_is_refused_with_one_line(extra, message):
    data = json.loads(load_bundled("safe_chips_act").to_json())
    data["events"][-1].update(extra)
    with pytest.raises(ScenarioError, match=message) as caught:
        parse_scenario(json.dumps(data), "mine.json")
    assert "\n" not in str(caught.value) and "events.3" in str(caught.value)


def test_event_evidence_is_not_a_form_field():
    """Forms built from an event's fields (the event dialog) show only what changes the run;
    the evidence still reads, writes and compares with the event."""
    assert "rationale" not in ExportBan.model_fields
    ban = ExportBan.model_validate({"start": "2026-01", "rationale": "why", "source": "law"})
    assert (ban.rationale, ban.source) == ("why", "law")
    assert ban != ExportBan(start="2026-01")
    assert ban == ExportBan(start="2026-01").with_evidence("why", "law")


def test_with_event_evidence_sets_one_event():
    scenario = load_bundled("safe_chips_act").with_event_evidence(3, "the bill passes", "S.1")
    assert scenario.events[3].evidence() == "the bill passes (source: S.1)"
    assert all(not event.evidence() for event in scenario.events[:3])
    assert parse_scenario(scenario.to_json()) == scenario
