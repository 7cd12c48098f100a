"""Calibration as a fit: a few constants moved so the baseline and its history from 2022-01
meet the published figures, the rest held at their sourced values.

What it does, in order (``python -m core.build`` runs it and writes core/catalogue/fit.json):

1. **Rows.** Every row of core/catalogue/anchors.csv held against the baseline (``baseline``)
   or its history (``backcast``, the baseline from 2022-01) is evaluated on that run; once the
   baseline is its history continued, the two are one run. History and calibration rows are
   data, with σ = (high − central) / 1.645 above the central figure and (central − low) / 1.645 below
   (the range read as a 90% interval); the seed article's rows (source S0) are projections and
   get SEED_WIDENING times that σ. Envelope rows are constraints, not data: they add nothing
   inside their range and their distance outside it (in σ = (high − low) / 3.29) beyond it.
   Check rows (and rows from another scenario) are never fitted and are reported apart.
2. **Parameters.** Every ranged constant (a group is one parameter: its members move
   together) is a candidate, with a normal prior centred on its declared value and
   σ = (high − low) / 3.29. A parameter is a shift z in prior σ, bounded by its range.
3. **Screen.** Morris elementary effects (a radial design: SCREEN_POINTS random points in
   ±1 σ, each moved by SCREEN_STEP σ in one parameter at a time; one vectorised run) rank
   the candidates by μ*, the mean change of the standardised residuals per σ. The
   MAX_FITTED highest above SCREEN_FLOOR are fitted; the others keep their priors.
4. **Fit.** Penalised least squares (scipy.optimize.least_squares, bounded): the rows'
   residuals plus z itself for each fitted parameter (the prior). The Jacobian is forward
   differences, all parameters in one vectorised run.
5. **Identification.** Covariance (JᵀJ)⁻¹ at the optimum. A parameter correlated beyond
   CORRELATION_LIMIT with another, or whose standard error is at least WIDE_AS_PRIOR of its
   prior's, is "not identified": it stays at its prior and the rest are fitted again.

Monte Carlo draws the identified parameters jointly (core.analysis.uncertainty), from a
normal with this covariance, clipped to their ranges.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import least_squares

from core.catalogue.anchors import Anchor, anchors
from core.catalogue.constants import PRIORS, Constant
from core.catalogue.levers import LEVERS

RUN = "baseline and backcast"  # the runs the fitted rows are held against
FIT_SCENARIOS = ("baseline", "backcast")  # rows held against that run
DATA_KINDS = ("calibration", "history")
CONSTRAINT_KINDS = ("envelope",)
Z90 = 1.6449  # a 90% range is ±1.645 σ
SEED_SOURCE = "S0"  # the seed article: projections, not observations
SEED_WIDENING = 2.0  # its rows' σ over an observation's with the same range
MAX_FITTED = 8
SCREEN_POINTS = 16  # radial Morris design: base points
SCREEN_STEP = 0.5  # the elementary step, in prior σ
SCREEN_SEED = 20260101
SCREEN_FLOOR = 0.05  # μ* (residual σ per prior σ) below which a parameter is not worth fitting
JACOBIAN_STEP = 1e-3  # forward-difference step, in prior σ
CORRELATION_LIMIT = 0.9
WIDE_AS_PRIOR = 0.9  # a standard error this share of the prior's: the rows barely narrow it
METHOD = (RUN, DATA_KINDS, CONSTRAINT_KINDS, Z90, SEED_SOURCE, SEED_WIDENING, MAX_FITTED,
          SCREEN_POINTS, SCREEN_STEP, SCREEN_SEED, SCREEN_FLOOR, JACOBIAN_STEP,
          CORRELATION_LIMIT, WIDE_AS_PRIOR, 1)  # the last: this method's version

ROOT = Path(__file__).resolve().parents[2]
FIT_PATH = "core/catalogue/fit.json"
# what the fit's result depends on, beside the priors, the anchors and the method
DEPENDS_ON = ("core/model/*.py", "core/engine/history.py", "core/engine/simulation.py",
              "scenarios/baseline.json")
NOT_THE_MODEL = ("core/model/reads.py", "core/model/docs.py")  # what the docs say of it


@dataclass(frozen=True)
class Parameter:
    """A candidate: one ranged constant or one group, as a shift z in prior σ."""

    name: str
    members: tuple[Constant, ...]  # as declared (their value is the prior)

    @property
    def sigmas(self) -> np.ndarray:
        return np.array([(c.high - c.low) / (2 * Z90) for c in self.members])

    @property
    def bounds(self) -> tuple[float, float]:
        """The z range keeping every member within its declared range."""
        lows = [(c.low - c.value) / s for c, s in zip(self.members, self.sigmas, strict=True)]
        highs = [(c.high - c.value) / s for c, s in zip(self.members, self.sigmas,
                                                          strict=True)]
        return max(lows), min(highs)

    def values(self, z: np.ndarray) -> dict[str, np.ndarray]:
        """Each member's ``"K.<id>"`` values for shifts z (samples,)."""
        return {c.key: np.clip(c.value + z * s, c.low, c.high)
                for c, s in zip(self.members, self.sigmas, strict=True)}


def candidates() -> list[Parameter]:
    """Every ranged constant as declared, a group as one parameter, in catalogue order."""
    groups: dict[str, list[Constant]] = {}
    for constant in PRIORS.values():
        if constant.is_ranged:
            groups.setdefault(constant.group or constant.id, []).append(constant)
    return [Parameter(name, tuple(members)) for name, members in groups.items()]


def role(anchor: Anchor) -> str:
    """How the fit uses a row: ``data``, ``constraint`` or ``check`` (reported apart)."""
    if anchor.scenario not in FIT_SCENARIOS or anchor.kind == "check":
        return "check"
    return "constraint" if anchor.kind in CONSTRAINT_KINDS else "data"


def centre(anchor: Anchor) -> float:
    return (anchor.low + anchor.high) / 2 if math.isnan(anchor.central) else anchor.central


def sigmas(anchor: Anchor) -> tuple[float, float]:
    """(σ below the central figure, σ above it): the range read as a 90% interval, each
    side its own; a seed projection's widened; a constraint's the whole range / 3.29."""
    if role(anchor) == "constraint":
        whole = (anchor.high - anchor.low) / (2 * Z90)
        return whole, whole
    below, above = _range_sigmas(anchor)
    widening = SEED_WIDENING if SEED_SOURCE in _keys(anchor.source) else 1.0
    return below * widening, above * widening


def _range_sigmas(anchor: Anchor) -> tuple[float, float]:
    """(σ below, σ above) the central figure: each side of the range read as 90%."""
    mid = centre(anchor)
    below, above = (mid - anchor.low) / Z90, (anchor.high - mid) / Z90
    return below or above, above or below  # a one-sided range (0 at the floor)


def _keys(source: str) -> set[str]:
    return {key.strip() for key in source.split(";")}


def residuals(anchor: Anchor, values: np.ndarray) -> np.ndarray:
    """Standardised residuals of a row's figures (samples,): signed, in σ; for a constraint
    zero inside its range and the distance outside it beyond."""
    below, above = sigmas(anchor)
    if role(anchor) == "constraint":
        return (np.maximum(values - anchor.high, 0.0) / above
                + np.minimum(values - anchor.low, 0.0) / below)
    mid = centre(anchor)
    return np.where(values < mid, (values - mid) / below, (values - mid) / above)


class Problem:
    """The rows, the candidates and the runs they are evaluated on."""

    def __init__(self, rows: tuple[Anchor, ...] | None = None,
                 parameters: list[Parameter] | None = None):
        from core.analysis.anchor_runs import anchor_scenario

        self.rows = tuple(anchors() if rows is None else rows)
        self.parameters = candidates() if parameters is None else parameters
        self.every_scenario = {name: anchor_scenario(name)
                               for name in dict.fromkeys(row.scenario for row in self.rows)}
        self.scenarios = {row.scenario: self.every_scenario[row.scenario]
                          for row in self.rows if role(row) != "check"}
        self.runs = 0

    def figures(self, z: np.ndarray, checks: bool = False) -> np.ndarray:
        """Every row's figure (samples, rows) for shifts z (samples, parameters): one
        vectorised run of each scenario the fitted rows name (NaN for a check row of
        another scenario), or with ``checks`` of every scenario the rows name."""
        from core.engine.simulation import run_scenario

        z = np.atleast_2d(np.asarray(z, dtype=float))
        values: dict[str, np.ndarray] = {}
        for column, parameter in enumerate(self.parameters):
            values |= parameter.values(z[:, column])
        if z.shape[0] == 1:  # a single world runs the scalar path (the same numbers)
            values = {key: float(value[0]) for key, value in values.items()}
        self.runs += 1
        results = {name: run_scenario(scenario, values)
                   for name, scenario in (self.every_scenario if checks
                                          else self.scenarios).items()}
        samples = z.shape[0]
        return np.stack([np.broadcast_to(row.model_values(results[row.scenario]), (samples,))
                         if row.scenario in results else np.full(samples, np.nan)
                         for row in self.rows], axis=1)

    def standardised(self, figures: np.ndarray) -> np.ndarray:
        """The fitted rows' residuals (samples, fitted rows)."""
        return np.stack([residuals(row, figures[:, index])
                         for index, row in enumerate(self.rows) if role(row) != "check"],
                        axis=1)

    def full(self, chosen: list[int], shifts: np.ndarray) -> np.ndarray:
        """Shifts of every candidate (samples, candidates) from the chosen ones' (samples, k)."""
        z = np.zeros((shifts.shape[0], len(self.parameters)))
        z[:, chosen] = shifts
        return z


def screen(problem: Problem) -> list[tuple[int, float]]:
    """Morris μ* of every candidate (index, μ*), best first: one vectorised run of
    SCREEN_POINTS × (candidates + 1) worlds."""
    k = len(problem.parameters)
    bounds = np.array([p.bounds for p in problem.parameters])
    rng = np.random.default_rng(SCREEN_SEED)
    base = np.clip(rng.uniform(-1.0, 1.0, (SCREEN_POINTS, k)), bounds[:, 0], bounds[:, 1])
    up = base + SCREEN_STEP <= bounds[:, 1]  # step up where the range allows, else down
    moved = np.repeat(base[:, None, :], k, axis=1)  # (points, moved parameter, parameters)
    index = np.arange(k)
    moved[:, index, index] = np.clip(np.where(up, base + SCREEN_STEP, base - SCREEN_STEP),
                                     bounds[:, 0], bounds[:, 1])
    step = moved[:, index, index] - base  # (points, k); a range narrower than a step: less
    z = np.concatenate([base, moved.reshape(-1, k)])
    r = problem.standardised(problem.figures(z))
    at_base, at_moved = r[:SCREEN_POINTS], r[SCREEN_POINTS:].reshape(SCREEN_POINTS, k, -1)
    effects = (np.linalg.norm(at_moved - at_base[:, None, :], axis=2)
               / np.maximum(np.abs(step), 1e-12))
    mu_star = effects.mean(axis=0)
    order = np.argsort(-mu_star, kind="stable")
    return [(int(j), float(mu_star[j])) for j in order]


@dataclass
class Estimate:
    chosen: list[int]
    z: np.ndarray
    covariance: np.ndarray  # in prior σ
    cost: float


def estimate(problem: Problem, chosen: list[int]) -> Estimate:
    """Penalised least squares over the chosen candidates, the others at their priors."""
    if not chosen:
        return Estimate([], np.zeros(0), np.zeros((0, 0)), 0.0)
    bounds = np.array([problem.parameters[j].bounds for j in chosen])

    def objective(shift: np.ndarray) -> np.ndarray:
        figures = problem.figures(problem.full(chosen, shift[None, :]))
        return np.concatenate([problem.standardised(figures)[0], shift])

    def jacobian(shift: np.ndarray) -> np.ndarray:
        k = len(shift)
        steps = np.where(shift + JACOBIAN_STEP <= bounds[:, 1], JACOBIAN_STEP, -JACOBIAN_STEP)
        points = np.repeat(shift[None, :], k + 1, axis=0)
        points[1 + np.arange(k), np.arange(k)] += steps
        r = problem.standardised(problem.figures(problem.full(chosen, points)))
        rows = (r[1:] - r[0]) / steps[:, None]  # (k, rows)
        return np.concatenate([rows.T, np.eye(k)])

    start = np.clip(np.zeros(len(chosen)), bounds[:, 0], bounds[:, 1])
    solution = least_squares(objective, start, jac=jacobian, bounds=(bounds[:, 0],
                                                                    bounds[:, 1]),
                             method="trf", x_scale=1.0, xtol=1e-8, ftol=1e-10)
    j = jacobian(solution.x)
    covariance = np.linalg.pinv(j.T @ j)
    return Estimate(list(chosen), solution.x, covariance, float(2 * solution.cost))


def not_identified(result: Estimate) -> dict[int, str]:
    """Candidate index -> why the rows do not identify it."""
    reasons: dict[int, str] = {}
    se = np.sqrt(np.diag(result.covariance))
    correlation = result.covariance / np.outer(se, se)
    for a, j in enumerate(result.chosen):
        if se[a] >= WIDE_AS_PRIOR:
            reasons[j] = f"standard error {se[a]:.2f} of its prior's: the rows barely narrow it"
        for b, other in enumerate(result.chosen):
            if a != b and abs(correlation[a, b]) > CORRELATION_LIMIT:
                reasons.setdefault(j, f"correlation {correlation[a, b]:+.2f} with "
                                      f"{other}")
    return reasons


@dataclass
class Outcome:
    problem: Problem
    screen: list[tuple[int, float]]
    chosen: list[int]
    final: Estimate
    dropped: dict[int, str]  # chosen but not identified: why
    prior_figures: np.ndarray  # (rows,)
    fitted_figures: np.ndarray  # (rows,)


def run_fit(problem: Problem | None = None, chosen: list[int] | None = None) -> Outcome:
    """Screen (unless ``chosen`` is given), fit, drop what is not identified, refit."""
    problem = Problem() if problem is None else problem
    ranking = screen(problem) if chosen is None else []
    if chosen is None:
        chosen = [j for j, mu in ranking[:MAX_FITTED] if mu > SCREEN_FLOOR]
    dropped: dict[int, str] = {}
    current = list(chosen)
    while True:
        result = estimate(problem, current)
        reasons = not_identified(result)
        if not reasons:
            break
        names = {j: problem.parameters[j].name for j in result.chosen}
        for j, why in reasons.items():
            for other, name in names.items():  # name the partner, not its index
                why = why.replace(f"with {other}", f"with {name}")
            dropped[j] = why
        current = [j for j in current if j not in reasons]
    none = np.zeros((1, len(problem.parameters)))
    prior_figures = problem.figures(none, checks=True)[0]
    fitted_figures = problem.figures(problem.full(result.chosen, result.z[None, :]),
                                     checks=True)[0]
    return Outcome(problem, ranking, list(chosen), result, dropped, prior_figures,
                   fitted_figures)


def _number(value: float) -> float:
    """Six significant digits: the file stays readable and its diffs small."""
    value = float(value)
    return value if not math.isfinite(value) or value == 0 else float(f"{value:.6g}")


def report(outcome: Outcome, digest: str) -> dict:
    """The fit as the data core/catalogue/fit.json holds."""
    problem, final = outcome.problem, outcome.final
    position = {j: a for a, j in enumerate(final.chosen)}
    se_z = np.sqrt(np.diag(final.covariance))
    parameters = []
    for j in outcome.chosen:
        parameter = problem.parameters[j]
        a = position.get(j)
        z = float(final.z[a]) if a is not None else 0.0
        se = float(se_z[a]) if a is not None else 1.0
        members = []
        for constant, sigma in zip(parameter.members, parameter.sigmas, strict=True):
            value = float(np.clip(constant.value + z * sigma, constant.low, constant.high))
            members.append({"id": constant.id, "prior": constant.value, "value": _number(value),
                            "se": _number(se * sigma), "sigma": _number(sigma),
                            "low": constant.low, "high": constant.high})
        parameters.append({"name": parameter.name, "members": members, "z": _number(z),
                           "se_z": _number(se), "identified": a is not None,
                           "reason": outcome.dropped.get(j, "")})
    rows = []
    for index, row in enumerate(problem.rows):
        below, above = sigmas(row)
        value = float(outcome.fitted_figures[index])
        residual = row_residual(row, value)
        rows.append({"quantity": row.quantity, "kind": row.kind, "role": role(row),
                     "low": row.low, "central": row.central, "high": row.high,
                     "sigma": _number(above if value >= centre(row) else below),
                     "prior_value": _number(outcome.prior_figures[index]),
                     "value": _number(value), "residual": _number(residual),
                     "holds": bool(row.holds(value))})
    names = [problem.parameters[j].name for j in final.chosen]
    prior_r = problem.standardised(outcome.prior_figures[None, :])[0]
    return {"digest": digest, "run": RUN, "parameters": parameters,
            "correlation_names": names,
            "covariance_z": [[_number(x) for x in row] for row in final.covariance],
            "rows": rows,
            "screen": [[problem.parameters[j].name, _number(mu)]
                       for j, mu in outcome.screen[:2 * MAX_FITTED]],
            "cost_prior": _number(float(prior_r @ prior_r)),
            "cost_fitted": _number(final.cost)}


def _check_residual(row: Anchor, value: float) -> float:
    """A check row's residual as a data row's (it is reported, never fitted)."""
    mid = centre(row)
    below, above = _range_sigmas(row)
    return (value - mid) / (below if value < mid else above)


def row_residual(row: Anchor, value: float) -> float:
    """A row's residual in σ for the model's figure: as the fit counts it (a check row's
    as if it were data)."""
    if role(row) == "check":
        return float(_check_residual(row, value))
    return float(residuals(row, np.array([value]))[0])


def fit_digest(root: Path = ROOT) -> str:
    """A fingerprint of what the fit depends on: the model blocks and the engine that runs
    them, the baseline scenario, the levers, the constants as declared (the priors), the
    published rows and the method's settings."""
    h = hashlib.sha256()
    for pattern in DEPENDS_ON:
        for path in sorted(root.glob(pattern)):
            if path.relative_to(root).as_posix() not in NOT_THE_MODEL:
                h.update(path.relative_to(root).as_posix().encode())
                h.update(path.read_bytes())
    h.update(repr(tuple(PRIORS.values())).encode())
    h.update(repr(tuple(LEVERS.values())).encode())
    h.update(repr(anchors()).encode())
    h.update(repr(METHOD).encode())
    return h.hexdigest()[:16]


def committed_digest(root: Path = ROOT) -> str | None:
    path = root / FIT_PATH
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("digest")
    except ValueError:
        return None


def fit_text(root: Path = ROOT) -> str:
    """core/catalogue/fit.json: the fit, run now."""
    return json.dumps(report(run_fit(), fit_digest(root)), indent=1) + "\n"
