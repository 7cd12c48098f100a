"""What the app writes, it reads back: sizes are checked where they are written, in bytes
as written; old files are never dropped silently."""

import pytest

from core.cli.main import main
from core.common.limits import MAX_FILE_BYTES
from core.formats import share
from core.formats.scenario import (
    Scenario,
    ScenarioError,
    load_bundled,
    load_scenario,
    save_scenario,
    scenario_from_briefing,
)

WIDE = "\U0001d11e"  # four bytes in UTF-8


def _largest(events: int) -> Scenario:
    """Every text field at its length limit in 4-byte characters, with ``events`` events."""
    return Scenario.model_validate({
        "name": WIDE * 120, "description": WIDE * 5000, "notes": WIDE * 20_000,
        "events": [_event(WIDE * 2000, WIDE * 500)] * events})


def _event(rationale: str, source: str) -> dict:
    event = load_bundled("safe_chips_act").events[0].model_dump(mode="json")
    return {**event, "rationale": rationale, "source": source}


def test_a_scenario_too_large_as_written_is_refused_when_saved(tmp_path):
    big = _largest(100)
    assert len(big.to_json().encode()) > MAX_FILE_BYTES
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "big.json"
    with pytest.raises(ScenarioError) as caught:
        save_scenario(big, path)
    size = len(big.to_json().encode())
    assert str(caught.value) == (f"{path}: not saved: the scenario is {size:,} bytes as "
                                 "written; a scenario file may be at most 1,000,000 (shorten "
                                 "its notes or descriptions)")
    assert list(path.parent.iterdir()) == []


def test_the_largest_scenario_that_saves_reopens_from_file_code_and_briefing(tmp_path):
    events = 100
    while len(_largest(events).to_json().encode()) > MAX_FILE_BYTES:
        events -= 1
    big = _largest(events)
    path = tmp_path / "big.json"
    save_scenario(big, path)
    assert load_scenario(path) == big
    html = "<html><body>" + share.script_block(big) + "</body></html>"
    assert scenario_from_briefing(html, "b.html") == big


def test_a_scenario_all_of_angle_brackets_survives_its_briefing():
    text = "<" * 5000
    scenario = Scenario(name="<" * 120, description=text, notes="<" * 20_000)
    html = "<html><body>" + share.script_block(scenario) + "</body></html>"
    assert scenario_from_briefing(html, "b.html") == scenario


@pytest.mark.parametrize("samples", [1, 5, 100_001, 1_000_000])
def test_any_sample_count_mc_takes_is_a_valid_scenario(samples):
    scenario = Scenario.model_validate({"name": "x", "uncertainty": {"samples": samples}})
    again = Scenario.model_validate_json(scenario.to_json())
    assert again.uncertainty.samples == samples


def test_a_share_code_too_long_to_read_is_refused_when_made():
    import random
    rng = random.Random(1)
    noise = "".join(chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(250_000))
    big = Scenario.model_validate({"name": "x", "events": [
        _event(noise[i * 2500:i * 2500 + 2000], noise[i * 2500 + 2000:(i + 1) * 2500])
        for i in range(100)]})
    assert len(big.to_json().encode()) < MAX_FILE_BYTES  # a file it may be; a code, not
    with pytest.raises(ValueError, match="too large for a share code"):
        share.encode(big)


def test_a_version_0_file_with_fields_it_never_had_is_refused(tmp_path, capsys):
    path = tmp_path / "old.json"
    path.write_text('{"version": 0, "name": "Plan", "levers": {"bass_p": 0.2}, '
                    '"uncertainty": {"samples": "x"}, "foo": 1}')
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"{path}: name: not a field of a version-0 file (those are title, summary, "
        "parameters, monte_carlo, events, notes); a current file starts with "
        '"schema_version": 3\n')


def test_a_version_0_file_names_every_field_it_renamed(tmp_path, capsys):
    path = tmp_path / "old.json"
    path.write_text('{"version": 0, "title": "Plan", "summary": "s", "parameters": '
                    '{"bass_p": 0.2}, "monte_carlo": {"runs": 50, "seed": 3}}')
    scenario = load_scenario(path)
    assert scenario.name == "Plan" and scenario.uncertainty.samples == 50
    assert scenario.migration_notes[:4] == [
        "version-0 field title became name", "version-0 field summary became description",
        "version-0 field parameters became levers",
        "version-0 monte_carlo runs and seed became uncertainty samples and seed"]
    path.write_text('{"version": 0, "title": "Plan", "monte_carlo": {"runs": 50, "rounds": 3}}')
    with pytest.raises(ScenarioError, match="monte_carlo.rounds: not a field of a version-0"):
        load_scenario(path)
    path.write_text('{"version": 0, "title": "Plan", "parameters": {"bass_p": "lots"}}')
    with pytest.raises(ScenarioError, match="bass_p"):
        load_scenario(path)
