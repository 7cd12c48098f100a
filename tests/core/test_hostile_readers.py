"""Readers in linear time with one answer: HTML briefings read as a browser reads them, PDF
briefings read with pypdf (any writer's layout), damaged or ambiguous ones refused in one
line."""

import io
import shutil
import subprocess
import time

import pytest
from pypdf import PdfReader, PdfWriter
from test_pdf_attachment import minimal_pdf

from core.cli.main import main
from core.formats import share
from core.formats.carriers import script_block
from core.formats.scenario import ScenarioError, load_bundled, scenario_from_briefing

SCENARIO = load_bundled("us_power_crunch")
OPEN = '<script type="application/json" id="airace-scenario">'


def _html(*parts: str) -> str:
    return "<!DOCTYPE html><html><body>" + "".join(parts) + "</body></html>"


def _timed(read, *args):
    started = time.perf_counter()
    try:
        return read(*args), time.perf_counter() - started
    except ScenarioError as error:
        return error, time.perf_counter() - started


@pytest.mark.parametrize("filler", [OPEN * 40_000, "<script>" * 300_000, "<!--" * 300_000,
                                    (OPEN + "x</scrip") * 30_000])
def test_the_html_reader_takes_linear_time_on_hostile_markup(filler):
    text = _html(share.script_block(SCENARIO), filler)
    assert len(text) > 1_000_000
    found, seconds = _timed(scenario_from_briefing, text, "b.html")
    assert found == SCENARIO and seconds < 1.0
    error, seconds = _timed(scenario_from_briefing, _html(filler), "b.html")
    assert isinstance(error, ScenarioError) and seconds < 1.0
    assert str(error) == ("b.html: an HTML file without an embedded scenario; only briefings "
                          "written by this version of AI Race Planner or later carry one")


def test_a_decoy_inside_a_comment_is_not_restored():
    decoy = SCENARIO.model_copy(update={"name": "Decoy"})
    text = _html(f"<!-- {share.script_block(decoy)} -->", share.script_block(SCENARIO))
    assert scenario_from_briefing(text, "b.html").name == SCENARIO.name
    with pytest.raises(ScenarioError, match="without an embedded scenario"):
        scenario_from_briefing(_html(f"<!--{share.script_block(decoy)}-->"), "b.html")


def test_two_embedded_scenarios_are_ambiguous():
    text = _html(share.script_block(SCENARIO), script_block('{"schema_version": 3}'))
    with pytest.raises(ScenarioError) as caught:
        scenario_from_briefing(text, "b.html")
    assert str(caught.value) == ("b.html: 2 embedded scenarios; which one is meant cannot be "
                                 "told")


def _briefing() -> bytes:
    return share.pdf_with_scenario(minimal_pdf(), SCENARIO)


def test_a_briefing_rewritten_by_pypdf_reopens(tmp_path, capsys):
    rewritten = io.BytesIO()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_briefing())))
    writer.compress_identical_objects()
    writer.write(rewritten)
    assert rewritten.getvalue() != _briefing()
    path = tmp_path / "b.pdf"
    path.write_bytes(rewritten.getvalue())
    assert main(["validate", str(path)]) == 0


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
@pytest.mark.parametrize("options", [["--object-streams=generate"], ["--linearize"],
                                     ["--qdf"]])
def test_a_briefing_rewritten_by_qpdf_reopens(tmp_path, capsys, options):
    original, path = tmp_path / "in.pdf", tmp_path / "b.pdf"
    original.write_bytes(_briefing())
    subprocess.run(["qpdf", *options, str(original), str(path)], check=True, timeout=60)
    assert (b"/ObjStm" in path.read_bytes()) == (options == ["--object-streams=generate"])
    assert share.scenario_from_pdf(path.read_bytes(), "b.pdf") == SCENARIO


def test_two_scenario_attachments_are_ambiguous():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(minimal_pdf())))
    writer.add_attachment("scenario.json", share.scenario_json_for_embedding(SCENARIO))
    writer.add_attachment("scenario.json", b'{"schema_version": 3, "name": "Decoy"}')
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ScenarioError) as caught:
        share.scenario_from_pdf(out.getvalue(), "b.pdf")
    assert str(caught.value) == ("b.pdf: 2 files are attached as scenario.json; which one "
                                 "is the scenario cannot be told")


def test_an_unknown_filter_is_one_line_and_validate_goes_on(tmp_path, capsys):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(_briefing().replace(b"/Type /EmbeddedFile", b"/Filter 5 /Type /X", 1))
    good = tmp_path / "good.pdf"
    good.write_bytes(_briefing())
    assert main(["validate", str(bad), str(good)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"{bad}: ") and captured.err.count("\n") == 1
    assert "Traceback" not in captured.err
    assert captured.out == f"{good}: ok\n"


def test_a_repeated_object_is_read_once():
    """A name tree listing one file specification 100,000 times (1 MB)."""
    pdf = _briefing()
    names = b"[" + b"(x) 7 0 R " * 100_000 + b"]"
    trailer_at = pdf.rindex(b"trailer")
    tree = pdf.rindex(b"/EmbeddedFiles")
    hostile = pdf[:tree] + b"/EmbeddedFiles << /Names " + names + b" >> >>" + pdf[
        pdf.index(b"endobj", tree):trailer_at] + pdf[trailer_at:]
    assert len(hostile) > 900_000
    found, seconds = _timed(share.scenario_from_pdf, hostile, "b.pdf")
    assert seconds < 2.0
    assert found == SCENARIO or str(found).startswith("b.pdf: ")


def test_a_huge_integer_names_the_file(tmp_path, capsys):
    path = tmp_path / "big.pdf"
    path.write_bytes(_briefing().replace(b"/Size 6", b"/Size " + b"9" * 5000, 1))
    assert main(["validate", str(path)]) in (0, 2)
    captured = capsys.readouterr()
    assert captured.out == f"{path}: ok\n" or (captured.err.startswith(f"{path}: ")
                                               and captured.err.count("\n") == 1)
