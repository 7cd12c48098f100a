"""Compute block: effective compute, the algorithmic race and the capability gap.

Effective compute is in H100e at 2025 algorithmic efficiency ("effective H100e"): powered
H100e x algorithmic efficiency x (1 - regulatory friction). The frontier is the largest
cluster: a share of a country's powered compute. The compute lead in months is how many
months ago the leader's frontier effective compute (its running maximum) was where the
follower's is now: a look-back on the leader's own trajectory, so more compute for the leader
never shortens it, and scaling both sides alike leaves it unchanged. Before the first month
the leader's history is extrapolated at the historical pace of frontier compute (E4) and
algorithms (E3).

Two published mechanisms act on top, each flowing from whoever leads in its domain, neither
keyed to the hardware gap (so fewer chips for a side never raise its effective compute):
- Algorithms diffuse (papers, open weights, staff): China's efficiency relative to the US's
  relaxes towards parity with a diffusion time, pushed off it by China's own efficiency focus
  and one-off breakthroughs. It stays in a band set by that focus and the diffusion time.
- Distillation: the follower trains on the leader's released models (open weights, released
  ~3.5 months behind the closed frontier, E11; closed models' outputs too, D1) and closes a
  share (the spillover lever; fully through open weights, by a smaller ratio through closed
  outputs) of the part of the compute lead beyond that release lag. The capability lead is
  never longer than the compute lead, nor shortened by distillation below the release lag.
"""

from __future__ import annotations

import copy
import math

import numpy as np

from core.model.declare import auxiliary, flow

# each variable this block computes, declared beside its equation (core.model.declare)
VARIABLES = (
    flow("d_us_log_algo_efficiency", "1/yr", "US algorithmic progress",
         "Algorithms get more efficient at a steady pace set by the halving time.", "E3",
         signs="-algo_halving_months"),
    flow("d_cn_log_algo_efficiency_vs_us", "1/yr", "China's algorithmic catch-up",
         "China's own efficiency focus, less what diffusion closes of its algorithmic gap.",
         "E11; O5; EST",
         signs="-cn_log_algo_efficiency_vs_us"),
    auxiliary("us_effective_compute", "effective H100e", "US effective compute",
              "US powered chips times algorithmic efficiency, less compliance friction.",
              "E3", signs="-us_regulatory_friction"),
    auxiliary("cn_effective_compute", "effective H100e", "China effective compute",
              "Chinese powered chips times algorithmic efficiency, less regulatory friction.",
              "EST", signs="-cn_regulatory_friction"),
    auxiliary("us_frontier_compute", "effective H100e", "US frontier compute",
              "US effective compute in its largest training cluster.", "E8"),
    auxiliary("cn_frontier_compute", "effective H100e", "China frontier compute",
              "Chinese effective compute in its largest training cluster.", "E8"),
    auxiliary("frontier_log_ratio", "1", "Frontier compute ratio (log)",
              "How many times more frontier compute the US has, on a log scale.", "",
              signs="-cn_frontier_compute"),
    auxiliary("compute_lead_months", "months", "Frontier compute lead",
              "Months since the leader's frontier was where the follower's is now.", "E14; E4",
              signs="-cn_frontier_compute"),
    auxiliary("capability_gap_months", "months", "Capability gap (US lead)",
              "The compute lead, less what the follower closes beyond the release lag by "
              "distillation.", "E11; E14; D1",
              signs="~open_spillover_rate ~us_lab_openness ~cn_lab_openness "
                    "~open_model_lag_months"),
    auxiliary("us_cn_compute_ratio", "1", "US/China effective compute ratio",
              "How many times more effective compute the US has than China.", "",
              signs="-cn_effective_compute"),
    auxiliary("cn_algo_efficiency_vs_us", "1", "China algorithmic efficiency vs US",
              "China's algorithmic efficiency as a multiple of the US's.", "EST"),
)

LN2 = math.log(2.0)
MAX_GAP_MONTHS = 240.0


def step(stocks, inputs, aux, rates, memory, xp, clock) -> None:
    K = inputs["K"]  # this run's constants (core.engine.inputs)
    halving = inputs["algo_halving_months"]
    log_us = stocks["us_log_algo_efficiency"]
    relative = stocks["cn_log_algo_efficiency_vs_us"]
    rates["us_log_algo_efficiency"] = LN2 * K.months_per_year / halving
    us_keep = 1.0 - aux["us_regulatory_friction"]
    cn_keep = 1.0 - aux["cn_regulatory_friction"]
    # Floors on the physical part only (logs stay finite), so every feedback through
    # efficiency still acts when a side has almost no powered chips.
    floor = K.compute_floor_h100e
    us_effective = xp.maximum(aux["us_powered_h100e"], floor) * xp.exp(log_us) * us_keep
    cn_effective = xp.maximum(aux["cn_powered_h100e"], floor) * xp.exp(log_us + relative) * cn_keep
    log_us_frontier = xp.log(us_effective * K.frontier_share)
    log_cn_frontier = xp.log(cn_effective * K.frontier_share)
    aux["frontier_log_ratio"] = log_us_frontier - log_cn_frontier

    # Algorithms diffuse from whichever side is ahead in them: the difference decays with
    # the diffusion time, so China's own focus holds it at most gain^(diffusion time) above
    # parity, and a breakthrough is copied within about that time.
    rates["cn_log_algo_efficiency_vs_us"] = (xp.log(inputs["cn_efficiency_gain_per_year"])
                                             + inputs["cn_algo_jump_log"] * K.months_per_year
                                             / clock.step_months
                                             - relative * K.months_per_year
                                             / K.algo_diffusion_months)

    # math.log, not xp.log: a Python float keeps float32 runs in float32 (the unit check
    # swaps this module's math for its own ops)
    history_slope = (math.log(K.frontier_history_growth_per_year) / K.months_per_year
                     + LN2 / halving)
    compute_lead = memory["lookback"](log_us_frontier, log_cn_frontier, history_slope,
                                      clock.index)
    # Distillation: the follower closes a share of the compute lead beyond the release lag
    # of the leader's open weights: fully through its open weights, by a smaller ratio
    # through its closed models' outputs (D1).
    us_leads = compute_lead >= 0.0
    size = xp.where(us_leads, compute_lead, -compute_lead)
    openness = xp.where(us_leads, inputs["us_lab_openness"], inputs["cn_lab_openness"])
    reach = openness + K.closed_distillation_ratio * (1.0 - openness)
    closed = (inputs["open_spillover_rate"] * reach
              * xp.maximum(size - inputs["open_model_lag_months"], 0.0))
    lead = xp.where(us_leads, compute_lead - closed, compute_lead + closed)
    memory["lead_months"] = lead
    aux["compute_lead_months"] = compute_lead
    aux["capability_gap_months"] = lead
    aux["us_effective_compute"] = us_effective
    aux["cn_effective_compute"] = cn_effective
    aux["us_cn_compute_ratio"] = us_effective / cn_effective
    aux["us_frontier_compute"] = us_effective * K.frontier_share
    aux["cn_frontier_compute"] = cn_effective * K.frontier_share
    aux["cn_algo_efficiency_vs_us"] = xp.exp(relative)


class Lookback:
    """Both sides' frontier histories (running maxima) and the look-back of the lead.

    Holds one row per month stepped; ``index`` is the month being stepped. Works on Python
    floats (one run) or on arrays of shape (N,) of the run's ``dtype`` (a single-precision
    history and lead keep a float32 run's rows in float32).
    """

    def __init__(self, n_months: int, n_samples: int, vectorised: bool, dtype=np.float64):
        self.vectorised = vectorised
        self.dtype = np.dtype(dtype)
        if vectorised:
            self.us = np.empty((n_months, n_samples), dtype=self.dtype)
            self.cn = np.empty((n_months, n_samples), dtype=self.dtype)
            self.us_search = _Search(n_samples)
            self.cn_search = _Search(n_samples)
            self.columns = np.arange(n_samples)
        else:
            self.us, self.cn = [0.0] * n_months, [0.0] * n_months
            self.us_row = self.cn_row = 0
        self.filled = -1
        self.offset = 0  # months stepped before this run's first (a run that goes on)

    def continued(self, n_months: int) -> Lookback:
        """A copy that goes on for ``n_months`` more months after the last one stepped,
        keeping every row and where each search stands: the months it is then called with
        count from the first month after, and it answers as if it had never stopped (a run
        from January 2025 goes on from the history's look-back)."""
        after = copy.copy(self)
        kept = self.filled + 1
        after.offset = kept
        if self.vectorised:
            after.us = np.empty((kept + n_months, self.us.shape[1]), dtype=self.dtype)
            after.cn = np.empty_like(after.us)
            after.us[:kept], after.cn[:kept] = self.us[:kept], self.cn[:kept]
            after.us_search, after.cn_search = (copy.deepcopy(self.us_search),
                                                copy.deepcopy(self.cn_search))
        else:
            after.us = self.us[:kept] + [0.0] * n_months
            after.cn = self.cn[:kept] + [0.0] * n_months
        return after

    def __call__(self, log_us, log_cn, history_slope, index):
        index += self.offset
        recorded = index != self.filled
        if recorded:  # the first sub-step of a month records its history
            self._record(log_us, log_cn, index)
        # Each side's frontier is its best so far (a model once trained stays trained), so
        # a side whose compute falls does not lose capability: the lead grows at most a
        # month a month while the follower stands still.
        if recorded:  # the row just recorded is that best, to the bit
            log_us, log_cn = self.us[index], self.cn[index]
        elif self.vectorised:
            log_us = np.maximum(self.us[index], log_us)
            log_cn = np.maximum(self.cn[index], log_cn)
        else:
            log_us = max(self.us[index], log_us)
            log_cn = max(self.cn[index], log_cn)
        if self.vectorised:
            # A side's look-back is needed only where it leads; when one side leads in every
            # sample (50 of 132 months in a baseline Monte Carlo) the other is skipped. The
            # row kept per sample is only where the next search starts: the answer does not
            # depend on it, so a stale row costs a step or two, never a different result.
            us_leads = log_us >= log_cn
            all_us = bool(us_leads.all())
            all_cn = not all_us and not us_leads.any()
            if not all_cn:
                us_lead = _months_back(self.us, log_cn, index, self.us_search, history_slope,
                                       self.columns)
            if not all_us:
                cn_lead = _months_back(self.cn, log_us, index, self.cn_search, history_slope,
                                       self.columns)
            # both looks back are >= 0, so the lead's clip at +-MAX_GAP_MONTHS is a minimum
            # of each (the same bits as np.clip, in a third of the time)
            if all_us:
                lead = np.minimum(us_lead, MAX_GAP_MONTHS)
            elif all_cn:
                lead = -np.minimum(cn_lead, MAX_GAP_MONTHS)
            else:
                lead = np.where(us_leads, np.minimum(us_lead, MAX_GAP_MONTHS),
                                -np.minimum(cn_lead, MAX_GAP_MONTHS))
            # months back are counted in double (a row number is an integer); the lead is
            # the run's dtype
            return lead.astype(self.dtype, copy=False)
        if log_us >= log_cn:
            lead, self.us_row = _months_back_one(self.us, log_cn, index, self.us_row,
                                                 history_slope)
            return min(lead, MAX_GAP_MONTHS)
        lead, self.cn_row = _months_back_one(self.cn, log_us, index, self.cn_row,
                                             history_slope)
        return -min(lead, MAX_GAP_MONTHS)

    def _record(self, log_us, log_cn, index):
        self.filled = index
        if index == 0:
            self.us[0], self.cn[0] = log_us, log_cn
        elif self.vectorised:
            np.maximum(self.us[index - 1], log_us, out=self.us[index])
            np.maximum(self.cn[index - 1], log_cn, out=self.cn[index])
        else:
            self.us[index] = max(self.us[index - 1], log_us)
            self.cn[index] = max(self.cn[index - 1], log_cn)


def _months_back_one(history, target, index, row, slope):
    """Months since a nondecreasing ``history`` first reached ``target`` (one sample).

    ``row`` is the last answer's row: the follower moves little month to month, so the
    search walks from there.
    """
    row = min(row, index)
    while row < index and history[row + 1] <= target:
        row += 1
    while row > 0 and history[row] > target:
        row -= 1
    if history[row] > target:  # before the first month: extrapolate the history back
        return index + (history[0] - target) / slope, 0
    if row == index:
        return 0.0, row
    step = history[row + 1] - history[row]
    crossed = row + (target - history[row]) / step if step > 0.0 else row + 1.0
    return index - crossed, row


class _Search:
    """Where one side's vectorised look-back stands: each sample's row of the history and
    the two values around it (``here`` = history[row], ``following`` = history[min(row + 1,
    at)]) as read at month ``at``. History rows never change once written, so the next
    month reads only what moved instead of gathering both values from a 10 MB array again
    (the gathers were most of the look-back's time)."""

    __slots__ = ("row", "here", "following", "at")

    def __init__(self, n_samples: int):
        self.row = np.zeros(n_samples, dtype=np.intp)
        self.here = self.following = None
        self.at = -2  # nothing read yet


def _months_back(history, target, index, search, slope, columns):
    """The same as ``_months_back_one`` for arrays of samples (history is months x N,
    ``columns`` is arange(N)); ``search`` (a ``_Search``) is where it starts and is moved to
    where it ends. Each step reads only the values a move made stale."""
    flat = history.reshape(-1)
    n = history.shape[1]
    row = search.row
    if search.at == index:  # a later sub-step of the same month
        here, following = search.here, search.following
    elif search.at == index - 1:  # only samples at the last row look one month further
        here, following = search.here, search.following
        at_last = row == index - 1
        if at_last.any():
            following = np.where(at_last, history[index], following)
    else:
        row = np.minimum(row, index)
        here = flat.take(row * n + columns)
        following = flat.take(np.minimum(row + 1, index) * n + columns)
    while True:  # the follower usually moves a month or less: one or two passes
        move = (row < index) & (following <= target)
        moving = np.count_nonzero(move)
        if not moving:
            break
        row = row + move
        here = np.where(move, following, here)  # the row moved to is the one read ahead
        if moving * 8 > n:
            following = flat.take(np.minimum(row + 1, index) * n + columns)
        else:  # a second pass moves a few samples (half the passes): read only theirs
            moved = np.flatnonzero(move)
            following = following.copy()
            following[moved] = flat.take(np.minimum(row[moved] + 1, index) * n + moved)
    while True:
        back = (row > 0) & (here > target)
        if not back.any():
            break
        row = row - back
        following = np.where(back, here, following)  # the row left is the one after
        here = flat.take(row * n + columns)
    search.row, search.here, search.following, search.at = row, here, following, index
    step = following - here
    # np.where costs about 15 multiplications here (17 us on 5,000 samples); each is
    # skipped when every sample takes the same branch, as they mostly do (same values).
    rising = step > 0.0
    if rising.all():
        crossed = row + (target - here) / step
    else:
        crossed = np.where(rising, row + (target - here) / np.where(rising, step, 1.0),
                           row + 1.0)
    lead = index - crossed
    at_end = row == index
    if at_end.any():
        lead = np.where(at_end, 0.0, lead)
    before = here > target
    if before.any():
        lead = np.where(before, index + (history[0] - target) / slope, lead)
    return np.maximum(lead, 0.0)
