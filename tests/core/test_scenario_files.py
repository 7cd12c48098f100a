"""Scenario files: round trip, clear errors for bad input, atomic saves, migrations."""

import json
import os

import pytest

from core.catalogue.levers import LEVERS
from core.common.version import MODEL_VERSION
from core.engine.events import ExportBan, LaggedExports
from core.engine.simulation import run_scenario
from core.formats import migrations
from core.formats.scenario import (
    MAX_FILE_BYTES,
    SCHEMA_VERSION,
    Scenario,
    ScenarioError,
    bundled_names,
    load_bundled,
    load_scenario,
    parse_scenario,
    save_scenario,
)

DATA = os.path.join(os.path.dirname(__file__), "..", "data")
REQUIRED_BUNDLED = {"baseline", "safe_chips_act", "blackwell_exports", "federal_preemption",
                    "state_patchwork", "us_power_crunch", "china_efficiency_push",
                    "tpu_expansion", "china_android_strategy"}


def a_scenario() -> Scenario:
    return Scenario(name="Test – ümlaut", description="d", levers={"ascend_yield": 0.5},
                    events=[ExportBan(start="2026-01"), LaggedExports(start="2028-07")],
                    notes="n")


def test_save_then_load_gives_an_identical_scenario(tmp_path):
    path = tmp_path / "s.json"
    save_scenario(a_scenario(), path)
    assert load_scenario(path) == a_scenario()
    assert load_scenario(path).to_json() == a_scenario().to_json()


@pytest.mark.parametrize("name", sorted(REQUIRED_BUNDLED))
def test_every_bundled_scenario_loads_validates_and_runs(name):
    assert name in bundled_names()
    scenario = load_bundled(name)
    assert len(scenario.description) > 80
    results = run_scenario(scenario)
    assert results.n_samples == 1


def write(tmp_path, content, mode="w"):
    path = tmp_path / "bad.json"
    with open(path, mode) as stream:
        stream.write(content)
    return path


@pytest.mark.parametrize("content, expected", [
    ('{"schema_version": 1, "name": "x", "levers": {"no_such_lever": 1}}',
     "levers: unknown lever id 'no_such_lever'"),
    ('{"schema_version": 1, "name": "x", "levers": {"us_dc_power_adittions_gw_per_year": 1}}',
     "did you mean 'us_dc_committed_additions_gw_per_year'"),
    ('{"schema_version": 1, "name": "x", "levers": {"ascend_yield": 5}}',
     "ascend_yield = 5.0 is outside the allowed range 0.2 to 0.8 share"),
    ('{"schema_version": 1, "name": "x", "levers": {"ascend_yield": "high"}}',
     "levers.ascend_yield"),
    ('{"schema_version": 1, "name": 3}', "name: Input should be a valid string"),
    ('{"schema_version": 1, "name": "x", "colour": "red"}', "colour: unknown field"),
    ('{"schema_version": 1, "name": "x", "events": [{"kind": "meteor", "start": "2026-01"}]}',
     "events.0"),
    ('{"schema_version": 1, "name": "x", "events": [{"kind": "export_ban", "start": "2026-13"}]}',
     "not a month"),
    ('{"schema_version": 1, "name": "x", "uncertainty": {"samples": 0}}',
     "uncertainty.samples"),
    ('{"schema_version": 1, "name": "x"', "not valid JSON at line 1"),
    ('[1, 2]', "must be a JSON object"),
    ('{"schema_version": 9, "name": "x"}', "schema_version 9 is not supported"),
    ('{"name": "x"}', "schema_version"),
    ('{"schema_version": true, "name": "x"}', "schema_version True is not supported"),
    ('[' * 100_000 + ']' * 100_000, "nested too deeply"),
    ('{"schema_version": 1, "name": "x", "levers": {"ascend_yield": NaN}}',
     "ascend_yield: Input should be a finite number"),
    ('{"schema_version": 1, "name": "x", "events": [{"kind": "lagged_exports", '
     '"start": "2026-01", "lag_months": Infinity}]}', "lag_months: Input should be a finite"),
])
def test_a_bad_file_raises_one_error_naming_file_field_and_rule(tmp_path, content, expected):
    path = write(tmp_path, content)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = write(tmp_path, '{"name": "caf\xe9"}'.encode("latin-1"), "wb")
    with pytest.raises(ScenarioError, match="not UTF-8"):
        load_scenario(path)


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path):
    path = write(tmp_path, " " * (MAX_FILE_BYTES + 1))
    with pytest.raises(ScenarioError, match="at most"):
        load_scenario(path)


def test_missing_file_and_folder_give_clear_errors(tmp_path):
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "nope.json")
    with pytest.raises(ScenarioError, match="is a folder"):
        load_scenario(tmp_path)


def test_a_failed_save_leaves_the_old_file_intact_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    save_scenario(a_scenario(), path)
    before = path.read_bytes()

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    changed = a_scenario().with_lever("ascend_yield", 0.7)
    with pytest.raises(ScenarioError, match="No space left on device"):
        save_scenario(changed, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["s.json"]


def test_a_version_0_file_is_migrated():
    scenario = load_scenario(os.path.join(DATA, "scenario_v0.json"))
    assert scenario.schema_version == SCHEMA_VERSION
    assert scenario.name == "Prototype export ban"
    # 12 GW/yr of v1 planned additions: the same change from v1's default, on v2's default
    default = LEVERS["us_dc_committed_additions_gw_per_year"].default
    assert scenario.levers == {
        "us_dc_committed_additions_gw_per_year": pytest.approx(12.0 * default / 8.33)}
    assert any("committed additions" in note for note in scenario.migration_notes)
    assert scenario.uncertainty.samples == 500 and scenario.uncertainty.seed == 7
    assert isinstance(scenario.events[0], ExportBan)


@pytest.mark.parametrize("name", sorted(n for n in os.listdir(DATA) if n.startswith("scenario_v")))
def test_a_file_of_every_past_schema_version_still_opens(name):
    scenario = load_scenario(os.path.join(DATA, name))
    assert scenario.schema_version == SCHEMA_VERSION and scenario.events
    assert any("model version 1" in note for note in scenario.migration_notes)
    run_scenario(scenario)


def test_a_model_version_2_file_opens_in_version_3_with_a_note_and_its_values():
    path = os.path.join(DATA, "model_v2.json")
    with open(path, encoding="utf-8") as file:
        saved = json.load(file)
    assert saved["model_version"] == 2
    scenario = load_scenario(path)
    assert scenario.model_version == MODEL_VERSION == 3
    assert scenario.migration_notes == [migrations.CHANGED_FIGURES_2]
    assert scenario.levers == saved["levers"] and len(scenario.events) == len(saved["events"])
    again = parse_scenario(scenario.to_json())  # saved again, it is a version-3 file
    assert again.migration_notes == [] and '"model_version": 3' in scenario.to_json()


def test_a_version_1_file_hears_that_version_3_changed_the_figures_again():
    notes = load_scenario(os.path.join(DATA, "scenario_v1.json")).migration_notes
    assert notes[0] == migrations.CHANGED_FIGURES and notes[-1] == migrations.CHANGED_AGAIN


def test_a_model_version_this_app_does_not_know_is_refused():
    for version in (4, 1, "2"):
        text = json.dumps({"schema_version": 3, "model_version": version, "name": "x"})
        with pytest.raises(ScenarioError, match="model_version"):
            parse_scenario(text)


def test_every_bundled_scenario_is_written_for_this_model_version():
    for name in bundled_names():
        assert load_bundled(name).migration_notes == [], name


def test_with_lever_drops_default_values_and_refuses_out_of_range():
    scenario = a_scenario().with_lever("ascend_yield", 0.4)
    assert "ascend_yield" not in scenario.levers
    with pytest.raises(ValueError, match="outside the allowed range"):
        scenario.with_lever("ascend_yield", 2.0)


def test_end_must_follow_start():
    with pytest.raises(ValueError, match="at least 12 months"):
        Scenario(name="x", start="2030-01", end="2029-01")
