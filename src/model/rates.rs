//! Parameters converted once into the per-week rates the weekly loop uses, so the
//! loop does no unit conversion.

use super::{IncomeSource, LinkageModel, Week};
use crate::scenario::params::{LinkageParams, Params, VerificationMode};

const WEEKS_PER_YEAR: f64 = 52.0;

/// Annual rate (events per year, as a hazard) to a weekly hazard.
#[inline]
pub fn weekly(per_year: f64) -> f64 {
    per_year / WEEKS_PER_YEAR
}

/// Weekly rates and constants derived from [`Params`].
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct Rates {
    pub p: Params,
    /// Worsening per week of income, health, youth, housing.
    pub worsen: [f64; 4],
    /// Onset hazard per week, by domain index (finance first).
    pub onset: [f64; 5],
    /// Spontaneous-recovery hazard per week, by domain index.
    pub recover: [f64; 5],
    /// Debt growth rate per week (continuous).
    pub debt_growth: f64,
    /// New arrears in euro per week at income severity 1.
    pub arrears: f64,
    /// Repayment in euro per week, by income source.
    pub repay_week: [f64; 4],
    /// Repayment in euro per year, by income source.
    pub repay_year: [f64; 4],
    pub trust_recovery: f64,
    pub job_loss: f64,
    pub reemployment: f64,
    pub sickness: f64,
    pub sickness_recovery: f64,
    pub help_seeking: f64,
    pub rule_break: f64,
    pub escalate: [f64; 3],
    pub time_factor_per_week: f64,
    pub arrangement_dropout: f64,
    pub stabilisation_dropout: f64,
    /// Weekly quit hazard of a post holder, `staff.quit_factor` included.
    pub quit: f64,
    /// M/M/c verification mode: (help-seeking hazard per household, weekly closure chance).
    pub mmc: Option<(f64, f64)>,
    /// `decay[n]` holds the factors a household's state changes by over `n` whole
    /// weeks (see [`Decay`]); `n < DECAY_WEEKS`.
    pub decay: Box<[Decay]>,
}

/// Lengths of sleep (in weeks) whose decay factors are tabulated. Longer sleeps
/// (rare: households without any problem) compute the factors directly.
pub const DECAY_WEEKS: usize = 1024;

/// The exponential factors of the closed-form state changes over `n` weeks.
///
/// Households sleep a whole number of weeks between looks, so every `exp(c * dt)` in
/// [`super::Household::advance`] has an integer `dt`: one table row replaces six calls
/// of `exp`, which were a fifth of the run time. Each entry is computed by the same
/// `exp(c * n)` as the direct formula, so results are bit-identical either way.
/// One row is one 64-byte cache line.
#[derive(Debug, Clone, Copy, Default)]
#[repr(align(64))]
pub struct Decay {
    /// `exp(-worsen[i] * n)` for income, health, youth, housing.
    pub worsen: [f64; 4],
    /// `exp(-trust_recovery * n)`.
    pub trust: f64,
    /// `exp(debt_growth * n)`.
    pub growth: f64,
}

impl Decay {
    fn new(worsen: &[f64; 4], trust: f64, growth: f64, n: f64) -> Self {
        Decay {
            worsen: worsen.map(|w| (-w * n).exp()),
            trust: (-trust * n).exp(),
            growth: (growth * n).exp(),
        }
    }
}

impl Rates {
    /// Derive the rates from validated parameters.
    pub fn new(p: &Params) -> Self {
        let pr = &p.problems;
        let d = &p.debt;
        let repay_month = [
            d.repay_work_eur_per_month,
            d.repay_benefit_eur_per_month,
            d.repay_sickness_eur_per_month,
            d.repay_pension_eur_per_month,
        ];
        let mut r = Rates {
            worsen: [
                pr.income.worsen_per_year,
                pr.health.worsen_per_year,
                pr.youth.worsen_per_year,
                pr.housing.worsen_per_year,
            ]
            .map(weekly),
            onset: [
                pr.finance.onset_per_year,
                pr.income.onset_per_year,
                pr.health.onset_per_year,
                pr.youth.onset_per_year,
                pr.housing.onset_per_year,
            ]
            .map(weekly),
            recover: [
                pr.finance.recover_per_year,
                pr.income.recover_per_year,
                pr.health.recover_per_year,
                pr.youth.recover_per_year,
                pr.housing.recover_per_year,
            ]
            .map(weekly),
            debt_growth: (1.0 + d.growth_per_year).ln() / WEEKS_PER_YEAR,
            arrears: d.arrears_eur_per_month * 12.0 / WEEKS_PER_YEAR,
            repay_week: repay_month.map(|m| m * 12.0 / WEEKS_PER_YEAR),
            repay_year: repay_month.map(|m| m * 12.0),
            trust_recovery: weekly(p.enforcement.trust_recovery_per_year),
            job_loss: weekly(p.income.job_loss_per_year),
            reemployment: weekly(p.income.reemployment_per_year),
            sickness: weekly(p.income.sickness_per_year),
            sickness_recovery: weekly(p.income.sickness_recovery_per_year),
            help_seeking: weekly(p.help_seeking.per_year),
            rule_break: weekly(p.enforcement.rule_break_per_year),
            escalate: [
                p.escalation.ggz.per_year,
                p.escalation.youth.per_year,
                p.escalation.eviction.per_year,
            ]
            .map(weekly),
            time_factor_per_week: p.escalation.time_factor / WEEKS_PER_YEAR,
            arrangement_dropout: weekly(p.debt_help.dropout_per_year),
            stabilisation_dropout: weekly(p.debt_help.stabilisation_dropout_per_year),
            // The what-if lever `staff.quit_factor` scales the observed hazard; at its
            // default of 1 the product is the hazard itself, bit for bit.
            quit: weekly(p.staff.quit_per_year) * p.staff.quit_factor,
            mmc: (p.verification.mode == VerificationMode::Mmc).then(|| {
                let per_household =
                    p.verification.arrivals_per_week / p.population.households.max(1) as f64;
                (per_household, 1.0 / p.verification.service_weeks)
            }),
            decay: Box::new([]),
            p: p.clone(),
        };
        r.decay = (0..DECAY_WEEKS)
            .map(|n| Decay::new(&r.worsen, r.trust_recovery, r.debt_growth, n as f64))
            .collect();
        r
    }

    /// The decay factors over `dt` whole weeks.
    #[inline]
    pub fn decay(&self, dt: Week) -> Decay {
        match self.decay.get(dt as usize) {
            Some(d) => *d,
            None => Decay::new(
                &self.worsen,
                self.trust_recovery,
                self.debt_growth,
                dt as f64,
            ),
        }
    }

    /// The parameters of one linkage model.
    pub fn linkage(&self, m: LinkageModel) -> &LinkageParams {
        match m {
            LinkageModel::Broad => &self.p.linkage.broad,
            LinkageModel::Partial => &self.p.linkage.partial,
            LinkageModel::Separate => &self.p.linkage.separate,
        }
    }

    /// Repayment capacity in euro per year.
    #[inline]
    pub fn repay_per_year(&self, src: IncomeSource) -> f64 {
        self.repay_year[src as usize]
    }
}
