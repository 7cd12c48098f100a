"""What the command line says about the model: version, reactions, migrations, sources and
the published figures it was checked against."""

import os

from core.catalogue.anchors import anchors
from core.catalogue.constants import CONSTANTS
from core.cli.main import main
from core.common.version import MODEL_VERSION

DATA = os.path.join(os.path.dirname(__file__), "..", "data")


def test_run_names_the_model_version_and_the_reactions_that_fired(capsys):
    assert main(["run", "safe_chips_act"]) == 0
    out = capsys.readouterr().out
    assert f"model version {MODEL_VERSION}" in out
    assert "Reactions that fired:" in out and "China substitutes for imports" in out


def test_a_version_1_file_says_figures_changed_because_the_model_did(capsys):
    path = os.path.join(DATA, "scenario_v1.json")
    assert main(["run", path]) == 0
    out = capsys.readouterr().out
    assert "saved under model version 1; figures differ" in out
    assert main(["validate", path]) == 0
    assert "ok (saved under an older model version" in capsys.readouterr().out


def test_a_version_2_file_or_briefing_says_figures_changed_because_the_model_did(capsys):
    """Model version 3 runs a file and a briefing saved under version 2 with the note."""
    for name in ("model_v2.json", "briefing_model_v2.html"):
        path = os.path.join(DATA, name)
        assert main(["run", path]) == 0
        out = capsys.readouterr().out
        assert f"note: {path}: saved under model version 2; figures differ" in out
        assert f"model version {MODEL_VERSION}" in out and MODEL_VERSION == 3
        assert main(["validate", path]) == 0
        assert "ok (saved under an older model version" in capsys.readouterr().out


def test_levers_sources_lists_every_constant_and_its_citation(capsys):
    assert main(["levers", "--sources"]) == 0
    out = capsys.readouterr().out
    for constant in CONSTANTS.values():
        assert constant.id in out
    assert "[L1] LBNL" in out and "shared/" not in out


def test_anchors_prints_every_row_flags_only_the_fits_named_conflicts_and_exits_1(capsys):
    from core.catalogue.calibration import fit
    outside = {row.quantity for row in fit().rows if not row.holds}
    assert main(["anchors", "--sources"]) == 1  # a row outside its range: not all hold
    out = capsys.readouterr().out
    for anchor in anchors():
        assert anchor.quantity in out
    flagged = {anchor.quantity for anchor in anchors()
               if any(anchor.quantity in line and "OUTSIDE" in line for line in out.splitlines())}
    assert flagged == outside and outside
    inside = len(anchors()) - len(outside)
    assert f"{inside} of {len(anchors())} figures inside" in out


