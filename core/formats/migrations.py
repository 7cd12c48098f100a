"""What a scenario saved under an older model version means under this one.

Model version 1 to 2:
Version 2 made some inputs endogenous (planned power additions now respond to unmet demand;
chip output grows from orders bounded by spending, packaging and power; China's imports are
its own demand), so a v1 value cannot be copied across by name. Each v1 lever is mapped by
meaning: renamed levers keep the user's change relative to the old default; levers whose
meaning the model now computes are dropped; every mapping leaves a note the app and the
command line show, with the reminder that figures differ because the model changed.

Model version 2 to 3 keeps every lever id and meaning, so a version-2 file's values carry
across as they are; the file opens with a note that its figures differ because the model did.
"""

from __future__ import annotations

import math
from typing import Any

from core.catalogue.levers import LEVERS
from core.engine.history import HISTORY_EVENTS

CHANGED_FIGURES = ("saved under model version 1; figures differ from that version because the "
                   "model changed (version 2 adds feedback between power, chips and trade, and "
                   "the two actors' reactions)")

V1_DEFAULTS = {
    "us_dc_power_additions_gw_per_year": 8.33,
    "us_gpu_output_growth_per_year": 2.0,
    "bass_p": 0.15,
    "bass_q": 0.8,
}
# Version 1's allowed ranges: a value outside them was never valid and is passed on unmapped,
# so validation names the number the user wrote.
V1_RANGES = {
    "us_dc_power_additions_gw_per_year": (0.0, 40.0),
    "us_gpu_output_growth_per_year": (1.0, 3.0),
    "bass_p": (0.01, 0.4),
    "bass_q": (0.1, 1.5),
}


def _clip(lever_id: str, value: float) -> float:
    lever = LEVERS[lever_id]
    return min(max(value, lever.min), lever.max)


def _relative(v1_id: str, v2_id: str, value: float) -> float:
    """The v1 value's ratio to its old default, applied to the new default."""
    return _clip(v2_id, LEVERS[v2_id].default * value / V1_DEFAULTS[v1_id])


def _growth(v1_id: str, v2_id: str, value: float) -> float:
    """A growth factor: the same share of the default's yearly log-growth."""
    exponent = math.log(max(value, 1e-9)) / math.log(V1_DEFAULTS[v1_id])
    return _clip(v2_id, LEVERS[v2_id].default ** exponent)


RENAMED = {"us_dc_power_additions_gw_per_year": "us_dc_committed_additions_gw_per_year",
           "us_gpu_output_growth_per_year": "us_chip_order_growth_per_year"}


def from_version_1(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 (model 1) to schema 2 (model 2); notes go in ``migration_notes``."""
    notes = [CHANGED_FIGURES]
    old = data.get("levers", {})
    if not isinstance(old, dict):
        return dict(data, schema_version=2)  # validation names the problem
    levers: dict[str, Any] = {}
    for lever_id, value in old.items():
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not math.isfinite(value):
            levers[lever_id] = value  # validation names the field as the user wrote it
            continue
        low, high = V1_RANGES.get(lever_id, (-math.inf, math.inf))
        if not low <= value <= high:
            levers[RENAMED.get(lever_id, lever_id)] = value  # the range error shows the number
            continue
        if lever_id == "us_dc_power_additions_gw_per_year":
            new = _relative(lever_id, "us_dc_committed_additions_gw_per_year", value)
            levers["us_dc_committed_additions_gw_per_year"] = new
            notes.append(f"US data-centre power additions {value:g} GW/yr (all planned) became "
                         f"committed additions {new:.3g} GW/yr: the model now adds more "
                         "when demand goes unmet")
        elif lever_id == "us_gpu_output_growth_per_year":
            new = _growth(lever_id, "us_chip_order_growth_per_year", value)
            levers["us_chip_order_growth_per_year"] = new
            notes.append(f"US GPU output growth {value:g}x/yr became order growth {new:.3g}x/yr: "
                         "output is now bounded by spending, packaging and power")
        elif lever_id == "cn_export_share":
            if value == 0:
                levers["export_licensing"] = 0.0
                notes.append("China's legal export share 0 became export licences 0 (a ban)")
            else:
                notes.append(f"China's legal export share {value:g} was dropped: China's demand "
                             "for US chips is now computed from price, rules and its budget")
        elif lever_id in ("bass_p", "bass_q"):
            new = _relative(lever_id, lever_id, value)
            levers[lever_id] = new
            notes.append(f"{lever_id} {value:g} became {new:.3g}: adoption now diffuses among "
                         "people online, fitted to measured use; the change from the default "
                         "is kept")
        elif lever_id == "cn_smuggled_mh100e_per_year":
            new = _clip(lever_id, value)
            levers[lever_id] = new
            if new != value:
                notes.append(f"smuggling {value:g} was clipped to {new:g} M chips/yr, the "
                             "enforcement bound")
        else:
            levers[lever_id] = value
    events = []
    for event in data.get("events") or []:
        if isinstance(event, dict) and event.get("kind") == "lagged_exports" \
                and "demand_share" in event:
            event = {key: item for key, item in event.items() if key != "demand_share"}
            notes.append("a lagged-exports event's demand share was dropped: China's demand "
                         "is now computed")
        events.append(event)
    history = [event.model_dump(mode="json") for event in HISTORY_EVENTS]
    notes.append("the export rules of 2022-2025 (model 2's baseline history) were added "
                 "after the file's own events")
    migrated = dict(data, schema_version=2, model_version=2, levers=levers,
                    events=events + history)
    migrated["migration_notes"] = [*data.get("migration_notes", []), *notes]  # v0's first
    return migrated


def from_version_2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 to 3: version 3 only adds optional evidence (rationale and source) fields."""
    return dict(data, schema_version=3)


VERSION_3_CHANGES = ("version 3 reworks chip supply, power and trade: see the model "
                     "documentation, Help > Model documentation or docs/model.md")
CHANGED_FIGURES_2 = ("saved under model version 2; figures differ from that version because "
                     f"the model changed ({VERSION_3_CHANGES})")
CHANGED_AGAIN = f"model version 3 changed the figures again ({VERSION_3_CHANGES})"


def from_model_2(data: dict[str, Any]) -> dict[str, Any]:
    """Model 2 to model 3: the same levers; a note that the figures changed (a file that came
    from model 1 already says so, and hears that version 3 changed them again)."""
    earlier = data.get("migration_notes")
    notes = list(earlier) if isinstance(earlier, list) else []
    notes.append(CHANGED_AGAIN if CHANGED_FIGURES in notes else CHANGED_FIGURES_2)
    return dict(data, model_version=3, migration_notes=notes)


MODEL_MIGRATIONS = {2: from_model_2}  # a file's model version -> the step to the next
