//! Present values, net present value against the reference, the split by category and
//! stakeholder, break-even and the probability that each model is best (CPB/PBL
//! "Algemene leidraad MKBA"; docs/ODD.md section 8).
//!
//! Each model is compared with the reference **replication by replication**: with
//! common random numbers (and, under `--psa`, the same parameter draw) the paired
//! difference is what carries the signal.

use super::flows::{discount, horizon, run_flows, simulated_years, CATEGORIES};
use crate::model::LinkageModel;
use crate::runner::{Results, RunResult};
use crate::scenario::params::Mkba;
use crate::stats::{summarise_as, IntervalKind, Summary};

/// Present values of one run: by stakeholder and category, and society's real cost by year.
#[derive(Debug, Clone)]
pub struct PresentValues {
    /// `[stakeholder][category]` discounted cost.
    by: [Vec<f64>; 5],
    /// Discounted real (non-transfer) cost per year.
    real_by_year: Vec<f64>,
}

/// The discounted flows of one run.
pub fn present_values(run: &RunResult, m: &Mkba) -> PresentValues {
    let mut pv = PresentValues {
        by: std::array::from_fn(|_| vec![0.0; CATEGORIES.len()]),
        real_by_year: vec![0.0; horizon(run, m) as usize],
    };
    for f in run_flows(run, m) {
        let d = f.cost_eur * discount(f.year, m.discount_rate);
        pv.by[f.stakeholder as usize][f.category] += d;
        if !f.transfer() {
            pv.real_by_year[f.year as usize] += d;
        }
    }
    pv
}

/// The appraisal of one model in one replication, against the reference in the same
/// replication.
#[derive(Debug, Clone, PartialEq)]
pub struct Appraisal {
    /// Societal net present value (benefits minus costs), euros.
    pub npv: f64,
    /// Present value of the categories where the model is cheaper than the reference.
    pub benefits: f64,
    /// Present value of the categories where the model is dearer.
    pub costs: f64,
    /// NPV per stakeholder, transfers included, in [`Stakeholder::ALL`] order.
    pub by_stakeholder: [f64; 5],
    /// Net benefit per category (reference's cost minus the model's, summed over
    /// stakeholders; transfers net to zero), in [`CATEGORIES`] order.
    pub by_category: Vec<f64>,
    /// Cumulative discounted net benefit at the end of each year.
    pub cumulative: Vec<f64>,
    /// The model's own one-off costs of introduction (reorganisation and training at
    /// the switch, year 0), not relative to the reference.
    pub introduction: f64,
}

/// Compare a model's present values with the reference's.
pub fn appraise_pair(model: &PresentValues, reference: &PresentValues) -> Appraisal {
    let (mut benefits, mut costs) = (0.0, 0.0);
    let mut by_category = vec![0.0; CATEGORIES.len()];
    for (c, &(_, transfer)) in CATEGORIES.iter().enumerate() {
        let delta: f64 = (0..5).map(|s| model.by[s][c] - reference.by[s][c]).sum();
        by_category[c] = -delta;
        if transfer {
            continue;
        }
        if delta > 0.0 {
            costs += delta;
        } else {
            benefits -= delta;
        }
    }
    let by_stakeholder = std::array::from_fn(|s| {
        -(model.by[s].iter().sum::<f64>() - reference.by[s].iter().sum::<f64>())
    });
    let mut acc = 0.0;
    let years = model.real_by_year.len().max(reference.real_by_year.len());
    let cumulative = (0..years)
        .map(|y| {
            acc += reference.real_by_year.get(y).copied().unwrap_or(0.0)
                - model.real_by_year.get(y).copied().unwrap_or(0.0);
            acc
        })
        .collect();
    // Year 0 is not discounted, so the one-off categories' present value is their cost;
    // the training lever's later spending on new hires is in the same category, but not
    // part of introducing the model.
    let introduction = (0..5)
        .map(|s| model.by[s][super::flows::category("reorganisation")])
        .sum::<f64>()
        + (0..5)
            .map(|s| model.by[s][super::flows::category("training")])
            .sum::<f64>();
    Appraisal {
        npv: benefits - costs,
        benefits,
        costs,
        by_stakeholder,
        by_category,
        cumulative,
        introduction,
    }
}

/// The MKBA of a comparison: per model, its appraisal in every replication.
#[derive(Debug, Clone)]
pub struct MkbaResult {
    /// Reference model.
    pub reference: LinkageModel,
    /// Models, in report order.
    pub models: Vec<LinkageModel>,
    /// `appraisals[i][rep]` for `models[i]`.
    pub appraisals: Vec<Vec<Appraisal>>,
    /// Years appraised.
    pub years: u32,
    /// Whole years simulated after the switch: years appraised beyond them are a
    /// steady-state extrapolation ([`super::flows::STEADY_STATE_YEARS`]).
    pub simulated_years: u32,
    /// Discount rate used.
    pub discount_rate: f64,
    /// The interval the summaries carry (of the mean, or the spread of possible futures
    /// under a probabilistic sensitivity analysis).
    pub interval: IntervalKind,
}

/// Appraise every model against the reference, replication by replication. Returns
/// `None` when the reference model was not run (nothing to compare with).
pub fn appraise(results: &Results, m: &Mkba) -> Option<MkbaResult> {
    appraise_over(results, m, None)
}

/// [`appraise`] over `years` years instead of the scenario's `mkba.horizon_years`
/// (the same run read at another horizon; under `--psa` every replication keeps its
/// own drawn prices).
pub fn appraise_at(results: &Results, m: &Mkba, years: u32) -> Option<MkbaResult> {
    appraise_over(results, m, Some(years))
}

fn appraise_over(results: &Results, m: &Mkba, years: Option<u32>) -> Option<MkbaResult> {
    let reference = results.spec.reference;
    if !results.spec.models.contains(&reference) {
        return None;
    }
    let at_horizon = |p: &Mkba| -> Mkba {
        let mut p = p.clone();
        if let Some(y) = years {
            p.horizon_years = y;
        }
        p
    };
    let base = at_horizon(m);
    let m = &base;
    let prices = |rep: u32| -> std::borrow::Cow<'_, Mkba> {
        match results.drawn_prices(rep) {
            Some(p) => std::borrow::Cow::Owned(at_horizon(p)),
            None => std::borrow::Cow::Borrowed(m),
        }
    };
    let refs: Vec<PresentValues> = results
        .of(reference)
        .map(|r| present_values(r, &prices(r.replication)))
        .collect();
    let appraisals = results
        .spec
        .models
        .iter()
        .map(|&model| {
            results
                .of(model)
                .zip(&refs)
                .map(|(r, rv)| appraise_pair(&present_values(r, &prices(r.replication)), rv))
                .collect()
        })
        .collect();
    Some(MkbaResult {
        reference,
        models: results.spec.models.clone(),
        appraisals,
        years: results.runs.first().map_or(0, |r| horizon(r, m)),
        simulated_years: results.runs.first().map_or(0, simulated_years),
        discount_rate: m.discount_rate,
        interval: results.interval_kind(),
    })
}

/// Share of replications in which each model has the highest NPV (the reference's NPV
/// is zero by definition); ties share the win equally.
pub fn probability_best(npv: &[Vec<f64>]) -> Vec<f64> {
    let n_models = npv.len();
    let reps = npv.first().map_or(0, |v| v.len());
    let mut wins = vec![0.0; n_models];
    #[allow(clippy::needless_range_loop)] // `r` indexes the inner vectors of every model
    for r in 0..reps {
        let at = |i: usize| npv[i][r];
        let best = (0..n_models).map(at).fold(f64::NEG_INFINITY, f64::max);
        let tol = 1e-9 * best.abs().max(1.0);
        let winners: Vec<usize> = (0..n_models).filter(|&i| at(i) >= best - tol).collect();
        for &i in &winners {
            wins[i] += 1.0 / winners.len() as f64;
        }
    }
    wins.iter()
        .map(|w| if reps > 0 { w / reps as f64 } else { 0.0 })
        .collect()
}

/// Summary of one model's MKBA.
#[derive(Debug, Clone)]
pub struct ModelSummary {
    /// Model.
    pub model: LinkageModel,
    /// Societal NPV against the reference.
    pub npv: Summary,
    /// Mean present value of benefits.
    pub benefits: f64,
    /// Mean present value of costs.
    pub costs: f64,
    /// Benefit/cost ratio of the means (`None` when there are no costs).
    pub bcr: Option<f64>,
    /// First year (0-based) after which the mean cumulative net benefit stays >= 0.
    pub break_even_year: Option<u32>,
    /// NPV per stakeholder.
    pub by_stakeholder: [Summary; 5],
    /// Net benefit per category against the reference, in [`CATEGORIES`] order.
    pub by_category: Vec<Summary>,
    /// Probability of the highest NPV.
    pub probability_best: f64,
    /// Mean one-off cost of introducing the model (reorganisation and training).
    pub introduction: f64,
}

impl MkbaResult {
    /// Whether part of the appraised years lies beyond the simulation.
    pub fn extrapolated(&self) -> bool {
        self.years > self.simulated_years
    }

    /// NPVs as `[model][rep]`.
    pub fn npvs(&self) -> Vec<Vec<f64>> {
        self.appraisals
            .iter()
            .map(|a| a.iter().map(|x| x.npv).collect())
            .collect()
    }

    /// The appraisals of `model`, in replication order.
    pub fn of(&self, model: LinkageModel) -> Option<&[Appraisal]> {
        let i = self.models.iter().position(|&m| m == model)?;
        Some(&self.appraisals[i])
    }

    /// Summaries per model.
    pub fn summaries(&self) -> Vec<ModelSummary> {
        let p_best = probability_best(&self.npvs());
        self.models
            .iter()
            .enumerate()
            .map(|(i, &model)| {
                let a = &self.appraisals[i];
                let n = a.len().max(1) as f64;
                let mean = |f: &dyn Fn(&Appraisal) -> f64| a.iter().map(f).sum::<f64>() / n;
                let benefits = mean(&|x| x.benefits);
                let costs = mean(&|x| x.costs);
                let years = a.first().map_or(0, |x| x.cumulative.len());
                let cum: Vec<f64> = (0..years).map(|y| mean(&|x| x.cumulative[y])).collect();
                let break_even_year = if model == self.reference {
                    None
                } else {
                    (0..years)
                        .find(|&y| cum[y..].iter().all(|&c| c >= 0.0))
                        .map(|y| y as u32)
                };
                let column = |f: &dyn Fn(&Appraisal) -> f64| -> Summary {
                    summarise_as(&a.iter().map(f).collect::<Vec<_>>(), self.interval)
                };
                ModelSummary {
                    model,
                    npv: column(&|x| x.npv),
                    benefits,
                    costs,
                    bcr: (costs > 0.0).then(|| benefits / costs),
                    break_even_year,
                    by_stakeholder: std::array::from_fn(|s| column(&|x| x.by_stakeholder[s])),
                    by_category: (0..CATEGORIES.len())
                        .map(|c| column(&|x| x.by_category[c]))
                        .collect(),
                    probability_best: p_best[i],
                    introduction: mean(&|x| x.introduction),
                }
            })
            .collect()
    }
}

/// Best model by mean NPV (ties by report order), and the gap to the runner-up.
pub fn best_and_gap(summaries: &[ModelSummary]) -> (LinkageModel, f64) {
    let mut s: Vec<&ModelSummary> = summaries.iter().collect();
    s.sort_by(|a, b| {
        b.npv
            .mean
            .total_cmp(&a.npv.mean)
            .then(a.model.cmp(&b.model))
    });
    let gap = if s.len() > 1 {
        s[0].npv.mean - s[1].npv.mean
    } else {
        0.0
    };
    (s[0].model, gap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probability_best_shares_ties() {
        let p = probability_best(&[vec![1.0, 0.0], vec![1.0, 2.0], vec![0.0, 0.0]]);
        assert!((p[0] - 0.25).abs() < 1e-12);
        assert!((p[1] - 0.75).abs() < 1e-12);
        assert_eq!(p[2], 0.0);
        let same = probability_best(&[vec![0.0; 4], vec![0.0; 4], vec![0.0; 4]]);
        assert!(same.iter().all(|&x| (x - 1.0 / 3.0).abs() < 1e-12));
    }
}
