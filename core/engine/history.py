"""History: the documented inputs for 2022-2024 every run integrates through.

Every run integrates from 2022-01 (the stocks' January 2022 figures are in core.model.state):
levers take the values below in the months before 2025, then the scenario's own values. A
run from 2025-01 goes on from where that history run stands then. The export rules of October 2022,
October 2023 and April 2025 are events in the bundled baseline; the December 2025 H200 terms
are the export levers' defaults, so a user's export levers act from then on.
"""

from __future__ import annotations

from core.engine.events import ExportBan, LaggedExports
from core.model import state

# lever id -> [(first month, value)] in force until the next entry or 2025-01.
HISTORICAL_LEVERS: dict[str, list[tuple[str, float]]] = {
    # Nvidia's data-centre revenue grew ~3x in FY2024 and ~2.4x in FY2025 (N4).
    "us_chip_order_growth_per_year": [("2022-01", 3.5), ("2024-01", 2.6)],
    # Hyperscalers and neoclouds had power to spare until 2024 (L1, S0).
    "us_dc_committed_additions_gw_per_year": [("2022-01", 5.0), ("2024-01", 7.0)],
    # CoWoS capacity roughly doubled each year in 2023-2024 (T2), with faster chips on it.
    "packaging_growth_max_per_year": [("2022-01", 3.5), ("2024-01", 2.6)],
    # Beijing's guidance against US chips came in 2025 (N1).
    "cn_import_discouragement": [("2022-01", 0.0)],
    # Open models trailed by about a year in 2022-2024 (Epoch, Nov 2024: ~12 months).
    "open_model_lag_months": [("2022-01", 12.0)],
    # Before the October 2022 rule, China could buy any chip with no fee or cap.
    "export_lag_months": [("2022-01", 0.0)],
    "export_volume_cap_share": [("2022-01", 1.0)],
    "export_fee_share": [("2022-01", 0.0)],
}


# The export rules before the December 2025 H200 terms (which are the export levers'
# defaults): every bundled scenario starts from them, and files saved under model version 1
# gain them on loading, since they describe the baseline those files changed.
HISTORY_EVENTS = (
    # Oct 2022: A100/H100 stopped; China buys compliant A800/H800s, about a year behind.
    LaggedExports(start="2022-10", duration_months=12, lag_months=12, volume_cap_share=1.0,
                  fee_share=0.0),
    # Oct 2023: those stop too; only H20-class chips, far behind, until the H20 halt.
    LaggedExports(start="2023-10", duration_months=18, lag_months=36, volume_cap_share=1.0,
                  fee_share=0.0),
    # Apr 2025: the H20 halt, until the H200 licences of Dec 2025.
    ExportBan(start="2025-04", duration_months=8),
)

def history_figures() -> tuple:
    """Everything above a run's history reads, as a key (a run from January 2025 goes on
    from the history's end state, kept for runs that read the same)."""
    return (tuple((lever_id, tuple(schedule)) for lever_id, schedule in HISTORICAL_LEVERS.items()),
            tuple((name, value) for name, value in vars(state.Origin).items()
                  if isinstance(value, (float, property)) or callable(value)))
