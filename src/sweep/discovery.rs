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
//! 3. **Pasting** (optional). Grow the chosen box by `paste_alpha` slices of
//!    the points just outside one face while that raises the density (which,
//!    since pasting only adds points, raises the F1 score too).
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
    /// Smallest box, as a share of all points, in (0, 1]. Default 0.05.
    pub min_mass: f64,
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
            min_mass: 0.05,
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
                (true, true) if l.lo == l.hi => {
                    Some(format!("{} = {}", l.name, format_value(l.lo)))
                }
                (true, true) => Some(format!(
                    "{} ≤ {} ≤ {}",
                    format_value(l.lo),
                    l.name,
                    format_value(l.hi)
                )),
                (true, false) => Some(format!("{} ≥ {}", l.name, format_value(l.lo))),
                (false, true) => Some(format!("{} ≤ {}", l.name, format_value(l.hi))),
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

    let mut chosen = 0;
    for (i, c) in trajectory.iter().enumerate() {
        let covered = c.hits as f64 >= options.min_coverage * total_hits as f64;
        // Dice 2h/(p+H): compare h1·(p2+H) > h2·(p1+H) exactly.
        let best = &trajectory[chosen];
        let better = c.hits as u128 * (best.points + total_hits) as u128
            > best.hits as u128 * (c.points + total_hits) as u128;
        if covered && better {
            chosen = i;
        }
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
                .map(|d| BoxLimit {
                    name: self.names[d].clone(),
                    lo: c.lo[d],
                    hi: c.hi[d],
                    lo_restricted: c.lo[d] > self.data_lo[d],
                    hi_restricted: c.hi[d] < self.data_hi[d],
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

/// Strictly higher density, compared exactly as h1·p2 > h2·p1.
fn denser(a: &Candidate, b: &Candidate) -> bool {
    a.hits as u128 * b.points as u128 > b.hits as u128 * a.points as u128
}

/// Three significant digits, plain decimal, trailing zeros trimmed. Built on
/// Rust's exact `{:e}` formatting rather than `log10`, which is libm's and
/// may differ in the last bit between platforms.
fn format_value(v: f64) -> String {
    if v == 0.0 {
        return "0".to_owned();
    }
    let sci = format!("{:.2e}", v.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let mut out = if exp >= 2 {
        let zeros = (exp - 2) as usize;
        format!("{digits}{}", "0".repeat(zeros))
    } else if exp >= 0 {
        let (int, frac) = digits.split_at((exp + 1) as usize);
        format!("{int}.{frac}")
    } else {
        format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
    };
    if out.contains('.') {
        out = out.trim_end_matches('0').trim_end_matches('.').to_owned();
    }
    if v < 0.0 {
        out.insert(0, '-');
    }
    out
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
        assert!(last.mass >= 0.05 && last.mass < 0.06);
        // The description mentions exactly the restricted parameters.
        let text = b.describe("the target holds");
        assert!(
            text.contains("x0 ≥ 0.") && text.contains("x1 ≤ 0.") && !text.contains("x2"),
            "{text}"
        );
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
             wi.consult_hours_per_week ≤ 5.2 and 0.00123 ≤ both ≤ 1230 (covers 74% of the \
             points where partial is best; 21% of all points)"
        );
        assert!(b.contains(&[0.5, 3.0, 1.0, 1.0]) && !b.contains(&[0.2, 3.0, 1.0, 1.0]));
        assert_eq!(format_value(-2.5e-7), "-0.00000025");
        assert_eq!(format_value(12.0), "12");
        assert_eq!(format_value(0.999_9), "1");
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
