//! Problem dynamics, help-seeking and the event clock (docs/ODD.md section 7
//! and 4, and section 6).
//!
//! Each household carries one Exp(1) threshold per life event. Its competing hazards
//! (problem onsets, recoveries, escalations, income changes, rule breaking,
//! help-seeking, drop-out) are summed and held for a while; the event fires in the
//! week the accumulated hazard reaches the threshold, and which event it is follows
//! from the hazards at that moment. The *k*-th threshold of household *h* is the same
//! draw under every linkage model (counter-based, see [`crate::rng`]), so households
//! meet the same life events until the models' help changes their hazards.
//! A household with nothing open sleeps until its next event; one with open problems
//! is looked at again at least every `engine.refresh_weeks` (hazards follow severity).

use super::household::Household;
use super::municipality::Municipality;
use super::rates::Rates;
use super::{Composition, Domain, Episode, FinTrack, IncomeSource, TeamTrack, Week, NEVER};
use crate::rng::Purpose;
use rand_distr::{Distribution, LogNormal};

/// Life events, as indices into the hazard array.
pub mod event {
    /// Onset of a problem, by domain (0..5).
    pub const ONSET: usize = 0;
    /// Spontaneous recovery, by domain (5..10).
    pub const RECOVER: usize = 5;
    /// Escalation to GGZ, youth care, eviction (10..13).
    pub const ESCALATE: usize = 10;
    /// Job loss: work -> benefit.
    pub const JOB_LOSS: usize = 13;
    /// Benefit -> work.
    pub const REEMPLOYMENT: usize = 14;
    /// Work -> sickness benefit.
    pub const SICKNESS: usize = 15;
    /// Sickness benefit -> work.
    pub const SICKNESS_RECOVERY: usize = 16;
    /// A benefit rule broken.
    pub const RULE_BREAK: usize = 17;
    /// Asking the team for help.
    pub const HELP_SEEKING: usize = 18;
    /// Dropping out of financial help.
    pub const FIN_DROPOUT: usize = 19;
    /// Number of event kinds.
    pub const N: usize = 20;
}

/// The smallest `f32` not below `x` (for `x >= 0`): `x as f32` rounds to nearest.
#[inline]
fn f32_at_least(x: f64) -> f32 {
    let y = x as f32;
    if (y as f64) < x && y.is_finite() {
        f32::from_bits(y.to_bits() + 1)
    } else {
        y
    }
}

/// `x.ceil()` for `x >= 0`, without the libm call that `ceil` is on baseline x86-64
/// (no SSE4.1): it was 3% of the run time. Values too large for exact integer
/// conversion (and infinity) are returned unchanged, as `ceil` would.
#[inline]
fn ceil_positive(x: f64) -> f64 {
    if x < 4.5e15 {
        let t = x as u64 as f64;
        if t < x {
            t + 1.0
        } else {
            t
        }
    } else {
        x
    }
}

/// Weeks until the accumulated hazard reaches the threshold (at least one).
#[inline]
pub fn weeks_to_event(threshold: f64, hazard: f64) -> f64 {
    if hazard <= 0.0 {
        f64::INFINITY
    } else {
        ceil_positive(threshold / hazard).max(1.0)
    }
}

/// A candidate event of a household that held hazard `held`: with the hazards `hz` now
/// (total `h`) it is real with probability `(1 - e^-h) / (1 - e^-held)`, and then of
/// kind `i` with probability proportional to `hz[i]` (one uniform `u` decides both).
///
/// Why that acceptance and not `h / held`: time is in whole weeks and a household has
/// at most one event (or candidate) a week, the rest of that week's threshold being
/// dropped. A candidate falls in a given week with probability `1 - e^-held`; accepting
/// it with the ratio above makes the weekly chance of an event `1 - e^-h`, exactly that
/// of a household looked at every week (test `thinning_keeps_the_weekly_event_chance`).
/// Where the hazards rose above what was held (possible only for households in service,
/// which hold their last hazard rather than a bound, for at most a few weeks), the
/// event is real and chosen in proportion.
pub fn pick_thinned(hz: &[f64; event::N], held: f64, u: f64) -> Option<usize> {
    let total: f64 = hz.iter().sum();
    if total <= 0.0 {
        return None;
    }
    if total >= held {
        return pick(hz, u);
    }
    let accept = (-total).exp_m1() / (-held).exp_m1();
    if u >= accept {
        return None;
    }
    pick(hz, u / accept)
}

/// Pick an event kind with probability proportional to its hazard, given a uniform
/// `u` in [0, 1). Returns `None` when all hazards are zero.
pub fn pick(hazards: &[f64; event::N], u: f64) -> Option<usize> {
    let total: f64 = hazards.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let mut x = u * total;
    for (i, &hz) in hazards.iter().enumerate() {
        if x < hz {
            return Some(i);
        }
        x -= hz;
    }
    hazards.iter().rposition(|&hz| hz > 0.0)
}

/// What the hazards of a household are computed from: its state at one week, or, for
/// an upper bound over a window, the most hazardous value each input takes in it.
#[derive(Debug, Clone, Copy)]
pub struct HazardInputs {
    /// Finance severity (or its maximum over the window).
    pub s_fin: f64,
    /// Severity of income, health, youth, housing (or their maxima).
    pub s: [f64; 4],
    /// Finance severity where a lower value raises a hazard (re-employment).
    pub s_fin_low: f64,
    /// Health severity where a lower value raises a hazard (re-employment).
    pub s_health_low: f64,
    /// Trust in the team (or its maximum).
    pub trust: f64,
    /// Whether the household has debt (at some week of the window).
    pub debt: bool,
    /// The week whose time-since-onset counts (the window's last week for a bound).
    pub week: Week,
}

impl HazardInputs {
    /// The inputs at the household's current state (it must be advanced to `week`).
    pub fn now(hh: &Household, r: &Rates, week: Week) -> Self {
        Self::now_with(hh, week, hh.finance_severity(r, week))
    }

    /// [`HazardInputs::now`] with the finance severity already known (it costs an `exp`).
    pub fn now_with(hh: &Household, week: Week, s_fin: f64) -> Self {
        let s = hh.sevs();
        HazardInputs {
            s_fin,
            s,
            s_fin_low: s_fin,
            s_health_low: s[Domain::Health.sev_index()],
            trust: hh.trust(),
            debt: hh.debt > 0.0,
            week,
        }
    }

    /// Upper bounds of the inputs over weeks `now ..= end` for a household that is in no
    /// service, given its state `x0` at `now` and `x1`, the same state advanced to `end`
    /// by the closed forms (nothing else can change it before its next event: see
    /// [`Municipality::reschedule`]).
    ///
    /// Why the ends suffice: untreated severities only rise toward 1 and trust relaxes
    /// monotonically, so both are extreme at an end (their stored values are rounded
    /// to the nearest fixed-point step, which keeps that order). Debt follows `D' = kD + a s(t) - r`
    /// with `k >= 0` and `s` non-decreasing; once `D'` is non-negative it stays so, so
    /// `D` falls and then rises and is largest at an end; finance severity rises with
    /// debt. Debt in collection counts as severity 0.5 at least; it can be in collection
    /// inside the window only if the larger end debt reaches the minimum and the debt is
    /// old enough at the end. Times since onset are longest at the end.
    pub fn bound(x0: &Household, x1: &Household, r: &Rates, end: Week) -> Self {
        let d_max = x0.debt.max(x1.debt) as f64;
        let mut s_fin = super::household::finance_severity(
            d_max,
            r.repay_per_year(x0.income),
            r.p.debt.problematic_years,
        );
        let since = if x0.debt > 0.0 {
            x0.onset(Domain::Finance)
        } else {
            end
        };
        if d_max >= r.p.debt.collection_min_eur
            && d_max > 0.0
            && (end.saturating_sub(since) as f64) >= r.p.debt.collection_weeks
        {
            s_fin = s_fin.max(0.5);
        }
        HazardInputs {
            s_fin,
            s: x1.sevs(),
            // Debt may fall to zero inside the window: bound re-employment as if it did.
            s_fin_low: 0.0,
            s_health_low: x0.sev(Domain::Health.sev_index()),
            trust: x0.trust().max(x1.trust()),
            debt: x0.debt > 0.0 || x1.debt > 0.0,
            week: end,
        }
    }
}

impl Municipality {
    /// The weekly hazards of every life event for household `h` in its current state.
    #[inline]
    pub fn hazards(&self, h: usize) -> [f64; event::N] {
        let hh = &self.hh[h];
        self.hazards_from(hh, &HazardInputs::now(hh, &self.r, self.week))
    }

    /// The weekly hazards of household `hh` given the inputs `x` (its current state or
    /// bounds over a window). Every hazard is non-decreasing in the inputs as
    /// [`HazardInputs`] orders them, which is what makes bounds of the inputs bound the
    /// hazards.
    #[inline(always)] // inlined, the array is often summed without being stored
    pub fn hazards_from(&self, hh: &Household, x: &HazardInputs) -> [f64; event::N] {
        let week = x.week;
        let r = &self.r;
        let p = &r.p;
        let mut hz = [0.0; event::N];
        if let Some((arrival, _)) = r.mmc {
            // Verification: Poisson arrivals from a large population, nothing else.
            if matches!(hh.team_track, TeamTrack::None | TeamTrack::Closed) {
                hz[event::HELP_SEEKING] = arrival;
            }
            return hz;
        }
        let s_fin = x.s_fin;
        let s = |d: Domain| x.s[d.sev_index()];
        // Whether a domain has a problem at all does not change between events.
        let open = |d: Domain| hh.sev[d.sev_index()] > 0;
        let v = hh.vuln();
        let frozen = hh.debt_frozen(week);

        // Onsets, coupled: financial stress raises health, youth and housing problems;
        // income problems raise new debts (docs/ODD.md section 7).
        if !frozen {
            hz[event::ONSET] =
                r.onset[0] * v * (1.0 + p.coupling.income_to_finance * s(Domain::Income));
        }
        let coupling = [
            0.0,
            p.coupling.finance_to_health,
            p.coupling.finance_to_youth,
            p.coupling.finance_to_housing,
        ];
        for d in [
            Domain::Income,
            Domain::Health,
            Domain::Youth,
            Domain::Housing,
        ] {
            if open(d) || (d == Domain::Youth && !hh.comp().has_children()) {
                continue;
            }
            hz[event::ONSET + d as usize] =
                r.onset[d as usize] * v * (1.0 + coupling[d.sev_index()] * s_fin);
        }
        // Spontaneous recovery (family, a windfall): also while queueing for help, which
        // changes nothing about the debt; not while W&I or an arrangement is working on
        // it.
        if x.debt && !matches!(hh.fin_track, FinTrack::Stabilising | FinTrack::Arrangement) {
            hz[event::RECOVER] = r.recover[0];
        }
        for d in [
            Domain::Income,
            Domain::Health,
            Domain::Youth,
            Domain::Housing,
        ] {
            if open(d) {
                hz[event::RECOVER + d as usize] = r.recover[d as usize];
            }
        }
        // Escalation: rises with severity and with time unresolved (step 10).
        if hh.episode == Episode::None {
            let esc = |d: Domain, rate: f64| {
                if !open(d) {
                    return 0.0;
                }
                let x = s(d);
                let weeks = week.saturating_sub(hh.onset(d)) as f64;
                rate * x * x * (1.0 + r.time_factor_per_week * weeks)
            };
            hz[event::ESCALATE] = esc(Domain::Health, r.escalate[0]);
            hz[event::ESCALATE + 1] = esc(Domain::Youth, r.escalate[1]);
            if s_fin >= p.escalation.eviction.min_finance {
                hz[event::ESCALATE + 2] = esc(Domain::Housing, r.escalate[2]);
            }
        }
        // Income source.
        match hh.income {
            IncomeSource::Work => {
                hz[event::JOB_LOSS] = r.job_loss;
                hz[event::SICKNESS] = r.sickness;
            }
            IncomeSource::Benefit => {
                // Unresolved debt and poor mental health keep people on benefit, so
                // debt help changes benefit payments through more than sanctions. Frozen
                // debts (a breathing space, Wgs art. 5, or a running arrangement) no
                // longer stand in the way of work (collection and garnishment stop, what
                // is repaid is fixed: the Dutch debt-help evaluations, Koning ESB 2014),
                // so only `income.arrangement_barrier_share` of the barrier is left;
                // settled debts leave none (severity 0).
                let barrier = if frozen {
                    p.income.arrangement_barrier_share
                } else {
                    1.0
                };
                hz[event::REEMPLOYMENT] = r.reemployment
                    * (1.0 - p.income.debt_reemployment_penalty * barrier * x.s_fin_low)
                    * (1.0 - p.income.health_reemployment_penalty * x.s_health_low);
                hz[event::RULE_BREAK] =
                    r.rule_break * (1.0 + p.enforcement.health_factor * s(Domain::Health));
            }
            IncomeSource::Sickness => hz[event::SICKNESS_RECOVERY] = r.sickness_recovery,
            IncomeSource::Pension => {}
        }
        // Help-seeking: rises with the most severe problem and with trust (step 4).
        if matches!(hh.team_track, TeamTrack::None | TeamTrack::Closed)
            && hh.episode == Episode::None
        {
            let m = x.s.iter().fold(s_fin, |m, &v| m.max(v));
            if m >= p.problems.resolved_below {
                let power = p.help_seeking.severity_power;
                let rise = if power == 2.0 { m * m } else { m.powf(power) };
                hz[event::HELP_SEEKING] = r.help_seeking * rise * x.trust;
            }
        }
        hz[event::FIN_DROPOUT] = self.fin_dropout_hazard(hh);
        hz
    }

    /// An upper bound of the total hazard over weeks `now ..= end` of household `x0`
    /// (its state at `now`), for a household in no service (see [`HazardInputs::bound`]).
    pub fn hazard_bound(&self, x0: &Household, end: Week) -> f64 {
        let mut x1 = *x0;
        x1.advance(&self.r, end);
        let b = HazardInputs::bound(x0, &x1, &self.r, end);
        self.hazards_from(x0, &b).iter().sum()
    }

    /// Look at household `h` this week: run due timers, fire its life event if the
    /// threshold is reached, and decide when to look again.
    pub fn visit(&mut self, h: usize) {
        let week = self.week;
        self.hh[h].advance(&self.r, week);
        let hh = self.hh[h];
        if hh.fin_track == FinTrack::Referred && hh.fin_timer <= week {
            self.referral_arrives(h);
        } else if hh.fin_track == FinTrack::Arrangement && hh.fin_timer <= week {
            self.arrangement_completed(h);
        }
        if hh.episode != Episode::None && hh.episode_end <= week {
            self.end_episode(h);
        }

        let (held, threshold) = (self.hh[h].hazard as f64, self.hh[h].threshold as f64);
        let elapsed = week.saturating_sub(self.hh[h].hazard_week) as f64;
        if elapsed >= weeks_to_event(threshold, held) {
            // A candidate event (thinning): whether it is real, and which event it is,
            // follows from the hazards now (`pick_thinned`).
            let k = self.hh[h].events as u64;
            let u = self.key.uniform(h as u64, Purpose::EventKind, k);
            if let Some(e) = pick_thinned(&self.hazards(h), held, u) {
                self.fire(h, e);
            }
            let hh = &mut self.hh[h];
            hh.events = hh.events.wrapping_add(1);
            hh.threshold = self
                .key
                .exp1(h as u64, Purpose::EventThreshold, hh.events as u64)
                as f32;
            self.reschedule(h);
        } else {
            self.refresh(h, None);
        }
    }

    /// Bring the event clock of household `h` up to this week without an event and
    /// re-evaluate its hazard from its state now. No candidate event can have come due
    /// meanwhile: it would have woken the household. The support step calls this for
    /// every household still in care after its week of care, so its hazards follow the
    /// care it gets, week by week, without a separate visit.
    /// `fin_sev` is the household's finance severity now, when the caller knows it.
    pub fn refresh(&mut self, h: usize, fin_sev: Option<f64>) {
        let hh = &mut self.hh[h];
        let elapsed = self.week.saturating_sub(hh.hazard_week) as f64;
        hh.threshold = (hh.threshold as f64 - hh.hazard as f64 * elapsed) as f32;
        self.reschedule_with(h, fin_sev);
    }

    /// Decide how long household `h` may sleep, and the hazard held meanwhile.
    ///
    /// A household in no service (not waiting for or in team care, not in financial
    /// help, not in an episode) changes only by the closed forms until its next event,
    /// so it holds an exact upper bound of its hazard over the next
    /// `engine.bound_weeks` and sleeps until a candidate event or the window's end
    /// (thinning, Lewis & Shedler 1979): no approximation, and far fewer looks than
    /// re-evaluating every few weeks. A household in service is changed by the teams
    /// and W&I as well, so it holds its current hazard and is looked at every week in
    /// care and every `engine.refresh_weeks` otherwise (and the week after any change
    /// made to it: see `touch`).
    pub fn reschedule(&mut self, h: usize) {
        self.reschedule_with(h, None);
    }

    /// [`Self::reschedule`], with the finance severity now when it is known.
    fn reschedule_with(&mut self, h: usize, fin_sev: Option<f64>) {
        let week = self.week;
        let hh = self.hh[h];
        let mut horizon = NEVER;
        let held = if hh.in_service() {
            horizon = if hh.team_track == TeamTrack::InCare {
                // Refreshed by the support step every week (`refresh`): no visit needed
                // but for a candidate event or a timer.
                NEVER
            } else {
                week.saturating_add(self.r.p.engine.refresh_weeks as Week)
            };
            let x = &self.hh[h];
            let s_fin = fin_sev.unwrap_or_else(|| x.finance_severity(&self.r, week));
            self.hazards_from(x, &HazardInputs::now_with(x, week, s_fin))
                .iter()
                .sum()
        } else if hh.anything_open() {
            horizon = week.saturating_add(self.r.p.engine.bound_weeks as Week);
            self.hazard_bound(&self.hh[h], horizon)
        } else {
            // Nothing open: the hazards are constant until the next event.
            self.hazards(h).iter().sum()
        };
        let hh = &mut self.hh[h];
        // Stored in single precision, rounded up so that a bound stays a bound.
        hh.hazard = f32_at_least(held);
        hh.hazard_week = week;
        let mut next = match weeks_to_event(hh.threshold as f64, hh.hazard as f64) {
            x if x < (NEVER - week) as f64 => week + x as Week,
            _ => NEVER,
        };
        next = next.min(horizon);
        if matches!(hh.fin_track, FinTrack::Referred | FinTrack::Arrangement)
            || (hh.fin_track.has_breathing_space() && hh.fin_timer > week)
        {
            // A timer: arrival, the end of an arrangement, or the end of a breathing
            // space (from which the household's debts grow again).
            next = next.min(hh.fin_timer);
        }
        if hh.episode != Episode::None {
            next = next.min(hh.episode_end);
        }
        self.wake[h] = next;
    }

    fn fire(&mut self, h: usize, e: usize) {
        let week = self.week;
        let k = self.hh[h].events as u64;
        match e {
            event::ONSET => {
                let p = &self.r.p.debt;
                let mut s = self.key.stream(h as u64, Purpose::EventSize, k);
                let amount = LogNormal::new(p.shock_median_eur.ln(), p.shock_sd)
                    .map(|d| d.sample(&mut s))
                    .unwrap_or(p.shock_median_eur);
                let hh = &mut self.hh[h];
                if hh.debt <= 0.0 {
                    hh.set_onset(Domain::Finance, week);
                }
                hh.debt = (hh.debt as f64 + amount).min(p.max_eur) as f32;
                self.early_signal(h);
            }
            x if x < event::RECOVER => {
                let d = Domain::ALL[x - event::ONSET];
                let u = self.key.uniform(h as u64, Purpose::EventSize, k);
                let sev = (self.r.p.problems.onset_severity * (0.5 + u)).min(1.0);
                self.set_problem(h, d, sev);
            }
            event::RECOVER => {
                let hh = &mut self.hh[h];
                hh.debt = 0.0;
                hh.set_onset(Domain::Finance, week);
                hh.detected &= !Domain::Finance.bit();
                // A household whose debt cleared while it queued leaves the queue.
                self.leave_fin_queue(h);
            }
            x if x < event::ESCALATE => {
                let d = Domain::ALL[x - event::RECOVER];
                self.hh[h].sev[d.sev_index()] = 0;
                self.hh[h].detected &= !d.bit();
            }
            x if x < event::JOB_LOSS => self.escalate(h, x - event::ESCALATE),
            event::JOB_LOSS => {
                self.set_income(h, IncomeSource::Benefit);
                let shock = self.r.p.income.shock_severity;
                let cur = self.hh[h].sev(Domain::Income.sev_index());
                self.set_problem(h, Domain::Income, cur.max(shock));
            }
            event::REEMPLOYMENT | event::SICKNESS_RECOVERY => {
                self.set_income(h, IncomeSource::Work)
            }
            event::SICKNESS => self.set_income(h, IncomeSource::Sickness),
            event::RULE_BREAK => self.rule_break(h),
            event::HELP_SEEKING => self.seek_help(h),
            event::FIN_DROPOUT => self.fin_dropout(h),
            _ => unreachable!("event index out of range"),
        }
    }

    /// Give `h` a problem of severity `sev` in domain `d` (not finance).
    pub fn set_problem(&mut self, h: usize, d: Domain, sev: f64) {
        let week = self.week;
        let hh = &mut self.hh[h];
        let i = d.sev_index();
        if hh.sev[i] == 0 {
            hh.set_onset(d, week);
        }
        hh.set_sev(i, sev);
    }

    /// Change the household's income source, keeping the district's benefit count.
    pub fn set_income(&mut self, h: usize, to: IncomeSource) {
        let t = self.hh[h].team as usize;
        let from = self.hh[h].income;
        if from == IncomeSource::Benefit {
            self.teams[t].benefit_n -= 1;
        }
        if to == IncomeSource::Benefit {
            self.teams[t].benefit_n += 1;
        }
        self.hh[h].income = to;
    }

    /// The household asks for help. Its primary question is its most salient domain;
    /// finance weighs little (shame, seed 000), so it is seldom named even when present.
    fn seek_help(&mut self, h: usize) {
        let week = self.week;
        let hh: &Household = &self.hh[h];
        let salience = self.r.p.help_seeking.finance_salience;
        let mut w = [0.0f64; 5];
        for d in Domain::ALL {
            let s = hh.severity(d, &self.r, week);
            if s >= self.r.p.problems.resolved_below {
                w[d as usize] = if d == Domain::Finance {
                    s * salience
                } else {
                    s
                };
            }
        }
        let total: f64 = w.iter().sum();
        if self.r.mmc.is_some() {
            self.join_waiting_list(h, Domain::Health, false);
            return;
        }
        if total <= 0.0 {
            return;
        }
        let mut x = self
            .key
            .uniform(h as u64, Purpose::PrimaryQuestion, hh.events as u64)
            * total;
        let mut primary = Domain::Finance;
        for d in Domain::ALL {
            if x < w[d as usize] {
                primary = d;
                break;
            }
            x -= w[d as usize];
            primary = d;
        }
        let crisis = hh.max_severity(&self.r, week) >= self.r.p.help_seeking.crisis_severity;
        self.join_waiting_list(h, primary, crisis);
    }
}

/// Household composition from a uniform draw and the population shares.
pub fn composition(u: f64, shares: [f64; 5]) -> Composition {
    let kinds = [
        Composition::Single,
        Composition::SingleParent,
        Composition::Couple,
        Composition::CoupleChildren,
        Composition::Elderly,
    ];
    let mut acc = 0.0;
    for (k, s) in kinds.iter().zip(shares) {
        acc += s;
        if u < acc {
            return *k;
        }
    }
    Composition::Elderly
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_is_proportional() {
        let mut hz = [0.0; event::N];
        hz[2] = 1.0;
        hz[7] = 3.0;
        assert_eq!(pick(&hz, 0.0), Some(2));
        assert_eq!(pick(&hz, 0.24), Some(2));
        assert_eq!(pick(&hz, 0.26), Some(7));
        assert_eq!(pick(&hz, 0.999_999), Some(7));
        assert_eq!(pick(&[0.0; event::N], 0.5), None);
    }

    #[test]
    fn thinning_keeps_the_weekly_event_chance() {
        // A household with true hazard h holding a larger bound B: candidates every
        // ceil(E / B) weeks from the last one, accepted by `pick_thinned`. The weeks to
        // its first event must be geometric with weekly chance 1 - e^-h, as for a
        // household looked at every week.
        let key = crate::rng::RepKey::new(9, 0);
        for &(h, b) in &[(0.02, 0.06), (0.05, 0.2), (0.1, 0.1), (0.01, 0.5)] {
            let mut hz = [0.0; event::N];
            hz[3] = h * 0.25;
            hz[7] = h * 0.75;
            let n = 100_000u64;
            let mut total_weeks = 0.0;
            let mut k = 0u64;
            for i in 0..n {
                let mut weeks = 0.0;
                loop {
                    weeks += weeks_to_event(key.exp1(i, Purpose::EventThreshold, k), b);
                    let u = key.uniform(i, Purpose::EventKind, k);
                    k += 1;
                    if pick_thinned(&hz, b, u).is_some() {
                        break;
                    }
                }
                total_weeks += weeks;
            }
            let mean = total_weeks / n as f64;
            let expected = 1.0 / (1.0 - (-h).exp());
            assert!(
                (mean - expected).abs() / expected < 0.015,
                "h {h}, bound {b}: mean {mean} weeks, expected {expected}"
            );
        }
    }

    #[test]
    fn held_bound_is_rounded_up() {
        for x in [0.1f64, 1.0 / 3.0, 0.017_000_000_1, 2.5e-7] {
            assert!(f32_at_least(x) as f64 >= x);
            assert!((f32_at_least(x) as f64 - x) / x < 1e-6);
        }
    }

    #[test]
    fn ceil_positive_is_ceil() {
        for x in [
            0.0,
            0.2,
            1.0,
            1.000_000_1,
            2.5,
            3.0,
            1e10 + 0.5,
            1e17,
            f64::INFINITY,
        ] {
            assert_eq!(ceil_positive(x), x.ceil(), "{x}");
        }
    }

    #[test]
    fn event_time_follows_threshold() {
        assert_eq!(weeks_to_event(1.0, 0.1), 10.0);
        assert_eq!(weeks_to_event(0.01, 0.1), 1.0);
        assert!(weeks_to_event(1.0, 0.0).is_infinite());
    }

    #[test]
    fn waiting_time_is_geometric_in_mean() {
        // Mean of ceil(E / h) for E ~ Exp(1) is 1 / (1 - e^{-h}): the weekly Bernoulli
        // model with the same hazard. Checks that sleeping equals weekly polling.
        let key = crate::rng::RepKey::new(3, 0);
        let h = 0.05;
        let n = 100_000;
        let mean: f64 = (0..n)
            .map(|i| weeks_to_event(key.exp1(i, Purpose::EventThreshold, 0), h))
            .sum::<f64>()
            / n as f64;
        let expected = 1.0 / (1.0 - (-h).exp());
        assert!(
            (mean - expected).abs() / expected < 0.02,
            "{mean} vs {expected}"
        );
    }

    #[test]
    fn composition_follows_shares() {
        let shares = [0.3, 0.07, 0.22, 0.25, 0.16];
        assert_eq!(composition(0.0, shares), Composition::Single);
        assert_eq!(composition(0.31, shares), Composition::SingleParent);
        assert_eq!(composition(0.999, shares), Composition::Elderly);
    }
}
