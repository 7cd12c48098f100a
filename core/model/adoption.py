"""Adoption block: AI use among people online (Bass diffusion), the open/closed split,
China's share of usage and the access index (who can afford near-frontier AI).

Shares are dimensionless in [0, 1]; prices are an index (closed frontier price in 2025 = 1).
Adoption diffuses among the connected population (ITU), not all people, with p and q fitted
to measured use (about 10% of all people in January 2025, 16% in January 2026); regulatory
friction slows it. Access compares the price of near-frontier AI with a willingness to pay
that grows with income.
"""

from __future__ import annotations

from core.model.declare import auxiliary, flow

# each variable this block computes, declared beside its equation (core.model.declare)
VARIABLES = (
    flow("d_adoption_share_connected", "1/yr", "New AI users",
         "People online start using AI through outreach and word of mouth, slowed by regulation.",
         "A2; MS1",
         signs="~adoption_share_connected -us_regulatory_friction -cn_regulatory_friction"),
    flow("d_open_weight_share", "1/yr", "Shift towards open models",
         "Usage moves towards the open/closed split users would choose today.", "O3",
         signs="-open_weight_share ~open_switching_time_months"),
    auxiliary("connected_share", "1", "People online",
              "Share of the world's people who are online.", "ITU1"),
    auxiliary("ai_adoption_share", "1", "World AI adoption",
              "Share of the world's people who use AI.", "MS1"),
    auxiliary("open_model_lag_months", "months", "Open-model lag",
              "Months open-weight models trail the closed frontier.", "E11; EST",
              signs="~capability_gap_months ~cn_lab_openness ~us_lab_openness"),
    auxiliary("open_share_target", "1", "Open share users would choose",
              "Open-weight share of usage given the lag, price gap and open supply.", "O1; O4",
              signs="-open_model_lag_months ~capability_gap_months -open_closed_price_ratio"),
    auxiliary("open_weight_share", "1", "Open-weight share of usage",
              "Share of AI usage on open-weight models."),
    auxiliary("cn_usage_share", "1", "China-origin share of usage",
              "Share of AI usage on models from Chinese labs.", "O1; O2",
              signs="~open_weight_share ~capability_gap_months ~us_lab_openness"),
    auxiliary("access_index", "1", "Access index",
              "Share of people who use AI and can afford near-frontier models.", "E10; EST",
              signs="-open_closed_price_ratio"),
)


def step(stocks, inputs, aux, rates, memory, xp, clock) -> None:
    K = inputs["K"]  # this run's constants (core.engine.inputs)
    years = clock.years + K.jan_to_mid_2025_years  # since the start of 2025
    connected = xp.minimum(K.connected_share_2025 + K.connected_share_growth_per_year * years,
                           K.connected_share_max)
    adopted = stocks["adoption_share_connected"]
    friction = (aux["us_regulatory_friction"] + aux["cn_regulatory_friction"]) / 2.0
    rates["adoption_share_connected"] = ((inputs["bass_p"] + inputs["bass_q"] * adopted)
                                         * (1.0 - adopted) * (1.0 - friction))
    adoption = connected * adopted
    aux["ai_adoption_share"] = adoption
    aux["connected_share"] = connected

    gap = aux["capability_gap_months"]
    behind = xp.exp(-xp.maximum(gap, -gap) / K.gap_quality_months)
    us_leads = gap > 0.0
    cn_quality = xp.where(us_leads, behind, 1.0)
    us_quality = xp.where(us_leads, 1.0, behind)
    cn_open_supply = inputs["cn_lab_openness"] * cn_quality
    open_supply = cn_open_supply + inputs["us_lab_openness"] * us_quality + K.other_open_supply
    cn_part_of_open = cn_open_supply / open_supply

    # The open frontier falls further behind when China, its main supplier, falls behind.
    drift = gap - K.open_lag_reference_gap_months
    open_lag = xp.clip(inputs["open_model_lag_months"]
                       + K.open_lag_per_gap_month * cn_part_of_open * drift, 0.0,
                       K.open_lag_max_months)
    price_ratio = inputs["open_closed_price_ratio"]
    disutility = (K.choice_lag_weight * open_lag - K.choice_supply_weight * open_supply
                  + K.choice_price_weight * xp.log(price_ratio) - K.choice_intercept)
    target = 1.0 / (1.0 + xp.exp(disutility))
    aux["open_share_target"] = target
    open_share = stocks["open_weight_share"]
    rates["open_weight_share"] = (target - open_share) * K.months_per_year / xp.maximum(
        inputs["open_switching_time_months"], K.min_adjustment_months)
    aux["open_weight_share"] = open_share
    aux["open_model_lag_months"] = open_lag

    cn_closed = K.cn_closed_share * cn_quality
    aux["cn_usage_share"] = open_share * (cn_part_of_open - cn_closed) + cn_closed

    price = (inputs["frontier_price_decline_per_year"] ** (-years)
             * (1.0 - open_share * (1.0 - price_ratio)))
    willing = K.wtp_median_price_2025 * K.income_growth_per_year ** years
    aux["access_index"] = adoption * willing / (willing + price)
