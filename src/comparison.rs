//! The one comparison pipeline: simulate the models, appraise them (MKBA), vary the
//! assumptions, and recommend a pilot, returning everything as one value. Every
//! command that compares models (`compare`, `run`), and later the report, the sweeps
//! and the workshop server, go through here; none of them repeats its steps.
//!
//! It has two halves: [`simulate`] (a range of replications, from scratch or from kept
//! warm-ups, cancellable between replications) and [`analyse`] (MKBA, sensitivity,
//! recommendation). [`compare`] is the two in a row; the workshop server calls them
//! itself, simulating a few replications at a time and analysing what it has so far,
//! so its final answer is [`compare`]'s to the byte.
//!
//! Nothing here prints or writes files; the caller renders the value (terminal table,
//! CSV, JSON, HTML) and writes it through the output layer.

use crate::mkba::packages::{appraise_packages, PackageComparison, PackageRuns};
use crate::mkba::psa::{self, PsaPlan, PsaResult};
use crate::mkba::{self, MkbaResult, Recommendation, Sensitivity};
use crate::model::LinkageModel;
use crate::runner::{self, Results, RunSpec, WarmUps};
use crate::scenario::{Scenario, ScenarioError};
use std::sync::Arc;

/// What to compare, and how much to analyse.
#[derive(Debug, Clone, Default)]
pub struct CompareOptions {
    /// Models to run, in report order; empty runs only the scenario's reference model.
    pub models: Vec<LinkageModel>,
    /// Check every invariant every week (slow).
    pub check_invariants: bool,
    /// Keep each municipality's own outcomes.
    pub by_municipality: bool,
    /// Also vary the behavioural assumptions one at a time (simulated again, with at
    /// most [`SENSITIVITY_REPLICATIONS`] replications each).
    pub behaviour: bool,
    /// Probabilistic sensitivity analysis: every replication draws the uncertain
    /// parameters from their plausible ranges.
    pub psa: bool,
}

/// Replications per variation of the behavioural sensitivity analysis.
pub const SENSITIVITY_REPLICATIONS: u32 = 4;

/// A stage of the pipeline, for progress reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The main simulation.
    Simulation,
    /// The behavioural sensitivity runs.
    Sensitivity,
}

/// Everything a comparison produced.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// What was run.
    pub spec: RunSpec,
    /// The simulated outcomes.
    pub results: Results,
    /// The MKBA, when the reference model was run.
    pub mkba: Option<MkbaResult>,
    /// The same run's MKBA at each of `mkba.horizons_years` (shortest first), when the
    /// reference model was run.
    pub horizons: Vec<MkbaResult>,
    /// One-at-a-time sensitivity of the choice (prices; behaviour when asked for).
    pub sensitivity: Vec<Sensitivity>,
    /// The probabilistic sensitivity analysis, when asked for.
    pub psa: Option<PsaResult>,
    /// The recommendation, when there is an MKBA.
    pub recommendation: Option<Recommendation>,
    /// The packages compared (a model with what comes with it), when the scenario
    /// defines any beyond the plain models and there is an MKBA.
    pub packages: Option<PackageComparison>,
}

/// Why a comparison could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ComparisonError {
    /// The scenario, as varied by the analysis, is not valid.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A consistency rule of the model's state was broken (a bug; `--check-invariants`).
    #[error("invariant violated: {0}")]
    Invariant(String),
    /// The caller cancelled the run (the workshop server, when a newer question
    /// replaces it).
    #[error(transparent)]
    Cancelled(#[from] runner::Cancelled),
}

impl ComparisonError {
    /// Whether the error is the input's (exit code 2) rather than the run's (1).
    pub fn is_bad_input(&self) -> bool {
        matches!(self, ComparisonError::Scenario(_))
    }
}

/// The run settings `compare` uses for `scenario` under `opts`.
pub fn run_spec(scenario: &Scenario, opts: &CompareOptions) -> RunSpec {
    let mut spec = RunSpec::from_scenario(scenario, opts.models.clone());
    if spec.models.is_empty() {
        spec.models = vec![spec.reference];
    }
    spec.check_invariants = opts.check_invariants;
    spec.by_municipality = opts.by_municipality;
    if opts.psa {
        spec.psa = Some(Arc::new(PsaPlan::new(scenario, spec.seed)));
    }
    spec
}

/// How many progress steps each stage reports.
pub fn steps(scenario: &Scenario, opts: &CompareOptions) -> (u64, u64) {
    let spec = run_spec(scenario, opts);
    let sensitivity = if opts.behaviour && spec.models.contains(&spec.reference) {
        mkba::sensitivity::behaviour_steps(scenario, &spec, SENSITIVITY_REPLICATIONS)
    } else {
        0
    };
    let packages: u64 = package_groups(scenario, &spec)
        .iter()
        .map(|(_, models)| {
            let mut s = spec.clone();
            s.models = models.clone();
            runner::progress_steps(scenario, &s)
        })
        .sum();
    (
        runner::progress_steps(scenario, &spec) + packages,
        sensitivity,
    )
}

/// What some packages add (policy values from the switch week), and their models.
type Group = (PackageSet, Vec<LinkageModel>);

/// A package's policy values from the switch week.
type PackageSet = Vec<(&'static str, crate::scenario::Value)>;

/// The packages that need simulations of their own, grouped by what they add (one
/// simulation per group, of the group's models): every package with something added,
/// and any plain package whose model `spec` does not run. Empty when the scenario's
/// packages are the plain models and there is nothing to compare beyond them.
fn package_groups(scenario: &Scenario, spec: &RunSpec) -> Vec<Group> {
    if scenario.packages.iter().all(|p| p.is_plain()) {
        return Vec::new();
    }
    let mut groups: Vec<Group> = Vec::new();
    for p in &scenario.packages {
        if p.is_plain() && spec.models.contains(&p.model) {
            continue;
        }
        match groups.iter_mut().find(|(set, _)| *set == p.set) {
            Some((_, models)) => {
                if !models.contains(&p.model) {
                    models.push(p.model);
                }
            }
            None => groups.push((p.set.clone(), vec![p.model])),
        }
    }
    for (_, models) in &mut groups {
        models.sort();
    }
    groups
}

/// Simulate the packages' own groups (same seeds and replications as `results`, so
/// every package meets the same dice: common random numbers) and appraise every
/// package against the plain reference model. `None` without packages beyond the
/// plain models, or without an MKBA.
pub fn compare_packages(
    scenario: &Scenario,
    results: &Results,
    progress: &(dyn Fn() + Sync),
) -> Result<Option<PackageComparison>, ComparisonError> {
    let spec = &results.spec;
    if scenario.packages.iter().all(|p| p.is_plain()) || !spec.models.contains(&spec.reference) {
        return Ok(None);
    }
    let mut simulated: Vec<(PackageSet, Results)> = Vec::new();
    for (set, models) in package_groups(scenario, spec) {
        let values: Vec<(&str, crate::scenario::Value, bool)> =
            set.iter().map(|(k, v)| (*k, v.clone(), true)).collect();
        let variant = scenario.with_values(&values)?;
        let mut s = spec.clone();
        s.models = models;
        let r = simulate(
            &variant,
            &s,
            0..spec.replications,
            &runner::NoWarmUps,
            &|| false,
            progress,
        )?;
        if let Some(v) = r.violation() {
            return Err(ComparisonError::Invariant(v));
        }
        simulated.push((set, r));
    }
    let runs_of = |p: &crate::scenario::Package| -> Vec<&runner::RunResult> {
        let from = if p.is_plain() && spec.models.contains(&p.model) {
            results
        } else {
            &simulated
                .iter()
                .find(|(set, _)| *set == p.set)
                .expect("every package has its group")
                .1
        };
        from.of(p.model).collect()
    };
    let runs: Vec<Vec<&runner::RunResult>> = scenario.packages.iter().map(runs_of).collect();
    let reference = crate::scenario::Package::plain(spec.reference);
    let reference_runs: Vec<&runner::RunResult> = results.of(spec.reference).collect();
    let packages: Vec<PackageRuns<'_>> = scenario
        .packages
        .iter()
        .zip(&runs)
        .map(|(package, runs)| PackageRuns { package, runs })
        .collect();
    let m = &scenario.policy.mkba;
    let prices = |rep: u32| results.drawn_prices(rep).unwrap_or(m).clone();
    let main = results.runs.first().map_or(0, |r| mkba::horizon(r, m));
    Ok(Some(appraise_packages(
        &packages,
        PackageRuns {
            package: &reference,
            runs: &reference_runs,
        },
        &prices,
        &m.horizons_years,
        main,
        // "Is this package better than the reference?" is answered by the paired
        // interval of the mean, under --psa too (docs/ODD.md, "Which interval answers
        // which question"); how different futures can be is `npv_p025`/`npv_p975`.
        crate::stats::IntervalKind::Mean,
    )))
}

/// Run the comparison: [`simulate`] every replication, then [`analyse`]. `progress` is
/// called once per finished (replication, municipality, model) run of each stage, from
/// any thread.
pub fn compare(
    scenario: &Scenario,
    opts: &CompareOptions,
    progress: &(dyn Fn(Stage) + Sync),
) -> Result<Comparison, ComparisonError> {
    let spec = run_spec(scenario, opts);
    let results = simulate(
        scenario,
        &spec,
        0..spec.replications,
        &runner::NoWarmUps,
        &|| false,
        &|| progress(Stage::Simulation),
    )?;
    let packages = compare_packages(scenario, &results, &|| progress(Stage::Simulation))?;
    let mut c = analyse(scenario, opts, results, progress)?;
    if let (Some(r), Some(p)) = (&mut c.recommendation, &packages) {
        r.package = Some(mkba::recommendation::BestPackage::of(p));
    }
    c.packages = packages;
    Ok(c)
}

/// Simulate replications `reps` of `spec` (from [`run_spec`]), taking warm-ups from
/// `warm` where it has them; see [`runner::run_range`]. Consecutive ranges
/// [`Results::append`] into the whole run. `cancel` is asked between replications.
pub fn simulate(
    scenario: &Scenario,
    spec: &RunSpec,
    reps: std::ops::Range<u32>,
    warm: &dyn WarmUps,
    cancel: &(dyn Fn() -> bool + Sync),
    progress: &(dyn Fn() + Sync),
) -> Result<Results, ComparisonError> {
    if let Some(plan) = &spec.psa {
        // Every draw is checked before anything runs: a draw that breaks a rule between
        // parameters is bad input, named, rather than a failed run.
        for rep in reps.clone() {
            for p in 0..scenario.parts.len() {
                scenario.part_with(p, &plan.draw(rep))?;
            }
        }
    }
    Ok(runner::run_range(
        scenario, spec, reps, warm, cancel, progress,
    )?)
}

/// Appraise simulated `results` (of `scenario` under `opts`): the MKBA when the
/// reference model was run, the sensitivity of the choice (prices; behaviour when
/// asked for, which simulates again), the probabilistic analysis and the
/// recommendation.
pub fn analyse(
    scenario: &Scenario,
    opts: &CompareOptions,
    results: Results,
    progress: &(dyn Fn(Stage) + Sync),
) -> Result<Comparison, ComparisonError> {
    let spec = results.spec.clone();
    if let Some(v) = results.violation() {
        return Err(ComparisonError::Invariant(v));
    }
    let prices = &scenario.policy.mkba;
    let mkba = mkba::appraise(&results, prices);
    let mut years = prices.horizons_years.clone();
    years.sort_unstable();
    years.dedup();
    // Beyond the simulation the steady state of the last whole years stands in; with
    // no whole year simulated there is none to read horizons from.
    let simulated = results.runs.first().map_or(0, mkba::flows::simulated_years);
    let horizons = years
        .into_iter()
        .filter(|_| simulated > 0)
        .filter_map(|y| mkba::appraise_at(&results, prices, y))
        .collect();
    let mut sensitivity = Vec::new();
    let mut psa_result = None;
    if let Some(a) = &mkba {
        match &spec.psa {
            // Prices are drawn with everything else: a price sensitivity on top would
            // vary them twice.
            Some(plan) => {
                psa_result = Some(psa::analyse(
                    (**plan).clone(),
                    spec.replications,
                    a.models.clone(),
                    a.npvs(),
                ));
            }
            None => sensitivity = mkba::price_sensitivity(&results, prices),
        }
        if opts.behaviour {
            let mut plain = spec.clone();
            plain.psa = None;
            sensitivity.extend(mkba::behaviour_sensitivity(
                scenario,
                &plain,
                SENSITIVITY_REPLICATIONS,
                &|| progress(Stage::Sensitivity),
            )?);
        }
    }
    let recommendation = mkba
        .as_ref()
        .map(|a| mkba::recommend(a, &sensitivity, psa_result.as_ref()));
    Ok(Comparison {
        spec,
        results,
        mkba,
        horizons,
        sensitivity,
        psa: psa_result,
        recommendation,
        packages: None,
    })
}
