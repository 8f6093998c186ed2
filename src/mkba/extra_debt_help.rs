//! The societal return of extra debt help (docs/ODD.md section 8.6): the status quo
//! against the same status quo with `FACTOR` times its debt-help capacity (the W&I
//! posts that do debt-help intake and stabilisation, and the credit bank's
//! counsellors), from the switch, with common random numbers. A service whose capacity
//! follows demand gets its waiting-time norm divided by `FACTOR` instead (its posts
//! are the rule's to set, so more capacity means a stricter norm). Dutch evaluations of debt
//! help publish such a return per euro; `wijksim calibrate` reports it as a figure to
//! hold against theirs, and nothing is tuned to it.

use super::appraisal::{appraise_pair, present_values, Appraisal};
use super::flows::{horizon, CATEGORIES};
use crate::runner::{self, Results, RunSpec};
use crate::scenario::{Scenario, ScenarioError, Value};
use crate::stats::{summarise, Summary};

/// Extra capacity compared: half as much again.
pub const FACTOR: f64 = 1.5;

/// The services scaled: (capacity rule, posts under `fixed`, norm under
/// `follows_demand`), all policy parameters acting from the switch.
pub const SERVICES: [(&str, &str, &str); 2] = [
    (
        "wi.capacity_rule",
        "wi.support_posts_per_1000",
        "wi.wait_norm_weeks",
    ),
    (
        "debt_help.capacity_rule",
        "debt_help.counsellors_per_1000",
        "debt_help.wait_norm_weeks",
    ),
];

/// The return of extra debt help over the scenario's MKBA horizon.
#[derive(Debug, Clone)]
pub struct DebtHelpReturn {
    /// Years appraised.
    pub years: u32,
    /// Societal NPV of the extra capacity against the status quo, euros.
    pub npv: Summary,
    /// Mean present value of the categories where the extra capacity gains.
    pub benefits: f64,
    /// Mean present value of the categories where it costs.
    pub costs: f64,
    /// Net benefit per category, mean over replications, in [`CATEGORIES`] order.
    pub by_category: Vec<f64>,
    /// Paired differences (extra minus status quo) of unresolved-debt household-years.
    pub debt_years: Summary,
    /// Paired differences of benefit household-years.
    pub benefit_years: Summary,
    /// What was changed: (key, status-quo value, value with the extra capacity).
    pub changed: Vec<(&'static str, f64, f64)>,
}

impl DebtHelpReturn {
    /// Societal benefits per euro of cost (`None` without costs).
    pub fn per_euro(&self) -> Option<f64> {
        (self.costs > 0.0).then(|| self.benefits / self.costs)
    }
}

/// The status quo of `s` against the same with [`FACTOR`] times its debt-help
/// capacity, replication by replication with the same dice. `status_quo` is the status
/// quo already run (`wijksim calibrate` has it: `RunSpec::from_scenario(s, [status quo
/// model])`), so only the extra capacity is simulated.
pub fn debt_help_return(
    s: &Scenario,
    status_quo: &Results,
    progress: &(dyn Fn() + Sync),
) -> Result<DebtHelpReturn, ScenarioError> {
    debt_help_return_against(s, status_quo, FACTOR, progress)
}

/// [`debt_help_return`] with `factor` times the debt-help capacity, the status quo run
/// here too.
pub fn debt_help_return_by(
    s: &Scenario,
    factor: f64,
    progress: &(dyn Fn() + Sync),
) -> Result<DebtHelpReturn, ScenarioError> {
    let spec = RunSpec::from_scenario(s, vec![s.warmup.run.status_quo_model]);
    debt_help_return_against(s, &runner::run(s, &spec, progress), factor, progress)
}

fn debt_help_return_against(
    s: &Scenario,
    base_runs: &Results,
    factor: f64,
    progress: &(dyn Fn() + Sync),
) -> Result<DebtHelpReturn, ScenarioError> {
    let mut changed = Vec::new();
    for (rule, posts, norm) in SERVICES {
        let follows =
            matches!(s.policy_values.get(rule), Some(Value::S(v)) if v == "follows_demand");
        let (key, scale) = if follows {
            (norm, 1.0 / factor)
        } else {
            (posts, factor)
        };
        let now = match s.policy_values.get(key) {
            Some(Value::F(x)) => *x,
            _ => 0.0,
        };
        changed.push((key, now, now * scale));
    }
    let values: Vec<(&str, Value, bool)> = changed
        .iter()
        .map(|&(k, _, v)| (k, Value::F(v), true))
        .collect();
    let extra = s.with_values(&values)?;
    let extra_runs = runner::run(&extra, &base_runs.spec, progress);
    let m = &s.policy.mkba;
    let pairs: Vec<(Appraisal, f64, f64)> = base_runs
        .runs
        .iter()
        .zip(&extra_runs.runs)
        .map(|(b, x)| {
            let a = appraise_pair(&present_values(x, m), &present_values(b, m));
            let weeks = |r: &runner::RunResult, f: fn(&crate::outcomes::YearFlows) -> u64| {
                r.years.iter().map(f).sum::<u64>() as f64 / 52.0
            };
            let debt = weeks(x, |y| y.problematic_weeks) - weeks(b, |y| y.problematic_weeks);
            let benefit = weeks(x, |y| y.benefit_weeks) - weeks(b, |y| y.benefit_weeks);
            (a, debt, benefit)
        })
        .collect();
    let n = pairs.len().max(1) as f64;
    let mean = |f: &dyn Fn(&Appraisal) -> f64| pairs.iter().map(|p| f(&p.0)).sum::<f64>() / n;
    Ok(DebtHelpReturn {
        years: base_runs.runs.first().map_or(0, |r| horizon(r, m)),
        npv: summarise(&pairs.iter().map(|p| p.0.npv).collect::<Vec<_>>()),
        benefits: mean(&|a| a.benefits),
        costs: mean(&|a| a.costs),
        by_category: (0..CATEGORIES.len())
            .map(|c| mean(&|a| a.by_category[c]))
            .collect(),
        debt_years: summarise(&pairs.iter().map(|p| p.1).collect::<Vec<_>>()),
        benefit_years: summarise(&pairs.iter().map(|p| p.2).collect::<Vec<_>>()),
        changed,
    })
}
