"""The preset dictionary share codes of format 1 are compressed with: one event of each
kind, then the bundled baseline, as they stood when the format was made. Frozen:
changing it would break every code already shared, so a new dictionary needs a new
format number in core.formats.share."""

DICTIONARY_1 = (
    b'{"start":"2026-01","duration_months":30,"kind":"export_ban"},{"start":"2026-01","duratio'
    b'n_months":null,"kind":"lagged_exports","lag_months":18.0,"volume_cap_share":0.5,"fee_sha'
    b're":0.25},{"start":"2026-01","duration_months":null,"kind":"federal_preemption","strengt'
    b'h":1.0},{"start":"2026-01","duration_months":null,"kind":"state_law_wave","states":50},{'
    b'"start":"2026-01","duration_months":null,"kind":"tpu_external_sales","external_share":0.'
    b'25},{"start":"2026-01","duration_months":36,"kind":"power_buildout_push","extra_gw_per_y'
    b'ear":10.0},{"start":"2026-01","duration_months":null,"kind":"efficiency_breakthrough","m'
    b'ultiplier":2.0}{"schema_version":3,"model_version":2,"name":"Baseline","description":"Th'
    b'e world as of late 2025: about 51 GW of US data-centre capacity, ~25 GW more connected o'
    b'ver 2026-2028 against ~44 GW wanted (19 GW of unmet demand by the end of 2028), China ad'
    b'ding 429 GW of generation a year, the 2025 export rules (H20 sales halted in April, H200'
    b' licences from December with a 25% fee and a cap of half of US volume), a state patchwor'
    b'k of AI laws, and open-weight models at about 30% of usage. China substitutes under expo'
    b'rt pressure; US controls stay as set.","events":[{"start":"2022-10","duration_months":12'
    b',"kind":"lagged_exports","lag_months":12.0,"volume_cap_share":1.0,"fee_share":0.0},{"sta'
    b'rt":"2023-10","duration_months":18,"kind":"lagged_exports","lag_months":36.0,"volume_cap'
    b'_share":1.0,"fee_share":0.0},{"start":"2025-04","duration_months":8,"kind":"export_ban"}'
    b'],"notes":"History, as events: the October 2022 rule (A100/H100 stopped; compliant A800/'
    b'H800 chips about a year behind), the October 2023 rule (only H20-class chips, far behind'
    b' the frontier) until the H20 halt of April 2025, then the halt itself. From December 202'
    b'5 the export levers hold the H200 licence terms: 18-month-old chips, 25% fee, a volume c'
    b'ap of half of US volume. Set the start to 2022-01 to run the backcast."}'
)
