"""A model variable declared once, in the block module whose equation computes it.

The declaration says what the equation cannot: the unit, a label and a one-line definition
for a policy reader (docs/model.md, the model map), the source, and the sign of each link
that lowers the variable or has no single sign. What it reads is not declared: it is
traced from the equation (core/model/reads.py, written by ``python -m core.build``), and
every read it does not sign raises it. A test measures each sign at 100 sampled states.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    id: str
    kind: str  # "stock", "flow" (a stock's rate of change) or "auxiliary"
    unit: str
    label: str
    definition: str
    source: str = ""
    # the reads that lower it ("-name") or have no single sign ("~name"), space-separated
    signs: str = ""
    block: str = ""  # the block module it is declared in (filled in by core.model.structure)
    reads: tuple[tuple[str, str], ...] = ()  # (name, "+", "-" or "~"), from the trace

    @property
    def names_read(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.reads)

    @property
    def declared_signs(self) -> dict[str, str]:
        """Each read it signs, with its sign."""
        return {word[1:]: word[0] for word in self.signs.split()}


def flow(id: str, unit: str, label: str, definition: str, source: str = "",
         signs: str = "") -> Variable:
    """The rate of change of stock ``id.removeprefix("d_")``, per year."""
    return Variable(id, "flow", unit, label, definition, source, signs)


def auxiliary(id: str, unit: str, label: str, definition: str, source: str = "",
              signs: str = "") -> Variable:
    """A value computed from this month's stocks, levers and earlier auxiliaries."""
    return Variable(id, "auxiliary", unit, label, definition, source, signs)
