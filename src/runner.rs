//! Replications x models, in parallel and reproducibly (MODEL.md section 6).
//!
//! Per replication the warm-up is computed once under the status quo; its end state is
//! copied and each model is switched on from that same state. Every random number is
//! keyed by (seed, replication, entity, purpose, index), so the results do not depend
//! on the number of threads, and the models share household life events (common
//! random numbers). Results are collected in (replication, model) order, never in
//! arrival order.

use crate::model::{LinkageModel, Municipality};
use crate::outcomes::{Outcomes, Point, YearFlows};
use crate::rng::RepKey;
use crate::scenario::Scenario;
use rayon::prelude::*;

/// What to run.
#[derive(Debug, Clone)]
pub struct RunSpec {
    /// Models to compare, in report order.
    pub models: Vec<LinkageModel>,
    /// Replications.
    pub replications: u32,
    /// Master seed.
    pub seed: u64,
    /// Model paired differences are taken against (if it is among `models`).
    pub reference: LinkageModel,
    /// Per-team snapshots every this many weeks (0: none; used for pilot sizing).
    pub snapshot_weeks: u16,
    /// Check every invariant every week (slow; `--check-invariants`). A violation stops
    /// that run and is reported in [`RunResult::violation`].
    pub check_invariants: bool,
}

impl RunSpec {
    /// The scenario's own run settings for the given models.
    pub fn from_scenario(s: &Scenario, models: Vec<LinkageModel>) -> Self {
        RunSpec {
            models,
            replications: s.policy.run.replications,
            seed: s.policy.run.seed,
            reference: LinkageModel::from_name(&s.policy.run.reference_model)
                .unwrap_or(LinkageModel::Separate),
            snapshot_weeks: 0,
            check_invariants: false,
        }
    }
}

/// The result of one model in one replication.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// Model.
    pub model: LinkageModel,
    /// Replication number (0-based).
    pub replication: u32,
    /// Outcomes.
    pub outcomes: Outcomes,
    /// Weekly series after the switch.
    pub series: Vec<Point>,
    /// Yearly flows after the switch (for the MKBA).
    pub years: Vec<YearFlows>,
    /// Teams that changed model at the switch, by new model.
    pub switched_teams: [u32; 3],
    /// Teams under each model after the switch.
    pub teams_by_model: [u32; 3],
    /// Per-team snapshots (weeks since the switch, counts), when asked for.
    pub snapshots: Vec<(u16, Vec<crate::outcomes::TeamCounts>)>,
    /// The first invariant violated, when checking was asked for.
    pub violation: Option<String>,
}

/// All results of a comparison.
#[derive(Debug, Clone)]
pub struct Results {
    /// What was run.
    pub spec: RunSpec,
    /// Results in (replication, model) order.
    pub runs: Vec<RunResult>,
}

impl Results {
    /// The first invariant violation of any run, in (replication, model) order.
    pub fn violation(&self) -> Option<String> {
        self.runs.iter().find_map(|r| {
            r.violation.as_ref().map(|v| {
                format!(
                    "replication {}, model {}: {v}",
                    r.replication,
                    r.model.name()
                )
            })
        })
    }

    /// Results of one model, in replication order.
    pub fn of(&self, model: LinkageModel) -> impl Iterator<Item = &RunResult> {
        self.runs.iter().filter(move |r| r.model == model)
    }
}

/// Run every replication of every model. `progress` is called once per finished
/// (replication, model) run, from whichever thread finished it.
pub fn run(scenario: &Scenario, spec: &RunSpec, progress: &(dyn Fn() + Sync)) -> Results {
    let warmup = scenario.warmup.run.warmup_weeks;
    let runs: Vec<RunResult> = (0..spec.replications)
        .into_par_iter()
        .flat_map_iter(|rep| {
            let mut today = Municipality::new(&scenario.warmup, RepKey::new(spec.seed, rep as u64));
            let warm_violation = advance(&mut today, warmup, spec.check_invariants).err();
            let runs: Vec<RunResult> = spec
                .models
                .par_iter()
                .map(|&model| {
                    let mut result = run_one(&today, scenario, model, rep, spec);
                    if let Some(v) = &warm_violation {
                        result.violation = Some(format!("during the warm-up: {v}"));
                    }
                    progress();
                    result
                })
                .collect();
            runs
        })
        .collect();
    Results {
        spec: spec.clone(),
        runs,
    }
}

/// Step `weeks` weeks, checking every invariant after each week when `check` is set.
fn advance(m: &mut Municipality, weeks: u32, check: bool) -> Result<(), String> {
    if !check {
        m.run_weeks(weeks);
        return Ok(());
    }
    m.check_invariants()?;
    for _ in 0..weeks {
        m.step();
        m.check_invariants()?;
    }
    Ok(())
}

/// Run one model from a warmed-up municipality (which is copied, not changed), for the
/// scenario's horizon.
pub fn run_one(
    today: &Municipality,
    scenario: &Scenario,
    model: LinkageModel,
    rep: u32,
    spec: &RunSpec,
) -> RunResult {
    let mut m = today.clone();
    m.rec.snapshot_weeks = spec.snapshot_weeks;
    m.switch(&scenario.policy, model);
    let violation = advance(
        &mut m,
        scenario.policy.run.horizon_weeks,
        spec.check_invariants,
    )
    .err();
    let outcomes = Outcomes::new(&m.rec, &m.end_state());
    RunResult {
        model,
        replication: rep,
        outcomes,
        series: std::mem::take(&mut m.rec.series),
        years: std::mem::take(&mut m.rec.years),
        switched_teams: m.rec.switched_teams,
        teams_by_model: m.rec.teams_by_model,
        snapshots: std::mem::take(&mut m.rec.snapshots),
        violation,
    }
}
