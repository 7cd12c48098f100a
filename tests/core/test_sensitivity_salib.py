"""Trustworthy sensitivity (issue 13, item 4): Sobol' sampling, bootstrap intervals, Morris,
policy levers on request; cross-checked against SALib (a test-only dependency)."""

import warnings

import numpy as np
import pytest

from core.analysis import sensitivity
from core.analysis.sensitivity import (
    _block_uniforms,
    bootstrap_indices,
    centred_estimates,
    morris,
    morris_design,
    morris_effects,
    saltelli_design,
    sobol,
    sobol_analysis,
    sobol_factors,
    top_agreement,
)
from core.catalogue.levers import is_policy, policy_levers
from core.cli.main import main
from core.formats.scenario import load_bundled

ISHIGAMI_FIRST = np.array([0.3139, 0.4424, 0.0])
ISHIGAMI_TOTAL = np.array([0.5576, 0.4424, 0.2437])


def ishigami(x, a=7.0, b=0.1):
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def salib():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sample = pytest.importorskip("SALib.sample.sobol")
        analyze = pytest.importorskip("SALib.analyze.sobol")
    return sample, analyze


def test_sobol_sequence_indices_on_ishigami_match_salib_and_the_exact_values():
    sample, analyze = salib()
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
    n = 4096
    u = _block_uniforms("sobol", 3, 6)(0, n)
    a, b = -np.pi + 2 * np.pi * u[:, :3], -np.pi + 2 * np.pi * u[:, 3:]
    ab = saltelli_design(a, b)
    f_a, f_b, f_ab = ishigami(a), ishigami(b), ishigami(ab.reshape(-1, 3)).reshape(3, n)
    first, total = centred_estimates(f_a, f_b, f_ab)
    np.testing.assert_allclose(first, ISHIGAMI_FIRST, atol=0.03)
    np.testing.assert_allclose(total, ISHIGAMI_TOTAL, atol=0.03)
    # SALib's estimators on our very samples, in its row layout [A, AB_1..AB_k, B]
    rows = np.concatenate([f_a[:, None], f_ab.T, f_b[:, None]], axis=1).reshape(-1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = analyze.analyze(problem, rows, calc_second_order=False, seed=1)
    np.testing.assert_allclose(first, theirs["S1"], atol=1e-9)
    np.testing.assert_allclose(total, theirs["ST"], atol=1e-9)
    # and SALib's own sample and analysis land on the same values
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        x = sample.sample(problem, n, calc_second_order=False, seed=2)
        own = analyze.analyze(problem, ishigami(x), calc_second_order=False, seed=1)
    np.testing.assert_allclose(first, own["S1"], atol=0.03)
    np.testing.assert_allclose(total, own["ST"], atol=0.03)
    # bootstrap intervals as wide as SALib's confidence (normal approximation)
    boot_first, boot_total = bootstrap_indices(f_a, f_b, f_ab, 300, 5)
    half = (np.percentile(boot_total, 97.5, axis=0) - np.percentile(boot_total, 2.5, axis=0)) / 2
    np.testing.assert_allclose(half, theirs["ST_conf"], rtol=0.35, atol=0.01)


def test_sobol_sequence_beats_random_sampling_on_ishigami():
    errors = {}
    for sampling in ("sobol", "random"):
        worst = []
        for seed in range(4):
            u = _block_uniforms(sampling, seed, 6)(0, 1024)
            a, b = -np.pi + 2 * np.pi * u[:, :3], -np.pi + 2 * np.pi * u[:, 3:]
            ab = saltelli_design(a, b).reshape(-1, 3)
            first, total = centred_estimates(ishigami(a), ishigami(b),
                                           ishigami(ab).reshape(3, 1024))
            worst.append(np.abs(total - ISHIGAMI_TOTAL).max())
        errors[sampling] = np.mean(worst)
    assert errors["sobol"] < errors["random"]


@pytest.mark.slow
def test_model_indices_match_salib_on_the_same_runs(monkeypatch):
    _, analyze = salib()
    base = load_bundled("baseline")
    kept = {}
    real = sensitivity.centred_estimates

    def spy(f_a, f_b, f_ab):
        kept.setdefault("runs", (f_a.copy(), f_b.copy(), f_ab.copy()))
        return real(f_a, f_b, f_ab)

    monkeypatch.setattr(sensitivity, "centred_estimates", spy)
    analysis = sobol_analysis(base, "us_power_gap_2028", 256, 3, bootstrap=0)
    f_a, f_b, f_ab = kept["runs"]
    _, _, factors = sobol_factors()
    names = [f"{factor.id}:{column}" for factor in factors for column in factor.columns]
    groups = [factor.id for factor in factors for _ in factor.columns]  # SALib's groups
    problem = {"num_vars": len(names), "names": names, "groups": groups,
               "bounds": [[0, 1]] * len(names)}
    rows = np.concatenate([f_a[:, None], f_ab.T, f_b[:, None]], axis=1).reshape(-1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = analyze.analyze(problem, rows, calc_second_order=False, seed=1)
    ours = {index.lever_id: index for index in analysis.indices}
    assert len(theirs["S1"]) == len(factors) < len(names)  # one index per group
    for position, factor in enumerate(factors):
        assert ours[factor.id].first_order == pytest.approx(theirs["S1"][position], abs=1e-9)
        assert ours[factor.id].total_order == pytest.approx(theirs["ST"][position], abs=1e-9)


@pytest.mark.slow
def test_bootstrap_intervals_hold_the_estimates_and_top5_agreement_is_reported():
    analysis = sobol_analysis(load_bundled("baseline"), "us_power_gap_2028", 512, 3,
                              bootstrap=100)
    assert 0 <= analysis.top5_agreement <= 1
    for index in analysis.indices[:5]:
        low, high = index.total_order_ci
        assert low <= index.total_order <= high
        low, high = index.first_order_ci
        assert low - 1e-12 <= high


def test_top_agreement_counts_resamples_with_the_same_top_set():
    total = np.array([0.5, 0.4, 0.3, 0.2, 0.1, 0.0])
    boot = np.array([[0.5, 0.4, 0.3, 0.2, 0.1, 0.0],   # same
                     [0.4, 0.5, 0.3, 0.1, 0.2, 0.0],   # same set, other order
                     [0.5, 0.4, 0.3, 0.2, 0.0, 0.1]])  # another set
    assert top_agreement(total, boot, 5) == pytest.approx(2 / 3)


def test_policy_levers_on_request():
    base = load_bundled("baseline")
    plain = sobol(base, "cn_legal_imports_2026_2028", 64, 1)
    with_policy = sobol(base, "cn_legal_imports_2026_2028", 64, 1, include_policy=True)
    factors = {factor.id for factor in sobol_factors()[2]}
    assert {i.lever_id for i in plain} == factors
    assert {i.lever_id for i in with_policy} == factors | {
        lever.id for lever in policy_levers()}
    assert not {"us_control_reaction", "us_reaction_target_lead_months"} & {
        i.lever_id for i in with_policy}  # reaction settings are no policies to vary
    top = with_policy[0].lever_id
    assert is_policy(top)  # export rules drive legal imports once they may vary


def test_morris_matches_salib_on_the_same_design():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analyze = pytest.importorskip("SALib.analyze.morris")
    k = 3
    design = morris_design(k, 50, 4, 1)
    x = -np.pi + 2 * np.pi * design
    y = ishigami(x)
    mu_star, mu, sigma = morris_effects(design, y, k)
    problem = {"num_vars": k, "names": ["a", "b", "c"], "bounds": [[0, 1]] * k}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = analyze.analyze(problem, design, y, num_levels=4, seed=1)
    np.testing.assert_allclose(mu_star, theirs["mu_star"], rtol=1e-9)
    np.testing.assert_allclose(mu, theirs["mu"], rtol=1e-9)
    np.testing.assert_allclose(sigma, theirs["sigma"], rtol=1e-9)
    assert np.argmax(mu_star) == 1  # x2 moves Ishigami most at these levels


@pytest.mark.slow
def test_morris_on_the_model_ranks_as_sobol_does_at_the_top():
    base = load_bundled("baseline")
    effects = morris(base, "us_power_gap_2028", trajectories=30, seed=2)
    indices = sobol(base, "us_power_gap_2028", 512, 2)
    top_sobol = {index.lever_id for index in indices[:5]}
    assert {effect.lever_id for effect in effects[:5]} & top_sobol


def test_cli_sensitivity_prints_intervals_and_morris(capsys):
    assert main(["sensitivity", "baseline", "--kpi", "us_power_gap_2028", "--base-samples",
                 "128", "--bootstrap", "50"]) == 0
    out = capsys.readouterr().out
    assert "95% interval" in out and "bootstrap resamples" in out and " to " in out
    assert main(["sensitivity", "baseline", "--kpi", "us_power_gap_2028", "--method",
                 "morris", "--include-policy", "--trajectories", "10"]) == 0
    out = capsys.readouterr().out
    assert "Morris screening" in out and "mu*" in out and "export_fee_share" in out


@pytest.mark.slow
def test_cli_until_stable_doubles_until_the_top5_settle(capsys):
    assert main(["sensitivity", "baseline", "--kpi", "open_weight_share_2030", "--base-samples",
                 "128", "--bootstrap", "60", "--until-stable"]) == 0
    out = capsys.readouterr().out
    assert "128 base samples: top 5 the same in" in out and "doubling" in out
    last = out.strip().splitlines()[-1]
    assert "The top 5 are the same in" in last and "raise --base-samples" not in last
