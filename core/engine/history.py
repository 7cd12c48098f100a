"""History for the backcast: documented inputs for 2022-2024, the January 2022 stocks, and
the rows the backcast is checked against.

A run that starts before 2025-01 integrates from 2022-01: levers take the values below in
the months before 2025 (then the scenario's own values). The export rules of October 2022,
October 2023 and April 2025 are events in the bundled baseline; the December 2025 H200 terms
are the export levers' defaults, so a user's export levers act from then on.
"""

from __future__ import annotations

from core.engine.events import ExportBan, LaggedExports
from core.model.compute import LN2
from core.model.state import Origin

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

# The January 2022 origin (EST where no figure exists; see each line).
US_CHIP_BUDGET_BUSD_2022 = 16.0  # N4: Nvidia data-centre revenue $10.6 B in FY2022, plus others


class January2022(Origin):
    """The backcast's start: the stocks' rules (core.model.state) on the 2022 figures."""

    us_dc_capacity_gw = 40.0  # L1; DER: 176 TWh in 2023 at the 0.45 load factor is ~45 GW
    cn_dc_capacity_gw = 20.0  # I1; DER: 102 TWh in 2024, growing ~12%/yr
    us_installed_h100e = 0.4e6  # E5; DER: Nvidia's stock grew 2.3x/yr to 4 M H100e in 2025
    cn_installed_h100e = 0.12e6  # E7; DER: about 15% of the world before the 2022 rules
    row_installed_h100e = 0.15e6  # E7; DER
    cn_substitution_pressure = 0.0  # before the October 2022 rules
    adoption_share_connected = 0.005  # MS1; EST: before ChatGPT (Nov 2022)
    open_weight_share = 0.05  # O1; EST
    us_ai_adoption_share = 0.0  # A1: before ChatGPT (Nov 2022)
    cn_ai_adoption_share = 0.0  # CAC1: before China's first public services (Aug 2023)
    cn_power_penalty = 1.0  # domestic chips were a small share of the 2022 stock

    def us_chip_budget_busd(self, u):
        return US_CHIP_BUDGET_BUSD_2022

    def us_gpu_output_h100e(self, u):
        """What the 2022 budget bought at the 2022 price per H100e."""
        price = self.K.price_per_h100e_usd_2025 * u["price_performance_growth_per_year"] ** 3.5
        return US_CHIP_BUDGET_BUSD_2022 * 1e9 / price

    def tpu_output_h100e(self, u):
        return self.K.tpu_units_2025 * self.K.tpu_h100e_per_unit_2025 / 8.0  # EST

    def cn_domestic_output_h100e(self, u):
        return 0.03e6  # H1; EST: Ascend 910 output before SMIC's 7 nm ramp

    def cn_arrivals_h100e(self, u):
        return 0.2e6  # EST

    def kw_per_h100e_of_stock(self, u):
        return 2.1  # DER: A100-era systems, ~0.3 H100e per 400 W chip, with cooling

    def kw_per_h100e_new(self, u):
        """A chip made in January 2022: three and a half years of efficiency before mid-2025."""
        return u["facility_kw_per_h100e"] * u["flop_per_watt_growth_per_year"] ** 3.5

    def us_log_algo_efficiency(self, u):
        """Algorithms three years less efficient than in 2025."""
        return -LN2 * 36.0 / u["algo_halving_months"]


JANUARY_2022 = January2022()


def history_figures() -> tuple:
    """Everything above a run's history reads, as a key (a run from January 2025 goes on
    from the history's end state, kept for runs that read the same)."""
    return (tuple((lever_id, tuple(schedule)) for lever_id, schedule in HISTORICAL_LEVERS.items()),
            US_CHIP_BUDGET_BUSD_2022,
            tuple((name, value) for name, value in vars(January2022).items()
                  if isinstance(value, float) or callable(value)))
