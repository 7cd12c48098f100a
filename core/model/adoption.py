"""Adoption block: AI use in the world, the US and China (Bass diffusion), the open/closed
split, China's share of usage and the access index (who can afford near-frontier AI).

Shares are dimensionless in [0, 1]; prices are an index (closed frontier price in 2025 = 1).
Every adoption share has one denominator: all people (of the world, the US or China).

- World adoption diffuses among the connected population (ITU), with p and q fitted to
  measured use (about 10% of all people in January 2025, 16% in January 2026).
- US adoption counts users aged 18-64, the surveys' group (A1, A4), as a share of all US
  people: its ceiling is their 60.5% share of the population (CB1), so 54.6% of 18-64 in
  Aug 2025 is 33% of all people (Microsoft's 28.3% of the working-age population, a
  different measure, would be about 18%).
- China's adoption diffuses among people online (80%, its ceiling), fitted to CNNIC's
  surveys (17.6% of all people in Dec 2024, 42.8% in Dec 2025).

Regulation reaches adoption where it applies. A US deployment delay means US users get
each model that many months behind the frontier; uptake scales with the quality users see,
which falls by 1/e per ``gap_quality_months`` behind (the rule the open/closed choice
uses), so a delay slows US uptake and never touches training. Compliance friction passes
through to the price users pay. Price reaches uptake with a weak elasticity (O1: usage
elasticity 0.05-0.07): the price a user pays is the closed price, lowered by the open share
of usage at the open/closed price ratio, so cheaper and more open models widen access a
little. The world's uptake feels each country's rules in proportion to its people.
"""

from __future__ import annotations

from core.model.declare import auxiliary, flow
from core.model.ops import compounded

# each variable this block computes, declared beside its equation (core.model.declare)
VARIABLES = (
    flow("d_adoption_share_connected", "1/yr", "New AI users",
         "People online start using AI through outreach and word of mouth, slowed by regulation.",
         "A2; MS1",
         signs="~adoption_share_connected -us_regulatory_friction -cn_regulatory_friction "
               "-us_deploy_delay_months"),
    flow("d_us_ai_adoption_share", "1/yr", "New US AI users",
         "US adults take up AI from its launch; a deployment delay and compliance costs slow "
         "it.", "A1; A4; O1",
         signs="-us_ai_adoption_share -us_deploy_delay_months -us_regulatory_friction"),
    flow("d_cn_ai_adoption_share", "1/yr", "New China AI users",
         "People online in China take up AI from its launch; compliance costs slow it.",
         "CNNIC1; O1",
         signs="-cn_ai_adoption_share -cn_regulatory_friction"),
    flow("d_open_weight_share", "1/yr", "Shift towards open models",
         "Usage moves towards the open/closed split users would choose today.", "O3",
         signs="-open_weight_share ~open_switching_time_months"),
    auxiliary("connected_share", "1", "People online",
              "Share of the world's people who are online.", "ITU1"),
    auxiliary("ai_adoption_share", "1", "World AI adoption",
              "Share of the world's people who use AI.", "MS1"),
    auxiliary("us_ai_adoption_share", "1", "US AI adoption",
              "Share of all US people who use generative AI, counting users aged 18-64.",
              "A1; A4; CB1"),
    auxiliary("cn_ai_adoption_share", "1", "China AI adoption",
              "Share of all people in China who use generative AI (CNNIC's denominator).",
              "CNNIC1"),
    auxiliary("adoption_price_factor", "1", "Uptake from cheaper open models",
              "How much faster people take up AI when open models make it cheaper (weak "
              "elasticity).", "O1",
              signs="-open_closed_price_ratio"),
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
    # Price: users pay the closed price, lowered by the open share at the open/closed ratio
    # (the open share is a stock, so this month's is known before the choice below).
    price_ratio = inputs["open_closed_price_ratio"]
    paid = 1.0 - stocks["open_weight_share"] * (1.0 - price_ratio)
    elasticity = K.adoption_price_elasticity
    cheaper = paid ** (-elasticity)
    aux["adoption_price_factor"] = cheaper
    # Regulation where it applies: US users get models a delay behind the frontier, and
    # compliance costs reach the price each country's users pay.
    us_rules = (xp.exp(-aux["us_deploy_delay_months"] / K.gap_quality_months)
                * (1.0 + aux["us_regulatory_friction"]) ** (-elasticity))
    cn_rules = (1.0 + aux["cn_regulatory_friction"]) ** (-elasticity)

    adopted = stocks["adoption_share_connected"]
    world_rules = (1.0 - K.us_population_share_of_world * (1.0 - us_rules)
                   - K.cn_population_share_of_world * (1.0 - cn_rules))
    rates["adoption_share_connected"] = ((inputs["bass_p"] + inputs["bass_q"] * adopted)
                                         * (1.0 - adopted) * world_rules * cheaper)
    adoption = connected * adopted
    aux["ai_adoption_share"] = adoption
    aux["connected_share"] = connected

    # The US and China: uptake from the month after each launch, towards each ceiling (US
    # people aged 18-64; China's people online).
    half_step = 0.5 * clock.step_months / K.months_per_year
    us_launched = xp.where(years - K.us_genai_launch_years > half_step, 1.0, 0.0)
    us = stocks["us_ai_adoption_share"]
    rates["us_ai_adoption_share"] = (K.us_bass_p * us_launched * us_rules * cheaper
                                     * (K.us_share_aged_18_64 - us))
    aux["us_ai_adoption_share"] = us
    cn_launched = xp.where(years - K.cn_genai_launch_years > half_step, 1.0, 0.0)
    # uptake quickened with DeepSeek's release in January 2025 (CNNIC: users doubled in
    # the first half of 2025)
    cn_p = xp.where(years > -half_step, K.cn_bass_p, K.cn_bass_p_before_2025)
    cn = stocks["cn_ai_adoption_share"]
    rates["cn_ai_adoption_share"] = (cn_p * cn_launched * cn_rules * cheaper
                                     * (K.cn_online_share - cn))
    aux["cn_ai_adoption_share"] = cn

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

    price = compounded(inputs["frontier_price_decline_per_year"], -years, xp) * paid
    willing = K.wtp_median_price_2025 * compounded(K.income_growth_per_year, years, xp)
    aux["access_index"] = adoption * willing / (willing + price)
