//! Summary statistics: means with 95% intervals, and paired differences from the
//! reference model. With common random numbers the paired differences are far
//! tighter than the separate intervals suggest (MODEL.md section 6).

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
    fn paired_removes_shared_noise() {
        let a = [10.0, 20.0, 30.0];
        let b = [9.0, 19.0, 29.0];
        let d = paired(&a, &b);
        assert_eq!(d.mean, 1.0);
        assert_eq!(d.sd, 0.0);
    }
}
