"""Goal seek: the lever value that makes an output reach a target in a given month.

A grid of lever values over the lever's whole range runs as one vectorised batch; the
bracket where the output crosses the target is then narrowed by batched grid refinement
(each round a 64-point grid inside the last bracket), so a handful of simulate calls reach
the answer to well below the lever's display precision.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.catalogue.levers import LEVERS
from core.catalogue.outputs import OUTPUTS
from core.common.formatting import format_value
from core.common.timegrid import parse_month
from core.engine.simulation import run_scenario

GRID_POINTS = 64
MAX_ROUNDS = 6
RELATIVE_TOLERANCE = 1e-6  # of the output's spread over the lever's range


@dataclass(frozen=True)
class GoalSeekResult:
    value: float  # the lever value found (or the closest one when not reached)
    achieved: float  # the output at the month with that value
    reached: bool
    message: str


def _check_ids(scenario, lever_id: str, output_id: str, month: str) -> None:
    if lever_id not in LEVERS:
        raise ValueError(f"unknown lever id {lever_id!r}; known: {', '.join(LEVERS)}")
    if output_id not in OUTPUTS:
        raise ValueError(f"unknown output id {output_id!r}; known: {', '.join(OUTPUTS)}")
    asked, start, end = parse_month(month), parse_month(scenario.start), parse_month(scenario.end)
    if not start <= asked <= end:
        side = "after" if asked > end else "before"
        raise ValueError(f"{month} is {side} this scenario's run ({scenario.start} to "
                         f"{scenario.end})")


def _outputs_at(scenario, lever_id: str, output_id: str, month: str,
                lever_values: np.ndarray) -> np.ndarray:
    results = run_scenario(scenario, {lever_id: np.asarray(lever_values, dtype=float)})
    return np.asarray(results.at(output_id, month), dtype=float)


def _bracket(grid: np.ndarray, residual: np.ndarray, current: float) -> int | None:
    """Index i of the crossing [grid[i], grid[i+1]] nearest the lever's current value."""
    sign = np.sign(residual)
    crossings = np.flatnonzero((sign[:-1] * sign[1:] <= 0) & np.isfinite(residual[:-1])
                               & np.isfinite(residual[1:]))
    if crossings.size == 0:
        return None
    middle = (grid[crossings] + grid[crossings + 1]) / 2
    return int(crossings[np.argmin(np.abs(middle - current))])


def goal_seek(scenario, lever_id: str, output_id: str, target: float,
              month: str) -> GoalSeekResult:
    """The value of ``lever_id`` within its bounds making ``output_id`` equal ``target`` at
    ``month``, all else as in the scenario (events included). Where several values do, the
    one nearest the lever's current value wins."""
    _check_ids(scenario, lever_id, output_id, month)
    lever, output = LEVERS[lever_id], OUTPUTS[output_id]
    target = float(target)
    if not math.isfinite(target):
        raise ValueError(f"target {target}: give a finite number (in {output.unit})")
    current = scenario.lever_values()[lever_id]
    grid = np.linspace(lever.min, lever.max, GRID_POINTS)
    residual = _outputs_at(scenario, lever_id, output_id, month, grid) - target
    spread = float(np.nanmax(np.abs(residual))) if np.isfinite(residual).any() else 0.0
    tolerance = RELATIVE_TOLERANCE * max(spread, abs(target), 1e-12)
    index = _bracket(grid, residual, current)
    if index is None:
        closest = int(np.nanargmin(np.abs(residual))) if np.isfinite(residual).any() else 0
        value, achieved = float(grid[closest]), float(residual[closest] + target)
        return GoalSeekResult(value, achieved, False, _not_reached(
            lever, output, target, month, value, achieved))
    low, high = grid[index], grid[index + 1]
    best_value, best_residual = (low, residual[index]) if abs(residual[index]) <= abs(
        residual[index + 1]) else (high, residual[index + 1])
    for _ in range(MAX_ROUNDS):
        if abs(best_residual) <= tolerance or high - low <= 1e-12 * (lever.max - lever.min):
            break
        grid = np.linspace(low, high, GRID_POINTS)
        residual = _outputs_at(scenario, lever_id, output_id, month, grid) - target
        closest = int(np.nanargmin(np.abs(residual)))
        if abs(residual[closest]) < abs(best_residual):
            best_value, best_residual = float(grid[closest]), float(residual[closest])
        index = _bracket(grid, residual, best_value)
        if index is None:  # cannot happen for a bracket with a sign change; stay safe
            break
        low, high = grid[index], grid[index + 1]
        # a root inside: linear interpolation on the bracket is usually closer still
        if residual[index] != residual[index + 1]:
            guess = low - residual[index] * (high - low) / (residual[index + 1] - residual[index])
            guessed = float(_outputs_at(scenario, lever_id, output_id, month,
                                        np.array([guess]))[0] - target)
            if abs(guessed) < abs(best_residual):
                best_value, best_residual = float(guess), guessed
    value, achieved = float(best_value), float(best_residual + target)
    if abs(best_residual) > max(tolerance, 1e-3 * spread):
        # the output jumps across the target (a step in the model): say so, do not pretend
        return GoalSeekResult(value, achieved, False, _not_reached(
            lever, output, target, month, value, achieved))
    shown = target if abs(best_residual) <= tolerance else achieved  # no "-0.00 GW"
    message = (f"{lever.label} = {format_value(value, lever.unit)} makes {output.label} "
               f"{format_value(shown, output.unit)} in {month} (target "
               f"{format_value(target, output.unit)}).")
    return GoalSeekResult(value, achieved, True, message)


def _not_reached(lever, output, target: float, month: str, value: float,
                 achieved: float) -> str:
    return (f"No value of {lever.label} between {lever.min:g} and {lever.max:g} {lever.unit} "
            f"makes {output.label} reach {format_value(target, output.unit)} by {month}; "
            f"the closest is {format_value(value, lever.unit)} giving "
            f"{format_value(achieved, output.unit)}.")
