//! Pilot sizing: how many teams, for how long, does a real pilot need to detect the
//! difference between two linkage models with 80% power?
//!
//! A real pilot compares pilot teams with other teams, not the same households twice,
//! so the design here is **unpaired and clustered by team**: each arm's teams come
//! from simulations of the whole municipality under that model (different
//! replications, so different districts — the model's heterogeneous districts (docs/ODD.md section 2.3) supply
//! the between-team variation). For every number of teams per arm and pilot length, a
//! large number of pilots are drawn by resampling teams without replacement, each is
//! tested with Welch's t-test on team-level values at the 5% level, and the power is
//! the share of significant pilots.

use crate::model::LinkageModel;
use crate::outcomes::TeamCounts;
use crate::rng::{Purpose, RepKey};
use crate::runner::Results;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Team-level outcomes a pilot can measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PilotOutcome {
    /// Share of financial problems detected among the team's clients.
    FinanceDetected,
    /// Mean wait for intake, weeks.
    IntakeWait,
    /// Escalations to heavier care per 1,000 households per year.
    Escalations,
    /// Households with unresolved problematic debt per 1,000 households.
    UnresolvedDebt,
}

impl PilotOutcome {
    /// Names accepted on the command line.
    pub const NAMES: [&'static str; 4] = [
        "finance_detected_share",
        "intake_wait_mean_weeks",
        "escalations_per_1000",
        "unresolved_debt_per_1000",
    ];

    /// Parse a name.
    pub fn from_name(s: &str) -> Option<Self> {
        Some(match s {
            "finance_detected_share" => PilotOutcome::FinanceDetected,
            "intake_wait_mean_weeks" => PilotOutcome::IntakeWait,
            "escalations_per_1000" => PilotOutcome::Escalations,
            "unresolved_debt_per_1000" => PilotOutcome::UnresolvedDebt,
            _ => return None,
        })
    }

    /// The team's value after `weeks` of pilot, or `None` when undefined (no clients).
    pub fn value(self, t: &TeamCounts, weeks: u16) -> Option<f64> {
        let per_1000 = |x: f64| x * 1000.0 / t.households.max(1) as f64;
        match self {
            PilotOutcome::FinanceDetected => {
                (t.fin_present > 0).then(|| t.fin_detected as f64 / t.fin_present as f64)
            }
            PilotOutcome::IntakeWait => {
                (t.intakes > 0).then(|| t.wait_weeks as f64 / t.intakes as f64)
            }
            PilotOutcome::Escalations => {
                Some(per_1000(t.escalations as f64) * 52.0 / weeks.max(1) as f64)
            }
            PilotOutcome::UnresolvedDebt => Some(per_1000(t.unresolved as f64)),
        }
    }
}

/// Two-sided p-value of Welch's t-test.
pub fn welch_p(a: &[f64], b: &[f64]) -> f64 {
    let stats = |x: &[f64]| {
        let n = x.len() as f64;
        let m = x.iter().sum::<f64>() / n;
        let v = x.iter().map(|y| (y - m).powi(2)).sum::<f64>() / (n - 1.0);
        (n, m, v)
    };
    if a.len() < 2 || b.len() < 2 {
        return 1.0;
    }
    let (na, ma, va) = stats(a);
    let (nb, mb, vb) = stats(b);
    let se2 = va / na + vb / nb;
    if se2 <= 0.0 {
        return if ma == mb { 1.0 } else { 0.0 };
    }
    let t = (ma - mb) / se2.sqrt();
    let df = se2 * se2 / ((va / na).powi(2) / (na - 1.0) + (vb / nb).powi(2) / (nb - 1.0));
    StudentsT::new(0.0, 1.0, df)
        .map(|d| 2.0 * (1.0 - d.cdf(t.abs())))
        .unwrap_or(1.0)
}

/// Power of a pilot with `k` teams per arm, from pools of team values, by `trials`
/// resampled pilots (teams drawn without replacement, keyed draws: reproducible).
pub fn power(a: &[f64], b: &[f64], k: usize, trials: u32, key: RepKey, alpha: f64) -> f64 {
    if k < 2 || a.len() < k || b.len() < k {
        return 0.0;
    }
    let mut hits = 0u32;
    let (mut xa, mut xb) = (a.to_vec(), b.to_vec());
    for trial in 0..trials {
        // Partial Fisher-Yates: the first k entries become the sample.
        for (pool, side) in [(&mut xa, 0u64), (&mut xb, 1u64)] {
            for i in 0..k {
                let u = key.uniform(
                    ((k as u64) << 32) | trial as u64,
                    Purpose::Pilot,
                    (side << 32) | i as u64,
                );
                let n = pool.len();
                let j = (i + (u * (n - i) as f64) as usize).min(n - 1);
                pool.swap(i, j);
            }
        }
        if welch_p(&xa[..k], &xb[..k]) < alpha {
            hits += 1;
        }
    }
    hits as f64 / trials as f64
}

/// One cell of the power table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PowerCell {
    /// Pilot length, weeks.
    pub weeks: u16,
    /// Teams per arm.
    pub teams_per_arm: usize,
    /// Estimated power.
    pub power: f64,
    /// Mean difference (pilot minus control) of the team values.
    pub difference: f64,
}

/// Pools of team values per snapshot week for one model.
fn pools(results: &Results, model: LinkageModel, outcome: PilotOutcome) -> Vec<(u16, Vec<f64>)> {
    let mut out: Vec<(u16, Vec<f64>)> = Vec::new();
    for r in results.of(model) {
        for (week, teams) in &r.snapshots {
            let values = teams.iter().filter_map(|t| outcome.value(t, *week));
            match out.iter_mut().find(|(w, _)| w == week) {
                Some((_, v)) => v.extend(values),
                None => out.push((*week, values.collect())),
            }
        }
    }
    out
}

/// The power table for piloting `pilot` against `control`, for 2..=`max_teams` teams per
/// arm at every snapshot.
pub fn power_table(
    results: &Results,
    pilot: LinkageModel,
    control: LinkageModel,
    outcome: PilotOutcome,
    max_teams: usize,
    trials: u32,
) -> Vec<PowerCell> {
    let key = RepKey::new(results.spec.seed, u64::MAX);
    let a = pools(results, pilot, outcome);
    let b = pools(results, control, outcome);
    let mut out = Vec::new();
    for (week, pa) in &a {
        let Some((_, pb)) = b.iter().find(|(w, _)| w == week) else {
            continue;
        };
        let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len().max(1) as f64;
        for k in 2..=max_teams {
            out.push(PowerCell {
                weeks: *week,
                teams_per_arm: k,
                power: power(pa, pb, k, trials, key, 0.05),
                difference: mean(pa) - mean(pb),
            });
        }
    }
    out
}

/// The smallest pilot (fewest teams, then shortest) reaching `target` power.
pub fn smallest(cells: &[PowerCell], target: f64) -> Option<PowerCell> {
    cells
        .iter()
        .filter(|c| c.power >= target)
        .min_by_key(|c| (c.teams_per_arm, c.weeks))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welch_detects_clear_differences_only() {
        let a = [1.0, 1.1, 0.9, 1.05, 0.95];
        let b = [2.0, 2.1, 1.9, 2.05, 1.95];
        assert!(welch_p(&a, &b) < 0.001);
        assert!(welch_p(&a, &a) > 0.99);
    }

    #[test]
    fn power_grows_with_teams() {
        let key = RepKey::new(1, 0);
        let a: Vec<f64> = (0..200)
            .map(|i| 1.0 + key.uniform(i, Purpose::Pilot, 0))
            .collect();
        let b: Vec<f64> = (0..200)
            .map(|i| 1.3 + key.uniform(i, Purpose::Pilot, 1))
            .collect();
        let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
        let p3 = power(&a, &b, 3, 400, key, 0.05);
        let p20 = power(&a, &b, 20, 400, key, 0.05);
        // Uniform pools with a mean difference of about one standard deviation: a
        // t-test with 20 per arm has power near 0.8-0.9.
        assert!(
            p20 > p3 + 0.4 && p20 > 0.7,
            "{p3} {p20} means {} {}",
            mean(&a),
            mean(&b)
        );
        // No difference: power is about alpha.
        let p_null = power(&a, &a, 10, 2000, key, 0.05);
        assert!(p_null < 0.1, "{p_null}");
    }
}
