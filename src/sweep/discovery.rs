//! Scenario discovery with PRIM, the Patient Rule Induction Method.
//!
//! After a sweep, the question is often not "which input matters" but "in
//! which region of the inputs does outcome X happen" (e.g. "the partial model
//! is the best one"). PRIM (Friedman & Fisher 1999, "Bump hunting in
//! high-dimensional data", Stat. Comput. 9:123–143), as used for scenario
//! discovery by Bryant & Lempert (2010) and the EMA Workbench (Kwakkel 2017),
//! answers with an axis-aligned box that is easy to state in words.
//!
//! Algorithm, in brief:
//! 1. **Peeling.** Starting from the box holding every point, repeatedly
//!    remove the `peel_alpha` slice at the low or the high end of one
//!    dimension, choosing the slice whose removal leaves the highest
//!    **density** (share of points of interest in the box). Ties go to the
//!    lower dimension index, low end before high end. Where ties in the data
//!    make an α-slice empty (discrete parameters) the whole lowest (highest)
//!    value group is the slice, so discrete axes can still be peeled. Stop
//!    when no slice can be removed without the box holding fewer than
//!    `min_mass` of all points.
//! 2. **Choice.** Among the boxes on the peeling trajectory whose coverage
//!    (share of all points of interest inside the box) is at least
//!    `min_coverage`, take the one with the highest Dice / F1 score, the
//!    harmonic mean of density and coverage, `2·hits / (points + all hits)`;
//!    ties go to the earlier (larger) box. Maximising density alone would
//!    always pick the tiny final box; F1 trades the two as precision and
//!    recall are traded in classification.
//!    A box must also have **support**: at least `min_mass` of all points
//!    (10%), at least `min_hits` points of interest (10), and a density
//!    clearly above that of the points outside it (a two-proportion z of at
//!    least `min_z`, 3.5: strict, because peeling tries many boxes and the best
//!    of them on pure noise looks better than chance). When no box on the
//!    trajectory clears these, there is no box ([`PrimError::NoBox`]): a box
//!    built on 2 winning points of a 24-point design once read as a finding.
//! 3. **Pasting** (optional). Grow the chosen box by `paste_alpha` slices of
//!    the points just outside one face while that raises the density (which,
//!    since pasting only adds points, raises the F1 score too).
//!
//! A restricted limit is written as the shortest decimal between the box's
//! last point and the first point it excludes, so that no rounding of the
//! printed bound moves a point across it (a lower limit 79,492 once read
//! "≥ 79500", excluding the point it was drawn at).
//!
//! Everything is computed from counts with exact integer comparisons and
//! values sorted by `total_cmp`, so the result depends neither on row order
//! nor on the machine.

use std::fmt;

/// Why PRIM cannot run.
#[derive(Debug, Clone, PartialEq)]
pub enum PrimError {
    /// No rows were given.
    NoRows,
    /// No parameter names (k = 0) were given.
    NoAxes,
    /// A row does not have one value per parameter name.
    RowLength {
        /// The offending row.
        row: usize,
        /// Its length.
        len: usize,
        /// The number of names.
        expected: usize,
    },
    /// The target does not have one flag per row.
    TargetLength {
        /// Rows given.
        expected: usize,
        /// Flags given.
        got: usize,
    },
    /// An input is NaN or infinite.
    NonFinite {
        /// Row of the value.
        row: usize,
        /// Column of the value.
        column: usize,
    },
    /// No row is of interest, so there is nothing to find.
    NoPointsOfInterest,
    /// No box clears the minimum support (see the module doc).
    NoBox {
        /// Least points of interest a box must hold.
        min_hits: usize,
        /// Least share of all points a box must hold.
        min_mass: f64,
        /// Least two-proportion z of the box's density against the rest's.
        min_z: f64,
    },
    /// An option is out of its domain.
    BadOption {
        /// Which option.
        name: &'static str,
    },
}

impl fmt::Display for PrimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoRows => write!(f, "PRIM needs at least one row"),
            Self::NoAxes => write!(f, "PRIM needs at least one parameter"),
            Self::RowLength { row, len, expected } => {
                write!(f, "row {row} has {len} values, expected {expected}")
            }
            Self::TargetLength { expected, got } => {
                write!(
                    f,
                    "expected {expected} target flags (one per row), got {got}"
                )
            }
            Self::NonFinite { row, column } => {
                write!(f, "input at row {row}, column {column} is not finite")
            }
            Self::NoPointsOfInterest => write!(f, "no row is of interest"),
            Self::NoBox {
                min_hits,
                min_mass,
                min_z,
            } => write!(
                f,
                "no box holds at least {min_hits} of the points of interest and {:.0}% of all \
                 points with a density clearly above the rest's (z ≥ {min_z})",
                100.0 * min_mass
            ),
            Self::BadOption { name } => write!(f, "option `{name}` is out of range"),
        }
    }
}

impl std::error::Error for PrimError {}

/// PRIM options; the defaults are those of the EMA Workbench where it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct PrimOptions {
    /// Share of the box's points removed per peel, in (0, 0.5]. Default 0.05.
    pub peel_alpha: f64,
    /// Share of the box's points added per paste, in (0, 1). Default 0.05.
    pub paste_alpha: f64,
    /// Smallest box, as a share of all points, in (0, 1]. Default 0.10.
    pub min_mass: f64,
    /// Fewest points of interest a box must hold. Default 10.
    pub min_hits: usize,
    /// Least two-proportion z of a box's density against the points outside it.
    /// Default 3.5.
    pub min_z: f64,
    /// Least coverage a box must have to be chosen, in [0, 1]. Default 0.5.
    pub min_coverage: f64,
    /// Whether to paste the chosen box. Default true.
    pub paste: bool,
}

impl Default for PrimOptions {
    fn default() -> Self {
        Self {
            peel_alpha: 0.05,
            paste_alpha: 0.05,
            min_mass: 0.10,
            min_hits: 10,
            min_z: 3.5,
            min_coverage: 0.5,
            paste: true,
        }
    }
}

/// The limits of a box on one parameter; the box is closed: `lo ≤ x ≤ hi`.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxLimit {
    /// Parameter name.
    pub name: String,
    /// Lower limit (the data minimum when not restricted).
    pub lo: f64,
    /// Upper limit (the data maximum when not restricted).
    pub hi: f64,
    /// Whether the lower limit excludes some data.
    pub lo_restricted: bool,
    /// Whether the upper limit excludes some data.
    pub hi_restricted: bool,
}

impl BoxLimit {
    /// Whether either limit excludes some data.
    pub fn restricted(&self) -> bool {
        self.lo_restricted || self.hi_restricted
    }
}

/// One box with its quality measures.
#[derive(Debug, Clone, PartialEq)]
pub struct PrimBox {
    /// Limits, one per parameter, in input column order.
    pub limits: Vec<BoxLimit>,
    /// Share of all points of interest that lie in the box.
    pub coverage: f64,
    /// Share of the box's points that are of interest.
    pub density: f64,
    /// Share of all points that lie in the box.
    pub mass: f64,
    /// Points in the box.
    pub points: usize,
    /// Points of interest in the box.
    pub hits: usize,
}

impl PrimBox {
    /// Whether `point` (one value per parameter) lies in the box.
    pub fn contains(&self, point: &[f64]) -> bool {
        point.len() == self.limits.len()
            && self
                .limits
                .iter()
                .zip(point)
                .all(|(l, &v)| l.lo <= v && v <= l.hi)
    }

    /// The box in plain words, naming only restricted parameters, e.g.
    /// "partial is best in 83% of points where a ≥ 0.31 and b ≤ 5.2 (covers
    /// 74% of the points where partial is best; 21% of all points)".
    /// `claim` is the outcome of interest as a clause ("partial is best").
    pub fn describe(&self, claim: &str) -> String {
        let conditions: Vec<String> = self
            .limits
            .iter()
            .filter_map(|l| match (l.lo_restricted, l.hi_restricted) {
                (true, true) if l.lo == l.hi => Some(format!("{} = {}", l.name, bound_text(l.lo))),
                (true, true) => Some(format!(
                    "{} ≤ {} ≤ {}",
                    bound_text(l.lo),
                    l.name,
                    bound_text(l.hi)
                )),
                (true, false) => Some(format!("{} ≥ {}", l.name, bound_text(l.lo))),
                (false, true) => Some(format!("{} ≤ {}", l.name, bound_text(l.hi))),
                (false, false) => None,
            })
            .collect();
        // Never round a minority to nothing or a near-total to all.
        let pct = |x: f64| {
            if x > 0.0 && x < 0.005 {
                "<1%".to_string()
            } else if (0.995..1.0).contains(&x) {
                ">99%".to_string()
            } else {
                format!("{:.0}%", 100.0 * x)
            }
        };
        if conditions.is_empty() {
            return format!(
                "{claim} in {} of all points (no restricting box found)",
                pct(self.density)
            );
        }
        format!(
            "{claim} in {} of points where {} (covers {} of the points where {claim}; {} of all points)",
            pct(self.density),
            conditions.join(" and "),
            pct(self.coverage),
            pct(self.mass)
        )
    }
}

/// The result of [`prim`].
#[derive(Debug, Clone, PartialEq)]
pub struct PrimResult {
    /// Boxes on the peeling trajectory; element 0 holds every point.
    pub peeling: Vec<PrimBox>,
    /// Index in `peeling` of the chosen box (see the module doc).
    pub chosen: usize,
    /// Boxes after each accepted paste of the chosen box (may be empty).
    pub pasting: Vec<PrimBox>,
    /// The final box: the last pasted box, or the chosen peeled box.
    pub best: PrimBox,
}

/// Working state of a box: its limits and what it holds.
#[derive(Debug, Clone)]
struct Candidate {
    lo: Vec<f64>,
    hi: Vec<f64>,
    points: usize,
    hits: usize,
}

/// Runs PRIM on `x` (rows × k, in the parameters' own units) with
/// `target[r]` saying whether row `r` is of interest.
pub fn prim<S: AsRef<str>>(
    x: &[Vec<f64>],
    target: &[bool],
    names: &[S],
    options: &PrimOptions,
) -> Result<PrimResult, PrimError> {
    validate(x, target, names, options)?;
    let n = x.len();
    let k = names.len();
    let total_hits = target.iter().filter(|&&t| t).count();
    let mut data_lo = vec![f64::INFINITY; k];
    let mut data_hi = vec![f64::NEG_INFINITY; k];
    for row in x {
        for (d, &v) in row.iter().enumerate() {
            data_lo[d] = data_lo[d].min(v);
            data_hi[d] = data_hi[d].max(v);
        }
    }
    let data = Data {
        x,
        target,
        names: names.iter().map(|s| s.as_ref().to_owned()).collect(),
        data_lo,
        data_hi,
        total_hits,
    };
    let min_points = ((options.min_mass * n as f64).ceil() as usize).max(1);

    let mut current = Candidate {
        lo: data.data_lo.clone(),
        hi: data.data_hi.clone(),
        points: n,
        hits: total_hits,
    };
    let mut trajectory = vec![current.clone()];
    while let Some(next) = data.best_peel(&current, options.peel_alpha, min_points) {
        trajectory.push(next.clone());
        current = next;
    }

    // Support: enough points of interest, and a density the rest of the points do
    // not come close to by chance.
    let supported =
        |c: &Candidate| c.hits >= options.min_hits && z_score(c, n, total_hits) >= options.min_z;
    let mut chosen = 0;
    for (i, c) in trajectory.iter().enumerate() {
        let covered =
            c.hits as f64 >= options.min_coverage * total_hits as f64 && (i == 0 || supported(c));
        // Dice 2h/(p+H): compare h1·(p2+H) > h2·(p1+H) exactly.
        let best = &trajectory[chosen];
        let better = c.hits as u128 * (best.points + total_hits) as u128
            > best.hits as u128 * (c.points + total_hits) as u128;
        if covered && better {
            chosen = i;
        }
    }

    if chosen == 0 && total_hits < n {
        return Err(PrimError::NoBox {
            min_hits: options.min_hits,
            min_mass: options.min_mass,
            min_z: options.min_z,
        });
    }
    let mut pasting = Vec::new();
    if options.paste {
        let mut pasted = trajectory[chosen].clone();
        while let Some(next) = data.best_paste(&pasted, options.paste_alpha) {
            pasting.push(data.to_box(&next));
            pasted = next;
        }
    }
    let peeling: Vec<PrimBox> = trajectory.iter().map(|c| data.to_box(c)).collect();
    let best = pasting
        .last()
        .cloned()
        .unwrap_or_else(|| peeling[chosen].clone());
    Ok(PrimResult {
        peeling,
        chosen,
        pasting,
        best,
    })
}

fn validate<S: AsRef<str>>(
    x: &[Vec<f64>],
    target: &[bool],
    names: &[S],
    o: &PrimOptions,
) -> Result<(), PrimError> {
    if x.is_empty() {
        return Err(PrimError::NoRows);
    }
    if names.is_empty() {
        return Err(PrimError::NoAxes);
    }
    if target.len() != x.len() {
        return Err(PrimError::TargetLength {
            expected: x.len(),
            got: target.len(),
        });
    }
    for (row, values) in x.iter().enumerate() {
        if values.len() != names.len() {
            return Err(PrimError::RowLength {
                row,
                len: values.len(),
                expected: names.len(),
            });
        }
        if let Some(column) = values.iter().position(|v| !v.is_finite()) {
            return Err(PrimError::NonFinite { row, column });
        }
    }
    if !target.iter().any(|&t| t) {
        return Err(PrimError::NoPointsOfInterest);
    }
    let checks = [
        ("peel_alpha", o.peel_alpha > 0.0 && o.peel_alpha <= 0.5),
        ("paste_alpha", o.paste_alpha > 0.0 && o.paste_alpha < 1.0),
        ("min_mass", o.min_mass > 0.0 && o.min_mass <= 1.0),
        ("min_coverage", (0.0..=1.0).contains(&o.min_coverage)),
        ("min_z", o.min_z.is_finite()),
    ];
    match checks.iter().find(|(_, ok)| !ok) {
        Some(&(name, _)) => Err(PrimError::BadOption { name }),
        None => Ok(()),
    }
}

struct Data<'a> {
    x: &'a [Vec<f64>],
    target: &'a [bool],
    names: Vec<String>,
    data_lo: Vec<f64>,
    data_hi: Vec<f64>,
    total_hits: usize,
}

impl Data<'_> {
    fn inside(&self, row: &[f64], lo: &[f64], hi: &[f64]) -> bool {
        row.iter()
            .zip(lo.iter().zip(hi))
            .all(|(&v, (&l, &h))| l <= v && v <= h)
    }

    /// Whether `row` lies in the box on every dimension except `skip`.
    fn inside_except(&self, row: &[f64], c: &Candidate, skip: usize) -> bool {
        row.iter()
            .enumerate()
            .all(|(d, &v)| d == skip || (c.lo[d] <= v && v <= c.hi[d]))
    }

    fn count(&self, lo: &[f64], hi: &[f64]) -> (usize, usize) {
        let mut points = 0;
        let mut hits = 0;
        for (row, &t) in self.x.iter().zip(self.target) {
            if self.inside(row, lo, hi) {
                points += 1;
                hits += usize::from(t);
            }
        }
        (points, hits)
    }

    fn best_peel(&self, c: &Candidate, alpha: f64, min_points: usize) -> Option<Candidate> {
        let members: Vec<usize> = (0..self.x.len())
            .filter(|&r| self.inside(&self.x[r], &c.lo, &c.hi))
            .collect();
        let m = members.len();
        let slice = ((alpha * m as f64).ceil() as usize).max(1);
        if slice >= m {
            return None;
        }
        let mut best: Option<Candidate> = None;
        for d in 0..self.names.len() {
            let mut values: Vec<f64> = members.iter().map(|&r| self.x[r][d]).collect();
            values.sort_by(f64::total_cmp);
            let (first, last) = (values[0], values[m - 1]);
            // An α-slice inside a tie group removes nothing; then the whole
            // end group is the slice, so discrete axes can still be peeled.
            let low_cut = match values[slice] {
                v if v > first => Some(v),
                _ => values.iter().copied().find(|&v| v > first),
            };
            let high_cut = match values[m - 1 - slice] {
                v if v < last => Some(v),
                _ => values.iter().rev().copied().find(|&v| v < last),
            };
            // Low end before high end: the documented tie order.
            for (cut, is_low) in [(low_cut, true), (high_cut, false)] {
                let Some(cut) = cut else { continue };
                let mut next = c.clone();
                if is_low {
                    next.lo[d] = cut;
                } else {
                    next.hi[d] = cut;
                }
                let kept = members.iter().filter(|&&r| {
                    let v = self.x[r][d];
                    if is_low {
                        v >= cut
                    } else {
                        v <= cut
                    }
                });
                (next.points, next.hits) = kept.fold((0, 0), |(p, h), &r| {
                    (p + 1, h + usize::from(self.target[r]))
                });
                if next.points < min_points || next.points == m {
                    continue;
                }
                if best.as_ref().is_none_or(|b| denser(&next, b)) {
                    best = Some(next);
                }
            }
        }
        best
    }

    fn best_paste(&self, c: &Candidate, alpha: f64) -> Option<Candidate> {
        let slice = ((alpha * c.points as f64).ceil() as usize).max(1);
        let mut best: Option<Candidate> = None;
        for d in 0..self.names.len() {
            let mut below = Vec::new();
            let mut above = Vec::new();
            for row in self.x {
                if self.inside_except(row, c, d) {
                    if row[d] < c.lo[d] {
                        below.push(row[d]);
                    } else if row[d] > c.hi[d] {
                        above.push(row[d]);
                    }
                }
            }
            below.sort_by(|a, b| b.total_cmp(a));
            above.sort_by(f64::total_cmp);
            for (values, is_low) in [(below, true), (above, false)] {
                let Some(&cut) = values.get(slice.min(values.len()).saturating_sub(1)) else {
                    continue;
                };
                let mut next = c.clone();
                if is_low {
                    next.lo[d] = cut;
                } else {
                    next.hi[d] = cut;
                }
                (next.points, next.hits) = self.count(&next.lo, &next.hi);
                let improves = denser(&next, c);
                if improves && best.as_ref().is_none_or(|b| denser(&next, b)) {
                    best = Some(next);
                }
            }
        }
        best
    }

    fn to_box(&self, c: &Candidate) -> PrimBox {
        let n = self.x.len() as f64;
        PrimBox {
            limits: (0..self.names.len())
                .map(|d| {
                    let (lo_restricted, hi_restricted) =
                        (c.lo[d] > self.data_lo[d], c.hi[d] < self.data_hi[d]);
                    // The nearest values beyond each limit among the points that are
                    // inside on every other axis: those a printed bound must exclude.
                    let mut below = f64::NEG_INFINITY;
                    let mut above = f64::INFINITY;
                    for row in self.x {
                        if self.inside_except(row, c, d) {
                            let v = row[d];
                            if v < c.lo[d] {
                                below = below.max(v);
                            } else if v > c.hi[d] {
                                above = above.min(v);
                            }
                        }
                    }
                    let lo = if lo_restricted && below.is_finite() {
                        short_bound(c.lo[d], below, true)
                    } else {
                        c.lo[d]
                    };
                    let hi = if hi_restricted && above.is_finite() {
                        short_bound(c.hi[d], above, false)
                    } else {
                        c.hi[d]
                    };
                    BoxLimit {
                        name: self.names[d].clone(),
                        lo,
                        hi,
                        lo_restricted,
                        hi_restricted,
                    }
                })
                .collect(),
            coverage: c.hits as f64 / self.total_hits as f64,
            density: if c.points == 0 {
                0.0
            } else {
                c.hits as f64 / c.points as f64
            },
            mass: c.points as f64 / n,
            points: c.points,
            hits: c.hits,
        }
    }
}

/// Two-proportion z of the box's density against the density outside it, with the
/// pooled share of points of interest (0 for the full box).
fn z_score(c: &Candidate, n: usize, total_hits: usize) -> f64 {
    let out = n - c.points;
    if c.points == 0 || out == 0 {
        return 0.0;
    }
    let p_in = c.hits as f64 / c.points as f64;
    let p_out = (total_hits - c.hits) as f64 / out as f64;
    let pooled = total_hits as f64 / n as f64;
    let se = (pooled * (1.0 - pooled) * (1.0 / c.points as f64 + 1.0 / out as f64)).sqrt();
    if se == 0.0 {
        0.0
    } else {
        (p_in - p_out) / se
    }
}

/// The shortest decimal `v` with `outside < v <= at` (`down`) or `at <= v < outside`
/// (not `down`): a bound that keeps the box's points and excludes the others however it
/// is printed. `at` itself when no shorter decimal fits.
fn short_bound(at: f64, outside: f64, down: bool) -> f64 {
    let fits = |v: f64| {
        if down {
            outside < v && v <= at
        } else {
            at <= v && v < outside
        }
    };
    for digits in 1..=17usize {
        let sci = format!("{:.*e}", digits - 1, at);
        let Ok(mut v) = sci.parse::<f64>() else {
            continue;
        };
        let exp: i32 = sci
            .split_once('e')
            .and_then(|(_, e)| e.parse().ok())
            .unwrap_or(0);
        // Rounded to nearest: step one unit of the last digit towards the inside.
        let step: f64 = format!("1e{}", exp - (digits as i32 - 1))
            .parse()
            .unwrap_or(0.0);
        if down && v > at {
            v = format!("{:.*e}", digits - 1, v - step)
                .parse()
                .unwrap_or(at);
        } else if !down && v < at {
            v = format!("{:.*e}", digits - 1, v + step)
                .parse()
                .unwrap_or(at);
        }
        if fits(v) {
            return v;
        }
    }
    at
}

/// Strictly higher density, compared exactly as h1·p2 > h2·p1.
fn denser(a: &Candidate, b: &Candidate) -> bool {
    a.hits as u128 * b.points as u128 > b.hits as u128 * a.points as u128
}

/// A box limit as written: its shortest exact decimal (a limit is already the
/// shortest decimal that keeps the box's points apart from the rest).
fn bound_text(v: f64) -> String {
    format!("{v}")
}

#[cfg(test)]
mod tests {
    use super::*;
    // `super::super` rather than `crate::` so the file also compiles as `sweep::discovery`.
    use super::super::design::{hash, unit};

    /// Uniform points in [0,1]^3; interest where x0 > 0.6 and x1 < 0.3, with
    /// 2% of labels flipped.
    fn noisy_box(n: usize) -> (Vec<Vec<f64>>, Vec<bool>) {
        let x: Vec<Vec<f64>> = (0..n as u64)
            .map(|i| (0..3).map(|j| unit(7, 1, i, j)).collect())
            .collect();
        let y = x
            .iter()
            .enumerate()
            .map(|(i, p)| (p[0] > 0.6 && p[1] < 0.3) != (unit(7, 2, i as u64, 0) < 0.02))
            .collect();
        (x, y)
    }

    #[test]
    fn finds_the_planted_box() {
        let (x, y) = noisy_box(4000);
        let r = prim(&x, &y, &["x0", "x1", "x2"], &PrimOptions::default()).unwrap();
        let b = &r.best;
        let [l0, l1, l2] = [&b.limits[0], &b.limits[1], &b.limits[2]];
        assert!(l0.lo_restricted && (l0.lo - 0.6).abs() < 0.05, "{b:?}");
        assert!(l1.hi_restricted && (l1.hi - 0.3).abs() < 0.05, "{b:?}");
        assert!(l2.hi - l2.lo > 0.9, "x2 should be (nearly) free: {b:?}");
        assert!(b.density > 0.9 && b.coverage > 0.8, "{b:?}");
        assert!(r.peeling[0].mass == 1.0 && r.peeling[0].coverage == 1.0);
        let last = r.peeling.last().unwrap();
        assert!(last.mass >= 0.10 && last.mass < 0.11);
        // The description mentions exactly the restricted parameters.
        let text = b.describe("the target holds");
        assert!(
            text.contains("x0 ≥ 0.") && text.contains("x1 ≤ 0.") && !text.contains("x2"),
            "{text}"
        );
    }

    /// `n` points in [0,1]^4 with interest at rate `rate` independent of x (pure noise).
    fn pure_noise(n: usize, seed: u64, rate: f64) -> (Vec<Vec<f64>>, Vec<bool>) {
        let x: Vec<Vec<f64>> = (0..n as u64)
            .map(|i| (0..4).map(|j| unit(seed, 1, i, j)).collect())
            .collect();
        let y = (0..n as u64).map(|i| unit(seed, 2, i, 0) < rate).collect();
        (x, y)
    }

    #[test]
    fn a_planted_box_in_a_design_sized_noisy_sample_is_found() {
        // 448 points (the example sweep's design), interest where x0 > 0.5 and
        // x2 < 0.6, and 10% of the labels flipped either way.
        let n = 448u64;
        let x: Vec<Vec<f64>> = (0..n)
            .map(|i| (0..4).map(|j| unit(11, 1, i, j)).collect())
            .collect();
        let y: Vec<bool> = x
            .iter()
            .enumerate()
            .map(|(i, p)| (p[0] > 0.5 && p[2] < 0.6) != (unit(11, 2, i as u64, 0) < 0.1))
            .collect();
        let r = prim(&x, &y, &["a", "b", "c", "d"], &PrimOptions::default()).unwrap();
        let l = &r.best.limits;
        assert!(l[0].lo_restricted && (l[0].lo - 0.5).abs() < 0.1, "{l:?}");
        assert!(l[2].hi_restricted && (l[2].hi - 0.6).abs() < 0.1, "{l:?}");
        assert!(r.best.density > 0.75 && r.best.hits >= 10, "{:?}", r.best);
    }

    #[test]
    fn pure_noise_gives_no_box() {
        // Interest independent of every axis, at several rates and sizes: PRIM
        // always finds some denser corner, but none clears the support.
        for (seed, n, rate) in [
            (1, 448, 0.3),
            (2, 448, 0.1),
            (3, 1000, 0.5),
            (4, 24, 0.1),
            (5, 200, 0.4),
        ] {
            let (x, y) = pure_noise(n, seed, rate);
            let r = prim(&x, &y, &["a", "b", "c", "d"], &PrimOptions::default());
            assert!(
                matches!(r, Err(PrimError::NoBox { .. })),
                "seed {seed}, {n} points at {rate}: {:?}",
                r.map(|r| r.best.describe("it"))
            );
        }
        // A 24-point design where the model wins at 2 points: no box (too few).
        let (x, _) = pure_noise(24, 9, 0.0);
        let mut y = vec![false; 24];
        y[3] = true;
        y[17] = true;
        let e = prim(&x, &y, &["a", "b", "c", "d"], &PrimOptions::default()).unwrap_err();
        assert!(e.to_string().contains("at least 10 of the points"), "{e}");
    }

    #[test]
    fn printed_bounds_never_move_a_point_across() {
        // Bounds are short decimals strictly between the box's last point and the
        // first it excludes: the printed text, read back, classifies every point as
        // the box does.
        let (x, y) = noisy_box(600);
        let r = prim(&x, &y, &["x0", "x1", "x2"], &PrimOptions::default()).unwrap();
        for b in r.peeling.iter().chain(&r.pasting) {
            let read: Vec<(f64, f64)> = b
                .limits
                .iter()
                .map(|l| {
                    let lo: f64 = bound_text(l.lo).parse().unwrap();
                    let hi: f64 = bound_text(l.hi).parse().unwrap();
                    (lo, hi)
                })
                .collect();
            let inside = |p: &[f64]| p.iter().zip(&read).all(|(v, (lo, hi))| lo <= v && v <= hi);
            let count = x.iter().filter(|p| inside(p)).count();
            assert_eq!(count, b.points, "{b:?}");
            for l in &b.limits {
                assert!(!l.lo_restricted || bound_text(l.lo).len() <= 8, "{l:?}");
                assert!(!l.hi_restricted || bound_text(l.hi).len() <= 8, "{l:?}");
            }
        }
        assert_eq!(short_bound(79_492.0, 79_010.0, true), 79_400.0);
        assert_eq!(short_bound(79_492.0, 79_491.5, true), 79_492.0);
        assert_eq!(short_bound(0.2422, 0.2401, true), 0.242);
        assert_eq!(short_bound(4.1234, 4.2, false), 4.13);
    }

    #[test]
    fn result_does_not_depend_on_row_order() {
        let (x, y) = noisy_box(1500);
        let names = ["a", "b", "c"];
        let r1 = prim(&x, &y, &names, &PrimOptions::default()).unwrap();
        let mut order: Vec<usize> = (0..x.len()).collect();
        order.sort_by_key(|&i| hash(1, 2, i as u64, 0));
        let x2: Vec<Vec<f64>> = order.iter().map(|&i| x[i].clone()).collect();
        let y2: Vec<bool> = order.iter().map(|&i| y[i]).collect();
        let r2 = prim(&x2, &y2, &names, &PrimOptions::default()).unwrap();
        assert_eq!(r1, r2);
    }

    #[test]
    fn ties_go_to_lower_dimension_then_low_end() {
        // A symmetric 20×20 grid where interest is x0 > 0.5 and x1 > 0.5:
        // peeling the low end of x0 or of x1 is equally good.
        let mut x = Vec::new();
        for i in 0..20 {
            for j in 0..20 {
                x.push(vec![(i as f64 + 0.5) / 20.0, (j as f64 + 0.5) / 20.0]);
            }
        }
        let y: Vec<bool> = x.iter().map(|p| p[0] > 0.5 && p[1] > 0.5).collect();
        let r = prim(&x, &y, &["x0", "x1"], &PrimOptions::default()).unwrap();
        let first = &r.peeling[1].limits;
        assert!(first[0].lo_restricted && !first[0].hi_restricted && !first[1].restricted());
    }

    #[test]
    fn discrete_axes_can_be_peeled() {
        let x: Vec<Vec<f64>> = (0..300u64)
            .map(|i| vec![(i % 3) as f64, unit(3, 3, i, 0)])
            .collect();
        let y: Vec<bool> = x.iter().map(|p| p[0] == 2.0).collect();
        let r = prim(&x, &y, &["level", "noise"], &PrimOptions::default()).unwrap();
        assert_eq!(r.best.limits[0].lo, 2.0);
        assert_eq!((r.best.density, r.best.coverage), (1.0, 1.0));
        assert_eq!(
            r.best.describe("it works"),
            "it works in 100% of points where level ≥ 2 (covers 100% of the points where it works; 33% of all points)"
        );
    }

    #[test]
    fn describe_wording() {
        let limit = |name: &str, lo, hi, lr, hr| BoxLimit {
            name: name.to_owned(),
            lo,
            hi,
            lo_restricted: lr,
            hi_restricted: hr,
        };
        let b = PrimBox {
            limits: vec![
                limit("team.finance_detection_own", 0.31, 1.0, true, false),
                limit("unused", 0.0, 9.0, false, false),
                limit("wi.consult_hours_per_week", 0.0, 5.2, false, true),
                limit("both", 0.001234, 1234.5, true, true),
            ],
            coverage: 0.74,
            density: 0.83,
            mass: 0.21,
            points: 21,
            hits: 17,
        };
        assert_eq!(
            b.describe("partial is best"),
            "partial is best in 83% of points where team.finance_detection_own ≥ 0.31 and \
             wi.consult_hours_per_week ≤ 5.2 and 0.001234 ≤ both ≤ 1234.5 (covers 74% of the \
             points where partial is best; 21% of all points)"
        );
        assert!(b.contains(&[0.5, 3.0, 1.0, 1.0]) && !b.contains(&[0.2, 3.0, 1.0, 1.0]));
    }

    #[test]
    fn input_errors() {
        let o = PrimOptions::default();
        let x = vec![vec![0.0, 1.0], vec![1.0, 0.0]];
        assert_eq!(prim::<&str>(&[], &[], &["a"], &o), Err(PrimError::NoRows));
        assert_eq!(
            prim::<&str>(&x, &[true, false], &[], &o),
            Err(PrimError::NoAxes)
        );
        assert_eq!(
            prim(&x, &[true], &["a", "b"], &o),
            Err(PrimError::TargetLength {
                expected: 2,
                got: 1
            })
        );
        assert_eq!(
            prim(&x, &[false, false], &["a", "b"], &o),
            Err(PrimError::NoPointsOfInterest)
        );
        assert_eq!(
            prim(&[vec![0.0], vec![f64::NAN]], &[true, false], &["a"], &o),
            Err(PrimError::NonFinite { row: 1, column: 0 })
        );
        assert_eq!(
            prim(&[vec![0.0], vec![1.0, 2.0]], &[true, false], &["a"], &o),
            Err(PrimError::RowLength {
                row: 1,
                len: 2,
                expected: 1
            })
        );
        let bad = PrimOptions {
            peel_alpha: 0.0,
            ..o
        };
        assert_eq!(
            prim(&x, &[true, false], &["a", "b"], &bad),
            Err(PrimError::BadOption { name: "peel_alpha" })
        );
        // Everything of interest: the full box is the answer.
        let all = prim(&x, &[true, true], &["a", "b"], &PrimOptions::default()).unwrap();
        assert!(all.best.limits.iter().all(|l| !l.restricted()));
        assert!(all.best.describe("x").contains("no restricting box"));
    }
}
