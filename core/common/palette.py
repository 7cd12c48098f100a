"""Series colours as hex strings: one table for every window, plot, band and briefing.

US and China keep one colour each everywhere; compared scenarios get their own palette,
distinct from both, so blue and red always mean the US and China.
"""

from __future__ import annotations

US_COLOUR = "#1f5fa8"
CN_COLOUR = "#c8372d"
SINGLE_COLOUR = "#2b6f6a"  # an output with no US/China pair
BASELINE_COLOUR = "#969696"
EVENT_COLOUR = "#d68c1e"
# compared scenarios: none is blue or red, so US/China colours keep their meaning
SCENARIO_COLOURS: tuple[str, ...] = (
    "#2b6f6a", "#7b4fa0", "#b8860b", "#3a3a3a", "#0e8a8a", "#a0522d", "#6b8e23", "#c71585",
)


def series_colours(paired: bool) -> list[str]:
    """The curve colours of a plot: US then China for a pair, else the single colour."""
    return [US_COLOUR, CN_COLOUR] if paired else [SINGLE_COLOUR]


def scenario_colour(index: int) -> str:
    return SCENARIO_COLOURS[index % len(SCENARIO_COLOURS)]
