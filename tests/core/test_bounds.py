"""The audit of bounds (docs/bounds.md): found from the code, measured per scenario, and every
bound that binds in the baseline has a source."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import numpy as np

from core.analysis import bounds
from core.api import run
from core.catalogue.constants import CONSTANTS
from core.model.compute import MAX_GAP_MONTHS

# Bounds that bind in the baseline without a published source, each with its reason; the
# list may only shrink (a test fails when one is sourced or no longer binds).
KNOWN_GAPS = {
    ("core/model/chips.py", "cap"):
        "installs are capped by the power free or freed by early retirement; the bound is "
        "written once for every country, and China's power per new H100e mixes imports and "
        "its own chips by their shares of arrivals, floored at one H100e a year (a numerical "
        "floor, not a belief); early retirement is capped by what the oldest cohort keeps "
        "after an install window (install_months, the authors' estimate) of ageing",
    ("core/model/power.py", "floor"):
        "the headroom for new chips counts grid connections expected within the install-ahead "
        "window (2.7 months, the authors' estimate) and is floored at zero; issue 20's fit "
        "is to estimate the window from the 2022-2025 history",
}


def _baseline_binding() -> list[bounds.Row]:
    return [row for row in bounds.rows() if row.bound.measured
            and row.shares["baseline"] > 0]


def test_every_bound_in_the_blocks_is_found_and_measured():
    """Each xp.minimum/maximum/clip call in a block module is a row, and each row the
    engine calls is measured in every bundled scenario."""
    written = 0
    for module in bounds.block_modules():
        tree = ast.parse(Path(inspect.getfile(module)).read_text(encoding="utf-8"))
        written += sum(1 for node in ast.walk(tree) if isinstance(node, ast.Call)
                       and isinstance(node.func, ast.Attribute)
                       and isinstance(node.func.value, ast.Name) and node.func.value.id == "xp"
                       and node.func.attr in bounds.OPERATIONS)
    sites = {(b.path, b.line, b.column) for b in bounds.bound_sites() if b.measured}
    assert len(sites) == written > 30
    rows = [row for row in bounds.rows() if row.bound.measured]
    assert all(row.call is not None for row in rows), "a bound the engine never calls"
    assert all(not np.isnan(share) for row in rows for share in row.shares.values())


def test_a_binding_bound_is_measured_where_it_binds():
    """The friction cap binds in no bundled scenario (the state patchwork's 0.75% of US AI
    spending sits under the 1% cap: compliance costs are small against AI spending, R6);
    packaging bounds US output in the baseline from 2025-01 to 2030-10 and again from 2035-02
    (61% of months): with the fitted adjustment time (0.35 years, the sourced 0.5 its prior)
    packaging capacity catches up with orders in between, before demand outgrows it again."""
    friction = [row for row in bounds.rows() if "us_friction_cap" in row.bound.text]
    assert len(friction) == 1
    assert friction[0].shares["state_patchwork"] == 0.0
    assert friction[0].shares["baseline"] == 0.0
    assert friction[0].feeds == ("us_regulatory_friction",)
    packaging = [row for row in bounds.rows() if row.bound.text == "xp.minimum(ordered, packaging)"]
    assert packaging[0].shares["baseline"] > 0.55
    assert packaging[0].baseline_months[0] <= "2025-03"
    assert packaging[0].baseline_months[-1] == "2035-12"


def test_a_bound_called_per_country_is_one_row_per_country():
    stranded = [row for row in bounds.rows()
                if row.bound.function == "step" and row.bound.path.endswith("power.py")
                and row.bound.end == "floor"]
    assert [row.feeds for row in stranded] == [("us_stranded_gw",), ("cn_stranded_gw",),
                                               ("row_stranded_gw",)]


def test_what_a_bound_compares_with_is_traced_to_constants_and_levers():
    friction = [b for b in bounds.bound_sites() if "us_friction_cap" in b.text]
    assert "constant:us_friction_cap" in friction[0].compares_with
    zero = [b for b in bounds.bound_sites() if "us_power_gap_gw" in b.text]
    assert zero[0].kind == "floor at zero"


def test_every_bound_that_binds_in_the_baseline_has_a_source():
    """Its constants and levers carry a source besides the authors' estimate, or it is a
    floor at zero, an absolute value or a split of the clock; the known gaps are named."""
    gaps = {(row.bound.path, row.bound.end): row.bound.unsourced()
            for row in _baseline_binding() if row.bound.unsourced()}
    assert set(gaps) == set(KNOWN_GAPS), gaps


def test_the_source_rule_flags_an_estimate(monkeypatch):
    """The rule fails a bound whose constant is the authors' estimate alone."""
    friction = next(b for b in bounds.bound_sites() if "us_friction_cap" in b.text)
    assert friction.unsourced() == []
    estimate = CONSTANTS["us_friction_cap"].__class__(
        "us_friction_cap", 0.05, "1", "EST", "an estimate")
    monkeypatch.setattr(bounds, "CONSTANTS", {**CONSTANTS, "us_friction_cap": estimate})
    assert friction.unsourced() == ["constant:us_friction_cap (EST)"]


def test_the_lookback_cap_does_not_bind_in_the_baseline():
    """The look-back's own bounds are not measured; its cap on the lead must not bind in the
    baseline (MAX_GAP_MONTHS has no catalogue source)."""
    lookback = [b for b in bounds.bound_sites() if not b.measured]
    assert any("MAX_GAP_MONTHS" in b.limit for b in lookback)
    lead = run("baseline").central("capability_gap_months")
    assert np.abs(lead).max() < MAX_GAP_MONTHS


def test_bounds_md_lists_every_measured_row():
    text = bounds.bounds_markdown()
    assert text.count("\n| core/model/") == len(bounds.rows())
    assert "[the audit of bounds](bounds.md)" in (Path(bounds.ROOT) / "docs/model.md").read_text(
        encoding="utf-8")
