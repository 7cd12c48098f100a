"""Large runs in bounded memory: per-block seeding, the quantile sketch's error against
exact percentiles, streamed Sobol, `airace sweep`, and the sample-count limits."""

import csv
import io
import os
import subprocess
import sys

import numpy as np
import pytest

from core.analysis import sensitivity
from core.analysis.sensitivity import SOBOL_BLOCK, SobolSums, sobol, sobol_estimates
from core.analysis.uncertainty import (
    BAND_DTYPE,
    PERCENTILES,
    SEED_CHUNK,
    QuantileSketch,
    bands_to_csv,
    chunk_bounds,
    monte_carlo,
    sample_levers,
    sample_range,
    uncertain_levers,
)
from core.catalogue.key_figures import KPIS, key_figures
from core.catalogue.outputs import OUTPUTS
from core.cli.analysis import sweep_rows
from core.cli.main import main
from core.common.limits import MAX_MONTE_CARLO_SAMPLES, MAX_SOBOL_BASE_SAMPLES, MAX_SWEEP_SAMPLES
from core.engine.simulation import run_scenario
from core.formats.scenario import load_bundled

FINE_LEVELS = (1, 2, 5, 10, 25, 40, 50, 60, 75, 90, 95, 98, 99)


@pytest.fixture(scope="module")
def baseline():
    return load_bundled("baseline")


def assert_within_half_a_point(estimate: np.ndarray, data: np.ndarray, levels) -> None:
    """estimate (rows, levels) lies between the exact (p - 0.5)th and (p + 0.5)th
    percentiles of data (rows, n), rows holding NaN excepted (both NaN)."""
    nan = np.isnan(data).any(axis=-1)
    assert np.array_equal(np.isnan(estimate).any(axis=-1), nan)
    for column, level in enumerate(levels):
        low = np.percentile(data[~nan], max(level - 0.5, 0), axis=-1)
        high = np.percentile(data[~nan], min(level + 0.5, 100), axis=-1)
        value = estimate[~nan, column]
        bad = ~((value >= low) & (value <= high))
        assert not bad.any(), (level, np.flatnonzero(bad)[:5], value[bad][:5])


def sketch_of(data: np.ndarray, block: int = SEED_CHUNK) -> QuantileSketch:
    sketch = QuantileSketch()
    for first in range(0, data.shape[-1], block):
        sketch.add_sorted(np.sort(data[:, first:first + block], axis=-1))
    return sketch


def test_the_sketch_is_within_half_a_percentile_point_on_awkward_distributions():
    rng = np.random.default_rng(5)
    n = 100_000
    rows = np.stack([
        rng.normal(size=n),
        rng.lognormal(sigma=2.0, size=n),  # heavy right tail
        np.maximum(rng.normal(size=n), 0.3),  # 62% of the mass on one value (a clipped bound)
        np.where(rng.random(n) < 0.5, rng.normal(-50, 1, n), rng.normal(50, 1, n)),  # bimodal
        np.full(n, 7.25),  # constant
        np.round(rng.normal(size=n), 1),  # few distinct values
        np.r_[rng.normal(size=n - 1), np.nan],  # a NaN: NaN, as np.percentile gives
        rng.standard_cauchy(n),  # outliers far beyond the first block's range
    ])
    for dtype in (np.float64, np.float32):
        data = rows.astype(dtype)
        estimate = sketch_of(data).percentiles(FINE_LEVELS)
        assert_within_half_a_point(estimate, data, FINE_LEVELS)


def test_the_sketch_is_exact_for_blocks_no_larger_than_its_points():
    data = np.random.default_rng(1).normal(size=(3, 5_000))
    estimate = sketch_of(data, block=1_000).percentiles(FINE_LEVELS)
    assert np.allclose(estimate, np.percentile(data, FINE_LEVELS, axis=-1).T)


@pytest.mark.slow
def test_streamed_monte_carlo_is_within_half_a_point_of_the_exact_percentiles(baseline):
    n, seed = 100_000, 8
    outputs = list(OUTPUTS)[::6]
    bands = monte_carlo(baseline, n=n, seed=seed, outputs=outputs)
    series = {output_id: [] for output_id in outputs}
    figures = {kpi_id: [] for kpi_id in KPIS}
    for first, last in chunk_bounds(n, SEED_CHUNK):  # the same samples, kept whole
        results = run_scenario(baseline, sample_range(baseline, seed, first, last), BAND_DTYPE)
        for output_id in outputs:
            series[output_id].append(results.series[output_id])
        for kpi_id, values in key_figures(results).items():
            figures[kpi_id].append(values)
    for output_id in outputs:
        assert_within_half_a_point(bands.percentiles[output_id].T,
                                   np.concatenate(series[output_id], axis=1), PERCENTILES)
    exact = np.stack([np.concatenate(figures[kpi_id]) for kpi_id in KPIS])
    assert_within_half_a_point(np.stack([bands.kpi_percentiles[k] for k in KPIS]), exact,
                               PERCENTILES)


def test_samples_are_seeded_per_block_so_any_run_size_shares_its_first_samples(baseline):
    small = sample_levers(baseline, 30, seed=4)
    large = sample_range(baseline, 4, 0, SEED_CHUNK + 30)
    second_block = sample_range(baseline, 4, SEED_CHUNK, SEED_CHUNK + 30)
    lever = uncertain_levers()[0]
    assert np.array_equal(small[lever.id], large[lever.id][:30])
    assert np.array_equal(second_block[lever.id], large[lever.id][SEED_CHUNK:])
    assert not np.array_equal(second_block[lever.id], small[lever.id])
    column = [lever.id for lever in uncertain_levers()].index(lever.id)
    u = np.random.default_rng([4, 1]).random((30, len(uncertain_levers())))[:, column]
    from core.analysis.uncertainty import lever_samples

    value = baseline.lever_values()[lever.id]
    assert np.array_equal(second_block[lever.id], lever_samples(lever, value, u))


@pytest.mark.slow
def test_a_streamed_run_does_not_depend_on_workers_or_chunks(baseline):
    n = 2 * SEED_CHUNK + 123
    outputs = list(OUTPUTS)[:2]
    one = monte_carlo(baseline, n=n, seed=2, outputs=outputs, workers=1, chunk=3_000)
    two = monte_carlo(baseline, n=n, seed=2, outputs=outputs, workers=2)
    assert bands_to_csv(one) == bands_to_csv(two)
    for kpi_id, values in one.kpi_percentiles.items():
        assert values.tobytes() == two.kpi_percentiles[kpi_id].tobytes()


def test_streamed_sobol_sums_equal_the_whole_estimate():
    rng = np.random.default_rng(3)
    f_a, f_b = rng.normal(5e6, 1, 3_000), rng.normal(5e6, 1, 3_000)
    f_ab = rng.normal(5e6, 1, (4, 3_000))
    sums = SobolSums(4)
    for first in range(0, 3_000, 700):
        part = slice(first, first + 700)
        sums.add(f_a[part], f_b[part], f_ab[:, part])
    whole = sobol_estimates(f_a, f_b, f_ab)
    variance = np.var(np.concatenate([f_a, f_b]))
    expected_first = np.mean(f_b * (f_ab - f_a), axis=1) / variance
    for streamed, direct in zip(sums.estimates(), whole, strict=True):
        assert np.allclose(streamed, direct, rtol=1e-9, atol=1e-12)
    assert np.allclose(whole[0], expected_first, rtol=1e-9)


@pytest.mark.slow
def test_sobol_never_holds_more_than_one_block_of_base_samples(baseline, monkeypatch):
    sizes = []
    design = sensitivity.grouped_design
    monkeypatch.setattr(sensitivity, "grouped_design",
                        lambda a, b, factors: sizes.append(a.shape[0]) or design(a, b, factors))
    calls = []
    base = 3 * SOBOL_BLOCK + 5
    indices = sobol(baseline, next(iter(KPIS)), base_samples=base, seed=1,
                    progress=lambda done, total: calls.append((done, total)))
    assert sizes == [SOBOL_BLOCK] * 3 + [5]
    k = len(sensitivity.sobol_factors()[2])
    assert calls[-1] == ((k + 2) * base, (k + 2) * base)
    assert len(indices) == k


@pytest.mark.parametrize(("argv", "limit"), [
    (["mc", "baseline", "-n", str(MAX_MONTE_CARLO_SAMPLES + 1)], MAX_MONTE_CARLO_SAMPLES),
    (["sensitivity", "baseline", "--kpi", next(iter(KPIS)), "--base-samples",
      str(MAX_SOBOL_BASE_SAMPLES + 1)], MAX_SOBOL_BASE_SAMPLES),
    (["brief", "baseline", "--pdf", "b.pdf", "--mc", str(MAX_MONTE_CARLO_SAMPLES + 1)],
     MAX_MONTE_CARLO_SAMPLES),
])
def test_sample_counts_above_the_limit_are_refused_up_front(argv, limit, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert f"the limit is {limit:,}" in err and "airace sweep" in err


def test_sweep_above_its_limit_is_refused_without_pointing_to_itself(capsys, tmp_path):
    out = tmp_path / "s.csv"
    assert main(["sweep", "baseline", "-n", str(MAX_SWEEP_SAMPLES + 1), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"the limit is {MAX_SWEEP_SAMPLES:,}" in err and "use `airace sweep`" not in err
    assert not out.exists()


def test_sweep_writes_monte_carlos_samples_and_their_key_figures(baseline, tmp_path, capsys):
    out = tmp_path / "sweep.csv"
    n, seed = 300, 12
    assert main(["sweep", "baseline", "-n", str(n), "--seed", str(seed), "--out", str(out)]) == 0
    assert "300 samples, seed 12" in capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out.read_text())))
    levers = [lever.id for lever in uncertain_levers()]
    assert rows[0] == ["sample", *levers, *KPIS]
    assert [int(row[0]) for row in rows[1:]] == list(range(n))
    table = np.array([[float(v) for v in row[1:]] for row in rows[1:]])
    samples = sample_levers(baseline, n, seed)
    for column, lever_id in enumerate(levers):
        assert np.array_equal(table[:, column], samples[lever_id])  # exact round trip
    figures = key_figures(run_scenario(baseline, samples, BAND_DTYPE))
    for column, kpi_id in enumerate(KPIS, start=len(levers)):
        assert np.allclose(table[:, column], figures[kpi_id], rtol=1e-6, equal_nan=True)
    bands = monte_carlo(baseline, n=n, seed=seed, outputs=[])
    for column, kpi_id in enumerate(KPIS, start=len(levers)):
        expected = np.percentile(table[:, column], PERCENTILES)
        assert np.allclose(bands.kpi_percentiles[kpi_id], expected, rtol=1e-6, equal_nan=True)


@pytest.mark.slow
def test_sweep_yields_one_piece_per_chunk(baseline):
    from core.analysis.uncertainty import DEFAULT_CHUNK

    n = 2 * DEFAULT_CHUNK + 1
    pieces = list(sweep_rows(baseline, n, 1))
    assert len(pieces) == 1 + len(list(chunk_bounds(n, DEFAULT_CHUNK)))
    assert sum(piece.count("\n") for piece in pieces) == n + 1


def peak_mb(argv: list[str]) -> float:
    child = subprocess.Popen([sys.executable, "-m", "core.cli.main", *argv],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, argv
    return usage.ru_maxrss / 1024


@pytest.mark.slow
@pytest.mark.subprocess
def test_monte_carlo_memory_does_not_grow_with_the_sample_count():
    # every output kept whole costs ~19 kB a sample: 40,000 more would add ~750 MB
    small = peak_mb(["mc", "baseline", "-n", str(2 * SEED_CHUNK), "--seed", "1"])
    large = peak_mb(["mc", "baseline", "-n", str(6 * SEED_CHUNK), "--seed", "1"])
    assert large < small + 100, (small, large)
