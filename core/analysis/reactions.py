"""When the two actors' reaction rules fired in a run, as dated spells a person can read.

China's substitution counts as firing while its pressure (the smoothed share of its
free-trade import demand left unmet, 0-1) is at least one half; the US rule while its
control tightness is at least +0.25 (tightening) or at most -0.25 (loosening).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.engine.results import Results

SUBSTITUTION_FIRES_AT = 0.5
CONTROLS_FIRE_AT = 0.25


@dataclass(frozen=True)
class ReactionSpell:
    reaction: str  # "cn_substitution", "us_tightening" or "us_loosening"
    start: str
    end: str  # last month of the spell
    peak: float

    def summary(self) -> str:
        what = {"cn_substitution": "China substitutes for imports (pressure {:.0%})",
                "us_tightening": "US controls tighten (tightness {:+.2f})",
                "us_loosening": "US controls loosen (tightness {:+.2f})"}[self.reaction]
        return f"{self.start} to {self.end}: {what.format(self.peak)}"


def _spells(months, values: np.ndarray, fired: np.ndarray, reaction: str,
            peak=np.max) -> list[ReactionSpell]:
    spells, start = [], None
    for index, on in enumerate([*fired, False]):
        if on and start is None:
            start = index
        elif not on and start is not None:
            spells.append(ReactionSpell(reaction, months[start], months[index - 1],
                                        float(peak(values[start:index]))))
            start = None
    return spells


def reaction_spells(results: Results, sample: int = 0) -> list[ReactionSpell]:
    """Every spell in which a reaction rule fired, in time order."""
    pressure = results["cn_substitution_pressure"][:, sample]
    tightness = results["us_control_tightness"][:, sample]
    spells = (_spells(results.months, pressure, pressure >= SUBSTITUTION_FIRES_AT,
                      "cn_substitution")
              + _spells(results.months, tightness, tightness >= CONTROLS_FIRE_AT,
                        "us_tightening")
              + _spells(results.months, tightness, tightness <= -CONTROLS_FIRE_AT,
                        "us_loosening", np.min))
    return sorted(spells, key=lambda spell: (spell.start, spell.reaction))
