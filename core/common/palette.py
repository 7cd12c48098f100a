"""Series colours as hex strings: one table for every window, plot, band and briefing.

US and China keep one colour each everywhere, in compare too (where each scenario has a
line style of its own instead), so blue and red always mean the US and China.
"""

from __future__ import annotations

US_COLOUR = "#1f5fa8"
CN_COLOUR = "#c8372d"
SINGLE_COLOUR = "#2b6f6a"  # an output with no US/China pair
BASELINE_COLOUR = "#969696"
EVENT_COLOUR = "#d68c1e"


def series_colours(paired: bool) -> list[str]:
    """The curve colours of a plot: US then China for a pair, else the single colour."""
    return [US_COLOUR, CN_COLOUR] if paired else [SINGLE_COLOUR]


def country_colour(country: str) -> str:
    """A series' colour by whose it is: US blue, China red, anything else the single colour."""
    return {"US": US_COLOUR, "China": CN_COLOUR}.get(country, SINGLE_COLOUR)
