"""What a policy effect hinges on: on synthetic effects whose drivers are known, the method
must name them, give the effect at their ends and the value where the sign turns."""

from __future__ import annotations

import numpy as np
import pytest

from core.analysis.explore import sample_values
from core.analysis.hinges import (
    driver_text,
    factor_shares,
    hinge,
    stability_text,
    threshold_text,
    world_factors,
)
from core.analysis.paired import HINGE_FIGURES, _design, paired_effect, paired_samples
from core.formats.scenario import load_bundled

N = 500


def synthetic_worlds(n: int, seed: int) -> dict[str, np.ndarray]:
    """Uniform draws of every factor member; a shared group's members move as one."""
    rng = np.random.default_rng(seed)
    worlds = {}
    for factor in world_factors():
        shared = rng.random(n)
        for key in factor.keys:
            worlds[key] = shared.copy() if factor.shared else rng.random(n)
    return worlds


def factor(factor_id: str):
    return next(f for f in world_factors() if f.id == factor_id)


def test_factors_cover_every_drawn_lever_and_ranged_constant_once():
    from core.analysis.uncertainty import constant_factors, uncertain_levers
    keys = [key for f in world_factors() for key in f.keys]
    assert len(keys) == len(set(keys))
    expected = {lever.id for lever in uncertain_levers()}
    expected |= {c.key for _, members in constant_factors() for c in members}
    assert set(keys) == expected
    bass = factor("bass_diffusion")
    assert bass.keys == ("bass_p", "bass_q") and not bass.shared
    assert "fitted together" in bass.label
    for f in world_factors():  # plain words: no ids, no constant keys
        assert f.label and "K." not in f.label and "_" not in f.label


@pytest.mark.parametrize("trial", range(12))
def test_the_known_driver_is_named_first_over_500_worlds(trial):
    """A random factor drives the effect (a random monotone or U shape) with a weaker second
    one and noise: the method ranks the two first, in order."""
    rng = np.random.default_rng(1000 + trial)
    factors = world_factors()
    first, second = rng.choice(len(factors), size=2, replace=False)
    worlds = synthetic_worlds(N, trial)
    x1 = worlds[factors[first].keys[0]]
    x2 = worlds[factors[second].keys[0]]
    shape = [lambda x: x, lambda x: -np.exp(2 * x), lambda x: (x - 0.5) ** 2 * 4][trial % 3]
    main = shape(x1)
    effect = 3 * main / main.std() + 1.5 * x2 / x2.std() + rng.normal(0, 1.0, N)
    found = hinge(effect, worlds, "f", "f", "months", factors)
    assert [d.factor.id for d in found.drivers] == [factors[first].id, factors[second].id]
    assert found.drivers[0].share > 0.5 > found.drivers[1].share > 0.1


def test_a_u_shaped_driver_a_correlation_would_miss_is_found():
    worlds = synthetic_worlds(N, 7)
    x = worlds["ascend_yield"]
    effect = (x - 0.5) ** 2 + np.random.default_rng(7).normal(0, 0.01, N)
    assert abs(np.corrcoef(x, effect)[0, 1]) < 0.1  # a linear measure sees nothing
    found = hinge(effect, worlds, "f", "f", "months")
    assert found.drivers[0].factor.id == "ascend_yield"


def test_noise_alone_gives_shares_near_zero():
    worlds = synthetic_worlds(N, 3)
    effect = np.random.default_rng(3).normal(size=N)
    shares = factor_shares(effect, worlds)
    # uncorrected, 10 bins of 500 worlds give about 0.018 each from noise alone
    assert np.mean(list(shares.values())) < 0.005
    assert max(shares.values()) < 0.05


def test_ends_say_the_effect_in_the_lowest_and_highest_fifth():
    worlds = synthetic_worlds(N, 11)
    x = worlds["cn_substitution_delay_months"]
    effect = np.where(x < 0.5, 0.8, -0.3) + np.random.default_rng(11).normal(0, 0.01, N)
    found = hinge(effect, worlds, "capability_gap_2030", "US capability lead, end 2030",
                  "months")
    top = found.drivers[0]
    assert top.factor.id == "cn_substitution_delay_months"
    assert top.low_value == pytest.approx(0.2, abs=0.03)
    assert top.high_value == pytest.approx(0.8, abs=0.03)
    assert top.effect_low == pytest.approx(0.8, abs=0.01)
    assert top.effect_high == pytest.approx(-0.3, abs=0.01)
    text = driver_text(top, "months")
    assert text.startswith("China substitution delay: if low (≤ ")
    assert "+0.799 months, if high" in text and text.endswith("-0.299 months (99% of the spread)")


def test_the_threshold_is_where_the_median_turns_sign():
    worlds = synthetic_worlds(N, 5)
    x = worlds["cn_domestic_chip_growth_per_year"]
    effect = (0.3 - x) + np.random.default_rng(5).normal(0, 0.05, N)  # + below 0.3
    found = hinge(effect, worlds, "capability_gap_2030", "US lead", "months")
    assert found.either_way
    assert found.threshold == pytest.approx(0.3, abs=0.04)
    assert found.below_sign == 1
    words = threshold_text(found, "US lead", "longer", "shorter")
    assert "China domestic chip output growth ≈" in words
    assert words.endswith("US lead longer below it, shorter above.")


def test_no_threshold_when_the_effect_keeps_its_sign():
    worlds = synthetic_worlds(N, 6)
    effect = 1 + worlds["ascend_yield"]
    found = hinge(effect, worlds, "f", "f", "months")
    assert not found.either_way and found.threshold is None
    assert threshold_text(found, "f", "more", "less") == ""


def test_a_group_drawn_separately_is_found_from_both_members():
    """Bass p and q are drawn apart but known only together: an effect of both adds up
    to the group, ahead of a single factor stronger than either member alone."""
    worlds = synthetic_worlds(N, 9)
    rng = np.random.default_rng(9)
    effect = (worlds["bass_p"] + worlds["bass_q"] + 0.9 * worlds["ascend_yield"]
              + rng.normal(0, 0.05, N))
    found = hinge(effect, worlds, "f", "f", "months")
    assert [d.factor.id for d in found.drivers] == ["bass_diffusion", "ascend_yield"]


def test_the_stability_is_high_for_a_clear_driver_and_said():
    worlds = synthetic_worlds(N, 2)
    effect = worlds["ascend_yield"] + 0.1 * np.random.default_rng(2).normal(size=N)
    found = hinge(effect, worlds, "f", "f", "months")
    assert found.top_first == 1.0
    assert stability_text(found).startswith("Top factor the same in 100% of 40 resamples "
                                            "of the 500 worlds")


def test_a_paired_run_keeps_its_worlds_and_explains_the_lead_and_chinas_compute():
    a, b = load_bundled("baseline"), load_bundled("safe_chips_act")
    differences, worlds = paired_samples(a, b, 200, 4)
    drawn = sample_values(b, _design(), 4, 0, 200)
    for key, values in worlds.items():
        assert np.array_equal(values, drawn[key])
    effect = paired_effect(a, b, 200, 4)
    assert [h.figure_id for h in effect.hinges] == list(HINGE_FIGURES)
    for found in effect.hinges:
        assert len(found.drivers) == 2 and found.samples == 200
        # the effect at the top driver's ends is what the worlds show there
        values = worlds[found.drivers[0].factor.keys[0]]
        low = values <= found.drivers[0].low_value
        assert np.median(differences[found.figure_id][low]) == pytest.approx(
            found.drivers[0].effect_low)
    compute = effect.figure(HINGE_FIGURES[1])
    assert compute.unit == "H100e" and "China" in compute.label


def test_what_must_be_true_on_an_effect_reads_the_paired_runs_differences():
    from core.analysis.discover import Condition, discover, sample_table
    a, b = load_bundled("baseline"), load_bundled("safe_chips_act")
    condition = Condition(0.0, False, kpi="capability_gap_2030",
                          effect="SAFE Chips Act against the baseline")
    _, _, figure = sample_table(b, condition, 200, 4, reference=a)
    differences, _ = paired_samples(a, b, 200, 4)
    assert np.array_equal(figure, differences["capability_gap_2030"])
    found = discover(b, condition, 200, 4, reference=a)
    assert found.result.cases == int(np.sum(differences["capability_gap_2030"] < 0))
    assert condition.describe() == ("Effect of SAFE Chips Act against the baseline on US "
                                    "capability lead, end 2030 below 0 months")
    with pytest.raises(ValueError, match="vary none of them"):
        discover(b, condition, 200, 4, policy=["export_lag_months"], reference=a)


def test_cli_compare_mc_says_what_the_effect_hinges_on_and_the_command_to_ask_why(capsys):
    import shlex

    from core.cli.main import main
    assert main(["compare", "baseline", "safe_chips_act", "--mc", "200", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    section = out[out.index("What the effect of safe_chips_act hinges on"):]
    effect = paired_effect(load_bundled("baseline"), load_bundled("safe_chips_act"), 200, 4)
    for found in effect.hinges:
        assert f"{found.label}: median " in section
        for driver in found.drivers:  # plain labels and units, never ids
            assert f"  - {driver_text(driver, found.unit)}" in section
            assert driver.factor.id not in section
    lead = effect.figure("capability_gap_2030")
    assert lead.p_positive > 0.05 and lead.p_negative > 0.05  # the ban's effect goes both ways
    assert "The median effect turns at " in section
    commands = [line.strip() for line in section.splitlines()
                if line.strip().startswith("airace discover")]
    assert commands[0] == ("airace discover safe_chips_act --against baseline --kpi "
                           "capability_gap_2030 --below 0 -n 200 --seed 4")
    assert main(shlex.split(commands[0])[1:]) == 0
    asked = capsys.readouterr().out
    cases = round(lead.p_negative * 200)
    assert f"below 0 months: {cases} of 200 sampled worlds" in asked


def test_an_effect_zero_in_most_worlds_names_no_factor_whose_ends_show_nothing():
    """China's compute under a US power crunch: zero in three worlds of four, a loss in the
    rest. A factor whose lowest and highest fifth both give a median of zero explains
    nothing a reader can use, so none is named, and the text says why."""
    from core.analysis.hinges import no_driver_text

    rng = np.random.default_rng(7)
    worlds = synthetic_worlds(N, 7)
    effect = np.where(rng.random(N) < 0.25, -rng.random(N), 0.0)
    found = hinge(effect, worlds, "cn_powered_h100e@2030-12", "China's compute", "H100e")
    assert found.varies and found.drivers == ()
    assert no_driver_text(found).startswith("It differs in some worlds only")
    same = hinge(np.zeros(N), worlds, "cn_powered_h100e@2030-12", "China's compute", "H100e")
    assert not same.varies and no_driver_text(same).startswith("It is the same in every world")
