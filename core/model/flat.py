"""One run's month loop as one flat Python function, written out from the blocks themselves.

The equations are written once, in the blocks, for Python floats and numpy rows alike
(core.model.ops). Stepped on floats, a run spends most of its time on what surrounds the
arithmetic: dict reads and writes, calls to small helpers, the same lever products every
month. Here the blocks run once on symbols instead: every operation they do on a model value
becomes one line of Python on local variables. Lines that read only constant levers move
before the month loop, lines whose result nothing uses are dropped, and the rest become the
body of one loop. Each line is one of the blocks' own operations on the same operands in the
same order, so the function gives the same bits as stepping the blocks on floats.

A block that branches on a model value (``if x > 0``) cannot be written out; the symbols
refuse it with a message saying to use ``xp.where``.
"""

from __future__ import annotations

import itertools
import linecache
import math
import struct
from collections.abc import Callable, Sequence

from core.model.constants import Namespace
from core.model.ops import FLOATS


class Symbol:
    """A model value while the blocks are written out: the name of the local that holds it."""

    __slots__ = ("tape", "name", "monthly")

    def __init__(self, tape: _Tape, name: str, monthly: bool):
        self.tape, self.name, self.monthly = tape, name, monthly

    def __add__(self, other):
        return self.tape.line("{0} + {1}", self, other)

    def __radd__(self, other):
        return self.tape.line("{0} + {1}", other, self)

    def __sub__(self, other):
        return self.tape.line("{0} - {1}", self, other)

    def __rsub__(self, other):
        return self.tape.line("{0} - {1}", other, self)

    def __mul__(self, other):
        return self.tape.line("{0} * {1}", self, other)

    def __rmul__(self, other):
        return self.tape.line("{0} * {1}", other, self)

    def __truediv__(self, other):
        return self.tape.line("{0} / {1}", self, other)

    def __rtruediv__(self, other):
        return self.tape.line("{0} / {1}", other, self)

    def __pow__(self, other):
        return self.tape.line("{0} ** {1}", self, other)

    def __rpow__(self, other):
        return self.tape.line("{0} ** {1}", other, self)

    def __neg__(self):
        return self.tape.line("-{0}", self)

    def __lt__(self, other):
        return self.tape.line("{0} < {1}", self, other)

    def __le__(self, other):
        return self.tape.line("{0} <= {1}", self, other)

    def __gt__(self, other):
        return self.tape.line("{0} > {1}", self, other)

    def __ge__(self, other):
        return self.tape.line("{0} >= {1}", self, other)

    def __bool__(self):
        raise TypeError(f"a model block needs the model value {self.name} as a plain number "
                        "(an if on it, or a math function): write it with xp (xp.where, "
                        "xp.log) so one run can be written out as a flat loop")

    __float__ = __index__ = __bool__

    def __eq__(self, other):  # a comparison would otherwise be identity, silently
        return self.tape.line("{0} == {1}", self, other)

    def __ne__(self, other):
        return self.tape.line("{0} != {1}", self, other)

    __hash__ = None


class _Tape:
    """The lines written so far: (target, text, names read, monthly, has an effect)."""

    def __init__(self):
        self.lines: list[tuple[str, str, tuple[str, ...], bool, bool]] = []
        self.literals: dict[str, float] = {}
        self.done: dict[str, Symbol] = {}  # text -> its result, so no line is written twice

    def symbol(self, name: str, monthly: bool) -> Symbol:
        return Symbol(self, name, monthly)

    def line(self, template: str, *operands, effect: bool = False) -> Symbol:
        texts, names, monthly = [], [], effect
        for operand in operands:
            if isinstance(operand, Symbol):
                texts.append(operand.name)
                names.append(operand.name)
                monthly = monthly or operand.monthly
            else:
                texts.append(self.literal(operand))
        text = template.format(*texts)
        if text in self.done and not effect:  # same operation on the same values
            return self.done[text]
        target = f"t{len(self.lines)}"
        self.lines.append((target, text, tuple(names), monthly, effect))
        self.done[text] = result = Symbol(self, target, monthly)
        return result

    def literal(self, number) -> str:
        """A number as source text (repr gives back the same double)."""
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise TypeError(f"a model block used {number!r} ({type(number).__name__}) "
                            "where a number was expected")
        if math.isfinite(number):
            text = repr(number)
            return f"({text})" if text.startswith("-") else text  # -2.0 ** x is -(2.0 ** x)
        name = f"c{len(self.literals)}"  # inf and nan have no literal
        self.literals[name] = number
        return name


def _written_out(name: str) -> Callable:
    """An op of core.model.ops that writes a line when any operand is a symbol, and on
    plain numbers simply computes (so constant parts fold before the loop, as they did)."""
    template = _TEMPLATES[name]
    floats = getattr(FLOATS, name)

    def op(*operands):
        symbols = [x for x in operands if isinstance(x, Symbol)]
        if not symbols:
            return floats(*operands)
        return symbols[0].tape.line(template, *operands)

    return op


# The same expressions as core.model.ops's float functions, inline.
_TEMPLATES = {
    "minimum": "{0} if {0} < {1} else {1}",
    "maximum": "{0} if {0} > {1} else {1}",
    "clip": "{1} if {0} < {1} else {2} if {0} > {2} else {0}",
    "where": "{1} if {0} else {2}",
    "exp": "exp({0})",
    "log": "log({0})",
}
SYMBOLS = Namespace({name: _written_out(name) for name in _TEMPLATES} | {"is_array": False})


class _Clock:
    """The clock as the blocks see it, with the month and its year as symbols."""

    def __init__(self, tape: _Tape):
        self.index = tape.symbol("index", monthly=True)
        self.years = tape.symbol("years", monthly=True)
        self.sub, self.step_months = 0, 1.0


def write_month_loop(blocks: Sequence[Callable], stocks: Sequence[str],
                     output_ids: Sequence[str], constant_ids: Sequence[str],
                     varying_ids: Sequence[str], carried: Sequence[str],
                     calls: Sequence[str]) -> Callable:
    """The blocks as one function ``run(inputs, state, memory, year_of_month, dt)``.

    ``inputs`` maps each lever to a float (``constant_ids``) or a list of monthly values
    (``varying_ids``); ``state`` is the stocks' starting values in the order of ``stocks``;
    ``memory`` holds the ``carried`` values (read by a block, rewritten each month) and the
    ``calls`` (callables with a memory of their own, called once a month in order);
    ``year_of_month`` is the clock's ``years`` of each month. It steps every month with
    explicit Euler (step ``dt`` years), as core.simulation does, and returns the outputs as
    packed doubles, month after month (4x faster to make into numpy than tuples are).
    """
    tape = _Tape()
    inputs = {name: tape.symbol(f"u_{name}", monthly=False) for name in constant_ids}
    inputs |= {name: tape.symbol(f"u_{name}", monthly=True) for name in varying_ids}
    state = {name: tape.symbol(f"s_{name}", monthly=True) for name in stocks}
    memory: dict[str, object] = {name: tape.symbol(f"m_{name}", monthly=True)
                                 for name in carried}
    for name in calls:
        memory[name] = _call_line(tape, name)
    aux, rates = {}, {}
    clock = _Clock(tape)
    for block in blocks:
        block(state, inputs, aux, rates, memory, SYMBOLS, clock)
    dt = tape.symbol("dt", monthly=False)
    stepped = [state[name] + rates[name] * dt for name in stocks]
    outputs = [aux[name] for name in output_ids]
    carries = [memory[name] for name in carried]
    source = _source(tape, inputs, stocks, carried, calls, outputs, stepped, carries,
                     varying_ids)
    return _compiled(source, tape.literals, struct.Struct(f"{len(outputs)}d").pack)


def _call_line(tape: _Tape, name: str) -> Callable:
    """A stand-in for the memory's callable ``name``: each call is a line that is always
    kept and stays in the loop (it remembers what it was called with)."""
    def call(*arguments):
        places = ", ".join(f"{{{i}}}" for i in range(len(arguments)))
        return tape.line(f"{name}({places})", *arguments, effect=True)
    return call


def _text(value, tape: _Tape) -> str:
    return value.name if isinstance(value, Symbol) else tape.literal(value)


def _source(tape, inputs, stocks, carried, calls, outputs, stepped, carries,
            varying_ids) -> str:
    """The function's text: lines nothing needs dropped, lines on constants only before
    the loop, the rest in it in the order the blocks did them."""
    needed = {value.name for value in (*outputs, *stepped, *carries)
              if isinstance(value, Symbol)}
    kept = []
    for target, text, names, monthly, effect in reversed(tape.lines):
        if effect or target in needed:
            needed.update(names)
            kept.append((target, text, monthly))
    kept.reverse()
    before = [f"    {target} = {text}" for target, text, monthly in kept if not monthly]
    during = [f"        {target} = {text}" for target, text, monthly in kept if monthly]
    read = [name for name in inputs if f"u_{name}" in needed]
    lines = ["def run(inputs, state, memory, year_of_month, dt):"]
    lines += [f"    u_{name} = inputs[{name!r}]" for name in read if name not in varying_ids]
    lines += [f"    v_{name} = inputs[{name!r}]" for name in read if name in varying_ids]
    lines += [f"    {name} = memory[{name!r}]" for name in calls]
    lines += [f"    m_{name} = memory[{name!r}]" for name in carried]
    lines += before
    lines.append(f"    {', '.join(f's_{name}' for name in stocks)}, = state")
    lines += ["    rows = bytearray()", "    write = rows.extend",
              "    for index, years in enumerate(year_of_month):"]
    lines += [f"        u_{name} = v_{name}[index]" for name in read if name in varying_ids]
    lines += during
    lines.append(f"        write(pack({', '.join(_text(v, tape) for v in outputs)}))")
    lines += [f"        s_{name} = {value.name}" for name, value in zip(stocks, stepped,
                                                                          strict=True)]
    lines += [f"        m_{name} = {_text(value, tape)}" for name, value in zip(
        carried, carries, strict=True)]
    lines.append("    return rows")
    return "\n".join(lines) + "\n"


_NUMBERS = itertools.count(1)


def _compiled(source: str, literals: dict[str, float], pack: Callable) -> Callable:
    """Compile the source, registered with linecache so a traceback shows its lines."""
    filename = f"<one run's month loop #{next(_NUMBERS)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"exp": math.exp, "log": math.log, "pack": pack, **literals}
    exec(compile(source, filename, "exec"), namespace)
    run = namespace["run"]
    run.source = source
    return run
