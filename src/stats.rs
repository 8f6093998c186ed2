//! Summary statistics: means with 95% intervals, and paired differences from the
//! reference model. With common random numbers the paired differences are far
//! tighter than the separate intervals suggest (docs/ODD.md section 3.3).

use statrs::distribution::{ContinuousCDF, StudentsT};

/// Mean, standard deviation and 95% t-interval of a sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Sample size.
    pub n: usize,
    /// Mean.
    pub mean: f64,
    /// Standard deviation (n - 1).
    pub sd: f64,
    /// Lower end of the 95% interval of the mean.
    pub lo: f64,
    /// Upper end of the 95% interval of the mean.
    pub hi: f64,
}

/// Summarise `xs`. With one value the interval is that value (no spread to estimate).
pub fn summarise(xs: &[f64]) -> Summary {
    let n = xs.len();
    if n == 0 {
        return Summary {
            n,
            mean: f64::NAN,
            sd: f64::NAN,
            lo: f64::NAN,
            hi: f64::NAN,
        };
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    if n == 1 {
        return Summary {
            n,
            mean,
            sd: 0.0,
            lo: mean,
            hi: mean,
        };
    }
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let sd = var.sqrt();
    let t = StudentsT::new(0.0, 1.0, (n - 1) as f64)
        .map(|d| d.inverse_cdf(0.975))
        .unwrap_or(1.96);
    let half = t * sd / (n as f64).sqrt();
    Summary {
        n,
        mean,
        sd,
        lo: mean - half,
        hi: mean + half,
    }
}

/// Paired differences `a[i] - b[i]`, summarised.
pub fn paired(a: &[f64], b: &[f64]) -> Summary {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    summarise(&d)
}

/// Mean and standard deviation of `xs` with, as its interval, the range that holds the
/// middle 95% of the values (2.5th to 97.5th percentile, linear interpolation): under a
/// probabilistic sensitivity analysis each replication is one possible future, and
/// this says where the outcome may lie, not how precisely its mean is known.
pub fn spread(xs: &[f64]) -> Summary {
    let mut s = summarise(xs);
    if xs.len() < 2 {
        return s;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let h = p * (v.len() - 1) as f64;
        let (i, f) = (h.floor() as usize, h - h.floor());
        v[i] + f * (v[(i + 1).min(v.len() - 1)] - v[i])
    };
    s.lo = q(0.025);
    s.hi = q(0.975);
    s
}

/// Which interval a summary carries: of the mean (replications as noise around one
/// true value) or of the values themselves (replications as possible futures).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntervalKind {
    /// 95% t-interval of the mean.
    Mean,
    /// Middle 95% of the values.
    Spread,
}

/// Summarise `xs` with the interval of `kind`.
pub fn summarise_as(xs: &[f64], kind: IntervalKind) -> Summary {
    match kind {
        IntervalKind::Mean => summarise(xs),
        IntervalKind::Spread => spread(xs),
    }
}

/// Paired differences `a[i] - b[i]`, summarised with the interval of `kind`.
pub fn paired_as(a: &[f64], b: &[f64], kind: IntervalKind) -> Summary {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    summarise_as(&d, kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_matches_t_table() {
        let s = summarise(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(s.mean, 3.0);
        assert!((s.sd - 2.5f64.sqrt()).abs() < 1e-12);
        // t(0.975, 4) = 2.776
        assert!((s.hi - 3.0 - 2.776 * s.sd / 5f64.sqrt()).abs() < 1e-3);
    }

    #[test]
    fn spread_is_the_middle_95_percent() {
        let xs: Vec<f64> = (0..=200).map(|i| i as f64).collect();
        let s = spread(&xs);
        assert_eq!(s.mean, 100.0);
        assert!(
            (s.lo - 5.0).abs() < 1e-9 && (s.hi - 195.0).abs() < 1e-9,
            "{s:?}"
        );
        // Unlike the interval of the mean, it does not shrink with more values.
        let more: Vec<f64> = (0..=2000).map(|i| i as f64 / 10.0).collect();
        assert!((spread(&more).lo - 5.0).abs() < 1e-9);
    }

    #[test]
    fn paired_removes_shared_noise() {
        let a = [10.0, 20.0, 30.0];
        let b = [9.0, 19.0, 29.0];
        let d = paired(&a, &b);
        assert_eq!(d.mean, 1.0);
        assert_eq!(d.sd, 0.0);
    }
}
