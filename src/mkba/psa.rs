//! Probabilistic sensitivity analysis and the value of information (docs/ODD.md
//! section 8).
//!
//! Replications alone show simulation noise. Most parameters that separate the models
//! are assumptions; each has a plausible range in the registry (`wijksim params`). With
//! `compare --psa` every replication draws all of them once, the same draw for every
//! model (common random numbers), so the NPV intervals and the probability that each
//! model is best include what we do not know, as in health-economic appraisal.
//!
//! **What a pilot should measure.** The expected value of partial perfect information
//! (EVPPI) of an assumption is what knowing its true value before choosing would be
//! worth, in euros: `E_φ[max_d E(NB_d | φ)] − max_d E(NB_d)`. It is estimated by the
//! one-step regression method of Strong, Oakley & Brennan (2014, *Medical Decision
//! Making* 34(3)): regress each model's net benefit on the parameter's draws with a
//! smoother (here a natural cubic regression spline), and take the fitted values as
//! `E(NB_d | φ)`. The regression also averages out the simulation noise in each run.
//! The assumptions with the largest EVPPI are the ones whose measurement in a pilot
//! would most likely change the choice.

use crate::model::LinkageModel;
use crate::rng::{Purpose, RepKey};
use crate::scenario::registry::{self, Dist, Plausible};
use crate::scenario::{Scenario, Value};
use nalgebra::{DMatrix, DVector};

/// One uncertain parameter of a PSA: its key and the range it is drawn from.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncertain {
    /// Registry key.
    pub key: &'static str,
    /// Range and distribution.
    pub range: Plausible,
    /// The scenario's own value (the mode of a triangular distribution).
    pub value: f64,
}

/// The parameters a PSA draws, and how: from the registry's plausible ranges, or the
/// ranges the scenario gives in its `[uncertainty]` table. A parameter whose value the
/// scenario sets itself (different from the registry default) and gives no range for
/// is taken as known and held at that value.
#[derive(Debug, Clone, PartialEq)]
pub struct PsaPlan {
    /// Master seed of the draws (the run's seed).
    pub seed: u64,
    /// The uncertain parameters, in registry order.
    pub params: Vec<Uncertain>,
    /// Keys held at the scenario's own value although the registry gives a range.
    pub held: Vec<&'static str>,
}

impl PsaPlan {
    /// The plan for `scenario` with master seed `seed`.
    pub fn new(scenario: &Scenario, seed: u64) -> Self {
        let mut params = Vec::new();
        let mut held = Vec::new();
        for spec in registry::PARAMS {
            let Some(Value::F(value)) = scenario.policy_values.get(spec.key).cloned() else {
                continue;
            };
            let own = scenario.uncertainty.iter().find(|u| u.0 == spec.key);
            let range = match (own, spec.plausible) {
                (Some(&(_, lo, hi)), p) => Plausible {
                    lo,
                    hi,
                    dist: p.map_or(Dist::Uniform, |p| p.dist),
                },
                (None, Some(p)) => {
                    let default = match spec.default {
                        registry::Default::F(d) => d,
                        _ => value,
                    };
                    if value != default {
                        held.push(spec.key);
                        continue;
                    }
                    p
                }
                (None, None) => continue,
            };
            params.push(Uncertain {
                key: spec.key,
                range,
                value,
            });
        }
        PsaPlan { seed, params, held }
    }

    /// The values of replication `rep`: one draw per parameter, keyed by (seed,
    /// replication, parameter), so any replication can be drawn alone and every model
    /// sees the same values.
    pub fn draw(&self, rep: u32) -> Vec<(&'static str, f64)> {
        let key = RepKey::new(self.seed, rep as u64);
        self.params
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let x = key.uniform(i as u64, Purpose::Psa, 0);
                (u.key, sample(&u.range, u.value, x))
            })
            .collect()
    }
}

/// A value of `range` from the uniform `u` (inverse CDF). A zero-width range gives its
/// one value exactly; the mode of a triangle is `mode` held to the range.
pub fn sample(range: &Plausible, mode: f64, u: f64) -> f64 {
    let (lo, hi) = (range.lo, range.hi);
    if hi <= lo {
        return lo;
    }
    match range.dist {
        Dist::Uniform => lo + u * (hi - lo),
        Dist::Either => {
            if u < 0.5 {
                lo
            } else {
                hi
            }
        }
        Dist::Triangular => {
            let c = mode.clamp(lo, hi);
            let fc = (c - lo) / (hi - lo);
            if u < fc {
                lo + (u * (hi - lo) * (c - lo)).sqrt()
            } else {
                hi - ((1.0 - u) * (hi - lo) * (hi - c)).sqrt()
            }
        }
    }
}

/// The expected value of perfect information: `E[max_d NB_d] − max_d E[NB_d]`, with
/// `nb[d][s]` the net benefit of decision `d` in sample `s`. With noisy simulations it
/// includes the noise, so it is an upper bound of what any measurement is worth.
pub fn evpi(nb: &[Vec<f64>]) -> f64 {
    let n = nb.first().map_or(0, |v| v.len());
    if n == 0 {
        return 0.0;
    }
    let mean_max = (0..n)
        .map(|s| nb.iter().map(|d| d[s]).fold(f64::NEG_INFINITY, f64::max))
        .sum::<f64>()
        / n as f64;
    let max_mean = nb
        .iter()
        .map(|d| d.iter().sum::<f64>() / n as f64)
        .fold(f64::NEG_INFINITY, f64::max);
    (mean_max - max_mean).max(0.0)
}

/// The EVPPI of one parameter and what it says about the choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Evppi {
    /// Parameter key.
    pub key: &'static str,
    /// Expected value of knowing it before choosing, euros.
    pub value: f64,
    /// The fitted net benefit `E(NB_d | φ)` at the draws, `[decision][sample]`.
    pub fitted: Vec<Vec<f64>>,
    /// Where the best decision changes along the parameter, if it does: the first
    /// value (in the draws' order) from which another decision is best, with the best
    /// decision below and above it (indices into the decisions).
    pub switch: Option<(f64, usize, usize)>,
    /// Share of the variance of the margin (net benefit of the decision best on
    /// average minus the runner-up's) that the parameter explains alone (a first-order
    /// sensitivity index from the same regression): what moves the margin, when no
    /// parameter changes the choice.
    pub explained: f64,
    /// The EVPPI the same regression finds when the draws are shuffled over the
    /// replications (the largest of [`NOISE_PERMUTATIONS`] shuffles): what simulation
    /// noise alone gives. An EVPPI at or below it is not evidence of anything worth
    /// measuring.
    pub noise: f64,
}

impl Evppi {
    /// Whether the EVPPI exceeds what simulation noise alone gives (a permutation test
    /// at about the 5% level: above every one of 19 shuffles).
    pub fn exceeds_noise(&self) -> bool {
        self.value > self.noise
    }
}

/// Shuffles of a parameter's draws that give its EVPPI's noise floor: the EVPPI must
/// exceed all 19 to count, a one-sided permutation test at the 5% level.
pub const NOISE_PERMUTATIONS: u64 = 19;

/// The margin between the decision with the highest mean net benefit and the
/// runner-up, per sample.
fn margin(nb: &[Vec<f64>]) -> Vec<f64> {
    let n = nb.first().map_or(0, |v| v.len());
    let mean = |d: &Vec<f64>| d.iter().sum::<f64>() / n.max(1) as f64;
    let mut order: Vec<usize> = (0..nb.len()).collect();
    order.sort_by(|&a, &b| mean(&nb[b]).total_cmp(&mean(&nb[a])).then(a.cmp(&b)));
    match order[..] {
        [best, second, ..] => (0..n).map(|s| nb[best][s] - nb[second][s]).collect(),
        _ => vec![0.0; n],
    }
}

/// Share of the variance of `y` in its fitted values `fit` from a regression with
/// `df` coefficients besides the intercept, adjusted for the share a regression on
/// noise would find (adjusted R²), so that with many assumptions and a few hundred
/// draws chance does not rank them.
fn explained(y: &[f64], fit: &[f64], df: usize) -> f64 {
    let n = y.len() as f64;
    if n <= df as f64 + 1.0 {
        return 0.0;
    }
    let var = |v: &[f64]| {
        let m = v.iter().sum::<f64>() / n;
        v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n
    };
    let total = var(y);
    if total <= 0.0 {
        return 0.0;
    }
    let r2 = (var(fit) / total).clamp(0.0, 1.0);
    (1.0 - (1.0 - r2) * (n - 1.0) / (n - df as f64 - 1.0)).clamp(0.0, 1.0)
}

/// Coefficients besides the intercept of [`smooth`] for `n` samples.
fn spline_df(n: usize) -> usize {
    match n {
        0..=59 => 2,
        60..=199 => 3,
        _ => 4,
    }
}

/// EVPPI of a parameter with draws `x` (one per sample), by the regression method of
/// Strong, Oakley & Brennan (2014).
pub fn evppi(key: &'static str, nb: &[Vec<f64>], x: &[f64]) -> Evppi {
    let fitted: Vec<Vec<f64>> = nb.iter().map(|y| smooth(x, y)).collect();
    let m = margin(nb);
    let explained = explained(&m, &smooth(x, &m), spline_df(x.len()));
    let value = evpi(&fitted);
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
    let best_at = |s: usize| {
        (0..fitted.len())
            .max_by(|&a, &b| fitted[a][s].total_cmp(&fitted[b][s]).then(b.cmp(&a)))
            .unwrap_or(0)
    };
    let mut switch = None;
    if let Some(&first) = order.first() {
        let below = best_at(first);
        if let Some(&s) = order.iter().find(|&&s| best_at(s) != below) {
            switch = Some((x[s], below, best_at(s)));
        }
    }
    Evppi {
        key,
        value,
        fitted,
        switch,
        explained,
        noise: 0.0,
    }
}

/// The noise floor of an EVPPI: the largest EVPPI of the same net benefits against
/// [`NOISE_PERMUTATIONS`] shuffles of the draws `x`, each a Fisher-Yates shuffle keyed
/// by (`key`, parameter `i`, shuffle), so it is reproducible and the same for any
/// thread count.
pub fn evppi_noise(key: RepKey, i: u64, nb: &[Vec<f64>], x: &[f64]) -> f64 {
    let mut shuffled = x.to_vec();
    (0..NOISE_PERMUTATIONS)
        .map(|k| {
            shuffled.copy_from_slice(x);
            for j in (1..shuffled.len()).rev() {
                let u = key.uniform(i, Purpose::Psa, (k << 32) | j as u64);
                let r = ((u * (j + 1) as f64) as usize).min(j);
                shuffled.swap(j, r);
            }
            let fitted: Vec<Vec<f64>> = nb.iter().map(|y| smooth(&shuffled, y)).collect();
            evpi(&fitted)
        })
        .fold(0.0, f64::max)
}

/// Fitted values of a natural cubic regression spline of `y` on `x` (Hastie,
/// Tibshirani & Friedman, *Elements of Statistical Learning*, eq. 5.4-5.5), with
/// knots at quantiles of `x`: linear beyond the outer knots, so it does not chase the
/// ends of a few hundred noisy samples. Fewer knots for smaller samples; a parameter
/// that does not vary gives the mean.
pub fn smooth(x: &[f64], y: &[f64]) -> Vec<f64> {
    let n = x.len();
    let mean_y = if n > 0 {
        y.iter().sum::<f64>() / n as f64
    } else {
        0.0
    };
    let mean_x = if n > 0 {
        x.iter().sum::<f64>() / n as f64
    } else {
        0.0
    };
    let sd = (x.iter().map(|v| (v - mean_x).powi(2)).sum::<f64>() / n.max(1) as f64).sqrt();
    if n < 4 || sd <= 1e-12 * mean_x.abs().max(1.0) {
        return vec![mean_y; n];
    }
    let z: Vec<f64> = x.iter().map(|v| (v - mean_x) / sd).collect();
    // Knots = coefficients: one more than `spline_df`, the intercept included.
    let knots_n = match n {
        0..=19 => 2,
        _ => spline_df(n) + 1,
    };
    let mut sorted = z.clone();
    sorted.sort_by(f64::total_cmp);
    let mut knots: Vec<f64> = (0..knots_n)
        .map(|k| {
            let q = if knots_n == 1 {
                0.5
            } else {
                0.05 + 0.9 * k as f64 / (knots_n - 1) as f64
            };
            sorted[((q * (n - 1) as f64).round() as usize).min(n - 1)]
        })
        .collect();
    knots.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    let k = knots.len();
    let cube = |v: f64| if v > 0.0 { v * v * v } else { 0.0 };
    let d = |v: f64, j: usize| {
        (cube(v - knots[j]) - cube(v - knots[k - 1])) / (knots[k - 1] - knots[j])
    };
    let cols = if k >= 3 { k } else { 2 };
    let basis = |v: f64, c: usize| match c {
        0 => 1.0,
        1 => v,
        _ => d(v, c - 2) - d(v, k - 2),
    };
    let a = DMatrix::from_fn(n, cols, |i, c| basis(z[i], c));
    let b = DVector::from_column_slice(y);
    let svd = a.clone().svd(true, true);
    match svd.solve(&b, 1e-10) {
        Ok(beta) => (a * beta).iter().copied().collect(),
        Err(_) => vec![mean_y; n],
    }
}

/// The result of a probabilistic sensitivity analysis.
#[derive(Debug, Clone)]
pub struct PsaResult {
    /// The plan drawn from.
    pub plan: PsaPlan,
    /// The draws, `[replication][parameter]` in the plan's order.
    pub draws: Vec<Vec<f64>>,
    /// The models, in report order (the decisions).
    pub models: Vec<LinkageModel>,
    /// Net benefit (NPV against the reference) per model and replication.
    pub npv: Vec<Vec<f64>>,
    /// Expected value of perfect information, euros.
    pub evpi: f64,
    /// EVPPI per parameter, largest first.
    pub evppi: Vec<Evppi>,
}

/// Analyse a PSA: the draws of every replication and each model's NPVs (`npv[d][rep]`).
pub fn analyse(
    plan: PsaPlan,
    replications: u32,
    models: Vec<LinkageModel>,
    npv: Vec<Vec<f64>>,
) -> PsaResult {
    let draws: Vec<Vec<f64>> = (0..replications)
        .map(|r| plan.draw(r).into_iter().map(|(_, v)| v).collect())
        .collect();
    let mut evppi: Vec<Evppi> = plan
        .params
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let x: Vec<f64> = draws.iter().map(|d| d[i]).collect();
            let mut e = self::evppi(u.key, &npv, &x);
            // Shuffles keyed apart from the draws themselves (replication u64::MAX).
            e.noise = evppi_noise(RepKey::new(plan.seed, u64::MAX), i as u64, &npv, &x);
            e
        })
        .collect();
    evppi.sort_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then(b.explained.total_cmp(&a.explained))
            .then(a.key.cmp(b.key))
    });
    PsaResult {
        evpi: evpi(&npv),
        plan,
        draws,
        models,
        npv,
        evppi,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::distribution::{Continuous, ContinuousCDF, Normal};

    #[test]
    fn evppi_of_a_linear_gaussian_decision_matches_the_analytic_value() {
        // Two decisions: NB_0 = 0, NB_1 = φ + ε with φ ~ N(μ, σ²) and noise ε ~ N(0, τ²).
        // Knowing φ is worth E[max(0, φ)] − max(0, μ) = σ ϕ(μ/σ) + μ Φ(μ/σ) − max(0, μ).
        let key = RepKey::new(42, 0);
        let std = Normal::new(0.0, 1.0).unwrap();
        for &(mu, sigma, tau) in &[(0.0, 1.0, 2.0), (0.5, 1.0, 1.0), (-0.3, 2.0, 3.0)] {
            let n = 4000u64;
            let (mut x, mut nb1) = (Vec::new(), Vec::new());
            for s in 0..n {
                let phi = mu + sigma * std.inverse_cdf(key.uniform(s, Purpose::Psa, 0).max(1e-12));
                let eps = tau * std.inverse_cdf(key.uniform(s, Purpose::Psa, 1).max(1e-12));
                x.push(phi);
                nb1.push(phi + eps);
            }
            let nb = vec![vec![0.0; n as usize], nb1];
            let z = mu / sigma;
            let exact = sigma * std.pdf(z) + mu * std.cdf(z) - mu.max(0.0);
            let got = evppi("phi", &nb, &x).value;
            assert!(
                (got - exact).abs() < 0.1 * exact,
                "mu {mu} sigma {sigma} tau {tau}: {got} vs {exact}"
            );
            // The noise makes the naive EVPI larger than what φ alone is worth.
            assert!(evpi(&nb) > got);
        }
    }

    #[test]
    fn a_parameter_that_does_not_matter_is_worth_nothing() {
        let key = RepKey::new(7, 0);
        let n = 500u64;
        let x: Vec<f64> = (0..n).map(|s| key.uniform(s, Purpose::Psa, 0)).collect();
        let nb1: Vec<f64> = (0..n)
            .map(|s| 1.0 + key.uniform(s, Purpose::Psa, 1) - 0.5)
            .collect();
        let e = evppi("x", &[vec![0.0; n as usize], nb1], &x);
        assert!(e.value < 0.02, "{}", e.value);
        assert_eq!(e.switch, None);
    }

    #[test]
    fn noise_has_a_floor_and_a_real_effect_exceeds_it() {
        // Net benefit driven by x plus noise: x's EVPPI is far above what its shuffles
        // give; an unrelated parameter's stays at or below its floor.
        let key = RepKey::new(11, 0);
        let n = 200u64;
        let x: Vec<f64> = (0..n).map(|s| key.uniform(s, Purpose::Psa, 0)).collect();
        let unrelated: Vec<f64> = (0..n).map(|s| key.uniform(s, Purpose::Psa, 2)).collect();
        let nb1: Vec<f64> = (0..n)
            .map(|s| x[s as usize] - 0.5 + 0.3 * (key.uniform(s, Purpose::Psa, 1) - 0.5))
            .collect();
        let nb = vec![vec![0.0; n as usize], nb1];
        let mut real = evppi("x", &nb, &x);
        real.noise = evppi_noise(key, 0, &nb, &x);
        assert!(real.exceeds_noise(), "{} vs {}", real.value, real.noise);
        assert!(
            real.noise < 0.5 * real.value,
            "{} vs {}",
            real.noise,
            real.value
        );
        let mut none = evppi("u", &nb, &unrelated);
        none.noise = evppi_noise(key, 1, &nb, &unrelated);
        assert!(!none.exceeds_noise(), "{} vs {}", none.value, none.noise);
        // Reproducible.
        assert_eq!(none.noise, evppi_noise(key, 1, &nb, &unrelated));
    }

    #[test]
    fn the_switch_point_is_found() {
        // NB_1 = x − 0.3 beats 0 from x = 0.3 on.
        let x: Vec<f64> = (0..200).map(|i| i as f64 / 199.0).collect();
        let nb1: Vec<f64> = x.iter().map(|v| v - 0.3).collect();
        let e = evppi("x", &[vec![0.0; 200], nb1], &x);
        let (at, below, above) = e.switch.unwrap();
        assert_eq!((below, above), (0, 1));
        assert!((at - 0.3).abs() < 0.02, "{at}");
    }

    #[test]
    fn samples_stay_in_range_and_zero_width_is_exact() {
        let tri = Plausible {
            lo: 1.0,
            hi: 3.0,
            dist: Dist::Triangular,
        };
        let uni = Plausible {
            lo: 1.0,
            hi: 3.0,
            dist: Dist::Uniform,
        };
        for i in 0..=100 {
            let u = i as f64 / 100.0;
            for r in [&tri, &uni] {
                let v = sample(r, 2.5, u);
                assert!((1.0..=3.0).contains(&v), "{v}");
            }
        }
        // The triangle peaks at the mode: half its mass below the median, which lies
        // above the midpoint when the mode does.
        assert!(sample(&tri, 2.5, 0.5) > 2.0);
        let point = Plausible {
            lo: 0.35,
            hi: 0.35,
            dist: Dist::Triangular,
        };
        assert_eq!(sample(&point, 0.35, 0.77), 0.35);
    }
}
