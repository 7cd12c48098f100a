"""The calibration fit's result (core/catalogue/fit.json), as the rest of the project reads it.

The fit (core.analysis.fit, run by ``python -m core.build``) writes the file; this module
only reads it, so a catalogue module can read fitted values without importing the model.
The file holds the constants fitted (their prior and fitted values, standard errors, and
whether the history identifies them), the correlation of the fitted parameters, every
published row's model value, σ and residual before and after the fit, and a digest of what
the fit depends on (core.analysis.fit.fit_digest): ``python -m core.build --check`` fails
while the digest no longer matches.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

FIT_FILE = "fit.json"  # in core/catalogue, beside the constants it moves


@dataclass(frozen=True)
class FittedMember:
    """One constant of a fitted parameter (a group's members move together)."""

    id: str
    prior: float  # the value declared in core/catalogue/constants.py
    value: float  # the fitted value (the prior when the parameter is not identified)
    se: float  # standard error of the fitted value
    sigma: float  # the prior's σ: (high - low) / 3.29
    low: float
    high: float


@dataclass(frozen=True)
class FittedParameter:
    """A parameter the screen chose: one constant, or one group of constants."""

    name: str
    members: tuple[FittedMember, ...]
    z: float  # the shift from the prior, in prior σ
    se_z: float  # its standard error, in prior σ (the prior alone gives 1)
    identified: bool
    reason: str  # why not identified ("" when it is)


@dataclass(frozen=True)
class RowResult:
    """A published row held against the history run, before and after the fit."""

    quantity: str
    kind: str
    role: str  # "data" (fitted to), "constraint" (penalised outside only), "check" (never fitted)
    low: float
    central: float
    high: float
    sigma: float
    prior_value: float
    value: float  # the model's figure with the fitted constants
    residual: float  # (value - central) / σ; for a constraint, its distance outside / σ
    holds: bool


@dataclass(frozen=True)
class Fit:
    digest: str
    run: str
    parameters: tuple[FittedParameter, ...]
    correlation_names: tuple[str, ...]  # the identified parameters, in matrix order
    covariance_z: tuple[tuple[float, ...], ...]  # their covariance, in prior σ
    rows: tuple[RowResult, ...]
    screen: tuple[tuple[str, float], ...]  # (parameter, Morris μ*) best first
    cost_prior: float
    cost_fitted: float

    @property
    def identified(self) -> tuple[FittedParameter, ...]:
        return tuple(p for p in self.parameters if p.identified)

    def correlation(self) -> list[list[float]]:
        """The identified parameters' correlation matrix."""
        cov = self.covariance_z
        return [[cov[i][j] / (cov[i][i] * cov[j][j]) ** 0.5 for j in range(len(cov))]
                for i in range(len(cov))]

    def fitted_values(self) -> dict[str, float]:
        """Constant id -> fitted value, for the identified parameters only."""
        return {m.id: m.value for p in self.identified for m in p.members}


def parse(data: dict) -> Fit:
    parameters = tuple(
        FittedParameter(p["name"], tuple(FittedMember(**m) for m in p["members"]), p["z"],
                        p["se_z"], p["identified"], p["reason"])
        for p in data["parameters"])
    rows = tuple(RowResult(**row) for row in data["rows"])
    return Fit(data["digest"], data["run"], parameters, tuple(data["correlation_names"]),
               tuple(tuple(row) for row in data["covariance_z"]), rows,
               tuple((name, mu) for name, mu in data["screen"]), data["cost_prior"],
               data["cost_fitted"])


@functools.cache
def fit() -> Fit | None:
    """The committed fit, or None before the first ``python -m core.build``."""
    path = resources.files("core.catalogue").joinpath(FIT_FILE)
    if not path.is_file():
        return None
    return parse(json.loads(path.read_text(encoding="utf-8")))


def fitted_values() -> dict[str, float]:
    """Constant id -> fitted value for every identified fitted constant (empty without a fit)."""
    result = fit()
    return {} if result is None else result.fitted_values()
