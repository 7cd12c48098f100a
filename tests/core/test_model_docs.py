"""docs/model.md is generated from the code (tests/core/test_build.py checks it is fresh)."""

from core.model.docs import model_markdown


def test_the_model_document_names_every_loop_stock_and_boundary_column():
    text = model_markdown()
    for heading in ("## Feedback loops", "```mermaid", "## Model boundary", "## Stocks",
                    "Left out", "## Calibration, plausibility and history"):
        assert heading in text
    assert "shared/" not in text


def test_the_boundary_holds_every_stock_lever_and_time_path_once_and_says_what_is_left_out():
    from core.catalogue.levers import LEVERS
    from core.engine.flat import trace_variables
    from core.model.boundary import boundary
    from core.model.state import STOCKS

    items = boundary()
    covered = {status: [name for item in items if item.status == status
                        for name in item.covers]
               for status in ("endogenous", "exogenous", "left out")}
    assert sorted(covered["endogenous"]) == sorted(STOCKS)
    clock_only = {name for name, traced in trace_variables().items()
                  if traced.inputs <= {"years", "index"} and not name.startswith("d_")}
    assert sorted(covered["exogenous"]) == sorted([*LEVERS, *clock_only])
    assert clock_only >= {"us_non_ai_load_gw", "connected_share"}
    left_out = [item for item in items if item.status == "left out"]
    assert all(item.why and not item.covers for item in left_out)
    text = model_markdown()
    for what in ("Critical-minerals retaliation", "Ratepayer backlash", "Diversion of chips "
                 "sited abroad to China"):
        assert sum(what in item.what for item in left_out) == 1
        assert what in text
    assert "| endogenous | Power block: data-centre capacity" in text
