"""Why did a figure move: its change from a reference scenario split among the items changed.

An item is a lever whose value differs, or an event present in one scenario and not the
other. Shapley values share the change fairly: each item gets its marginal effect averaged
over every order in which the items could be switched from the reference to the scenario,
so they add up to the total change exactly, and interactions are split, not dropped. Beside
each, its one-at-a-time effect (that item alone on the reference); the interaction total is
what the one-at-a-time effects miss. Up to ``EXACT_LIMIT`` items every subset runs (2^k
samples in one vectorised call); beyond, random permutations (with their reverses, which
lowers the variance) estimate the values with a standard error.

``shapley`` takes any evaluator of subset masks, so toy models with known answers test it.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from core.catalogue.key_figures import KPIS, require_in_run
from core.catalogue.levers import LEVERS
from core.catalogue.outputs import OUTPUTS
from core.common.timegrid import parse_month
from core.engine.events import EVIDENCE_FIELDS
from core.engine.results import Results
from core.engine.simulation import simulate

EXACT_LIMIT = 10  # at most 2^10 = 1024 runs for exact values
SAMPLED_RUNS = 2048  # sampled: about this many runs, as many permutation pairs as fit
MIN_PAIRS = 8  # ... but never fewer pairs than this (a standard error needs several)
DEFAULT_SEED = 20251204

Evaluator = Callable[[np.ndarray], np.ndarray]  # masks (runs x items, bool) -> values (runs,)


@dataclass(frozen=True)
class Contribution:
    item: str  # what a person reads: a lever's label and values, or an event's summary
    key: str  # a lever id, "event:+<n>" (the scenario's n-th event, added) or "event:-<n>"
    # (the reference's n-th event, removed)
    contribution: float  # Shapley value
    one_at_a_time: float  # the item alone, everything else at the reference
    standard_error: float = 0.0  # 0 when exact


@dataclass(frozen=True)
class Attribution:
    items: list[Contribution]
    reference_value: float
    scenario_value: float
    exact: bool
    runs: int  # model evaluations used
    label: str = ""
    unit: str = ""
    notes: tuple[str, ...] = ()  # anything a reader must know to trust the split

    @property
    def total(self) -> float:
        return self.scenario_value - self.reference_value

    @property
    def interaction(self) -> float:
        """Total change minus the sum of the one-at-a-time effects."""
        return self.total - sum(item.one_at_a_time for item in self.items)

    @property
    def residual(self) -> float:
        """Total change minus the sum of the contributions (rounding only)."""
        return self.total - sum(item.contribution for item in self.items)


# ---- the generic algorithm ------------------------------------------------------------

def _exact_weights(k: int) -> np.ndarray:
    """Shapley weight |S|!(k-|S|-1)!/k! for a coalition of size |S| = 0..k-1."""
    return np.array([math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k)
                     for s in range(k)])


def sampled_pairs(k: int, runs: int = SAMPLED_RUNS) -> int:
    """Permutation pairs that fit in ``runs`` (each pair costs 2 (k - 1) runs)."""
    return max(MIN_PAIRS, runs // (2 * max(k - 1, 1)))


def shapley(evaluate: Evaluator, k: int, exact_limit: int = EXACT_LIMIT,
            pairs: int | None = None, seed: int = DEFAULT_SEED
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, float, int]:
    """Shapley values of k items under ``evaluate`` (one call, every mask batched).

    Returns (values, standard errors, one-at-a-time effects, v(none), v(all), runs). A mask
    row says which items take the scenario's value (True) rather than the reference's.
    """
    if k == 0:
        value = float(np.asarray(evaluate(np.zeros((1, 0), dtype=bool)))[0])
        return np.zeros(0), np.zeros(0), np.zeros(0), value, value, 1
    if k <= exact_limit:
        return _exact(evaluate, k)
    return _sampled(evaluate, k, sampled_pairs(k) if pairs is None else pairs, seed)


def _exact(evaluate: Evaluator, k: int):
    codes = np.arange(2 ** k)
    bits = 1 << np.arange(k)
    masks = (codes[:, None] & bits) != 0
    values = np.asarray(evaluate(masks), dtype=float)
    sizes = masks.sum(axis=1)
    weights = _exact_weights(k)
    phi = np.empty(k)
    for i in range(k):
        without = codes[(codes & bits[i]) == 0]
        phi[i] = np.sum(weights[sizes[without]] * (values[without | bits[i]] - values[without]))
    # Rounding aside the values add up to v(all) - v(none); put the last ulp on the largest
    # so the sum is exact to the last digit.
    total = values[-1] - values[0]
    phi[np.argmax(np.abs(phi))] += total - phi.sum()
    alone = values[bits] - values[0]
    return phi, np.zeros(k), alone, float(values[0]), float(values[-1]), len(codes)


def _sampled(evaluate: Evaluator, k: int, pairs: int, seed: int):
    rng = np.random.default_rng(seed)
    orders = []
    for _ in range(pairs):
        order = rng.permutation(k)
        orders.extend([order, order[::-1]])
    # Row 0: nothing switched; row 1: everything; then k one-at-a-time rows; then, for each
    # order, the k - 1 inner prefixes (the empty and the full prefix are rows 0 and 1).
    rows = [np.zeros(k, dtype=bool), np.ones(k, dtype=bool)]
    rows.extend(np.eye(k, dtype=bool))
    for order in orders:
        mask = np.zeros(k, dtype=bool)
        for item in order[:-1]:
            mask = mask.copy()
            mask[item] = True
            rows.append(mask)
    values = np.asarray(evaluate(np.array(rows)), dtype=float)
    none, full = values[0], values[1]
    alone = values[2:2 + k] - none
    inner = values[2 + k:].reshape(len(orders), k - 1)
    chain = np.column_stack([np.full(len(orders), none), inner, np.full(len(orders), full)])
    marginals = np.empty((len(orders), k))
    for row, order in enumerate(orders):
        marginals[row, order] = np.diff(chain[row])
    per_pair = marginals.reshape(pairs, 2, k).mean(axis=1)  # a pair's two are dependent
    phi = per_pair.mean(axis=0)
    error = per_pair.std(axis=0, ddof=1) / math.sqrt(pairs) if pairs > 1 else np.full(k, np.nan)
    phi[np.argmax(np.abs(phi))] += (full - none) - phi.sum()
    return phi, error, alone, float(none), float(full), len(rows)


# ---- the real model -------------------------------------------------------------------

def _event_key(event) -> str:
    """An event's identity for comparison: its effect, not its rationale or source."""
    data = event.model_dump(mode="json")
    for key in EVIDENCE_FIELDS:
        data.pop(key, None)
    return json.dumps(data, sort_keys=True)


def _unmatched(keys: list[str], others: list[str]) -> list[int]:
    """Positions in ``keys`` with no counterpart in ``others``, matching copies one to one
    (an event given twice, such as two power pushes, counts twice)."""
    left = Counter(others)
    unmatched = []
    for position, key in enumerate(keys):
        if left[key]:
            left[key] -= 1
        else:
            unmatched.append(position)
    return unmatched


def _lever_item(lever_id: str, reference: float, value: float) -> str:
    from core.common.formatting import format_value
    lever = LEVERS[lever_id]
    return (f"{lever.label}: {format_value(reference, lever.unit)} -> "
            f"{format_value(value, lever.unit)}")


def _target(kpi_id: str | None, output_id: str | None, month: str | None, end: str):
    """(read results -> values, last month needed, label, unit) for the figure asked for."""
    if kpi_id is not None and output_id is not None:
        raise ValueError("give a key figure or an output, not both")
    if kpi_id is None and output_id is None:
        raise ValueError(f"give a key figure; known: {', '.join(KPIS)}")
    if kpi_id is not None:
        if kpi_id not in KPIS:
            raise ValueError(f"unknown key figure {kpi_id!r}; known: {', '.join(KPIS)}")
        kpi = KPIS[kpi_id]
        if month is None:
            return kpi.compute, kpi.last_month or end, kpi.label, kpi.unit
        output_id = kpi.output_id  # the key figure's series at another month
    if output_id not in OUTPUTS:
        raise ValueError(f"unknown output {output_id!r}; known: {', '.join(OUTPUTS)}")
    output = OUTPUTS[output_id]
    month = month or end
    parse_month(month)
    return ((lambda results: results.at(output_id, month)), month,
            f"{output.label}, {month}", output.unit)


def explain(scenario, reference, kpi_id: str | None = None, output_id: str | None = None,
            month: str | None = None, exact_limit: int = EXACT_LIMIT,
            pairs: int | None = None, seed: int = DEFAULT_SEED) -> Attribution:
    """Split a key figure's (or an output's at ``month``) change from ``reference`` to
    ``scenario`` among the levers and events that differ. Both run over the scenario's
    months; the run stops at the last month the figure reads."""
    read, last, label, unit = _target(kpi_id, output_id, month, scenario.end)
    start = scenario.start
    require_in_run(label, last, scenario)
    ours, theirs = scenario.lever_values(), reference.lever_values()
    levers = [lever_id for lever_id in LEVERS if ours[lever_id] != theirs[lever_id]]
    reference_keys = [_event_key(event) for event in reference.events]
    scenario_keys = [_event_key(event) for event in scenario.events]
    added, removed = _unmatched(scenario_keys, reference_keys), _unmatched(reference_keys,
                                                                           scenario_keys)
    # Events in the scenario's order (so all switched on is the scenario exactly), then the
    # reference's own; shared events are always on.
    events = list(scenario.events) + [reference.events[i] for i in removed]
    names = [_lever_item(lever_id, theirs[lever_id], ours[lever_id]) for lever_id in levers]
    names += [f"+ {scenario.events[i].summary()}" for i in added]
    names += [f"- {reference.events[i].summary()} (removed)" for i in removed]
    keys = levers + [f"event:+{i}" for i in added] + [f"event:-{i}" for i in removed]
    n_levers, n_added = len(levers), len(added)

    def evaluate(masks: np.ndarray) -> np.ndarray:
        runs = masks.shape[0]
        values = dict(ours)
        for column, lever_id in enumerate(levers):
            values[lever_id] = np.where(masks[:, column], ours[lever_id], theirs[lever_id])
        switch = np.ones((len(events), runs), dtype=bool)
        for j, i in enumerate(added):
            switch[i] = masks[:, n_levers + j]
        for j in range(len(removed)):
            switch[len(scenario.events) + j] = ~masks[:, n_levers + n_added + j]
        if runs == 1:  # one run steps on Python floats; keep every figure from one path
            values = {key: np.repeat(np.asarray(value, dtype=float), 2)
                      for key, value in values.items()}
            switch = np.repeat(switch, 2, axis=1)
        results: Results = simulate(values, events, start, last, np.float64, switch)
        return np.asarray(read(results), dtype=float)[:runs]

    phi, error, alone, none, full, runs = shapley(evaluate, len(keys), exact_limit, pairs,
                                                  seed)
    notes = []
    kept = [i for i in range(len(reference_keys)) if i not in removed]
    same_order = ([reference_keys[i] for i in kept]
                  == [key for i, key in enumerate(scenario_keys) if i not in added])
    removed_last = not removed or not kept or max(kept) < min(removed)
    if not (same_order and removed_last):
        # Events apply in list order, and here the reference's apply in the scenario's
        # order: say so if that changes the reference's figure (overlapping events).
        own = float(np.asarray(read(_run_pair(theirs, reference.events, start, last)))[0])
        if not math.isclose(own, none, rel_tol=1e-9, abs_tol=1e-12):
            notes.append(f"the reference's events overlap in a different order here; run "
                         f"alone it gives {own:.6g}, not {none:.6g}")
    items = [Contribution(name, key, float(p), float(a), float(e))
             for name, key, p, a, e in zip(names, keys, phi, alone, error, strict=True)]
    return Attribution(items, none, full, len(keys) <= exact_limit, runs, label, unit,
                       tuple(notes))


def _run_pair(values, events, start, last) -> Results:
    """A two-sample vectorised run (the path the attribution's runs take)."""
    values = {key: np.repeat(np.asarray(value, dtype=float), 2) for key, value in values.items()}
    return simulate(values, events, start, last, np.float64,
                    np.ones((len(events), 2), dtype=bool))


# ---- output ---------------------------------------------------------------------------

def attribution_rows(attribution: Attribution) -> list[tuple[str, float, float]]:
    """(item, contribution, one at a time) rows, largest contribution first, then total."""
    rows = [(item.item, item.contribution, item.one_at_a_time)
            for item in sorted(attribution.items, key=lambda c: -abs(c.contribution))]
    rows.append(("total", attribution.total,
                 sum(item.one_at_a_time for item in attribution.items)))
    return rows


def to_csv(attribution: Attribution) -> str:
    """Columns item,contribution,one_at_a_time; one row per item and a last row total."""
    import csv
    import io
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["item", "contribution", "one_at_a_time"])
    for item, contribution, alone in attribution_rows(attribution):
        writer.writerow([item, repr(contribution), repr(alone)])
    return buffer.getvalue()


def format_attribution(attribution: Attribution, names: Sequence[str] = ("scenario",
                                                                         "reference")) -> str:
    """The waterfall as a text table: items, the interaction line and the total."""
    from core.common.formatting import format_table, format_value, printable
    unit = attribution.unit

    def show(value: float) -> str:
        return format_value(value, unit, signed=True) if value != 0 else "0"

    sampled = not attribution.exact
    rows = []
    for item in sorted(attribution.items, key=lambda c: -abs(c.contribution)):
        row = [printable(item.item), show(item.contribution), show(item.one_at_a_time)]
        if sampled:
            row.append(format_value(item.standard_error, unit))
        rows.append(row)
    header = ["item", "contribution", "one at a time"] + (["std. error"] if sampled else [])
    blank = [""] if sampled else []
    rows.append(["interaction (total - sum of one at a time)", "", show(attribution.interaction),
                 *blank])
    rows.append(["total change", show(attribution.total),
                 show(sum(item.one_at_a_time for item in attribution.items)), *blank])
    method = (f"exact Shapley values, {attribution.runs} runs" if attribution.exact else
              f"sampled Shapley values ({attribution.runs} runs), with standard errors")
    head = (f"{printable(attribution.label)}: {format_value(attribution.reference_value, unit)}"
            f" in {printable(names[1])}, {format_value(attribution.scenario_value, unit)} in "
            f"{printable(names[0])} ({method})")
    notes = "".join(f"note: {printable(note)}\n" for note in attribution.notes)
    if not attribution.items:
        return head + "\nNothing differs: no lever or event changes.\n" + notes
    return head + "\n" + format_table(rows, header) + "\n" + notes
