"""Stories (presenter playlists): save, load, resolve steps, clear errors."""

import pytest

from core.formats.scenario import ScenarioError, save_scenario
from core.formats.story import Story, StoryStep, bundled_story, load_story, save_story


def test_bundled_story_steps_all_load():
    story = bundled_story()
    assert len(story.steps) == 8
    assert [story.load_step(i).name for i in range(2)] == ["Baseline", "US power crunch"]


def test_story_round_trips_and_resolves_relative_paths(tmp_path):
    scenario = bundled_story().load_step(2).with_lever("ascend_yield", 0.5)
    save_scenario(scenario, tmp_path / "mine.json")
    story = Story(title="Talk", steps=[StoryStep(scenario="bundled:baseline", title="Start"),
                                       StoryStep(scenario="mine.json", note="my variant")])
    save_story(story, tmp_path / "talk.story.json")
    loaded = load_story(tmp_path / "talk.story.json")
    assert loaded == story
    assert loaded.load_step(1, tmp_path / "talk.story.json") == scenario


def test_broken_story_and_broken_step_name_the_problem(tmp_path):
    (tmp_path / "bad.json").write_text('{"title": "x", "steps": []}')
    with pytest.raises(ScenarioError, match="steps"):
        load_story(tmp_path / "bad.json")
    story = Story(title="x", steps=[StoryStep(scenario="missing.json", title="Gone")])
    with pytest.raises(ScenarioError, match="step 1 \\(Gone\\).*no such file"):
        story.load_step(0, tmp_path / "talk.json")
