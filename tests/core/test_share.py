"""Sharing offline: the briefing carries its scenario; share codes round-trip; hostile input
is refused in one line."""

import base64
import datetime as dt
import json
import zlib

import pytest

from core.cli.main import main
from core.engine.events import ExportBan
from core.engine.simulation import run_scenario
from core.formats import share
from core.formats.carriers import MAX_CODE_CHARS
from core.formats.scenario import (
    MAX_FILE_BYTES,
    ScenarioError,
    load_bundled,
    load_scenario,
    resolve,
)
from core.reports.briefing import briefing_html


def hostile_scenario():
    """Text that would end a <script> block or break HTML if not escaped."""
    scenario = load_bundled("china_android_strategy").with_evidence(
        "cn_lab_openness", "</script><script>alert(1)</script> & <!-- ", "a \u2028 b")
    ban = ExportBan(start="2026-01").with_evidence("</SCRIPT>", "S.1")
    return scenario.model_copy(update={"name": "Mine </script>", "notes": "ünïcode ✓",
                                       "events": [*scenario.events, ban]})


def write_briefing(scenario, path):
    results = run_scenario(scenario)
    path.write_text(briefing_html(scenario, results, results, [],
                                  generated=dt.date(2026, 11, 30)), encoding="utf-8")
    return path


def test_briefing_round_trips_to_the_identical_scenario(tmp_path):
    scenario = hostile_scenario()
    path = write_briefing(scenario, tmp_path / "brief.html")
    page = path.read_text()
    assert page.count('id="airace-scenario"') == 1
    block = page.split('id="airace-scenario">')[1].split("</script>")[0]
    assert "<" not in block and ">" not in block  # nothing in it can end the block
    restored = load_scenario(path)
    assert restored == scenario and restored.to_json() == scenario.to_json()
    assert resolve(str(path)) == scenario


def test_run_and_validate_accept_a_briefing(tmp_path, capsys):
    path = write_briefing(load_bundled("us_power_crunch"), tmp_path / "brief.html")
    assert main(["run", str(path)]) == 0
    assert "US power crunch" in capsys.readouterr().out
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"{path}: ok"


def test_html_without_a_scenario_or_with_a_bad_one_is_refused(tmp_path, capsys):
    plain = tmp_path / "page.html"
    plain.write_text("<!DOCTYPE html><html><body>hello</body></html>")
    assert main(["validate", str(plain)]) == 2
    error = capsys.readouterr().err
    assert "without an embedded scenario" in error and error.count("\n") == 1
    broken = tmp_path / "broken.html"
    broken.write_text('<html><script type="application/json" id="airace-scenario">'
                      '{"schema_version": 3, "name": "x", "levers": {"nope": 1}}</script>')
    with pytest.raises(ScenarioError, match="unknown lever id 'nope'"):
        load_scenario(broken)


def test_a_huge_briefing_is_refused_before_reading(tmp_path, monkeypatch):
    import core.formats.scenario
    monkeypatch.setattr(core.formats.scenario, "MAX_BRIEFING_BYTES", 1000)
    path = write_briefing(load_bundled("baseline"), tmp_path / "brief.html")
    with pytest.raises(ScenarioError, match="a briefing file may be at most 1,000 bytes"):
        load_scenario(path)


@pytest.mark.parametrize("name", ["baseline", "china_android_strategy", "tpu_expansion"])
def test_share_code_round_trips(name):
    scenario = load_bundled(name)
    code = share.encode(scenario)
    assert code.startswith("airace:") and len(code) < 700
    assert share.decode(code) == scenario
    assert resolve(code) == scenario
    assert share.decode(f"  {code}\n") == scenario


def test_a_scenario_built_on_the_baseline_has_a_short_code():
    scenario = load_bundled("baseline").with_lever("us_dc_committed_additions_gw_per_year", 12)
    code = share.encode(scenario)
    assert len(code) < 120 and share.decode(code) == scenario
    plain = pack(json.dumps(share.minimal_data(scenario)).encode())  # format 0 still reads
    assert share.decode(plain) == scenario


def test_share_code_keeps_evidence_and_odd_text():
    scenario = hostile_scenario()
    assert share.decode(share.encode(scenario)).to_json() == scenario.to_json()


def test_share_code_works_on_the_command_line(capsys):
    code = share.encode(load_bundled("us_power_crunch"))
    assert main(["run", code]) == 0
    assert main(["explain", code, "--kpi", "us_power_gap_2028"]) == 0
    assert main(["validate", code]) == 0
    assert "US power crunch" in capsys.readouterr().out


def pack(raw: bytes, version: int = 0) -> str:
    """A format-0 (plain zlib) code, as a hostile sender could make."""
    body = bytes([version]) + zlib.compress(raw)
    return "airace:" + base64.urlsafe_b64encode(body).decode().rstrip("=")


@pytest.mark.parametrize("code, message", [
    ("airace:", "not a share code"),
    ("airace:abc$def", "not a share code"),
    ("airace:a", "not a share code"),
    ("airace:" + "A" * 40, "does not decompress"),
    (share.encode(load_bundled("china_android_strategy"))[:101], "incomplete share code"),
    ("airace:" + "A" * (MAX_CODE_CHARS + 1), "may be at most"),
    (pack(b" " * (MAX_FILE_BYTES + 10)), "decodes to more than 1,000,000 bytes"),
    (pack(b"\xff\xfe"), "not UTF-8"),
    (pack(b'{"schema_version": 3, "name": "x", "levers": {"bass_p": 99}}'),
     "outside the allowed range"),
    (pack(b"[1, 2]"), "must be a JSON object"),
    (pack(b'{"schema_version": 3'), "not valid JSON"),
    (pack(b"{}", version=9), "unknown format"),
])
def test_hostile_share_codes_are_refused_in_one_line(code, message):
    with pytest.raises(ScenarioError, match=message) as caught:
        share.decode(code)
    text = str(caught.value)
    assert text.startswith("share code: ") and "\n" not in text and len(text) < 400


def test_a_decompression_bomb_stops_at_the_limit():
    bomb = pack(b"0" * 50_000_000)  # ~65 kB of code expanding to 50 MB
    assert len(bomb) < MAX_CODE_CHARS
    with pytest.raises(ScenarioError, match="decodes to more than"):
        share.decode(bomb)


def test_wrong_prefix_and_cli_error(capsys):
    with pytest.raises(ScenarioError, match="starts with 'airace:'"):
        share.decode("race:abc")
    assert main(["run", "airace:!!"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_embedding_json_is_the_file_text_with_html_escapes():
    scenario = hostile_scenario()
    embedded = share.scenario_json_for_embedding(scenario)
    assert json.loads(embedded) == json.loads(scenario.to_json())
    assert "</" not in embedded


def test_airace_share_prints_a_code_that_restores_the_file(tmp_path, capsys):
    scenario = hostile_scenario()
    path = tmp_path / "mine.json"
    path.write_text(scenario.to_json())
    assert main(["share", str(path)]) == 0
    code = capsys.readouterr().out.strip()
    assert share.decode(code) == scenario


def test_a_share_code_is_a_short_column_name_in_compare(capsys):
    code = share.encode(load_bundled("us_power_crunch"))
    assert main(["compare", "baseline", code]) == 0
    printed = capsys.readouterr().out
    assert "share code" in printed and code not in printed


def test_an_oversized_embedded_scenario_is_refused(tmp_path):
    path = tmp_path / "big.html"
    path.write_text('<html><script type="application/json" id="airace-scenario">'
                    + " " * (6 * MAX_FILE_BYTES + 1) + "{}</script></html>")
    with pytest.raises(ScenarioError, match=r"embedded scenario is 6,000,003 bytes; a scenario "
                       r"may be at most 1,000,000 \(6,000,000 as embedded\)"):
        load_scenario(path)


def test_codes_already_shared_keep_working():
    """The preset dictionary is frozen: a code made when format 1 was introduced decodes."""
    import hashlib

    from core.formats.share_dictionary import DICTIONARY_1
    assert hashlib.sha256(DICTIONARY_1).hexdigest() == (
        "d641ca0f7c1b9cc5acbebc2722ac5265bcc261c7367682433a2f1d113bf10883")
    code = ("airace:AXj59b96ge2VQQrCMBBFrxK6iYK4c-MN3LjxAGGaSg1Ei02iFOnd_T-RSnGla5eBmcwkf_6b70CIOh"
            "niyuIqe_rgoSYQa4f5A6wc3AU8wvRA26W7o9sb6eMCThSO0sKWqvUprlSd-I06lApaLQ4SB1F7QS9elmu1A_"
            "T6FyIJrGs6Jnja5_VJMTo8Dqs1D0TIrECFs4ukFcnHLPBJvGdsxm6ZHhq9aFNtH1UKprFmSjVT6nxJbegYxL"
            "a9a8y7LYN2ZZj5bfxj5GeMjE-R6OYf")
    scenario = share.decode(code)
    assert scenario.name == load_bundled("us_power_crunch").name
    assert scenario.levers == {"us_dc_committed_additions_gw_per_year": 5.0,
                               "us_grid_connection_delay_months": 36.0}
