"""Attribution: Shapley values on toy models with known answers, then on the real model."""

import csv
import io
import itertools

import numpy as np
import pytest

from core.analysis.explain import explain, shapley
from core.catalogue.key_figures import KPIS
from core.cli.main import main
from core.engine.simulation import run_scenario
from core.formats.scenario import bundled_names, load_bundled


def additive(weights):
    weights = np.asarray(weights, dtype=float)
    return lambda masks: masks.astype(float) @ weights


def test_additive_model_shapley_equals_one_at_a_time():
    phi, error, alone, none, full, runs = shapley(additive([1.0, -2.0, 3.5]), 3)
    assert runs == 8 and none == 0 and full == pytest.approx(2.5)
    np.testing.assert_allclose(phi, [1.0, -2.0, 3.5])
    np.testing.assert_allclose(alone, phi)
    assert not error.any()


def test_product_splits_the_interaction_evenly():
    # x from 1 to 3, y from 2 to 5: x*y from 2 to 15; alone +4 and +3; interaction 6 split.
    def product(masks):
        x = np.where(masks[:, 0], 3.0, 1.0)
        y = np.where(masks[:, 1], 5.0, 2.0)
        return x * y
    phi, _, alone, none, full, _ = shapley(product, 2)
    np.testing.assert_allclose(alone, [4.0, 3.0])
    np.testing.assert_allclose(phi, [4.0 + 3.0, 3.0 + 3.0])
    assert phi.sum() == full - none == 13.0


def test_exact_matches_the_permutation_definition():
    rng = np.random.default_rng(3)
    table = rng.normal(size=2 ** 4)

    def game(masks):
        return table[(masks * (1 << np.arange(4))).sum(axis=1)]
    phi = shapley(game, 4)[0]
    brute = np.zeros(4)
    orders = list(itertools.permutations(range(4)))
    for order in orders:
        mask = np.zeros((1, 4), dtype=bool)
        before = game(mask)[0]
        for item in order:
            mask[0, item] = True
            after = game(mask)[0]
            brute[item] += (after - before) / len(orders)
            before = after
    np.testing.assert_allclose(phi, brute, atol=1e-12)


def test_sampled_shapley_beyond_the_exact_limit():
    k = 14
    weights = np.arange(1.0, k + 1)
    phi, error, alone, none, full, runs = shapley(additive(weights), k, exact_limit=10)
    np.testing.assert_allclose(phi, weights)  # additive: every order gives the same answer
    assert np.allclose(error, 0) and runs < 2 ** k

    def threeway(masks):  # items plus x0*x1*x2: the interaction 1 splits a third each
        return masks.astype(float) @ weights + masks[:, 0] * masks[:, 1] * masks[:, 2]
    phi, error, alone, none, full, _ = shapley(threeway, k, exact_limit=10, pairs=200)
    assert phi.sum() == pytest.approx(full - none, abs=1e-12)
    assert abs(phi[0] - (1 + 1 / 3)) < 4 * error[0] and error[0] > 0
    np.testing.assert_allclose(phi[3:], weights[3:])
    assert alone[0] == 1.0


def test_sampled_is_reproducible_for_a_seed():
    game = lambda m: (m.astype(float) @ np.arange(12.0)) ** 2  # noqa: E731
    assert np.array_equal(shapley(game, 12, seed=5)[0], shapley(game, 12, seed=5)[0])


def test_real_model_sums_to_the_total_and_matches_direct_runs():
    base = load_bundled("baseline")
    scenario = load_bundled("china_android_strategy").with_lever(
        "us_dc_committed_additions_gw_per_year", 12.0)
    for kpi in ("capability_gap_2030", "us_power_gap_2028", "open_weight_share_2030"):
        result = explain(scenario, base, kpi)
        direct = float(KPIS[kpi](run_scenario(scenario))[0])
        reference = float(KPIS[kpi](run_scenario(base))[0])
        assert result.total == pytest.approx(direct - reference, rel=1e-9, abs=1e-12)
        assert abs(result.residual) <= 1e-9 * max(abs(result.total), 1e-12)
        assert result.exact and result.runs == 2 ** 5
        assert result.interaction == pytest.approx(
            result.total - sum(item.one_at_a_time for item in result.items))


def test_real_model_sampled_above_ten_items_sums_to_the_total():
    base = load_bundled("baseline")
    scenario = base
    for lever_id in ("us_dc_committed_additions_gw_per_year", "us_grid_connection_delay_months",
                     "us_permitting_reform_share", "us_new_generation_gw_per_year",
                     "cn_new_generation_gw_per_year", "cn_dc_share_of_new_generation",
                     "cn_lab_openness", "open_closed_price_ratio", "open_model_lag_months",
                     "open_spillover_rate", "cn_efficiency_gain_per_year"):
        from core.catalogue.levers import LEVERS
        lever = LEVERS[lever_id]
        scenario = scenario.with_lever(lever_id, lever.default + 0.3 * (lever.max - lever.default))
    result = explain(scenario, base, "capability_gap_2030", pairs=8)
    assert not result.exact and len(result.items) == 11
    assert abs(result.residual) <= 1e-9 * abs(result.total)
    assert all(item.standard_error >= 0 for item in result.items)


def test_removed_and_added_events_are_items():
    ban = load_bundled("safe_chips_act")
    blackwell = load_bundled("blackwell_exports")
    result = explain(ban, blackwell, "cn_legal_imports_2026_2028")
    names = [item.item for item in result.items]
    assert any(name.startswith("+ Export ban") for name in names)
    assert any(name.startswith("- Lagged exports") and "(removed)" in name for name in names)
    direct = [float(KPIS["cn_legal_imports_2026_2028"](run_scenario(s))[0])
              for s in (ban, blackwell)]
    assert result.total == pytest.approx(direct[0] - direct[1], rel=1e-9)


def test_history_events_are_not_items_and_nothing_changed_is_empty():
    base = load_bundled("baseline")
    result = explain(base, base, "capability_gap_2030")
    assert result.items == [] and result.total == 0


@pytest.mark.parametrize("name", bundled_names())
def test_cli_explain_sums_to_the_total_for_every_bundled_scenario(tmp_path, capsys, name):
    for kpi in KPIS:
        out = tmp_path / f"{kpi}.csv"
        assert main(["explain", name, "--kpi", kpi, "--csv", str(out)]) == 0
        rows = list(csv.DictReader(io.StringIO(out.read_text())))
        assert list(rows[0]) == ["item", "contribution", "one_at_a_time"]
        assert rows[-1]["item"] == "total"
        parts = sum(float(row["contribution"]) for row in rows[:-1])
        total = float(rows[-1]["contribution"])
        assert abs(parts - total) <= 0.01 * abs(total) + 1e-12
    printed = capsys.readouterr().out
    if name == "baseline":
        assert "Nothing differs" in printed
    else:
        assert "total change" in printed and "interaction" in printed


def test_cli_explain_output_at_a_month_against_another_scenario(capsys):
    assert main(["explain", "tpu_expansion", "--output", "us_power_gap_gw", "--month",
                 "2027-06", "--against", "us_power_crunch"]) == 0
    printed = capsys.readouterr().out
    assert "2027-06" in printed and "US grid-connection delay" in printed


@pytest.mark.parametrize("arguments, named", [
    (["--kpi", "nope"], "capability_gap_2030"),
    (["--output", "nope"], "us_power_gap_gw"),
    (["--output", "us_power_gap_gw", "--month", "2040-01"], "outside the run"),
    (["--output", "us_power_gap_gw", "--month", "soon"], "YYYY-MM"),
    ([], "--kpi"),
])
def test_cli_explain_bad_ids_give_one_line(capsys, arguments, named):
    assert main(["explain", "us_power_crunch", *arguments]) == 2
    error = capsys.readouterr().err
    assert named in error and error.count("\n") == 1


def test_reordered_events_still_sum_and_agree_with_direct_runs():
    base = load_bundled("baseline")
    reordered = base.model_copy(update={"events": [base.events[1], base.events[0],
                                                   *base.events[2:]]})
    scenario = load_bundled("safe_chips_act")
    result = explain(scenario, reordered, "cn_legal_imports_2026_2028")
    direct = [float(KPIS["cn_legal_imports_2026_2028"](run_scenario(s))[0])
              for s in (scenario, reordered)]
    assert result.total == pytest.approx(direct[0] - direct[1], rel=1e-9)
    assert result.notes == ()  # the two history rules do not overlap


def test_a_note_says_when_overlapping_events_apply_in_another_order():
    from core.engine.events import LaggedExports
    first = LaggedExports(start="2026-01", lag_months=3, volume_cap_share=1.0, fee_share=0.0)
    second = LaggedExports(start="2026-01", lag_months=30, volume_cap_share=0.1, fee_share=0.5)
    base = load_bundled("baseline")
    reference = base.model_copy(update={"events": [*base.events, first, second]})
    scenario = base.model_copy(update={"events": [*base.events, second, first]}).with_lever(
        "ascend_yield", 0.7)
    result = explain(scenario, reference, "cn_legal_imports_2026_2028")
    assert len(result.notes) == 1 and "different order" in result.notes[0]
    assert abs(result.residual) <= 1e-9 * abs(result.total)


def test_every_key_figure_reads_nothing_after_its_last_month():
    """explain stops the run at a key figure's last_month; the figure must be the same."""
    from core.engine.simulation import simulate
    scenario = load_bundled("tpu_expansion")
    full = run_scenario(scenario)
    for kpi in KPIS.values():
        assert kpi.last_month
        short = simulate(scenario.lever_values(), scenario.events, scenario.start,
                         kpi.last_month)
        assert float(kpi(short)[0]) == pytest.approx(float(kpi(full)[0]), rel=1e-12)


def test_an_event_given_twice_counts_twice():
    from core.engine.events import PowerBuildoutPush
    push = PowerBuildoutPush(start="2026-01")
    base = load_bundled("baseline")
    once = base.model_copy(update={"events": [*base.events, push]})
    twice = base.model_copy(update={"events": [*base.events, push, push]})
    result = explain(twice, once, "us_power_gap_2028")
    assert [item.key for item in result.items] == ["event:+4"]
    direct = [float(KPIS["us_power_gap_2028"](run_scenario(s))[0]) for s in (twice, once)]
    assert result.total == pytest.approx(direct[0] - direct[1], rel=1e-9) and result.total < 0
