//! One-at-a-time sensitivity of the choice (docs/ODD.md section 8): every uncertain
//! price and, on request, every uncertain behavioural assumption is set to the low and
//! the high end of its plausible range (the registry's, `wijksim params`), and the
//! appraisal says which model then scores highest and how the margin moves. Prices
//! re-price the same simulated quantities; behaviour is simulated again.

use super::appraisal::{appraise, best_and_gap, MkbaResult};
use super::flows::{price_mut, PRICE_KEYS};
use crate::model::LinkageModel;
use crate::runner::{Results, RunSpec};
use crate::scenario::params::Mkba;
use crate::scenario::{registry, Scenario, ScenarioError};

/// What was varied: a price (no new simulation) or behaviour (simulated again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Varied {
    /// An MKBA price.
    Price,
    /// A behavioural assumption of the model.
    Behaviour,
}

impl Varied {
    /// Lower-case name as in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Varied::Price => "price",
            Varied::Behaviour => "behaviour",
        }
    }
}

/// How one varied assumption moves the choice.
#[derive(Debug, Clone)]
pub struct Sensitivity {
    /// Parameter key.
    pub key: &'static str,
    /// Price or behaviour.
    pub varied: Varied,
    /// Whether the low (`false`) or high (`true`) end was used.
    pub high: bool,
    /// The value used.
    pub value: f64,
    /// Best model (highest mean NPV) with the parameter varied.
    pub best: LinkageModel,
    /// Change in the NPV gap between the base-case best model and the runner-up.
    pub gap_change: f64,
    /// Mean NPV of each model with the parameter varied, in report order.
    pub npv: Vec<f64>,
}

/// The low and high values a parameter is varied to: its plausible range, or for a
/// price without one, half and one and a half times its value.
fn ends(key: &str, value: f64) -> Option<(f64, f64)> {
    let spec = registry::spec(key)?;
    match (spec.plausible, spec.kind) {
        (Some(p), _) => Some((p.lo, p.hi)),
        (None, registry::Kind::Float { min, max }) if key.starts_with("mkba.") => {
            Some(((value * 0.5).clamp(min, max), (value * 1.5).clamp(min, max)))
        }
        _ => None,
    }
}

fn record(
    key: &'static str,
    varied: Varied,
    high: bool,
    value: f64,
    r: &MkbaResult,
    base_gap: f64,
) -> Sensitivity {
    let s = r.summaries();
    let (best, gap) = best_and_gap(&s);
    Sensitivity {
        key,
        varied,
        high,
        value,
        best,
        gap_change: gap - base_gap,
        npv: s.iter().map(|x| x.npv.mean).collect(),
    }
}

/// Every price set to the ends of its range, from the same simulated quantities.
pub fn price_sensitivity(results: &Results, m: &Mkba) -> Vec<Sensitivity> {
    let Some(base) = appraise(results, m) else {
        return Vec::new();
    };
    let (_, base_gap) = best_and_gap(&base.summaries());
    let mut out = Vec::new();
    for &key in PRICE_KEYS {
        let mut probe = m.clone();
        let Some(&mut value) = price_mut(&mut probe, key) else {
            continue;
        };
        let Some((lo, hi)) = ends(key, value) else {
            continue;
        };
        if value == 0.0 && lo == 0.0 && hi == 0.0 {
            continue; // a price of nothing (e.g. reorganising into separate)
        }
        for (high, x) in [(false, lo), (true, hi)] {
            let mut varied = m.clone();
            if let Some(p) = price_mut(&mut varied, key) {
                *p = x;
            }
            if let Some(r) = appraise(results, &varied) {
                out.push(record(key, Varied::Price, high, x, &r, base_gap));
            }
        }
    }
    out
}

/// The behavioural assumptions varied by [`behaviour_sensitivity`]: every non-price
/// parameter with a plausible range in the registry.
pub fn behavioural_assumptions() -> impl Iterator<Item = &'static registry::ParamSpec> {
    registry::PARAMS
        .iter()
        .filter(|p| p.plausible.is_some() && !p.key.starts_with("mkba."))
}

/// Each behavioural assumption set to the ends of its plausible range (acting from
/// week 0, as in the probabilistic analysis), simulated again with `replications`
/// replications and appraised.
pub fn behaviour_sensitivity(
    scenario: &Scenario,
    spec: &RunSpec,
    replications: u32,
    progress: &(dyn Fn() + Sync),
) -> Result<Vec<Sensitivity>, ScenarioError> {
    let mut spec = spec.clone();
    spec.replications = replications.min(spec.replications).max(1);
    let base = crate::runner::run(scenario, &spec, progress);
    let Some(a) = appraise(&base, &scenario.policy.mkba) else {
        return Ok(Vec::new());
    };
    let (_, base_gap) = best_and_gap(&a.summaries());
    let mut out = Vec::new();
    for p in behavioural_assumptions() {
        let Some(range) = p.plausible else { continue };
        for (high, x) in [(false, range.lo), (true, range.hi)] {
            let varied = scenario.with_world_values(&[(p.key, x)])?;
            let r = crate::runner::run(&varied, &spec, progress);
            if let Some(a) = appraise(&r, &varied.policy.mkba) {
                out.push(record(p.key, Varied::Behaviour, high, x, &a, base_gap));
            }
        }
    }
    Ok(out)
}

/// How many runs [`behaviour_sensitivity`] reports to its progress callback.
pub fn behaviour_steps(scenario: &Scenario, spec: &RunSpec, replications: u32) -> u64 {
    let reps = replications.min(spec.replications).max(1) as u64;
    let variations = behavioural_assumptions().count() as u64 * 2 + 1;
    variations * reps * spec.models.len() as u64 * scenario.parts.len() as u64
}
