//! The household agent: compact plain-data state and the closed-form rules by which it
//! changes between events (docs/ODD.md section 3.3, "events, not weekly polling").
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
///
/// Exactly 64 bytes (one cache line; checked by the test `household_is_compact`), with
/// the compiler's own field order (largest first, no padding):
///
/// | field | type | bytes |
/// | --- | --- | --- |
/// | `debt`, `threshold`, `hazard`, `fin_work` | 4 x f32 | 16 |
/// | `sev` | [u16; 4], fixed point | 8 |
/// | `since` | [Week; 4] | 8 |
/// | `trust` | u16, fixed point | 2 |
/// | `vuln` | u16, 16-bit float | 2 |
/// | `last`, `hazard_week`, `fin_timer`, `fin_since`, `episode_end`, `queue_since` | 6 x Week | 12 |
/// | `events`, `team`, `worker`, `fin_worker` | 4 x u16 | 8 |
/// | `comp_primary` | u8, two nibbles | 1 |
/// | `fin_pool` | u8 | 1 |
/// | `income`, `team_track`, `fin_track`, `episode` | 4 x u8 enum | 4 |
/// | `detected`, `flags` | 2 x u8 | 2 |
/// | total | | 64 |
///
/// Severities and trust are fractions in [0, 1] stored as `raw / 65535`, vulnerability as
/// a 16-bit float (11-bit mantissa): read and write them through
/// [`sev`](Self::sev), [`trust`](Self::trust), [`vuln`](Self::vuln) and their setters.
/// The quantisation (at most 1/131070 in a severity or trust, 2^-12 relative in
/// vulnerability) is far below anything the model resolves.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Household {
    /// Debt in euro.
    pub debt: f32,
    /// What is left of the Exp(1) threshold of the next life event.
    pub threshold: f32,
    /// Total weekly hazard of life events, held since `hazard_week`.
    pub hazard: f32,
    /// W&I hours still needed to finish stabilisation.
    pub fin_work: f32,
    /// Severity of income, health, youth, housing as fixed point: the severity is
    /// `raw / 65535`, and raw 0 means no problem (a positive severity is stored as at
    /// least 1, so `sev[i] > 0` tests whether the domain has a problem). Use
    /// [`sev`](Self::sev) and [`set_sev`](Self::set_sev) for the value.
    pub sev: [u16; 4],
    /// Week the current problem began, per [`Domain::since_index`]: finance (the debt),
    /// health, youth, housing. Income's onset week is never read, so it is not kept.
    pub since: [Week; 4],
    /// Trust in the district team, 0..1, as fixed point `raw / 65535`: use
    /// [`trust`](Self::trust) and [`set_trust`](Self::set_trust).
    trust: u16,
    /// Latent vulnerability (mean 1), scales onset hazards; a 16-bit float: use
    /// [`vuln`](Self::vuln) and [`set_vuln`](Self::set_vuln).
    vuln: u16,
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
    /// Composition (low nibble) and the primary question of the current request for
    /// help (a [`Domain`] index, high nibble): use [`comp`](Self::comp),
    /// [`primary`](Self::primary) and [`set_primary`](Self::set_primary).
    comp_primary: u8,
    /// W&I pool of the financial-help track, or [`NO_POOL`]. One byte, which is why a
    /// municipality has at most 254 teams (pools are the central one plus one per team).
    pub fin_pool: u8,
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
    /// `F_*` flags.
    pub flags: u8,
}

/// [`Household::fin_pool`] of a household that was never referred to a W&I pool.
pub const NO_POOL: u8 = u8::MAX;

/// Scale of the fixed-point fractions (severities, trust).
const UNIT: f64 = 65535.0;

/// Fixed point of a fraction, rounded to nearest (half up: adding 0.5 and truncating
/// is what `round` does for non-negative numbers, without its libm call, which cost 3%
/// of the run time).
#[inline]
fn to_unit(x: f64) -> u16 {
    (x.clamp(0.0, 1.0) * UNIT + 0.5) as u16
}

/// Bits of 2^-16 as an `f32`: the smallest vulnerability, raw 0.
const VULN_BIAS: u32 = (127 - 16) << 23;

/// A positive factor as a 16-bit float: the top 16 bits of its `f32` above 2^-16, that
/// is a 5-bit exponent (2^-16 ..< 2^16) and an 11-bit mantissa, rounded to nearest.
/// Vulnerability is log-normal with a wide allowed spread, so a float keeps the same
/// relative precision at both ends where a fixed point would have to clamp.
#[inline]
fn vuln_to_bits(v: f64) -> u16 {
    let b = (v as f32).to_bits();
    if v.is_nan() || v <= 0.0 || b < VULN_BIAS {
        return 0;
    }
    ((b - VULN_BIAS + 0x800) >> 12).min(u16::MAX as u32) as u16
}

/// Inverse of [`vuln_to_bits`].
#[inline]
fn vuln_from_bits(raw: u16) -> f64 {
    f32::from_bits(((raw as u32) << 12) + VULN_BIAS) as f64
}

impl Household {
    /// A household with no problems, at week `week`.
    pub fn new(
        team: u16,
        comp: Composition,
        income: IncomeSource,
        vuln: f64,
        trust: f64,
        week: Week,
    ) -> Self {
        Household {
            debt: 0.0,
            threshold: 0.0,
            hazard: 0.0,
            fin_work: 0.0,
            sev: [0; 4],
            since: [week; 4],
            trust: to_unit(trust),
            vuln: vuln_to_bits(vuln),
            last: week,
            hazard_week: week,
            events: 0,
            team,
            worker: NONE,
            fin_worker: NONE,
            fin_timer: NEVER,
            fin_since: week,
            episode_end: NEVER,
            queue_since: week,
            comp_primary: comp as u8,
            fin_pool: NO_POOL,
            income,
            team_track: TeamTrack::None,
            fin_track: FinTrack::None,
            episode: Episode::None,
            detected: 0,
            flags: 0,
        }
    }

    /// Severity of income, health, youth or housing (`i` a [`Domain::sev_index`]).
    #[inline]
    pub fn sev(&self, i: usize) -> f64 {
        self.sev[i] as f64 * (1.0 / UNIT)
    }

    /// All four non-finance severities.
    #[inline]
    pub fn sevs(&self) -> [f64; 4] {
        self.sev.map(|s| s as f64 * (1.0 / UNIT))
    }

    /// Set a severity; `x <= 0` means no problem, and any positive `x` stays positive
    /// (at least 1/65535) so that it still counts as a problem.
    #[inline]
    pub fn set_sev(&mut self, i: usize, x: f64) {
        self.sev[i] = if x <= 0.0 { 0 } else { to_unit(x).max(1) };
    }

    /// Trust in the district team, 0..1.
    #[inline]
    pub fn trust(&self) -> f64 {
        self.trust as f64 * (1.0 / UNIT)
    }

    /// Set trust (clamped to 0..1).
    #[inline]
    pub fn set_trust(&mut self, x: f64) {
        self.trust = to_unit(x);
    }

    /// Latent vulnerability.
    #[inline]
    pub fn vuln(&self) -> f64 {
        vuln_from_bits(self.vuln)
    }

    /// Set vulnerability (held to 2^-16 ..= 65520, far outside any draw that matters:
    /// hazards below the one end are nil and above the other fire every week).
    #[inline]
    pub fn set_vuln(&mut self, v: f64) {
        self.vuln = vuln_to_bits(v);
    }

    /// Composition.
    #[inline]
    pub fn comp(&self) -> Composition {
        Composition::ALL[(self.comp_primary & 0xf) as usize]
    }

    /// Primary question of the current request for help.
    #[inline]
    pub fn primary(&self) -> Domain {
        Domain::ALL[(self.comp_primary >> 4) as usize]
    }

    /// Set the primary question.
    #[inline]
    pub fn set_primary(&mut self, d: Domain) {
        self.comp_primary = (self.comp_primary & 0xf) | (d as u8) << 4;
    }

    /// Week the current problem of domain `d` began (not income: see `since`).
    #[inline]
    pub fn onset(&self, d: Domain) -> Week {
        self.since[d.since_index().expect("income's onset week is not kept")]
    }

    /// Record that the problem of domain `d` began in week `w` (nothing for income).
    #[inline]
    pub fn set_onset(&mut self, d: Domain, w: Week) {
        if let Some(j) = d.since_index() {
            self.since[j] = w;
        }
    }

    /// Put the household's financial-help track in W&I pool `pool`.
    #[inline]
    pub fn set_fin_pool(&mut self, pool: u16) {
        debug_assert!(pool < NO_POOL as u16, "pool {pool} does not fit a byte");
        self.fin_pool = pool as u8;
    }

    /// Severity of a domain, finance included.
    #[inline]
    pub fn severity(&self, d: Domain, r: &Rates, week: Week) -> f64 {
        match d {
            Domain::Finance => self.finance_severity(r, week),
            _ => self.sev(d.sev_index()),
        }
    }

    /// Whether the domain has an open problem.
    #[inline]
    pub fn has(&self, d: Domain, r: &Rates, week: Week) -> bool {
        self.has_given(d, r, self.finance_severity(r, week))
    }

    /// [`Household::has`] with the finance severity already known (it costs an `exp`).
    #[inline]
    pub fn has_given(&self, d: Domain, r: &Rates, finance_severity: f64) -> bool {
        let s = match d {
            Domain::Finance => finance_severity,
            _ => self.sev(d.sev_index()),
        };
        s >= r.p.problems.resolved_below.max(1e-9)
    }

    /// In a service that changes the household from outside (waiting for or in team
    /// care, in financial help, in a heavier-care episode).
    #[inline]
    pub fn in_service(&self) -> bool {
        matches!(self.team_track, TeamTrack::Waiting | TeamTrack::InCare)
            || self.fin_track.active()
            || self.episode != Episode::None
    }

    /// Any debt or open problem at all.
    #[inline]
    pub fn anything_open(&self) -> bool {
        self.debt > 0.0 || self.sev.iter().any(|&s| s > 0)
    }

    /// Whether debt has gone to collection (old enough and large enough).
    #[inline]
    pub fn in_collection(&self, r: &Rates, week: Week) -> bool {
        self.debt as f64 >= r.p.debt.collection_min_eur
            && self.debt > 0.0
            && (week.saturating_sub(self.onset(Domain::Finance)) as f64)
                >= r.p.debt.collection_weeks
    }

    /// Finance severity: `1 - 2^(-Y / problematic_years)` where Y is the years needed to
    /// repay the debt from income, so severity 0.5 is exactly the problematic-debt line
    /// (docs/ODD.md section 2); debt in collection is at least 0.5.
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

    /// Problematic debt (docs/ODD.md section 2), whether or not in an arrangement.
    #[inline]
    pub fn problematic(&self, r: &Rates, week: Week) -> bool {
        // Severity 0.5 is exactly "repaying takes `problematic_years`", so the test needs
        // no `exp` (it runs for every household at each 13-weekly count).
        if self.debt <= 0.0 {
            return false;
        }
        let repay = r.repay_per_year(self.income);
        repay <= 0.0
            || self.debt as f64 / repay >= r.p.debt.problematic_years
            || self.in_collection(r, week)
    }

    /// The largest severity over all domains.
    pub fn max_severity(&self, r: &Rates, week: Week) -> f64 {
        self.sevs()
            .iter()
            .fold(self.finance_severity(r, week), |m, &s| m.max(s))
    }

    /// Whether any domain has an open problem.
    pub fn any_problem(&self, r: &Rates, week: Week) -> bool {
        Domain::ALL.iter().any(|&d| self.has(d, r, week))
    }

    /// Whether domain `d` is being treated this week: by the team, or in planned
    /// second-line care (a crisis episode resets the domain when it ends instead).
    #[inline]
    fn treated(&self, d: Domain) -> bool {
        (self.team_track == TeamTrack::InCare && self.detected & d.bit() != 0)
            || (self.episode != Episode::None
                && !self.episode.is_crisis()
                && self.episode.domain() == d)
    }

    /// The detection bit of the domain in planned second-line care, or 0.
    #[inline]
    pub fn planned_domain_bit(&self) -> u8 {
        if self.episode != Episode::None && !self.episode.is_crisis() {
            self.episode.domain().bit()
        } else {
            0
        }
    }

    /// Whether the household's debts are frozen at `week`: by a running arrangement, or
    /// by the statutory breathing space of debt help (Wgs art. 5; its end is the timer
    /// of the stabilising and arrangement-waiting states). Waiting in a queue freezes
    /// nothing (docs/ODD.md section 7: a queue is not an outcome).
    #[inline]
    pub fn debt_frozen(&self, week: Week) -> bool {
        match self.fin_track {
            FinTrack::Arrangement => true,
            FinTrack::Stabilising | FinTrack::ArrangementWaiting => week < self.fin_timer,
            _ => false,
        }
    }

    /// The end of a breathing space that runs out after `self.last` and before `week`:
    /// the closed forms change there, so a sleep across it is advanced in two parts.
    #[inline]
    fn freeze_ends_within(&self, week: Week) -> Option<Week> {
        (self.fin_track.has_breathing_space()
            && self.last < self.fin_timer
            && self.fin_timer < week)
            .then_some(self.fin_timer)
    }

    /// Bring the state forward to `week` by the closed-form rules.
    ///
    /// Treated domains do not drift (treatment is applied weekly by the team step);
    /// while financial help has stabilised debts they only shrink by repayment.
    pub fn advance(&mut self, r: &Rates, week: Week) {
        if week <= self.last {
            return;
        }
        if let Some(end) = self.freeze_ends_within(week) {
            self.advance(r, end);
        }
        let f = r.decay(week - self.last);
        let s_income0 = self.sev(0);
        for (i, d) in [
            Domain::Income,
            Domain::Health,
            Domain::Youth,
            Domain::Housing,
        ]
        .into_iter()
        .enumerate()
        {
            if self.sev[i] > 0 && !self.treated(d) {
                // Rounded to the nearest step: monotone in the weeks advanced, so the
                // severity at the end of a sleep still bounds those inside it.
                self.set_sev(i, 1.0 - (1.0 - self.sev(i)) * f.worsen[i]);
            }
        }
        if let Some(d) = self.debt_after(r, s_income0, week - self.last, &f) {
            let was_debt_free = self.debt <= 0.0;
            self.debt = d as f32;
            if was_debt_free && self.debt > 0.0 {
                self.set_onset(Domain::Finance, week);
            }
        }
        let tm = r.p.population.trust_mean;
        let trust = self.trust();
        if (trust - tm).abs() > 1e-6 {
            self.set_trust(tm + (trust - tm) * f.trust);
        }
        self.last = week;
    }
}

impl Household {
    /// Debt `dt` weeks after `last`, or `None` when it does not change (no debt and no
    /// income problem). While debts are frozen they only shrink by repayment; the
    /// interval must not cross the end of a freeze (`advance` splits there).
    /// `s_income0` is the income severity at `last`.
    #[inline]
    fn debt_after(&self, r: &Rates, s_income0: f64, weeks: Week, f: &Decay) -> Option<f64> {
        let frozen = self.debt_frozen(self.last);
        if self.debt <= 0.0 && (s_income0 <= 0.0 || frozen) {
            return None;
        }
        let dt = weeks as f64;
        let repay = r.repay_week[self.income as usize];
        if frozen {
            // Frozen by an arrangement or a breathing space: creditors hold still (no
            // interest or collection costs, no new arrears), while the household keeps
            // paying what it can.
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
        if self.debt <= 0.0 && self.sev[0] == 0 {
            // No debt and no income problem to make one: most households, at a glance.
            return false;
        }
        let mut x = *self;
        if self.freeze_ends_within(week).is_some() {
            // Rare: the closed forms change inside the interval; bring a copy forward.
            x.advance(r, week);
            return x.problematic(r, week);
        }
        if week > self.last {
            let dt = week - self.last;
            if let Some(d) = self.debt_after(r, self.sev(0), dt, &r.decay(dt)) {
                if x.debt <= 0.0 && d > 0.0 {
                    x.set_onset(Domain::Finance, week);
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
    fn problematic_agrees_with_severity() {
        // The exp-free test and the severity must tell the same story.
        let p = crate::scenario::load_default(&[]).unwrap().warmup;
        let r = Rates::new(&p);
        for income in [
            IncomeSource::Work,
            IncomeSource::Benefit,
            IncomeSource::Pension,
        ] {
            for i in 0..2000 {
                let mut h = Household::new(0, Composition::Single, income, 1.0, 0.5, 1000);
                h.debt = i as f32 * 37.3;
                h.since[0] = 1000 - (i % 200) as Week;
                assert_eq!(
                    h.problematic(&r, 1000),
                    h.finance_severity(&r, 1000) >= 0.5,
                    "debt {} on {income:?}",
                    h.debt
                );
            }
        }
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
    fn debts_grow_in_a_queue_once_the_breathing_space_ends() {
        // docs/ODD.md section 7: waiting is not help; only the statutory breathing
        // space (and a running arrangement) freezes debts.
        let p = crate::scenario::load_default(&[]).unwrap().warmup;
        let r = Rates::new(&p);
        let mut h = Household::new(
            0,
            Composition::Single,
            IncomeSource::Benefit,
            1.0,
            0.5,
            1000,
        );
        h.debt = 20_000.0;
        h.since[0] = 900;
        let after = |track: FinTrack, space_end: Week, weeks: Week| {
            let mut x = h;
            x.fin_track = track;
            x.fin_timer = space_end;
            x.advance(&r, 1000 + weeks);
            x.debt as f64
        };
        let repaid = 20_000.0 - r.repay_week[IncomeSource::Benefit as usize] * 20.0;
        // Within the breathing space: frozen (only repayment).
        assert!((after(FinTrack::ArrangementWaiting, 1100, 20) - repaid).abs() < 1.0);
        assert!((after(FinTrack::Arrangement, 1100, 20) - repaid).abs() < 1.0);
        // A W&I queue, or a credit-bank queue after the breathing space: growing.
        assert!(after(FinTrack::Waiting, NEVER, 20) > 20_000.0);
        assert!(after(FinTrack::ArrangementWaiting, 1000, 20) > 20_000.0);
        // Across its end: frozen for 10 weeks, then growing for 10, exactly as two steps.
        let across = after(FinTrack::ArrangementWaiting, 1010, 20);
        let mut two = h;
        two.fin_track = FinTrack::ArrangementWaiting;
        two.fin_timer = 1010;
        two.advance(&r, 1010);
        two.advance(&r, 1020);
        assert_eq!(across, two.debt as f64);
        assert!(across > repaid && across < after(FinTrack::Waiting, NEVER, 20));
    }

    #[test]
    fn household_is_compact() {
        // One cache line (issue 6): the layout table on `Household` adds up to this.
        let size = std::mem::size_of::<Household>();
        eprintln!("size_of::<Household>() = {size}");
        assert!(size <= 64, "{size}");
    }

    #[test]
    fn positive_severities_stay_problems() {
        let mut x = Household::new(0, Composition::Single, IncomeSource::Work, 1.0, 0.5, 0);
        for (v, raw) in [
            (0.0, 0),
            (-0.1, 0),
            (1e-9, 1),
            (0.5, 32768),
            (1.0, 65535),
            (1.5, 65535),
        ] {
            x.set_sev(1, v);
            assert_eq!(x.sev[1], raw, "{v}");
        }
        // Reading and writing back is exact.
        for raw in [1u16, 2, 12345, 65534, 65535] {
            x.sev[2] = raw;
            let s = x.sev(2);
            x.set_sev(2, s);
            assert_eq!(x.sev[2], raw);
        }
        x.set_trust(0.6);
        assert!((x.trust() - 0.6).abs() <= 0.5 / UNIT);
    }

    #[test]
    fn vulnerability_keeps_its_relative_precision() {
        let mut x = Household::new(0, Composition::Single, IncomeSource::Work, 1.0, 0.5, 0);
        assert_eq!(x.vuln(), 1.0);
        for v in [
            1e-4, 0.0123, 0.37, 0.999_9, 1.0, 1.234_567, 15.9, 16.1, 300.0, 4.2e4,
        ] {
            x.set_vuln(v);
            assert!(
                (x.vuln() / v - 1.0).abs() <= 1.0 / 4096.0,
                "{v} -> {}",
                x.vuln()
            );
            let raw = x.vuln;
            x.set_vuln(x.vuln());
            assert_eq!(x.vuln, raw, "round trip of {v}");
        }
        // Monotone, and held to its range at the ends.
        let mut prev = 0.0;
        for k in -200..=200 {
            x.set_vuln((k as f64 / 10.0).exp());
            assert!(x.vuln() >= prev);
            prev = x.vuln();
        }
        x.set_vuln(0.0);
        assert_eq!(x.vuln(), 2f64.powi(-16));
        x.set_vuln(1e9);
        assert!(x.vuln() < 65536.0 && x.vuln() > 65000.0);
    }

    #[test]
    fn composition_and_primary_share_a_byte() {
        for c in Composition::ALL {
            let mut x = Household::new(0, c, IncomeSource::Work, 1.0, 0.5, 0);
            for d in Domain::ALL {
                x.set_primary(d);
                assert_eq!((x.comp(), x.primary()), (c, d));
            }
        }
    }
}
