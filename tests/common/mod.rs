//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test crate uses a subset

use wijksim::model::LinkageModel;
use wijksim::runner::{self, Results, RunSpec};
use wijksim::scenario::{self, Override, Scenario};

/// `scenarios/workshop.toml` with `--set`-style overrides.
pub fn workshop(overrides: &[&str]) -> Scenario {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/workshop.toml");
    let ov: Vec<Override> = overrides.iter().map(|s| s.parse().unwrap()).collect();
    scenario::load_file(std::path::Path::new(path), &ov).unwrap()
}

/// All three models on a municipality for directional tests: 12,000 households, four
/// teams, eight replications, two years after the switch — big enough for clear
/// signals, small enough for CI. Runs with the same seeds share household life events.
pub fn directional(overrides: &[&str]) -> Results {
    let mut ov = vec![
        "population.households=12000",
        "districts.teams=4",
        "run.replications=8",
        "run.horizon_weeks=104",
    ];
    ov.extend_from_slice(overrides);
    let s = workshop(&ov);
    runner::run(
        &s,
        &RunSpec::from_scenario(&s, LinkageModel::ALL.to_vec()),
        &|| {},
    )
}

/// One outcome of one model, in replication order.
pub fn outcome(results: &Results, model: LinkageModel, name: &str) -> Vec<f64> {
    results
        .of(model)
        .map(|r| r.outcomes.get(name).unwrap())
        .collect()
}

/// Mean of a sample.
pub fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}
