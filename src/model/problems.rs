//! Problem dynamics, help-seeking and the event clock (MODEL.md section 3, steps 2
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

/// Weeks until the accumulated hazard reaches the threshold (at least one).
#[inline]
pub fn weeks_to_event(threshold: f64, hazard: f64) -> f64 {
    if hazard <= 0.0 {
        f64::INFINITY
    } else {
        (threshold / hazard).ceil().max(1.0)
    }
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

impl Municipality {
    /// The weekly hazards of every life event for household `h` in its current state.
    pub fn hazards(&self, h: usize) -> [f64; event::N] {
        let week = self.week;
        let r = &self.r;
        let p = &r.p;
        let hh = &self.hh[h];
        let mut hz = [0.0; event::N];
        if let Some((arrival, _)) = r.mmc {
            // Verification: Poisson arrivals from a large population, nothing else.
            if matches!(hh.team_track, TeamTrack::None | TeamTrack::Closed) {
                hz[event::HELP_SEEKING] = arrival;
            }
            return hz;
        }
        let s_fin = hh.finance_severity(r, week);
        let s = |d: Domain| hh.sev[d.sev_index()] as f64;
        let v = hh.vuln as f64;
        let frozen = hh.fin_track.stabilised();

        // Onsets, coupled: financial stress raises health, youth and housing problems;
        // income problems raise new debts (MODEL.md section 3, step 2).
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
            if s(d) > 0.0 || (d == Domain::Youth && !hh.comp.has_children()) {
                continue;
            }
            hz[event::ONSET + d as usize] =
                r.onset[d as usize] * v * (1.0 + coupling[d.sev_index()] * s_fin);
        }
        // Spontaneous recovery.
        if hh.debt > 0.0 && !hh.fin_track.active() {
            hz[event::RECOVER] = r.recover[0];
        }
        for d in [
            Domain::Income,
            Domain::Health,
            Domain::Youth,
            Domain::Housing,
        ] {
            if s(d) > 0.0 {
                hz[event::RECOVER + d as usize] = r.recover[d as usize];
            }
        }
        // Escalation: rises with severity and with time unresolved (step 10).
        if hh.episode == Episode::None {
            let esc = |d: Domain, rate: f64| {
                let x = s(d);
                if x <= 0.0 {
                    return 0.0;
                }
                let weeks = week.saturating_sub(hh.since[d as usize]) as f64;
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
                // debt help changes benefit payments through more than sanctions.
                hz[event::REEMPLOYMENT] = r.reemployment
                    * (1.0 - p.income.debt_reemployment_penalty * s_fin)
                    * (1.0 - p.income.health_reemployment_penalty * s(Domain::Health));
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
            let m = hh.max_severity(r, week);
            if m >= p.problems.resolved_below {
                let power = p.help_seeking.severity_power;
                let rise = if power == 2.0 { m * m } else { m.powf(power) };
                hz[event::HELP_SEEKING] = r.help_seeking * rise * hh.trust as f64;
            }
        }
        hz[event::FIN_DROPOUT] = self.fin_dropout_hazard(h);
        hz
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

        let (hazard, threshold) = (self.hh[h].hazard as f64, self.hh[h].threshold as f64);
        let elapsed = week.saturating_sub(self.hh[h].hazard_week) as f64;
        if elapsed >= weeks_to_event(threshold, hazard) {
            let k = self.hh[h].events as u64;
            let u = self.key.uniform(h as u64, Purpose::EventKind, k);
            if let Some(e) = pick(&self.hazards(h), u) {
                self.fire(h, e);
            }
            let hh = &mut self.hh[h];
            hh.events = hh.events.wrapping_add(1);
            hh.threshold = self
                .key
                .exp1(h as u64, Purpose::EventThreshold, hh.events as u64)
                as f32;
        } else {
            self.hh[h].threshold = (threshold - hazard * elapsed) as f32;
        }
        self.reschedule(h);
    }

    /// Re-evaluate the hazards of `h` from now and set its next wake-up.
    pub fn reschedule(&mut self, h: usize) {
        let week = self.week;
        let total: f64 = self.hazards(h).iter().sum();
        let refresh = self.r.p.engine.refresh_weeks as Week;
        let hh = &mut self.hh[h];
        hh.hazard = total as f32;
        hh.hazard_week = week;
        let mut next = match weeks_to_event(hh.threshold as f64, hh.hazard as f64) {
            x if x < (NEVER - week) as f64 => week + x as Week,
            _ => NEVER,
        };
        if hh.team_track == TeamTrack::InCare {
            next = next.min(week + 1);
        } else if hh.debt > 0.0 || hh.sev.iter().any(|&s| s > 0.0) || hh.fin_track.active() {
            next = next.min(week.saturating_add(refresh));
        }
        if matches!(hh.fin_track, FinTrack::Referred | FinTrack::Arrangement) {
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
                    hh.since[0] = week;
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
                hh.since[0] = week;
                hh.detected &= !Domain::Finance.bit();
            }
            x if x < event::ESCALATE => {
                let d = Domain::ALL[x - event::RECOVER];
                self.hh[h].sev[d.sev_index()] = 0.0;
                self.hh[h].detected &= !d.bit();
            }
            x if x < event::JOB_LOSS => self.escalate(h, x - event::ESCALATE),
            event::JOB_LOSS => {
                self.set_income(h, IncomeSource::Benefit);
                let shock = self.r.p.income.shock_severity;
                let cur = self.hh[h].sev[Domain::Income.sev_index()] as f64;
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
        if hh.sev[i] <= 0.0 {
            hh.since[d as usize] = week;
        }
        hh.sev[i] = sev.clamp(0.0, 1.0) as f32;
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
