"""Citations behind every lever, constant and anchor, by key.

A number in the model names one of these keys, or says ``EST`` (an estimate, said openly) or
``DER`` (arithmetic on sourced figures, which the number's note names).
"""

SOURCES: dict[str, str] = {
    "S0": "News analysis of the US-China AI race, late 2025, quoting Satya Nadella and the "
          "FT's Tim Bradshaw (headline, author and link not recorded); its figures are the "
          "baseline's calibration targets.",
    "G1": "Goldman Sachs via Livemint, 2025-09-01 (North American data-centre capacity).",
    "L1": "LBNL, 2024 United States Data Center Energy Usage Report (Dec 2024).",
    "L2": "LBNL, 'Queued Up' 2024 edition (interconnection queues).",
    "I1": "IEA, Energy and AI (Apr 2025), energy demand from AI.",
    "BN1": "BloombergNEF, AI and the Power Grid: Where the Rubber Meets the Road (1 Dec "
           "2025): US data-centre power demand 106 GW in 2035, about 2.7x today's ~40 GW and "
           "36% above its April 2025 outlook. Reported by Utility Dive "
           "(utilitydive.com/news/us-data-center-power-demand-could-reach-106-gw-by-2035-"
           "bloombergnef/806972) and ITPro.",
    "EIA1": "EIA, Today in Energy 2025 (US capacity additions; China solar additions).",
    "E4": "Epoch AI, Training compute of frontier AI models grows by 4-5x per year (2024).",
    "E14": "Epoch AI, Epoch Capabilities Index data insight (Jan 2026): Chinese models trail "
           "the US frontier by 4-14 months, 7 on average.",
    "T1": "TrendForce (2025-12-08): TSMC CoWoS capacity 2025-2026.",
    "T2": "TrendForce via smbom.com and TSMC earnings calls: CoWoS ~35k wafers/month at the "
          "end of 2024.",
    "N4": "Nvidia annual reports (10-K), FY2024-FY2025: data-centre revenue $47.5 B and "
          "$115.2 B; 13% of FY2025 revenue billed to China incl. Hong Kong.",
    "SA1": "SemiAnalysis via SCSP (2025): 10 GW powers about 7.3 M H100s (~1.4 kW each, all in).",
    "MS1": "Microsoft AI Economy Institute, Global AI Adoption in 2025 (Jan 2026): 16.3% of "
           "the world's working-age population uses generative AI.",
    "ITU1": "ITU, Facts and Figures 2024: 5.5 billion people (68%) online.",
    "D1": "Anthropic, Detecting and preventing distillation attacks (23 Feb 2026), "
          "https://www.anthropic.com/news/detecting-and-preventing-distillation-attacks: "
          "DeepSeek, Moonshot and MiniMax ran over 16 million exchanges with Claude through "
          "~24,000 accounts to distil its capabilities.",
    "O5": "DeepSeek-AI, DeepSeek-V3 technical report, arXiv 2412.19437 (Dec 2024).",
    "REQ": "A requirement of the model's specification, not a published figure.",
    "E1": "Epoch AI, Machine Learning Hardware data (2024-25).",
    "E2": "Epoch AI, Trends in Machine Learning Hardware (2023).",
    "E3": "Ho et al., Algorithmic progress in language models, arXiv 2403.05812 (2024).",
    "E5": "Epoch AI, Nvidia chip production data insight (Feb 2025).",
    "E6": "Epoch AI, AI chip sales data explorer (Jan 2026).",
    "E7": "Epoch AI, AI chip owners explorer (2026).",
    "E8": "Pilz et al., Trends in AI Supercomputers, arXiv 2504.16026.",
    "E9": "Epoch AI / EPRI, Power demands of frontier AI training (Aug 2025).",
    "E10": "Epoch AI, LLM inference price trends (Mar 2025).",
    "E11": "Epoch AI, open-weights vs closed-weights models (Oct 2025; May 2026).",
    "E12": "Epoch AI, Frontier Data Centers Hub (Nov 2025).",
    "B1": "Bernstein via investing.com (Oct 2025): data-centre capex per GW.",
    "N1": "Tom's Hardware (Apr 2025) and Business Standard: H20 export stop.",
    "N2": "H200 export approval reports (Dec 2025, Jan 2026): fee and volume cap.",
    "N3": "Jensen Huang via epium.com (Sep 2025) and ic-components.com (Oct 2025).",
    "N5": "Nvidia Q4 FY2025 results and earnings call (26 Feb 2025), via DatacenterDynamics, "
          "https://datacenterdynamics.com/en/news/nvidia-posts-record-data-center-revenue-to-"
          "provide-spectrum-x-for-openais-stargate-project: data-centre revenue $35.6 B, of "
          "which $11 B from Blackwell in its first quarter of sales.",
    "N6": "DigiTimes (29 May 2025), Nvidia Q1 FY2026 earnings call, https://www.digitimes.com/"
          "news/a20250529VL205/performance-blackwell-revenue-growth-2026.html: Blackwell nearly "
          "70% of data-centre compute revenue; an annual product cadence through 2028.",
    "N7": "US Commerce (BIS) H200 licensing rule, Jan 2026, as reported by AI Wire Media, "
          "https://aiwiremedia.com/news/policy-security/u-s-approves-limited-nvidia-h200-ai-"
          "chip-sales-to-china: China-bound shipments capped at 50% of the same product's "
          "volume sold to US customers.",
    "M1": "Morgan Stanley via investing.com (Dec 2025): TPU units and revenue.",
    "H1": "FT via Digitimes (Feb 2025): Huawei Ascend output and yield.",
    "H2": "Bloomberg via Japan Times (2025-09-30): Huawei Ascend 2026 plan.",
    "H3": "SemiAnalysis, Huawei Ascend Production Ramp (Sep 2025).",
    "H4": "Tom's Hardware / Nikkei (Feb 2026): SMIC advanced wafers.",
    "C1": "CNAS, Countering AI Chip Smuggling (Jun 2025).",
    "O1": "a16z / OpenRouter, State of AI (Dec 2025): open-weight token shares.",
    "O2": "Longpre et al., arXiv 2512.03073 (2025): Chinese models' share of Hugging Face "
          "downloads.",
    "O3": "Menlo Ventures 2024/25 enterprise LLM reports.",
    "O4": "DeepSeek and OpenAI API price lists (open vs closed price ratio).",
    "A1": "St. Louis Fed, The Rapid Adoption of Generative AI (Sep 2024).",
    "A2": "Sultan, Farley & Lehmann (1990), meta-analysis of Bass diffusion parameters.",
    "R1": "MultiState.ai (2025) and Brookings (2024): state AI legislation counts.",
    "R2": "US Senate vote on the state-AI-law moratorium, 99-1 (1 Jul 2025).",
    "R3": "Executive order 'Ensuring a National Policy Framework for AI' (11 Dec 2025).",
    "R5": "Colorado AI Act (SB 24-205), delayed to 30 Jun 2026 (mondaq, 2025): impact "
          "assessments by deployers of high-risk systems; California SB 53 (2025): "
          "frontier-only duties (1e26 FLOP and over $500 M revenue) to publish frameworks "
          "and reports (algeriatech.news).",
    "R6": "Compliance cost estimates for high-risk AI systems (weak; CEPS rebuttal 2021).",
    "A4": "Bick, Blandin & Deming, St. Louis Fed generative-AI adoption tracker (Real-Time "
          "Population Survey, Nov 2025): 54.6% of US adults aged 18-64 in Aug 2025, 44.6% a "
          "year before (like for like); as quoted by Azeem Azhar, Exponential View "
          "(audioscrape.com/person/azeem-azhar, Nov 2025).",
    "CB1": "US Census Bureau, Vintage 2024 population estimates, 'Older Adults Outnumber "
           "Children in 11 States and Nearly Half of U.S. Counties' (census.gov, 26 Jun "
           "2025): 61.2 M aged 65 and over (18.0%), 73.1 M under 18 (21.5%).",
    "CNNIC1": "CNNIC, 56th and 57th Statistical Reports on China's Internet Development "
              "(Jul 2025; Feb 2026): generative-AI users 249 M (Dec 2024), 515 M = 36.5% "
              "(Jun 2025), 602 M = 42.8% of the population (Dec 2025); 1.125 B people "
              "online (80.1%). Via Xinhua (chinaview.cn/20260205/747327ec9df2496fa16f9e6e2a8c4efb"
              "/c.html, 2026-02-05) and arynews.tv (2025-10-18).",
    "CAC1": "Cyberspace Administration of China, Interim Measures for the Management of "
            "Generative AI Services (in force 15 Aug 2023); the first approved public "
            "chatbots (Baidu's Ernie Bot) opened on 31 Aug 2023.",
    "HC1": "US hyperscalers' capital spending, company Q4-2025 filings: about $410 B in 2025 "
           "for the big four, about 75% of it AI-related (CreditSights); via "
           "brianbuntz.github.io/ai_spend_analysis_2026.",
    "EST": "Estimate by the model's authors; no published figure found.",
    "DER": "Derived: arithmetic on the sourced figures the note names.",
}


def describe(source: str) -> str:
    """Expand a source field such as ``"S0; EIA1"`` into readable citations."""
    keys = [key.strip() for key in source.replace(",", ";").split(";") if key.strip()]
    return " ".join(f"[{key}] {SOURCES.get(key, 'unknown source')}" for key in keys)
