"""Every reader of outside input answers with a value or one clear error, within 2 s and
256 MB, for mutated inputs up to 10 MB: scenario files, share codes, HTML and PDF
briefings, the settings file and autosave records."""

from __future__ import annotations

import json
import os
import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_pdf_attachment import minimal_pdf

from core.formats import share
from core.formats.scenario import ScenarioError, load_bundled, load_scenario
from desktop.state import autosave
from desktop.state import settings as user_settings

LIMIT_BYTES = 10_000_000
SCENARIO = load_bundled("us_power_crunch")
TOKENS = [b"<script", b'<script type="application/json" id="airace-scenario">', b"</script>",
          b"<!--", b"-->", b"obj", b"endobj", b"stream", b"endstream", b"xref", b"trailer",
          b"R", b"<<", b">>", b"/Filter 5", b"/FlateDecode", b"9" * 5000, b'"', b"{", b"}",
          b"[", b"]", b"\\u0000", b"\x00", b"\xff", b"-1e999", b"NaN", b'"version": 0',
          b'"schema_version": 0', b"2**70", b"9999-12-31T23:59:59-12:00"]
PROFILE = settings(max_examples=60, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.function_scoped_fixture])


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """``seed`` with a few edits: bytes overwritten, tokens inserted, cuts, a chunk
    repeated (up to 10 MB) or a deep run of brackets."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["overwrite", "token", "cut", "repeat", "nest"]))
        if kind == "overwrite":
            data[at:at + draw(st.integers(1, 8))] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif kind == "cut":
            del data[at:at + draw(st.integers(1, 2000))]
        elif kind == "repeat":
            chunk = bytes(data[at:at + draw(st.integers(1, 200))]) or b"<script"
            times = draw(st.integers(2, LIMIT_BYTES // len(chunk)))
            data[at:at] = chunk * min(times, (LIMIT_BYTES - len(data)) // len(chunk))
        else:
            depth = draw(st.integers(1, 200_000))
            data[at:at] = draw(st.sampled_from([b"[", b"{\"a\":", b"<<", b"<!--"])) * depth
    return bytes(data[:LIMIT_BYTES])


def answers_in_bounds(read, source, *args):
    """Run ``read``: a value or one one-line ScenarioError naming ``source``, in 2 s and
    256 MB."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        value = read(*args)
    except ScenarioError as error:
        value = error
        assert "\n" not in str(error) and str(error).startswith(f"{source}: "), str(error)
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert seconds < 2.0, f"{seconds:.1f} s"
    assert peak < 256 * 2**20, f"{peak / 2**20:.0f} MB"
    return value


def _scenario_file(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return answers_in_bounds(load_scenario, path, path)


@PROFILE
@given(data=mutated(SCENARIO.to_json().encode()))
def test_scenario_files(tmp_path, data):
    _scenario_file(tmp_path, "s.json", data)


@PROFILE
@given(data=mutated(("<!DOCTYPE html><html><body>" + share.script_block(SCENARIO)
                     + "</body></html>").encode()))
def test_html_briefings(tmp_path, data):
    _scenario_file(tmp_path, "b.html", data)


@PROFILE
@given(data=mutated(share.pdf_with_scenario(minimal_pdf(), SCENARIO)))
def test_pdf_briefings(tmp_path, data):
    _scenario_file(tmp_path, "b.pdf", data)


@PROFILE
@given(data=mutated(share.encode(SCENARIO).encode()))
def test_share_codes(data):
    answers_in_bounds(share.decode, "share code", data.decode("latin-1"))


def _profile_answer(read):
    """A profile reader never raises: it answers, or sets the file aside and says so."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        value = read()
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert seconds < 2.0 and peak < 256 * 2**20, (seconds, peak)
    return value


SETTINGS_SEED = json.dumps({"version": 2, "recent_files": ["/tmp/a.json"], "theme": "dark",
                            "plots": ["capability_gap_months"]}).encode()


@PROFILE
@given(data=mutated(SETTINGS_SEED))
def test_settings_files(data):
    user_settings._cache.clear()
    user_settings.settings_path().write_bytes(data)
    loaded = _profile_answer(user_settings.load_settings)
    assert isinstance(loaded, user_settings.Settings)
    assert all(user_settings.usable_path(entry) for entry in loaded.recent_files)


RECORD_SEED = json.dumps({
    "format": autosave.RECORD_FORMAT, "version": 1,
    "owner": {"pid": 999_999_999, "host": os.uname().nodename, "started": None},
    "name": "Plan", "file": "/tmp/plan.json", "file_digest": None,
    "saved_at": "2026-01-01T00:00:00+00:00",
    "scenario": json.loads(SCENARIO.to_json())}).encode()


@PROFILE
@given(data=mutated(RECORD_SEED))
def test_autosave_records(data):
    folder = user_settings.autosave_folder()
    for old in folder.iterdir():
        old.unlink()
    (folder / "record.json").write_bytes(data)
    found = _profile_answer(autosave.orphans)
    for orphan in found:  # what the recovery prompt shows, and what restoring reads
        orphan.describe()
        try:
            orphan.scenario()
        except ScenarioError as error:
            assert "\n" not in str(error)


@pytest.mark.parametrize("make", [
    lambda: b"[" * 5_000_000,
    lambda: b"<script" * 1_400_000,
    lambda: b'{"a": "' + b"\\u0000" * 1_600_000 + b'"}',
])
def test_the_worst_ten_megabytes_are_answered_in_bounds(tmp_path, make):
    for name in ("s.json", "b.html", "b.pdf"):
        _scenario_file(tmp_path, name, make())
