//! The sections of a sweep's report, one file each, in reading order:
//!
//! 1. [`answer`]: which model is best at how many design points, and what
//!    drives the choice most, in plain words;
//! 2. [`sobol`]: first-order and total Sobol' indices with their intervals
//!    (needs a Sobol' design's `sweep_indices.csv`);
//! 3. [`morris`]: Morris μ* against σ (a Morris design's indices);
//! 4. [`oat`]: a tornado of the changes one at a time (a one-at-a-time
//!    design's indices);
//! 5. [`map`]: the best model over a two-axis grid;
//! 6. [`discovery`]: the boxes in which each model is best (needs
//!    `discovery.csv`);
//! 7. [`design`]: the design, its axes and the base scenario;
//! 8. [`reproduce`]: the sweep file's name and hash, the version, and the
//!    sweep and base scenario to run it again.
//!
//! As in a run's report, each is a function to `Option<Section>`: `None` when
//! its data is not in the folder.

mod answer;
mod design;
mod discovery;
mod map;
mod morris;
mod oat;
mod reproduce;
mod sobol;

use maud::{html, Markup};

use super::{Section, Wording};
use crate::format::{self, Lang, NumberFormat};
use crate::model::LinkageModel;
use crate::report::i18n::T;
use crate::report::sweep_data::{IndexRow, OutcomeKind, SweepData};

/// Builds the sections of a sweep's report, in order, leaving out those
/// without data.
pub(crate) fn all(cx: &SweepCtx<'_>) -> Vec<Section> {
    let mut out = Vec::new();
    out.extend(answer::section(cx));
    out.extend(sobol::section(cx));
    out.extend(morris::section(cx));
    out.extend(oat::section(cx));
    out.extend(map::section(cx));
    out.extend(discovery::section(cx));
    out.extend(design::section(cx));
    out.extend(reproduce::section(cx));
    out
}

/// What every section of a sweep's report needs: the data and the language.
/// It derefs to its [`Wording`].
pub(crate) struct SweepCtx<'a> {
    /// The report's language, with its words and number formats.
    pub words: Wording,
    /// The sweep's data.
    pub data: &'a SweepData,
}

impl std::ops::Deref for SweepCtx<'_> {
    type Target = Wording;

    fn deref(&self) -> &Wording {
        &self.words
    }
}

impl<'a> SweepCtx<'a> {
    /// The context of `data` in `lang`.
    pub fn new(data: &'a SweepData, lang: Lang) -> Self {
        SweepCtx {
            words: Wording { lang },
            data,
        }
    }

    /// The reference model's name.
    pub fn reference(&self) -> &'static str {
        self.model(self.data.reference)
    }

    /// Whether the sweep has net present values: the reference model ran.
    pub fn npv(&self) -> bool {
        self.data.settings.models.contains(&self.data.reference)
    }

    /// Design points.
    pub fn points(&self) -> usize {
        self.data.points.len()
    }

    /// "one simulated future" / "3 simulated futures" (per model and point).
    pub fn futures(&self) -> String {
        match self.data.settings.replications {
            1 => self.t(T::OneFuture).to_string(),
            r => self.f(T::NFutures, &[("n", &self.count(u64::from(r)))]),
        }
    }

    /// An outcome column's name in words.
    pub fn outcome(&self, name: &str) -> String {
        match OutcomeKind::of(name) {
            OutcomeKind::Npv(m) => self.f(
                T::OutcomeNpv,
                &[("model", self.model(m)), ("reference", self.reference())],
            ),
            OutcomeKind::NpvDiff(a, b) => self.f(
                T::OutcomeNpvDiff,
                &[("a", self.model(a)), ("b", self.model(b))],
            ),
            OutcomeKind::Unresolved(m) => self.f(T::OutcomeUnresolved, &[("model", self.model(m))]),
            OutcomeKind::Other => name.to_string(),
        }
    }

    /// How charts write an outcome's values: euros, or households.
    pub fn outcome_format(&self, name: &str) -> NumberFormat {
        if OutcomeKind::of(name).euros() {
            NumberFormat::eur(self.lang)
        } else {
            NumberFormat::number(self.lang, 1)
        }
    }

    /// A value (or a change) of outcome `name` in words: euros, or a number
    /// of households with a sensible precision.
    pub fn outcome_value(&self, name: &str, x: f64) -> String {
        if OutcomeKind::of(name).euros() {
            self.eur(x)
        } else {
            self.num(x, super::decimals_for(x))
        }
    }

    /// A change of outcome `name` with its sign: `+€1,200`, `−3.5`.
    pub fn signed_outcome_value(&self, name: &str, x: f64) -> String {
        if OutcomeKind::of(name).euros() {
            self.eur_signed(x)
        } else {
            self.num_signed(x, super::decimals_for(x))
        }
    }

    /// A value of parameter `key`: euros for prices, otherwise the number with
    /// as few decimals as it needs (up to four), as a scenario file has it.
    pub fn param_value(&self, key: &str, x: f64) -> String {
        let euro = crate::scenario::registry::spec(key).is_some_and(|s| s.unit.contains("euro"));
        if euro {
            return self.eur(x);
        }
        let d = (0..=4)
            .find(|&d| {
                let s = 10f64.powi(d as i32) * x;
                (s - s.round()).abs() <= 1e-9 * s.abs().max(1.0)
            })
            .unwrap_or(4);
        format::fmt_number(x, d, self.lang)
    }

    /// A box limit as [`Self::param_value`] writes it: discovery already wrote
    /// the shortest decimal between the box's points and those it excludes, so
    /// rounding it again (to three figures) could move a point across it.
    fn limit_value(&self, key: &str, x: f64) -> String {
        self.param_value(key, x)
    }

    /// The index rows of `outcome` and `index`, largest value first (NaN
    /// last; ties in file order).
    pub fn ranked(&self, outcome: &str, index: &str) -> Vec<&'a IndexRow> {
        let mut rows: Vec<&IndexRow> = self
            .data
            .indices
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .filter(|r| r.outcome == outcome && r.index == index)
            .collect();
        rows.sort_by(|a, b| {
            let key = |r: &IndexRow| {
                if r.value.is_nan() {
                    f64::NEG_INFINITY
                } else {
                    r.value
                }
            };
            key(b).total_cmp(&key(a))
        });
        rows
    }

    /// The index of `parameter` for `outcome`, if the file has it.
    pub fn index_of(&self, parameter: &str, outcome: &str, index: &str) -> Option<&'a IndexRow> {
        self.data
            .indices
            .as_deref()?
            .iter()
            .find(|r| r.parameter == parameter && r.outcome == outcome && r.index == index)
    }

    /// The outcomes that have indices, in the report's order: the one the
    /// answer names as the choice (between the two leading models), then the
    /// other net present values, then unresolved debt (file order within
    /// each).
    pub fn indexed_outcomes(&self) -> Vec<&'a str> {
        let mut names: Vec<&str> = Vec::new();
        for r in self.data.indices.as_deref().unwrap_or(&[]) {
            if !names.contains(&r.outcome.as_str()) {
                names.push(&r.outcome);
            }
        }
        let choice = answer::choice(self).map(|c| c.outcome);
        names.sort_by_key(|n| {
            let kind = OutcomeKind::of(n);
            let group = if kind.euros() { 0 } else { kind.rank() };
            (choice.as_deref() != Some(*n) || !kind.euros(), group)
        });
        names
    }

    /// How many design points each model is best at, most first (ties in
    /// the sweep's model order).
    pub fn best_counts(&self) -> Vec<(LinkageModel, usize)> {
        let mut counts: Vec<(LinkageModel, usize)> = self
            .data
            .settings
            .models
            .iter()
            .map(|&m| {
                let k = self
                    .data
                    .points
                    .best
                    .iter()
                    .filter(|b| **b == Some(m))
                    .count();
                (m, k)
            })
            .collect();
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        counts
    }

    /// The lowest and highest value the design gave `key`: the axis's range
    /// when it has one (a sample need not reach its ends), otherwise the
    /// values of the points.
    pub fn swept(&self, key: &str) -> (f64, f64) {
        let Some(a) = self.data.settings.axes.iter().position(|a| a.key == key) else {
            return (f64::NAN, f64::NAN);
        };
        self.data.settings.axes[a]
            .range
            .unwrap_or_else(|| self.data.points.span(a))
    }

    /// A box's limit on `key` in words: "“X” is at most 15,000", at least,
    /// between, judged against the values the design gave it.
    pub fn limit_words(&self, key: &str, lo: f64, hi: f64) -> String {
        self.limit(key, lo, hi, true)
    }

    /// The same without the parameter's name: "at most 15,000".
    pub fn limit_range(&self, key: &str, lo: f64, hi: f64) -> String {
        self.limit(key, lo, hi, false)
    }

    fn limit(&self, key: &str, lo: f64, hi: f64, named: bool) -> String {
        let axis = self.data.settings.axes.iter().position(|a| a.key == key);
        let (min, max) = axis.map_or((f64::NAN, f64::NAN), |a| self.data.points.span(a));
        let tol = 1e-9 * (max - min).abs();
        // A limit at (or beyond) the design's own end restricts nothing.
        let low_open = lo.is_nan() || lo <= min + tol;
        let high_open = hi.is_nan() || hi >= max - tol;
        let parameter = self.param(key);
        let (lo_s, hi_s) = (self.limit_value(key, lo), self.limit_value(key, hi));
        let (t, args): (T, Vec<(&str, &str)>) = match (low_open, high_open) {
            (true, false) => (T::AtMost, vec![("value", &hi_s)]),
            (false, true) => (T::AtLeast, vec![("value", &lo_s)]),
            _ if lo == hi => (T::Equals, vec![("value", &lo_s)]),
            _ => (T::Between, vec![("low", &lo_s), ("high", &hi_s)]),
        };
        let range = self.f(t, &args);
        if named {
            self.f(T::Limit, &[("parameter", &parameter), ("range", &range)])
        } else {
            range
        }
    }
}

/// A share of the design points, from a count: `36%`; a few points never
/// round to nothing (`<1%`), nor all but a few to all (`>99%`).
pub(crate) fn share(k: usize, n: usize, lang: Lang) -> String {
    let n = n.max(1);
    let x = k as f64 / n as f64;
    if k > 0 && x < 0.005 {
        format!("<{}", format::fmt_share(0.01, lang))
    } else if k < n && x >= 0.995 {
        format!(">{}", format::fmt_share(0.99, lang))
    } else {
        format::fmt_share(x, lang)
    }
}

/// A heading over the charts of one group of outcomes (the choice between
/// models, or unresolved debt), when the group changes.
pub(crate) fn group_heading(cx: &SweepCtx<'_>, prev: Option<&str>, name: &str) -> Option<Markup> {
    let group = |n: &str| OutcomeKind::of(n).euros();
    if prev.is_some_and(|p| group(p) == group(name)) {
        return None;
    }
    let t = if group(name) {
        T::ChoiceOutcomes
    } else {
        T::OtherOutcomes
    };
    Some(html! { h3 { (cx.t(t)) } })
}

/// A chart id from an outcome column (`[a-z0-9-]`).
pub(crate) fn chart_id(prefix: &str, outcome: &str) -> String {
    let tail: String = outcome
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("{prefix}-{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_of_points_never_round_a_few_away() {
        assert_eq!(share(2_556, 2_560, Lang::En), ">99%");
        assert_eq!(share(4, 2_560, Lang::En), "<1%");
        assert_eq!(share(0, 2_560, Lang::En), "0%");
        assert_eq!(share(2_560, 2_560, Lang::En), "100%");
        assert_eq!(share(144, 256, Lang::En), "56%");
    }
}
