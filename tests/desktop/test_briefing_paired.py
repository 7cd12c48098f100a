"""The PDF briefing carries the policy effect with its uncertainty (paired worlds)."""

import io
import re
import unicodedata

import pypdf
import pytest

from core.analysis.paired import paired_effect, sign_in_words
from core.engine.simulation import run_scenario
from core.formats.scenario import load_bundled
from core.reports.briefing import BRIEFING_PAIRED_SAMPLES
from desktop.commands.briefing import pdf_bytes


@pytest.mark.slow
def test_the_pdf_holds_the_policy_effect_table(qapp):
    base, ban = load_bundled("baseline"), load_bundled("safe_chips_act")
    data = pdf_bytes(ban, run_scenario(ban), run_scenario(base), [])
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))  # the "ff" ligature
    assert "Policy effect with uncertainty" in text
    samples = min(BRIEFING_PAIRED_SAMPLES, ban.uncertainty.samples)
    effect = paired_effect(base, ban, samples, ban.uncertainty.seed)
    imports = next(k for k in effect.kpis if k.kpi_id == "cn_legal_imports_2026_2028")
    assert sign_in_words(imports) in text
    assert f"same {samples:,} sampled worlds (seed {ban.uncertainty.seed})" in text
