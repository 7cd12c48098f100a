"""Scenario discovery with PRIM (Friedman and Fisher 1999), as the EMA workbench does it.

Given N sampled worlds (lever values x) and which of them meet a condition (y, boolean),
find a box of lever ranges where the condition holds far more often than overall.
Peeling: from the box holding every sample, repeatedly cut off the alpha share (0.05) of the
box's samples at the low or the high end of one lever, choosing the cut with the best
"lenient 1" objective (gain in the share meeting the condition per sample removed, EMA's
default), until the box would hold under ``mass_min`` of the samples or no cut helps.
Pasting: then widen the box one restricted lever at a time while that raises the share.
Every step is a point of the peeling trajectory, the coverage/density trade-off:

- coverage: the share of all samples meeting the condition that lie in the box;
- density: the share of the box's samples that meet the condition;
- mass: the share of all samples in the box.

Quantiles follow EMA's ``get_quantile`` (sdtoolkit's rule: midway between neighbouring
order statistics, stepping past ties), so the boxes match EMA's on the same data. The work
is vectorised over levers and the data shrink with the box, so 10^6 rows take seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

PEEL_ALPHA = 0.05
PASTE_ALPHA = 0.05
MASS_MIN = 0.05
THREADS = 2  # numpy releases the GIL in sorts and compresses


@dataclass(frozen=True)
class PrimBox:
    """One point of the trajectory: a box and its statistics."""

    limits: dict[str, tuple[float, float]]  # every lever's (low, high) in this box
    restricted: dict[str, tuple[float, float]]  # the levers the box restricts
    coverage: float
    density: float
    mass: float
    samples: int  # samples in the box
    step: str  # "start", "peel" or "paste"


@dataclass(frozen=True)
class PrimResult:
    names: list[str]
    trajectory: list[PrimBox]
    total: int  # samples
    cases: int  # samples meeting the condition

    @property
    def final(self) -> PrimBox:
        return self.trajectory[-1]

    def choose(self, min_density: float | None = None) -> PrimBox:
        """The box of highest coverage with at least ``min_density`` (default: the last,
        densest box, as EMA shows first)."""
        if min_density is None:
            return self.final
        fitting = [box for box in self.trajectory if box.density >= min_density]
        if not fitting:
            return max(self.trajectory, key=lambda box: box.density)
        return max(fitting, key=lambda box: (box.coverage, box.density))


def _sorted_quantile(values: np.ndarray, position: float, upper: bool) -> float:
    """EMA's get_quantile of sorted values at fractional index ``position``."""
    low, high = int(np.floor(position)), int(np.ceil(position))
    v_low, v_high = values[low], values[high]
    if v_low == v_high:
        if upper:  # step down past the ties
            index = int(np.searchsorted(values, v_high, "left")) - 1
            v_low = values[index] if index >= 0 else v_high
        else:
            index = int(np.searchsorted(values, v_low, "right"))
            v_high = values[index] if index < values.size else v_low
    return float((v_low + v_high) / 2)


def _single_quantile(values: np.ndarray, quantile: float) -> float:
    return _sorted_quantile(np.sort(values), (values.size - 1) * quantile, quantile > 0.5)


def prim(x: np.ndarray, y: np.ndarray, names: Sequence[str], peel_alpha: float = PEEL_ALPHA,
         paste_alpha: float = PASTE_ALPHA, mass_min: float = MASS_MIN) -> PrimResult:
    """PRIM over x (samples, levers) for the boolean condition y (samples,)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=bool)
    n, d = x.shape
    if y.shape != (n,):
        raise ValueError(f"y has shape {y.shape}, expected ({n},)")
    if len(names) != d:
        raise ValueError(f"{len(names)} names for {d} columns")
    cases = int(y.sum())
    if n == 0 or cases == 0:
        raise ValueError("no sample meets the condition: there is nothing to find a box for")
    initial = np.stack([x.min(axis=0), x.max(axis=0)], axis=1)  # (d, 2)
    limits = initial.copy()
    yf = y.astype(float)
    trajectory = [_box(names, limits, initial, cases, cases, n, n, "start")]
    # Peeling keeps every varying lever's box samples sorted (values, row ids, hits): a
    # quantile is an index, a cut's counts a binary search, and a peel one compress.
    varying = [j for j in range(d) if initial[j, 0] < initial[j, 1]]
    x = np.asfortranarray(x)  # every lever's samples contiguous

    def sorted_column(j: int) -> list[np.ndarray]:
        order = np.argsort(x[:, j])  # ties never straddle a cut: order among them is moot
        return [x[order, j], order.astype(np.int32), y[order]]

    def compress(column: list[np.ndarray]) -> None:
        mask = keep_rows[column[1]]
        column[:] = [part[mask] for part in column]

    pool = ThreadPoolExecutor(THREADS)
    columns = list(pool.map(sorted_column, varying))
    hits, m = cases, n
    keep_rows = np.ones(n, dtype=bool)
    while columns:
        mean_old = hits / m
        best = None
        low_index = (m - 1) * peel_alpha
        high_index = (m - 1) * (1 - peel_alpha)
        for position, (values, _, hit) in enumerate(columns):
            j = varying[position]
            for side in ("upper", "lower"):
                cut = _sorted_quantile(values, high_index if side == "upper" else low_index,
                                       side == "upper")
                if side == "upper":
                    kept = int(np.searchsorted(values, cut, "right"))
                    removed_hits = int(np.count_nonzero(hit[kept:]))
                else:
                    removed = int(np.searchsorted(values, cut, "left"))
                    kept = m - removed
                    removed_hits = int(np.count_nonzero(hit[:removed]))
                if kept == m:
                    continue
                mean_new = (hits - removed_hits) / kept if kept else 0.0
                objective = (mean_new - mean_old) / (m - kept) if mean_new != mean_old else 0.0
                new_limits = limits.copy()
                new_limits[j, 1 if side == "upper" else 0] = cut
                free = int(np.sum(~_restricted(new_limits, initial)))
                score = (objective, free)
                if best is None or score > best[0]:
                    best = (score, position, side, kept, removed_hits, new_limits)
        if best is None:
            break
        (objective, _), position, side, kept, removed_hits, new_limits = best
        if not (kept / n >= mass_min and kept < m and objective > 0):
            break
        ids = columns[position][1]
        dropped = ids[kept:] if side == "upper" else ids[:m - kept]
        keep_rows[dropped] = False
        list(pool.map(compress, columns))
        hits -= removed_hits
        m = kept
        limits = new_limits
        trajectory.append(_box(names, limits, initial, hits, cases, kept, n, "peel"))
    pool.shutdown()
    # pasting over every sample
    in_box = keep_rows
    while True:
        restricted = np.flatnonzero(_restricted(limits, initial))
        if restricted.size == 0:
            break
        mean_old = yf[in_box].mean()
        m = int(in_box.sum())
        outside = np.stack([(x[:, j] < limits[j, 0]) | (x[:, j] > limits[j, 1])
                            for j in restricted])  # (r, n)
        count = outside.sum(axis=0)
        best = None
        for position, j in enumerate(restricted):
            others_in = (count - outside[position]) == 0
            column = x[:, j]
            for side in ("lower", "upper"):
                if side == "lower":
                    pool = others_in & (column <= limits[j, 0])
                    data = column[pool]
                    value = _single_quantile(data, 1 - paste_alpha) if data.size \
                        else initial[j, 0]
                    new_in = others_in & (column >= value) & (column <= limits[j, 1])
                else:
                    pool = others_in & (column >= limits[j, 1])
                    data = column[pool]
                    value = _single_quantile(data, paste_alpha) if data.size \
                        else initial[j, 1]
                    new_in = others_in & (column <= value) & (column >= limits[j, 0])
                kept = int(new_in.sum())
                mean_new = float(yf[new_in].mean()) if kept else 0.0
                objective = (mean_new - mean_old) / abs(kept - m) \
                    if mean_new != mean_old and kept != m else 0.0
                new_limits = limits.copy()
                new_limits[j, 0 if side == "lower" else 1] = value
                free = int(np.sum(~_restricted(new_limits, initial)))
                score = (objective, free)
                if best is None or score > best[0]:
                    best = (score, new_in, new_limits, mean_new)
        (objective, _), new_in, new_limits, mean_new = best
        kept = int(new_in.sum())
        if not (kept / n >= mass_min and kept > m and objective > 0 and mean_new > mean_old):
            break
        in_box, limits = new_in, new_limits
        trajectory.append(_box(names, limits, initial, int(y[in_box].sum()), cases, kept, n,
                               "paste"))
    return PrimResult(list(names), trajectory, n, cases)


def _restricted(limits: np.ndarray, initial: np.ndarray) -> np.ndarray:
    return (limits[:, 0] > initial[:, 0]) | (limits[:, 1] < initial[:, 1])


def _box(names, limits, initial, hits, cases, count, n, step) -> PrimBox:
    restricted = _restricted(limits, initial)
    spans = {name: (float(low), float(high))
             for name, (low, high) in zip(names, limits, strict=True)}
    return PrimBox(spans, {name: spans[name] for name, r in zip(names, restricted, strict=True)
                           if r}, hits / cases, hits / count if count else 0.0, count / n,
                   count, step)
