//! The societal cost-benefit analysis on simulated results.

use wijksim::mkba::{self, price_mut};
use wijksim::model::LinkageModel;
use wijksim::runner::{self, Results, RunSpec};
use wijksim::scenario::{self, Scenario};

fn workshop() -> Scenario {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/workshop.toml");
    scenario::load_file(
        std::path::Path::new(path),
        &["run.replications=4".parse().unwrap()],
    )
    .unwrap()
}

fn results(s: &Scenario) -> Results {
    runner::run(
        s,
        &RunSpec::from_scenario(s, LinkageModel::ALL.to_vec()),
        &|| {},
    )
}

fn mean_npv(r: &Results, m: &wijksim::scenario::params::Mkba, model: LinkageModel) -> f64 {
    let a = mkba::appraise(r, m).unwrap();
    a.summaries()
        .iter()
        .find(|s| s.model == model)
        .unwrap()
        .npv
        .mean
}

#[test]
fn npv_is_linear_in_each_price() {
    let s = workshop();
    let r = results(&s);
    for key in [
        "mkba.ggz_eur_per_year",
        "mkba.broad.reorganisation_eur",
        "mkba.debt_productivity_eur_per_year",
    ] {
        let at = |factor: f64| {
            let mut m = s.policy.mkba.clone();
            *price_mut(&mut m, key).unwrap() *= factor;
            mean_npv(&r, &m, LinkageModel::Broad)
        };
        let (zero, one, two) = (at(0.0), at(1.0), at(2.0));
        assert!(
            (two - one - (one - zero)).abs() < 1e-6 * (1.0 + one.abs()),
            "{key}: {zero} {one} {two}"
        );
    }
    // Reorganisation is a cost of broad only: doubling it lowers broad's NPV by exactly
    // the number of switching teams times the price.
    let mut m = s.policy.mkba.clone();
    let base = mean_npv(&r, &m, LinkageModel::Broad);
    m.broad.reorganisation_eur *= 2.0;
    let doubled = mean_npv(&r, &m, LinkageModel::Broad);
    let teams = s.policy.districts.teams as f64;
    assert!((base - doubled - teams * s.policy.mkba.broad.reorganisation_eur).abs() < 1e-3);
}

#[test]
fn identical_models_cannot_be_told_apart() {
    let s = workshop();
    let mut r = results(&s);
    // Relabel separate's runs as every model: three identical alternatives.
    let sep: Vec<_> = r.of(LinkageModel::Separate).cloned().collect();
    r.runs = LinkageModel::ALL
        .iter()
        .flat_map(|&m| {
            sep.iter().cloned().map(move |mut x| {
                x.model = m;
                x
            })
        })
        .collect();
    let a = mkba::appraise(&r, &s.policy.mkba).unwrap();
    for summary in a.summaries() {
        assert!((summary.probability_best - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(summary.npv.mean, 0.0);
    }
    let rec = mkba::recommend(&a, &mkba::price_sensitivity(&r, &s.policy.mkba), None);
    assert_eq!(rec.rule, mkba::Rule::NoneBetter);
    assert!(rec.reliable.is_empty());
    let text = rec.render(wijksim::format::Lang::En);
    assert!(text.contains("cannot be told apart"), "{text}");
}

#[test]
fn compare_writes_the_mkba_files_and_prints_a_recommendation() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/workshop.toml");
    let assert = assert_cmd::Command::cargo_bin("wijksim")
        .unwrap()
        .args(["compare", scenario, "--reps", "3", "--quiet", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("Recommendation:"), "{stdout}");
    assert!(stdout.contains("net present value"));
    let flows = std::fs::read_to_string(out.join("mkba.csv")).unwrap();
    assert!(flows.starts_with(
        "model,replication,year,stakeholder,category,flow,transfer,nominal_eur,discounted_eur\n"
    ));
    let summary = std::fs::read_to_string(out.join("mkba_summary.csv")).unwrap();
    assert!(summary.starts_with("model,reference,measure,stakeholder,mean,ci95_low,ci95_high\n"));
    for m in ["broad", "partial", "separate"] {
        assert!(
            summary.contains(&format!("{m},separate,probability_best")),
            "{m}"
        );
    }
}

#[test]
fn pilot_size_prints_a_power_table_and_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/workshop.toml");
    let assert = assert_cmd::Command::cargo_bin("wijksim")
        .unwrap()
        .args([
            "pilot-size",
            scenario,
            "--model",
            "partial",
            "--reps",
            "6",
            "--months",
            "12",
            "--max-teams",
            "6",
            "--trials",
            "200",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("80% power"), "{stdout}");
    let csv = std::fs::read_to_string(out.join("pilot_power.csv")).unwrap();
    assert!(csv
        .starts_with("pilot_model,control_model,outcome,months,teams_per_arm,power,difference\n"));
    // Two snapshots (6 and 12 months) x 5 team counts (2..=6).
    assert_eq!(csv.lines().count(), 1 + 2 * 5);
}

#[test]
fn pilot_of_a_model_against_itself_is_refused() {
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/workshop.toml");
    assert_cmd::Command::cargo_bin("wijksim")
        .unwrap()
        .args(["pilot-size", scenario, "--model", "separate", "--quiet"])
        .assert()
        .code(2);
}
