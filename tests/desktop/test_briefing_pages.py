"""The briefing PDF read back page by page: every bundled scenario, its events carrying a
rationale, laid out as a reader expects paper (nothing cut, nothing stranded)."""

from __future__ import annotations

import re
import unicodedata

import pypdf
import pytest

from core.catalogue.key_figures import KPIS, key_figures
from core.common.formatting import format_value
from core.engine.simulation import run_scenario
from core.formats.scenario import bundled_names, load_bundled

HEADINGS = ("Key figures against the baseline", "Policy effect with uncertainty",
            "What this scenario changes", "Events", "Plots", "Notes")
FOOTER = re.compile(r"^Page \d+ of \d+$")
SPACE = "[ \t\u00a0]"  # what pypdf reads between the words of one line


def with_rationales(scenario):
    """Each event with a rationale long enough to wrap, ending in its own marker."""
    events = [event.with_evidence(
        f"Event {index} follows the act's text; its start and length are the committee's "
        "central reading of the schedule, with a range of six months either way argued in "
        f"the hearing record, see end-of-rationale-{index}", "Hearing record, 2025")
        for index, event in enumerate(scenario.events)]
    return scenario.model_copy(update={"events": events})


def page_lines(path) -> list[list[str]]:
    """Each page's lines of text, the 'Page n of N' foot left out."""
    pages = []
    for page in pypdf.PdfReader(path).pages:
        lines = [re.sub(r"\s+", " ", line).strip() for line in page.extract_text().splitlines()]
        pages.append([line for line in lines if line and not FOOTER.match(line)])
    return pages


def flat(lines: list[str]) -> str:
    return unicodedata.normalize("NFKC", " ".join(lines))  # the "fi", "ffi" ligatures


def export(qapp, scenario, tmp_path):
    from desktop.commands.briefing import export_briefing

    path = tmp_path / "briefing.pdf"
    export_briefing(scenario, run_scenario(scenario), run_scenario(load_bundled("baseline")),
                    pdf_path=path)
    return path


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_briefing_keeps_its_blocks_whole_on_the_page(qapp, tmp_path, name):
    scenario = with_rationales(load_bundled(name))
    path = export(qapp, scenario, tmp_path)
    pages = page_lines(path)
    raw = [page.extract_text() for page in pypdf.PdfReader(path).pages]
    texts = [flat(lines) for lines in pages]

    # no page but the last with fewer than 5 lines of text
    assert all(len(lines) >= 5 for lines in pages[:-1]), [len(p) for p in pages]
    # no heading stranded at a page's foot
    for lines in pages[:-1]:
        assert lines[-1] not in HEADINGS, lines[-3:]
    # each event and its whole rationale on one page
    for index, event in enumerate(scenario.events):
        on = [number for number, text in enumerate(texts) if event.summary() in text]
        ends = [number for number, text in enumerate(texts)
                if f"end-of-rationale-{index}" in text]
        assert on and ends and set(ends) <= set(on), (event.summary(), on, ends)
    # each key figure's row whole on one page, and no figure broken across two lines
    current = key_figures(run_scenario(scenario))
    reference = key_figures(run_scenario(load_bundled("baseline")))
    for kpi in KPIS.values():
        value, base = float(current[kpi.id][0]), float(reference[kpi.id][0])
        figures = [kpi.format(value), kpi.format(base),  # as people read it ("19.2 GW short")
                   format_value(value - base, kpi.unit, signed=True)]
        row = " ".join([kpi.label, *figures])
        assert any(row in text for text in texts), row
        for figure in figures:
            one_line = SPACE.join(map(re.escape, figure.split(" ")))
            assert any(re.search(one_line, text) for text in raw), figure


def test_a_long_scenario_with_monte_carlo_ranges_keeps_its_pages_full(qapp, tmp_path):
    """The Android strategy with its four levers' rationales and Monte Carlo ranges: four
    pages, none of them but the last a stub."""
    from desktop.brief_cli import monte_carlo
    from desktop.commands.briefing import export_briefing, with_sampling

    scenario = with_rationales(load_bundled("china_android_strategy"))
    for lever_id in scenario.levers:
        scenario = scenario.with_evidence(lever_id, "A reading of the published price lists "
                                          "and model cards over 2025. " * 3, "Price lists")
    bands = monte_carlo(scenario, 20, None)
    percentiles = {k: [float(v) for v in values] for k, values in bands.kpi_percentiles.items()}
    path = tmp_path / "long.pdf"
    export_briefing(with_sampling(scenario, bands.samples, bands.seed), run_scenario(scenario),
                    run_scenario(load_bundled("baseline")), pdf_path=path,
                    percentiles=percentiles, bands=bands)
    pages = page_lines(path)
    assert len(pages) >= 3
    assert all(len(lines) >= 5 for lines in pages[:-1]), [len(p) for p in pages]
    for lines in pages[:-1]:
        assert lines[-1] not in HEADINGS, lines[-3:]
