"""The model's boundary as data: what it computes (endogenous), what it takes as given
(exogenous) and what it leaves out, with why.

Only what is left out is written here. The rest is derived, so it cannot fall behind a new
stock or lever: one endogenous item per block (its summary, the stocks it holds), one
exogenous item per lever group (its levers) and one for the time paths (the auxiliaries
whose equation reads only the clock). docs/model.md renders it (``python -m core.build``).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.catalogue.levers import GROUPS, LEVERS
from core.model.structure import BLOCK_MODULES, STOCK_DECLARATIONS, VARIABLES


@dataclass(frozen=True)
class BoundaryItem:
    status: str  # "endogenous", "exogenous" or "left out"
    what: str
    # endogenous: the stocks that hold it; exogenous: the levers or time paths that give it
    covers: tuple[str, ...] = ()
    why: str = ""  # left out: why, and what stands in for it


def _out(what: str, why: str) -> BoundaryItem:
    return BoundaryItem("left out", what, why=why)


# what the model leaves out, and why: the one part of the boundary written by hand
LEFT_OUT = (
    _out("Critical-minerals retaliation and other Chinese trade counter-measures",
         "China's controls on gallium, germanium and rare earths could slow US chip and "
         "power build-out; no estimate ties them to chip output, so a scenario lowers the "
         "order-growth or new-generation levers instead."),
    _out("Ratepayer backlash against permitting and grid costs",
         "Local opposition to data centres' grid costs would lengthen connections; the "
         "grid-connection delay and permitting reform levers stand in for it."),
    _out("Diversion of chips sited abroad to China",
         "US chips in allied data centres stay US-owned and US-used; smuggling covers chips "
         "sold, not chips sited abroad."),
    _out("The electricity grid beyond data centres (prices, reliability)",
         "Power prices and reliability do not feed back on demand; new generation is an "
         "input."),
    _out("Talent flows, capital markets and a demand bust for AI services",
         "Spending follows order growth up to an affordability ceiling; a bust is a "
         "scenario on the order-growth lever."),
)


def _summary(module) -> tuple[str, str]:
    """(name, what it computes) from a block module's docstring, 'Power block: ...'."""
    name, _, what = module.__doc__.split("\n\n")[0].partition(":")
    return name.strip(), " ".join(what.split())


def boundary() -> tuple[BoundaryItem, ...]:
    """Endogenous items per block, exogenous items per lever group and for the time paths,
    then what is left out."""
    endogenous = []
    for module in BLOCK_MODULES:
        name, what = _summary(module)
        block = module.__name__.rpartition(".")[2]
        stocks = tuple(s.id for s in STOCK_DECLARATIONS.values() if s.block == block)
        endogenous.append(BoundaryItem("endogenous", f"{name}: {what}", stocks))
    exogenous = [BoundaryItem("exogenous", f"{group} levers",
                              tuple(lever.id for lever in LEVERS.values()
                                    if lever.group == group))
                 for group in GROUPS]
    time_paths = tuple(v.id for v in VARIABLES.values()
                       if v.kind == "auxiliary" and not v.reads)
    exogenous.append(BoundaryItem("exogenous", "Time paths (follow the calendar only)",
                                  time_paths))
    return (*endogenous, *exogenous, *LEFT_OUT)

