"""Economics block: TPU external revenue, US vendors' China revenue, power-gap capital.

Money in billions of US dollars: flows as $B per year, capital as $B.
"""

from __future__ import annotations

import numpy as np

TPU_REVENUE_PER_UNIT_USD = 13e9 / 500_000  # S0; M1: about $13B per 500,000 TPUs
TPU_H100E_PER_UNIT = 1.0  # EST: one current TPU is about one H100e
EXPORT_PRICE_PER_H100E_USD = 30_000.0  # EST: from H20/H200 prices per H100e of performance
DC_CAPEX_BUSD_PER_GW = 35.0  # B1: Bernstein $35B per GW (range 29-60)


def tpu_external_revenue_busd(tpu_output_h100e, external_share) -> np.ndarray:
    units_per_year = tpu_output_h100e / TPU_H100E_PER_UNIT
    return units_per_year * external_share * TPU_REVENUE_PER_UNIT_USD / 1e9


def us_vendor_cn_revenue_busd(cn_legal_imports_h100e, fee_share) -> np.ndarray:
    """Sales to China net of the export fee; zero during a ban."""
    return cn_legal_imports_h100e * EXPORT_PRICE_PER_H100E_USD * (1.0 - fee_share) / 1e9


def power_gap_capex_busd(power_gap_gw) -> np.ndarray:
    """Capital needed to build the missing data-centre power."""
    return np.maximum(power_gap_gw, 0.0) * DC_CAPEX_BUSD_PER_GW
