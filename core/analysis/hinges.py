"""What a policy effect hinges on: the two uncertain factors that explain most of its spread.

A paired run (``core.analysis.paired``) gives the effect B - A in each of n shared worlds.
A world is one draw of every uncertain lever and ranged constant, so the worlds' draws and
effects are a sample from which each factor's share of the effect's variance can be read
with no further model run. The share is the first-order index (the share of the variance
of the effect explained by the factor alone, Var(E[effect | factor]) / Var(effect)),
estimated by the correlation ratio: the worlds cut into equal-count bins of the factor, the
variance of the bin means over the variance of the effect. It needs no model form (a
U-shaped or a threshold response is found as well as a straight one) and costs one sort
per factor. A factor is a lever Monte Carlo draws, a ranged constant, or a group known only
together: the constants of one group share one draw (one column); the levers of a
``LEVER_GROUPS`` group draw separately, so their index is the R² of an additive fit of the
bin means of each member.

With k bins and no effect at all the estimate is about (k - 1) / (n - 1) from noise alone
(0.018 for 10 bins of 500 worlds); the index is corrected for that (as adjusted R²), so a
factor the effect does not depend on scores about zero. Whether the top two are stable at
the run's size is measured by resampling the worlds (bootstrap): the share of resamples
that rank the same factor first, and the same two first.

For the top two, the effect's median in the lowest and the highest fifth of the worlds by
that factor says what the answer turns on ("US lead +0.8 months if substitution is slow,
-0.3 if fast"); where the effect goes either way in enough worlds, the value of the top
factor at which the binned median crosses zero is the threshold, and What must be true
(scenario discovery on the effect) finds which ranges together make the other sign likely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from core.analysis.sensitivity import LEVER_GROUPS
from core.analysis.uncertainty import constant_factors, uncertain_levers
from core.common.formatting import format_value

SIGN_SHARE = 0.05  # the effect "goes either way" when each sign holds in this share of worlds
BOOTSTRAP = 40  # resamples for the stability of the top two
BOOTSTRAP_SEED = 20251208
BOOTSTRAP_CANDIDATES = 24  # factors of largest share re-estimated in every resample
FIFTH = 0.2


@dataclass(frozen=True)
class WorldFactor:
    """One uncertain factor of the worlds: a drawn lever, a ranged constant, or a group.

    ``keys`` are the run's value keys of its members (lever ids, ``"K.<id>"``); ``shared``
    says they move as one (one draw: a constant group); ``label`` and ``unit`` describe
    the member whose values the thresholds are stated in (the first)."""

    id: str
    label: str
    unit: str
    keys: tuple[str, ...]
    shared: bool


def _constant_label(note: str) -> str:
    """A constant's note cut to the words that name it: its first clause, without asides."""
    head = re.split(r": |\. |; ", note, maxsplit=1)[0].rstrip(".")
    head = re.sub(r" \([^)]*\)", "", head).strip()
    if len(head) > 80:
        head = head[:80].rsplit(" ", 1)[0] + "…"
    return head


def world_factors() -> list[WorldFactor]:
    """Every uncertain factor of the Monte Carlo worlds, in catalogue order: the drawn
    levers (a LEVER_GROUPS group once), then the constant factors (a group once)."""
    factors: dict[str, WorldFactor] = {}
    for lever in uncertain_levers():
        group = LEVER_GROUPS.get(lever.id, (lever.id, ""))[0]
        known = factors.get(group)
        if known is None:
            factors[group] = WorldFactor(group, lever.label, lever.unit, (lever.id,), False)
        else:  # levers fitted together: one factor named after all of them
            factors[group] = WorldFactor(group, f"{known.label} and {lever.label}",
                                         known.unit, (*known.keys, lever.id), False)
    for group, factor in factors.items():
        if len(factor.keys) > 1:
            factors[group] = WorldFactor(group, factor.label + " (fitted together)",
                                         factor.unit, factor.keys, False)
    for name, members in constant_factors():
        first = members[0]
        label = _constant_label(first.note)
        if len(members) > 1:
            label += f" (with {len(members) - 1} more fitted with it)"
        factors[name] = WorldFactor(name, label, first.unit,
                                    tuple(member.key for member in members), True)
    return list(factors.values())


def factor_text(factor: WorldFactor, value: float) -> str:
    """A value of a factor in its unit ('18.0 months'; a pure number without '1')."""
    unit = "" if factor.unit == "1" else factor.unit
    return format_value(value, unit)


def _bins(values: np.ndarray, bins: int) -> np.ndarray:
    """Equal-count bin of every world by its rank (ties split by world order)."""
    order = np.argsort(values, kind="stable")
    ranks = np.empty(values.size, dtype=np.int64)
    ranks[order] = np.arange(values.size)
    return ranks * bins // values.size


def bin_count(n: int) -> int:
    """Bins per factor: about 50 worlds each, 5 to 20 of them."""
    return int(min(20, max(5, n // 50)))


def _adjusted(r2: np.ndarray, n: int, parameters: int) -> np.ndarray:
    """R² corrected for what noise alone gives with this many parameters (adjusted R²)."""
    if n - parameters - 1 <= 0:
        return np.zeros_like(r2)
    return np.maximum(0.0, 1.0 - (1.0 - r2) * (n - 1) / (n - parameters - 1))


def _eta_squared(bins: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    """Correlation ratio of y (resamples, n) over bins (resamples, n) of 0..k-1."""
    rows, n = y.shape
    offsets = (bins + k * np.arange(rows)[:, None]).ravel()
    counts = np.bincount(offsets, minlength=rows * k).reshape(rows, k)
    sums = np.bincount(offsets, weights=y.ravel(), minlength=rows * k).reshape(rows, k)
    mean = y.mean(axis=1, keepdims=True)
    total = ((y - mean) ** 2).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / np.maximum(counts, 1), 0.0)
        between = (counts * (means - mean) ** 2).sum(axis=1)
        return np.where(total > 0, between / total, 0.0)


def _additive_r2(bin_columns: list[np.ndarray], y: np.ndarray, k: int) -> float:
    """R² of y on bin indicators of several members, added (a group drawn separately)."""
    n = y.size
    design = [np.ones(n)]
    for bins in bin_columns:
        design.extend((bins == j).astype(float) for j in range(1, k))
    x = np.column_stack(design)
    coefficients, *_ = np.linalg.lstsq(x, y, rcond=None)
    residual = y - x @ coefficients
    total = float(((y - y.mean()) ** 2).sum())
    return 0.0 if total == 0 else max(0.0, 1.0 - float((residual ** 2).sum()) / total)


@dataclass(frozen=True)
class Driver:
    """A factor and what the effect does at its two ends."""

    factor: WorldFactor
    share: float  # first-order share of the effect's variance (bias-corrected)
    low_value: float  # the factor's value at the top of its lowest fifth of the worlds
    high_value: float  # at the bottom of its highest fifth
    effect_low: float  # the effect's median in the lowest fifth
    effect_high: float  # in the highest fifth


@dataclass(frozen=True)
class Hinge:
    """What one figure's effect hinges on, over the run's worlds."""

    figure_id: str  # a key figure id, or "output@month"
    label: str
    unit: str
    drivers: tuple[Driver, ...]  # the top two, largest share first (fewer if nothing varies)
    top_first: float  # share of bootstrap resamples ranking the same factor first
    top_two: float  # share ranking the same two first (as a set)
    either_way: bool  # each sign holds in at least SIGN_SHARE of the worlds
    threshold: float | None  # the top factor's value where the binned median crosses zero
    below_sign: int  # the sign of the median below the threshold (0: no threshold)
    samples: int
    varies: bool = True  # the effect differs between worlds (False: the same in all)


def _single_share(values: np.ndarray, effect: np.ndarray) -> float:
    k = bin_count(effect.size)
    return float(_eta_squared(_bins(values, k)[None], effect[None], k)[0])


def _member_values(factor: WorldFactor, worlds: dict[str, np.ndarray]) -> list[np.ndarray]:
    keys = factor.keys[:1] if factor.shared else factor.keys
    return [np.asarray(worlds[key], dtype=float) for key in keys]


Binned = dict[str, list[np.ndarray]]  # factor id -> each member's bin of every world


def bin_worlds(worlds: dict[str, np.ndarray], factors: list[WorldFactor]) -> Binned:
    """Every factor's members cut into bin_count equal-count bins: one sort per member,
    shared by every figure explained over the same worlds."""
    n = len(next(iter(worlds.values())))
    k = bin_count(n)
    return {factor.id: [_bins(values, k) for values in _member_values(factor, worlds)]
            for factor in factors}


def factor_shares(effect: np.ndarray, worlds: dict[str, np.ndarray],
                  factors: list[WorldFactor] | None = None,
                  binned: Binned | None = None) -> dict[str, float]:
    """Bias-corrected first-order share of the effect's variance of every factor."""
    factors = world_factors() if factors is None else factors
    binned = bin_worlds(worlds, factors) if binned is None else binned
    y = np.asarray(effect, dtype=float)
    n = y.size
    k = bin_count(n)
    shares = {}
    for factor in factors:
        members = binned[factor.id]
        if len(members) == 1:
            raw = float(_eta_squared(members[0][None], y[None], k)[0])
        else:
            raw = _additive_r2(members, y, k)
        shares[factor.id] = float(_adjusted(np.array(raw), n, len(members) * (k - 1)))
    return shares


def _stability(effect: np.ndarray, binned: Binned, factors: list[WorldFactor],
               top: list[str], shares: dict[str, float]) -> tuple[float, float]:
    """(share of resamples with the same first factor, with the same first two). Only the
    BOOTSTRAP_CANDIDATES factors of largest share are re-estimated: one further down would
    have to gain more than the sampling error of a share to reach the top two."""
    n = effect.size
    k = bin_count(n)
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    picks = rng.integers(0, n, size=(BOOTSTRAP, n))
    y = effect[picks]
    factors = sorted(factors, key=lambda factor: -shares.get(factor.id, 0.0))
    factors = factors[:BOOTSTRAP_CANDIDATES]
    scores = np.empty((BOOTSTRAP, len(factors)))
    for column, factor in enumerate(factors):
        # a group drawn separately: its strongest member stands in (a lower bound)
        scores[:, column] = np.max([_eta_squared(bins[picks], y, k)
                                    for bins in binned[factor.id]], axis=0)
    ids = [factor.id for factor in factors]
    order = np.argsort(-scores, axis=1)
    first = np.mean([ids[row[0]] == top[0] for row in order]) if top else 0.0
    two = (np.mean([{ids[row[0]], ids[row[1]]} == set(top[:2]) for row in order])
           if len(top) >= 2 else first)
    return float(first), float(two)


def _ends(values: np.ndarray, effect: np.ndarray) -> tuple[float, float, float, float]:
    """(value bounding the lowest fifth, the highest, effect median in each)."""
    order = np.argsort(values, kind="stable")
    fifth = max(1, int(round(FIFTH * values.size)))
    low, high = order[:fifth], order[-fifth:]
    return (float(values[low].max()), float(values[high].min()),
            float(np.median(effect[low])), float(np.median(effect[high])))


def _threshold(values: np.ndarray, effect: np.ndarray) -> tuple[float | None, int]:
    """Where the median effect, binned by the factor and smoothed over three bins,
    crosses zero: (the factor's value, the sign below it); (None, 0) if it never does."""
    k = bin_count(values.size)
    bins = _bins(values, k)
    centres = np.array([np.median(values[bins == j]) for j in range(k)])
    medians = np.array([np.median(effect[bins == j]) for j in range(k)])
    padded = np.concatenate([medians[:1], medians, medians[-1:]])
    smooth = np.median(np.stack([padded[:-2], padded[1:-1], padded[2:]]), axis=0)
    signs = np.sign(smooth)
    for j in range(k - 1):
        if signs[j] != 0 and signs[j + 1] != 0 and signs[j] != signs[j + 1]:
            a, b = smooth[j], smooth[j + 1]
            value = centres[j] + (centres[j + 1] - centres[j]) * a / (a - b)
            return float(value), int(signs[j])
    return None, 0


def hinge(effect: np.ndarray, worlds: dict[str, np.ndarray], figure_id: str, label: str,
          unit: str, factors: list[WorldFactor] | None = None, top: int = 2,
          binned: Binned | None = None) -> Hinge:
    """The ``top`` factors that explain most of the effect's spread over the worlds, what
    the effect is at each one's ends, and where it turns sign. ``binned``: the worlds'
    bins (``bin_worlds``), when several figures are explained over the same worlds."""
    factors = world_factors() if factors is None else factors
    binned = bin_worlds(worlds, factors) if binned is None else binned
    effect = np.asarray(effect, dtype=float)
    n = effect.size
    p_positive, p_negative = float(np.mean(effect > 0)), float(np.mean(effect < 0))
    either_way = min(p_positive, p_negative) >= SIGN_SHARE
    shares = factor_shares(effect, worlds, factors, binned) if np.ptp(effect) > 0 else {}
    ranked = sorted((factor for factor in factors if shares.get(factor.id, 0.0) > 0),
                    key=lambda factor: -shares[factor.id])[:top]
    drivers = []
    for factor in ranked:
        members = _member_values(factor, worlds)
        # a group drawn separately is stated in its member that explains most alone
        values = max(members, key=lambda v: _single_share(v, effect))
        driver = Driver(factor, shares[factor.id], *_ends(values, effect))
        # ends with the same median (an effect zero in most worlds) tell a reader nothing
        if driver.effect_low != driver.effect_high:
            drivers.append(driver)
    ranked = [driver.factor for driver in drivers]
    top_first, top_two = (_stability(effect, binned, factors, [f.id for f in ranked], shares)
                          if ranked else (0.0, 0.0))
    threshold, below = None, 0
    if either_way and drivers:
        first = drivers[0].factor
        threshold, below = _threshold(_member_values(first, worlds)[0], effect)
    return Hinge(figure_id, label, unit, tuple(drivers), top_first, top_two, either_way,
                 threshold, below, n, bool(np.ptp(effect) > 0))


def no_driver_text(found: Hinge) -> str:
    """Why no factor is named: the effect is the same everywhere, or no single factor's
    low and high ends show a different median."""
    if not found.varies:
        return "It is the same in every world: it hinges on nothing uncertain."
    return ("It differs in some worlds only, and for no single uncertain factor do the "
            "lowest and the highest fifth of the worlds show a different median effect.")


def _effect(value: float, unit: str) -> str:
    return format_value(value, unit, signed=True)


def driver_text(driver: Driver, unit: str) -> str:
    """'if China substitution delay is low (≤ 14.9 months): +0.80 months; if high
    (≥ 21.2 months): -0.30 months (34% of the spread)'."""
    factor = driver.factor
    return (f"{factor.label}: if low (≤ {factor_text(factor, driver.low_value)}) "
            f"{_effect(driver.effect_low, unit)}, if high "
            f"(≥ {factor_text(factor, driver.high_value)}) {_effect(driver.effect_high, unit)}"
            f" ({driver.share:.0%} of the spread)")


def threshold_text(found: Hinge, what: str, more: str, less: str) -> str:
    """Where the effect turns: 'US lead longer below China substitution delay ≈ 17.1
    months, shorter above', or why no single value says it."""
    if not found.either_way:
        return ""
    if found.threshold is None or not found.drivers:
        return (f"The effect on {what} goes either way, but no single factor turns it: the "
                "ranges of several together decide (What must be true).")
    factor = found.drivers[0].factor
    below, above = (more, less) if found.below_sign > 0 else (less, more)
    return (f"The median effect turns at {factor.label} ≈ "
            f"{factor_text(factor, found.threshold)}: {what} {below} below it, {above} "
            "above.")


def stability_text(found: Hinge) -> str:
    """How steady the top two are at this many worlds."""
    if not found.drivers:
        return ""
    text = (f"Top factor the same in {found.top_first:.0%} of {BOOTSTRAP} resamples of the "
            f"{found.samples:,} worlds" + (f", top two in {found.top_two:.0%}"
                                           if len(found.drivers) > 1 else ""))
    if found.top_first < 0.5 or (len(found.drivers) > 1 and found.top_two < 0.5):
        text += ": at this many worlds another factor could as well take a place; more " \
                "worlds would settle it"
    return text
