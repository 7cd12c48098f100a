"""A PDF briefing carries its scenario as an attached file: round trip, structure, limits,
clear errors. The PDFs here are built by hand (tests/core never starts Qt); the desktop
tests check the same on Qt's own PDFs."""

import random
import re
import zlib

import pytest
from test_share import hostile_scenario

from core.cli.main import main
from core.formats import share
from core.formats.pdf_attachment import AttachmentError, attach, read_attachment
from core.formats.scenario import (
    MAX_FILE_BYTES,
    ScenarioError,
    load_bundled,
    load_scenario,
    resolve,
)


def minimal_pdf() -> bytes:
    """A one-page PDF as a plain writer makes it: classic xref table, catalog with /Names."""
    objects = [b"<< /Title (brief) >>", b"<< /Type /Catalog /Pages 3 0 R /Names 4 0 R >>",
               b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", b"<< /Dests << >> >>",
               b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>"]
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size 6 /Root 2 0 R /Info 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def xref_offsets(pdf: bytes) -> dict[int, int]:
    """Every object offset of every cross-reference section, newest last (parsed here, not
    by the module under test)."""
    offsets = {}
    for section in re.finditer(rb"xref\n(.*?)trailer", pdf, re.DOTALL):
        lines = section.group(1).split(b"\n")
        number = 0
        for line in lines:
            head = re.fullmatch(rb"(\d+) (\d+)", line.strip())
            if head:
                number = int(head.group(1))
                continue
            entry = re.fullmatch(rb"(\d{10}) (\d{5}) ([nf]) ?", line)
            if entry:
                if entry.group(3) == b"n":
                    offsets[number] = int(entry.group(1))
                number += 1
    return offsets


def test_scenario_round_trips_through_a_pdf_attachment(tmp_path):
    scenario = hostile_scenario()
    pdf = share.pdf_with_scenario(minimal_pdf(), scenario)
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    restored = load_scenario(path)
    assert restored == scenario and restored.to_json() == scenario.to_json()
    assert resolve(str(path)) == scenario


def test_the_attachment_is_an_incremental_update_with_valid_offsets():
    original = minimal_pdf()
    pdf = share.pdf_with_scenario(original, load_bundled("us_power_crunch"))
    assert pdf.startswith(original)  # the document itself is untouched
    offsets = xref_offsets(pdf)
    for number, offset in offsets.items():
        assert re.match(rb"%d 0 obj\b" % number, pdf[offset:]), number
    tail = pdf[len(original):]
    assert re.search(rb"/Prev %d\b" % int(re.findall(rb"startxref\n(\d+)", original)[0]), tail)
    new_xref = len(original) + tail.index(b"\nxref\n") + 1
    assert int(re.findall(rb"startxref\n(\d+)", tail)[-1]) == new_xref
    catalog = pdf[offsets[2]:].split(b"endobj")[0]  # the catalog again, with the names
    assert b"/Type /Catalog" in catalog and b"/AF [" in catalog
    names = int(re.search(rb"/Names (\d+) 0 R", catalog).group(1))
    tree = pdf[offsets[names]:].split(b"endobj")[0]
    assert b"/Dests" in tree and b"/EmbeddedFiles << /Names [(scenario.json)" in tree
    spec = pdf[offsets[int(re.search(rb"\(scenario.json\) (\d+) 0 R", tree).group(1))]:]
    assert b"/Type /Filespec" in spec.split(b"endobj")[0]
    assert b"/AFRelationship /Source" in spec.split(b"endobj")[0]
    assert pdf.endswith(b"%%EOF\n")


def test_pypdf_lists_the_attachment(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    scenario = load_bundled("china_android_strategy")
    path = tmp_path / "brief.pdf"
    path.write_bytes(share.pdf_with_scenario(minimal_pdf(), scenario))
    reader = pypdf.PdfReader(path)
    assert list(reader.attachments) == ["scenario.json"]
    assert share.decode(share.encode(scenario)) == scenario
    assert reader.attachments["scenario.json"][0].decode() == share.scenario_json_for_embedding(
        scenario)
    assert len(reader.pages) == 1


def test_run_and_validate_accept_a_pdf_briefing(tmp_path, capsys):
    path = tmp_path / "brief.pdf"
    path.write_bytes(share.pdf_with_scenario(minimal_pdf(), load_bundled("us_power_crunch")))
    assert main(["run", str(path)]) == 0
    assert "US power crunch" in capsys.readouterr().out
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"{path}: ok"


@pytest.mark.parametrize("content, phrase", [
    (minimal_pdf(), "a PDF without an attached scenario"),
    (b"hello, not a PDF", "not a PDF file"),
    (minimal_pdf()[:-40], "cut short"),
])
def test_a_pdf_without_a_usable_scenario_is_refused_in_one_line(tmp_path, capsys, content,
                                                                 phrase):
    path = tmp_path / "brief.pdf"
    path.write_bytes(content)
    assert main(["validate", str(path)]) == 2
    error = capsys.readouterr().err
    assert phrase in error and error.count("\n") == 1 and error.startswith(str(path))


def test_an_invalid_attached_scenario_gives_the_files_own_error(tmp_path):
    pdf = attach(minimal_pdf(), "scenario.json",
                 b'{"schema_version": 3, "name": "x", "levers": {"nope": 1}}')
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    with pytest.raises(ScenarioError, match="unknown lever id 'nope'"):
        load_scenario(path)


def as_flate(pdf: bytes) -> bytes:
    """An attachment of compressed bytes marked as compressed, with no checksum (as another
    writer may leave it); every replacement keeps its length, so no offset moves."""
    pdf = re.sub(rb"/CheckSum \((?:\\.|[^\\)])*\)", lambda m: b" " * len(m.group()), pdf)
    return pdf.replace(b"/Type /EmbeddedFile", b"/Filter/FlateDecode")


def test_a_damaged_attachment_fails_its_checksum(tmp_path):
    pdf = share.pdf_with_scenario(minimal_pdf(), load_bundled("us_power_crunch"))
    damaged = pdf.replace(b'"name": "US power crunch"', b'"name": "US power crunct"')
    assert damaged != pdf
    path = tmp_path / "brief.pdf"
    path.write_bytes(damaged)
    with pytest.raises(ScenarioError, match="does not match its checksum"):
        load_scenario(path)


def test_attachments_over_the_scenario_limit_are_refused():
    too_big = b" " * (MAX_FILE_BYTES + 1)
    with pytest.raises(AttachmentError, match="at most 1,000,000"):
        read_attachment(attach(minimal_pdf(), "scenario.json", too_big), "scenario.json",
                        MAX_FILE_BYTES)
    # a compressed one stops inflating at the limit (no decompression bomb)
    bomb = as_flate(attach(minimal_pdf(), "scenario.json", zlib.compress(b" " * 50_000_000)))
    with pytest.raises(AttachmentError, match="more than 1,000,000 bytes"):
        read_attachment(bomb, "scenario.json", MAX_FILE_BYTES)


def test_a_compressed_attachment_from_another_writer_reads():
    payload = share.scenario_json_for_embedding(load_bundled("baseline")).encode()
    pdf = as_flate(attach(minimal_pdf(), "scenario.json", zlib.compress(payload)))
    assert read_attachment(pdf, "scenario.json", MAX_FILE_BYTES) == payload
    for number, offset in xref_offsets(pdf).items():
        assert re.match(rb"%d 0 obj\b" % number, pdf[offset:]), number


def test_a_huge_pdf_is_refused_before_reading(tmp_path, monkeypatch):
    import core.formats.scenario
    monkeypatch.setattr(core.formats.scenario, "MAX_BRIEFING_BYTES", 1000)
    path = tmp_path / "brief.pdf"
    path.write_bytes(share.pdf_with_scenario(minimal_pdf(), load_bundled("baseline")))
    with pytest.raises(ScenarioError, match="a briefing file may be at most 1,000 bytes"):
        load_scenario(path)


def test_damaged_pdfs_give_one_line_errors_never_a_crash():
    """Cut, overwritten and shuffled bytes: the scenario, or ScenarioError; nothing else."""
    scenario = load_bundled("us_power_crunch")
    pdf = share.pdf_with_scenario(minimal_pdf(), scenario)
    rng = random.Random(20261130)
    tokens = [b"<<", b">>", b"[", b"]", b"(", b")", b"\\", b"/", b"R", b"0", b"9", b" ",
              b"obj", b"stream", b"trailer", b"xref", b"%", b"<", b">", b"99999999999"]
    for _ in range(400):
        damaged = bytearray(pdf)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(damaged))
            action = rng.random()
            if action < 0.4:
                damaged[at:at + rng.randint(1, 40)] = rng.choice(tokens)
            elif action < 0.7:
                damaged[at] = rng.randrange(256)
            else:
                del damaged[at:]
                damaged += pdf[rng.randrange(len(pdf)):][:200]
        try:
            restored = share.scenario_from_pdf(bytes(damaged), "brief.pdf")
        except ScenarioError as error:
            assert str(error).startswith("brief.pdf: ") and "\n" not in str(error)
        else:
            assert restored == scenario
