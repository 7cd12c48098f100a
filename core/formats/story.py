"""Stories: a presenter's ordered playlist of scenarios, each step with a title and a note.

A step names a bundled scenario ("bundled:safe_chips_act") or a scenario file path relative
to the story file, so a story and its scenarios can be shared as one folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.formats.scenario import (
    Scenario,
    ScenarioError,
    load_bundled,
    load_json,
    load_scenario,
    read_text_file,
    save_text,
)

STORY_VERSION = 1
BUNDLED_PREFIX = "bundled:"


class StoryStep(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scenario: str = Field(min_length=1, max_length=500,
                          description="'bundled:NAME' or a path relative to the story file.")
    title: str = Field("", max_length=200)
    note: str = Field("", max_length=5000)


class Story(BaseModel):
    """An ordered list of scenarios to present."""

    model_config = ConfigDict(extra="forbid")

    story_version: Literal[1] = STORY_VERSION
    title: str = Field(min_length=1, max_length=200)
    steps: list[StoryStep] = Field(min_length=1, max_length=99)

    def load_step(self, index: int, story_path: Path | None = None) -> Scenario:
        """The scenario of one step; raises ScenarioError naming the step if it is broken."""
        reference = self.steps[index].scenario
        try:
            if reference.startswith(BUNDLED_PREFIX):
                return load_bundled(reference[len(BUNDLED_PREFIX):])
            path = Path(reference)
            if not path.is_absolute() and story_path is not None:
                path = Path(story_path).parent / path
            return load_scenario(path)
        except ScenarioError as error:
            raise ScenarioError(f"step {index + 1} ({self.steps[index].title or reference}): "
                                f"{error}") from None


def load_story(path: str | Path) -> Story:
    """Read and validate a story file; every problem raises ScenarioError."""
    path = Path(path)
    data = load_json(read_text_file(path, "story"), str(path), "story")
    try:
        return Story.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or '(top level)'}: {e['msg']}"
                             for e in error.errors())
        raise ScenarioError(f"{path}: {problems}") from None


def save_story(story: Story, path: str | Path) -> None:
    save_text(path, story.model_dump_json(indent=2) + "\n")


def bundled_story() -> Story:
    """The story that ships with the app: the article's scenarios in a talk's order."""
    steps = [
        ("baseline", "Where we stand", "51 GW of US data-centre power; 19 GW unmet by 2028."),
        ("us_power_crunch", "Power is the constraint", "Slower interconnection widens the gap."),
        ("safe_chips_act", "Close the door", "A 30-month export ban under the SAFE Chips Act."),
        ("blackwell_exports", "Or sell newer chips", "Blackwell-class chips at 9 months old."),
        ("china_efficiency_push", "China's answer", "Efficiency under scarcity: DeepSeek."),
        ("china_android_strategy", "The Android strategy", "Open models for broad reach."),
        ("federal_preemption", "One rulebook", "Federal preemption of state AI laws."),
        ("tpu_expansion", "A second chip supplier", "TPU output more than doubles by 2028."),
    ]
    return Story(title="The US-China AI race in eight scenarios",
                 steps=[StoryStep(scenario=BUNDLED_PREFIX + name, title=title, note=note)
                        for name, title, note in steps])
