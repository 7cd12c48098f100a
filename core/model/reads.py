"""What each auxiliary and flow reads and the block that computes it, traced from the
blocks' equations by core.engine.flat.trace_variables. Written by `python -m core.build`;
never edit it by hand: core.model.structure joins it with each variable's declaration.
"""

READS = {
    'access_index': ('adoption', (
        'ai_adoption_share', 'frontier_price_decline_per_year', 'open_closed_price_ratio',
        'open_weight_share',)),
    'adoption_price_factor': ('adoption', (
        'open_closed_price_ratio', 'open_weight_share',)),
    'ai_adoption_share': ('adoption', (
        'adoption_share_connected', 'connected_share',)),
    'capability_gap_months': ('compute', (
        'cn_lab_openness', 'compute_lead_months', 'open_model_lag_months', 'open_spillover_rate',
        'us_lab_openness',)),
    'chip_performance_index': ('chips', (
        'chip_perf_growth_per_year',)),
    'cn_affordable_h100e': ('chips', (
        'cn_ai_chip_market_busd', 'price_per_h100e_usd',)),
    'cn_ai_adoption_share': ('adoption', (
        'cn_ai_adoption_share',)),
    'cn_ai_capacity_gw': ('power', (
        'cn_dc_capacity_gw', 'cn_deferred_load_gw', 'cn_installed_load_gw', 'cn_non_ai_load_gw',)),
    'cn_ai_chip_market_busd': ('chips', ()),
    'cn_algo_efficiency_vs_us': ('compute', (
        'cn_log_algo_efficiency_vs_us',)),
    'cn_arrivals_h100e': ('chips', (
        'cn_domestic_output_h100e', 'cn_legal_imports_h100e', 'cn_smuggled_h100e',)),
    'cn_dc_additions_gw_per_year': ('power', (
        'cn_new_generation_gw_per_year', 'cn_queue_gw',)),
    'cn_dc_capacity_gw': ('power', (
        'cn_dc_capacity_gw',)),
    'cn_dc_twh': ('economics', (
        'cn_installed_load_gw', 'cn_non_ai_load_gw', 'cn_non_ai_unserved_gw', 'cn_stranded_gw',)),
    'cn_deferred_h100e': ('chips', (
        'cn_deferred_h100e',)),
    'cn_domestic_ceiling_h100e': ('chips', (
        'chip_performance_index', 'cn_domestic_cap_mh100e_per_year', 'cn_substitution_pressure',
        'cn_substitution_reaction',)),
    'cn_domestic_output_h100e': ('chips', (
        'ascend_yield', 'chip_performance_index', 'cn_affordable_h100e',
        'cn_domestic_chip_growth_per_year', 'cn_domestic_hbm_mh100e_per_year',
        'cn_hbm_stockpile_h100e', 'cn_substitution_pressure', 'cn_substitution_reaction',
        'log_cn_domestic_capacity_h100e',)),
    'cn_early_retired_h100e': ('chips', (
        'cn_deferred_h100e', 'cn_deferred_load_gw', 'cn_headroom_gw', 'cn_vintage3_h100e',
        'cn_vintage3_load_gw', 'hw_lifetime_years',)),
    'cn_effective_compute': ('compute', (
        'cn_log_algo_efficiency_vs_us', 'cn_powered_h100e', 'cn_regulatory_friction',
        'us_log_algo_efficiency',)),
    'cn_free_import_demand_h100e': ('trade', (
        'cn_import_discouragement', 'cn_residual_budget_busd', 'price_per_h100e_usd',
        'price_performance_growth_per_year',)),
    'cn_frontier_compute': ('compute', (
        'cn_effective_compute',)),
    'cn_hbm_stockpile_h100e': ('chips', (
        'cn_hbm_stockpile_h100e',)),
    'cn_hbm_supply_h100e': ('chips', (
        'chip_performance_index', 'cn_domestic_chip_growth_per_year',
        'cn_domestic_hbm_mh100e_per_year', 'cn_substitution_pressure', 'cn_substitution_reaction',)),
    'cn_headroom_gw': ('power', (
        'cn_dc_additions_gw_per_year', 'cn_dc_capacity_gw', 'cn_deferred_load_gw',
        'cn_installed_load_gw', 'cn_non_ai_load_gw',)),
    'cn_import_demand_h100e': ('trade', (
        'cn_import_discouragement', 'cn_import_price_usd', 'cn_residual_budget_busd',
        'price_per_h100e_usd',)),
    'cn_import_price_usd': ('trade', (
        'export_fee_share', 'export_lag_months', 'price_per_h100e_usd',
        'price_performance_growth_per_year', 'us_control_tightness',)),
    'cn_import_shortfall': ('trade', (
        'cn_free_import_demand_h100e', 'cn_legal_imports_h100e',)),
    'cn_in_transit_h100e': ('chips', (
        'cn_in_transit_h100e',)),
    'cn_installed_h100e': ('chips', (
        'cn_installed_h100e',)),
    'cn_installed_load_gw': ('chips', (
        'cn_installed_load_gw',)),
    'cn_installs_h100e': ('chips', (
        'cn_deferred_h100e', 'cn_deferred_load_gw', 'cn_headroom_gw', 'cn_vintage3_h100e',
        'cn_vintage3_load_gw', 'hw_lifetime_years',)),
    'cn_legal_imports_h100e': ('trade', (
        'cn_import_demand_h100e', 'export_lag_months', 'export_licensing',
        'export_volume_cap_share', 'export_volume_uncapped', 'us_control_tightness',
        'us_gpu_output_h100e', 'us_packaging_h100e', 'us_share_of_us_gpu_output',)),
    'cn_new_generation_gw_per_year': ('power', (
        'cn_new_generation_gw_per_year',)),
    'cn_non_ai_load_gw': ('power', ()),
    'cn_non_ai_unserved_gw': ('power', (
        'cn_dc_capacity_gw', 'cn_installed_load_gw', 'cn_non_ai_load_gw', 'cn_stranded_gw',)),
    'cn_power_demand_gw': ('economics', (
        'cn_installed_load_gw', 'cn_non_ai_load_gw', 'cn_waiting_gw',)),
    'cn_power_gap_gw': ('economics', (
        'cn_dc_capacity_gw', 'cn_power_demand_gw',)),
    'cn_powered_h100e': ('chips', (
        'cn_installed_h100e', 'cn_installed_load_gw', 'cn_stranded_gw',)),
    'cn_queue_gw': ('power', (
        'cn_queue_gw',)),
    'cn_ready_h100e': ('chips', (
        'cn_in_transit_h100e', 'ship_to_online_lag_months',)),
    'cn_regulatory_friction': ('regulation', (
        'cn_regulatory_friction',)),
    'cn_requests_gw_per_year': ('power', (
        'cn_dc_share_of_new_generation', 'cn_new_generation_gw_per_year', 'cn_queue_gw',
        'cn_unmet_gw',)),
    'cn_residual_budget_busd': ('trade', (
        'cn_affordable_h100e', 'cn_ai_chip_market_busd', 'cn_domestic_output_h100e',)),
    'cn_retired_h100e': ('chips', (
        'cn_vintage3_h100e', 'hw_lifetime_years',)),
    'cn_smuggled_h100e': ('trade', (
        'chip_perf_growth_per_year', 'cn_smuggled_mh100e_per_year', 'cn_substitution_pressure',)),
    'cn_stranded_gw': ('power', (
        'cn_ai_capacity_gw', 'cn_installed_load_gw',)),
    'cn_stranded_h100e': ('chips', (
        'cn_installed_h100e', 'cn_installed_load_gw', 'cn_stranded_gw',)),
    'cn_substitution_pressure': ('trade', (
        'cn_substitution_pressure', 'cn_substitution_reaction',)),
    'cn_unmet_gw': ('power', (
        'cn_deferred_load_gw', 'cn_non_ai_unserved_gw', 'cn_stranded_gw',)),
    'cn_usage_share': ('adoption', (
        'capability_gap_months', 'cn_lab_openness', 'open_weight_share', 'us_lab_openness',)),
    'cn_waiting_gw': ('power', (
        'cn_deferred_load_gw',)),
    'compute_lead_months': ('compute', (
        'algo_halving_months', 'cn_frontier_compute', 'us_frontier_compute',)),
    'connected_share': ('adoption', ()),
    'd_adoption_share_connected': ('adoption', (
        'adoption_price_factor', 'adoption_share_connected', 'bass_p', 'bass_q',
        'cn_regulatory_friction', 'us_deploy_delay_months', 'us_regulatory_friction',)),
    'd_cn_ai_adoption_share': ('adoption', (
        'adoption_price_factor', 'cn_ai_adoption_share', 'cn_regulatory_friction',)),
    'd_cn_dc_capacity_gw': ('power', (
        'cn_dc_additions_gw_per_year',)),
    'd_cn_deferred_h100e': ('chips', (
        'cn_installs_h100e', 'cn_ready_h100e',)),
    'd_cn_deferred_load_gw': ('chips', (
        'cn_deferred_h100e', 'cn_deferred_load_gw', 'cn_headroom_gw', 'cn_in_transit_load_gw',
        'cn_vintage3_h100e', 'cn_vintage3_load_gw', 'hw_lifetime_years',
        'ship_to_online_lag_months',)),
    'd_cn_hbm_stockpile_h100e': ('chips', (
        'chip_performance_index', 'cn_domestic_chip_growth_per_year',
        'cn_domestic_hbm_mh100e_per_year', 'cn_domestic_output_h100e', 'cn_substitution_pressure',
        'cn_substitution_reaction',)),
    'd_cn_in_transit_h100e': ('chips', (
        'cn_arrivals_h100e', 'cn_ready_h100e',)),
    'd_cn_in_transit_load_gw': ('chips', (
        'cn_arrivals_h100e', 'cn_domestic_output_h100e', 'cn_in_transit_load_gw',
        'kw_per_h100e_new', 'ship_to_online_lag_months',)),
    'd_cn_installed_h100e': ('chips', (
        'cn_early_retired_h100e', 'cn_installs_h100e', 'cn_retired_h100e',)),
    'd_cn_installed_load_gw': ('chips', (
        'cn_deferred_h100e', 'cn_deferred_load_gw', 'cn_headroom_gw', 'cn_vintage3_h100e',
        'cn_vintage3_load_gw', 'hw_lifetime_years',)),
    'd_cn_log_algo_efficiency_vs_us': ('compute', (
        'cn_algo_jump_log', 'cn_efficiency_gain_per_year', 'cn_log_algo_efficiency_vs_us',)),
    'd_cn_queue_gw': ('power', (
        'cn_dc_additions_gw_per_year', 'cn_queue_gw', 'cn_requests_gw_per_year',)),
    'd_cn_substitution_pressure': ('trade', (
        'cn_import_shortfall', 'cn_substitution_delay_months', 'cn_substitution_pressure',)),
    'd_cn_vintage2_h100e': ('chips', (
        'cn_installed_h100e', 'cn_vintage2_h100e', 'cn_vintage3_h100e',)),
    'd_cn_vintage2_load_gw': ('chips', (
        'cn_installed_load_gw', 'cn_vintage2_load_gw', 'cn_vintage3_load_gw',)),
    'd_cn_vintage3_h100e': ('chips', (
        'cn_early_retired_h100e', 'cn_retired_h100e', 'cn_vintage2_h100e',)),
    'd_cn_vintage3_load_gw': ('chips', (
        'cn_deferred_h100e', 'cn_deferred_load_gw', 'cn_headroom_gw', 'cn_vintage2_load_gw',
        'cn_vintage3_h100e', 'cn_vintage3_load_gw', 'hw_lifetime_years',)),
    'd_log_cn_domestic_capacity_h100e': ('chips', (
        'cn_domestic_ceiling_h100e', 'cn_domestic_chip_growth_per_year',
        'cn_substitution_pressure', 'cn_substitution_reaction', 'log_cn_domestic_capacity_h100e',)),
    'd_log_us_chip_budget_busd': ('chips', (
        'price_performance_growth_per_year', 'us_backlog_ratio', 'us_chip_order_growth_per_year',
        'us_chip_orders_busd',)),
    'd_log_us_packaging_h100e': ('chips', (
        'packaging_growth_max_per_year', 'price_per_h100e_usd', 'us_chip_orders_busd',
        'us_packaging_h100e',)),
    'd_open_weight_share': ('adoption', (
        'open_share_target', 'open_switching_time_months', 'open_weight_share',)),
    'd_row_deferred_h100e': ('chips', (
        'row_arrivals_h100e', 'row_installs_h100e', 'us_early_retired_h100e',)),
    'd_row_installed_h100e': ('chips', (
        'row_early_retired_h100e', 'row_installs_h100e', 'row_retired_h100e',)),
    'd_row_installed_load_gw': ('chips', (
        'hw_lifetime_years', 'row_deferred_h100e', 'row_headroom_gw', 'row_vintage3_h100e',
        'row_vintage3_load_gw', 'row_waiting_gw',)),
    'd_row_vintage2_h100e': ('chips', (
        'row_installed_h100e', 'row_vintage2_h100e', 'row_vintage3_h100e',)),
    'd_row_vintage2_load_gw': ('chips', (
        'row_installed_load_gw', 'row_vintage2_load_gw', 'row_vintage3_load_gw',)),
    'd_row_vintage3_h100e': ('chips', (
        'row_early_retired_h100e', 'row_retired_h100e', 'row_vintage2_h100e',)),
    'd_row_vintage3_load_gw': ('chips', (
        'hw_lifetime_years', 'row_deferred_h100e', 'row_headroom_gw', 'row_vintage2_load_gw',
        'row_vintage3_h100e', 'row_vintage3_load_gw', 'row_waiting_gw',)),
    'd_us_abroad_h100e': ('chips', (
        'hw_lifetime_years', 'us_abroad_flow_h100e', 'us_abroad_h100e',)),
    'd_us_abroad_load_gw': ('chips', (
        'hw_lifetime_years', 'kw_per_h100e_new', 'us_abroad_flow_h100e', 'us_abroad_load_gw',)),
    'd_us_ai_adoption_share': ('adoption', (
        'adoption_price_factor', 'us_ai_adoption_share', 'us_deploy_delay_months',
        'us_regulatory_friction',)),
    'd_us_control_tightness': ('trade', (
        'us_control_target', 'us_control_tightness', 'us_reaction_delay_months',)),
    'd_us_dc_capacity_gw': ('power', (
        'us_dc_additions_gw_per_year',)),
    'd_us_deferred_h100e': ('chips', (
        'us_abroad_flow_h100e', 'us_installs_h100e', 'us_ready_h100e',)),
    'd_us_in_transit_h100e': ('chips', (
        'us_arrivals_h100e', 'us_ready_h100e',)),
    'd_us_installed_h100e': ('chips', (
        'us_early_retired_h100e', 'us_installs_h100e', 'us_retired_h100e',)),
    'd_us_installed_load_gw': ('chips', (
        'hw_lifetime_years', 'us_deferred_h100e', 'us_headroom_gw', 'us_vintage3_h100e',
        'us_vintage3_load_gw', 'us_waiting_gw',)),
    'd_us_log_algo_efficiency': ('compute', (
        'algo_halving_months',)),
    'd_us_queue_gw': ('power', (
        'us_dc_additions_gw_per_year', 'us_grid_connection_delay_months',
        'us_permitting_reform_share', 'us_queue_gw', 'us_requests_gw_per_year',)),
    'd_us_vintage2_h100e': ('chips', (
        'us_installed_h100e', 'us_vintage2_h100e', 'us_vintage3_h100e',)),
    'd_us_vintage2_load_gw': ('chips', (
        'us_installed_load_gw', 'us_vintage2_load_gw', 'us_vintage3_load_gw',)),
    'd_us_vintage3_h100e': ('chips', (
        'us_early_retired_h100e', 'us_retired_h100e', 'us_vintage2_h100e',)),
    'd_us_vintage3_load_gw': ('chips', (
        'hw_lifetime_years', 'us_deferred_h100e', 'us_headroom_gw', 'us_vintage2_load_gw',
        'us_vintage3_h100e', 'us_vintage3_load_gw', 'us_waiting_gw',)),
    'frontier_log_ratio': ('compute', (
        'cn_frontier_compute', 'us_frontier_compute',)),
    'global_installed_h100e': ('chips', (
        'cn_installed_h100e', 'row_installed_h100e', 'us_abroad_h100e', 'us_installed_h100e',)),
    'kw_per_h100e_new': ('chips', (
        'facility_kw_per_h100e', 'flop_per_watt_growth_per_year',)),
    'open_model_lag_months': ('adoption', (
        'capability_gap_months', 'cn_lab_openness', 'open_model_lag_months', 'us_lab_openness',)),
    'open_share_target': ('adoption', (
        'capability_gap_months', 'cn_lab_openness', 'open_closed_price_ratio',
        'open_model_lag_months', 'us_lab_openness',)),
    'open_weight_share': ('adoption', (
        'open_weight_share',)),
    'power_gap_capex_busd': ('economics', (
        'us_power_gap_gw',)),
    'price_per_h100e_usd': ('chips', (
        'price_performance_growth_per_year',)),
    'row_ai_capacity_gw': ('power', (
        'row_dc_capacity_gw', 'row_installed_load_gw', 'row_non_ai_load_gw', 'row_waiting_gw',
        'us_abroad_load_gw',)),
    'row_arrivals_h100e': ('chips', (
        'us_gpu_output_h100e', 'us_share_of_us_gpu_output',)),
    'row_dc_capacity_gw': ('power', ()),
    'row_deferred_h100e': ('chips', (
        'row_deferred_h100e',)),
    'row_early_retired_h100e': ('chips', (
        'hw_lifetime_years', 'row_deferred_h100e', 'row_headroom_gw', 'row_vintage3_h100e',
        'row_vintage3_load_gw', 'row_waiting_gw',)),
    'row_headroom_gw': ('power', (
        'row_ai_capacity_gw', 'row_installed_load_gw', 'us_abroad_load_gw',)),
    'row_installed_h100e': ('chips', (
        'row_installed_h100e',)),
    'row_installed_load_gw': ('chips', (
        'row_installed_load_gw',)),
    'row_installs_h100e': ('chips', (
        'hw_lifetime_years', 'row_deferred_h100e', 'row_headroom_gw', 'row_vintage3_h100e',
        'row_vintage3_load_gw', 'row_waiting_gw',)),
    'row_non_ai_load_gw': ('power', ()),
    'row_retired_h100e': ('chips', (
        'hw_lifetime_years', 'row_vintage3_h100e',)),
    'row_stranded_gw': ('power', (
        'row_ai_capacity_gw', 'row_installed_load_gw', 'us_abroad_load_gw',)),
    'row_waiting_gw': ('power', (
        'kw_per_h100e_new', 'row_deferred_h100e',)),
    'tpu_external_revenue_busd': ('economics', (
        'tpu_external_share', 'tpu_output_units',)),
    'tpu_output_h100e': ('chips', (
        'chip_perf_growth_per_year', 'price_performance_growth_per_year',
        'tpu_output_multiple_2028',)),
    'tpu_output_units': ('chips', (
        'chip_performance_index', 'tpu_output_h100e',)),
    'us_abroad_flow_h100e': ('chips', (
        'us_excess_deferred_h100e', 'us_siting_abroad_rate_per_year',)),
    'us_abroad_gw': ('chips', (
        'us_abroad_load_gw',)),
    'us_abroad_h100e': ('chips', (
        'us_abroad_h100e',)),
    'us_ai_adoption_share': ('adoption', (
        'us_ai_adoption_share',)),
    'us_ai_capacity_gw': ('power', (
        'us_dc_capacity_gw', 'us_installed_load_gw', 'us_non_ai_load_gw', 'us_waiting_gw',)),
    'us_ai_power_gw': ('economics', (
        'us_installed_load_gw',)),
    'us_arrivals_h100e': ('chips', (
        'cn_legal_imports_h100e', 'tpu_output_h100e', 'us_gpu_output_h100e', 'us_packaging_h100e',
        'us_share_of_us_gpu_output',)),
    'us_backlog_ratio': ('chips', (
        'tpu_output_h100e', 'us_deferred_h100e', 'us_gpu_output_h100e', 'us_in_transit_h100e',
        'us_share_of_us_gpu_output',)),
    'us_chip_budget_busd': ('chips', (
        'price_per_h100e_usd', 'us_gpu_output_h100e',)),
    'us_chip_orders_busd': ('chips', (
        'log_us_chip_budget_busd',)),
    'us_cn_compute_ratio': ('compute', (
        'cn_effective_compute', 'us_effective_compute',)),
    'us_control_target': ('trade', (
        'capability_gap_months@prev', 'us_reaction_target_lead_months',)),
    'us_control_tightness': ('trade', (
        'us_control_reaction', 'us_control_tightness',)),
    'us_dc_additions_gw_per_year': ('power', (
        'us_grid_connection_delay_months', 'us_new_generation_gw_per_year',
        'us_permitting_reform_share', 'us_queue_gw',)),
    'us_dc_capacity_gw': ('power', (
        'us_dc_capacity_gw',)),
    'us_dc_twh': ('economics', (
        'us_installed_load_gw', 'us_non_ai_load_gw', 'us_non_ai_unserved_gw', 'us_stranded_gw',)),
    'us_deferred_h100e': ('chips', (
        'us_deferred_h100e',)),
    'us_deploy_delay_months': ('regulation', (
        'us_deploy_delay_patchwork_months', 'us_federal_preemption', 'us_states_with_ai_laws',)),
    'us_early_retired_h100e': ('chips', (
        'hw_lifetime_years', 'us_deferred_h100e', 'us_headroom_gw', 'us_vintage3_h100e',
        'us_vintage3_load_gw', 'us_waiting_gw',)),
    'us_effective_compute': ('compute', (
        'us_log_algo_efficiency', 'us_powered_h100e', 'us_regulatory_friction',)),
    'us_excess_deferred_h100e': ('chips', (
        'tpu_output_h100e', 'us_deferred_h100e', 'us_gpu_output_h100e',
        'us_share_of_us_gpu_output',)),
    'us_export_fee_revenue_busd': ('trade', (
        'cn_import_price_usd', 'cn_legal_imports_h100e', 'export_fee_share',
        'us_control_tightness',)),
    'us_frontier_compute': ('compute', (
        'us_effective_compute',)),
    'us_gpu_output_h100e': ('chips', (
        'price_per_h100e_usd', 'us_chip_orders_busd', 'us_packaging_h100e',)),
    'us_headroom_gw': ('power', (
        'us_dc_additions_gw_per_year', 'us_dc_capacity_gw', 'us_installed_load_gw',
        'us_non_ai_load_gw', 'us_waiting_gw',)),
    'us_in_transit_h100e': ('chips', (
        'us_in_transit_h100e',)),
    'us_installed_h100e': ('chips', (
        'us_installed_h100e',)),
    'us_installed_load_gw': ('chips', (
        'us_installed_load_gw',)),
    'us_installs_h100e': ('chips', (
        'hw_lifetime_years', 'us_deferred_h100e', 'us_headroom_gw', 'us_vintage3_h100e',
        'us_vintage3_load_gw', 'us_waiting_gw',)),
    'us_new_generation_gw_per_year': ('power', (
        'us_new_generation_gw_per_year',)),
    'us_non_ai_load_gw': ('power', ()),
    'us_non_ai_unserved_gw': ('power', (
        'us_dc_capacity_gw', 'us_installed_load_gw', 'us_non_ai_load_gw', 'us_stranded_gw',)),
    'us_packaging_h100e': ('chips', (
        'log_us_packaging_h100e',)),
    'us_power_demand_gw': ('economics', (
        'us_abroad_gw', 'us_installed_load_gw', 'us_non_ai_load_gw', 'us_waiting_gw',)),
    'us_power_gap_gw': ('economics', (
        'us_dc_capacity_gw', 'us_power_demand_gw',)),
    'us_powered_h100e': ('chips', (
        'us_installed_h100e', 'us_installed_load_gw', 'us_stranded_gw',)),
    'us_queue_gw': ('power', (
        'us_queue_gw',)),
    'us_ready_h100e': ('chips', (
        'ship_to_online_lag_months', 'us_in_transit_h100e',)),
    'us_regulatory_friction': ('regulation', (
        'us_compliance_cost_share_per_state', 'us_federal_preemption', 'us_states_with_ai_laws',)),
    'us_requests_gw_per_year': ('power', (
        'us_dc_committed_additions_gw_per_year', 'us_grid_connection_delay_months',
        'us_permitting_reform_share', 'us_queue_gw', 'us_unmet_gw',)),
    'us_retired_h100e': ('chips', (
        'hw_lifetime_years', 'us_vintage3_h100e',)),
    'us_stranded_gw': ('power', (
        'us_ai_capacity_gw', 'us_installed_load_gw',)),
    'us_stranded_h100e': ('chips', (
        'us_installed_h100e', 'us_installed_load_gw', 'us_stranded_gw',)),
    'us_unmet_gw': ('power', (
        'us_abroad_load_gw', 'us_non_ai_unserved_gw', 'us_stranded_gw', 'us_waiting_gw',)),
    'us_vendor_cn_revenue_busd': ('trade', (
        'cn_import_price_usd', 'cn_legal_imports_h100e', 'export_fee_share',
        'us_control_tightness',)),
    'us_waiting_gw': ('power', (
        'kw_per_h100e_new', 'us_deferred_h100e',)),
    'world_dc_twh': ('economics', (
        'cn_installed_load_gw', 'cn_non_ai_load_gw', 'cn_non_ai_unserved_gw', 'cn_stranded_gw',
        'row_dc_capacity_gw', 'row_installed_load_gw', 'row_non_ai_load_gw', 'us_abroad_gw',
        'us_installed_load_gw', 'us_non_ai_load_gw', 'us_non_ai_unserved_gw', 'us_stranded_gw',)),
}
