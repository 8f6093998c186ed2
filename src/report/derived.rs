//! The few numbers the report computes itself from the per-replication
//! values in the files: ranges over the simulated futures (replications),
//! paired differences, and each replication's net present value and
//! cumulative net benefit against the reference.
//!
//! Ranges are quantiles of the replications (linear interpolation, as
//! `stats::spread` computes the intervals of a probabilistic sensitivity
//! analysis), not intervals of a mean: the report shows where the outcome of
//! one possible future may lie, which is what a council decides under.

use super::data::{Costs, MkbaSummary, Psa};
use super::ReportError;
use crate::model::LinkageModel;

/// The mean and the middle 50% and 95% of a sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// Finite values counted.
    pub n: usize,
    /// Mean of the finite values (NaN when there are none).
    pub mean: f64,
    /// 2.5th percentile.
    pub p025: f64,
    /// 25th percentile.
    pub p25: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 97.5th percentile.
    pub p975: f64,
    /// 95% t-interval of the mean, lower bound: "is it reliably better"
    /// (docs/ODD.md, "Which interval answers which question").
    pub mean_lo: f64,
    /// 95% t-interval of the mean, upper bound.
    pub mean_hi: f64,
}

/// The [`Range`] of the finite values of `xs`.
pub fn range(xs: &[f64]) -> Range {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return Range {
            n: 0,
            mean: f64::NAN,
            p025: f64::NAN,
            p25: f64::NAN,
            p75: f64::NAN,
            p975: f64::NAN,
            mean_lo: f64::NAN,
            mean_hi: f64::NAN,
        };
    }
    let of_mean = crate::stats::summarise(&v);
    v.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let h = p * (v.len() - 1) as f64;
        let (i, f) = (h.floor() as usize, h - h.floor());
        let next = v[(i + 1).min(v.len() - 1)];
        // Written so that equal neighbours give exactly their value.
        if f == 0.0 {
            v[i]
        } else {
            v[i] + f * (next - v[i])
        }
    };
    Range {
        n: v.len(),
        mean: v.iter().sum::<f64>() / v.len() as f64,
        p025: q(0.025),
        p25: q(0.25),
        p75: q(0.75),
        p975: q(0.975),
        mean_lo: of_mean.lo,
        mean_hi: of_mean.hi,
    }
}

/// `a[i] − b[i]`: the paired difference, replication by replication.
pub fn differences(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x - y).collect()
}

/// Each stakeholder's NPV by replication: (stakeholder, values).
pub type ByStakeholder = Vec<(String, Vec<f64>)>;

/// Each model's societal net present value and cumulative net benefit
/// against the reference, replication by replication.
#[derive(Debug, Clone, Default)]
pub struct Money {
    /// Per model (report order, reference included): NPV by replication.
    pub npv: Vec<(LinkageModel, Vec<f64>)>,
    /// Per model: cumulative discounted net benefit, `[year][replication]`
    /// (empty when `mkba.csv` is missing).
    pub cumulative: Vec<(LinkageModel, Vec<Vec<f64>>)>,
    /// Per model: each stakeholder's NPV by replication, transfers included,
    /// in the order of `mkba_summary.csv` (empty when `mkba.csv` is missing).
    pub stakeholders: Vec<(LinkageModel, ByStakeholder)>,
}

impl Money {
    /// The NPVs of `model`, by replication.
    pub fn npv_of(&self, model: LinkageModel) -> Option<&[f64]> {
        self.npv
            .iter()
            .find(|(m, _)| *m == model)
            .map(|(_, v)| v.as_slice())
    }
}

/// Rebuilds each replication's NPV from `mkba.csv` (the reference's real
/// discounted cost minus the model's, summed over the years, as
/// docs/ODD.md section 8 defines it) and checks it against the mean in
/// `mkba_summary.csv`. Under `--psa` the NPVs of `psa.csv` are used, after
/// checking that they are the same numbers. `None` without an MKBA.
pub fn money(
    costs: Option<&Costs>,
    summary: Option<&MkbaSummary>,
    psa: Option<&Psa>,
    reference: LinkageModel,
) -> Result<Option<Money>, ReportError> {
    let Some(summary) = summary else {
        return Ok(None);
    };
    let mut out = Money::default();
    if let Some(costs) = costs {
        let reps: Vec<u32> = costs
            .by_run
            .keys()
            .filter(|(m, _)| *m == reference)
            .map(|&(_, r)| r)
            .collect();
        for mm in &summary.models {
            let mut npv = Vec::with_capacity(reps.len());
            let mut cumulative: Vec<Vec<f64>> = Vec::new();
            let mut scale = 0.0;
            for &rep in &reps {
                let (Some(r), Some(m)) = (
                    costs.by_run.get(&(reference, rep)),
                    costs.by_run.get(&(mm.model, rep)),
                ) else {
                    return Err(ReportError::Inconsistent(format!(
                        "mkba.csv has replication {rep} of {} but not of {}",
                        reference.name(),
                        mm.model.name()
                    )));
                };
                let years = r.len().max(m.len());
                if cumulative.len() < years {
                    cumulative.resize(years, Vec::new());
                }
                let mut acc = 0.0;
                for (y, cum) in cumulative.iter_mut().enumerate().take(years) {
                    let (a, b) = (
                        r.get(y).copied().unwrap_or(0.0),
                        m.get(y).copied().unwrap_or(0.0),
                    );
                    acc += a - b;
                    scale += a.abs() + b.abs();
                    cum.push(acc);
                }
                npv.push(acc);
            }
            let n = npv.len().max(1) as f64;
            check(
                "mkba.csv",
                mm.model,
                npv.iter().sum::<f64>() / n,
                mm.npv.mean,
                scale / n,
            )?;
            out.npv.push((mm.model, npv));
            out.cumulative.push((mm.model, cumulative));
            let mut per = Vec::new();
            for (who, est) in &mm.stakeholders {
                let at = |m: LinkageModel, rep: u32| {
                    costs
                        .by_stakeholder
                        .get(&(m, rep))
                        .and_then(|s| s.get(who))
                        .copied()
                        .unwrap_or(0.0)
                };
                let values: Vec<f64> = reps
                    .iter()
                    .map(|&rep| at(reference, rep) - at(mm.model, rep))
                    .collect();
                let n = values.len().max(1) as f64;
                let scale = reps
                    .iter()
                    .map(|&rep| at(reference, rep).abs() + at(mm.model, rep).abs())
                    .sum::<f64>()
                    / n;
                let mean = values.iter().sum::<f64>() / n;
                if est.mean.is_finite() && !close(mean, est.mean, scale) {
                    return Err(ReportError::Inconsistent(format!(
                        "the mean NPV of {} for {who} rebuilt from mkba.csv is {mean}, but \
                         mkba_summary.csv says {}",
                        mm.model.name(),
                        est.mean
                    )));
                }
                per.push((who.clone(), values));
            }
            out.stakeholders.push((mm.model, per));
        }
    }
    if let Some(psa) = psa {
        let mut from_psa = Vec::new();
        for mm in &summary.models {
            let Some((_, values)) = psa.npv.iter().find(|(m, _)| *m == mm.model) else {
                continue;
            };
            let n = values.len().max(1) as f64;
            let scale = values.iter().map(|x| x.abs()).sum::<f64>() / n;
            check(
                "psa.csv",
                mm.model,
                values.iter().sum::<f64>() / n,
                mm.npv.mean,
                scale,
            )?;
            if let Some(rebuilt) = out.npv_of(mm.model) {
                for (i, (a, b)) in values.iter().zip(rebuilt).enumerate() {
                    if !close(*a, *b, a.abs() + b.abs()) {
                        return Err(ReportError::Inconsistent(format!(
                            "psa.csv gives {} an NPV of {a} in its row {}, mkba.csv {b}",
                            mm.model.name(),
                            i + 1
                        )));
                    }
                }
            }
            from_psa.push((mm.model, values.clone()));
        }
        if !from_psa.is_empty() {
            out.npv = from_psa;
        }
    }
    Ok((!out.npv.is_empty()).then_some(out))
}

/// Equal up to the rounding of adding up `scale` euros in another order.
fn close(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-9 * scale.abs() + 1e-6
}

fn check(
    file: &str,
    model: LinkageModel,
    rebuilt: f64,
    stated: f64,
    scale: f64,
) -> Result<(), ReportError> {
    if stated.is_finite() && !close(rebuilt, stated, scale) {
        return Err(ReportError::Inconsistent(format!(
            "the mean NPV of {} rebuilt from {file} is {rebuilt}, but mkba_summary.csv says {stated}",
            model.name()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn range_interpolates_like_the_psa_intervals() {
        let xs: Vec<f64> = (0..=200).map(f64::from).collect();
        let r = range(&xs);
        assert_eq!((r.n, r.mean), (201, 100.0));
        assert_eq!((r.p025, r.p25, r.p75, r.p975), (5.0, 50.0, 150.0, 195.0));
        let one = range(&[3.0, f64::NAN]);
        assert_eq!((one.n, one.p025, one.p975), (1, 3.0, 3.0));
        assert!(range(&[]).mean.is_nan());
        let s = crate::stats::spread(&[4.0, 1.0, 9.0, 2.0, 7.0]);
        let r = range(&[4.0, 1.0, 9.0, 2.0, 7.0]);
        assert!((s.lo - r.p025).abs() < 1e-12 && (s.hi - r.p975).abs() < 1e-12);
    }

    #[test]
    fn npv_is_the_references_cost_minus_the_models() {
        use crate::report::data::{Estimate, MkbaModel};
        let (b, s) = (LinkageModel::Broad, LinkageModel::Separate);
        let costs = Costs {
            by_stakeholder: BTreeMap::new(),
            by_run: BTreeMap::from([
                ((b, 0), vec![10.0, 5.0]),
                ((b, 1), vec![12.0, 5.0]),
                ((s, 0), vec![8.0, 8.0]),
                ((s, 1), vec![8.0, 8.0]),
            ]),
        };
        let est = |mean| Estimate {
            mean,
            lo: f64::NAN,
            hi: f64::NAN,
        };
        let mk = |model, mean| MkbaModel {
            model,
            npv: est(mean),
            stakeholders: vec![],
            categories: vec![],
            benefits: 0.0,
            costs: 0.0,
            bcr: f64::NAN,
            break_even_year: f64::NAN,
            probability_best: 0.0,
            introduction: 0.0,
        };
        let summary = MkbaSummary {
            models: vec![mk(b, 0.0), mk(s, 0.0)],
        };
        let m = money(Some(&costs), Some(&summary), None, s)
            .unwrap()
            .unwrap();
        assert_eq!(m.npv_of(b), Some(&[1.0, -1.0][..]));
        assert_eq!(m.cumulative[0].1, vec![vec![-2.0, -4.0], vec![1.0, -1.0]]);
        let wrong = MkbaSummary {
            models: vec![mk(b, 5.0), mk(s, 0.0)],
        };
        assert!(money(Some(&costs), Some(&wrong), None, s).is_err());
    }
}
