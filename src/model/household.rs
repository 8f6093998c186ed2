//! The household agent: compact plain-data state and the closed-form rules by which it
//! changes between events (MODEL.md section 6, "events, not weekly polling").
//!
//! Between events nothing random happens to a household, so its state at any later
//! week follows from a formula: untreated severities approach 1 exponentially, debt
//! grows by interest and arrears and shrinks by repayment, trust relaxes toward the
//! population mean. [`Household::advance`] applies those formulas for any number of
//! weeks at once, which is what lets households sleep until their next event.

use super::rates::{Decay, Rates};
use super::{Composition, Domain, Episode, FinTrack, IncomeSource, TeamTrack, Week, NEVER, NONE};

/// Flag: the team considers the finance/income question handed off (referred).
pub const F_FIN_HANDLED: u8 = 1;
/// Flag: a financial problem (debt or income) was present in this care episode.
pub const F_FIN_PRESENT: u8 = 2;
/// Flag: a debt problem (the finance domain) was present in this care episode.
pub const F_DEBT_PRESENT: u8 = 32;
/// Flag: has been in team care before (a new intake is a re-intake).
pub const F_EVER_IN_CARE: u8 = 4;
/// Flag: the debt problem (finance domain) was detected during this care episode.
pub const F_FIN_DETECTED: u8 = 16;
/// Flag: a social-legal advisor took this care episode's case.
pub const F_LEGAL_DONE: u8 = 64;
/// Flag: the flexible budget was spent on this care episode.
pub const F_FLEX_USED: u8 = 128;
/// Flag: waiting as a crisis.
pub const F_CRISIS: u8 = 8;

/// One household. Plain data, `Copy`, no heap: the warm-up state of a whole
/// municipality is copied per linkage model with one `memcpy`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Household {
    /// Severity of income, health, youth, housing (0 = no problem).
    pub sev: [f32; 4],
    /// Debt in euro.
    pub debt: f32,
    /// What is left of the Exp(1) threshold of the next life event.
    pub threshold: f32,
    /// Total weekly hazard of life events, held since `hazard_week`.
    pub hazard: f32,
    /// Latent vulnerability (mean 1), scales onset hazards.
    pub vuln: f32,
    /// Trust in the district team, 0..1.
    pub trust: f32,
    /// W&I hours still needed to finish stabilisation.
    pub fin_work: f32,
    /// Week each domain's current problem began (finance: the debt).
    pub since: [Week; 5],
    /// Week the state was last advanced to.
    pub last: Week,
    /// Week `hazard` was set.
    pub hazard_week: Week,
    /// Number of life events so far: indexes the counter-based draws.
    pub events: u16,
    /// District team index.
    pub team: u16,
    /// Generalist in charge while in care.
    pub worker: u16,
    /// W&I pool of the financial-help track.
    pub fin_pool: u16,
    /// W&I worker while stabilising.
    pub fin_worker: u16,
    /// Timer of the financial-help track (referral arrival, arrangement end).
    pub fin_timer: Week,
    /// Week the household was referred to financial help.
    pub fin_since: Week,
    /// End week of the heavier-care episode.
    pub episode_end: Week,
    /// Week the household joined the team waiting list.
    pub queue_since: Week,
    /// Composition.
    pub comp: Composition,
    /// Main income source.
    pub income: IncomeSource,
    /// Team track.
    pub team_track: TeamTrack,
    /// Financial-help track.
    pub fin_track: FinTrack,
    /// Heavier-care episode.
    pub episode: Episode,
    /// Domains the team has detected (bit per [`Domain`]).
    pub detected: u8,
    /// Primary question (a [`Domain`] index) of the current request for help.
    pub primary: u8,
    /// `F_*` flags.
    pub flags: u8,
}

impl Household {
    /// A household with no problems, at week `week`.
    pub fn new(
        team: u16,
        comp: Composition,
        income: IncomeSource,
        vuln: f32,
        trust: f32,
        week: Week,
    ) -> Self {
        Household {
            sev: [0.0; 4],
            debt: 0.0,
            threshold: 0.0,
            hazard: 0.0,
            vuln,
            trust,
            fin_work: 0.0,
            since: [week; 5],
            last: week,
            hazard_week: week,
            events: 0,
            team,
            worker: NONE,
            fin_pool: NONE,
            fin_worker: NONE,
            fin_timer: NEVER,
            fin_since: week,
            episode_end: NEVER,
            queue_since: week,
            comp,
            income,
            team_track: TeamTrack::None,
            fin_track: FinTrack::None,
            episode: Episode::None,
            detected: 0,
            primary: 0,
            flags: 0,
        }
    }

    /// Severity of a domain, finance included.
    #[inline]
    pub fn severity(&self, d: Domain, r: &Rates, week: Week) -> f64 {
        match d {
            Domain::Finance => self.finance_severity(r, week),
            _ => self.sev[d.sev_index()] as f64,
        }
    }

    /// Whether the domain has an open problem.
    #[inline]
    pub fn has(&self, d: Domain, r: &Rates, week: Week) -> bool {
        self.severity(d, r, week) >= r.p.problems.resolved_below.max(1e-9)
    }

    /// Whether debt has gone to collection (old enough and large enough).
    #[inline]
    pub fn in_collection(&self, r: &Rates, week: Week) -> bool {
        self.debt as f64 >= r.p.debt.collection_min_eur
            && self.debt > 0.0
            && (week.saturating_sub(self.since[0]) as f64) >= r.p.debt.collection_weeks
    }

    /// Finance severity: `1 - 2^(-Y / problematic_years)` where Y is the years needed to
    /// repay the debt from income, so severity 0.5 is exactly the problematic-debt line
    /// (MODEL.md section 2); debt in collection is at least 0.5.
    #[inline]
    pub fn finance_severity(&self, r: &Rates, week: Week) -> f64 {
        if self.debt <= 0.0 {
            return 0.0;
        }
        let s = finance_severity(
            self.debt as f64,
            r.repay_per_year(self.income),
            r.p.debt.problematic_years,
        );
        if s < 0.5 && self.in_collection(r, week) {
            0.5
        } else {
            s
        }
    }

    /// Problematic debt (MODEL.md section 2), whether or not in an arrangement.
    #[inline]
    pub fn problematic(&self, r: &Rates, week: Week) -> bool {
        self.finance_severity(r, week) >= 0.5
    }

    /// The largest severity over all domains.
    pub fn max_severity(&self, r: &Rates, week: Week) -> f64 {
        self.sev
            .iter()
            .fold(self.finance_severity(r, week), |m, &s| m.max(s as f64))
    }

    /// Whether any domain has an open problem.
    pub fn any_problem(&self, r: &Rates, week: Week) -> bool {
        Domain::ALL.iter().any(|&d| self.has(d, r, week))
    }

    /// Whether the household is being treated by the team in domain `d` this week.
    #[inline]
    fn treated(&self, d: Domain) -> bool {
        self.team_track == TeamTrack::InCare && self.detected & d.bit() != 0
    }

    /// Bring the state forward to `week` by the closed-form rules.
    ///
    /// Treated domains do not drift (treatment is applied weekly by the team step);
    /// while financial help has stabilised debts they only shrink by repayment.
    pub fn advance(&mut self, r: &Rates, week: Week) {
        if week <= self.last {
            return;
        }
        let f = r.decay(week - self.last);
        let s_income0 = self.sev[0] as f64;
        for (i, d) in [
            Domain::Income,
            Domain::Health,
            Domain::Youth,
            Domain::Housing,
        ]
        .into_iter()
        .enumerate()
        {
            let s = self.sev[i] as f64;
            if s > 0.0 && !self.treated(d) {
                self.sev[i] = (1.0 - (1.0 - s) * f.worsen[i]) as f32;
            }
        }
        if let Some(d) = self.debt_after(r, s_income0, week - self.last, &f) {
            let was_debt_free = self.debt <= 0.0;
            self.debt = d as f32;
            if was_debt_free && self.debt > 0.0 {
                self.since[0] = week;
            }
        }
        let tm = r.p.population.trust_mean;
        if (self.trust as f64 - tm).abs() > 1e-6 {
            self.trust = (tm + (self.trust as f64 - tm) * f.trust) as f32;
        }
        self.last = week;
    }
}

impl Household {
    /// Debt `dt` weeks after `last`, or `None` when it does not change (no debt and no
    /// income problem). While financial help has stabilised it, the debt only shrinks
    /// by repayment. `s_income0` is the income severity
    /// at `last`.
    #[inline]
    fn debt_after(&self, r: &Rates, s_income0: f64, weeks: Week, f: &Decay) -> Option<f64> {
        if self.debt <= 0.0 && (s_income0 <= 0.0 || self.fin_track.stabilised()) {
            return None;
        }
        let dt = weeks as f64;
        let repay = r.repay_week[self.income as usize];
        if self.fin_track.stabilised() {
            // Stabilised by debt help: creditors hold still (no interest or collection
            // costs, no new arrears), while the household keeps paying what it can.
            return Some((self.debt as f64 - repay * dt).max(0.0));
        }
        let (w, a, ewt) = if s_income0 > 0.0 {
            if self.treated(Domain::Income) {
                (0.0, r.arrears, 1.0)
            } else {
                (r.worsen[0], r.arrears, f.worsen[0])
            }
        } else {
            (0.0, 0.0, 1.0)
        };
        let d = debt_after_with(
            self.debt as f64,
            r.debt_growth,
            a,
            s_income0,
            w,
            repay,
            dt,
            f.growth,
            ewt,
        );
        Some(d.clamp(0.0, r.p.debt.max_eur))
    }

    /// Whether the household's debt is problematic at `week` (a later week than its last
    /// update), computed without changing it: only the debt is brought forward.
    pub fn problematic_at(&self, r: &Rates, week: Week) -> bool {
        let mut x = *self;
        if week > self.last {
            let dt = week - self.last;
            if let Some(d) = self.debt_after(r, self.sev[0] as f64, dt, &r.decay(dt)) {
                if x.debt <= 0.0 && d > 0.0 {
                    x.since[0] = week;
                }
                x.debt = d as f32;
            }
        }
        x.problematic(r, week)
    }
}

/// Finance severity from debt and yearly repayment capacity (see
/// [`Household::finance_severity`]).
#[inline]
pub fn finance_severity(debt: f64, repay_per_year: f64, problematic_years: f64) -> f64 {
    if debt <= 0.0 {
        return 0.0;
    }
    if repay_per_year <= 0.0 {
        return 1.0;
    }
    let years = debt / repay_per_year;
    1.0 - (-std::f64::consts::LN_2 * years / problematic_years).exp()
}

/// Untreated severity after `dt` weeks: approaches 1 at rate `w` per week.
#[inline]
pub fn drift(s0: f64, w: f64, dt: f64) -> f64 {
    1.0 - (1.0 - s0) * (-w * dt).exp()
}

/// Debt after `t` weeks of `D' = k D + a s(t) - r`, where the income severity
/// `s(t) = 1 - (1 - s0) e^{-w t}` drives new arrears at `a` euro per week at severity 1,
/// `k` is the growth rate of unaddressed debt and `r` the weekly repayment.
/// The result can be negative (debt repaid); the caller floors it at zero.
pub fn debt_after(d0: f64, k: f64, a: f64, s0: f64, w: f64, r: f64, t: f64) -> f64 {
    debt_after_with(d0, k, a, s0, w, r, t, (k * t).exp(), (-w * t).exp())
}

/// [`debt_after`] given `ekt = exp(k t)` and `ewt = exp(-w t)` (from the decay table).
#[allow(clippy::too_many_arguments)] // the ODE's parameters, named as in the formula
#[inline]
pub fn debt_after_with(
    d0: f64,
    k: f64,
    a: f64,
    s0: f64,
    w: f64,
    r: f64,
    t: f64,
    ekt: f64,
    ewt: f64,
) -> f64 {
    // (e^{kt} - 1) / k, continuous at k = 0.
    let grow = if k.abs() < 1e-12 { t } else { (ekt - 1.0) / k };
    let arrears = if a == 0.0 {
        0.0
    } else if (k + w).abs() < 1e-12 {
        a * (grow - (1.0 - s0) * t * ekt)
    } else {
        a * (grow - (1.0 - s0) * (ekt - ewt) / (k + w))
    };
    ekt * d0 + arrears - r * grow
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Weekly Euler steps of the same ODE, for checking the closed form.
    fn euler(d0: f64, k: f64, a: f64, s0: f64, w: f64, r: f64, t: f64) -> f64 {
        let n = 100_000;
        let h = t / n as f64;
        let (mut d, mut s) = (d0, s0);
        for _ in 0..n {
            d += h * (k * d + a * s - r);
            s += h * w * (1.0 - s);
        }
        d
    }

    #[test]
    fn debt_closed_form_matches_ode() {
        for &(d0, k, a, s0, w, r, t) in &[
            (1000.0, 0.002, 30.0, 0.4, 0.006, 10.0, 52.0),
            (40000.0, 0.0022, 0.0, 0.0, 0.0, 9.2, 260.0),
            (0.0, 0.0, 27.0, 0.2, 0.01, 0.0, 30.0),
            (500.0, 0.002, 20.0, 0.3, 0.0, 5.0, 100.0),
        ] {
            let exact = debt_after(d0, k, a, s0, w, r, t);
            let num = euler(d0, k, a, s0, w, r, t);
            assert!(
                (exact - num).abs() < 1e-3 * (1.0 + num.abs()),
                "{exact} vs {num}"
            );
        }
    }

    #[test]
    fn drift_composes() {
        // Advancing in two steps equals advancing in one: what makes sleeping exact.
        let a = drift(drift(0.3, 0.01, 10.0), 0.01, 15.0);
        let b = drift(0.3, 0.01, 25.0);
        assert!((a - b).abs() < 1e-12);
        assert!(drift(0.5, 0.01, 1e6) <= 1.0);
    }

    #[test]
    fn problematic_line_is_half_severity() {
        // Debt that takes exactly `problematic_years` to repay has severity 0.5.
        let s = finance_severity(3.0 * 1200.0, 1200.0, 3.0);
        assert!((s - 0.5).abs() < 1e-12);
        assert!(finance_severity(100.0, 1200.0, 3.0) < 0.1);
        assert_eq!(finance_severity(0.0, 1200.0, 3.0), 0.0);
    }

    #[test]
    fn household_is_compact() {
        // Issue 6 pushes this to 64 bytes; keep it from growing meanwhile.
        assert!(
            std::mem::size_of::<Household>() <= 80,
            "{}",
            std::mem::size_of::<Household>()
        );
    }
}
