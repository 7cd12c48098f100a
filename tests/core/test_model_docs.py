"""docs/model.md is generated from the code and matches it."""

from pathlib import Path

from core.model.docs import model_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "model.md"


def test_docs_model_md_is_the_generated_text():
    assert DOC.read_text(encoding="utf-8") == model_markdown(), (
        "docs/model.md is stale: run `python -m core.model.docs > docs/model.md`")


def test_the_model_document_names_every_loop_stock_and_boundary_column():
    text = model_markdown()
    for heading in ("## Feedback loops", "```mermaid", "## Model boundary", "## Stocks",
                    "Left out", "## Calibration, plausibility and history"):
        assert heading in text
    assert "shared/" not in text
