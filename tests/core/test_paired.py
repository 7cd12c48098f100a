"""Paired policy effect: scenarios over the same sampled worlds (issue 13, item 0)."""

import html

import numpy as np

from core.analysis.paired import paired_differences, paired_effect, sign_in_words
from core.analysis.uncertainty import sample_levers
from core.catalogue.key_figures import KPIS
from core.cli.main import main
from core.engine.simulation import run_scenario
from core.formats.scenario import load_bundled

FEE = "export_fee_share"


def test_a_scenario_against_itself_has_no_effect_in_any_world():
    base = load_bundled("baseline")
    effect = paired_effect(base, base, 300, 5)
    for kpi in effect.kpis:
        assert kpi.median == kpi.low == kpi.high == 0.0
        assert kpi.p_positive == kpi.p_negative == 0.0


def test_the_worlds_are_the_monte_carlo_draws_and_shared_by_both_scenarios():
    from core.analysis.explore import make_design, sample_values
    base = load_bundled("baseline")
    other = base.with_lever(FEE, 0.3)
    design = make_design(dtype="float64")
    a, b = (sample_values(s, design, 11, 0, 200) for s in (base, other))
    drawn = sample_levers(base, 200, 11)
    for lever in design.levers:
        np.testing.assert_array_equal(a[lever.lever_id], drawn[lever.lever_id])
        np.testing.assert_array_equal(a[lever.lever_id], b[lever.lever_id])
    assert (b[FEE] == 0.3).all() and (a[FEE] == base.lever_values()[FEE]).all()


def test_paired_effect_is_sharper_than_the_difference_of_independent_bands():
    base = load_bundled("baseline")
    other = load_bundled("blackwell_exports")
    diff = paired_differences(base, other, 400, 2)["cn_legal_imports_2026_2028"]
    assert (diff > 0).mean() > 0.95  # more legal imports in (nearly) every world
    effect = paired_effect(base, other, 400, 2)
    imports = next(k for k in effect.kpis if k.kpi_id == "cn_legal_imports_2026_2028")
    assert imports.p_positive > 0.95 and imports.low <= imports.median <= imports.high
    assert [k.kpi_id for k in effect.kpis] == list(KPIS)


def test_cli_compare_with_mc_prints_the_paired_table(capsys):
    assert main(["compare", "baseline", "blackwell_exports", "--mc", "200", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    assert "same 200 sampled worlds (seed 4)" in out
    assert "P(diff>0)" in out and "5-95% range" in out
    for kpi_id in KPIS:
        assert kpi_id in out


def test_every_key_figure_reads_in_words_with_the_likelier_direction_first():
    from core.analysis.paired import EFFECT_WORDS, PairedKpi, figure_ids, sign_in_words
    assert set(EFFECT_WORDS) == set(figure_ids())
    lead = PairedKpi("capability_gap_2030", "US capability lead, end 2030", "months",
                     -1.0, -2.0, 0.1, 0.13, 0.87)
    assert sign_in_words(lead) == "US lead shorter in 87% of worlds, longer in 13%"
    rare = PairedKpi("us_stranded_2028", "US stranded chips", "H100e", 1.0, 0.0, 2.0,
                     0.998, 0.001)
    assert sign_in_words(rare) == "US stranded chips more in over 99% of worlds, fewer in under 1%"
    same = PairedKpi("access_index_2030", "Access index", "share", 0.0, 0.0, 0.0, 0.0, 0.0)
    assert sign_in_words(same) == "Access index the same in every world"


def test_effects_against_another_reference_count_progress_over_every_pair():
    from core.analysis.paired import paired_effects
    scenarios = [(name, load_bundled(name)) for name in
                 ("baseline", "blackwell_exports", "safe_chips_act")]
    seen = []
    effects = paired_effects(scenarios, 150, 3, reference=1,
                             progress=lambda done, total: seen.append((done, total)))
    assert [(e.reference, e.other) for e in effects] == [
        ("blackwell_exports", "baseline"), ("blackwell_exports", "safe_chips_act")]
    assert seen == [(150, 300), (300, 300)]
    direct = paired_effect(scenarios[1][1], scenarios[2][1], 150, 3)
    assert effects[1].kpis == direct.kpis


def test_the_briefing_shows_the_paired_effect_of_the_same_worlds():
    from core.common.formatting import format_value
    from core.reports.briefing import BRIEFING_PAIRED_SAMPLES, briefing_html
    base, ban = load_bundled("baseline"), load_bundled("safe_chips_act")
    page = briefing_html(ban, run_scenario(ban), run_scenario(base), [], reference=base)
    section = page[page.index("<h2>Policy effect with uncertainty</h2>"):
                   page.index("<h2>What this scenario changes</h2>")]
    samples = min(BRIEFING_PAIRED_SAMPLES, ban.uncertainty.samples)
    effect = paired_effect(base, ban, samples, ban.uncertainty.seed)
    for kpi in effect.kpis:
        row = (f"<td>{html.escape(kpi.label)}</td>"
               f"<td class='num'>{html.escape(format_value(kpi.median, kpi.unit, signed=True))}"
               f"</td><td class='num'>{html.escape(format_value(kpi.low, kpi.unit, signed=True))}"
               f" to {html.escape(format_value(kpi.high, kpi.unit, signed=True))}</td>"
               f"<td>{html.escape(sign_in_words(kpi))}</td>")
        assert row in section, kpi.kpi_id
    assert f"same {samples:,} sampled worlds (seed {ban.uncertainty.seed})" in section
    plain = briefing_html(base, run_scenario(base), run_scenario(base), [], reference=base)
    assert "no effect against it in any world" in plain
