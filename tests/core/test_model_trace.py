"""The model map's data: a traced run reports every output exactly as the run does, and the
map's columns place every declared variable once, drawn from the declaration."""

import numpy as np
import pytest

from core.engine.simulation import run_scenario
from core.engine.trace import links, map_columns, node, trace
from core.formats.scenario import load_bundled
from core.model.structure import LOOPS, STOCK_DECLARATIONS, VARIABLES


@pytest.mark.parametrize("scenario", [
    load_bundled("baseline"),
    load_bundled("us_power_crunch").with_lever("export_fee_share", 0.25),
    load_bundled("baseline").model_copy(update={"start": "2022-01"}),  # the backcast
], ids=["baseline", "power crunch with a fee", "backcast"])
def test_a_trace_reports_every_output_exactly_as_the_run(scenario):
    results, traced = run_scenario(scenario), trace(scenario)
    for output_id in results.series:
        assert np.array_equal(traced[output_id], results.central(output_id)), output_id
    names = {v.id for v in VARIABLES.values()}
    assert names <= set(traced)
    assert all(len(series) == len(results.months) for series in traced.values())


def test_the_map_places_every_declared_variable_exactly_once():
    placed = [name for column in map_columns() for sub in column.sub_columns for name in sub]
    assert sorted(placed) == sorted({v.id for v in VARIABLES.values()})
    for column in map_columns(max_rows=10):
        assert all(len(sub) <= 11 for sub in column.sub_columns)  # + a flow's stock


def test_a_flow_sits_just_above_its_stock():
    for column in map_columns():
        for sub in column.sub_columns:
            assert not sub[-1].startswith("d_"), sub[-1]
            for above, below in zip(sub, sub[1:], strict=False):
                if above.startswith("d_"):
                    assert below == above.removeprefix("d_")
    assert node("us_queue_gw") is STOCK_DECLARATIONS["us_queue_gw"]


def test_every_loop_link_is_a_map_link_with_its_polarity():
    found = {(source, target): sign for source, target, sign in links()}
    for loop in LOOPS:
        for source, target in zip(loop.path, loop.path[1:] + loop.path[:1], strict=True):
            assert (source, target) in found, (loop.name, source, target)
