"""The audit of bounds: every clip, minimum and maximum in the model's equations, what each
bounds, what it compares with, and in which months of each bundled scenario it binds.

Found from the code, not listed by hand. The source of every block module is read for each
call of ``xp.minimum``, ``xp.maximum`` and ``xp.clip`` (``bound_sites``); one run of each
bundled scenario steps the blocks through a namespace that records, call by call, which side
each takes (``measure``); one month of the blocks on the tracer's symbols
(``core.engine.flat.month_on_symbols``) follows each call to the variables it feeds. The
look-back's own ``min``/``max`` (on plain numbers, inside its search of the leader's history)
are listed from the source but not measured. docs/bounds.md is the table
(``bounds_markdown``, written by ``python -m core.build``).

A bound *binds* in a month when it changes the value: ``minimum(x, limit)`` when the limit is
below x, ``maximum(x, limit)`` when above, ``clip(x, low, high)`` at either end (counted
apart). The limit is the second operand, as the blocks write it. An operation called more
than once a month (once per country) is one row per call, in the order the blocks call it.
"""

from __future__ import annotations

import ast
import inspect
import sys
from collections import deque
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.catalogue.constants import CONSTANTS, Namespace
from core.catalogue.levers import LEVERS
from core.common.timegrid import HISTORY_START, month_range, months_between
from core.engine.flat import SYMBOLS, Symbol, month_on_symbols
from core.engine.inputs import ModelInputs
from core.engine.simulation import BLOCKS, step_blocks
from core.formats.scenario import Scenario, bundled_names, load_bundled
from core.model import state as state_module
from core.model.ops import FLOATS

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = ("minimum", "maximum", "clip")
LOOKBACK_OPERATIONS = ("min", "max")
# A side whose names are only these bounds no quantity of the model
CLOCK = "clock"
ZERO = "zero"


@dataclass(frozen=True)
class Bound:
    """One end of one bound in the source: a minimum's limit, a maximum's floor, or one end
    of a clip."""

    path: str  # core/model/power.py
    line: int
    column: int
    function: str  # the function that calls it
    operation: str  # minimum, maximum, clip (xp) or min, max (the look-back's own)
    end: str  # "cap" (a minimum, a clip's high end) or "floor"
    text: str  # the call as written, on one line
    limit: str  # the limit as written
    compares_with: frozenset[str]  # constant:<id>, lever:<id>, variable:<id>, module:<NAME>,
    # zero, clock, number:<x>
    bounded: frozenset[str]  # what the other operand names, the same way
    measured: bool  # an operation of the blocks (xp), measured month by month

    @property
    def place(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.end)

    @property
    def kind(self) -> str:
        """What kind of bound it is, in words."""
        if self.operation == "maximum" and _is_absolute(self.text):
            return "absolute value"
        if self.compares_with == {ZERO} and self.bounded <= {CLOCK} | _constants(self.bounded):
            return "splits the clock"
        if self.compares_with == {ZERO}:
            return "floor at zero" if self.end == "floor" else "cap at zero"
        if self.compares_with and all(name.startswith(("variable:", "stock:", "local:"))
                                      for name in self.compares_with):
            return "bounded by a model variable"
        return "limit" if self.end == "cap" else "floor"

    def unsourced(self) -> list[str]:
        """What it compares with that has no published source: constants and levers whose
        source is empty or the authors' estimate alone, constants kept outside the catalogue.
        Empty for a floor at zero, a clock split or an absolute value, which need none."""
        if self.kind in ("absolute value", "splits the clock", "floor at zero"):
            return []
        missing = []
        for name in sorted(self.compares_with):
            what, _, key = name.partition(":")
            source = (CONSTANTS[key].source if what == "constant" else
                      LEVERS[key].source if what == "lever" else None)
            if what == "module":
                missing.append(f"{key} (a constant in the module, not in the catalogue)")
            elif what == "number" and len(self.compares_with) == 1:
                missing.append(f"{key} (a number written in the equation)")
            elif source is not None and not _sourced(source):
                missing.append(f"{name} ({source or 'no source'})")
        return missing


def _sourced(source: str) -> bool:
    """A source that names something besides the authors' estimate."""
    keys = [key.strip() for key in source.split(";") if key.strip()]
    return any(key != "EST" for key in keys)


def _constants(names: frozenset[str]) -> set[str]:
    return {name for name in names if name.startswith(("constant:", "number:"))}


def _is_absolute(text: str) -> bool:
    inner = text[text.index("(") + 1:text.rindex(")")]
    first, _, second = inner.partition(",")
    return second.strip() == f"-{first.strip()}"


# ---- the bounds in the source ---------------------------------------------------------

def block_modules() -> list:
    """The modules whose functions the engine steps, and the start state's."""
    modules = {inspect.getmodule(block) for _, block in BLOCKS} | {state_module}
    return sorted(modules, key=lambda module: module.__name__)


class _Resolver:
    """What an expression in a block module names: constants, levers, model variables, the
    clock, following local names to their assignment and parameters to the calls that pass
    them, within the module."""

    def __init__(self, tree: ast.Module):
        self.tree = tree
        self.functions = {node.name: node for node in ast.walk(tree)
                          if isinstance(node, ast.FunctionDef)}
        self.parent: dict[ast.AST, ast.FunctionDef] = {}
        for function in self.functions.values():
            for node in ast.walk(function):
                self.parent.setdefault(node, function)
        self.globals = {target.id for node in tree.body if isinstance(node, ast.Assign)
                        for target in node.targets if isinstance(target, ast.Name)}

    def names(self, node: ast.AST, function: ast.FunctionDef | None, depth: int = 0
              ) -> set[str]:
        if depth > 8:
            return set()
        deeper = depth + 1
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return {ZERO} if node.value == 0 else {f"number:{node.value!r}"}
        if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant) \
                and isinstance(node.operand.value, int | float):
            return self.names(ast.Constant(-node.operand.value), function, deeper)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "K":
                return {f"constant:{node.attr}"}
            if node.value.id in ("clock", "c"):
                return {CLOCK}
            return {f"variable:{node.attr}"}
        if isinstance(node, ast.Subscript):
            return self._subscript(node, function, deeper)
        if isinstance(node, ast.Name):
            return self._name(node.id, function, deeper)
        if isinstance(node, ast.Call):
            called = node.func
            if isinstance(called, ast.Attribute) and isinstance(called.value, ast.Name) \
                    and called.value.id in ("xp", "math", "np"):
                return set().union(*(self.names(arg, function, deeper) for arg in node.args))
            if isinstance(called, ast.Name) and called.id in self.functions:
                return {f"variable:{called.id}()"}
            return set().union(*(self.names(arg, function, deeper) for arg in node.args))
        return set().union(*(self.names(child, function, deeper)
                             for child in ast.iter_child_nodes(node)
                             if isinstance(child, ast.expr)))

    def _subscript(self, node: ast.Subscript, function, depth) -> set[str]:
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            name = key.value
        elif isinstance(key, ast.Attribute):
            name = key.attr  # side.headroom_gw: the name without its country
        else:
            return self.names(node.value, function, depth)
        holder = node.value.id if isinstance(node.value, ast.Name) else ""
        if holder in ("inputs", "u") and name in LEVERS:
            return {f"lever:{name}"}
        if holder in ("stocks", "s"):
            return {f"stock:{name}"}
        return {f"variable:{name}"}

    def _name(self, name: str, function, depth) -> set[str]:
        if function is None:
            return {f"module:{name}"} if name in self.globals else {f"local:{name}"}
        found: set[str] = set()
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == name for t in node.targets):
                found |= self.names(node.value, function, depth)
            elif isinstance(node, ast.For) and isinstance(node.target, ast.Tuple) \
                    and isinstance(node.iter, ast.Tuple):
                positions = [i for i, t in enumerate(node.target.elts)
                             if isinstance(t, ast.Name) and t.id == name]
                for row in node.iter.elts:
                    for position in positions:
                        if isinstance(row, ast.Tuple) and position < len(row.elts):
                            found |= self.names(row.elts[position], function, depth)
        if found:
            return found
        parameters = [arg.arg for arg in function.args.args]
        if name in parameters:
            position = parameters.index(name)
            for node in ast.walk(self.tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                        and node.func.id == function.name and position < len(node.args):
                    found |= self.names(node.args[position], self.parent.get(node), depth)
            return found or {f"local:{name}"}
        if name in self.globals:
            return {f"module:{name}"}
        return {f"local:{name}"}


def _one_line(text: str) -> str:
    return " ".join(text.split())


@cache
def bound_sites() -> tuple[Bound, ...]:
    """Every bound in the block modules, in module and line order."""
    found = []
    for module in block_modules():
        path = Path(inspect.getfile(module)).resolve()
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        resolver = _Resolver(tree)
        relative = path.relative_to(ROOT).as_posix()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = node.func
            if isinstance(called, ast.Attribute) and isinstance(called.value, ast.Name) \
                    and called.value.id == "xp" and called.attr in OPERATIONS:
                operation, measured = called.attr, True
            elif isinstance(called, ast.Name) and called.id in LOOKBACK_OPERATIONS:
                operation, measured = called.id, False
            elif isinstance(called, ast.Attribute) and isinstance(called.value, ast.Name) \
                    and called.value.id == "np" and called.attr in OPERATIONS:
                operation, measured = called.attr, False
            else:
                continue
            function = resolver.parent.get(node)
            text = _one_line(ast.get_source_segment(source, node) or "")
            bounded = frozenset(resolver.names(node.args[0], function))
            ends = ([("floor", node.args[1]), ("cap", node.args[2])] if operation == "clip"
                    else [("cap" if operation in ("minimum", "min") else "floor",
                           node.args[1])])
            for end, limit in ends:
                found.append(Bound(
                    relative, node.lineno, node.col_offset,
                    function.name if function else "", operation, end, text,
                    _one_line(ast.get_source_segment(source, limit) or ""),
                    frozenset(resolver.names(limit, function)), bounded, measured))
    return tuple(sorted(found, key=lambda b: (b.path, b.line, b.column, b.end != "floor")))


# ---- which side each call takes -------------------------------------------------------

@cache
def _positions(code) -> list:
    return list(code.co_positions())


class _Calls:
    """Names each call of an operation by its place in the source and its count this month."""

    def __init__(self, base: Namespace):
        self.base = base
        self.count: dict[tuple[str, int, int], int] = {}

    def place(self) -> tuple[tuple[str, int, int], int]:
        frame = sys._getframe(2)  # the block that called the operation
        code = frame.f_code
        line, _, column, _ = _positions(code)[frame.f_lasti // 2]
        site = (_relative(code.co_filename), line, column)
        count = self.count.get(site, 0)
        self.count[site] = count + 1
        return site, count

    def namespace(self) -> Namespace:
        return Namespace(dict(vars(self.base)) | {
            "minimum": self.minimum, "maximum": self.maximum, "clip": self.clip})


@cache
def _relative(filename: str) -> str:
    path = Path(filename).resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else filename


class _Binding(_Calls):
    """On plain numbers: whether each call's limit changed the value (one month)."""

    def __init__(self):
        super().__init__(FLOATS)
        self.binds: dict[tuple, bool] = {}

    def minimum(self, a, b):
        site, count = self.place()
        self.binds[(*site, "cap", count)] = b < a
        return self.base.minimum(a, b)

    def maximum(self, a, b):
        site, count = self.place()
        self.binds[(*site, "floor", count)] = b > a
        return self.base.maximum(a, b)

    def clip(self, value, low, high):
        site, count = self.place()
        self.binds[(*site, "floor", count)] = value < low
        self.binds[(*site, "cap", count)] = value > high
        return self.base.clip(value, low, high)

    def next_month(self) -> dict[tuple, bool]:
        month, self.binds, self.count = self.binds, {}, {}
        return month


class _Feeding(_Calls):
    """On the tracer's symbols: the symbol each call's result is."""

    def __init__(self):
        super().__init__(SYMBOLS)
        self.results: dict[tuple, object] = {}

    def _keep(self, place, result, *ends):
        site, count = place
        for end in ends:
            self.results[(*site, end, count)] = result
        return result

    def minimum(self, a, b):
        return self._keep(self.place(), self.base.minimum(a, b), "cap")

    def maximum(self, a, b):
        return self._keep(self.place(), self.base.maximum(a, b), "floor")

    def clip(self, value, low, high):
        return self._keep(self.place(), self.base.clip(value, low, high), "floor", "cap")


@cache
def fed_variables() -> dict[tuple, tuple[str, ...]]:
    """Each call (path, line, column, end, count in the month) -> the variables its result
    feeds first (the auxiliaries and flows reached from it through no other variable)."""
    feeding = _Feeding()
    reads, written = month_on_symbols(feeding.namespace())
    users: dict[str, list[str]] = {}
    for target, names in reads.items():
        for name in names:
            users.setdefault(name, []).append(target)
    fed = {}
    for call, result in feeding.results.items():
        if not isinstance(result, Symbol):
            fed[call] = ()
            continue
        reached, seen, pending = set(), {result.name}, deque([result.name])
        while pending:
            name = pending.popleft()
            if name in written:
                reached.update(written[name])
                continue
            for user in users.get(name, ()):
                if user not in seen:
                    seen.add(user)
                    pending.append(user)
        fed[call] = tuple(sorted(reached))
    return fed


@dataclass(frozen=True)
class Measured:
    """Which months of one run each call of each bound binds in."""

    months: tuple[str, ...]  # the run's months
    binds: dict[tuple, tuple[bool, ...]]  # (path, line, column, end, count) -> per month
    failed: str = ""  # why the run stopped, if it did (the table says so)

    def share(self, call: tuple) -> float:
        flags = self.binds.get(call, ())
        return sum(flags) / len(flags) if flags and not self.failed else float("nan")

    def binding_months(self, call: tuple) -> list[str]:
        return [month for month, bound in zip(self.months, self.binds.get(call, ()),
                                              strict=False) if bound]


def measure(scenario: Scenario) -> Measured:
    """Step ``scenario`` once through the blocks, recording every bound's side each month
    from the scenario's first month. The run goes from January 2022, as every run does (a
    run from 2025 goes on from its history); a bound evaluated only at that start, as the
    start state's, counts the scenario's first month alone."""
    binding = _Binding()
    n_months = months_between(HISTORY_START, scenario.end) + 1
    inputs = ModelInputs(scenario.lever_values(), scenario.events, HISTORY_START, n_months, 1)
    monthly: list[dict[tuple, bool]] = []
    try:
        step_blocks(inputs, HISTORY_START, False,
                    observe=lambda *_: monthly.append(binding.next_month()),
                    xp=binding.namespace())
    except (ArithmeticError, ValueError) as error:  # a model being changed: still written
        return Measured((), {}, f"{type(error).__name__}: {error}")
    shown = monthly[months_between(HISTORY_START, scenario.start):]
    later = {call for month in monthly[1:] for call in month}
    shown[0] = {call: bound for call, bound in monthly[0].items() if call not in later} | (
        shown[0])
    monthly = shown
    calls = {call for month in monthly for call in month}
    binds = {call: tuple(month.get(call, False) for month in monthly
                         if call in month) for call in calls}
    return Measured(tuple(month_range(scenario.start, scenario.end)), binds)


@cache
def measured_bundled() -> dict[str, Measured]:
    """Every bundled scenario, measured, the baseline first."""
    return {name: measure(load_bundled(name)) for name in bundled_names()}


@dataclass(frozen=True)
class Row:
    """One call of one bound: where, what, and the share of months it binds per scenario."""

    bound: Bound
    call: tuple | None  # (path, line, column, end, count); None when it is never called
    feeds: tuple[str, ...]
    shares: dict[str, float]  # scenario -> share of its months
    baseline_months: tuple[str, ...]


def rows() -> list[Row]:
    """Every bound's every call, with the bundled scenarios' measurements."""
    measured = measured_bundled()
    fed = fed_variables()
    calls_of: dict[tuple, list[tuple]] = {}
    for call in {call for run in measured.values() for call in run.binds} | set(fed):
        calls_of.setdefault(call[:4], []).append(call)
    table = []
    for bound in bound_sites():
        calls = sorted(calls_of.get(bound.key, []), key=lambda call: call[4]) or [None]
        for call in calls:
            shares = {name: run.share(call) if call else float("nan")
                      for name, run in measured.items()}
            months = tuple(measured["baseline"].binding_months(call)) if call else ()
            table.append(Row(bound, call, fed.get(call, ()) if call else (), shares, months))
    return table


# ---- docs/bounds.md --------------------------------------------------------------------

def _share(value: float) -> str:
    if value != value:  # nan: not evaluated in this run
        return "–"
    return "0" if value == 0 else f"{100 * value:.0f}%" if value >= 0.005 else "<1%"


def _spans(months: tuple[str, ...]) -> str:
    """Months as runs of consecutive months: 2025-01..2026-06, 2030-02."""
    if not months:
        return ""
    spans, start, last = [], months[0], months[0]
    for month in months[1:]:
        if months_between(last, month) == 1:
            last = month
            continue
        spans.append(start if start == last else f"{start}..{last}")
        start = last = month
    spans.append(start if start == last else f"{start}..{last}")
    return ", ".join(spans[:3]) + (f" and {len(spans) - 3} more" if len(spans) > 3 else "")


def _names(names: frozenset[str] | tuple[str, ...]) -> str:
    named = [name for name in names if name != ZERO and not name.startswith("number:")]
    shown = sorted({name.partition(":")[2] or name for name in named or names})
    return ", ".join(f"`{name}`" for name in shown) if shown else "–"


def bounds_markdown() -> str:
    """docs/bounds.md: the audit table."""
    table = rows()
    scenarios = list(measured_bundled())
    lines = [
        "# Audit of bounds",
        "",
        "Generated by `python -m core.build` (core/analysis/bounds.py) from the model's code; "
        "do not edit. Every `xp.minimum`, `xp.maximum` and `xp.clip` in the blocks' "
        "equations is listed with what it bounds and the share of months it binds in each "
        "bundled scenario (over the scenario's months), measured by stepping each scenario once and "
        "recording which side each call took. A bound binds when it changes the value: a "
        "minimum when its limit is below the value, a maximum when above, a clip at either "
        "end (two rows). An operation called once per country is one row per call (#1, #2, "
        "in the order the blocks call them). \"Feeds\" names the variables its result reaches "
        "first; \"compares with\" names what the limit is made of (constants from "
        "core/catalogue/constants.py, levers, model variables).",
        "",
        "A bound that binds in the baseline needs a source: the constants and levers it "
        "compares with carry a published source, or it is a floor at zero, an absolute value "
        "or a split of the clock. The last column names what lacks one.",
        "",
        "Scenarios: " + ", ".join(f"{n + 1} `{name}`" for n, name in enumerate(scenarios))
        + ".",
        *(f"\n**The run of `{name}` stopped** ({run.failed}): its column is empty."
          for name, run in measured_bundled().items() if run.failed),
        "",
        "| Place | Call | End | Kind | Compares with | Feeds | "
        + " | ".join(str(n + 1) for n in range(len(scenarios)))
        + " | Binds in the baseline | Unsourced |",
        "| --- | --- | --- | --- | --- | --- | " + " | ".join("---:" for _ in scenarios)
        + " | --- | --- |",
    ]
    for row in table:
        if not row.bound.measured:
            continue
        bound = row.bound
        call = f" #{row.call[4] + 1}" if row.call and _calls(table, bound) > 1 else ""
        shares = " | ".join(_share(row.shares[name]) for name in scenarios)
        binds = row.shares.get("baseline", float("nan")) > 0
        unsourced = "; ".join(bound.unsourced()) if binds else ""
        text = f"`{bound.text}`" if len(bound.text) <= 60 else f"`{bound.text[:57]}...`"
        lines.append(
            f"| {bound.place} ({bound.function}){call} | {text} | {bound.end} | {bound.kind}"
            f" | {_names(bound.compares_with)} | {_names(row.feeds)} | {shares}"
            f" | {_spans(row.baseline_months)} | {unsourced} |")
    lookback = [row.bound for row in table if not row.bound.measured]
    lines += [
        "",
        "## In the look-back, not measured",
        "",
        "The lead's look-back (core/model/compute.py, `Lookback`) searches the leader's "
        "history with its own `min` and `max` on plain numbers (or numpy's, for many "
        "samples), outside the blocks' operations, so these are listed from the source but "
        "not measured month by month.",
        "",
        "| Place | Call | End | Compares with |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {bound.place} ({bound.function}) | `{bound.text}` | {bound.end}"
              f" | {_names(bound.compares_with)} |" for bound in lookback]
    return "\n".join(lines) + "\n"


def _calls(table: list[Row], bound: Bound) -> int:
    return sum(1 for row in table if row.bound == bound)
