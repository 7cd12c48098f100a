"""docs/model.md is generated from the code (tests/core/test_build.py checks it is fresh)."""

from core.model.docs import model_markdown


def test_the_model_document_names_every_loop_stock_and_boundary_column():
    text = model_markdown()
    for heading in ("## Feedback loops", "```mermaid", "## Model boundary", "## Stocks",
                    "Left out", "## Calibration, plausibility and history"):
        assert heading in text
    assert "shared/" not in text
