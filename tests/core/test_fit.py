"""Calibration as a fit (core.analysis.fit, core/catalogue/fit.json): it recovers constants
from figures the model itself made, flags what the rows cannot identify, never fits the check
rows, and a changed prior makes `python -m core.build --check` fail until the fit is rerun."""

from __future__ import annotations

import dataclasses
import shutil
from types import MappingProxyType

import numpy as np
import pytest

from core import build
from core.analysis import fit
from core.analysis.uncertainty import constant_draws, constant_samples
from core.catalogue.anchors import anchors
from core.catalogue.calibration import fit as committed
from core.catalogue.constants import CONSTANTS, PRIORS
from core.reports.assumptions import anchor_checks

RECOVERED = ("us_dc_capacity_gw_2022", "packaging_adjust_years", "vintage_years")
TRUE_SHIFTS = np.array([0.8, -0.6, 0.5])  # in prior σ


def indices(problem: fit.Problem, names) -> list[int]:
    position = {p.name: j for j, p in enumerate(problem.parameters)}
    return [position[name] for name in names]


def synthetic_rows(problem: fit.Problem, chosen: list[int], shifts: np.ndarray,
                   width: float = 0.01) -> tuple:
    """Every fitted row re-centred on the model's own figure with the constants shifted,
    with a narrow range (±``width`` of the figure, at least a hair)."""
    figures = problem.figures(problem.full(chosen, shifts[None, :]))[0]
    rows = []
    for row, value in zip(problem.rows, figures, strict=True):
        if fit.role(row) != "data":
            continue
        half = max(abs(value) * width, 1e-6)
        rows.append(dataclasses.replace(row, low=value - half, central=value,
                                        high=value + half))
    return tuple(rows)


def test_the_fit_recovers_constants_from_figures_the_model_made():
    problem = fit.Problem()
    chosen = indices(problem, RECOVERED)
    rows = synthetic_rows(problem, chosen, TRUE_SHIFTS)
    outcome = fit.run_fit(fit.Problem(rows), chosen=chosen)
    assert outcome.final.chosen == chosen and not outcome.dropped
    # the prior's penalty shrinks each estimate a few percent toward it (0.8 -> ~0.77)
    assert outcome.final.z == pytest.approx(TRUE_SHIFTS, abs=0.05)
    assert np.all(np.sqrt(np.diag(outcome.final.covariance)) < 0.2)  # narrow rows: sharp


def test_two_constants_seen_only_as_a_product_are_flagged_not_identified():
    """TPU output in H100e is units times H100e per unit; with the TPU unit rows held back as
    checks, no fitted row tells the two apart: their estimates correlate near -1."""
    problem = fit.Problem()
    pair = indices(problem, ("tpu_units_2025", "tpu_h100e_per_unit_2025"))
    anchor = indices(problem, ("packaging_adjust_years",))
    rows = synthetic_rows(problem, pair + anchor, np.array([0.5, 0.5, -0.5]), width=0.005)
    outcome = fit.run_fit(fit.Problem(rows), chosen=pair + anchor)
    assert set(outcome.dropped) == set(pair)
    assert any("correlation" in why for why in outcome.dropped.values())
    assert outcome.final.chosen == anchor  # the rest fitted again without them
    result = fit.report(outcome, "test")
    flagged = {p["name"]: p for p in result["parameters"]}
    for name in ("tpu_units_2025", "tpu_h100e_per_unit_2025"):
        assert not flagged[name]["identified"] and flagged[name]["z"] == 0.0  # at its prior


def test_check_rows_never_move_the_fit():
    rows = anchors()
    checks = [row for row in rows if fit.role(row) == "check"]
    assert {row.output for row in checks} >= {"capability_gap_months",
                                              "cn_domestic_output_h100e", "tpu_output_units"}
    moved = tuple(dataclasses.replace(row, low=row.low * 10, central=row.central * 10,
                                      high=row.high * 10)
                  if fit.role(row) == "check" else row for row in rows)
    first, second = fit.run_fit(fit.Problem(rows)), fit.run_fit(fit.Problem(moved))
    assert first.chosen == second.chosen
    assert np.array_equal(first.final.z, second.final.z)
    assert [j for j, _ in first.screen] == [j for j, _ in second.screen]


def test_a_changed_prior_makes_the_check_fail_until_the_fit_is_rerun(tmp_path, monkeypatch,
                                                                     capsys):
    for relative in build.GENERATED:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(build.ROOT / relative, tmp_path / relative)
    assert build.main(["--check"], root=tmp_path) == 0
    constant = PRIORS["packaging_adjust_years"]
    changed = dict(PRIORS) | {constant.id: dataclasses.replace(constant, value=0.6)}
    monkeypatch.setattr(fit, "PRIORS", MappingProxyType(changed))
    capsys.readouterr()
    assert build.main(["--check"], root=tmp_path) == 1
    assert "stale: core/catalogue/fit.json" in capsys.readouterr().err
    monkeypatch.setattr(fit, "fit_text", lambda root=None: "{}")  # the rerun, not its numbers
    monkeypatch.setitem(build.GENERATED, fit.FIT_PATH, fit.fit_text)
    monkeypatch.setitem(build.DIGESTED, fit.FIT_PATH, lambda root: (root / fit.FIT_PATH)
                        .read_text(encoding="utf-8") == "{}")
    assert build.main([], root=tmp_path) == 0
    assert build.main(["--check"], root=tmp_path) == 0


def test_the_committed_fit_holds_the_history_and_reports_every_row():
    result = committed()
    assert result is not None
    assert 0 < len(result.parameters) <= fit.MAX_FITTED
    assert [row.quantity for row in result.rows] == [row.quantity for row in anchors()]
    for row in result.rows:
        if row.kind == "history":
            assert row.holds, row.quantity
    for parameter in result.identified:
        assert parameter.se_z < fit.WIDE_AS_PRIOR
    correlation = np.array(result.correlation())
    assert np.all(np.abs(correlation - np.eye(len(correlation))) <= fit.CORRELATION_LIMIT)
    # the constants read the fitted values, and the table's residuals are those of the run
    for name, value in result.fitted_values().items():
        assert CONSTANTS[name].value == value and CONSTANTS[name].prior == PRIORS[name].value
    for check, row in zip(anchor_checks(), result.rows, strict=True):
        assert check.role == row.role
        assert check.model_value == pytest.approx(row.value, rel=1e-4, abs=1e-9)


def clipped_normal(mean: float, se: float, low: float, high: float) -> tuple[float, float]:
    """Mean and standard deviation of a normal draw clipped to [low, high] (a draw past an
    end takes the end's value)."""
    from scipy.stats import norm, truncnorm

    a, b = (low - mean) / se, (high - mean) / se
    below, above = norm.cdf(a), norm.sf(b)
    inside = 1.0 - below - above
    centre, spread = truncnorm.stats(a, b, loc=mean, scale=se, moments="mv")
    first = low * below + high * above + inside * centre
    second = low ** 2 * below + high ** 2 * above + inside * (spread + centre ** 2)
    return float(first), float(np.sqrt(second - first ** 2))


def test_monte_carlo_draws_the_fitted_constants_jointly():
    result = committed()
    samples = constant_samples(constant_draws(11, 0, 20_000))
    members = [p.members[0] for p in result.identified]
    draws = np.array([samples[CONSTANTS[m.id].key] for m in members])
    for row, member in zip(draws, members, strict=True):
        mean, std = clipped_normal(member.value, member.se, member.low, member.high)
        assert row.mean() == pytest.approx(mean, abs=0.05 * member.sigma)
        assert row.std() == pytest.approx(std, rel=0.05)
        assert row.min() >= member.low and row.max() <= member.high
    # clipping to the ranges weakens a correlation a little: compare with a joint normal
    # draw clipped the same way
    se = np.array([m.se for m in members])
    joint = np.random.default_rng(3).multivariate_normal(
        [m.value for m in members], np.array(result.correlation()) * np.outer(se, se), 200_000)
    clipped = np.clip(joint, [m.low for m in members], [m.high for m in members])
    assert np.corrcoef(draws) == pytest.approx(np.corrcoef(clipped.T), abs=0.03)


# History rows fewer than 90% of sampled worlds meet (constants drawn as Monte Carlo draws
# them, levers at the baseline's values), each with the share measured on 1,000 worlds and
# why: the rows pull against each other. US AI power in 2025 sits high in its range (+1.3σ)
# while US installed compute sits low (-0.8σ): more chips would mean more power; the TPU
# constants that would let the two part are not identified by the rows (their standard
# errors stay near their priors'). China revenue hangs on China's chip market and the
# domestic premium, which no fitted row pins down; the open-weight share of late 2024 on
# the logit weights, fitted but broad. A row that reaches 90% leaves this list.
SHORT_OF_NINETY = {
    "US AI data-centre power in 2025 (GW)": 0.84,
    "US vendors' China revenue Feb 2024-Jan 2025 ($B/yr)": 0.75,
    "US installed AI compute at the start of 2025 (H100e)": 0.90,
}


def test_sampled_worlds_stay_inside_the_history_rows():
    """Over 400 sampled worlds, each history row holds in at least 90% of them, or in about
    the share named above (never less than 5 points under it)."""
    from core.analysis.anchor_runs import anchor_scenario
    from core.engine.simulation import run_scenario

    results = run_scenario(anchor_scenario("backcast"),
                           constant_samples(constant_draws(3, 0, 400)))
    for row in anchors():
        if row.kind != "history":
            continue
        values = row.model_values(results)
        inside = float(np.mean((values >= row.low) & (values <= row.high)))
        assert inside >= SHORT_OF_NINETY.get(row.quantity, 0.95) - 0.05, (row.quantity, inside)


def test_an_edited_block_changes_what_the_fit_was_made_from(tmp_path):
    """The digest covers the blocks' source (and the engine and the baseline), not the docs
    generated from them: a changed equation makes `build --check` name core/catalogue/fit.json."""
    for pattern in fit.DEPENDS_ON:
        for path in build.ROOT.glob(pattern):
            target = tmp_path / path.relative_to(build.ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    assert fit.fit_digest(tmp_path) == fit.fit_digest()
    docs = tmp_path / "core/model/docs.py"
    docs.write_text(docs.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert fit.fit_digest(tmp_path) == fit.fit_digest()
    block = tmp_path / "core/model/chips.py"
    block.write_text(block.read_text(encoding="utf-8") + "\nSTEP = 2\n", encoding="utf-8")
    assert fit.fit_digest(tmp_path) != fit.fit_digest()
