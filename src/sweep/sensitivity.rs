//! Global sensitivity estimators for Morris and Saltelli designs.
//!
//! Simulation runs finish in any order on any process, so every estimator here
//! takes the outputs **indexed by design row** (`outputs[r]` is the result of
//! `design.row(r)`) and reads the row's meaning from [`Design::role`]; arrival
//! order never matters and results are bit-identical wherever they are run.
//!
//! * Morris elementary effects: μ, σ (Morris 1991) and μ* = mean |EE|
//!   (Campolongo, Cariboni & Saltelli 2007), which does not let effects of
//!   opposite sign cancel.
//! * Sobol' indices from the Saltelli design: first order
//!   S_i = mean((f(B) − f̄)·(f(AB_i) − f(A))) / V (Saltelli et al. 2010,
//!   Comput. Phys. Commun. 181:259–270, with f(B) centred on the mean f̄ of the
//!   pooled f(A), f(B): the uncentred form is unbiased too, but its variance
//!   grows with the square of the outputs' mean, so an outcome with mean 400
//!   and sd 5 gave S_1 = 2.4 ± 3.8; centred, it does not depend on where the
//!   outputs lie) and total ST_i = mean((f(A) − f(AB_i))²) / 2 / V (Jansen
//!   1999), with V the variance of the pooled f(A), f(B). Confidence intervals by the percentile
//!   bootstrap over the n base samples (Efron & Tibshirani 1993), resampled
//!   deterministically from [`unit()`].

use std::fmt;

use super::design::{unit, Design, DesignError, RowRole, SaltelliMatrix};

/// Bootstrap resamples of the sensitivity intervals that a sweep writes (and its
/// report states).
pub const BOOTSTRAP_RESAMPLES: usize = 1000;

const STREAM_BOOTSTRAP: u64 = 0x424F_4F54;

/// Why an analysis cannot be done.
#[derive(Debug, Clone, PartialEq)]
pub enum SensitivityError {
    /// The design itself is invalid.
    Design(DesignError),
    /// The design is of the wrong kind for this estimator.
    WrongDesign {
        /// The kind of design the estimator needs.
        expected: &'static str,
    },
    /// The outputs do not have one value per design row.
    OutputLength {
        /// Rows in the design.
        expected: usize,
        /// Outputs given.
        got: usize,
    },
    /// An output is NaN or infinite.
    NonFinite {
        /// The offending row.
        row: usize,
    },
    /// The pooled outputs are constant, so Sobol' indices are undefined.
    ZeroVariance,
    /// An option is out of its domain.
    BadOption {
        /// Which option.
        name: &'static str,
    },
}

impl fmt::Display for SensitivityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Design(e) => write!(f, "invalid design: {e}"),
            Self::WrongDesign { expected } => write!(f, "this analysis needs a {expected} design"),
            Self::OutputLength { expected, got } => {
                write!(f, "expected {expected} outputs (one per row), got {got}")
            }
            Self::NonFinite { row } => write!(f, "output of row {row} is not finite"),
            Self::ZeroVariance => write!(f, "outputs have zero variance"),
            Self::BadOption { name } => write!(f, "option `{name}` is out of range"),
        }
    }
}

impl std::error::Error for SensitivityError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Design(e) => Some(e),
            _ => None,
        }
    }
}

impl From<DesignError> for SensitivityError {
    fn from(e: DesignError) -> Self {
        Self::Design(e)
    }
}

/// Morris screening measures, one entry per factor.
#[derive(Debug, Clone, PartialEq)]
pub struct MorrisIndices {
    /// Mean elementary effect μ.
    pub mu: Vec<f64>,
    /// Mean absolute elementary effect μ* (rank factors by this).
    pub mu_star: Vec<f64>,
    /// Standard deviation σ of the elementary effects (denominator r − 1;
    /// 0 when r = 1). Large σ signals interactions or non-linearity.
    pub sigma: Vec<f64>,
    /// Elementary effects per factor (= trajectories r).
    pub effects: usize,
}

/// Morris measures from a [`Design::Morris`] and its outputs by row.
pub fn morris(design: &Design, outputs: &[f64]) -> Result<MorrisIndices, SensitivityError> {
    if !matches!(design, Design::Morris { .. }) {
        return Err(SensitivityError::WrongDesign { expected: "Morris" });
    }
    check_outputs(design, outputs)?;
    let k = design.k();
    let mut effects: Vec<Vec<f64>> = vec![Vec::new(); k];
    for (row, pair) in outputs.windows(2).enumerate() {
        // `pair[1]` is row + 1; its role says which factor moved to reach it.
        if let RowRole::Morris {
            changed: Some(i),
            delta,
            ..
        } = design.role(row + 1)?
        {
            effects[i].push((pair[1] - pair[0]) / delta);
        }
    }
    let mut out = MorrisIndices {
        mu: Vec::with_capacity(k),
        mu_star: Vec::with_capacity(k),
        sigma: Vec::with_capacity(k),
        effects: effects.first().map_or(0, Vec::len),
    };
    for ee in &effects {
        let n = ee.len() as f64;
        let mu = ee.iter().sum::<f64>() / n;
        let mu_star = ee.iter().map(|e| e.abs()).sum::<f64>() / n;
        let sigma = if ee.len() > 1 {
            (ee.iter().map(|e| (e - mu).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        out.mu.push(mu);
        out.mu_star.push(mu_star);
        out.sigma.push(sigma);
    }
    Ok(out)
}

/// Options for [`sobol`].
#[derive(Debug, Clone, PartialEq)]
pub struct SobolOptions {
    /// Bootstrap resamples; 0 skips the intervals.
    pub resamples: usize,
    /// Confidence level of the intervals, in (0, 1).
    pub confidence: f64,
    /// Seed of the bootstrap resampling.
    pub seed: u64,
}

impl Default for SobolOptions {
    fn default() -> Self {
        Self {
            resamples: 1000,
            confidence: 0.95,
            seed: 0,
        }
    }
}

/// A two-sided confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
}

/// Sobol' indices, one entry per factor.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolIndices {
    /// First-order indices S_i.
    pub first: Vec<f64>,
    /// Total-effect indices ST_i.
    pub total: Vec<f64>,
    /// Percentile-bootstrap intervals for S_i (empty when `resamples` = 0).
    pub first_ci: Vec<Interval>,
    /// Percentile-bootstrap intervals for ST_i (empty when `resamples` = 0).
    pub total_ci: Vec<Interval>,
    /// Variance V of the pooled f(A), f(B).
    pub variance: f64,
    /// Base samples n.
    pub samples: usize,
}

/// Outputs of a Saltelli design regrouped by matrix: a[j], b[j], ab[i][j].
struct Matrices {
    a: Vec<f64>,
    b: Vec<f64>,
    ab: Vec<Vec<f64>>,
}

/// Sobol' indices from a [`Design::Saltelli`] and its outputs by row.
///
/// Estimates are not clipped: small negative S_i or S_i > ST_i are sampling
/// noise and are reported as such, so the intervals stay honest.
pub fn sobol(
    design: &Design,
    outputs: &[f64],
    options: &SobolOptions,
) -> Result<SobolIndices, SensitivityError> {
    let Design::Saltelli { n, k, .. } = *design else {
        return Err(SensitivityError::WrongDesign {
            expected: "Saltelli",
        });
    };
    if !(options.confidence > 0.0 && options.confidence < 1.0) {
        return Err(SensitivityError::BadOption { name: "confidence" });
    }
    check_outputs(design, outputs)?;
    let mut m = Matrices {
        a: vec![0.0; n],
        b: vec![0.0; n],
        ab: vec![vec![0.0; n]; k],
    };
    for (row, &y) in outputs.iter().enumerate() {
        if let RowRole::Saltelli { sample, matrix } = design.role(row)? {
            match matrix {
                SaltelliMatrix::A => m.a[sample] = y,
                SaltelliMatrix::B => m.b[sample] = y,
                SaltelliMatrix::AB(i) => m.ab[i][sample] = y,
            }
        }
    }
    let all: Vec<usize> = (0..n).collect();
    let (first, total, variance) = estimate(&m, &all).ok_or(SensitivityError::ZeroVariance)?;

    let mut first_ci = Vec::new();
    let mut total_ci = Vec::new();
    if options.resamples > 0 {
        let mut boot_first: Vec<Vec<f64>> = vec![Vec::with_capacity(options.resamples); k];
        let mut boot_total: Vec<Vec<f64>> = vec![Vec::with_capacity(options.resamples); k];
        let mut pick = vec![0usize; n];
        for b in 0..options.resamples {
            for (slot, p) in pick.iter_mut().enumerate() {
                let u = unit(options.seed, STREAM_BOOTSTRAP, b as u64, slot as u64);
                *p = ((u * n as f64) as usize).min(n - 1);
            }
            // A resample with constant outputs has no indices; dropping it
            // is the usual convention and cannot bias a non-degenerate case.
            if let Some((f, t, _)) = estimate(&m, &pick) {
                for i in 0..k {
                    boot_first[i].push(f[i]);
                    boot_total[i].push(t[i]);
                }
            }
        }
        let tail = (1.0 - options.confidence) / 2.0;
        for i in 0..k {
            first_ci.push(percentile_interval(&mut boot_first[i], tail, first[i]));
            total_ci.push(percentile_interval(&mut boot_total[i], tail, total[i]));
        }
    }
    Ok(SobolIndices {
        first,
        total,
        first_ci,
        total_ci,
        variance,
        samples: n,
    })
}

fn check_outputs(design: &Design, outputs: &[f64]) -> Result<(), SensitivityError> {
    design.validate()?;
    let expected = design.rows();
    if outputs.len() != expected {
        return Err(SensitivityError::OutputLength {
            expected,
            got: outputs.len(),
        });
    }
    match outputs.iter().position(|y| !y.is_finite()) {
        Some(row) => Err(SensitivityError::NonFinite { row }),
        None => Ok(()),
    }
}

/// (S, ST, V) over the base samples listed in `pick` (repeats allowed);
/// `None` when V = 0.
fn estimate(m: &Matrices, pick: &[usize]) -> Option<(Vec<f64>, Vec<f64>, f64)> {
    let count = pick.len() as f64;
    let mean = pick.iter().map(|&j| m.a[j] + m.b[j]).sum::<f64>() / (2.0 * count);
    // Two-pass variance: outputs are often large with small spread.
    let variance = pick
        .iter()
        .map(|&j| (m.a[j] - mean).powi(2) + (m.b[j] - mean).powi(2))
        .sum::<f64>()
        / (2.0 * count);
    if variance <= 0.0 {
        return None;
    }
    let mut first = Vec::with_capacity(m.ab.len());
    let mut total = Vec::with_capacity(m.ab.len());
    for ab in &m.ab {
        let mut s = 0.0;
        let mut st = 0.0;
        for &j in pick {
            s += (m.b[j] - mean) * (ab[j] - m.a[j]);
            st += (m.a[j] - ab[j]).powi(2);
        }
        first.push(s / count / variance);
        total.push(st / count / 2.0 / variance);
    }
    Some((first, total, variance))
}

/// Percentile interval with linear interpolation between order statistics;
/// collapses to `point` when no resample survived.
fn percentile_interval(values: &mut [f64], tail: f64, point: f64) -> Interval {
    if values.is_empty() {
        return Interval {
            lo: point,
            hi: point,
        };
    }
    values.sort_by(f64::total_cmp);
    Interval {
        lo: quantile(values, tail),
        hi: quantile(values, 1.0 - tail),
    }
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let frac = pos - lo as f64;
    sorted[lo] + (sorted[hi] - sorted[lo]) * frac
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    fn run(design: &Design, f: impl Fn(&[f64]) -> f64) -> Vec<f64> {
        (0..design.rows())
            .map(|r| f(&design.row(r).unwrap()))
            .collect()
    }

    fn ishigami(u: &[f64]) -> f64 {
        let x: Vec<f64> = u.iter().map(|v| -PI + 2.0 * PI * v).collect();
        x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
    }

    const G_A: [f64; 8] = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0];

    fn g_function(x: &[f64]) -> f64 {
        x.iter()
            .zip(G_A)
            .map(|(x, a)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a))
            .product()
    }

    #[test]
    fn ishigami_matches_analytic_indices() {
        let (a, b) = (7.0, 0.1);
        let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
        let v = v1 + v2 + v13;
        let s = [v1 / v, v2 / v, 0.0];
        let st = [(v1 + v13) / v, v2 / v, v13 / v];
        assert!((s[0] - 0.314).abs() < 1e-3 && (st[2] - 0.244).abs() < 1e-3);

        let design = Design::Saltelli {
            n: 1 << 13,
            k: 3,
            skip: 0,
            seed: None,
        };
        let y = run(&design, ishigami);
        let opts = SobolOptions {
            resamples: 200,
            ..SobolOptions::default()
        };
        let r = sobol(&design, &y, &opts).unwrap();
        for i in 0..3 {
            assert!(
                (r.first[i] - s[i]).abs() < 0.03,
                "S{i} = {} vs {}",
                r.first[i],
                s[i]
            );
            assert!(
                (r.total[i] - st[i]).abs() < 0.03,
                "ST{i} = {} vs {}",
                r.total[i],
                st[i]
            );
            let (fc, tc) = (r.first_ci[i], r.total_ci[i]);
            assert!(
                fc.lo <= r.first[i] && r.first[i] <= fc.hi,
                "S{i} outside its CI"
            );
            assert!(
                tc.lo <= r.total[i] && r.total[i] <= tc.hi,
                "ST{i} outside its CI"
            );
            assert!(fc.hi - fc.lo < 0.1 && tc.hi - tc.lo < 0.1);
        }
        assert!((r.variance - v).abs() / v < 0.02);
    }

    #[test]
    fn g_function_first_order_and_total() {
        let vi: Vec<f64> = G_A
            .iter()
            .map(|a| 1.0 / (3.0 * (1.0 + a).powi(2)))
            .collect();
        let v = vi.iter().map(|x| 1.0 + x).product::<f64>() - 1.0;
        let design = Design::Saltelli {
            n: 1 << 13,
            k: 8,
            skip: 0,
            seed: None,
        };
        let y = run(&design, g_function);
        let opts = SobolOptions {
            resamples: 0,
            ..SobolOptions::default()
        };
        let r = sobol(&design, &y, &opts).unwrap();
        assert!(r.first_ci.is_empty() && r.total_ci.is_empty());
        for i in 0..8 {
            let s = vi[i] / v;
            // ST_i = V_i Π_{j≠i}(1+V_j) / V.
            let st = vi[i]
                * vi.iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .map(|(_, x)| 1.0 + x)
                    .product::<f64>()
                / v;
            assert!(
                (r.first[i] - s).abs() < 0.03,
                "S{i} = {} vs {s}",
                r.first[i]
            );
            assert!(
                (r.total[i] - st).abs() < 0.03,
                "ST{i} = {} vs {st}",
                r.total[i]
            );
        }
    }

    #[test]
    fn first_order_indices_do_not_depend_on_where_the_outputs_lie() {
        // An outcome with a large mean and a small spread (unresolved-debt households:
        // mean about 400, sd 5) must give the indices of the same outcome around zero,
        // and S_i <= ST_i up to sampling noise with a tight interval.
        let design = Design::Saltelli {
            n: 512,
            k: 8,
            skip: 0,
            seed: None,
        };
        let y = run(&design, g_function);
        let shifted: Vec<f64> = y.iter().map(|v| 400.0 + 5.0 * v).collect();
        let opts = SobolOptions {
            resamples: 200,
            ..SobolOptions::default()
        };
        let (a, b) = (
            sobol(&design, &y, &opts).unwrap(),
            sobol(&design, &shifted, &opts).unwrap(),
        );
        for i in 0..8 {
            assert!(
                (a.first[i] - b.first[i]).abs() < 1e-9,
                "S{i}: {} vs {}",
                a.first[i],
                b.first[i]
            );
            assert!((a.total[i] - b.total[i]).abs() < 1e-9);
            let width = b.first_ci[i].hi - b.first_ci[i].lo;
            assert!(width < 0.5, "S{i} interval {width} wide");
            assert!(
                b.first[i] <= b.total[i] + 0.1,
                "S{i} {} > ST {}",
                b.first[i],
                b.total[i]
            );
        }
    }

    /// Analytic (S, ST) of the Ishigami function (a = 7, b = 0.1).
    fn ishigami_analytic() -> (Vec<f64>, Vec<f64>) {
        let (a, b) = (7.0, 0.1);
        let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
        let v = v1 + v2 + v13;
        (
            vec![v1 / v, v2 / v, 0.0],
            vec![(v1 + v13) / v, v2 / v, v13 / v],
        )
    }

    /// Analytic (S, ST) of the G-function with [`G_A`].
    fn g_analytic() -> (Vec<f64>, Vec<f64>) {
        let vi: Vec<f64> = G_A
            .iter()
            .map(|a| 1.0 / (3.0 * (1.0 + a).powi(2)))
            .collect();
        let v = vi.iter().map(|x| 1.0 + x).product::<f64>() - 1.0;
        let s = vi.iter().map(|x| x / v).collect();
        let st = (0..vi.len())
            .map(|i| {
                vi[i]
                    * vi.iter()
                        .enumerate()
                        .filter(|&(j, _)| j != i)
                        .map(|(_, x)| 1.0 + x)
                        .product::<f64>()
                    / v
            })
            .collect();
        (s, st)
    }

    #[test]
    fn a_constant_million_added_changes_nothing_and_intervals_cover_the_truth() {
        // Issue 18: the uncentred S1 read 2.42 [-1.19, 6.35] on an outcome with mean
        // 404. At the N the README documents for these checks (2^13), for Ishigami and
        // the G-function with and without 10^6 added: the same indices within the
        // bootstrap interval, S1 <= ST and sum S1 <= 1 within the intervals, and the
        // 95% intervals covering the analytic values.
        type F = fn(&[f64]) -> f64;
        type Analytic = (Vec<f64>, Vec<f64>);
        let cases: [(F, usize, Analytic); 2] = [
            (ishigami, 3, ishigami_analytic()),
            (g_function, 8, g_analytic()),
        ];
        let opts = SobolOptions {
            resamples: 300,
            ..SobolOptions::default()
        };
        for (f, k, (s, st)) in cases {
            let design = Design::Saltelli {
                n: 1 << 13,
                k,
                skip: 0,
                seed: None,
            };
            let y = run(&design, f);
            let big: Vec<f64> = y.iter().map(|v| v + 1e6).collect();
            let plain = sobol(&design, &y, &opts).unwrap();
            let shifted = sobol(&design, &big, &opts).unwrap();
            for r in [&plain, &shifted] {
                for i in 0..k {
                    let (fc, tc) = (r.first_ci[i], r.total_ci[i]);
                    assert!(
                        fc.lo <= s[i] && s[i] <= fc.hi,
                        "k={k} S{i} {s:?} outside [{}, {}]",
                        fc.lo,
                        fc.hi
                    );
                    assert!(
                        tc.lo <= st[i] && st[i] <= tc.hi,
                        "k={k} ST{i} {} outside [{}, {}]",
                        st[i],
                        tc.lo,
                        tc.hi
                    );
                    assert!(
                        fc.lo <= tc.hi,
                        "k={k} S{i} above ST{i} beyond the intervals"
                    );
                }
                let low_sum: f64 = r.first_ci.iter().map(|c| c.lo).sum();
                assert!(low_sum <= 1.0, "k={k} sum of S1 {low_sum} > 1");
            }
            for i in 0..k {
                let (fc, tc) = (plain.first_ci[i], plain.total_ci[i]);
                assert!(
                    fc.lo <= shifted.first[i] && shifted.first[i] <= fc.hi,
                    "k={k} S{i}: {} with 1e6 added, {} without",
                    shifted.first[i],
                    plain.first[i]
                );
                assert!(tc.lo <= shifted.total[i] && shifted.total[i] <= tc.hi);
            }
        }
    }

    #[test]
    fn morris_ranks_g_function_factors() {
        let design = Design::Morris {
            k: 8,
            r: 40,
            levels: 4,
            seed: 2024,
        };
        let y = run(&design, g_function);
        let m = morris(&design, &y).unwrap();
        assert_eq!(m.effects, 40);
        let ms = &m.mu_star;
        for i in 0..3 {
            assert!(ms[i] > ms[i + 1], "mu* not decreasing at {i}: {ms:?}");
        }
        let tail_max = ms[4..].iter().cloned().fold(0.0, f64::max);
        assert!(ms[3] > tail_max, "{ms:?}");
        assert!(ms[1] > 2.0 * ms[2], "first two not clearly on top: {ms:?}");
        for ((mu, mu_star), sigma) in m.mu.iter().zip(ms).zip(&m.sigma) {
            assert!(mu.abs() <= mu_star + 1e-12 && *sigma >= 0.0);
        }
    }

    #[test]
    fn morris_recovers_linear_coefficients() {
        let design = Design::Morris {
            k: 3,
            r: 5,
            levels: 6,
            seed: 1,
        };
        let y = run(&design, |x| 2.0 * x[0] - 3.0 * x[1] + 0.0 * x[2]);
        let m = morris(&design, &y).unwrap();
        let want = [2.0, -3.0, 0.0];
        for (i, w) in want.iter().enumerate() {
            assert!((m.mu[i] - w).abs() < 1e-9);
            assert!((m.mu_star[i] - w.abs()).abs() < 1e-9);
            assert!(m.sigma[i] < 1e-9);
        }
    }

    #[test]
    fn bootstrap_is_deterministic_and_seeded() {
        let design = Design::Saltelli {
            n: 256,
            k: 3,
            skip: 0,
            seed: None,
        };
        let y = run(&design, ishigami);
        let opts = SobolOptions {
            resamples: 50,
            confidence: 0.9,
            seed: 4,
        };
        let a = sobol(&design, &y, &opts).unwrap();
        let b = sobol(&design, &y, &opts).unwrap();
        assert_eq!(a, b);
        let c = sobol(&design, &y, &SobolOptions { seed: 5, ..opts }).unwrap();
        assert_eq!(a.first, c.first);
        assert_ne!(a.first_ci, c.first_ci);
    }

    #[test]
    fn input_errors() {
        let saltelli = Design::Saltelli {
            n: 4,
            k: 2,
            skip: 0,
            seed: None,
        };
        let morris_d = Design::Morris {
            k: 2,
            r: 2,
            levels: 4,
            seed: 0,
        };
        let opts = SobolOptions::default();
        assert_eq!(
            sobol(&morris_d, &[0.0; 6], &opts),
            Err(SensitivityError::WrongDesign {
                expected: "Saltelli"
            })
        );
        assert_eq!(
            morris(&saltelli, &[0.0; 16]),
            Err(SensitivityError::WrongDesign { expected: "Morris" })
        );
        assert_eq!(
            sobol(&saltelli, &[0.0; 15], &opts),
            Err(SensitivityError::OutputLength {
                expected: 16,
                got: 15
            })
        );
        let mut y = vec![1.0; 16];
        assert_eq!(
            sobol(&saltelli, &y, &opts),
            Err(SensitivityError::ZeroVariance)
        );
        y[7] = f64::NAN;
        assert_eq!(
            sobol(&saltelli, &y, &opts),
            Err(SensitivityError::NonFinite { row: 7 })
        );
        let bad = SobolOptions {
            confidence: 1.0,
            ..opts
        };
        assert_eq!(
            sobol(&saltelli, &[0.0; 16], &bad),
            Err(SensitivityError::BadOption { name: "confidence" })
        );
        let invalid = Design::Saltelli {
            n: 3,
            k: 2,
            skip: 0,
            seed: None,
        };
        assert!(matches!(
            sobol(&invalid, &[], &opts),
            Err(SensitivityError::Design(DesignError::NotPowerOfTwo { .. }))
        ));
    }
}
