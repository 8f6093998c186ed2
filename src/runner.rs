//! Replications x models, in parallel and reproducibly (docs/ODD.md section 3.3).
//!
//! Per replication the warm-up is computed once under the status quo; its end state is
//! copied and each model is switched on from that same state. Every random number is
//! keyed by (seed, replication, entity, purpose, index), so the results do not depend
//! on the number of threads, and the models share household life events (common
//! random numbers). Results are collected in (replication, model) order, never in
//! arrival order.

use crate::mkba::psa::PsaPlan;
use crate::model::{LinkageModel, Municipality};
use crate::outcomes::{EndState, Outcomes, Point, Recorder, YearFlows};
use crate::rng::RepKey;
use crate::scenario::params::Mkba;
use crate::scenario::Scenario;
use rayon::prelude::*;
use std::sync::Arc;

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
    /// Also keep each municipality's own outcomes ([`Results::by_municipality`]);
    /// opt-in detail for multi-municipality scenarios.
    pub by_municipality: bool,
    /// Probabilistic sensitivity analysis: each replication draws the uncertain
    /// parameters once from this plan, the same draw for every model.
    pub psa: Option<Arc<PsaPlan>>,
}

impl RunSpec {
    /// The scenario's own run settings for the given models.
    pub fn from_scenario(s: &Scenario, models: Vec<LinkageModel>) -> Self {
        RunSpec {
            models,
            replications: s.policy.run.replications,
            seed: s.policy.run.seed,
            reference: s.policy.run.reference_model,
            snapshot_weeks: 0,
            check_invariants: false,
            by_municipality: false,
            psa: None,
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
    /// Weeks simulated after the switch.
    pub horizon_weeks: u32,
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
    /// Per municipality, when asked for: in (replication, municipality, model) order.
    pub by_municipality: Vec<MunicipalityResult>,
    /// Under a probabilistic sensitivity analysis, the MKBA prices each replication
    /// drew (`None`, or empty: the scenario's own).
    pub prices: Vec<Option<Mkba>>,
}

/// One municipality's outcomes in one run (model, replication).
#[derive(Debug, Clone)]
pub struct MunicipalityResult {
    /// Municipality name.
    pub municipality: String,
    /// Model.
    pub model: LinkageModel,
    /// Replication (0-based).
    pub replication: u32,
    /// Its outcomes alone.
    pub outcomes: Outcomes,
}

impl Results {
    /// The interval every summary of these results carries: of the mean, or under a
    /// probabilistic sensitivity analysis the middle 95% of the replications (each one
    /// possible future).
    pub fn interval_kind(&self) -> crate::stats::IntervalKind {
        if self.spec.psa.is_some() {
            crate::stats::IntervalKind::Spread
        } else {
            crate::stats::IntervalKind::Mean
        }
    }

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

    /// The MKBA prices replication `rep` drew under a probabilistic sensitivity
    /// analysis; `None`: the scenario's own.
    pub fn drawn_prices(&self, rep: u32) -> Option<&Mkba> {
        self.prices.get(rep as usize).and_then(Option::as_ref)
    }

    /// Results of one model, in replication order.
    pub fn of(&self, model: LinkageModel) -> impl Iterator<Item = &RunResult> {
        self.runs.iter().filter(move |r| r.model == model)
    }
}

/// What one model's run of one municipality leaves: its counts, its end state and any
/// invariant violation. Municipalities of one replication add up to a [`RunResult`].
#[derive(Debug, Clone)]
struct Piece {
    rec: Recorder,
    end: EndState,
    violation: Option<String>,
}

impl Piece {
    fn absorb(&mut self, o: &Piece) {
        self.rec.absorb(&o.rec);
        self.end.absorb(&o.end);
        if self.violation.is_none() {
            self.violation.clone_from(&o.violation);
        }
    }

    fn into_result(mut self, model: LinkageModel, replication: u32) -> RunResult {
        RunResult {
            model,
            replication,
            outcomes: Outcomes::new(&self.rec, &self.end),
            series: std::mem::take(&mut self.rec.series),
            horizon_weeks: self.end.horizon_weeks as u32,
            years: std::mem::take(&mut self.rec.years),
            switched_teams: self.rec.switched_teams,
            teams_by_model: self.rec.teams_by_model,
            snapshots: std::mem::take(&mut self.rec.snapshots),
            violation: self.violation,
        }
    }
}

/// Where [`run_range`] finds warmed-up municipalities, and where it leaves those it
/// warmed up itself: the workshop server keeps them in memory (and in a warm-up file)
/// so that a what-if of policy levers, which act from the switch week, costs only the
/// years after the switch. A warm-up is a pure function of the warm-up parameters and
/// the keys, so a kept one is exactly the one that would be computed again.
pub trait WarmUps: Sync {
    /// The warmed-up municipality `part` of replication `rep`, if kept.
    fn get(&self, rep: u32, part: usize) -> Option<Arc<Municipality>>;
    /// Keep a municipality just warmed up (the store may decline).
    fn keep(&self, rep: u32, part: usize, warmed: &Arc<Municipality>);
}

/// No store: every replication warms up its own municipality (the command line).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoWarmUps;

impl WarmUps for NoWarmUps {
    fn get(&self, _rep: u32, _part: usize) -> Option<Arc<Municipality>> {
        None
    }
    fn keep(&self, _rep: u32, _part: usize, _warmed: &Arc<Municipality>) {}
}

/// A run stopped because its caller asked it to (between replications).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the run was cancelled")]
pub struct Cancelled;

impl Results {
    /// Add the results of the replications that follow these (a later
    /// [`run_range`] of the same spec): the same as one run of all of them.
    pub fn append(&mut self, mut later: Results) {
        self.spec.replications += later.spec.replications;
        self.runs.append(&mut later.runs);
        self.by_municipality.append(&mut later.by_municipality);
        self.prices.append(&mut later.prices);
    }
}

/// Run every replication of every model. `progress` is called once per finished
/// (replication, municipality, model) run, from whichever thread finished it: see
/// [`progress_steps`].
pub fn run(scenario: &Scenario, spec: &RunSpec, progress: &(dyn Fn() + Sync)) -> Results {
    match run_range(
        scenario,
        spec,
        0..spec.replications,
        &NoWarmUps,
        &|| false,
        progress,
    ) {
        Ok(results) => results,
        // Only a caller's `cancel` stops a run, and this one never asks.
        Err(Cancelled) => Results {
            spec: spec.clone(),
            runs: Vec::new(),
            by_municipality: Vec::new(),
            prices: Vec::new(),
        },
    }
}

/// Run replications `reps` of every model: the results are those of a [`run`] of all
/// replications restricted to these, so consecutive ranges [`Results::append`] into
/// exactly the whole run. The returned spec counts `reps.len()` replications.
///
/// Warm-ups come from `warm` when it has them (never under `--check-invariants` or a
/// probabilistic sensitivity analysis, whose warm-ups are their own), and new ones are
/// offered to it. `cancel` is asked before each (replication, municipality) starts;
/// once it says yes the run stops at the end of the batch in flight.
///
/// The units of work are (replication, municipality): each warms up its municipality
/// once and runs every model from a copy. Units run in parallel in batches of a few per
/// thread; after each batch their results are added to the running totals, in
/// (replication, municipality) order, and dropped. So memory holds a few copies of the
/// municipalities in flight and one batch of results, whatever the number of
/// municipalities, and the output does not depend on the number of threads (the batch
/// size changes only the scheduling, never the order of adding up).
pub fn run_range(
    scenario: &Scenario,
    spec: &RunSpec,
    reps: std::ops::Range<u32>,
    warm: &dyn WarmUps,
    cancel: &(dyn Fn() -> bool + Sync),
    progress: &(dyn Fn() + Sync),
) -> Result<Results, Cancelled> {
    let parts = &scenario.parts;
    let n_models = spec.models.len();
    let first = reps.start;
    let n_reps = reps.len();
    let units: Vec<(u32, usize)> = reps
        .clone()
        .flat_map(|rep| (0..parts.len()).map(move |p| (rep, p)))
        .collect();
    let batch = (rayon::current_num_threads() * 8).max(1);
    let mut totals: Vec<Option<Piece>> = vec![None; n_reps * n_models];
    let mut by_municipality = Vec::new();
    for chunk in units.chunks(batch) {
        let done: Vec<Option<Vec<Piece>>> = chunk
            .par_iter()
            .map(|&(rep, p)| (!cancel()).then(|| run_part(scenario, p, rep, spec, warm, progress)))
            .collect();
        if done.iter().any(Option::is_none) {
            return Err(Cancelled);
        }
        for (&(rep, p), pieces) in chunk.iter().zip(done.into_iter().flatten()) {
            for (mi, piece) in pieces.into_iter().enumerate() {
                if spec.by_municipality {
                    by_municipality.push(MunicipalityResult {
                        municipality: parts[p].name.clone(),
                        model: spec.models[mi],
                        replication: rep,
                        outcomes: Outcomes::new(&piece.rec, &piece.end),
                    });
                }
                match &mut totals[(rep - first) as usize * n_models + mi] {
                    Some(total) => total.absorb(&piece),
                    slot => *slot = Some(piece),
                }
            }
        }
    }
    let prices = match &spec.psa {
        Some(plan) => reps
            .clone()
            .map(|rep| {
                scenario
                    .part_with(0, &plan.draw(rep))
                    .ok()
                    .map(|p| p.policy.mkba)
            })
            .collect(),
        None => Vec::new(),
    };
    let runs = totals
        .into_iter()
        .enumerate()
        .filter_map(|(i, total)| {
            total.map(|t| t.into_result(spec.models[i % n_models], first + (i / n_models) as u32))
        })
        .collect();
    let mut spec = spec.clone();
    spec.replications = n_reps as u32;
    Ok(Results {
        spec,
        runs,
        by_municipality,
        prices,
    })
}

/// Build municipality `p` of replication `rep` and run its warm-up (the status quo).
pub fn warm_up(
    scenario: &Scenario,
    p: usize,
    rep: u32,
    seed: u64,
    check_invariants: bool,
) -> (Municipality, Option<String>) {
    let part = &scenario.parts[p];
    warm_up_part(part, p, rep, seed, check_invariants)
}

fn warm_up_part(
    part: &crate::scenario::Part,
    p: usize,
    rep: u32,
    seed: u64,
    check_invariants: bool,
) -> (Municipality, Option<String>) {
    let key = RepKey::new(seed, rep as u64).municipality(p as u64);
    let districts = RepKey::new(part.warmup.districts.seed, u64::MAX).municipality(p as u64);
    let mut today = Municipality::new_in(&part.warmup, key, districts);
    let violation = advance(&mut today, part.warmup.run.warmup_weeks, check_invariants).err();
    (today, violation)
}

/// Household-weeks that [`run`] simulates: per replication and municipality, the
/// warm-up once (shared by the models) and the horizon once per model.
pub fn household_weeks(scenario: &Scenario, spec: &RunSpec) -> u64 {
    let per_rep: u64 = scenario
        .parts
        .iter()
        .map(|p| {
            p.warmup.population.households as u64
                * (p.warmup.run.warmup_weeks as u64
                    + spec.models.len() as u64 * p.policy.run.horizon_weeks as u64)
        })
        .sum();
    per_rep * spec.replications as u64
}

/// How many times [`run`] calls its `progress` callback.
pub fn progress_steps(scenario: &Scenario, spec: &RunSpec) -> u64 {
    spec.replications as u64 * scenario.parts.len() as u64 * spec.models.len() as u64
}

/// Warm up municipality `p` of replication `rep` (or take it from `warm`) and run every
/// model from it.
fn run_part(
    scenario: &Scenario,
    p: usize,
    rep: u32,
    spec: &RunSpec,
    warm: &dyn WarmUps,
    progress: &(dyn Fn() + Sync),
) -> Vec<Piece> {
    // Under a probabilistic sensitivity analysis this replication's municipality has
    // its own draw of the uncertain parameters (checked before the run, so an error
    // here is reported as a failure of the run rather than a panic).
    let drawn;
    let part = match &spec.psa {
        Some(plan) => match scenario.part_with(p, &plan.draw(rep)) {
            Ok(part) => {
                drawn = part;
                &drawn
            }
            Err(e) => {
                return spec
                    .models
                    .iter()
                    .map(|_| {
                        progress();
                        Piece {
                            rec: Recorder::default(),
                            end: EndState::default(),
                            violation: Some(format!("parameter draw of replication {rep}: {e}")),
                        }
                    })
                    .collect()
            }
        },
        None => &scenario.parts[p],
    };
    // A kept warm-up is the scenario's own: never one for a drawn world, nor one that
    // was not checked when checking is asked for.
    let shared = spec.psa.is_none() && !spec.check_invariants;
    let (today, warm_violation) = match shared.then(|| warm.get(rep, p)).flatten() {
        Some(today) => (today, None),
        None => {
            let (today, violation) = warm_up_part(part, p, rep, spec.seed, spec.check_invariants);
            let today = Arc::new(today);
            if shared {
                warm.keep(rep, p, &today);
            }
            (today, violation)
        }
    };
    let named = |v: String| {
        if scenario.parts.len() > 1 {
            format!("municipality \"{}\": {v}", part.name)
        } else {
            v
        }
    };
    spec.models
        .par_iter()
        .map(|&model| {
            let mut piece = run_model(&today, &part.policy, model, spec);
            if let Some(v) = &warm_violation {
                piece.violation = Some(format!("during the warm-up: {v}"));
            }
            piece.violation = piece.violation.map(named);
            progress();
            piece
        })
        .collect()
}

/// Switch a copy of the warmed-up `today` to `model` under `policy` and run the horizon.
fn run_model(
    today: &Municipality,
    policy: &crate::scenario::Params,
    model: LinkageModel,
    spec: &RunSpec,
) -> Piece {
    let mut m = today.clone();
    m.rec.snapshot_weeks = spec.snapshot_weeks;
    m.switch(policy, model);
    let violation = advance(&mut m, policy.run.horizon_weeks, spec.check_invariants).err();
    let end = m.end_state();
    Piece {
        rec: std::mem::take(&mut m.rec),
        end,
        violation,
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
/// scenario's horizon. For a single-municipality scenario.
pub fn run_one(
    today: &Municipality,
    scenario: &Scenario,
    model: LinkageModel,
    rep: u32,
    spec: &RunSpec,
) -> RunResult {
    run_model(today, &scenario.policy, model, spec).into_result(model, rep)
}

/// Run replication `rep` of every model in `spec.models` (all municipalities, each
/// warmed up once and shared by the models): the results [`run`] gives for that
/// replication, in model order. The unit of work of a sweep.
pub fn run_replication(scenario: &Scenario, spec: &RunSpec, rep: u32) -> Vec<RunResult> {
    let mut totals: Vec<Option<Piece>> = vec![None; spec.models.len()];
    for p in 0..scenario.parts.len() {
        for (mi, piece) in run_part(scenario, p, rep, spec, &NoWarmUps, &|| {})
            .into_iter()
            .enumerate()
        {
            match &mut totals[mi] {
                Some(total) => total.absorb(&piece),
                slot => *slot = Some(piece),
            }
        }
    }
    totals
        .into_iter()
        .zip(&spec.models)
        .filter_map(|(t, &m)| t.map(|t| t.into_result(m, rep)))
        .collect()
}
